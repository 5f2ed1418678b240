#!/usr/bin/env python3
"""Counts of a Codex rollout file, straight from its lines (input-formats §5), for the reader tests.

Both layouts are read: {timestamp, type, payload} lines, and the rollouts of before September 2025 whose response items
stand at the top level after a {id, timestamp} header and {"record_type":"state"} markers. Prints one JSON object per
file: tool_calls (function, custom and local-shell calls), failed (outputs whose exit code, found by the §5 rules, is
not 0), messages (as the reader is specified to build them: one per user/system message, one per tool output, one per
compaction, and one assistant message per turn, a turn being a run of model items not broken by a message or an output)
and compactions. Usage: codex.py FILE...
"""
import io
import json
import re
import sys

CALLS = {"function_call", "custom_tool_call", "local_shell_call"}
OUTPUTS = {"function_call_output", "custom_tool_call_output"}
MODEL = CALLS | {"reasoning", "web_search_call"}


def lines(path):
    data = open(path, "rb").read()
    if data[:4] == b"\x28\xb5\x2f\xfd":
        raise SystemExit("zstd input: decompress it first (the standard library has no zstd)")
    for raw in data.decode("utf-8").splitlines():
        raw = raw.strip()
        if raw:
            yield json.loads(raw)


def items(path):
    """Each rollout item in order as (kind, item): kind is 'item', 'compacted' or None for lines that carry nothing."""
    for line in lines(path):
        if isinstance(line.get("payload"), dict) and "type" in line:
            if line["type"] == "response_item":
                yield "item", line["payload"]
            elif line["type"] == "compacted":
                yield "compacted", line["payload"]
        elif line.get("record_type") == "state" or ("id" in line and "timestamp" in line and "type" not in line):
            continue
        elif "type" in line:
            yield "item", line


def item_type(item):
    if "type" in item:
        return item["type"]
    return "message" if "role" in item and "content" in item else None


def exit_code(output):
    if isinstance(output, list):
        output = "\n".join(p.get("text", "") for p in output if isinstance(p, dict))
    if isinstance(output, dict):
        output = output.get("content", "")
    if not isinstance(output, str):
        return None
    m = re.match(r"Exit code: (\d+)", output)
    if m:
        return int(m.group(1))
    try:
        parsed = json.loads(output)
        if isinstance(parsed, dict) and isinstance(parsed.get("metadata"), dict) and isinstance(parsed["metadata"].get("exit_code"), int):
            return parsed["metadata"]["exit_code"]
    except ValueError:
        pass
    m = re.search(r"Process exited with code (\d+)", output)
    return int(m.group(1)) if m else None


def count(path):
    calls = failed = messages = compactions = 0
    in_turn = False
    for kind, item in items(path):
        if kind == "compacted":
            in_turn = False
            messages += 1
            compactions += 1
            continue
        t = item_type(item)
        model = t in MODEL or (t == "message" and item.get("role") == "assistant")
        if model:
            if not in_turn:
                messages += 1  # the turn's assistant message
                in_turn = True
            if t in CALLS:
                calls += 1
        elif t == "message" or t in OUTPUTS:
            in_turn = False
            messages += 1
            if t in OUTPUTS:
                code = exit_code(item.get("output"))
                if code is not None and code != 0:
                    failed += 1
    return {"tool_calls": calls, "failed": failed, "messages": messages, "compactions": compactions}


if __name__ == "__main__":
    print(json.dumps({p: count(p) for p in sys.argv[1:]}))
