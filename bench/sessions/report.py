"""Turns bench/sessions' timing rows into the Markdown table the README quotes: medians, MB/s, ratios to the peers."""
import os
import statistics
import sys
from collections import defaultdict

times, data, counts = sys.argv[1], sys.argv[2], sys.argv[3]


def folder_mb(path):
    return sum(os.path.getsize(os.path.join(d, n)) for d, _, names in os.walk(path) for n in names) / 1e6


rows = defaultdict(list)
for line in open(times):
    scenario, tool, wall, cpu, peak = line.split()
    rows[(scenario, tool)].append((float(wall), float(cpu), int(peak)))
n = len(next(iter(rows.values())))
print(f"Median of {n} alternating rounds, whole processes; wall and CPU (user + system) seconds; peak = max RSS of a run,")
print("its median over the rounds and the largest (one run's peak moves with when the collector runs).")
print("Speed-up = the peer's median wall time over trace-curate's (above 1: trace-curate is faster).")
for knob in ("TC", "TC_ENV", "TC_BASE", "TC_BASE_ENV"):  # what the rows ran: a build, a baseline, their environments
    if os.environ.get(knob):
        print(f"{knob}: `{os.environ[knob]}`")
print()
print("| folder | tool | MB | median wall s | median CPU s | MB/s (wall) | peak MB (median / max) | speed-up of inspect / run over it |")
print("|---|---|---|---|---|---|---|---|")
for scenario in ["claude-code", "claude-code-long", "codex", "codex-long", "codex-one", "pi"]:
    if not any(s == scenario for s, _ in rows):
        continue
    mb = folder_mb(os.path.join(data, scenario))
    med = {t: statistics.median(w for w, _, _ in v) for (s, t), v in rows.items() if s == scenario}
    for tool in ["inspect", "run", "inspect-base", "run-base", "python", "ccusage", "python-read", "floor-read", "floor-tokens", "floor-write"]:
        if tool not in med:
            continue
        v = rows[(scenario, tool)]
        cpu = statistics.median(c for _, c, _ in v)
        peak = f"{statistics.median(p for _, _, p in v) / 1024:.0f} / {max(p for _, _, p in v) / 1024:.0f}"
        name = {"inspect": "trace-curate inspect --json", "run": "trace-curate run (where: + openai)",
                "inspect-base": "baseline build: inspect --json", "run-base": "baseline build: run (where: + openai)",
                "python": f"Python count_{scenario.split('-')[0]}.py", "ccusage": "ccusage 17.2.1 session --json",
                "python-read": "floor: Python read_only.py (every file read, no JSON)",
                "floor-read": "floor: .NET SessionFloor read (every file read, both cores)",
                "floor-tokens": "floor: .NET SessionFloor tokens (+ Utf8JsonReader over every line)",
                "floor-write": "floor: .NET SessionFloor write (tokens + the run's output size written, hashed)"}[tool]
        if tool in ("inspect", "run"):
            ratio = ""
        elif tool.startswith(("floor-", "python-read")):  # the most a reader doing only this could be over the counter
            ratio = f"{med['python'] / med[tool]:.2f}x (the Python counter over it)" if "python" in med else ""
        elif tool.endswith("-base"):  # the build measured against the baseline of the same command; CPU too, steadier under load
            new = tool[:-len("-base")]
            new_cpu = statistics.median(c for _, c, _ in rows[(scenario, new)])
            ratio = f"{med[tool] / med[new]:.2f}x ({new}; CPU {cpu / new_cpu:.2f}x)"
        else:
            ratio = " / ".join(f"{med[tool] / med[t]:.2f}x" for t in ("inspect", "run") if t in med)
        print(f"| {scenario} | {name} | {mb:.0f} | {med[tool]:.2f} | {cpu:.2f} | {mb / med[tool]:.0f} | {peak} | {ratio} |")
print()
for line in open(counts):
    print("- " + line.strip())
