#!/usr/bin/env python3
"""Prints, as a Markdown table, whether each language x model learned in one or more bench runs.

Usage: scripts/learned-table.py RUN_DIR [RUN_DIR...]

One row per run x language x model: the training recipe (steps, batch, rate, warm-up, early
stopping, sizes), learned k/n (borderline cells, whose ID in-language interval holds the
threshold, counted apart), and per seed the excess loss, the ID in-language rate and the scored
checkpoint's step. Reads the cells' result files only; no figure is computed here that the
report does not also show.
"""
import glob
import json
import os
import sys
from collections import defaultdict


def status(cell):
    conv = cell.get("convergence") or {}
    if conv.get("learned") is None:
        return "unlearned"
    threshold = conv["minIdInLanguage"]
    sampled = (conv.get("idInLanguageDecoding") or "").startswith("sampled")
    for ps in cell.get("promptSets", []):
        greedy = (ps.get("decoding") or {}).get("mode", "greedy") == "greedy"
        if ps["name"] == "id" and greedy != sampled:
            r = ps["inLanguage"]["overAllPrompts"]
            if r["trials"] > 0 and r["low"] <= threshold <= r["high"]:
                return "borderline"
    return "learned" if conv["learned"] else "unlearned"


def recipe(cell):
    t = cell["config"]["training"]
    m = cell["config"]["modelConfig"]
    size = ", ".join(f"{k} {m[k]}" for k in ("layers", "blocks", "dModel", "embedding", "hidden") if k in m)
    stop = "no early stop" if t["patience"] * t["validateEvery"] >= t["steps"] else f"patience {t['patience']}x{t['validateEvery']}"
    return f"{t['steps']} steps, batch {t['batchSize']}, lr {t['learningRate']}, warm-up {t['warmupSteps']}, {stop}; {size}"


def main(dirs):
    print("| run | language | model | recipe | learned | per seed: excess loss / ID in-language / step |")
    print("|---|---|---|---|---|---|")
    for d in dirs:
        groups = defaultdict(list)
        for f in sorted(glob.glob(os.path.join(d, "cells", "*.json"))):
            c = json.load(open(f))
            groups[(c["config"]["language"], c["config"]["model"])].append(c)
        for (lang, model), cells in sorted(groups.items()):
            cells.sort(key=lambda c: c["config"]["seed"])
            st = [status(c) for c in cells]
            learned = f"{st.count('learned')}/{len(cells)}" + (f" ({st.count('borderline')} borderline)" if "borderline" in st else "")
            seeds = "; ".join(
                f"s{c['config']['seed']}: {c['convergence']['excessLoss']:.3f} / {c['convergence']['idInLanguage']:.2f} / {c['checkpointStep']}"
                for c in cells)
            print(f"| {os.path.basename(d.rstrip('/'))} | {lang} | {model} | {recipe(cells[0])} | {learned} | {seeds} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
