#!/usr/bin/env python3
"""Chooses `ocrmend dedup`'s thresholds on a development collection.

Usage: dedup_sweep.py RECORDS.jsonl VERIFIED.jsonl [RECORDS VERIFIED ...] [--min-precision 0.98]

Each RECORDS carries its documents' true clusters (`id`, `cluster`); its
VERIFIED is `ocrmend dedup --verified-out` run on it with `--jaccard 0
--containment 0`, so that every candidate pair is written with its
similarity. For every pair of thresholds on a grid, the clusters `ocrmend
dedup` would make (union-find over the pairs that pass) are scored on every
set: pair precision, recall and the adjusted Rand index. Prints, as JSON,
the setting with the best worst ARI over the sets among those whose pair
precision reaches --min-precision on every set, the settings within 0.005
of it (to choose one inside a plateau, not on its edge), and the defaults'
figures.
"""
import argparse
import json

from cluster_score import score


def clusters(n, links):
    parent = list(range(n))

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [root(x) for x in range(n)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sets", nargs="+", help="RECORDS VERIFIED, one pair a set")
    ap.add_argument("--min-precision", type=float, default=0.98)
    ap.add_argument("--default", nargs=2, type=float, default=[0.5, 0.7], metavar=("JACCARD", "CONTAINMENT"))
    args = ap.parse_args()
    if len(args.sets) % 2:
        ap.error("give RECORDS and VERIFIED in pairs")
    sets = []
    for records, verified in zip(args.sets[::2], args.sets[1::2]):
        index, truth = {}, []
        with open(records, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                index[r["id"]] = len(truth)
                truth.append(r["cluster"])
        with open(verified, encoding="utf-8") as f:
            found = [json.loads(line) for line in f]
        scored = [(index[p["a"]], index[p["b"]], p["jaccard"], p["containment"]) for p in found]
        sets.append((records, truth, scored))

    def at(j, c):
        return [score(clusters(len(truth), [(a, b) for a, b, x, y in scored if x >= j or y >= c]), truth)
                for _, truth, scored in sets]

    grid = [round(0.05 * k, 2) for k in range(2, 21)]
    results = []
    for j in grid:
        for c in grid:
            if c >= j:
                each = at(j, c)
                results.append({"jaccard": j, "containment": c, "worst_ari": min(e["adjusted_rand_index"] for e in each),
                                "precise": all(e["pair_precision"] >= args.min_precision for e in each),
                                "sets": each})
    ok = [r for r in results if r["precise"]]
    best = max(ok, key=lambda r: r["worst_ari"]) if ok else None
    plateau = [(r["jaccard"], r["containment"]) for r in ok if best and r["worst_ari"] >= best["worst_ari"] - 0.005]
    print(json.dumps({"sets": [name for name, _, _ in sets],
                      "default": {"jaccard": args.default[0], "containment": args.default[1], "sets": at(*args.default)},
                      "best": best, "plateau": plateau}))


if __name__ == "__main__":
    main()
