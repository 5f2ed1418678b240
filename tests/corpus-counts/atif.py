#!/usr/bin/env python3
"""Counts of ATIF trajectory files, straight from the raw file (input-formats-2 §2; docs/formats/atif.md), for the
reader tests.

A file is one trajectory (a JSON object), a JSON array of them, or JSONL with one per line; only top-level
trajectories are counted (not embedded or referenced sub-agents). Per trajectory: id (session_id, else
trajectory_id), steps (by source), calls (tool_calls over all steps), results (observation results), named (results
with a source_call_id naming a call of their step), dangling (results whose source_call_id names no call of their
step, with some content), unnamed (results with no source_call_id and some content), and the two figures the reader's documented rule for unnamed results gives: answered (calls that get an output: those
named, plus, per step, the calls left without one: all of them when the unnamed results are as many, else the last)
and feedback (steps with dangling results or unnamed results no call can take: they become a user message). Prints {path: [counts, ...]}.
Usage: atif.py FILE...
"""
import json
import sys


def trajectories(path):
    text = open(path, encoding="utf-8-sig").read()
    try:
        doc = json.loads(text)
        return doc if isinstance(doc, list) else [doc]
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def count(t):
    c = {"id": t.get("session_id") or t.get("trajectory_id"), "steps": {}, "calls": 0, "results": 0, "named": 0,
         "dangling": 0, "unnamed": 0, "answered": 0, "feedback": 0}
    for step in t.get("steps") or []:
        source = step.get("source")
        c["steps"][source] = c["steps"].get(source, 0) + 1
        ids = [call.get("tool_call_id") for call in step.get("tool_calls") or []]
        c["calls"] += len(ids)
        results = (step.get("observation") or {}).get("results") or []
        c["results"] += len(results)
        named = {r["source_call_id"] for r in results if r.get("source_call_id") in ids}
        c["named"] += sum(1 for r in results if r.get("source_call_id") in ids)
        dangling = [r for r in results if r.get("source_call_id") is not None and r["source_call_id"] not in ids
                    and r.get("content") is not None]
        c["dangling"] += len(dangling)
        unnamed = [r for r in results if r.get("source_call_id") is None and r.get("content") is not None]
        c["unnamed"] += len(unnamed)
        waiting = []
        for i in ids:
            if i not in named and i not in waiting:
                waiting.append(i)
        c["answered"] += len(named)
        if unnamed and waiting:
            c["answered"] += len(waiting) if len(waiting) == len(unnamed) else 1
        if (unnamed and not waiting) or dangling:
            c["feedback"] += 1
    return c


print(json.dumps({path: [count(t) for t in trajectories(path)] for path in sys.argv[1:]}))
