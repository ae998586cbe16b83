#!/usr/bin/env bash
# Times rulex and the eager PyTorch reference at the same time, one thread each on a 2-core
# machine, so that both see the same phases of the host's speed (`rulex perf ... --torch` times
# them one after the other, and a host whose speed swings between the two moves the ratio).
# Prints each side's figure per CPU second and their ratio.
#
#   scripts/perf-side-by-side.sh train ARCH     # the quick preset's sizes, 600 steps
#   scripts/perf-side-by-side.sh decode ARCH    # batch 256, 64 tokens, 10 batches
#
# ARCH: transformer or linear-attention (sized as `rulex perf` sizes them by default). Needs
# apt-get install -y python3-torch libopenblas0-pthread.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:?train or decode}" arch="${2:?transformer or linear-attention}"
case "$arch" in transformer|linear-attention) ;; *) echo "perf-side-by-side: ARCH is transformer or linear-attention, not $arch" >&2; exit 2 ;; esac
torch=(env OPENBLAS_NUM_THREADS=1 LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread /usr/bin/python3 models/src/main/java/org/rulex/perf/torch_reference.py --arch "$arch" --threads 1)
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
if [ "$mode" = train ]; then
  ./rulex perf train --arch "$arch" --preset quick --steps 600 > "$out/rulex" 2>&1 &
  "${torch[@]}" --layers 2 --d-model 32 --heads 4 --ff 64 --batch 32 --seq 32 --steps 600 --warmup 20 --lr 0.001 --seed 0 > "$out/torch"
  wait $!
  r=$(sed -nE 's/^rulex .*cpu-tokens\/s=([0-9]+).*/\1/p' "$out/rulex"); t=$(sed -nE 's/.*cpu-tokens\/s=([0-9]+).*/\1/p' "$out/torch"); unit="tokens per CPU s"
elif [ "$mode" = decode ]; then
  ./rulex perf decode --arch "$arch" --no-recompute --batches 10 > "$out/rulex" 2>&1 &
  "${torch[@]}" --layers 2 --d-model 64 --heads 4 --ff 256 --mode decode --batch 256 --prompt 8 --seq 64 --batches 10 > "$out/torch"
  wait $!
  r=$(sed -nE 's/^rulex .* completions\/cpu-s=([0-9.]+).*/\1/p' "$out/rulex"); t=$(sed -nE 's/.*completions\/cpu-s=([0-9.]+).*/\1/p' "$out/torch"); unit="completions per CPU s"
else
  echo "perf-side-by-side: mode is train or decode, not $mode" >&2; exit 2
fi
[ -n "$r" ] && [ -n "$t" ] || { echo "perf-side-by-side: a side printed no figure:" >&2; cat "$out/rulex" "$out/torch" >&2; exit 1; }
echo "$mode $arch: rulex $r, PyTorch $t $unit, rulex / PyTorch $(awk -v a="$r" -v b="$t" 'BEGIN { printf "%.2f", a / b }')"
