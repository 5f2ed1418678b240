#!/usr/bin/env python3
"""Counts of a mini-swe-agent trajectory, straight from its JSON (input-formats §7), for the reader tests.

The file is {info, messages, trajectory_format} (1.x/2.x) or a bare list of messages. A 2.x run ends with a
{role: "exit"} message: how the run ended, counted apart and not as a message. Prints per file: tool_calls (assistant
messages that hold an action: extra.actions, or a bash block), failed (their observations' return code, from
extra.returncode or <returncode>N</returncode>, neither 0 nor -1, which means not executed), messages (every other
message), exits and exit_status (of the exit message, else info). Usage: mini_swe_agent.py FILE...
"""
import json
import re
import sys

BASH = re.compile(r"```(?:bash|mswea_bash_command)\s*\n(.*?)\n```", re.S)
RC = re.compile(r"<returncode>(-?\d+)</returncode>")


def text(m):
    c = m.get("content")
    if isinstance(c, str):
        return c
    if isinstance(c, list):
        return "\n".join(p if isinstance(p, str) else p.get("text", "") for p in c if isinstance(p, (str, dict)))
    return ""


def count(path):
    doc = json.load(open(path, encoding="utf-8"))
    messages = doc if isinstance(doc, list) else doc.get("messages", [])
    info = {} if isinstance(doc, list) else doc.get("info") or {}
    messages = [m for m in messages if isinstance(m, dict)]
    calls = failed = kept = exits = 0
    exit_status = info.get("exit_status")
    for i, m in enumerate(messages):
        if m.get("role") == "exit":
            exits += 1
            exit_status = exit_status or (m.get("extra") or {}).get("exit_status")
            continue
        kept += 1
        if m.get("role") != "assistant":
            continue
        extra = m.get("extra") or {}
        if not (extra.get("actions") or BASH.search(text(m))):
            continue
        calls += 1
        nxt = messages[i + 1] if i + 1 < len(messages) else None
        if nxt is None or nxt.get("role") not in ("user", "tool"):
            continue
        code = (nxt.get("extra") or {}).get("returncode")
        if not isinstance(code, int):
            found = RC.search(text(nxt))
            code = int(found.group(1)) if found else None
        if code is not None and code not in (0, -1):
            failed += 1
    return {"tool_calls": calls, "failed": failed, "messages": kept, "exits": exits, "exit_status": exit_status}


if __name__ == "__main__":
    print(json.dumps({p: count(p) for p in sys.argv[1:]}))
