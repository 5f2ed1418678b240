#!/usr/bin/env bash
# Speed benchmark (issue: "Speed"): trace-curate against a plain Python script, jq and DuckDB doing the same work on
# the same generated AgentTrace corpus, alternating A B C … per round so machine drift hits all alike.
# usage: bench/speed/run.sh [SIZE_MB=400] [ROUNDS=3]      writes bench/results/speed-<SIZE_MB>MB.md
# ONLY=c runs only the named scenarios (letters of abcd; then the file is speed-<SIZE_MB>MB-<ONLY>.md).
# BASELINE=<git revision> adds a row to (a), (b) and (c) for the tool as packed from that revision (e.g. the commit before a
# change), alternating with the others in each round; it keeps its compile cache apart from the tool's.
# INSTALLED=<path of dotnet-trace-curate> (and BASELINE_INSTALLED=…) time an already installed tool instead of packing
# one: a second size measured with the same packages, without packing them again.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../.." && pwd)"
size="${1:-400}"; rounds="${2:-3}"; only="${ONLY:-abcd}"
suffix=""; [[ "$only" == "abcd" ]] || suffix="-$only"
data="$here/.data"; mkdir -p "$data" "$root/bench/results"
corpus="$data/corpus-${size}MB.jsonl"
[[ -f "$corpus" ]] || python3 "$here/gen_corpus.py" "$corpus" "$size"
[[ -d "$here/node_modules/@duckdb/node-api" ]] || npm install --prefix "$here" --no-audit --no-fund >/dev/null
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
# Every scenario times the tool as users run it: packed and installed (on linux-x64 the package carries ReadyToRun
# code that a build output lacks, docs/install.md).
installed="${INSTALLED:-$("$root/bench/install-tool.sh" "$work/install")}"
tc=("$installed")
baseline=()
if [[ -n "${BASELINE_INSTALLED:-}" ]]; then
  baseline=(env TRACE_CURATE_CACHE="$work/base-cache" "$BASELINE_INSTALLED")
elif [[ -n "${BASELINE:-}" ]]; then
  mkdir -p "$work/base" && git -C "$root" archive "$BASELINE" | tar -x -C "$work/base"
  baseline=(env TRACE_CURATE_CACHE="$work/base-cache" "$("$work/base/bench/install-tool.sh" "$work/base-install")")
fi
export TRACE_CURATE_CACHE="$work/cache"
times="$work/times.tsv"; : >"$times"
head -n 1 "$corpus" >"$work/one.jsonl" # a one-record probe: can this build write codec: zstd? (a baseline may need libzstd)

# measure SCENARIO TOOL CMD…: one timed run; appends "scenario tool wall_s peak_kb" (GNU time: %e elapsed, %M max RSS).
measure() {
  local scenario="$1" tool="$2"; shift 2
  /usr/bin/time -f "%e %M" -o "$work/t" "$@" >"$work/stdout" 2>"$work/stderr" || { echo "FAILED: $*" >&2; cat "$work/stderr" >&2; exit 1; }
  echo "$scenario $tool $(cat "$work/t")" >>"$times"
}
supported() { "${tc[@]}" check "$here/recipes/$1" >/dev/null 2>&1; }

# Warm-up: run each recipe once, so (a)-(c) measure a re-run (the snippets compiled, the corpus's SHA-256 remembered:
# docs/snippets.md and docs/reproducibility.md, "Remembered input hashes"). "(a) first run" measures the other case
# each round: empty caches, so it compiles the snippets and hashes the corpus; (d) cold has caches of its own.
for recipe in a-filter b-openai c-parquet c-agenttrace-parquet c-parquet-zstd; do
  [[ "$only" == *"${recipe:0:1}"* ]] || continue
  supported "$recipe.yaml" && "${tc[@]}" run "$here/recipes/$recipe.yaml" --input "$corpus" --out "$work/warm" >/dev/null 2>&1 || true
