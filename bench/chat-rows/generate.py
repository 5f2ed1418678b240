#!/usr/bin/env python3
"""Writes a chat-row JSONL dataset of about SIZE_MB megabytes shaped like nebius/SWE-rebench-openhands-trajectories
(its Hub card and viewer: columns trajectory_id, instance_id, repo, trajectory, tools, model_patch, exit_status,
resolved int64, gen_tests_correct / pred_passes_gen_tests float64 or null; OpenHands v0.54 with 64 turns on average,
at most 100; 48% of runs resolved). Each `trajectory` is a list of OpenAI messages with every key of the union struct
(content, name, role, tool_call_id, tool_calls), as `datasets` stores them; tool calls carry JSON-string arguments and
bash replies end with OpenHands' "[The command completed with exit code N.]".

The text is not a few repeated strings: prose is drawn word by word from a 30,000-word vocabulary (Zipf weights), code
from identifiers built per repository, and tool outputs (file views with line numbers, pytest runs, grep hits,
tracebacks) have log-normal lengths with a long tail (a few replies of tens of kB). Within a row the agent views the
same files again, as real runs do. Deterministic for a (size, seed) pair.
Usage: generate.py SIZE_MB OUT.jsonl [SEED]   Prints {"rows", "bytes", "tool_calls", "resolved"}."""
import bisect, itertools, json, math, random, sys

size_mb, out = int(sys.argv[1]), sys.argv[2]
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 23
rng = random.Random(seed)

# A vocabulary of pronounceable words, Zipf-weighted: frequent short words, a long tail of rare ones.
SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"] + ["th", "st", "qu", "ing", "er", "ly", "ion", "ent"]
def word(r):
    return "".join(r.choice(SYLLABLES) for _ in range(min(1 + int(r.expovariate(0.7)), 5)))
VOCAB = sorted(list(dict.fromkeys(word(rng) for _ in range(40_000)))[:30_000], key=len)  # frequent words are short
CUM = list(itertools.accumulate(1.0 / (i + 1) ** 1.05 for i in range(len(VOCAB))))
random_ = rng.random
# Text is cut from a stream of 4 million Zipf-drawn words (about 30 MB, far beyond any Parquet page or compressor
# window) at random offsets: the same statistics as drawing each word, at a speed that makes a 1 GB file in minutes.
WORD_STREAM = rng.choices(VOCAB, cum_weights=CUM, k=4_000_000)

def words(n):
    i = rng.randrange(len(WORD_STREAM) - n)
    return WORD_STREAM[i:i + n]

def sentence():
    ws = words(max(3, int(rng.gauss(14, 6))))
    ws[0] = ws[0].capitalize()
    if random_() < 0.2: ws.insert(rng.randrange(len(ws)), f"`{'_'.join(words(2))}()`")
    return " ".join(ws) + rng.choice([".", ".", ".", ":", "?"])

def prose(sentences):
    return " ".join(sentence() for _ in range(sentences))

def lognormal_chars(median, sigma, cap):
    return min(cap, max(20, int(rng.lognormvariate(math.log(median), sigma))))

def ident():
    return "_".join(words(rng.choice([1, 2, 2, 3])))

def code_line(names, depth):
    pad = "    " * depth
    k = random_()
    a, b, c = rng.choice(names), rng.choice(names), rng.choice(names)
    if k < 0.12: return f"{pad}def {a}(self, {b}, {c}=None):"
    if k < 0.22: return f"{pad}if {a} is not None and {b}.{c}:"
    if k < 0.34: return f"{pad}return {a}.{b}({c}, {rng.randint(0, 99)})"
    if k < 0.44: return f"{pad}for {a} in self.{b}:"
    if k < 0.52: return f"{pad}# {' '.join(words(rng.randint(3, 9)))}"
    if k < 0.58: return f"{pad}raise {a.title().replace('_', '')}Error(f\"{' '.join(words(4))} {{{b}}}\")"
    if k < 0.62: return f"from .{a} import {b}, {c}"
    if k < 0.66: return ""
    return f"{pad}{a} = {b}.{c}({rng.choice(names)!r})" if k < 0.83 else f"{pad}self.{a} = {b}[{c}]"

def code_stream(names, lines):
    depth, out = 0, []
    for _ in range(lines):
        line = code_line(names, depth)
        out.append(line)
        depth = max(0, min(3, depth + (1 if line.endswith(":") else -1 if random_() < 0.25 else 0)))
    return out

