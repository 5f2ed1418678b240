"""Peer for bench/sessions: Codex rollout tool calls, tool errors and usage per API call over a folder of rollouts.

Plain Python, standard library only. A tool call is a response item of type function_call, custom_tool_call or
local_shell_call; an error is a call output whose text starts "Exit code: N" with N not 0, or whose JSON output has a
non-zero metadata.exit_code; an API call is a token_count event that carries its last_token_usage.
"""
import json
import os
import sys

CALLS = ("function_call", "custom_tool_call", "local_shell_call")
totals = dict(files=0, lines=0, tool_calls=0, tool_errors=0, api_calls=0, input_tokens=0, output_tokens=0)
for folder, _, names in os.walk(sys.argv[1]):
    for name in sorted(names):
        if not name.endswith(".jsonl"):
            continue
        totals["files"] += 1
        for line in open(os.path.join(folder, name), "rb"):
            if not line.strip():
                continue
            row = json.loads(line)
            totals["lines"] += 1
            item = row.get("payload") if isinstance(row.get("payload"), dict) else row
            kind = item.get("type")
            if kind in CALLS:
                totals["tool_calls"] += 1
            elif kind in ("function_call_output", "custom_tool_call_output"):
                out = item.get("output")
                if isinstance(out, str) and out.startswith("{"):
                    try:
                        out = json.loads(out)
                    except ValueError:
                        pass
                code = (out.get("metadata") or {}).get("exit_code") if isinstance(out, dict) else None
                text = out if isinstance(out, str) else ""
                if code not in (None, 0) or (text.startswith("Exit code: ") and not text.startswith("Exit code: 0\n")):
                    totals["tool_errors"] += 1
            elif kind == "token_count" and isinstance(item.get("info"), dict) and item["info"].get("last_token_usage"):
                last = item["info"]["last_token_usage"]
                totals["api_calls"] += 1
                totals["input_tokens"] += last.get("input_tokens") or 0
                totals["output_tokens"] += last.get("output_tokens") or 0
print(json.dumps(totals))
