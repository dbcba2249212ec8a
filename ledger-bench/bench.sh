#!/usr/bin/env bash
# The benchmark: builds the ledger, starts the three services against the PostgreSQL server named by
# LEDGER_DB_URL (a database of its own is created there and dropped afterwards) and the Kafka cluster
# named by LEDGER_KAFKA_BOOTSTRAP (one without a ledger.events topic), or embedded ones when unset;
# loads a district and measures. Prints one table and writes it to ledger-bench/results/.
#
#   ledger-bench/bench.sh                                  # the full run (about 30 minutes on 2 cores)
#   ledger-bench/bench.sh --cadres=500 --rebuild-events=100000 --step=10   # a quicker one
#   ledger-bench/bench.sh --seed-events=10000000           # the big log: 100,000 and then 10 million events
#                                                          # seeded into the event store (docs/performance.md)
#
# Options (defaults): --units=100 --cadres=5000 --clients=1,8,32 --warmup=5 --step=20 (seconds per
# append step) --lag=30 --query=30 --query-rate=200 --long-stream=10000 --long-samples=300
# --rebuild-events=1000000 --results=ledger-bench/results --seed-events=0 --seed-reference=100000
# --standard=true (--seed-events=N alone measures the big log only; add --standard=true after it for both)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp -DskipTests package -pl ledger-bench -am
exec java -Xmx2g -Dledger.home="$PWD" -cp "ledger-bench/target/classes:$(cat ledger-bench/target/classpath.txt)" \
  cn.ledger.bench.Bench "$@"
