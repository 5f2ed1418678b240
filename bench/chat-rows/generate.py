#!/usr/bin/env python3
"""Writes a chat-row JSONL dataset of about SIZE_MB megabytes, shaped like nebius/SWE-rebench-openhands-trajectories:
long multi-turn OpenAI rows (tool_calls with JSON-string arguments, tool replies with OpenHands' exit-code suffix),
beside instance_id, resolved (0/1), exit_status and model_patch columns. Deterministic for a given size.
Usage: generate.py SIZE_MB OUT.jsonl"""
import json, random, sys

size_mb, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(23)
filler = "lorem ipsum dolor sit amet " * 40
written, row = 0, 0
with open(out, "w") as f:
    while written < size_mb * 1_000_000:
        turns = rng.randint(20, 60)
        messages = [{"role": "system", "content": "You are OpenHands agent."},
                    {"role": "user", "content": f"Fix issue {row}: " + filler[: rng.randint(200, 1000)]}]
        for t in range(turns):
            code = 1 if rng.random() < 0.15 else 0
            call = f"call_{t}"
            messages.append({"role": "assistant", "content": "Next step. " + filler[: rng.randint(50, 400)],
                             "tool_calls": [{"id": call, "type": "function", "function": {
                                 "name": "execute_bash", "arguments": json.dumps({"command": f"pytest -q tests/test_{t}.py"})}}]})
            messages.append({"role": "tool", "tool_call_id": call, "name": "execute_bash",
                             "content": filler[: rng.randint(200, 2000)] + f"\n[The command completed with exit code {code}.]"})
        messages.append({"role": "assistant", "content": "Done."})
        record = {"trajectory_id": f"run-{row}", "instance_id": f"acme__lib-{row % 997}", "resolved": int(rng.random() < 0.4),
                  "exit_status": "submit", "model_patch": "diff --git a/x b/x\n" + filler[:300], "messages": messages}
        line = json.dumps(record) + "\n"
        f.write(line)
        written += len(line)
        row += 1
print(json.dumps({"rows": row, "bytes": written}))
