#!/usr/bin/env python3
"""Fits the split-word model (`line_breaks.split_word` of
crates/ocrmend/data/decision-model.json) on training rows.

Two pieces a line break parts without a hyphen (`exam` | `ple`, `in` |
`deed`) are one word OCR split or two words. Every such break of a Latin
block that the model weighs is a row of `ocrmend eval --features` (kind
`split_word`: the values of the model's terms, and the gold's word split
there or not). The weights are an L2-regularised logistic regression (the
Newton solver of scripts/fit_seams.py, every weight pulled towards 0), the
regularisation chosen on the dev rows by log-loss from LAMBDAS; the test
pages are never read. The rows nearly separate (train log-loss 0.004): a
weaker regularisation than the grid's least (1e-5) fits them with weights
of 16 and more for a dev log-loss within 0.001. `min_close_up` (from which
probability the pieces are read as one word) is kept as the base model
has it.

    python3 scripts/fit_split_words.py train.jsonl dev.jsonl -o target/decision-model.json

The output is the base model (`--base`, the shipped one by default) with
the weights and their `made` replaced, as laid out in the shipped file.
"""

import argparse
import json
import os
import re
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fit_output import refuse_input_as_output  # noqa: E402
from fit_seams import fit, log_loss  # noqa: E402

LAMBDAS = [1e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1]


def read(path):
    """(term names, design matrix, labels) of the split-word rows of a `--features` file."""
    names, xs, ys = None, [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("kind") != "split_word":
                continue
            names = names or list(r["terms"])
            xs.append([r["terms"][k] for k in names])
            ys.append(1.0 if r["join"] else 0.0)
    if not xs:
        sys.exit(f"{path}: no split_word rows")
    return names, np.array(xs), np.array(ys)


def describe(label, x, y, w):
    p = 1 / (1 + np.exp(-np.clip(x @ w, -35, 35)))
    parts = [f"{label}: {len(y)} breaks, {int(y.sum())} split words, log-loss {log_loss(x, y, w):.4f}"]
    for cut in (0.5, 0.95):
        chosen = p >= cut
        parts.append(f"p >= {cut}: {int(y[chosen].sum())} right of {int(chosen.sum())}")
    print("; ".join(parts))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("train")
    ap.add_argument("dev")
    ap.add_argument("--base", default="crates/ocrmend/data/decision-model.json")
    ap.add_argument("-o", "--out", required=True)
    args = ap.parse_args()
    refuse_input_as_output("fit_split_words.py", args.out, (args.train, args.dev, args.base))
    names, x, y = read(args.train)
    dev_names, dx, dy = read(args.dev)
    assert names == dev_names, (names, dev_names)
    prior = np.zeros(len(names))
    fits = [(log_loss(dx, dy, w), lam, w) for lam in LAMBDAS for w in [fit(x, y, lam, prior)]]
    for loss, lam, _ in fits:
        print(f"lambda {lam:g}: dev log-loss {loss:.4f}")
    _, lam, w = min(fits, key=lambda f: f[0])
    describe("train", x, y, w)
    describe("dev", dx, dy, w)
    weights = ", ".join(f'"{k}": {round(float(v), 3)}' for k, v in zip(names, w))
    made = (
        f"fitted by scripts/fit-split-words.sh: L2 logistic regression on {len(y)} line breaks "
        f"({int(y.sum())} split words) of the real-OCR train split and simulated seed 11, "
        f"lambda {lam:g} chosen on the dev split and seed 12 by log-loss"
    )
    text = open(args.base, encoding="utf-8").read()
    block = re.compile(r'("split_word": \{\s*"made": )"[^"]*"(,\s*"min_close_up": [0-9.]+,\s*"weights": )\{[^}]*\}')
    text, n = block.subn(lambda m: f'{m.group(1)}{json.dumps(made)}{m.group(2)}{{ {weights} }}', text)
    assert n == 1, "the base model has no split_word block laid out as the shipped one"
    json.loads(text)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
