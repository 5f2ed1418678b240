#!/usr/bin/env python3
"""Counts of a SWE-agent .traj file, straight from its JSON (input-formats §6 and §11), for the reader tests.

Steps come from trajectory[] when the file has one; a demonstration that holds only history has one step per
assistant entry with an action (not a demonstration), whose observation is the next user/tool entry. Prints per file:
tool_calls (one per step), failed (observations that §11's definition flags: a traceback, the edit linter's syntax
error, "command not found", or an "XError: " line), messages (the first system entry, the demonstration user entries,
the task, then an assistant and a tool message per step) and has_trajectory. Usage: swe_agent.py FILE...
"""
import json
import re
import sys

FLAGGED = re.compile(r"^Traceback \(most recent call last\):|Your proposed edit has introduced new syntax error|"
                     r"command not found|^\w+(Error|Exception): ", re.M)


def text(entry):
    content = entry.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = [c if isinstance(c, str) else c.get("text") for c in content if isinstance(c, (str, dict))]
        return "\n".join(p for p in parts if isinstance(p, str))
    return None


def count(path):
    doc = json.load(open(path, encoding="utf-8"))
    history = [e for e in doc.get("history") or [] if isinstance(e, dict)]
    if isinstance(doc.get("trajectory"), list):
        observations = [s.get("observation") for s in doc["trajectory"]]
    else:
        observations = []
        for i, e in enumerate(history):
            if e.get("role") == "assistant" and isinstance(e.get("action"), str):
                nxt = history[i + 1] if i + 1 < len(history) else None
                observations.append(text(nxt) if nxt and nxt.get("role") in ("user", "tool") else None)
    preamble, seen_system, task = 0, False, False
    for e in history:
        role, demo = e.get("role"), e.get("is_demo") is True
        if role == "system" and not seen_system:
            seen_system, preamble = True, preamble + 1
        elif role == "user" and demo:
            preamble += 1
        elif role == "user" and not task:
            task, preamble = True, preamble + 1
    failed = sum(1 for o in observations if isinstance(o, str) and FLAGGED.search(o.replace("\r\n", "\n")))
    return {"tool_calls": len(observations), "failed": failed, "messages": preamble + 2 * len(observations),
            "has_trajectory": isinstance(doc.get("trajectory"), list)}


if __name__ == "__main__":
    print(json.dumps({p: count(p) for p in sys.argv[1:]}))
