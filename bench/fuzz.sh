#!/usr/bin/env bash
# The long fuzz run: the reader-level fuzz tests of tests/Tool.Tests (FuzzTests.Readers.cs) with many more cases per
# format than CI's 1,000, and optionally another run seed (the cases are a pure function of the seed, the case number and
# the seed files). Usage: bench/fuzz.sh [CASES_PER_FORMAT=25000] [RUN_SEED=long] [FORMAT]
# A failing case prints its name, seed file and mutation, and keeps its input in $TMPDIR/trace-curate-fuzz-failures/;
# rerun it alone with TRACE_CURATE_FUZZ_SEED=<seed> TRACE_CURATE_FUZZ_ONLY=<format>#<n> and the same CASES.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cases="${1:-25000}"
seed="${2:-long}"
format="${3:-}"
filter="FullyQualifiedName~Hardening.FuzzTests.Mutated_inputs_of_a_format"
[ -n "$format" ] && filter="$filter&DisplayName~\"$format\""
dotnet build "$root/tests/Tool.Tests" -c Release -v q >/dev/null
log="$(mktemp)"; trap 'rm -f "$log"' EXIT
start=$(date +%s)
status=0
TRACE_CURATE_FUZZ_CASES="$cases" TRACE_CURATE_FUZZ_SEED="$seed" \
  dotnet test "$root/tests/Tool.Tests" -c Release --no-build --filter "$filter" --logger "console;verbosity=detailed" >"$log" 2>&1 || status=$?
grep -E "cases \(|expected finding|^ +(Passed|Failed) |failing case|^case |^  (read as|detection)|Total tests" "$log" || true
echo "fuzz: $cases cases per format, run seed '$seed', $(( $(date +%s) - start )) s, exit $status"
exit "$status"
