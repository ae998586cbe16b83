#!/usr/bin/env python3
"""The nonid-anbn ladder's table: rung -> figure -> 95% interval -> verdict against the published 0.437,
then the change each step makes with its Welch interval (results/nonid-anbn-ladder/README.md).

    python3 scripts/ladder-table.py DIR [OTHER]

OTHER, a bench output of the same setup at another word length (results/nonid-anbn-ladder/L32-nonid-anbn),
is read the way rungs 6 and 8 are and compared with them.

DIR holds one bench output per rung (r0-authors, r1-steps, r2-data, r3-arch, r4-loss, r5-budget),
each with its cells/; rungs 6 to 8 are read from r5-budget's cells. A rung without cells is listed
as not run.
"""
import glob
import json
import os
import statistics as st
import sys

from scipy import stats
base = sys.argv[1]
T5 = 2.5706  # t quantile 0.975, 5 degrees of freedom
PUB = 0.437
rungs = [
    ("0", "authors' setup (scaled)", "r0-authors", "ood-R2-complement", True, "overFinishedOnly"),
    ("1", "+ training length: 3,000 steps", "r1-steps", "ood-R2-complement", True, "overFinishedOnly"),
    ("2", "+ data: rulex's drawn words, batches of 128", "r2-data", "ood-R2-complement", True, "overFinishedOnly"),
    ("3", "+ architecture: pre-LN, GELU, eps 1e-5, no scale, N(0, 0.02)", "r3-arch", "ood-R2-complement", True, "overFinishedOnly"),
    ("4", "+ loss and clipping: PAD ignored, clip 1.0, AdamW on matrices", "r4-loss", "ood-R2-complement", True, "overFinishedOnly"),
    ("5", "+ budget: derived (longest word - 8 + 1 new tokens)", "r5-budget", "ood-R2-complement", True, "overFinishedOnly"),
    ("6", "+ prompt set: the exact 247", "r5-budget", "ood-R2", True, "overFinishedOnly"),
    ("7", "+ decoding: sampled, K = 16", "r5-budget", "ood-R2", False, "overFinishedOnly"),
    ("8", "+ denominator: all prompts (rulex's protocol)", "r5-budget", "ood-R2", False, "overAllPrompts"),
]
def readings(cell_dir, pset, greedy, denom):
    """R1 rate per cell (NaN where no completion counted), with its selected step, learned flag and finished rate."""
    vals, steps, learned, fin = [], [], [], []
    for f in sorted(glob.glob(os.path.join(cell_dir, "cells", "*.json"))):
        c = json.load(open(f))
        mode = "greedy" if greedy else "sampled"
        p = [x for x in c["promptSets"] if x["name"] == pset and x["decoding"]["mode"] == mode]
        if not p: continue
        p = p[0]
        r = p["rules"]["R1"][denom]
        vals.append(r["rate"] if r["trials"] > 0 else float("nan"))
        steps.append(c["checkpointStep"])
        learned.append(c["convergence"]["learned"])
        fin.append(p["finished"]["rate"])
    return vals, steps, learned, fin

rows = []
for num, label, d, pset, greedy, denom in rungs:
    vals, steps, learned, fin = readings(os.path.join(base, d), pset, greedy, denom)
    if not vals:
        rows.append((num, label, None)); continue
    m = st.mean(vals); s = st.stdev(vals) if len(vals) > 1 else float("nan")
    lo, hi = m - T5 * s / len(vals) ** 0.5, m + T5 * s / len(vals) ** 0.5
    if any(v != v for v in vals) or len(vals) < 2:
        verdict = "undefined (a seed finished no completion, or one seed)"
    else:
        verdict = "consistent with 0.437" if lo <= PUB <= hi else ("below 0.437" if hi < PUB else "above 0.437")
    rows.append((num, label, dict(n=len(vals), vals=vals, mean=m, sd=s, lo=lo, hi=hi, verdict=verdict, steps=steps, learned=learned, fin=fin)))
print("| rung | change | seeds | per seed | mean ± sd | 95% interval (t, 5 df) | verdict | selected steps | finished | learned |")
print("|---|---|---|---|---|---|---|---|---|---|")
for num, label, r in rows:
    if r is None:
        print("| %s | %s | 0 | not run | | | | | | |" % (num, label)); continue
    print("| %s | %s | %d | %s | %.3f ± %.3f | [%.3f, %.3f] | %s | %s | %s | %d of %d |" % (
        num, label, r["n"], ", ".join("%.3f" % v for v in r["vals"]), r["mean"], r["sd"], r["lo"], r["hi"], r["verdict"],
        ", ".join(str(x) for x in r["steps"]), "%.2f-%.2f" % (min(r["fin"]), max(r["fin"])), sum(1 for x in r["learned"] if x), r["n"]))

print()
print("| step | change in the figure | 95% interval of the change (Welch t) | moves the figure |")
print("|---|---|---|---|")
def welch(a, b):
    ma, mb = st.mean(a), st.mean(b); va, vb = st.variance(a) / len(a), st.variance(b) / len(b)
    se = (va + vb) ** 0.5
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1)) if se > 0 else 1e9
    q = stats.t.ppf(0.975, df)
    return mb - ma, mb - ma - q * se, mb - ma + q * se
prev = None
for num, label, r in rows:
    usable = r is not None and len(r["vals"]) > 1 and not any(v != v for v in r["vals"])
    if usable and prev is not None:
        d, lo, hi = welch(prev[2]["vals"], r["vals"])
        print("| %s -> %s | %+.3f | [%+.3f, %+.3f] | %s |" % (prev[0], num, d, lo, hi, "yes" if lo > 0 or hi < 0 else "no"))
    if usable: prev = (num, label, r)

if len(sys.argv) > 2:
    print()
    print("| reading | %s: per seed | mean [95%% interval] | change from the ladder's rung | 95%% interval of the change (Welch t) |" % sys.argv[2])
    print("|---|---|---|---|---|")
    for num, label, d, pset, greedy, denom in rungs[6:9:2]:
        other = readings(sys.argv[2], pset, greedy, denom)[0]
        ladder = [r for r in rows if r[0] == num][0][2]["vals"]
        m, h = st.mean(other), stats.t.ppf(0.975, len(other) - 1) * st.stdev(other) / len(other) ** 0.5
        diff, lo, hi = welch(ladder, other)
        print("| rung %s's | %s | %.3f [%.3f, %.3f] | %+.3f | [%+.3f, %+.3f] |" % (num, ", ".join("%.3f" % v for v in other), m, m - h, m + h, diff, lo, hi))
