#!/usr/bin/env bash
# GC settings benchmark: one packed tool timed under several garbage-collector settings, each written into a copy of
# its runtimeconfig.json (what a project setting in Tool.csproj produces), alternating the settings inside every round
# on every scenario, so machine drift hits all alike. Whole processes; wall, CPU (user + system) and peak RSS by GNU time.
# Scenarios: bench/speed (a) (b) (c) on a generated AgentTrace corpus; `inspect --json` on the bench/sessions folders
# (Claude Code, Codex, Pi) at each SESSIONS size; the bench/chat-rows filter on its Parquet file (CHAT_MB of JSONL).
# usage: bench/gc/run.sh [ROUNDS=5]        writes bench/results/gc-settings.md
#   SETTINGS="current|  ws-32MB|System.GC.Server=false,System.GC.Gen0MaxBudget=0x2000000"   name|runtimeconfig edits
#     (comma-separated key=value; the first setting is the one the others' ratios are to; default: the current one
#     against Server GC and workstation GC each with gen0's budget capped at 32 MB).
#   INSTALLED=<path of dotnet-trace-curate or of the tool's TraceCurate>: a tool already installed (default: pack one).
#   SPEED_MB=100  SESSIONS="60 120"  CHAT_MB=500 (0: no chat-row scenario; its data is made by bench/chat-rows/run.sh's
#   steps, needs `npm ci --prefix tests/interop`)  CHAT_ROUNDS=1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../.." && pwd)"
rounds="${1:-5}"; speed_mb="${SPEED_MB:-100}"; sessions="${SESSIONS:-60 120}"; chat_mb="${CHAT_MB:-500}"
settings="${SETTINGS:-current|  server-32MB|System.GC.Gen0MaxBudget=0x2000000  ws-32MB|System.GC.Server=false,System.GC.Gen0MaxBudget=0x2000000}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
export TRACE_CURATE_CACHE="$work/cache"

# The data the three benchmarks make, made the same way (kept where they keep it, so a run reuses it).
corpus="$root/bench/speed/.data/corpus-${speed_mb}MB.jsonl"
[[ -f "$corpus" ]] || { mkdir -p "$(dirname "$corpus")"; python3 "$root/bench/speed/gen_corpus.py" "$corpus" "$speed_mb"; }
for s in $sessions; do for f in claude-code codex pi; do
  share=$([[ $f == claude-code ]] && echo "$s" || python3 -c "print($s / 3)")
  d="$root/bench/sessions/.data/${s}MB/$f"
  [[ -d "$d" ]] || python3 "$root/bench/sessions/gen_sessions.py" "$root/../shared/corpus" "$d" "$f" "$share"
