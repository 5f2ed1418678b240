"""Floor peer for bench/sessions (PEERS=floor): Python walking a session folder and reading every .jsonl file whole.

What count_*.py spend before parsing any JSON: the part of their time no faster parser could take away.
"""
import os
import sys

totals = dict(files=0, bytes=0)
for folder, _, names in os.walk(sys.argv[1]):
    for name in sorted(names):
        if name.endswith(".jsonl"):
            with open(os.path.join(folder, name), "rb") as f:
                totals["bytes"] += len(f.read())
            totals["files"] += 1
print(totals)
