"""Peer for bench/sessions: Pi session tool calls, tool errors and usage per API call over a folder of sessions.

Plain Python, standard library only. A tool call is an assistant content block of type toolCall; an error is a
toolResult message with isError true; an API call is an assistant message with usage. A line that holds two records
(a writer bug of one Pi version, in the corpus) is read as both.
"""
import json
import os
import sys

decoder = json.JSONDecoder()


def records(line):
    text, at = line.decode(), 0
    while at < len(text.rstrip()):
        value, end = decoder.raw_decode(text, at)
        yield value
        at = end
        while at < len(text) and text[at].isspace():
            at += 1


totals = dict(files=0, lines=0, tool_calls=0, tool_errors=0, api_calls=0, input_tokens=0, output_tokens=0)
for folder, _, names in os.walk(sys.argv[1]):
    for name in sorted(names):
        if not name.endswith(".jsonl"):
            continue
        totals["files"] += 1
        for line in open(os.path.join(folder, name), "rb"):
            if not line.strip():
                continue
            try:
                rows = [json.loads(line)]
            except ValueError:
                rows = list(records(line))
            for row in rows:
                totals["lines"] += 1
                m = row.get("message") if row.get("type") == "message" else None
                if not isinstance(m, dict):
                    continue
                if m.get("role") == "assistant":
                    content = m.get("content") if isinstance(m.get("content"), list) else []
                    totals["tool_calls"] += sum(1 for b in content if isinstance(b, dict) and b.get("type") == "toolCall")
                    if isinstance(m.get("usage"), dict):
                        totals["api_calls"] += 1
                        totals["input_tokens"] += m["usage"].get("input") or 0
                        totals["output_tokens"] += m["usage"].get("output") or 0
                elif m.get("role") == "toolResult" and m.get("isError") is True:
                    totals["tool_errors"] += 1
print(json.dumps(totals))
