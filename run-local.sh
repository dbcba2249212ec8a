#!/usr/bin/env bash
# Builds the ledger and runs it on this machine: embedded PostgreSQL and Kafka unless LEDGER_DB_URL /
# LEDGER_KAFKA_BOOTSTRAP name external ones, the three services, and a demo data set.
# Security runs in local mode: the services share a signing key in .ledger-local/ and hand out tokens
# for the demo users at POST /api/v1/auth/demo-token?user=… (the launcher prints how).
# Arguments go to the launcher (--no-demo skips the demo data). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -q -B -DskipTests package
exec java -Dledger.home="$PWD" -cp "ledger-local/target/classes:$(cat ledger-local/target/classpath.txt)" \
  cn.ledger.local.LocalLedger "$@"
