"""Builds session folders for bench/sessions from the real files of the shared corpus, replicated to a target size.

Each copy gets its ids made unique (every UUID, and the msg_/req_/toolu_/call_ ids of responses, requests and tool
calls), so that per-id deduplication (uuid, message.id + requestId, tool_use id) does its full work on every copy
instead of dropping the repeats. File and folder names that hold a session id are renamed the same way, so a
sub-agent folder still sits next to its session file. Deterministic: the same corpus and size give the same bytes.

usage: gen_sessions.py CORPUS OUT FORMAT SIZE_MB      FORMAT: claude-code | claude-code-long | codex | codex-long | codex-one | pi
CORPUS is the corpus root (the folder that holds claude-code/, codex/, pi/), not one format's folder.
Layout written: OUT/copy-NNNN/<the corpus folder's files, renamed>; Claude Code's OUT is a ~/.claude/projects folder.
claude-code-long writes one file instead, OUT/project/long-session.jsonl: copies of the corpus's largest Claude Code
session file, each with its ids made unique, one after another (a file that holds several sessions, as a resumed one does).
codex-long writes OUT/rollout-NNN.jsonl, rollouts of ROLLOUT_MB (10) each: the corpus's largest Codex rollout, its
session_meta once (its session id made unique per file), then its other lines again and again, each repeat with its
call and response ids made unique, as a long session's turns follow one another. Real rollouts of a day's work are tens
to hundreds of MB; the corpus's Codex folder is one 27 KB session and two test files of 500 bytes. codex-one writes one
such rollout of SIZE_MB: a long rollout read alone.
"""
import os
import re
import sys

UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# A whole JSON string value (never a key: those are followed by a colon) that is a response, request or call id.
PREFIXED = re.compile(rb'"(?:msg|req|toolu|call|resp|rs|fc)_[A-Za-z0-9]+(?=")(?!"\s*:)')


def renamer(copy, ids=True):
    """Maps an id to its copy's id: a bijection per copy, distinct between copies (copy 0 keeps the originals)."""
    if copy == 0:
        return lambda data: data
    salt = (copy * 0x9E3779B1) & 0xFFFFFFFF
    suffix = b"c%d" % copy

    def uuid(m):
        head = int(m.group(0)[:8], 16) ^ salt
        return b"%08x" % head + m.group(0)[8:]

    def prefixed(m):
        return m.group(0) + suffix

    if not ids:
        return lambda data: UUID.sub(uuid, data)
    return lambda data: PREFIXED.sub(prefixed, UUID.sub(uuid, data))


def files_of(corpus, fmt):
    root = os.path.join(corpus, fmt)
    found = []
    for folder, _, names in os.walk(root):
        for name in names:
            if name.endswith(".jsonl"):
                path = os.path.join(folder, name)
                found.append((os.path.relpath(path, root), path))
    return sorted(found)


def largest(root):
    """The largest top-level .jsonl file of a corpus folder (the first by name among equals)."""
    return max(sorted(n for n in os.listdir(root) if n.endswith(".jsonl")), key=lambda n: os.path.getsize(os.path.join(root, n)))


def long_session(corpus, out, size_mb):
    """One file of copies of the largest top-level Claude Code session, each renamed as a copy of the folder is."""
    root = os.path.join(corpus, "claude-code")
    name = largest(root)
    data = open(os.path.join(root, name), "rb").read()
    if not data.endswith(b"\n"):
        data += b"\n"
    os.makedirs(os.path.join(out, "project"), exist_ok=True)
    target, copy, written = int(size_mb * 1_000_000), 0, 0
    with open(os.path.join(out, "project", "long-session.jsonl"), "wb") as f:
        while written < target:
            f.write(renamer(copy)(data))
            written += len(data)
            copy += 1
    print(f"claude-code-long: {copy} copies of {name}, {written / 1e6:.1f} MB in one file in {out}", file=sys.stderr)


ROLLOUT_MB = 10


def long_rollouts(corpus, out, size_mb, rollout_mb=ROLLOUT_MB, label="codex-long"):
    """Rollouts of rollout_mb each from the largest Codex rollout of the corpus, its turns repeated with unique ids."""
    root = os.path.join(corpus, "codex")
    name = largest(root)
    lines = [l for l in open(os.path.join(root, name), "rb").read().splitlines() if l.strip()]
    meta, turns = lines[0], lines[1:]
    os.makedirs(out, exist_ok=True)
    target, files, written, repeat = int(size_mb * 1_000_000), 0, 0, 0
    while written < target:
        with open(os.path.join(out, "rollout-%03d.jsonl" % files), "wb") as f:
            f.write(renamer(files + 1, ids=False)(meta) + b"\n")  # copy 0 keeps the ids: every file's session id its own
            size = 0
            while size < rollout_mb * 1_000_000 and written + size < target:
                suffix = b"r%d" % repeat
                for line in turns:
                    line = PREFIXED.sub(lambda m: m.group(0) + suffix, line) + b"\n"
                    f.write(line)
                    size += len(line)
                repeat += 1
        written += size
        files += 1
    print(f"{label}: {files} rollouts of up to {rollout_mb:g} MB from {name} ({repeat} turn runs), {written / 1e6:.1f} MB in {out}", file=sys.stderr)


def main():
    corpus, out, fmt, size_mb = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    if fmt == "claude-code-long":
        return long_session(corpus, out, size_mb)
    if fmt == "codex-long":
        return long_rollouts(corpus, out, size_mb)
    if fmt == "codex-one":
        return long_rollouts(corpus, out, size_mb, rollout_mb=size_mb, label=fmt)
    sources = [(rel, open(path, "rb").read()) for rel, path in files_of(corpus, fmt)]
    per_copy = sum(len(data) for _, data in sources)
    if per_copy == 0:  # else the loop below would never reach the target
        sys.exit(f"gen_sessions.py: no .jsonl files under {os.path.join(corpus, fmt)}; CORPUS is the corpus root, the folder that holds {fmt}/")
    target = int(size_mb * 1_000_000)
    copy = written = 0
    while written < target:
        rename, rename_path = renamer(copy), renamer(copy, ids=False)
        for rel, data in sources:
            path = os.path.join(out, "copy-%04d" % copy, rename_path(rel.encode()).decode())
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(rename(data))
        written += per_copy
        copy += 1
    print(f"{fmt}: {copy} copies of {len(sources)} files, {written / 1e6:.1f} MB in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
