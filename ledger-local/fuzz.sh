#!/usr/bin/env bash
# The larger fuzz run: FuzzIT (ledger-local) against the three services as real processes, with more
# generated requests than ./mvnw verify sends, over every endpoint of their OpenAPI documents.
#
#   ledger-local/fuzz.sh [tries] [seed]
#
# Environment: MAVEN_ARGS (e.g. -o), FUZZ_SKIP (a regex of endpoints to leave out, matched against
# "POST ledger-command /api/v1/…"), FUZZ_SURVEY=true (go on after a violation and list every distinct one,
# each with its shortest example, instead of stopping at the first and shrinking it), and the test
# database variables of the README (LEDGER_TEST_DB_URL, …).
# Fails on the first violated property (shrunk to a small example) or if anything was parked; the table
# of requests per endpoint, answers, parked records and the slowest request is in ledger-local/target/fuzz.md.
set -euo pipefail
cd "$(dirname "$0")/.."
tries="${1:-5000}"
seed="${2:-20261204}"
status=0
# shellcheck disable=SC2086
./mvnw -B ${MAVEN_ARGS:-} verify -pl ledger-local -am \
    -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=FuzzIT -Dfailsafe.failIfNoSpecifiedTests=false \
    -Dfuzz.tries="$tries" -Dfuzz.seed="$seed" -Dfuzz.skip="${FUZZ_SKIP:-(?!x)x}" \
    -Dfuzz.survey="${FUZZ_SURVEY:-false}" || status=$?
echo
cat ledger-local/target/fuzz.md 2>/dev/null || true
exit "$status"
