#!/usr/bin/env bash
# Long mode of the kill test (tests/Tool.Tests/Hardening/CommitKillTests.cs): a run replacing a folder of SESSIONS
# session files is SIGKILLed at KILLS instants spread over its duration and inside every rename of its commit; after
# `recover` the output folder must be exactly the old build or exactly the new one. CI runs 1,200 sessions and 6 + 7
# kills. Usage: bench/commit-kill.sh [SESSIONS] [KILLS]   (e.g. bench/commit-kill.sh 5000 60: some minutes)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export TRACE_CURATE_KILL_TEST_SESSIONS="${1:-5000}"
export TRACE_CURATE_KILL_TEST_KILLS="${2:-60}"
cd "$root"
dotnet build tests/Tool.Tests -v q
dotnet test tests/Tool.Tests --no-build --filter "FullyQualifiedName~CommitKillTests" --logger "console;verbosity=normal"
