#!/usr/bin/env python3
"""Counts of a Pi session file along its active path, straight from its lines (input-formats §3), for the reader tests.

The active path: v1 files (no entry ids) are linear, every entry in file order; v2/v3 files follow parentId from the
last entry back to the root. Along it: tool_calls (toolCall blocks of assistant messages), native_errors (toolResult
messages with isError true: Pi's own flag), messages (one per message entry of any role, and one per compaction,
branch_summary and custom_message entry; model changes, thinking levels, custom state, labels and session info are no
messages), and the header's parent link (parentSession, or branchedFrom in v1). A line holding two JSON records one
after the other (a writer bug of December 2025) is read as both. Usage: pi.py FILE...
"""
import json
import sys


def records(path):
    decoder = json.JSONDecoder()
    for raw in open(path, encoding="utf-8").read().splitlines():
        text = raw.strip()
        while text:
            value, end = decoder.raw_decode(text)
            yield value
            text = text[end:].lstrip()


def active_path(entries):
    if not entries or all("id" not in e for e in entries):
        return entries
    by_id = {}
    for e in entries:
        by_id.setdefault(e.get("id"), e)
    path, current, seen = [], entries[-1], set()
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        path.append(current)
        current = by_id.get(current.get("parentId"))
    return path[::-1]


def count(path):
    lines = list(records(path))
    header, entries = lines[0], lines[1:]
    calls = errors = messages = 0
    for e in active_path(entries):
        t = e.get("type")
        if t in ("compaction", "branch_summary", "custom_message"):
            messages += 1
        elif t == "message":
            messages += 1
            m = e.get("message") or {}
            if m.get("role") == "assistant":
                calls += sum(1 for b in m.get("content") or [] if isinstance(b, dict) and b.get("type") == "toolCall")
            elif m.get("role") == "toolResult" and m.get("isError") is True:
                errors += 1
    return {"tool_calls": calls, "native_errors": errors, "messages": messages,
            "parent": header.get("parentSession") or header.get("branchedFrom")}


if __name__ == "__main__":
    print(json.dumps({p: count(p) for p in sys.argv[1:]}))
