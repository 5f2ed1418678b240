"""Writes N AgentTrace JSONL rows, deterministically, independently of trace-curate (used to check its filters).

usage: agenttrace_gen.py OUT.jsonl N SEED
Rows vary in step and span counts, exit codes, models, datasets and sizes; a few lines exceed 1 MiB so the reader's
buffer must grow, and some text is non-ASCII.
"""
import json
import random
import sys

out, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
models = ["Qwen/Qwen3-0.6B", "Qwen/Qwen3-1.7B"]
datasets = ["mbpp", "nl2bash"]
tools = ["python_interpreter", "bash", "final_answer"]

with open(out, "w", encoding="utf-8", newline="\n") as f:
    for i in range(n):
        nspans = rng.randint(0, 10)
        spans = []
        t = 1_000_000_000
        for j in range(nspans):
            dur = rng.uniform(1, 500)
            code = rng.choice([0, 0, 0, 0, 1, 2, 127])
            size = 4000 if rng.random() < 0.9 else rng.choice([20_000, 1_200_000 if rng.random() < 0.05 else 60_000])
            spans.append({
                "span_id": f"s{j}", "type": "TOOL", "tool_name": rng.choice(tools),
                "tool_input": "kwargs={'code': 'print(%d)'}" % j,
                "tool_output": ("ok é ✓ " * (size // 8))[:size],
                "start_ns": t, "end_ns": t + int(dur * 1e6), "duration_ms": round(dur, 3),
                "telemetry": {"user_time_s": rng.random(), "system_time_s": rng.random() / 10,
                              "max_rss_bytes": rng.randint(1, 4) * 2**27, "read_bytes": 0, "write_bytes": 512 * j},
                "exit_code": code, "parent_span_id": None,
            })
            t += int(dur * 1e6) + 1000
        steps = [{"step_id": f"l{k}", "step_number": k + 1, "model_output": "", "reasoning_content": "think " * rng.randint(1, 200),
                  "tool_calls": [{"id": f"c{k}", "type": "function", "function": {"name": spans[k]["tool_name"], "arguments": "{}"}}],
                  "duration_ms": 100.0, "input_tokens": rng.randint(100, 5000), "output_tokens": rng.randint(10, 900)}
                 for k in range(nspans)]
        row = {"trace_id": f"trace-{seed}-{i:05d}", "timestamp_utc": "2026-03-28T14:%02d:%02d.%06d+00:00" % (i // 60 % 60, i % 60, i),
               "prompt": f"Task {i}: write a function ✓", "model": rng.choice(models), "spans": spans, "llm_steps": steps,
               "total_duration_ms": round(sum(s["duration_ms"] for s in spans), 3),
               "metadata": {"dataset": rng.choice(datasets), "task_id": f"{i % 97}", "platform": {"python": "3.11"}}}
        f.write(json.dumps(row, ensure_ascii=False) + "\n")
