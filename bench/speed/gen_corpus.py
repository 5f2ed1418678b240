"""Deterministic AgentTrace-shaped corpus of about SIZE_MB megabytes, for the speed benchmark.

usage: gen_corpus.py OUT.jsonl SIZE_MB [SEED]
Realistic field sizes: 1-10 tool calls per run, multi-KB tool outputs (a few of 20-60 KB), long Qwen3-style
reasoning, OpenAI-style tool calls, Python-repr tool inputs, telemetry. About a third of the runs have a failed call.
Texts are multi-line, as real outputs and reasoning are.
"""
import json
import random
import sys

out, size_mb = sys.argv[1], float(sys.argv[2])
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
target = int(size_mb * 1e6)
words = ("the function returns list value error test case input output python bash file directory count sort "
         "string number parse check result first second loop index print import module def class return").split()


def text(n_words):
    # Lines of about a dozen words: tool outputs, code and reasoning are multi-line text, so most long strings carry
    # escapes (\n), which is what real traces make a JSON parser handle.
    return "".join(rng.choice(words) + ("\n" if k % 12 == 11 else " ") for k in range(n_words)).rstrip()


tools = ["python_interpreter", "bash", "final_answer"]
written = 0
i = 0
with open(out, "w", encoding="utf-8", newline="\n") as f:
    while written < target:
        n = rng.randint(1, 10)
        failing = rng.random() < 0.35
        spans, steps = [], []
        t = 10**12
        for k in range(n):
            tool = "final_answer" if k == n - 1 else rng.choice(tools[:2])
            code = 1 if failing and k == rng.randint(0, n - 1) else 0
            out_words = rng.choice([60, 250, 600, 900]) if rng.random() < 0.95 else rng.choice([3000, 9000])
            dur = rng.uniform(2, 900)
            spans.append({"span_id": f"s{k}", "type": "TOOL", "tool_name": tool,
                          "tool_input": "kwargs={'code': '%s'}" % text(rng.randint(5, 60)).replace("'", ""),
                          "tool_output": ("Traceback (most recent call last):\nNameError: " if code else "") + text(out_words),
                          "start_ns": t, "end_ns": t + int(dur * 1e6), "duration_ms": round(dur, 3),
                          "telemetry": {"user_time_s": round(rng.random(), 4), "system_time_s": round(rng.random() / 9, 4),
                                        "max_rss_bytes": rng.randint(1, 8) * 2**26, "read_bytes": 0, "write_bytes": 4096 * k},
                          "exit_code": code, "parent_span_id": None})
            t += int(dur * 1e6) + 10**6
            steps.append({"step_id": f"l{k}", "step_number": k + 1, "model_output": text(rng.randint(0, 40)),
                          "reasoning_content": text(rng.randint(80, 900)),
                          "tool_calls": [{"id": f"call_{k}", "type": "function",
                                          "function": {"name": tool, "arguments": json.dumps({"code": text(10)})}}],
                          "duration_ms": round(rng.uniform(200, 4000), 2),
                          "input_tokens": rng.randint(500, 9000), "output_tokens": rng.randint(20, 1500)})
        row = {"trace_id": "%08x-%04x-4%03x-8%03x-%012x" % (rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12), rng.getrandbits(12), rng.getrandbits(48)),
               "timestamp_utc": "2026-03-28T%02d:%02d:%02d.%06d+00:00" % (i // 3600 % 24, i // 60 % 60, i % 60, i % 999999),
               "prompt": "Write a function: " + text(rng.randint(10, 60)), "model": rng.choice(["Qwen/Qwen3-0.6B", "Qwen/Qwen3-1.7B"]),
               "spans": spans, "llm_steps": steps, "total_duration_ms": round(sum(s["duration_ms"] for s in spans), 3),
               "metadata": {"dataset": rng.choice(["mbpp", "nl2bash"]), "task_id": str(rng.randint(1, 500)),
                            "run_id": "bench", "platform": {"python": "3.11.7"}}}
        line = json.dumps(row, ensure_ascii=False) + "\n"
        f.write(line)
        written += len(line.encode("utf-8"))
        i += 1
print(f"{out}: {i} traces, {written / 1e6:.1f} MB", file=sys.stderr)
