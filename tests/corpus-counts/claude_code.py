#!/usr/bin/env python3
"""Independent counts over raw Claude Code session files (standard library only).

Usage: claude_code.py PATH...   (a PATH that is a folder is searched recursively for *.jsonl)

Prints one JSON object: {"files": {path: counts}, "total": counts}. Every line of every file counts, whatever its
place in the uuid/parentUuid graph (main chain, compacted parts, sidechains, sub-agent files):

  tool_calls          distinct tool_use ids (a tool_use block without an id counts once per block)
  failed_calls        distinct tool_use_ids of tool_result blocks with is_error true
  user_messages       distinct user lines (by uuid) whose message.content is a string or holds a text or image block
  assistant_messages  distinct message.id of assistant lines (a line without message.id counts on its own)
  api_calls           distinct (message.id, requestId) of assistant lines that carry a usage object and whose model is
                      not "<synthetic>"
  input_tokens, cache_read_tokens, cache_creation_tokens
                      summed over those api calls, each taken once (from the first line of the call)
  output_tokens       summed over those api calls, the largest value seen on the call's lines (streamed values grow)
  versions            the distinct "version" values seen
"""
import json
import os
import sys


def jsonl_files(path):
    if os.path.isdir(path):
        found = []
        for folder, _, names in os.walk(path):
            found += [os.path.join(folder, n) for n in names if n.endswith(".jsonl")]
        return sorted(found)
    return [path]


def count(path):
    tool_ids, anonymous_tools = set(), 0
    failed = set()
    user_uuids, anonymous_users = set(), 0
    assistant_ids, anonymous_assistants = set(), 0
    calls = {}  # (message.id, requestId) -> [input, cache_read, cache_creation, output]
    anonymous_calls = []
    versions = set()
    with open(path, encoding="utf-8") as f:
        for text in f:
            if not text.strip():
                continue
            try:
                line = json.loads(text)
            except json.JSONDecodeError:
                continue  # a damaged line holds nothing countable
            if not isinstance(line, dict):
                continue
            if isinstance(line.get("version"), str):
                versions.add(line["version"])
            kind = line.get("type")
            message = line.get("message")
            if kind not in ("user", "assistant") or not isinstance(message, dict):
                continue
            content = message.get("content")
            blocks = [b for b in content if isinstance(b, dict)] if isinstance(content, list) else []
            for block in blocks:
                if block.get("type") == "tool_use":
                    if isinstance(block.get("id"), str):
                        tool_ids.add(block["id"])
                    else:
                        anonymous_tools += 1
                elif block.get("type") == "tool_result" and block.get("is_error") is True:
                    failed.add(block.get("tool_use_id"))
            if kind == "user":
                if isinstance(content, str) or any(b.get("type") in ("text", "image") for b in blocks):
                    if isinstance(line.get("uuid"), str):
                        user_uuids.add(line["uuid"])
                    else:
                        anonymous_users += 1
                continue
            message_id = message.get("id") if isinstance(message.get("id"), str) else None
            if message_id is None:
                anonymous_assistants += 1
            else:
                assistant_ids.add(message_id)
            usage = message.get("usage")
            if not isinstance(usage, dict) or message.get("model") == "<synthetic>":
                continue
            figures = [usage.get("input_tokens") or 0, usage.get("cache_read_input_tokens") or 0,
                       usage.get("cache_creation_input_tokens") or 0, usage.get("output_tokens") or 0]
            if message_id is None:
                anonymous_calls.append(figures)
                continue
            key = (message_id, line.get("requestId") if isinstance(line.get("requestId"), str) else "")
            if key in calls:
                calls[key][3] = max(calls[key][3], figures[3])
            else:
                calls[key] = figures
    every_call = list(calls.values()) + anonymous_calls
    return {
        "tool_calls": len(tool_ids) + anonymous_tools,
        "failed_calls": len(failed),
        "user_messages": len(user_uuids) + anonymous_users,
        "assistant_messages": len(assistant_ids) + anonymous_assistants,
        "api_calls": len(every_call),
        "input_tokens": sum(c[0] for c in every_call),
        "cache_read_tokens": sum(c[1] for c in every_call),
        "cache_creation_tokens": sum(c[2] for c in every_call),
        "output_tokens": sum(c[3] for c in every_call),
        "versions": sorted(versions),
    }


def main(paths):
    files = {}
    for path in paths:
        for file in jsonl_files(path):
            files[file] = count(file)
    total = {}
    for counts in files.values():
        for key, value in counts.items():
            if key == "versions":
                total[key] = sorted(set(total.get(key, [])) | set(value))
            else:
                total[key] = total.get(key, 0) + value
    print(json.dumps({"files": files, "total": total}, indent=1, sort_keys=True))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: claude_code.py PATH...")
    main(sys.argv[1:])
