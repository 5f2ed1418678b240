#!/usr/bin/env bash
# Session-folder benchmark (issue 27): trace-curate on Claude Code, Codex and Pi folders built from the real files of
# the shared corpus (gen_sessions.py: replicated, ids unique per copy), against a plain Python counter per format
# (count_*.py) and, on Claude Code, ccusage's `session --json`; whole processes, alternating per round, median.
# Fails when a tool-call count of trace-curate differs from its Python counter's.
# usage: bench/sessions/run.sh [SIZE_MB=300] [ROUNDS=3] [CORPUS=../shared/corpus]
#   SIZE_MB is the Claude Code folder's size; the Codex and Pi folders get a third of it each.
#   TC="dotnet src/Tool/bin/Release/net10.0/TraceCurate.dll" times a build instead of the packed, installed tool.
#   TC_BASE="dotnet /elsewhere/TraceCurate.dll" also times a baseline build in the same rounds (inspect on every folder, run on Claude Code).
#   TC_ENV="DOTNET_gcServer=0" runs the build under test with these environment variables (space-separated VAR=value).
#   TC_BASE_ENV="DOTNET_GCgen0size=0x1000000" times the baseline rows with these variables; without TC_BASE the baseline
#     is the build under test itself, so one build is timed under two runtime settings (GC, say) in the same rounds.
#   FOLDERS="claude-code" times only some of the folders (default: claude-code claude-code-long codex codex-long codex-one pi).
#     claude-code-long is one file: copies of the corpus's largest Claude Code session, each with its ids, one after
#     another (gen_sessions.py), a third of SIZE_MB: a long session read alone, where one file cannot keep both cores
#     busy with a file each. codex-long is rollouts of 10 MB (the corpus's real rollout, its turns repeated with unique
#     ids; gen_sessions.py), a third of SIZE_MB: the size of a real day's rollout, where codex/ is mostly 500-byte files.
#     codex-one is one such rollout of a third of SIZE_MB: a long rollout read alone, as claude-code-long is for Claude Code.
#   PEERS="python" times only some of the peers (default: python ccusage); the Python counters always run once, for the check.
#   PEERS="python floor" adds the floor rows: bench/SessionFloor (published here, self-contained with ReadyToRun code)
#     reading every file, then also running Utf8JsonReader over every line, and read_only.py (Python reading every
#     file): what any reader must spend, so the table shows how far a target is above what the machine allows. On
#     Claude Code a fourth row is the run's floor: the tokens pass, and as many bytes as the run's output written on
#     one thread to a staged file, hashed with SHA-256 and renamed, as the tool writes and hashes an output.
#   HELD_OUT=DIR times folders of real sessions as they are instead of generated ones (the issue's held-out check):
#     DIR/claude-code (a ~/.claude/projects), DIR/codex (a ~/.codex/sessions), DIR/pi, whichever exist; nothing is
#     written into DIR. SIZE_MB is then ignored, and the table goes to bench/results/sessions-held-out.md.
# writes bench/results/sessions-<SIZE_MB>MB.md
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../.." && pwd)"
size="${1:-300}"; rounds="${2:-3}"; corpus="${3:-$root/../shared/corpus}"
mkdir -p "$root/bench/results"; work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
if [[ -n "${HELD_OUT:-}" ]]; then
  data="$(cd "$HELD_OUT" && pwd)"; result="$root/bench/results/sessions-held-out.md"
  folders="${FOLDERS:-$(for f in claude-code codex pi; do [[ ! -d "$data/$f" ]] || printf '%s ' "$f"; done)}"
  [[ -n "${folders// }" ]] || { echo "HELD_OUT=$HELD_OUT has none of claude-code/, codex/, pi/" >&2; exit 2; }
