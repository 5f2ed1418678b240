#!/usr/bin/env python3
"""Counts of an OpenHands file, straight from its JSON (input-formats-2 §4), for the reader tests.

A file is a trajectory (a JSON list of events, or {"trajectory": [...]}) holding one run, or an output.jsonl whose
every line is one run with its events in "history" (old rows may hold [action, observation] pairs). For each run,
in file order, prints:
  id           the file stem for a trajectory; instance_id, else owner/repo#number of the issue, for a row
  tool_calls   action events whose kind is not conversation or control (message, system, finish, reject, recall,
               condensation, condensation_request, change_agent_state, null)
  failed       calls whose observation is an "error" one, or whose exit code (extras.metadata.exit_code,
               extras.exit_code or a flat exit_code; -1 means unknown) is neither 0 nor -1
  rejected     calls whose observation is "user_rejected"
  exit_codes   calls with a known exit code
  messages     every message the run shows: user and agent messages, the system prompt, finish/reject, a
               condensation, one assistant message per model response (or per call without one), one tool result per
               answered call, and every observation that answers no call (but agent state changes and empty "null" ones)
  flagged_text run_ipython calls (no exit code, no error flag) whose output shows output-formats §11's failure text:
               a traceback, the edit linter's syntax error, or an "XError: " line
  items        the entries of the event list (an old row's [action, observation] pair is one entry)
  unknown      kinds (action or observation values) outside the lists of input-formats-2 §4, with their counts
  input, output, cache_read, cache_write, api_calls, cost   usage: the row's metrics (or the last event's llm_metrics)
               accumulated_token_usage when it has one, else the sum over distinct model responses; input is
               prompt tokens less cache reads and writes; cost is accumulated_cost when above 0
An observation answers the call whose event id is its "cause", else whose tool_call_id it repeats, else (when it has
neither, nor an id: the flat layout) the call right before it. Usage: openhands.py FILE...
"""
import json
import os
import re
import sys

FLAGGED = re.compile(r"^Traceback \(most recent call last\):|Your proposed edit has introduced new syntax error|"
                     r"^(\w+\.)*\w*(Error|Exception): ", re.M)
# input-formats-2 §4: the action and observation kinds it names (observations also take the tool kinds' names), and
# the control kinds of OpenHands's schema the reader also maps.
KNOWN = {"message", "system", "run", "run_ipython", "read", "write", "edit", "browse", "browse_interactive",
         "call_tool_mcp", "think", "finish", "reject", "delegate", "recall", "condensation", "error", "success",
         "user_rejected", "agent_state_changed", "mcp", "condense", "loop_detection", "condensation_request",
         "change_agent_state", "null"}
NOT_CALLS = {"message", "system", "finish", "reject", "recall", "condensation", "condensation_request",
             "change_agent_state", "null"}


def runs(path):
    """(id, events, row) per run."""
    with open(path, encoding="utf-8-sig") as f:
        text = f.read()
    stem = os.path.basename(path).rsplit(".", 1)[0]
    stripped = text.lstrip()
    if stripped.startswith("["):
        return [(stem, json.loads(text), None)]
    try:
        doc = json.loads(text)
        if isinstance(doc, dict) and isinstance(doc.get("trajectory"), list) and "history" not in doc:
            return [(stem, doc["trajectory"], None)]
    except json.JSONDecodeError:
        pass
    result = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("instance_id") not in (None, ""):
            rid = str(row["instance_id"])
        elif isinstance(row.get("issue"), dict) and "number" in row["issue"]:
            issue = row["issue"]
            rid = f"{issue.get('owner')}/{issue.get('repo')}#{issue['number']}"
        else:
            rid = f"{stem}#{number}"
        result.append((rid, row["history"], row))
    return result


def flatten(history):
    for item in history:
        for part in (item if isinstance(item, list) else [item]):
            if isinstance(part, dict) and (isinstance(part.get("action"), str) or isinstance(part.get("observation"), str)):
                yield part


def tcm(e):
    return e.get("tool_call_metadata") if isinstance(e.get("tool_call_metadata"), dict) else {}


def response(e):
    r = tcm(e).get("model_response")
    return r if isinstance(r, dict) else None


def exit_code(obs):
    extras = obs.get("extras") if isinstance(obs.get("extras"), dict) else {}
    meta = extras.get("metadata") if isinstance(extras.get("metadata"), dict) else {}
    for value in (meta.get("exit_code"), extras.get("exit_code"), obs.get("exit_code")):
        if isinstance(value, int) and not isinstance(value, bool):
            return None if value == -1 else value
    return None