done
for recipe in a-filter b-openai c-parquet; do
  [[ ${#baseline[@]} -gt 0 && "$only" == *"${recipe:0:1}"* ]] || continue
  "${baseline[@]}" run "$here/recipes/$recipe.yaml" --input "$corpus" --out "$work/warm" >/dev/null 2>&1 || true
done
"$installed" check "$here/recipes/d-check.yaml" >/dev/null
for r in $(seq "$rounds"); do
  echo "round $r/$rounds" >&2
  if [[ "$only" == *a* ]]; then
  measure a trace-curate "${tc[@]}" run "$here/recipes/a-filter.yaml" --input "$corpus" --out "$work/a"
  [[ ${#baseline[@]} -eq 0 ]] || measure a baseline "${baseline[@]}" run "$here/recipes/a-filter.yaml" --input "$corpus" --out "$work/ab"
  measure a first-run env TRACE_CURATE_CACHE="$work/first-$r" "${tc[@]}" run "$here/recipes/a-filter.yaml" --input "$corpus" --out "$work/a1"
  measure a python python3 "$here/filter.py" "$corpus" "$work/a.py.jsonl"
  measure a jq sh -c "jq -c -f '$here/filter.jq' '$corpus' > '$work/a.jq.jsonl'"
  measure a duckdb node "$here/duckdb_run.mjs" jsonl "$corpus" "$work/a.duckdb.jsonl"
  fi
  if [[ "$only" == *b* ]] && supported b-openai.yaml; then
    measure b trace-curate "${tc[@]}" run "$here/recipes/b-openai.yaml" --input "$corpus" --out "$work/b"
    [[ ${#baseline[@]} -eq 0 ]] || measure b baseline "${baseline[@]}" run "$here/recipes/b-openai.yaml" --input "$corpus" --out "$work/bb"
    measure b python python3 "$here/filter_openai.py" "$corpus" "$work/b.py.jsonl"
  fi
  if [[ "$only" == *c* ]] && supported c-parquet.yaml; then
    measure c trace-curate "${tc[@]}" run "$here/recipes/c-parquet.yaml" --input "$corpus" --out "$work/c"
    measure c duckdb node "$here/duckdb_run.mjs" parquet "$corpus" "$work/c.duckdb.parquet"
    # ours first, DuckDB's second, as report.py reads them (ls -l would sort them by name: DuckDB's first).
    for f in "$work/c/kept.parquet" "$work/c.duckdb.parquet"; do echo "c-size $(stat -c %s "$f") $f"; done >>"$work/sizes"
  fi
  if [[ ${#baseline[@]} -gt 0 && "$only" == *c* ]]; then
    measure c baseline "${baseline[@]}" run "$here/recipes/c-parquet.yaml" --input "$corpus" --out "$work/cb"
  fi
  if [[ "$only" == *c* ]] && supported c-agenttrace-parquet.yaml; then
    measure c rows "${tc[@]}" run "$here/recipes/c-agenttrace-parquet.yaml" --input "$corpus" --out "$work/cr"
    echo "c-rows-size $(stat -c %s "$work/cr/kept.parquet") $work/cr/kept.parquet" >>"$work/sizes"
  fi
  if [[ "$only" == *c* ]] && supported c-parquet-zstd.yaml && "${tc[@]}" run "$here/recipes/c-parquet-zstd.yaml" --input "$work/one.jsonl" --out "$work/probe" >/dev/null 2>&1; then
    measure c zstd "${tc[@]}" run "$here/recipes/c-parquet-zstd.yaml" --input "$corpus" --out "$work/cz"
    echo "c-zstd-size $(stat -c %s "$work/cz/kept.parquet") $work/cz/kept.parquet" >>"$work/sizes"
  fi
  if [[ "$only" == *d* ]]; then
  measure d cold env TRACE_CURATE_CACHE="$work/cold-$r" "$installed" check "$here/recipes/d-check.yaml"
  measure d warm "$installed" check "$here/recipes/d-check.yaml"
  measure d version "$installed" --version
  fi
done

# The outputs must agree, or the timings compare different work.
if [[ "$only" == *a* ]]; then
  ours=$(wc -l <"$work/a/kept.jsonl"); theirs=$(wc -l <"$work/a.py.jsonl")
  [[ "$ours" == "$theirs" ]] || { echo "kept counts differ: trace-curate $ours, python $theirs" >&2; exit 1; }
  cmp -s "$work/a/kept.jsonl" "$work/a.py.jsonl" || { echo "kept bytes differ from the Python filter" >&2; exit 1; }
  [[ ! -f "$work/ab/kept.jsonl" ]] || cmp -s "$work/ab/kept.jsonl" "$work/a.py.jsonl" || { echo "the baseline's kept bytes differ" >&2; exit 1; }
  [[ ! -f "$work/bb/kept.openai.jsonl" ]] || cmp -s "$work/bb/kept.openai.jsonl" "$work/b/kept.openai.jsonl" \
    || { echo "the baseline's (b) output differs" >&2; exit 1; }
else
  ours=$(python3 "$here/filter.py" "$corpus" "$work/a.py.jsonl" >/dev/null && wc -l <"$work/a.py.jsonl") # the count to check (c) by
fi
if [[ -f "$work/c/kept.parquet" ]]; then
  # (c) keeps the same traces as (a): both Parquet files must hold that many rows (DuckDB counts them).
  for f in "$work/c/kept.parquet" "$work/c.duckdb.parquet" $([[ -f "$work/cr/kept.parquet" ]] && echo "$work/cr/kept.parquet") \
      $([[ -f "$work/cb/kept.parquet" ]] && echo "$work/cb/kept.parquet"); do
    rows=$(cd "$here" && node --input-type=module -e "import { DuckDBInstance } from '@duckdb/node-api';
      const c = await (await DuckDBInstance.create(':memory:')).connect();
      const r = await c.runAndReadAll(\"SELECT count(*) AS n FROM read_parquet('$f')\");
      console.log(String(r.getRowObjects()[0].n));")
    [[ "$rows" == "$ours" ]] || { echo "$f has $rows rows, expected $ours" >&2; exit 1; }
  done
fi

python3 "$here/report.py" "$times" "$corpus" "$ours" "${work}/sizes" | tee "$root/bench/results/speed-${size}MB${suffix}.md"