else
  data="$here/.data/${size}MB"; result="$root/bench/results/sessions-${size}MB.md"
  folders="${FOLDERS:-claude-code claude-code-long codex codex-long codex-one pi}"
  for f in $folders; do # only the folders timed are generated
    share=$([[ $f == claude-code ]] && echo "$size" || python3 -c "print($size / 3)")
    [[ -d "$data/$f" ]] || python3 "$here/gen_sessions.py" "$corpus" "$data/$f" "$f" "$share"
  done
fi
# ccusage reads CLAUDE_CONFIG_DIR/projects/<project>/…: the Claude Code folder is that projects folder.
mkdir -p "$work/claude-home"; ln -sfn "$data/claude-code" "$work/claude-home/projects"
[[ -x "$here/node_modules/.bin/ccusage" ]] || npm install --prefix "$here" --no-audit --no-fund >/dev/null
if [[ -n "${TC:-}" ]]; then read -r -a tc <<<"$TC"; else tc=("$("$root/bench/install-tool.sh" "$work/install")"); fi
base=(); [[ -z "${TC_BASE:-}" ]] || read -r -a base <<<"$TC_BASE"
# env VAR=value … in front of a command: the runtime reads DOTNET_* settings from the environment before its runtimeconfig.
if [[ -n "${TC_BASE_ENV:-}" ]]; then
  read -r -a e <<<"$TC_BASE_ENV"; (( ${#base[@]} )) || base=("${tc[@]}")
  base=(env "${e[@]}" "${base[@]}")
fi
if [[ -n "${TC_ENV:-}" ]]; then read -r -a e <<<"$TC_ENV"; tc=(env "${e[@]}" "${tc[@]}"); fi
peers="${PEERS:-python ccusage}"
floor=()
if [[ " $peers " == *" floor "* ]]; then
  dotnet publish "$root/bench/SessionFloor" -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=true -o "$work/floor" -nologo -v q >/dev/null
  floor=("$work/floor/SessionFloor")
fi
export TRACE_CURATE_CACHE="$work/cache"
times="$work/times.tsv"; : >"$times"

# measure SCENARIO TOOL OUT CMD…: one timed run, stdout to OUT; appends "scenario tool wall_s cpu_s peak_kb".
measure() {
  local scenario="$1" tool="$2" out="$3"; shift 3
  /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >"$out" 2>"$work/stderr" || { echo "FAILED: $*" >&2; tail "$work/stderr" >&2; exit 1; }
  read -r wall user sys peak <"$work/t"
  echo "$scenario $tool $wall $(python3 -c "print(round($user + $sys, 2))") $peak" >>"$times"
}
# floor_rows FOLDER: the floor peers (PEERS=floor) on one folder; on Claude Code also the run's floor: the tokens pass
# and as many bytes as the run's output (its warm-up run's, below) written to a staged file, hashed and renamed.
floor_rows() {
  measure "$1" python-read "$work/$1.py-read.txt" python3 "$here/read_only.py" "$data/$1"
  measure "$1" floor-read "$work/$1.floor-read.json" "${floor[@]}" read "$data/$1"
  measure "$1" floor-tokens "$work/$1.floor-tokens.json" "${floor[@]}" tokens "$data/$1"
  [[ $1 != claude-code ]] || measure "$1" floor-write "$work/$1.floor-write.json" "${floor[@]}" write "$data/$1" "$work/floor-out.jsonl" "$(stat -c %s "$work/warm/kept.openai.jsonl")"
}
recipe="$here/recipes/where-openai.yaml"
# The run is timed on Claude Code only, so a held-out DIR without claude-code/ has no run to warm (nor snippet to compile).
if [[ " $folders " == *" claude-code "* ]]; then
  "${tc[@]}" run "$recipe" --input "$data/claude-code" --out "$work/warm" >/dev/null 2>&1 # compiles the snippet once
  # The baseline's snippet too: its first run would otherwise compile it, and the peak reported is the rounds' largest.
  (( ${#base[@]} == 0 )) || "${base[@]}" run "$recipe" --input "$data/claude-code" --out "$work/warm-base" >/dev/null 2>&1
fi
# The baseline's Claude Code rows: before the build's in even rounds, after them in odd ones (as for every folder below).
cc_base() {
  measure claude-code inspect-base "$work/cc.inspect-base.json" "${base[@]}" inspect "$data/claude-code" --json
  measure claude-code run-base "$work/cc.run-base.txt" "${base[@]}" run "$recipe" --input "$data/claude-code" --out "$work/run-base"
}
for r in $(seq "$rounds"); do
  echo "round $r/$rounds" >&2
  if [[ " $folders " == *" claude-code "* ]]; then
  (( ${#base[@]} == 0 || r % 2 == 1 )) || cc_base
  measure claude-code inspect "$work/cc.inspect.json" "${tc[@]}" inspect "$data/claude-code" --json
  measure claude-code run "$work/cc.run.txt" "${tc[@]}" run "$recipe" --input "$data/claude-code" --out "$work/run"
  (( ${#base[@]} == 0 || r % 2 == 0 )) || cc_base
  [[ " $peers " != *" python "* ]] || measure claude-code python "$work/cc.py.json" python3 "$here/count_claude.py" "$data/claude-code"
  if (( ${#floor[@]} )); then floor_rows claude-code; fi
  [[ " $peers " != *" ccusage "* ]] || measure claude-code ccusage "$work/cc.ccusage.json" env CLAUDE_CONFIG_DIR="$work/claude-home" "$here/node_modules/.bin/ccusage" session --json --offline
  fi
  for f in claude-code-long codex codex-long codex-one pi; do
    [[ " $folders " == *" $f "* ]] || continue
    # The build and the baseline take turns at going first: in fixed order the first of the two was slower on the
    # Codex folder of 10,494 files in two sets of rounds (0.86-0.90x) where 16-20 alternating runs by hand gave 0.99-1.01x.
    (( ${#base[@]} == 0 || r % 2 == 1 )) || measure "$f" inspect-base "$work/$f.inspect-base.json" "${base[@]}" inspect "$data/$f" --json
    measure "$f" inspect "$work/$f.inspect.json" "${tc[@]}" inspect "$data/$f" --json
    (( ${#base[@]} == 0 || r % 2 == 0 )) || measure "$f" inspect-base "$work/$f.inspect-base.json" "${base[@]}" inspect "$data/$f" --json
    [[ " $peers " != *" python "* ]] || measure "$f" python "$work/$f.py.json" python3 "$here/count_${f%%-*}.py" "$data/$f"
    if (( ${#floor[@]} )); then floor_rows "$f"; fi
  done
done
if [[ " $peers " != *" python "* ]]; then # untimed: the counts below still need the Python counters' figures
  for f in $folders; do
    short=$([[ $f == claude-code ]] && echo cc || echo "$f")
    python3 "$here/count_${f%%-*}.py" "$data/$f" >"$work/$short.py.json"
  done
fi

# The counts must agree, or the timings compare different work: every tool call the Python counter finds is an action.
for f in $folders; do
  short=$([[ $f == claude-code ]] && echo cc || echo "$f")
  python3 - "$work/$short.inspect.json" "$work/$short.py.json" "$f" <<'PY' | tee -a "$work/counts"
import json, sys
ours, theirs = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
line = f"{sys.argv[3]}: {theirs['files']} files, tool calls: trace-curate {ours['actions']}, Python {theirs['tool_calls']}"
print(line)
if ours["actions"] != theirs["tool_calls"]:
    sys.exit("tool-call counts differ: " + line)
PY
done
[[ ! -f "$work/cc.ccusage.json" ]] || python3 -c "import json,sys; print('ccusage: %d sessions' % len(json.load(open(sys.argv[1]))['sessions']))" "$work/cc.ccusage.json" | tee -a "$work/counts"
python3 "$here/report.py" "$times" "$data" "$work/counts" | tee "$result"
