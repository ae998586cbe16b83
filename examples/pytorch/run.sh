#!/bin/sh
# The PyTorch path end to end, from the repository root: the bench's own data for anbn and seed 1,
# a PyTorch model trained on it, then one bench of its TorchScript export and its process model
# beside the zoo's transformer and the baselines. python3 must import torch (Debian: python3-torch).
set -eu
cd "$(dirname "$0")/../.."
out=examples/pytorch/out
steps=${STEPS:-400}
# The same sizes, lengths and seed as preset.json: the words the bench's anbn cell trains and tests on.
./rulex generate anbn --seed 1 --train 512 --val 64 --test 64 --min-length 1 --max-length 30 --out "$out/anbn-s1/data" --force
python3 examples/pytorch/train.py "$out/anbn-s1/data" "$out/anbn-s1" --steps "$steps" --seed 1
./rulex bench --preset examples/pytorch/preset.json --out "$out/bench"
