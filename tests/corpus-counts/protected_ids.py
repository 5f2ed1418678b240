#!/usr/bin/env python3
"""Ids that redaction must never change, counted straight from raw files (standard library only).

For each file given, per kind: how many occurrences, and the SHA-256 of the sorted occurrences, so that two files
(a session and its redacted copy) can be compared without either side's reader. Prints one JSON object keyed by the
file's base name.
"""
import hashlib
import json
import os
import re
import sys

KINDS = {
    "uuid": re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),
    "tool_call_id": re.compile(r"\b(?:toolu_|call_|fc_)[A-Za-z0-9_-]{8,}"),
    "git_sha": re.compile(r"(?<![0-9a-fA-F])[0-9a-f]{40}(?![0-9a-fA-F])"),
    "sha256": re.compile(r"(?<![0-9a-fA-F])[0-9a-f]{64}(?![0-9a-fA-F])"),
    "base64_image": re.compile(r"(?:data:image/[a-z+]+;base64,|\"data\"\s*:\s*\")([A-Za-z0-9+/]{100,}={0,2})"),
    "message_id": re.compile(r"\b(?:msg_|resp_|rs_|req_)[A-Za-z0-9]{8,}"),
    "signature": re.compile(r"\"(?:signature|thinkingSignature|encrypted_content)\"\s*:\s*\"([^\"]+)\""),
}


def counts(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    result = {}
    for kind, pattern in KINDS.items():
        found = sorted(m.group(m.lastindex or 0) for m in pattern.finditer(text))
        result[kind] = {"count": len(found), "sha256": hashlib.sha256("\n".join(found).encode()).hexdigest()}
    return result


def main():
    out = {}
    for path in sys.argv[1:]:
        out[os.path.basename(path)] = counts(path)
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
