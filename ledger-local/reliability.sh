#!/usr/bin/env bash
# The reliability run: two instances of every service as real processes, a Kafka broker in a child
# process, the machine's (or an embedded) PostgreSQL behind a proxy that can be cut; a load of commands
# is driven through each fault and the figures are printed (and kept in ledger-local/target/reliability.md).
#
#   ledger-local/reliability.sh [commands-per-fault] [outage-seconds]
#
# Environment: LEDGER_RELIABILITY_THREADS (client threads, 8), MAVEN_ARGS (e.g. -o), and the test
# database variables of the README (LEDGER_TEST_DB_URL, …). Every command is judged by its
# Idempotency-Key in the store, on the topic and in both read models: fails if any is lost, stored twice,
# applied twice, published out of order, or answered other than 2xx or a documented refusal.
set -euo pipefail
cd "$(dirname "$0")/.."
commands="${1:-1000}"
outage="${2:-15}"
threads="${LEDGER_RELIABILITY_THREADS:-8}"
# shellcheck disable=SC2086
./mvnw -B ${MAVEN_ARGS:-} verify -pl ledger-local -am \
    -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=FaultToleranceIT -Dfailsafe.failIfNoSpecifiedTests=false \
    -Dledger.reliability.commands="$commands" -Dledger.reliability.outage-seconds="$outage" \
    -Dledger.reliability.threads="$threads"
echo
cat ledger-local/target/reliability.md
