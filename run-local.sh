#!/usr/bin/env bash
# Builds the ledger and runs it on this machine: embedded PostgreSQL and Kafka unless LEDGER_DB_URL /
# LEDGER_KAFKA_BOOTSTRAP name external ones, the three services, and a demo data set.
# Arguments go to the launcher (--no-demo skips the demo data). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -q -B -DskipTests package
exec java -Dledger.home="$PWD" -cp "ledger-local/target/classes:$(cat ledger-local/target/classpath.txt)" \
  cn.ledger.local.LocalLedger "$@"
