#!/usr/bin/env python3
"""Counts of a Gemini CLI session file, straight from the raw file (input-formats-2 §5), for the reader tests.

Both layouts: a legacy JSON document {sessionId, projectHash, startTime, messages: [...]}, and the JSONL of v0.39+,
replayed as the CLI loads it: metadata lines and {"$set": {...}} update the session ($set.messages replaces all
messages), a message line whose id was seen replaces that message in place, {"$rewindTo": id} drops that message and
all later ones. Prints {path: counts}: session_id, messages (by type), messages_total, tool_calls, failed (status
"error", or an "Exit Code: N" line with N != 0 in the output), native_errors (status "error"), cancelled, thinking
(model messages with at least one thought), records (the raw records by "type", "(none)" for a line without one:
the JSONL lines, or the legacy document's messages), and tokens summed over messages: input (uncached: input - cached + tool),
cache_read, output, thoughts. Usage: gemini_cli.py FILE...
"""
import json
import re
import sys

EXIT = re.compile(r"^Exit Code: (-?\d+)\r?$", re.M)


def records(path):
    text = open(path, encoding="utf-8-sig").read()
    try:
        doc = json.loads(text)
        if isinstance(doc, dict) and isinstance(doc.get("messages"), list):
            return doc["messages"]
    except json.JSONDecodeError:
        pass
    return [json.loads(raw) for raw in text.splitlines() if raw.strip()]


def conversation(path):
    text = open(path, encoding="utf-8-sig").read()
    try:
        doc = json.loads(text)
        if isinstance(doc, dict) and isinstance(doc.get("messages"), list):
            return doc, doc["messages"]
    except json.JSONDecodeError:
        pass
    fields, order, by_id = {}, [], {}
    for raw in text.splitlines():
        if not raw.strip():
            continue
        line = json.loads(raw)
        if "$rewindTo" in line:
            if line["$rewindTo"] in order:
                cut = order.index(line["$rewindTo"])
                for gone in order[cut:]:
                    del by_id[gone]
                del order[cut:]
        elif "$set" in line:
            for key, value in line["$set"].items():
                if key == "messages":
                    order, by_id = [m["id"] for m in value], {m["id"]: m for m in value}
                else:
                    fields[key] = value
        elif "id" in line and "type" in line:
            if line["id"] not in by_id:
                order.append(line["id"])
            by_id[line["id"]] = line
        elif "sessionId" in line:
            fields.update(line)
    return fields, [by_id[i] for i in order]


def output(call):
    result = call.get("result")
    if result is None:
        return call.get("resultDisplay") if isinstance(call.get("resultDisplay"), str) else None
    texts = []
    for part in result if isinstance(result, list) else [result]:
        response = part.get("functionResponse", {}).get("response") if isinstance(part, dict) else None
        if isinstance(response, dict):
            texts.append(response.get("output") if isinstance(response.get("output"), str) else response.get("error") if isinstance(response.get("error"), str) else "")
        elif isinstance(part, dict) and isinstance(part.get("text"), str):
            texts.append(part["text"])
    return "\n".join(texts)


def count(path):
    fields, messages = conversation(path)
    c = {"session_id": fields.get("sessionId"), "messages": {}, "messages_total": len(messages), "tool_calls": 0, "failed": 0,
         "native_errors": 0, "cancelled": 0, "thinking": 0, "input": 0, "cache_read": 0, "output": 0, "thoughts": 0}
    c["records"] = {}
    for r in records(path):
        t = r.get("type") if isinstance(r.get("type"), str) else "(none)"
        c["records"][t] = c["records"].get(t, 0) + 1
    for m in messages:
        c["messages"][m.get("type")] = c["messages"].get(m.get("type"), 0) + 1
        if m.get("thoughts"):
            c["thinking"] += 1
        tokens = m.get("tokens") or {}
        c["input"] += tokens.get("input", 0) - tokens.get("cached", 0) + tokens.get("tool", 0)
        c["cache_read"] += tokens.get("cached", 0)
        c["output"] += tokens.get("output", 0)
        c["thoughts"] += tokens.get("thoughts", 0)
        for call in m.get("toolCalls") or []:
            c["tool_calls"] += 1
            out = output(call) or ""
            codes = [int(x) for x in EXIT.findall(out)]
            if call.get("status") == "error":
                c["native_errors"] += 1
            if call.get("status") == "cancelled":
                c["cancelled"] += 1
            if call.get("status") == "error" or (codes and codes[0] != 0):
                c["failed"] += 1
    return c


if __name__ == "__main__":
    print(json.dumps({p: count(p) for p in sys.argv[1:]}, indent=1))
