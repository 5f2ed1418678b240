"""Peer for bench/sessions: Claude Code tool calls, tool errors and usage per API call over a folder of sessions.

Plain Python, standard library only. Per file, as the format asks (input-formats §4): a line repeated under the same
uuid counts once; a tool call counts once per tool_use id; usage counts once per (message.id, requestId), the
streamed lines of a response repeating it. Prints one JSON object of totals.
"""
import json
import os
import sys

totals = dict(files=0, lines=0, tool_calls=0, tool_errors=0, api_calls=0, input_tokens=0, output_tokens=0)
for folder, _, names in os.walk(sys.argv[1]):
    for name in sorted(names):
        if not name.endswith(".jsonl"):
            continue
        totals["files"] += 1
        uuids, calls, responses = set(), set(), {}
        for line in open(os.path.join(folder, name), "rb"):
            if not line.strip():
                continue
            row = json.loads(line)
            totals["lines"] += 1
            if row.get("uuid") in uuids:
                continue
            uuids.add(row.get("uuid"))
            message = row.get("message")
            if not isinstance(message, dict) or not isinstance(message.get("content"), list):
                continue
            for block in message["content"]:
                if block.get("type") == "tool_use" and block.get("id") not in calls:
                    calls.add(block.get("id"))
                elif block.get("type") == "tool_result" and block.get("is_error") is True:
                    totals["tool_errors"] += 1
            usage = message.get("usage")
            if row.get("type") == "assistant" and usage and message.get("model") != "<synthetic>":
                key = (message.get("id"), row.get("requestId"))
                seen = responses.setdefault(key, [usage.get("input_tokens") or 0, 0])
                seen[1] = max(seen[1], usage.get("output_tokens") or 0)  # streamed lines repeat a growing count
        totals["tool_calls"] += len(calls)
        totals["api_calls"] += len(responses)
        totals["input_tokens"] += sum(r[0] for r in responses.values())
        totals["output_tokens"] += sum(r[1] for r in responses.values())
print(json.dumps(totals))
