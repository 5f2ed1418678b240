"""The plain-Python reference filter for the three-predicate recipe: copies kept lines byte for byte, in order.

usage: agenttrace_filter.py IN.jsonl OUT.jsonl
Keeps rows with at least 3 spans, at least one span with a non-zero exit code, and metadata.dataset == "mbpp".
"""
import json
import sys

with open(sys.argv[1], "rb") as src, open(sys.argv[2], "wb") as dst:
    for line in src:
        if not line.strip():
            continue
        row = json.loads(line)
        spans = row["spans"]
        if len(spans) >= 3 and any(s["exit_code"] != 0 for s in spans) and row["metadata"].get("dataset") == "mbpp":
            dst.write(line if line.endswith(b"\n") else line + b"\n")
