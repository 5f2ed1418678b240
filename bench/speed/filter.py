"""Peer (a): the three-predicate filter in plain Python with the json module; kept lines copied unchanged."""
import json
import sys

with open(sys.argv[1], "rb") as src, open(sys.argv[2], "wb") as dst:
    for line in src:
        row = json.loads(line)
        spans = row["spans"]
        if len(spans) >= 3 and any(s["exit_code"] != 0 for s in spans) and row["metadata"].get("dataset") == "mbpp":
            dst.write(line)
