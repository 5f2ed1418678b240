#!/usr/bin/env python3
"""Counts of opencode sessions, straight from the raw storage files (input-formats-2 §6), for the reader tests.

Usage: opencode.py FOLDER...   Every *.json file below each folder is classified by its keys alone (session: id,
projectID, directory, time.created; message: id, sessionID, role user/assistant, time.created; part: id, sessionID,
messageID, type), and messages and parts are grouped by their sessionID field, whatever folder they are in. Prints
{session id: counts}: user (user message files), assistant (assistant message files, plus one per messageID that parts
name but no message file has), tool_calls (tool parts), failed (state error and not metadata.interrupted, or
state.metadata.exit not 0), native_errors (state error), interrupted (error with metadata.interrupted, or a part left
pending/running), parts (by type), steps (step-finish parts), tokens summed over step-finish parts (or, for an assistant
message without any, its own tokens): input, output, reasoning, cache_read, cache_write, and cost; files (the session's
files: itself, its messages and parts).
"""
import json
import os
import sys


def kind(o):
    if not isinstance(o, dict) or not isinstance(o.get("id"), str):
        return None
    if all(isinstance(o.get(k), str) for k in ("sessionID", "messageID", "type")):
        return "part"
    created = isinstance(o.get("time"), dict) and isinstance(o["time"].get("created"), (int, float))
    if created and isinstance(o.get("sessionID"), str) and o.get("role") in ("user", "assistant"):
        return "message"
    if created and isinstance(o.get("projectID"), str) and isinstance(o.get("directory"), str):
        return "session"
    return None


def walk(folders):
    for folder in folders:
        for dirpath, _, names in os.walk(folder):
            for name in sorted(names):
                if name.endswith(".json"):
                    try:
                        o = json.load(open(os.path.join(dirpath, name), encoding="utf-8"))
                    except ValueError:
                        continue
                    if kind(o):
                        yield kind(o), o


def add_tokens(c, holder):
    t = holder.get("tokens") or {}
    cache = t.get("cache") or {}
    for key, value in (("input", t.get("input")), ("output", t.get("output")), ("reasoning", t.get("reasoning")),
                       ("cache_read", cache.get("read")), ("cache_write", cache.get("write"))):
        c[key] += value or 0
    c["cost"] += holder.get("cost") or 0


def main(folders):
    sessions, messages, parts = {}, {}, {}
    for k, o in walk(folders):
        if k == "session":
            sessions[o["id"]] = o
        elif k == "message":
            messages.setdefault(o["sessionID"], {})[o["id"]] = o
        else:
            parts.setdefault(o["sessionID"], []).append(o)
    out = {}
    for sid in sorted(sessions):
        ms, ps = messages.get(sid, {}), parts.get(sid, [])
        c = {"user": 0, "assistant": 0, "tool_calls": 0, "failed": 0, "native_errors": 0, "interrupted": 0, "parts": {}, "steps": 0,
             "input": 0, "output": 0, "reasoning": 0, "cache_read": 0, "cache_write": 0, "cost": 0, "files": 1 + len(ms) + len(ps)}
        for m in ms.values():
            c[m["role"]] += 1
        c["assistant"] += len({p["messageID"] for p in ps} - set(ms))
        stepped = set()
        for p in ps:
            c["parts"][p["type"]] = c["parts"].get(p["type"], 0) + 1
            if p["type"] == "step-finish":
                c["steps"] += 1
                stepped.add(p["messageID"])
                add_tokens(c, p)
            if p["type"] != "tool":
                continue
            c["tool_calls"] += 1
            state = p.get("state") or {}
            meta = state.get("metadata") or {}
            status = state.get("status")
            interrupted = status in ("pending", "running") or (status == "error" and meta.get("interrupted") is True)
            exit_code = meta.get("exit")
            c["native_errors"] += status == "error"
            c["interrupted"] += interrupted
            c["failed"] += (status == "error" and not interrupted) or (isinstance(exit_code, int) and exit_code != 0)
        for mid, m in ms.items():
            if m["role"] == "assistant" and mid not in stepped and "tokens" in m:
                add_tokens(c, m)
        c["cost"] = round(c["cost"], 10)
        out[sid] = c
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
