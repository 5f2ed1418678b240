#!/usr/bin/env bash
# Starts a one-node Slurm cluster on 127.0.0.1 for the scale-out integration test (docs/scale-out.md, "Testing on a
# real Slurm"). Run as root on Debian/Ubuntu. Idempotent: installs slurm-wlm and munge when absent, (re)writes
# /etc/slurm/slurm.conf, starts munged, slurmctld and slurmd in the background unless they already run, and waits
# (bounded) until sinfo shows the node idle. Stop with tests/slurm/stop-slurm.sh.
#
# Environment: SLURM_START_TIMEOUT (seconds to wait for the idle node, default 60).
set -euo pipefail

timeout_s="${SLURM_START_TIMEOUT:-60}"
log_dir=/var/log/slurm
conf=/etc/slurm/slurm.conf

die() {
  echo "start-slurm: error: $*" >&2
  for f in "$log_dir/slurmctld.log" "$log_dir/slurmd.log"; do
    [[ -f "$f" ]] && { echo "--- last lines of $f:" >&2; tail -n 20 "$f" >&2; }
  done
  exit 1
}

[[ "$(id -u)" -eq 0 ]] || die "must run as root (slurmctld and slurmd run as root here)"

# 1. Packages. --no-install-recommends keeps the install to the daemons, the client and munge (about 15 s).
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null \
   || ! command -v munged >/dev/null; then
  command -v apt-get >/dev/null || die "slurm is not installed and apt-get is not available"
  echo "start-slurm: installing slurm-wlm and munge"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null || die "apt-get install slurm-wlm munge failed"
fi

# True when the process whose id is in pid file $1 is alive and runs program $2.
running() {
  local pid
  [[ -s "$1" ]] || return 1
  pid="$(cat "$1")"
  [[ -d "/proc/$pid" ]] && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$2" ]]
}

# 2. Munge: slurm authenticates every message with it. The package normally creates the key; make one if not.
install -d -o munge -g munge -m 0700 /etc/munge /var/lib/munge /var/log/munge
install -d -o munge -g munge -m 0755 /run/munge
if [[ ! -s /etc/munge/munge.key ]]; then
  if command -v mungekey >/dev/null; then mungekey --create --keyfile=/etc/munge/munge.key
  else create-munge-key -f; fi
  chown munge:munge /etc/munge/munge.key
  chmod 0400 /etc/munge/munge.key
fi
if ! running /run/munge/munged.pid munged; then
  runuser -u munge -- /usr/sbin/munged || die "munged did not start (see /var/log/munge/munged.log)"
fi
for _ in $(seq 1 50); do munge -n </dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
munge -n </dev/null | unmunge >/dev/null 2>&1 || die "munge does not answer (see /var/log/munge/munged.log)"

# 3. slurm.conf: this machine as controller and only node, its real CPU count and memory.
# slurmd registers under the short host name (up to the first dot).
host="$(hostname 2>/dev/null || cat /proc/sys/kernel/hostname)"
host="${host%%.*}"
cpus="$(nproc)"
# slurmd -C reports the memory it will register with; configuring more would drain the node ("Low RealMemory").
mem_mb="$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')"
[[ -n "$mem_mb" ]] || mem_mb=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 ))
install -d -m 0755 /etc/slurm "$log_dir" /var/spool/slurmctld /var/spool/slurmd
new_conf="$(cat <<EOF
# Written by tests/slurm/start-slurm.sh: a one-node test cluster on 127.0.0.1.
ClusterName=trace-curate-test
SlurmctldHost=${host}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=${log_dir}/slurmctld.log
SlurmdLogFile=${log_dir}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
# Keep finished jobs visible to scontrol for 10 minutes (there is no accounting database, so no sacct).
MinJobAge=600
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${mem_mb} State=UNKNOWN
PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP
EOF
)"
conf_changed=0
if [[ ! -f "$conf" ]] || [[ "$(cat "$conf")" != "$new_conf" ]]; then
  printf '%s\n' "$new_conf" >"$conf"
  conf_changed=1
fi

# 4. Daemons (each daemonizes). A changed configuration restarts them so it takes effect.
if [[ "$conf_changed" -eq 1 ]]; then
  for pidfile in /run/slurmd.pid /run/slurmctld.pid; do
    if [[ -s "$pidfile" ]] && [[ -d "/proc/$(cat "$pidfile")" ]]; then
      pid="$(cat "$pidfile")"
      kill "$pid" || true
      for _ in $(seq 1 100); do [[ -d "/proc/$pid" ]] || break; sleep 0.1; done
    fi
  done
fi
if ! running /run/slurmctld.pid slurmctld; then
  slurmctld || die "slurmctld did not start"
fi
if ! running /run/slurmd.pid slurmd; then
  slurmd || die "slurmd did not start"
fi

# 5. Wait until the node is idle (or mixed/allocated, when jobs already run).
deadline=$(( SECONDS + timeout_s ))
state=""
while (( SECONDS < deadline )); do
  state="$(sinfo -h -N -n "$host" -o '%T' 2>/dev/null | head -n 1 || true)"
  case "$state" in
    idle|mixed|allocated) echo "start-slurm: node $host is $state ($cpus CPUs, ${mem_mb} MB)"; exit 0 ;;
  esac
  sleep 1
done
die "node $host is not idle after ${timeout_s}s (state: '${state:-no answer from slurmctld}')"