def source_file(repo, lines):
    """A run of lines cut at a random offset from the repository's own stream of code (built from its identifiers)."""
    code = repo["code"]
    i = rng.randrange(max(1, len(code) - lines))
    return code[i:i + lines]

def repository(n):
    owner, name = ident().replace("_", ""), ident().replace("_", "-")
    names = [ident() for _ in range(300)]
    package = name.replace("-", "_")
    paths = [f"{package}/{ident()}.py" for _ in range(rng.randint(8, 30))] + [f"tests/test_{ident()}.py" for _ in range(rng.randint(3, 10))]
    return {"owner": owner, "name": name, "names": names, "paths": paths, "issues": 0, "code": code_stream(names, 40_000)}

def numbered(lines, start=1):
    return "\n".join(f"{i:6}\t{line}" for i, line in enumerate(lines, start))

def bash_result(repo, files, command_kind, code):
    if command_kind == "pytest":
        tests = [f"{rng.choice(repo['paths'][-5:])}::test_{rng.choice(repo['names'])}" for _ in range(rng.randint(1, 40))]
        lines = [f"{t} {'FAILED' if code and random_() < 0.3 else 'PASSED'}" for t in tests]
        if code:
            lines += ["", "=" * 30 + " FAILURES " + "=" * 30]
            for t in tests[: rng.randint(1, 3)]:
                lines += [f"____ {t} ____", *source_file(repo, rng.randint(3, 25)),
                          f"E   AssertionError: {prose(1)}", ""]
        lines.append(f"{'=' * 10} {len(tests)} passed in {random_() * 9:.2f}s {'=' * 10}")
        text = "\n".join(lines)
    elif command_kind == "grep":
        text = "\n".join(f"{rng.choice(repo['paths'])}:{rng.randint(1, 900)}:{code_line(repo['names'], 1).strip()}"
                         for _ in range(lognormal_chars(8, 1.2, 400)))
    elif command_kind == "python":
        if code:
            frames = [f'  File "/testbed/{rng.choice(repo["paths"])}", line {rng.randint(1, 900)}, in {rng.choice(repo["names"])}\n'
                      f'    {code_line(repo["names"], 0)}' for _ in range(rng.randint(2, 14))]
            text = "Traceback (most recent call last):\n" + "\n".join(frames) + f"\nValueError: {prose(1)}"
        else:
            text = "\n".join(f"{rng.choice(repo['names'])}: {rng.choice(repo['names'])} {random_():.4f}" for _ in range(lognormal_chars(6, 1.0, 200)))
    else:  # ls / git / pip
        text = "\n".join(rng.choice(repo["paths"]) for _ in range(lognormal_chars(10, 0.8, 200)))
    return text + f"\n[The command completed with exit code {code}.]"

def view_result(path, file_lines):
    start = rng.randint(1, max(1, len(file_lines) - 20))
    end = min(len(file_lines), start + lognormal_chars(40, 0.9, 600))
    return f"Here's the result of running `cat -n` on /testbed/{path}:\n" + numbered(file_lines[start - 1:end], start)

TOOLS = [{"type": "function", "function": {"name": name, "description": prose(rng.randint(8, 20)),
                                           "parameters": json.dumps({"type": "object", "properties": {p: {"type": "string", "description": prose(2)} for p in params}, "required": params[:1]})}}
         for name, params in [("execute_bash", ["command", "is_input", "timeout"]), ("str_replace_editor", ["command", "path", "file_text", "old_str", "new_str", "insert_line", "view_range"]),
                              ("think", ["thought"]), ("finish", ["message"])]]
SYSTEM = "You are OpenHands agent, a helpful AI assistant that can interact with a computer to solve tasks.\n" + "\n\n".join(prose(6) for _ in range(12))

def message(role, content, tool_calls=None, name=None, tool_call_id=None):
    return {"content": content, "name": name, "role": role, "tool_call_id": tool_call_id, "tool_calls": tool_calls}

