#!/usr/bin/env bash
# Cold and cached `check` of a recipe, whole-process wall time, medians over N runs, with `--version` (process start,
# no Roslyn) measured in the same run as the baseline. Usage: bench/check-startup.sh [RECIPE] [RUNS]
# Cold = an empty compile cache for every run; cached = the second and later runs against one warm cache. Times the
# packed tool installed into a temporary tool path (bench/install-tool.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
recipe="${1:-$root/bench/recipes/five-predicates.yaml}"
runs="${2:-7}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
tool="$("$root/bench/install-tool.sh" "$work")"   # the packed and installed tool, as users run it

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

: >"$work/version"; : >"$work/cold"; : >"$work/warm"
TRACE_CURATE_CACHE="$work/warm-cache" "$tool" check "$recipe" >/dev/null   # fill the warm cache once
for i in $(seq "$runs"); do
  ms "$tool" --version >>"$work/version"
  ms env TRACE_CURATE_CACHE="$work/cold-cache-$i" "$tool" check "$recipe" >>"$work/cold"
  ms env TRACE_CURATE_CACHE="$work/warm-cache" "$tool" check "$recipe" >>"$work/warm"
done
v=$(median <"$work/version"); c=$(median <"$work/cold"); w=$(median <"$work/warm")
echo "| measure (median of $runs, whole process) | ms | ratio to --version |"
echo "|---|---|---|"
echo "| --version (process start baseline) | $v | 1.00 |"
echo "| check, empty compile cache (cold) | $c | $(awk "BEGIN{printf \"%.2f\", $c/$v}") |"
echo "| check, warm compile cache | $w | $(awk "BEGIN{printf \"%.2f\", $w/$v}") |"
echo "| cold / warm | | $(awk "BEGIN{printf \"%.1f\", $c/$w}") |"
