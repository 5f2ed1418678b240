#!/usr/bin/env python3
"""Record types, versions and damaged lines of raw session files, counted straight from the bytes.

Usage: record_types.py FORMAT FILE...   (FORMAT: claude-code, pi, codex, swe-agent, mini-swe-agent)

Prints one JSON object: {path: {records, types, versions, split_lines, skipped_lines}}.
How each figure is defined (independently of the tool's readers):
- JSONL formats: every non-blank line is decoded with json.JSONDecoder.raw_decode, value after value, so a line
  holding two JSON objects gives two records (its line number is in split_lines). A last line whose JSON is cut short
  is in skipped_lines. A record's type is its "type" (Codex: "type", then "/" and payload.type when the payload has
  a string type); versions: Claude Code "version", Pi "version" (the header), Codex payload.cli_version.
- Pi only: tool_calls, the "toolCall" blocks of every assistant message's content.
- Whole-document formats: the records are the items of "history" (SWE-agent) or "messages" (mini-swe-agent; the
  document itself when it is an array), typed by "role"; versions: info.swe_agent_version / info.mini_version.
"""
import json
import sys
from collections import Counter

VERSION_FIELDS = {"claude-code": [("version",)], "pi": [("version",)], "codex": [("payload", "cli_version")]}


def dig(obj, path):
    for key in path:
        if not isinstance(obj, dict) or key not in obj:
            return None
        obj = obj[key]
    return obj


def as_text(value):
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value)


def type_of(fmt, record):
    parts = []
    if isinstance(record, dict):
        if isinstance(record.get("type"), str):
            parts.append(record["type"])
        if fmt == "codex" and isinstance(dig(record, ("payload", "type")), str):
            parts.append(record["payload"]["type"])
    return "/".join(parts) if parts else "(none)"


def values_of(text):
    """The complete JSON values of one line, and whether it ends inside one (cut short)."""
    decoder = json.JSONDecoder()
    values, i = [], 0
    while True:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        if i == len(text):
            return values, False
        try:
            value, i = decoder.raw_decode(text, i)
        except json.JSONDecodeError:
            return values, True
        values.append(value)


def jsonl(fmt, path):
    types, versions, split, skipped, records, tool_calls = Counter(), Counter(), [], [], 0, 0
    with open(path, encoding="utf-8-sig") as f:
        lines = f.read().split("\n")
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
    for k, (n, line) in enumerate(numbered):
        values, cut = values_of(line)
        if cut:
            if k != len(numbered) - 1:
                raise SystemExit(f"{path}:{n}: a damaged line in the middle; this script counts only readable files")
            skipped.append(n)
        if len(values) > 1:
            split.append(n)
        for value in values:
            records += 1
            types[type_of(fmt, value)] += 1
            message = dig(value, ("message",))
            if fmt == "pi" and isinstance(message, dict) and message.get("role") == "assistant" and isinstance(message.get("content"), list):
                tool_calls += sum(1 for block in message["content"] if isinstance(block, dict) and block.get("type") == "toolCall")
            for field in VERSION_FIELDS[fmt]:
                version = as_text(dig(value, field))
                if version is not None:
                    versions[version] += 1
    counts = {"records": records, "types": types, "versions": versions, "split_lines": split, "skipped_lines": skipped}
    if fmt == "pi":
        counts["tool_calls"] = tool_calls
    return counts


def document(fmt, path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    items_key, version_path = ("history", ("info", "swe_agent_version")) if fmt == "swe-agent" else ("messages", ("info", "mini_version"))
    items = doc if isinstance(doc, list) else doc.get(items_key, [])
    items = items if isinstance(items, list) else []
    types = Counter((item.get("role") if isinstance(item, dict) and isinstance(item.get("role"), str) else "(none)") for item in items)
    versions = Counter()
    version = as_text(dig(doc, version_path))
    if version is not None:
        versions[version] += 1
    return {"records": len(items), "types": types, "versions": versions, "split_lines": [], "skipped_lines": []}


def main():
    fmt, paths = sys.argv[1], sys.argv[2:]
    count = document if fmt in ("swe-agent", "mini-swe-agent") else jsonl
    print(json.dumps({path: count(fmt, path) for path in paths}, sort_keys=True))


if __name__ == "__main__":
    main()
