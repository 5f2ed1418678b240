#!/usr/bin/env bash
# Chat-row Parquet read benchmark: trace-curate (a where over t.Meta("resolved") and the actions) against DuckDB's
# equivalent SQL on the same file, in the same run: wall time, MB/s of Parquet and peak RSS (GNU time), at each size.
# Usage: bench/chat-rows/run.sh [JSONL_MB ...]   (default: 500 2000, Parquet files of about 250 MB and 1 GB)
#   TC_BASE="dotnet /elsewhere/TraceCurate.dll" also times a baseline build's run on the same file, right after this
#   build's, and checks that both kept files are byte-identical.
# Needs: python3, node with `npm ci --prefix tests/interop`, GNU time (/usr/bin/time, Debian's `time`).
# Generated data goes to bench/chat-rows/.data (gitignored; WORK=... to put it elsewhere); delete it when done.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${WORK:-$root/bench/chat-rows/.data}
mkdir -p "$work"
# The DuckDB scripts run from the work folder, where node_modules points at tests/interop's (ESM imports resolve from the script).
cp "$root"/bench/chat-rows/*.mjs "$work/"
ln -sfn "$root/tests/interop/node_modules" "$work/node_modules"
dotnet build -c Release "$root/src/Tool" -v q >/dev/null
tool="$root/src/Tool/bin/Release/net10.0/TraceCurate.dll"
py() { python3 -c "$1"; }
base=(); [[ -z "${TC_BASE:-}" ]] || read -r -a base <<<"$TC_BASE"
for s in ${@:-500 2000}; do
  dir="$work/$s"; mkdir -p "$dir"
  if [ ! -f "$dir/rows.parquet" ]; then
    python3 "$root/bench/chat-rows/generate.py" "$s" "$dir/rows.jsonl" > "$dir/gen.json"
    node "$work/to-parquet.mjs" "$dir/rows.jsonl" "$dir/rows.parquet" > "$dir/pq.json"
    rm "$dir/rows.jsonl"
  fi
  cp "$root/bench/chat-rows/filter.yaml" "$dir/filter.yaml"
  mb=$(py "import os;print(round(os.path.getsize('$dir/rows.parquet')/1e6,1))")
  rm -rf "$dir/out"
  /usr/bin/time -f "%e %M" -o "$dir/tc.time" dotnet "$tool" run "$dir/filter.yaml" --out "$dir/out" --threads 2 --quiet >/dev/null 2>"$dir/tc.log"
  /usr/bin/time -f "%e %M" -o "$dir/duck.time" node "$work/duckdb-filter.mjs" "$dir/rows.parquet" "$dir/duck.jsonl" > "$dir/duck.out"
  read -r tc_s tc_kb < "$dir/tc.time"; read -r dk_s dk_kb < "$dir/duck.time"
  kept_tc=$(wc -l < "$dir/out/kept.jsonl"); kept_dk=$(py "import json;print(json.load(open('$dir/duck.out'))['kept'])")
  printf '%s MB parquet (%s): trace-curate %ss %s MB/s peak %s MB kept %s | duckdb %ss %s MB/s peak %s MB kept %s | ratio %sx\n' \
    "$mb" "$(py "import json;m=json.load(open('$dir/pq.json'));print(f\"{m['rows']} rows, {m['row_groups']} row groups\")")" \
    "$tc_s" "$(py "print(round($mb/$tc_s,1))")" "$((tc_kb/1024))" "$kept_tc" \
    "$dk_s" "$(py "print(round($mb/$dk_s,1))")" "$((dk_kb/1024))" "$kept_dk" "$(py "print(round($tc_s/$dk_s,1))")"
  if [ ${#base[@]} -gt 0 ]; then
    rm -rf "$dir/out-base"
    /usr/bin/time -f "%e %M" -o "$dir/base.time" "${base[@]}" run "$dir/filter.yaml" --out "$dir/out-base" --threads 2 --quiet >/dev/null 2>"$dir/base.log"
    read -r b_s b_kb < "$dir/base.time"
    same=$(cmp -s "$dir/out/kept.jsonl" "$dir/out-base/kept.jsonl" && echo "kept.jsonl byte-identical" || echo "kept.jsonl DIFFERS")
    printf '  baseline (TC_BASE): %ss %s MB/s peak %s MB kept %s | this build / baseline: time %sx peak %sx | %s\n' \
      "$b_s" "$(py "print(round($mb/$b_s,1))")" "$((b_kb/1024))" "$(wc -l < "$dir/out-base/kept.jsonl")" \
      "$(py "print(round($tc_s/$b_s,2))")" "$(py "print(round($tc_kb/$b_kb,2))")" "$same"
  fi
  # Untimed check: every row, tool call and failure in the file is read (DuckDB's SQL counts against inspect's).
  dotnet "$tool" inspect "$dir/rows.parquet" --json --threads 2 > "$dir/inspect.json"
  node "$work/duckdb-counts.mjs" "$dir/rows.parquet" > "$dir/counts.json"
  py "
import json
i, d = json.load(open('$dir/inspect.json')), json.load(open('$dir/counts.json'))
ours = {'rows': i['traces'], 'tool_calls': i['actions'], 'failed': i['failed_actions']}
print('  counts: trace-curate', ours, '| duckdb', d, '| kept', $kept_tc, $kept_dk, '| OK' if ours == d and $kept_tc == $kept_dk else '| MISMATCH')
"
done
