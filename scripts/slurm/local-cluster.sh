#!/usr/bin/env bash
# A single-node Slurm cluster on this Debian machine, for testing rulex's Slurm sharding for real.
#
#   scripts/slurm/local-cluster.sh up      # install slurm-wlm and munge (apt-get), configure, start, wait for the node
#   scripts/slurm/local-cluster.sh down    # stop the daemons this script started, remove its slurm.conf
#   scripts/slurm/local-cluster.sh status  # sinfo and squeue, or "not running"
#
# It writes /etc/slurm/slurm.conf for this host (CPUs from RULEX_SLURM_CPUS, default 2; one
# partition "debug"), with no cgroups: proctrack/linuxproc (a job's processes are found by
# parentage), task/none, no accounting. This works in containers, where cgroups are not ours to
# manage; it does not confine a job to its CPUs. State and daemon logs go to RULEX_SLURM_STATE
# (default /var/tmp/rulex-slurm); every `up` starts with an empty queue. An existing slurm.conf
# that this script did not write is never touched: the script refuses instead.
#
# Needs root, Debian (or a derivative) and apt-get; refuses in one line, exit 2, otherwise.
set -euo pipefail

me="local-cluster.sh"
state="${RULEX_SLURM_STATE:-/var/tmp/rulex-slurm}"
cpus="${RULEX_SLURM_CPUS:-2}"
conf=/etc/slurm/slurm.conf
marker="# written by rulex scripts/slurm/local-cluster.sh"
munge_pid=/run/munge/munged.pid

die() { echo "$me: $*" >&2; exit 2; }

preconditions() {
  [ "$(id -u)" = 0 ] || die "needs root (it installs packages and starts the Slurm and munge daemons); run it with sudo"
  [ -f /etc/debian_version ] || die "needs Debian or a derivative (/etc/debian_version is missing); on other systems install Slurm by its own documentation"
  command -v apt-get >/dev/null || die "needs apt-get to install slurm-wlm and munge, and it is not on PATH"
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

install_packages() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null && command -v munged >/dev/null; then
    return
  fi
  echo "$me: installing slurm-wlm and munge with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends slurm-wlm munge >&2
}

write_conf() {
  local host
  host="$(hostname -s)"
  if [ -f "$conf" ] && ! grep -qF "$marker" "$conf"; then
    die "$conf exists and was not written by this script: this machine has its own Slurm configuration, use that cluster"
  fi
  mkdir -p /etc/slurm "$state/ctld" "$state/d"
  cat > "$conf" <<EOF
$marker: a single-node test cluster
ClusterName=rulex-local
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
# No cgroups: processes are tracked by parentage, tasks are not bound to CPUs.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
}

start_munge() {
  if alive "$munge_pid"; then return; fi
  if [ ! -s /etc/munge/munge.key ]; then
    echo "$me: creating the munge key /etc/munge/munge.key" >&2
    mkdir -p /etc/munge
    if command -v mungekey >/dev/null; then mungekey --create --keyfile=/etc/munge/munge.key --force
    else dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none; fi
  fi
  chown munge:munge /etc/munge /etc/munge/munge.key
  chmod 0700 /etc/munge
  chmod 0400 /etc/munge/munge.key
  mkdir -p /run/munge /var/lib/munge /var/log/munge
  chown munge:munge /run/munge /var/lib/munge /var/log/munge
  chmod 0755 /run/munge
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do munge -n </dev/null >/dev/null 2>&1 && return; sleep 0.2; done
  die "munged did not start (see /var/log/munge/munged.log)"
}

up() {
  preconditions
  install_packages
  write_conf
  start_munge
  if ! alive "$state/slurmctld.pid"; then slurmctld -c; fi
  if ! alive "$state/slurmd.pid"; then slurmd -N "$(hostname -s)"; fi
  local t
  for t in $(seq 60); do
    if [ "$(sinfo -h -N -o %t 2>/dev/null | head -1)" = idle ]; then
      echo "$me: up: node $(hostname -s), $cpus CPUs, partition debug (logs in $state)" >&2
      sinfo >&2
      return 0
    fi
    sleep 1
  done
  sinfo -N -l >&2 || true
  die "the node did not become idle within 60 s (see $state/slurmctld.log and $state/slurmd.log)"
}

stop_pidfile() {
  local file="$1" name="$2" pid
  alive "$file" || return 0
  pid="$(cat "$file")"
  kill "$pid"
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || { echo "$me: stopped $name (pid $pid)" >&2; return 0; }; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  echo "$me: $name (pid $pid) did not stop in 10 s: killed" >&2
}

down() {
  preconditions
  # Jobs first, so that no job step outlives its daemon.
  if alive "$state/slurmctld.pid" && command -v scancel >/dev/null; then
    scancel --full --quiet --user=root 2>/dev/null || true
    for _ in $(seq 30); do [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break; sleep 1; done
  fi
  stop_pidfile "$state/slurmd.pid" slurmd
  stop_pidfile "$state/slurmctld.pid" slurmctld
  stop_pidfile "$munge_pid" munged
  if [ -f "$conf" ] && grep -qF "$marker" "$conf"; then rm -f "$conf"; fi
  echo "$me: down" >&2
}

status() {
  if alive "$state/slurmctld.pid"; then sinfo; squeue; else echo "$me: not running"; fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $me up|down|status" >&2; exit 2 ;;
esac
