#!/usr/bin/env python3
"""Fits the seam part of the decision model (`seam.fitted` of
crates/ocrmend/data/decision-model.json) on training rows.

The seam decision adds hand-set feature weights into log-odds. The fit keeps
every feature and its meaning and learns how much each counts, by
L2-regularised logistic regression solved by Newton's method
(deterministic): a feature weighed per outcome (`left_ending` ends with a
comma, a sentence end, nothing...) gets one weight per outcome, pulled
towards its hand-set weight; any other feature one scale per sign
(`bigram_across_seam+`), pulled towards 1; and an intercept, pulled towards
0. Rough print is fitted apart: pages whose known share (the share of their
words the lexicons know, `known_share` in the rows) is below a cut get
weights of their own, the cut per script chosen on the dev rows from
CUTS (or none). Seams the role veto decides (a headline, a caption, a
duplicate) are left out: no weight moves them. The regularisation is chosen
on the dev rows by log-loss; the test pages are never read here.

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
import sys

import numpy as np

from fit_output import refuse_input_as_output

VETO = {"roles"}
INTERCEPT = "fitted_intercept"


def read(path):
    """Rows (script, {key: design value}, label) of a `--features` file."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("kind", "seam") != "seam":
                continue
            names = {feat[0] for feat in r["features"]}
            if names & VETO:
                continue
            sums = {}
            for name, _value, _raw, _fitted, x, key in r["features"]:
                if name == INTERCEPT or x == 0:
                    continue
                sums[key] = sums.get(key, 0.0) + x
            rows.append((r["script"], sums, 1.0 if r["join"] else 0.0, r.get("known_share")))
    return rows


# Where a per-outcome feature's hand-set weights sit in the model's `seam`.
FIELDS = {
    "right_first_line": "line_edges",
    "left_last_line": "line_edges",
}


def hand_weight(seam, key, script):
    """The prior of a key: an outcome's hand-set weight (the script's, for
    an outcome weighed per script), a scale's 1."""
    if "." not in key:
        return 1.0
    name, outcome = key.split(".", 1)
    weight = seam[FIELDS.get(name, name)][outcome]
    return float(weight[script] if isinstance(weight, dict) else weight)


def design(rows, keys):
    index = {k: i for i, k in enumerate(keys)}
    x = np.zeros((len(rows), len(keys) + 1))
    x[:, -1] = 1.0  # intercept
    y = np.zeros(len(rows))
    for i, (_script, sums, label, _known) in enumerate(rows):
        for k, v in sums.items():
            if k in index:
                x[i, index[k]] = v
        y[i] = label
    return x, y


def fit(x, y, lam, prior):
    """Minimises log-loss + lam * |w - prior|^2 by Newton's method."""
    n, d = x.shape
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
    refuse_input_as_output("fit_seams.py", args.out, (args.train, args.dev, args.base))
    train, dev = read(args.train), read(args.dev)
    with open(args.base, encoding="utf-8") as f:
        model = json.load(f)
    fitted = {"made": args.made or f"scripts/fit_seams.py {args.train} {args.dev}"}
    for script in ("cjk", "latin"):
        fitted[script], record = fit_script(
            [r for r in train if r[0] == script], [r for r in dev if r[0] == script], script, model["seam"]
        )
        fitted["made"] += f"; {script}: {record}"
    model["seam"]["fitted"] = fitted
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(model, f, indent=2, ensure_ascii=False)
        f.write("\n")


# Where a page's known share may split clean print from rough, per script:
# each is tried (and no split), the one with the lowest dev log-loss kept.
CUTS = {"cjk": [0.7, 0.75, 0.8, 0.85], "latin": [0.93, 0.94, 0.95, 0.96, 0.97, 0.98]}


def rough(row, cut):
    return row[3] is not None and row[3] < cut


def fit_script(train, dev, script, seam):
    """One script's fit: for clean pages and, below a known-share cut
    chosen on dev, rough ones (weights, scales, intercept each), and a line
    that says how the fit went. Each split is fitted once."""
    best, hand_loss = None, None
    for cut in [None] + CUTS[script]:
        parts = [(train, dev)] if cut is None else [
            ([r for r in train if not rough(r, cut)], [r for r in dev if not rough(r, cut)]),
            ([r for r in train if rough(r, cut)], [r for r in dev if rough(r, cut)]),
        ]
        if any(len(t) < 200 or len(d) < 50 for t, d in parts):
            continue
        fits = [fit_rows(t, d, seam, script) for t, d in parts]
        if cut is None:
            hand_loss = fits[0]["hand_loss"]
        loss = sum(f["loss"] * len(d) for f, (_, d) in zip(fits, parts)) / len(dev)
        print(f"{script}: cut {cut}: dev log-loss {loss:.4f}", file=sys.stderr)
        if best is None or loss < best[0] - 1e-9:
            best = (loss, cut, fits)
    loss, cut, fits = best
    for f, band in zip(fits, ["clean print", "rough print"]):
        describe(f"{script}, {band}", f)
    record = f"dev log-loss {loss:.4f} (hand weights {hand_loss:.4f})"
    clean = fits[0]["fit"]
    if cut is not None:
        clean["rough_below"] = cut
        clean["rough"] = fits[1]["fit"]
        record += f", rough print below a known share of {cut}"
    return clean, record


def fit_rows(train, dev, seam, script):
    """Weights, scales and intercept fitted on `train`, the regularisation
    chosen on `dev`: the model's `fit` part, and what `describe` prints."""
    keys = sorted({k for _, sums, _, _ in train for k in sums})
    xt, yt = design(train, keys)
    xd, yd = design(dev, keys)
    prior = np.array([hand_weight(seam, k, script) for k in keys] + [0.0])
    best = None
    for lam in [1e-4, 1e-3, 1e-2, 1e-1, 1.0]:
        w = fit(xt, yt, lam, prior)
        loss = log_loss(xd, yd, w)
        if best is None or loss < best[0] - 1e-9:
            best = (loss, lam, w)
    loss, lam, w = best
    return {
        "fit": {
            "intercept": round(float(w[-1]), 4),
            # A scaled feature's sign is its meaning: a scale stays positive.
            "scales": {k: round(float(max(w[i], 0.001)), 4) for i, k in enumerate(keys) if "." not in k},
            "weights": {k: round(float(w[i]), 4) for i, k in enumerate(keys) if "." in k},
        },
        "loss": loss,
        "hand_loss": log_loss(xd, yd, prior),
        "lambda": lam,
        "rows": (len(train), len(dev)),
        "keys": keys,
        "prior": prior,
        "w": w,
    }


def describe(label, f):
    """Prints a fit: its rows, regularisation, dev log-loss and every weight."""
    print(f"{label}: rows train {f['rows'][0]}, dev {f['rows'][1]}; lambda {f['lambda']:g}, dev log-loss "
          f"{f['loss']:.4f} (hand weights {f['hand_loss']:.4f})", file=sys.stderr)
    for i, k in enumerate(f["keys"]):
        print(f"    {k:45s} {f['prior'][i]:7.2f} -> {f['w'][i]:7.3f}", file=sys.stderr)
    print(f"    intercept {f['w'][-1]:.3f}", file=sys.stderr)


if __name__ == "__main__":
    main()
