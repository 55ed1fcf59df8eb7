#!/usr/bin/env python3
"""Fits the seam part of the decision model (`seam.fitted` of
crates/ocrmend/data/decision-model.json) on training rows.

The seam decision adds hand-set feature weights into log-odds. The fit keeps
every feature and its meaning and learns how much each counts: one scale per
feature name and sign (`left_ending+`, `left_ending-`) and an intercept, by
L2-regularised logistic regression pulled towards the hand weights (scale 1,
intercept 0), solved by Newton's method (deterministic). Seams the role veto
decides (a headline, a caption, a duplicate) are left out: no weight moves
them. The regularisation is chosen on the dev rows by log-loss; the test
pages are never read here.

Rows come from `ocrmend eval --features` (its fifth figure per feature is the
hand-set weight), e.g. as in scripts/fit-seams.sh:

    ocrmend eval build/realocr/en/train/{text,hocr,alto} sim-train/... --features train.jsonl
    ocrmend eval build/realocr/en/dev/{text,hocr,alto} sim-dev/... --features dev.jsonl
    python3 scripts/fit_seams.py train.jsonl dev.jsonl -o target/decision-model.json

The output is the base model (`--base`, the shipped one by default) with its
`seam.fitted` replaced; every other number is copied as it is. Try it with
`ocrmend eval --model target/decision-model.json …` before shipping it.
"""

import argparse
import json
import os
import sys

import numpy as np

VETO = {"roles"}
INTERCEPT = "fitted_intercept"


def read(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            names = {feat[0] for feat in r["features"]}
            if names & VETO:
                continue
            sums = {}
            for name, _value, _raw, _fitted, hand in r["features"]:
                if name == INTERCEPT or hand == 0:
                    continue
                key = name + ("+" if hand > 0 else "-")
                sums[key] = sums.get(key, 0.0) + hand
            rows.append((r["script"], sums, 1.0 if r["join"] else 0.0))
    return rows


def design(rows, keys):
    index = {k: i for i, k in enumerate(keys)}
    x = np.zeros((len(rows), len(keys) + 1))
    x[:, -1] = 1.0  # intercept
    y = np.zeros(len(rows))
    for i, (_script, sums, label) in enumerate(rows):
        for k, v in sums.items():
            if k in index:
                x[i, index[k]] = v
        y[i] = label
    return x, y


def fit(x, y, lam):
    """Minimises log-loss + lam * (|scales - 1|^2 + intercept^2) by Newton's method."""
    n, d = x.shape
    prior = np.ones(d)
    prior[-1] = 0.0
    w = prior.copy()

    def objective(v):
        return log_loss(x, y, v) + lam * float(np.sum((v - prior) ** 2))

    for _ in range(200):
        z = np.clip(x @ w, -35, 35)
        p = 1 / (1 + np.exp(-z))
        grad = x.T @ (p - y) / n + 2 * lam * (w - prior)
        hess = (x * (p * (1 - p))[:, None]).T @ x / n + 2 * lam * np.eye(d)
        step = np.linalg.solve(hess, grad)
        # Backtracking: a full Newton step overshoots where the data separate.
        t, now = 1.0, objective(w)
        while objective(w - t * step) > now and t > 1e-6:
            t /= 2
        w = w - t * step
        if np.max(np.abs(t * step)) < 1e-9:
            break
    return w


def log_loss(x, y, w):
    z = np.clip(x @ w, -35, 35)
    p = np.clip(1 / (1 + np.exp(-z)), 1e-12, 1 - 1e-12)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("train")
    ap.add_argument("dev")
    ap.add_argument("-o", "--out", required=True)
    ap.add_argument("--base", default="crates/ocrmend/data/decision-model.json",
                    help="the decision model whose seam.fitted the fit replaces")
    ap.add_argument("--made", default="", help="how the rows were made, kept in the model file")
    args = ap.parse_args()
    out = os.path.realpath(args.out)
    if out in (os.path.realpath(args.train), os.path.realpath(args.dev), os.path.realpath(args.base)):
        sys.exit(f"fit_seams.py: {args.out} is an input; the model would replace it")
    if os.path.exists(out) and not os.path.isfile(out):
        sys.exit(f"fit_seams.py: {args.out} is not a regular file")
    train, dev = read(args.train), read(args.dev)
    with open(args.base, encoding="utf-8") as f:
        model = json.load(f)
    fitted = {"made": args.made or f"scripts/fit_seams.py {args.train} {args.dev}"}
    for script in ("cjk", "latin"):
        fitted[script], record = fit_script(
            [r for r in train if r[0] == script], [r for r in dev if r[0] == script], script
        )
        fitted["made"] += f"; {script}: {record}"
    model["seam"]["fitted"] = fitted
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(model, f, indent=2, ensure_ascii=False)
        f.write("\n")


def fit_script(train, dev, script):
    """The scales and intercept of one script's seams, the regularisation
    chosen on dev, and a line that says how the fit went."""
    keys = sorted({k for _, sums, _ in train for k in sums})
    xt, yt = design(train, keys)
    xd, yd = design(dev, keys)
    identity = np.ones(len(keys) + 1)
    identity[-1] = 0.0
    print(f"{script}: rows train {len(train)}, dev {len(dev)}; features {len(keys)}", file=sys.stderr)
    print(f"  hand weights: dev log-loss {log_loss(xd, yd, identity):.4f}", file=sys.stderr)
    best = None
    for lam in [1e-4, 1e-3, 1e-2, 1e-1, 1.0]:
        w = fit(xt, yt, lam)
        loss = log_loss(xd, yd, w)
        print(f"  lambda {lam:g}: train {log_loss(xt, yt, w):.4f}, dev {loss:.4f}", file=sys.stderr)
        if best is None or loss < best[0] - 1e-9:
            best = (loss, lam, w)
    loss, lam, w = best
    print(f"  chosen lambda {lam:g}: dev log-loss {loss:.4f}", file=sys.stderr)
    record = (
        f"lambda {lam:g}, dev log-loss {loss:.4f} "
        f"(hand weights {log_loss(xd, yd, identity):.4f})"
    )
    return {
        "intercept": round(float(w[-1]), 4),
        # A feature's sign is its meaning: a scale is never below 0.05.
        "scales": {k: round(float(max(w[i], 0.05)), 4) for i, k in enumerate(keys)},
    }, record


if __name__ == "__main__":
    main()
