"""Peer (b): the same filter, converting each kept run to an OpenAI chat fine-tuning record (messages + tool calls)."""
import json
import sys

with open(sys.argv[1], "rb") as src, open(sys.argv[2], "w", encoding="utf-8") as dst:
    for line in src:
        row = json.loads(line)
        spans = row["spans"]
        if not (len(spans) >= 3 and any(s["exit_code"] != 0 for s in spans) and row["metadata"].get("dataset") == "mbpp"):
            continue
        messages = [{"role": "user", "content": row["prompt"]}]
        spans = sorted(spans, key=lambda s: s["start_ns"])
        for step, span in zip(sorted(row["llm_steps"], key=lambda s: s["step_number"]), spans):
            call = step["tool_calls"][0]
            messages.append({"role": "assistant", "content": step["model_output"] or None,
                             "tool_calls": [{"id": call["id"], "type": "function",
                                             "function": {"name": span["tool_name"], "arguments": call["function"]["arguments"]}}]})
            messages.append({"role": "tool", "tool_call_id": call["id"], "content": span["tool_output"]})
        dst.write(json.dumps({"messages": messages}, ensure_ascii=False) + "\n")
