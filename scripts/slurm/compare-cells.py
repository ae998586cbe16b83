#!/usr/bin/env python3
"""Compares the cell results of two rulex result directories, cell by cell.

    scripts/slurm/compare-cells.py MERGED_DIR UNSHARDED_DIR

Every cells/*.json under each directory is read; both must hold the same cells, and each cell's
JSON must be equal in everything but how long it took (wallSeconds): every prompt-set figure,
chance level, interval, loss, curve point, hash and setting. Numbers are compared exactly (the
same code on the same data must give the same bits). Prints one line per cell and a summary;
exit 0 when identical, 1 otherwise.
"""
import json
import pathlib
import sys

IGNORED = {"wallSeconds"}  # the only field that depends on when and where a cell ran


def cells(root):
    found = {}
    for f in sorted(pathlib.Path(root).rglob("cells/*.json")):
        d = json.loads(f.read_text())
        if str(d.get("schema", "")).startswith("rulex.result/"):
            key = "%s__%s__s%s" % (d["config"]["language"], d["config"]["model"], d["config"]["seed"])
            found[key] = d
    return found


def diff(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if path == "" and k in IGNORED:
                continue
            if k not in a or k not in b:
                out.append("%s/%s: only in %s" % (path, k, "first" if k in a else "second"))
            else:
                diff(a[k], b[k], path + "/" + k, out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append("%s: %d vs %d entries" % (path, len(a), len(b)))
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, "%s[%d]" % (path, i), out)
    elif a != b or type(a) != type(b):
        out.append("%s: %r vs %r" % (path, a, b))


def figures(d):
    """How many numbers the cell's prompt sets hold (rates, counts, intervals, chance levels)."""
    def count(x):
        if isinstance(x, bool):
            return 0
        if isinstance(x, (int, float)):
            return 1
        if isinstance(x, dict):
            return sum(count(v) for v in x.values())
        if isinstance(x, list):
            return sum(count(v) for v in x)
        return 0
    return count(d.get("promptSets"))


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    a, b = cells(sys.argv[1]), cells(sys.argv[2])
    bad = 0
    for key in sorted(set(a) | set(b)):
        if key not in a or key not in b:
            print("%s: only in %s" % (key, sys.argv[1] if key in a else sys.argv[2]))
            bad += 1
            continue
        out = []
        diff(a[key], b[key], "", out)
        if out:
            bad += 1
            print("%s: DIFFERENT in %d places, first: %s" % (key, len(out), "; ".join(out[:5])))
        else:
            print("%s: identical (%d prompt-set figures, %d prompt sets)" % (key, figures(a[key]), len(a[key]["promptSets"])))
    total = len(set(a) | set(b))
    if total == 0:
        print("no cells found")
        return 1
    print("%d of %d cells identical (everything but wallSeconds compared, numbers exactly)" % (total - bad, total))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
