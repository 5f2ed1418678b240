#!/usr/bin/env bash
# Stops the test cluster started by tests/slurm/start-slurm.sh: slurmd, slurmctld, then munged, each by the process id
# in its pid file. Leaves packages, configuration and state in place, so a later start is quick.
set -uo pipefail

stop() { # pid file, program name
  local pid
  [[ -s "$1" ]] || return 0
  pid="$(cat "$1")"
  if [[ -d "/proc/$pid" ]] && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$2" ]]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do [[ -d "/proc/$pid" ]] || break; sleep 0.1; done
    if [[ -d "/proc/$pid" ]]; then
      echo "stop-slurm: $2 ($pid) did not stop in 5 s; killing it" >&2
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$1"
}

stop /run/slurmd.pid slurmd
stop /run/slurmctld.pid slurmctld
stop /run/munge/munged.pid munged
echo "stop-slurm: stopped"
