#!/usr/bin/env bash
# End-to-end test of rulex's Slurm sharding on a real, single-node Slurm cluster on this machine.
#
#   scripts/slurm/e2e.sh            # needs root on Debian; about 6 minutes on 2 loaded cores
#
# What it does, and checks (any failed check stops it with "FAIL: ..." and exit 1):
#   1. brings the cluster up (local-cluster.sh up; down again at the end, whatever happens);
#   2. clones this repository's HEAD into a temporary directory: a fresh checkout, no jar;
#   3. submits scripts/slurm/sweep.sbatch as an array of 4 tasks of the tiny preset
#      (scripts/slurm/tiny.json, 8 cells): the first tasks start at once on the unbuilt checkout,
#      and exactly one of them may build rulex, the others wait and use its jar;
#   4. requeues task 2 (scontrol requeue) while its second cell trains, after a checkpoint: the
#      task must start again, skip its finished cell and resume the interrupted one from its
#      checkpoint;
#   5. merges the 4 shards with `rulex report` (exit 0, all 8 cells);
#   6. runs the same preset unsharded on this machine, and compares every merged cell with the
#      unsharded one (compare-cells.py: everything but wall time, numbers exactly);
#   7. a failed shard: shards 0, 1 and 3 of the first sweep beside a new task for shard 2 that is
#      cancelled (scancel) mid-cell: `rulex report` must exit 1 and name shard 2's two cells.
# The log goes to stdout and to $RULEX_E2E_LOG (default: <work dir>/e2e.log); the work directory
# is RULEX_E2E_WORK (default: a new /tmp/rulex-slurm-e2e.*), kept afterwards for inspection.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="${RULEX_E2E_WORK:-$(mktemp -d /tmp/rulex-slurm-e2e.XXXXXX)}"
mkdir -p "$work"
log="${RULEX_E2E_LOG:-$work/e2e.log}"
: > "$log"
exec > >(tee -a "$log") 2>&1

say() { printf '[e2e %s +%4ss] %s\n' "$(date -u +%H:%M:%S)" "$SECONDS" "$*"; }
fail() { say "FAIL: $*"; exit 1; }
phase() { say "=== $*"; }
cluster_up=0
finish() {
  local code=$?
  if [ "$cluster_up" = 1 ]; then
    phase "cluster down"
    "$here/local-cluster.sh" down || true
  fi
  if [ "$code" = 0 ]; then say "PASS: all checks passed in ${SECONDS} s (work directory $work)"
  else say "FAILED with exit $code after ${SECONDS} s (work directory $work)"; fi
}
trap finish EXIT

# Waits until a command succeeds, checking every half second; fails after $1 seconds.
wait_for() {
  local limit="$1" what="$2"; shift 2
  local t0=$SECONDS
  until "$@"; do
    [ $((SECONDS - t0)) -lt "$limit" ] || fail "$what: not within $limit s"
    sleep 0.5
  done
}
# The state of one array task (PENDING, RUNNING, ...), or empty once it has left the queue.
task_state() { squeue -h -j "$1" -o %T 2>/dev/null | head -1; }
queue_empty() { [ -z "$(squeue -h -j "$1" -o %i 2>/dev/null)" ]; }

phase "cluster up"
"$here/local-cluster.sh" up
cluster_up=1

phase "fresh clone of $(git -C "$repo" rev-parse --short HEAD), no jar"
[ -z "$(git -C "$repo" status --porcelain --untracked-files=no)" ] || say "note: $repo has uncommitted changes; the test runs the committed HEAD"
clone="$work/clone"
rm -rf "$clone"
git clone -q --no-hardlinks "$repo" "$clone"
git -C "$clone" checkout -q --detach "$(git -C "$repo" rev-parse HEAD)"
[ ! -e "$clone/cli/target/rulex.jar" ] || fail "the clone has a jar"
preset="$clone/scripts/slurm/tiny.json"
mkdir -p "$work/logs"

phase "sbatch --array=0-3: 4 shards of $(basename "$preset"), 2 CPUs, the first two tasks start at once on the unbuilt clone"
t_sweep=$SECONDS
job=$(cd "$clone" && RULEX_PRESET="$preset" RULEX_OUT="$work/sharded" \
  sbatch --parsable --array=0-3 --output="$work/logs/task-%a.out" scripts/slurm/sweep.sbatch)
job="${job%%;*}"
say "submitted job $job"
wait_for 60 "two tasks running" bash -c "[ \$(squeue -h -j $job -t RUNNING -o %i | wc -l) -ge 2 ]"
squeue -j "$job"

phase "requeue task 2 while its second cell (dyck__transformer-tiny__s1) trains, after a checkpoint"
s2="$work/sharded/shard-2"
mid="dyck__transformer-tiny__s1"
first="anbn__transformer-tiny__s1"
checkpointed() { [ -f "$s2/checkpoints/$mid/last/model-card.json" ] && [ ! -f "$s2/cells/$mid.json" ]; }
wait_for 900 "task 2 training $mid past its first checkpoint" checkpointed
[ -f "$s2/cells/$first.json" ] || fail "task 2's first cell $first has no result before the requeue"
[ "$(task_state "${job}_2")" = RUNNING ] || fail "task 2 is not running ($(task_state "${job}_2"))"
step_at_requeue=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["steps"])' "$s2/checkpoints/$mid/last/model-card.json")
first_mtime=$(stat -c %Y "$s2/cells/$first.json")
scontrol requeue "${job}_2"
say "requeued ${job}_2; $mid's last checkpoint was at step $step_at_requeue; $first was finished"
wait_for 60 "task 2 back in the queue" bash -c "[ \"\$(squeue -h -j ${job}_2 -o %T | head -1)\" = PENDING ]"
squeue -j "${job}_2" -o "%i %T %r %S"
# Slurm holds a requeued job back for about two minutes; let it start as soon as a CPU is free.
scontrol update JobId="${job}_2" StartTime=now
say "released the requeued task (StartTime=now)"

