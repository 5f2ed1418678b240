#!/usr/bin/env bash
# Chat-row Parquet read benchmark: trace-curate (a where over t.Meta("resolved") and the actions) against DuckDB's
# equivalent SQL on the same file, in the same run: wall time, MB/s of Parquet and peak RSS, at each size given.
# Usage: bench/chat-rows/run.sh [SIZE_MB ...]   (default: 50 200; the issue's 1 GB is `run.sh 1000`)
# Needs: python3, node with `npm ci --prefix tests/interop`, GNU time (/usr/bin/time), a Release build of the tool.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${WORK:-/tmp/tc-chat-rows-bench}
mkdir -p "$work"
# DuckDB's script runs from the work folder, where node_modules points at tests/interop's (ESM imports resolve from the script).
cp "$root/bench/chat-rows/duckdb-filter.mjs" "$work/duckdb-filter.mjs"
ln -sfn "$root/tests/interop/node_modules" "$work/node_modules"
dotnet build -c Release "$root/src/Tool" -v q >/dev/null
tool="$root/src/Tool/bin/Release/net10.0/TraceCurate.dll"
for size in "${@:-50 200}"; do
  for s in $size; do
    dir="$work/$s"; mkdir -p "$dir"
    if [ ! -f "$dir/rows.parquet" ]; then
      python3 "$root/bench/chat-rows/generate.py" "$s" "$dir/rows.jsonl" >/dev/null
      (cd "$root/tests/interop" && node write-duckdb.mjs "$dir/rows.jsonl" "*" "$dir/rows.parquet" "COMPRESSION zstd, ROW_GROUP_SIZE 500" >/dev/null)
      rm "$dir/rows.jsonl"
    fi
    cp "$root/bench/chat-rows/filter.yaml" "$dir/filter.yaml"
    mb=$(python3 -c "import os;print(round(os.path.getsize('$dir/rows.parquet')/1e6,1))")
    rm -rf "$dir/out"
    /usr/bin/time -f "%e %M" -o "$dir/tc.time" dotnet "$tool" run "$dir/filter.yaml" --out "$dir/out" --threads 2 >/dev/null 2>"$dir/tc.log"
    kept_tc=$(wc -l < "$dir/out/kept.jsonl")
    /usr/bin/time -f "%e %M" -o "$dir/duck.time" node "$work/duckdb-filter.mjs" "$dir/rows.parquet" "$dir/duck.jsonl" > "$dir/duck.out"
    read -r tc_s tc_kb < "$dir/tc.time"; read -r dk_s dk_kb < "$dir/duck.time"
    printf '%s MB parquet: trace-curate %ss %s MB/s peak %s MB kept %s | duckdb %ss %s MB/s peak %s MB kept %s\n' \
      "$mb" "$tc_s" "$(python3 -c "print(round($mb/$tc_s,1))")" "$((tc_kb/1024))" "$kept_tc" \
      "$dk_s" "$(python3 -c "print(round($mb/$dk_s,1))")" "$((dk_kb/1024))" "$(python3 -c "import json;print(json.load(open('$dir/duck.out'))['kept'])")"
  done
done