def usage(events, row):
    out = dict(input=None, output=None, cache_read=None, cache_write=None, api_calls=None, cost=None)
    seen = {}
    for e in events:
        r = response(e)
        if r and isinstance(r.get("id"), str) and r["id"] not in seen:
            seen[r["id"]] = r.get("usage") if isinstance(r.get("usage"), dict) else None
    for u in seen.values():
        if not u:
            continue
        details = u.get("prompt_tokens_details") or {}
        read = u.get("cache_read_input_tokens", details.get("cached_tokens"))
        write = u.get("cache_creation_input_tokens")
        add = {"input": max(0, u["prompt_tokens"] - (read or 0) - (write or 0)) if "prompt_tokens" in u else None,
               "output": u.get("completion_tokens"), "cache_read": read, "cache_write": write}
        for k, v in add.items():
            if v is not None:
                out[k] = (out[k] or 0) + v
    out["api_calls"] = len(seen) or None
    metrics = row.get("metrics") if row is not None else None
    if not isinstance(metrics, dict):
        metrics = None
        for e in events:
            if isinstance(e.get("llm_metrics"), dict):
                metrics = e["llm_metrics"]
    if metrics:
        acc = metrics.get("accumulated_token_usage")
        if isinstance(acc, dict) and isinstance(acc.get("prompt_tokens"), int):
            read, write = acc.get("cache_read_tokens"), acc.get("cache_write_tokens")
            out.update(input=max(0, acc["prompt_tokens"] - (read or 0) - (write or 0)), output=acc.get("completion_tokens"),
                       cache_read=read, cache_write=write)
        if out["api_calls"] is None and isinstance(metrics.get("costs"), list) and metrics["costs"]:
            out["api_calls"] = len(metrics["costs"])
        cost = metrics.get("accumulated_cost")
        if isinstance(cost, (int, float)) and cost > 0:
            out["cost"] = cost
    return out


def count(run_id, history, row):
    events = list(flatten(history))
    calls, by_id, by_call = [], {}, {}
    responses, messages, previous = set(), 0, None
    for e in events:
        if isinstance(e.get("action"), str):
            kind, r = e["action"], response(e)
            assistant = kind in ("finish", "reject") or kind not in NOT_CALLS or (kind == "message" and e.get("source") == "agent")
            if assistant:
                rid = r.get("id") if r else None
                if rid is None or rid not in responses:
                    messages += 1
                if rid is not None:
                    responses.add(rid)
            elif kind in ("message", "system", "condensation"):
                messages += 1
            if kind not in NOT_CALLS:
                call = {"obs": None, "event": e}
                calls.append(call)
                if isinstance(e.get("id"), int):
                    by_id[e["id"]] = call
                if isinstance(tcm(e).get("tool_call_id"), str):
                    by_call[tcm(e)["tool_call_id"]] = call
        else:
            cause, call_id = e.get("cause"), tcm(e).get("tool_call_id")
            call = None
            if isinstance(cause, int) and cause in by_id and by_id[cause]["obs"] is None:
                call = by_id[cause]
            elif isinstance(call_id, str) and call_id in by_call and by_call[call_id]["obs"] is None:
                call = by_call[call_id]
            elif "id" not in e and not isinstance(cause, int) and call_id is None and previous is not None and calls \
                    and calls[-1]["event"] is previous and calls[-1]["obs"] is None:
                call = calls[-1]
            if call is not None:
                call["obs"] = e
                messages += 1
            elif e["observation"] == "agent_state_changed" or (e["observation"] == "null" and not e.get("content")):
                pass
            else:
                messages += 1
        previous = e
    answered = [c["obs"] for c in calls if c["obs"] is not None]
    failed = sum(1 for o in answered if o["observation"] == "error" or exit_code(o) not in (None, 0))
    flagged = sum(1 for c in calls if c["obs"] is not None and c["event"]["action"] == "run_ipython"
                  and c["obs"]["observation"] != "error" and exit_code(c["obs"]) is None
                  and isinstance(c["obs"].get("content"), str) and FLAGGED.search(c["obs"]["content"].replace("\r\n", "\n")))
    unknown = {}
    for e in events:
        kind = e["action"] if isinstance(e.get("action"), str) else e["observation"]
        if kind not in KNOWN:
            unknown[kind] = unknown.get(kind, 0) + 1
    result = {"id": run_id, "tool_calls": len(calls), "failed": failed, "flagged_text": flagged,
              "items": len(history), "unknown": unknown,
              "rejected": sum(1 for o in answered if o["observation"] == "user_rejected"),
              "exit_codes": sum(1 for o in answered if exit_code(o) is not None), "messages": messages}
    result.update(usage(events, row))
    return result


if __name__ == "__main__":
    print(json.dumps({p: [count(*r) for r in runs(p)] for p in sys.argv[1:]}))
