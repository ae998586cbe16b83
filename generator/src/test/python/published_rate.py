"""Samples/s of the published benchmark's own data generators, for `rulex perf sample` to stand beside.

Times the generator functions of the published code (arXiv 2409.13728's repository, given with
--repo; nothing of it is copied here) called the way its data module calls them: num_samples words
of random length, max_length 64, random lengths (all_sequences=False for the three a^n b^n-like
languages, whose default enumerates each length once instead of sampling). Each figure is the
number of words returned per second of wall time on one thread, over --seconds after one untimed call.

    apt-get install python3-torch python3-numpy
    python3 generator/src/test/python/published_rate.py --repo PATH/TO/rule_extrapolation
"""
import argparse
import sys
import time

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--repo", required=True, help="a checkout of the published repository (holds rule_extrapolation/data.py)")
parser.add_argument("--max-length", type=int, default=64)
parser.add_argument("--batch", type=int, default=10000, help="num_samples per call")
parser.add_argument("--seconds", type=float, default=3.0)
args = parser.parse_args()

sys.path.insert(0, args.repo)
import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)
from rule_extrapolation import data  # noqa: E402

# rulex's language name -> the published generator and whether it takes all_sequences
GENERATORS = {
    "ban": (data.generate_baN_grammar_data, False),
    "bban": (data.generate_bbaN_grammar_data, False),
    "anbn": (data.generate_aNbN_grammar_data, True),
    "dyck": (data.generate_matched_parentheses_and_brackets_data, False),
    "anbncn": (data.generate_aNbNcN_grammar_data, True),
    "csdyck": (data.generate_not_nested_matched_parentheses_and_brackets_data, False),
}

np.random.seed(42)
print(f"# published generators, one thread, max_length {args.max_length}, {args.batch} words a call, {args.seconds} s a figure")
print(f"{'language':<10} {'words/s':>12}")
for name, (generate, takes_all) in GENERATORS.items():
    call = (lambda: generate(args.batch, args.max_length, False)) if takes_all else (lambda: generate(args.batch, args.max_length))
    call()
    words = 0
    start = time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        words += len(call())
    print(f"{name:<10} {words / (time.perf_counter() - start):>12.0f}")
