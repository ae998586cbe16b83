#!/bin/bash
# Resident memory of one training process over its run: starts `rulex train` through the launcher
# (which execs the JVM, so its pid is the JVM's once the jar is built; the same JVM options and
# thread settings as every user run) and prints, every 5 s, seconds since start, VmRSS and VmHWM
# (kB) and the last step its log reported. Not run by CI; docs/performance.md has figures it gave.
# Usage: models/src/test/sh/train-rss.sh LANGUAGE CONFIG.json OUT_DIR [SEED]
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 LANGUAGE CONFIG.json OUT_DIR [SEED]" >&2; exit 2; }
home="$(cd "$(dirname "$0")/../../../.." && pwd)"
mkdir -p "$3"
log="$3/train.log"
"$home/rulex" train --language "$1" --config "$2" --out "$3/run" --seed "${4:-1}" > "$log" 2>&1 &
pid=$!
start=$(date +%s)
echo "# seconds rss_kB hwm_kB last_step"
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/{print $2}' "/proc/$pid/status" 2>/dev/null || true)
  hwm=$(awk '/VmHWM/{print $2}' "/proc/$pid/status" 2>/dev/null || true)
  echo "$(( $(date +%s) - start )) ${rss:-?} ${hwm:-?} $(grep -o 'step [0-9]*' "$log" | tail -1 || true)"
  sleep 5
done
wait "$pid" && status=0 || status=$?
echo "# train exited with $status after $(( $(date +%s) - start )) s; its log: $log"
exit "$status"