def trajectory(repo, row):
    files = {}
    def file_of(path):
        if path not in files: files[path] = source_file(repo, lognormal_chars(250, 0.8, 3000))
        return files[path]
    messages = [message("system", SYSTEM),
                message("user", f"<uploaded_files>\n/testbed\n</uploaded_files>\nI've uploaded a python code repository. Consider the following issue:\n\n"
                                f"<issue_description>\n{prose(lognormal_chars(10, 0.7, 80))}\n```python\n" + "\n".join(source_file(repo, rng.randint(3, 30)))
                                + f"\n```\n{prose(rng.randint(2, 10))}\n</issue_description>")]
    turns, calls = min(100, max(6, int(rng.gauss(64, 22)))), 0
    for t in range(turns - 1):
        call_id = f"toolu_{rng.getrandbits(64):016x}"
        kind = rng.choices(["bash", "view", "edit", "think"], [0.5, 0.3, 0.15, 0.05])[0]
        path = rng.choice(repo["paths"])
        content = prose(lognormal_chars(2, 0.8, 20)) if random_() < 0.7 else ""
        if kind == "bash":
            command_kind = rng.choices(["pytest", "grep", "python", "ls"], [0.35, 0.3, 0.2, 0.15])[0]
            command = {"pytest": f"cd /testbed && python -m pytest {path} -x -q", "grep": f"grep -rn '{rng.choice(repo['names'])}' /testbed/{path.split('/')[0]}",
                       "python": f"cd /testbed && python reproduce_{ident()}.py", "ls": "cd /testbed && git status && ls -R"}[command_kind]
            # Only test and script runs fail: grep prints its hits (exit 0; its exit 1 means "no match", which is no failure)
            code = (rng.choice([1, 1, 1, 2, 4, 127]) if random_() < 0.25 else 0) if command_kind in ("pytest", "python") else 0
            args, result = {"command": command}, bash_result(repo, files, command_kind, code)
            name = "execute_bash"
        elif kind == "view":
            args, result, name = {"command": "view", "path": f"/testbed/{path}"}, view_result(path, file_of(path)), "str_replace_editor"
        elif kind == "edit":
            lines = file_of(path)
            old = "\n".join(lines[max(0, len(lines) // 2 - 3): len(lines) // 2 + 2])
            new = "\n".join(source_file(repo, rng.randint(2, 20)))
            args = {"command": "str_replace", "path": f"/testbed/{path}", "old_str": old, "new_str": new}
            result = f"The file /testbed/{path} has been edited. Here's the result of running `cat -n` on a snippet of /testbed/{path}:\n" + numbered(new.split("\n"), len(lines) // 2)
            name = "str_replace_editor"
        else:
            args, result, name = {"thought": prose(rng.randint(2, 8))}, "Your thought has been logged.", "think"
        call = {"function": {"arguments": json.dumps(args), "name": name}, "id": call_id, "type": "function"}
        messages.append(message("assistant", content, tool_calls=[call]))
        messages.append(message("tool", result, name=name, tool_call_id=call_id))
        calls += 1
    messages.append(message("assistant", prose(rng.randint(2, 12)), tool_calls=[{"function": {"arguments": json.dumps({"message": prose(3)}), "name": "finish"},
                                                                               "id": f"toolu_{rng.getrandbits(64):016x}", "type": "function"}]))
    return messages, calls + 1

written, rows, tool_calls, resolved = 0, 0, 0, 0
repos = [repository(i) for i in range(60)]
with open(out, "w") as f:
    while written < size_mb * 1_000_000:
        repo = rng.choice(repos)
        repo["issues"] += 1
        messages, calls = trajectory(repo, rows)
        ok = int(random_() < 0.48)
        patch_file = rng.choice(repo["paths"])
        tested = random_() < 0.3
        record = {"trajectory_id": f"chatcmpl-{rng.getrandbits(128):032x}", "instance_id": f"{repo['owner']}__{repo['name']}-{repo['issues'] * 7 + rng.randint(0, 6)}",
                  "repo": f"{repo['owner']}/{repo['name']}", "trajectory": messages, "tools": TOOLS,
                  "model_patch": f"diff --git a/{patch_file} b/{patch_file}\n--- a/{patch_file}\n+++ b/{patch_file}\n@@ -1,9 +1,12 @@\n"
                                 + "\n".join(rng.choice("+- ") + line for line in source_file(repo, lognormal_chars(25, 0.8, 400))),
                  "exit_status": "submit" if random_() < 0.93 else rng.choice(["error", "max_iterations_reached"]), "resolved": ok,
                  "gen_tests_correct": float(random_() < 0.6) if tested else None, "pred_passes_gen_tests": float(random_() < 0.5) if tested else None}
        line = json.dumps(record) + "\n"
        f.write(line)
        written += len(line)
        rows += 1
        tool_calls += calls
        resolved += ok
print(json.dumps({"rows": rows, "bytes": written, "tool_calls": tool_calls, "resolved": resolved}))
