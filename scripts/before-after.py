#!/usr/bin/env python3
"""Compares the cells of two bench runs of the same preset, a run before a change and one after it.

Usage: scripts/before-after.py BEFORE_DIR AFTER_DIR [MODEL,MODEL...]

Both directories hold bench output (cells/*.json; data/ when the run kept it, or data-files.sha256,
sha256sum's output for data/*/*.jsonl run inside data/). Only cells present
in both runs are compared, and only of the models given (default: every model in both).

The criterion, fixed before the after-run's figures were read:
- per language x model, the learned count after is within one seed of the count before;
- per language x model, the primary reading, R1 on the prompts that break R2 (`ood-R2`) over all
  prompts, greedy and sampled, has a 95% Welch interval of (after - before) over seeds that
  contains 0. With N such intervals, some exclude 0 by chance alone: the runs give "the same
  results within training noise" when every learned count passes and at most K intervals exclude
  0, K the smallest count that N independent 95% intervals exceed with probability under 5%.
Also printed, not part of the verdict: mean excess loss before and after, how many cells give
exactly the same figures (scored checkpoint, test loss, every prompt-set rate), and whether the
two runs trained on the same words (train, validation and test files of each cell's data).
"""
import glob
import hashlib
import json
import os
import statistics as st
import sys
from collections import defaultdict

from scipy import stats


def cells(run):
    out = {}
    for f in glob.glob(os.path.join(run, "cells", "*.json")):
        c = json.load(open(f))
        out[(c["config"]["language"], c["config"]["model"], c["config"]["seed"])] = c
    return out


def reading(cell, mode):
    """R1 on ood-R2 over all prompts, or None when the cell has no such reading."""
    for p in cell.get("promptSets", []):
        if p["name"] == "ood-R2" and p["decoding"]["mode"] == mode and "R1" in p["rules"]:
            r = p["rules"]["R1"]["overAllPrompts"]
            return r["rate"] if r["trials"] > 0 else None
    return None


def fingerprint(cell):
    rates = tuple((p["name"], p["decoding"]["mode"], r, json.dumps(v["overAllPrompts"], sort_keys=True))
                  for p in cell.get("promptSets", []) for r, v in sorted(p["rules"].items()))
    return cell.get("checkpointStep"), (cell.get("test") or {}).get("loss"), rates


def welch(a, b):
    """(mean b - mean a, low, high) of the 95% Welch interval."""
    d = st.mean(b) - st.mean(a)
    va, vb = st.variance(a) / len(a), st.variance(b) / len(b)
    se = (va + vb) ** 0.5
    if se == 0:
        return d, d, d
    df = (va + vb) ** 2 / ((va ** 2 / (len(a) - 1) if va else 0) + (vb ** 2 / (len(b) - 1) if vb else 0))
    q = stats.t.ppf(0.975, df)
    return d, d - q * se, d + q * se


def data_hashes(run):
    """SHA-256 of each cell's data file: from data/ when the run kept it, else from data-files.sha256 (sha256sum's output over data/)."""
    listed = os.path.join(run, "data-files.sha256")
    if not os.path.isdir(os.path.join(run, "data")) and os.path.exists(listed):
        return {path: digest for digest, path in (line.split() for line in open(listed) if line.strip())}
    hashes = {}
    for f in glob.glob(os.path.join(run, "data", "*", "*.jsonl")):
        hashes[os.path.relpath(f, os.path.join(run, "data"))] = hashlib.sha256(open(f, "rb").read()).hexdigest()
    return hashes


def data_same(before, after, key):
    name = "%s__%s__s%d" % key
    for f in ("train.jsonl", "val.jsonl", "test.jsonl"):
        a, b = before.get(name + "/" + f), after.get(name + "/" + f)
        if a is None or b is None:
            return None
        if a != b:
            return False
    return True


def main():
    before_dir, after_dir = sys.argv[1], sys.argv[2]
    before, after = cells(before_dir), cells(after_dir)
    models = sys.argv[3].split(",") if len(sys.argv) > 3 else None
    keys = sorted(k for k in before if k in after and (models is None or k[1] in models))
    groups = defaultdict(list)
    for k in keys:
        groups[k[:2]].append(k)
    revisions = lambda cs: sorted({c.get("gitRevision", "?")[:7] + (" dirty" if c.get("gitDirty") else "") for c in cs})
    print("before: %s, %d cells from %s; after: %s, %d cells from %s; compared: %d cells" % (
        before_dir, len(before), ", ".join(revisions(before.values())), after_dir, len(after), ", ".join(revisions(after.values())), len(keys)))
    hashes_before, hashes_after = data_hashes(before_dir), data_hashes(after_dir)
    same_data = [data_same(hashes_before, hashes_after, k) for k in keys]
    print("training words: %d cells the same, %d different, %d not comparable (data neither kept nor listed)" % (
        same_data.count(True), same_data.count(False), same_data.count(None)))
    identical = sum(1 for k in keys if fingerprint(before[k]) == fingerprint(after[k]))
    print("cells with exactly the same figures: %d of %d" % (identical, len(keys)))
    print()
    print("| language | model | seeds | learned before -> after | excess loss before -> after | R1 on ood-R2, greedy: before -> after, change [95%] | sampled: before -> after, change [95%] |")
    print("|---|---|---|---|---|---|---|")
    failures, excluded, intervals = [], [], 0
    for (lang, model), ks in sorted(groups.items()):
        lb = sum(1 for k in ks if before[k]["convergence"]["learned"])
        la = sum(1 for k in ks if after[k]["convergence"]["learned"])
        if abs(la - lb) > 1:
            failures.append("%s %s learned %d -> %d" % (lang, model, lb, la))
        eb = st.mean(before[k]["convergence"]["excessLoss"] for k in ks)
        ea = st.mean(after[k]["convergence"]["excessLoss"] for k in ks)
        cols = []
        for mode in ("greedy", "sampled"):
            a = [reading(before[k], mode) for k in ks]
            b = [reading(after[k], mode) for k in ks]
            if len(ks) < 2 or None in a or None in b:
                cols.append("not comparable (a seed without the reading, or one seed)")
                continue
            d, lo, hi = welch(a, b)
            intervals += 1
            out = lo > 0 or hi < 0
            if out:
                excluded.append("%s %s %s %+.3f [%+.3f, %+.3f]" % (lang, model, mode, d, lo, hi))
            cols.append("%.3f -> %.3f, %+.3f [%+.3f, %+.3f]%s" % (st.mean(a), st.mean(b), d, lo, hi, " **excludes 0**" if out else ""))
        print("| %s | %s | %d | %d -> %d | %.4f -> %.4f | %s | %s |" % (lang, model, len(ks), lb, la, eb, ea, cols[0], cols[1]))
    allowed = next(k for k in range(intervals + 1) if stats.binom.sf(k, intervals, 0.05) < 0.05) if intervals else 0
    print()
    print("Intervals excluding 0: %d of %d (at most %d expected by chance alone, at 95%%)%s" % (
        len(excluded), intervals, allowed, ": " + "; ".join(excluded) if excluded else ""))
    print("Learned counts more than one seed apart: %s" % ("; ".join(failures) if failures else "none"))
    same = not failures and len(excluded) <= allowed
    print("Verdict: %s" % ("the same results within training noise" if same else "NOT the same within training noise"))


if __name__ == "__main__":
    main()
