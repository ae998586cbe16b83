#!/usr/bin/env bash
# Shows that the fuzzing (RandomGrammarsTest) catches wrong verdicts of the engine: applies each
# deliberate bug here (*.patch, its first line says what it breaks) to a temporary copy of the
# worktree, never in place, runs RandomGrammarsTest there offline and reports whether it failed.
# Expected for every patch: "caught, a wrong answer" (an engine that crashes is caught too, but
# is not a wrong verdict). Not run by CI (a few minutes; one Maven run per patch).
# Usage: generator/src/test/mutation/run.sh [PATCH...]
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(git -C "$here" rev-parse --show-toplevel)"
patches=("$@")
[ ${#patches[@]} -eq 0 ] && patches=("$here"/*.patch)
missed=0
for patch in "${patches[@]}"; do
  name="$(basename "$patch" .patch)"
  copy="$(mktemp -d "${TMPDIR:-/tmp}/rulex-mutation-$name.XXXXXX")"
  # The working tree as it is (sources only: no build output, no git metadata, hence no jqwik database
  # replaying earlier failures: a failure comes from this run's tries).
  tar -C "$root" --exclude=./.git --exclude='./*/target' --exclude=./target --exclude=./runs -cf - . | tar -C "$copy" -xf -
  if ! patch -s -d "$copy" -p1 < "$patch"; then
    echo "$name: the patch does not apply to this tree (update it)"
    missed=1
  else
    log="$copy/mutation.log"
    (cd "$copy" && mvn -B -o verify -pl generator -am -Dtest='RandomGrammarsTest' -Dsurefire.failIfNoSpecifiedTests=false > "$log" 2>&1)
    status=$?
    # Surefire's summary names the failing property and its assertion on the line after "Failures:"/"Errors:".
    failure="$(grep -A1 -E '^\[ERROR\] Failures:' "$log" | tail -n1 | sed 's/^\[ERROR\][[:space:]]*//' | cut -c1-400)"
    error="$(grep -A1 -E '^\[ERROR\] Errors:' "$log" | tail -n1 | sed 's/^\[ERROR\][[:space:]]*//' | cut -c1-400)"
    if [ $status -ne 0 ] && [ -n "$failure" ]; then
      echo "$name: caught, a wrong answer: $failure"
    elif [ $status -ne 0 ] && [ -n "$error" ]; then
      echo "$name: caught, a crash: $error"
    elif [ $status -ne 0 ]; then
      echo "$name: the build failed before the tests ran (see $log)"
      missed=1
      continue
    else
      echo "$name: NOT caught (RandomGrammarsTest passed)"
      missed=1
    fi
  fi
  rm -rf "$copy"
done
exit $missed
