#!/usr/bin/env bash
# Builds the ledger and runs it on this machine: embedded PostgreSQL and Kafka unless LEDGER_DB_URL /
# LEDGER_KAFKA_BOOTSTRAP name external ones, the three services, and a demo data set.
# Security runs in local mode: the services share a signing key in .ledger-local/ and hand out tokens
# for the demo users at POST /api/v1/auth/demo-token?user=… (the launcher prints how).
# What you enter is kept in .ledger-local/ (embedded PostgreSQL's data, Kafka's log, keys, logs) and is
# there on the next run; the demo data is loaded once. Arguments go to the launcher: --fresh deletes the
# kept data and starts over, --no-demo skips the demo data. Ports: LEDGER_COMMAND_PORT, LEDGER_QUERY_PORT,
# LEDGER_RANKING_PORT (8081-8083), LEDGER_LOCAL_DB_PORT (15432), LEDGER_LOCAL_KAFKA_PORT (9092).
# Ctrl-C (or SIGTERM) stops everything. docs/local-run.md has the rest.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -q -B -DskipTests package
exec java -Dledger.home="$PWD" -cp "ledger-local/target/classes:$(cat ledger-local/target/classpath.txt)" \
  cn.ledger.local.LocalLedger "$@"
