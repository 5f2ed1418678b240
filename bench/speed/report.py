"""Turns the benchmark's timing rows into the Markdown table bench/README.md quotes (medians, MB/s, ratios to peers)."""
import os
import statistics
import sys
from collections import defaultdict

times, corpus, kept = sys.argv[1], sys.argv[2], int(sys.argv[3])
sizes = sys.argv[4] if len(sys.argv) > 4 else ""
mb = os.path.getsize(corpus) / 1e6
rows = defaultdict(list)
for line in open(times):
    scenario, tool, wall, peak = line.split()
    rows[(scenario, tool)].append((float(wall), int(peak)))
med = {k: statistics.median(w for w, _ in v) for k, v in rows.items()}
peak = {k: max(p for _, p in v) / 1024 for k, v in rows.items()}
n = len(next(iter(rows.values())))
print(f"Corpus: {mb:.0f} MB of generated AgentTrace JSONL ({kept} traces kept); median of {n} alternating rounds; 2-core machine;")
print("trace-curate packed and installed; its rows re-run a recipe (snippets compiled, corpus hash remembered) unless marked first run.")
print("Speed-up: the peer's time over trace-curate's re-run time (above 1: trace-curate is faster); for the first-run, zstd and agenttrace-parquet rows, over the peer named.\n")
print("| scenario | tool | median s | MB/s | peak MB | trace-curate speed-up |")
print("|---|---|---|---|---|---|")
names = {"a": "(a) filter, records unchanged", "b": "(b) filter + OpenAI chat", "c": "(c) filter + Parquet"}
for s in "abc":
    if (s, "trace-curate") not in med:
        continue
    ours = med[(s, "trace-curate")]
    for tool in ["trace-curate", "first-run", "rows", "zstd", "baseline", "python", "jq", "duckdb"]:
        if (s, tool) not in med:
            continue
        t = med[(s, tool)]
        peer = {"a": "python", "b": "python", "c": "duckdb"}[s]
        if tool == "trace-curate":
            ratio = "1.00 (itself)"
        elif tool in ("first-run", "rows", "zstd", "baseline"):
            # A variant of trace-curate's own run: its speed-up over the scenario's main peer.
            ratio = f"{med[(s, peer)] / t:.2f}× over {peer}" if (s, peer) in med else ""
            if tool == "baseline":
                # And the build under test against the baseline, round by round (the baseline's time over ours).
                pairs = [b[0] / o[0] for b, o in zip(rows[(s, tool)], rows[(s, "trace-curate")])]
                ratio += f"; {t / ours:.2f}× trace-curate's time (per round {min(pairs):.2f}–{max(pairs):.2f})"
        else:
            ratio = f"{t / ours:.2f}×"
        label = {"first-run": "trace-curate, first run (empty caches)", "zstd": "trace-curate, `codec: zstd`",
                 "rows": "trace-curate, `format: agenttrace-parquet` (the rows' own schema, like DuckDB's)",
                 "baseline": f"trace-curate baseline ({os.environ.get('BASELINE', '')[:10]}, before the change)"}.get(tool, tool)
        print(f"| {names[s]} | {label} | {t:.2f} | {mb / t:.0f} | {peak[(s, tool)]:.0f} | {ratio} |")
if ("d", "cold") in med:
    v = med[("d", "version")]
    print(f"| (d) check, empty compile cache | trace-curate | {med[('d', 'cold')]:.2f} | | {peak[('d', 'cold')]:.0f} | {med[('d', 'cold')] / v:.1f}× `--version` |")
    print(f"| (d) check, warm compile cache | trace-curate | {med[('d', 'warm')]:.2f} | | {peak[('d', 'warm')]:.0f} | {med[('d', 'warm')] / v:.1f}× `--version` |")
    print(f"| (d) `--version` (process start) | trace-curate | {v:.2f} | | {peak[('d', 'version')]:.0f} | |")
if sizes and os.path.exists(sizes):
    lines = [l.split() for l in open(sizes)]
    plain = [l for l in lines if l[0] == "c-size"]
    zstd = [l for l in lines if l[0] == "c-zstd-size"]
    own = [l for l in lines if l[0] == "c-rows-size"]
    if plain:
        ours, theirs = int(plain[-2][1]), int(plain[-1][1])
        text = f"\n(c) file size: trace-curate {ours / 1e6:.1f} MB (the trace shape, Snappy, the default), DuckDB {theirs / 1e6:.1f} MB ({ours / theirs:.2f}×)"
        if own:
            o = int(own[-1][1])
            text += f"; trace-curate `format: agenttrace-parquet` (Snappy) {o / 1e6:.1f} MB ({o / theirs:.2f}×)"
        if zstd:
            z = int(zstd[-1][1])
            text += f"; trace-curate with `codec: zstd` {z / 1e6:.1f} MB ({z / theirs:.2f}×)"
        print(text + ".")