done; done
chat="$root/bench/chat-rows/.data/$chat_mb"
if [[ "$chat_mb" != 0 && ! -f "$chat/rows.parquet" ]]; then
  mkdir -p "$chat"; cp "$root"/bench/chat-rows/*.mjs "$chat/.."; ln -sfn "$root/tests/interop/node_modules" "$chat/../node_modules"
  python3 "$root/bench/chat-rows/generate.py" "$chat_mb" "$chat/rows.jsonl" >"$chat/gen.json"
  node "$chat/../to-parquet.mjs" "$chat/rows.jsonl" "$chat/rows.parquet" >"$chat/pq.json" && rm "$chat/rows.jsonl"
fi
if [[ "$chat_mb" != 0 ]]; then # the chat-row benchmark's recipe, its input named by its path
  sed "s|\[rows.parquet\]|[$chat/rows.parquet]|" "$root/bench/chat-rows/filter.yaml" >"$work/chat.yaml"
fi

# One copy of the installed tool's folder per setting, its runtimeconfig.json edited as the project file would write it.
installed="${INSTALLED:-$("$root/bench/install-tool.sh" "$work/install")}"
tooldir="$(dirname "$(readlink -f "$(find "$(dirname "$installed")" -name TraceCurate.runtimeconfig.json | head -n 1)")")"
names=()
for s in $settings; do
  name="${s%%|*}"; edits="${s#*|}"; names+=("$name")
  cp -r "$tooldir" "$work/tc-$name"
  python3 - "$work/tc-$name/TraceCurate.runtimeconfig.json" "$edits" <<'PY'
import json, sys
path, edits = sys.argv[1], sys.argv[2]
j = json.load(open(path))
props = j["runtimeOptions"]["configProperties"]
for kv in filter(None, edits.split(",")):
    k, v = kv.split("=", 1)
    props[k] = {"true": True, "false": False}.get(v, int(v, 0) if v[:1].isdigit() else v)
json.dump(j, open(path, "w"), indent=2)
PY
done

times="$work/times.tsv"; : >"$times"
# measure SCENARIO SETTING OUT CMD…: one timed run; appends "scenario setting wall_s cpu_s peak_kb".
measure() {
  local scenario="$1" setting="$2" out="$3"; shift 3
  /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >"$out" 2>"$work/stderr" || { echo "FAILED: $*" >&2; tail "$work/stderr" >&2; exit 1; }
  read -r wall user sys peak <"$work/t"
  echo "$scenario $setting $wall $(python3 -c "print(round($user + $sys, 2))") $peak" >>"$times"
}
for n in "${names[@]}"; do # warm-up: the snippets compiled and the corpus hashed once per setting's cache
  for r in a-filter b-openai c-parquet; do
    "$work/tc-$n/TraceCurate" run "$root/bench/speed/recipes/$r.yaml" --input "$corpus" --out "$work/warm" >/dev/null 2>&1
  done
done
for r in $(seq "$rounds"); do
  echo "round $r/$rounds" >&2
  for sc in a-filter b-openai c-parquet; do for n in "${names[@]}"; do
    measure "speed-${sc:0:1}" "$n" "$work/out.txt" "$work/tc-$n/TraceCurate" run "$root/bench/speed/recipes/$sc.yaml" --input "$corpus" --out "$work/o-$sc-$n"
  done; done
  for s in $sessions; do for f in claude-code codex pi; do for n in "${names[@]}"; do
    measure "$f-${s}MB" "$n" "$work/$f-$s-$n.json" "$work/tc-$n/TraceCurate" inspect "$root/bench/sessions/.data/${s}MB/$f" --json
  done; done; done
done
if [[ "$chat_mb" != 0 ]]; then for r in $(seq "${CHAT_ROUNDS:-1}"); do for n in "${names[@]}"; do
  measure "chat-rows" "$n" "$work/chat-$n.txt" "$work/tc-$n/TraceCurate" run "$work/chat.yaml" --out "$work/chat-$n" --threads 2 --quiet
done; done; fi

# Every setting must do the same work: the same outputs and counts as the first setting.
first="${names[0]}"
for n in "${names[@]:1}"; do
  for sc in a-filter b-openai; do
    for f in "$work/o-$sc-$first"/kept*.jsonl; do cmp -s "$f" "$work/o-$sc-$n/$(basename "$f")" || { echo "$sc: $n's output differs" >&2; exit 1; }; done
  done
  for s in $sessions; do for f in claude-code codex pi; do
    cmp -s <(python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(j['traces'], j['actions'])" "$work/$f-$s-$first.json") \
      <(python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(j['traces'], j['actions'])" "$work/$f-$s-$n.json") \
      || { echo "$f ${s}MB: $n's counts differ" >&2; exit 1; }
  done; done
  [[ "$chat_mb" == 0 ]] || cmp -s "$work/chat-$first/kept.jsonl" "$work/chat-$n/kept.jsonl" || { echo "chat-rows: $n's kept rows differ" >&2; exit 1; }
done

mkdir -p "$root/bench/results"
python3 - "$times" "$settings" <<'PY' | tee "$root/bench/results/gc-settings.md"
import statistics, sys
from collections import defaultdict
times, settings = sys.argv[1], sys.argv[2].split()
names = [s.split("|")[0] for s in settings]
rows = defaultdict(list)
for line in open(times):
    scenario, setting, wall, cpu, peak = line.split()
    rows[(scenario, setting)].append((float(wall), float(cpu), int(peak) / 1024))
scenarios = list(dict.fromkeys(s for s, _ in rows))
print("Settings (edits to the packed tool's runtimeconfig.json):")
for s in settings:
    name, edits = s.split("|", 1)
    print(f"- {name}: {edits or 'as packed'}")
print()
print(f"Median of the alternating rounds (chat-rows: its runs); wall and CPU s; peak MB = median (max) of the runs' peak RSS.")
print(f"Ratios are to {names[0]}'s median, with the range of the per-round ratios for wall and CPU.\n")
print("| scenario | setting | runs | wall s | CPU s | peak MB | wall × | CPU × | peak × |")
print("|---|---|---|---|---|---|---|---|---|")
for sc in scenarios:
    base = rows[(sc, names[0])]
    for n in names:
        v = rows[(sc, n)]
        w, c = statistics.median(x[0] for x in v), statistics.median(x[1] for x in v)
        p, pmax = statistics.median(x[2] for x in v), max(x[2] for x in v)
        if n == names[0]:
            ratios = " |  | "
        else:
            bw, bc = statistics.median(x[0] for x in base), statistics.median(x[1] for x in base)
            rw = [a[0] / b[0] for a, b in zip(v, base)]; rc = [a[1] / b[1] for a, b in zip(v, base) if b[1]]
            bp = statistics.median(x[2] for x in base)
            ratios = f"{w / bw:.2f} ({min(rw):.2f}–{max(rw):.2f}) | {c / bc:.2f} ({min(rc):.2f}–{max(rc):.2f}) | {p / bp:.2f}"
        print(f"| {sc} | {n} | {len(v)} | {w:.2f} | {c:.2f} | {p:.0f} ({pmax:.0f}) | {ratios} |")
PY
