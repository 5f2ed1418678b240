#!/usr/bin/env python3
"""Lists the runs (traces) that Claude Code session files hold, straight from the raw lines.

Usage: claude_code_runs.py PATH...   (files, or folders searched recursively for *.jsonl)

A run is the main conversation of a session (its user/assistant lines with isSidechain false), or one side-chain run:
side-chain lines linked by parentUuid from a root whose parent is not a side-chain line. A run whose root prompt is
exactly "Warmup" is a warm-up exchange, not work: it is counted apart. A side-chain run is a sub-agent: its parent is
its session, and the call that started it is found two ways in the raw lines: a tool_result whose line says
toolUseResult.agentId = the run's agentId (2.x), else a Task tool_use whose input.prompt is the run's first prompt (1.x).
Lines are deduplicated by uuid within a session, first copy kept (a resumed session repeats lines).

Prints {"runs": [{"file", "id", "kind", "parent_id", "parent_call_id"}], "warmups": n}.
Standard library only; shares nothing with the tool.
"""
import json
import os
import sys


def files(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                for n in sorted(names):
                    if n.endswith(".jsonl"):
                        yield os.path.join(root, n)
        else:
            yield p


def lines(path):
    with open(path, encoding="utf-8") as f:
        for raw in f:
            raw = raw.strip()
            if not raw:
                continue
            try:
                value = json.loads(raw)
            except ValueError:
                continue
            if isinstance(value, dict):
                yield value


def text_of(line):
    message = line.get("message")
    if not isinstance(message, dict):
        return None
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = [b["text"] for b in content if isinstance(b, dict) and isinstance(b.get("text"), str)]
        return "\n".join(texts) if texts else None
    return None


def blocks(line):
    message = line.get("message")
    content = message.get("content") if isinstance(message, dict) else None
    return [b for b in content if isinstance(b, dict)] if isinstance(content, list) else []


def main(paths):
    all_files = list(files(paths))
    # Links from parent sessions, over every file given: (session, prompt) -> Task id; (session, agentId) -> call id.
    by_prompt, by_agent = {}, {}
    for path in all_files:
        for line in lines(path):
            session = line.get("sessionId")
            for b in blocks(line):
                if b.get("type") == "tool_use" and b.get("name") == "Task" and isinstance(b.get("input"), dict):
                    prompt = b["input"].get("prompt")
                    if isinstance(prompt, str):
                        by_prompt.setdefault((session, prompt), b.get("id"))
            result = line.get("toolUseResult")
            if isinstance(result, dict) and isinstance(result.get("agentId"), str):
                for b in blocks(line):
                    if b.get("type") == "tool_result":
                        by_agent.setdefault((session, result["agentId"]), b.get("tool_use_id"))

    runs, warmups = [], 0
    for path in all_files:
        stem = os.path.splitext(os.path.basename(path))[0]
        sessions = {}
        for line in lines(path):
            if line.get("type") not in ("user", "assistant", "system") or not isinstance(line.get("uuid"), str):
                continue
            session = line.get("sessionId") if isinstance(line.get("sessionId"), str) else stem
            nodes = sessions.setdefault(session, {})
            nodes.setdefault(line["uuid"], line)  # first copy wins
        for session, nodes in sessions.items():
            if any(not n.get("isSidechain") and n["type"] in ("user", "assistant") for n in nodes.values()):
                runs.append({"file": path, "id": session, "kind": "main", "parent_id": None, "parent_call_id": None})
            root_of, roots, has_turn = {}, [], set()
            for uuid, n in nodes.items():  # insertion order = file order
                if not n.get("isSidechain"):
                    continue
                parent = n.get("parentUuid")
                if parent in nodes and nodes[parent].get("isSidechain") and parent in root_of:
                    root_of[uuid] = root_of[parent]
                else:
                    root_of[uuid] = uuid
                    roots.append(uuid)
                if n["type"] in ("user", "assistant"):
                    has_turn.add(root_of[uuid])
            for root_uuid in roots:
                if root_uuid not in has_turn:
                    continue
                root = nodes[root_uuid]
                prompt = text_of(root)
                if prompt == "Warmup":
                    warmups += 1
                    continue
                agent = root.get("agentId") if isinstance(root.get("agentId"), str) else root_uuid
                # The agentId link names one call; a prompt can be given to two sub-agents (the first Task is taken).
                call = by_agent.get((session, agent)) or by_prompt.get((session, prompt))
                runs.append({"file": path, "id": session + "#agent=" + agent, "kind": "subagent",
                             "parent_id": session, "parent_call_id": call})
    print(json.dumps({"runs": runs, "warmups": warmups}))


if __name__ == "__main__":
    main(sys.argv[1:])
