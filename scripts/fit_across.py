#!/usr/bin/env python3
"""Fits the join across a caption (`reassembly.across_caption` of
crates/ocrmend/data/decision-model.json) on training rows.

A join across a caption is scored by the seam evidence of its two halves,
as if they met, plus three weights: one for any such join, one when the
open end is a single line (often the caption's own first line, read as a
block of its own), one when the caption starts in lower case (it goes on
from the block before). The fit learns those three by L2-regularised
logistic regression (Newton's method with a halving line search:
deterministic), the seam evidence taken as a fixed offset. The rows are the
`join_across` rows of `ocrmend eval --features`, made with the three
weights at zero (so that no candidate is held back by them), on the
train split only; scripts/fit-across.sh makes them.

    python3 scripts/fit_across.py train.jsonl -o target/decision-model.json

The output is the base model (`--base`, the shipped one by default) with
those three weights of `reassembly.across_caption` replaced (its
`rank_bonus`, how a join across ranks against other candidates, is chosen
apart by scripts/fit-across.sh); every other line is copied as it is.
"""

import argparse
import json
import math
import re

from fit_output import refuse_input_as_output

FEATURE = "across_caption"
ONE_LINE = "the open end is one line"
LOWER = "the caption starts in lower case"
L2 = 0.1


def read(path):
    """(offset, [1, one line, lower case], label) of each join-across row."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("kind") != "join_across":
                continue
            offset = sum(w for name, _v, _raw, w, _x, _k in r["features"] if name != FEATURE)
            said = next(v for name, v, *_ in r["features"] if name == FEATURE)
            rows.append((offset, [1.0, float(ONE_LINE in said), float(LOWER in said)], 1.0 if r["join"] else 0.0))
    return rows


def log_likelihood(rows, w):
    total = -0.5 * L2 * sum(x * x for x in w)
    for offset, x, y in rows:
        z = offset + sum(a * b for a, b in zip(w, x))
        total += y * z - (max(z, 0.0) + math.log1p(math.exp(-abs(z))))
    return total


def solve(a, b):
    """Solves the small symmetric system a·x = b (Gaussian elimination)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[i][n] / m[i][i] for i in range(n)]


def fit(rows):
    w = [0.0, 0.0, 0.0]
    for _ in range(100):
        g = [-L2 * x for x in w]
        h = [[L2 if i == j else 0.0 for j in range(3)] for i in range(3)]
        for offset, x, y in rows:
            z = offset + sum(a * b for a, b in zip(w, x))
            p = 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0
            for i in range(3):
                g[i] += (y - p) * x[i]
                for j in range(3):
                    h[i][j] += p * (1 - p) * x[i] * x[j]
        step = solve(h, g)
        t, before = 1.0, log_likelihood(rows, w)
        while t > 1e-9 and log_likelihood(rows, [a + t * s for a, s in zip(w, step)]) < before:
            t /= 2
        w = [a + t * s for a, s in zip(w, step)]
        if max(abs(t * s) for s in step) < 1e-9:
            break
    return w


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("train")
    ap.add_argument("-o", "--out", required=True)
    ap.add_argument("--base", default="crates/ocrmend/data/decision-model.json")
    args = ap.parse_args()
    refuse_input_as_output("fit_across.py", args.out, (args.train, args.base))
    rows = read(args.train)
    if not rows:
        raise SystemExit(f"{args.train}: no join_across rows")
    caption, one_line_end, caption_continues = (round(x, 1) for x in fit(rows))
    right = sum(y for *_, y in rows)
    print(f"{len(rows)} rows, {int(right)} right: caption {caption}, one_line_end {one_line_end}, "
          f"caption_continues {caption_continues}")
    text = open(args.base, encoding="utf-8").read()
    for key, value in (("caption", caption), ("one_line_end", one_line_end),
                       ("caption_continues", caption_continues)):
        text, n = re.subn(rf'("{FEATURE}": \{{[^}}]*"{key}": )[-0-9.]+', rf"\g<1>{value}", text)
        assert n == 1, f"the base model has no reassembly.{FEATURE}.{key}"
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    json.load(open(args.out, encoding="utf-8"))


if __name__ == "__main__":
    main()