phase "wait for the array to finish"
wait_for 1800 "the array finishing" queue_empty "$job"
t_sweep=$((SECONDS - t_sweep))
say "array finished: ${t_sweep} s wall from submission"
for i in 0 1 2 3; do
  grep -q "rulex bench exited with 0" "$work/logs/task-$i.out" || fail "task $i did not end with exit 0 (see $work/logs/task-$i.out)"
done

phase "task logs"
for i in 0 1 2 3; do echo "----- task $i ($work/logs/task-$i.out)"; cat "$work/logs/task-$i.out"; done
echo "----- end of task logs"

phase "check: concurrent start on the unbuilt clone built rulex once"
builds=$(cat "$work"/logs/task-*.out | grep -c "rulex: building the command line" || true)
waited=$(cat "$work"/logs/task-*.out | grep -c "waiting for it" || true)
reused=$(cat "$work"/logs/task-*.out | grep -c "built meanwhile by another rulex" || true)
say "builds: $builds, tasks that waited for the build: $waited, that used the jar it built: $reused"
[ "$builds" = 1 ] || fail "rulex was built $builds times, not once"
[ "$waited" -ge 1 ] && [ "$reused" -ge 1 ] || fail "no task started while another built: the concurrent-start case did not happen"

phase "check: the requeued task resumed and lost nothing"
t2="$work/logs/task-2.out"
[ "$(grep -c "sweep.sbatch: job ${job}_2 on" "$t2")" = 2 ] || fail "task 2 did not run twice"
grep -q "restart count 1" "$t2" || fail "task 2's second run is not a restart"
grep -q "2 cells, 1 finished before, 1 to run" "$t2" || fail "task 2's second run did not skip its finished cell"
grep -q "the cell runs again" "$s2/logs/$mid.log" || fail "$mid's log does not show a second attempt"
grep -q "resuming the interrupted training from .* at step $step_at_requeue" "$s2/logs/$mid.log" \
  || fail "$mid did not resume from its checkpoint at step $step_at_requeue"
[ "$(stat -c %Y "$s2/cells/$first.json")" = "$first_mtime" ] || fail "$first's result was written again"
! grep -q "the cell runs again" "$s2/logs/$first.log" || fail "$first ran again"
echo "----- $s2/logs/$mid.log"
cat "$s2/logs/$mid.log"
echo "----- end"

phase "merge: rulex report over the 4 shards"
code=0
"$clone/rulex" report "$work"/sharded/shard-* --out "$work/merged" > "$work/report-merged.txt" 2>&1 || code=$?
grep -v -e '^|' -e '^#' -e '^$' "$work/report-merged.txt" || true
[ "$code" = 0 ] || fail "rulex report exited with $code"
grep -q "all 8 cells of preset slurm-tiny have a result" "$work/report-merged.txt" || fail "the report does not say all 8 cells are there"

phase "the same preset unsharded, on this machine"
t_one=$SECONDS
"$clone/rulex" bench --preset "$preset" --out "$work/unsharded" --no-report --parallel 2 2>&1 | grep -v '^$'
t_one=$((SECONDS - t_one))
say "unsharded sweep: ${t_one} s wall"

phase "compare: merged shards vs unsharded, cell by cell"
python3 "$here/compare-cells.py" "$work/merged" "$work/unsharded" || fail "the merged cells differ from the unsharded ones"

phase "a failed shard: shards 0, 1, 3 of the sweep above, shard 2 a new task cancelled mid-cell"
f="$work/failing"
mkdir -p "$f"
for i in 0 1 3; do cp -a "$work/sharded/shard-$i" "$f/"; done
job2=$(cd "$clone" && RULEX_PRESET="$preset" RULEX_OUT="$f" RULEX_SHARDS=4 \
  sbatch --parsable --array=2 --output="$work/logs/failing-task-%a.out" scripts/slurm/sweep.sbatch)
job2="${job2%%;*}"
say "submitted job $job2 (shard 2 of 4 alone, RULEX_SHARDS=4)"
wait_for 300 "the new shard 2 training its first cell" test -f "$f/shard-2/logs/$first.log"
scancel "${job2}_2"
say "cancelled ${job2}_2"
wait_for 120 "the cancelled task leaving the queue" queue_empty "$job2"
cat "$work/logs/failing-task-2.out"
code=0
"$clone/rulex" report "$f"/shard-* --out "$f/merged" > "$work/report-failing.txt" 2>&1 || code=$?
grep -v -e '^|' -e '^#' -e '^$' "$work/report-failing.txt" || true
[ "$code" = 1 ] || fail "rulex report over a cancelled shard exited with $code, not 1"
grep -q "2 of 8 cells of preset slurm-tiny have no result" "$work/report-failing.txt" || fail "the report does not count the missing cells"
for c in "$first" "$mid"; do grep -q "^  $c " "$work/report-failing.txt" || fail "the report does not name $c"; done
grep -q "have no result" "$f/merged/report.md" || fail "report.md does not warn of the missing cells"

phase "wall times"
say "sharded sweep on Slurm (4 tasks, 2 CPUs, one build and one requeue included): ${t_sweep} s; unsharded (2 cells at a time, jar built): ${t_one} s"
