#!/usr/bin/env python3
"""Baseline for `ocrmend dedup`: text-dedup 0.4.0's MinHash on the same collection.

Usage: textdedup_baseline.py RECORDS.jsonl [--ngram 2] [--num-perm 256] [--threshold 0.45]

Runs text-dedup's own MinHash code (`text_dedup.minhash.embed_func`, its
`optimal_param` bands and rows, `UnionFind`, sha1 hashes of 64 bits, as its
command line does) on records (`id`, `text`, `cluster`) without its Hugging
Face `datasets` loader: every document's band hashes into one table a band,
each bucket unioned as text-dedup's `main` unions it (documents shorter than
`min_length` tokens stay alone, as its filter drops them). The defaults are
its NEWS-COPY settings (word 2-grams, 256 permutations, threshold 0.45).
Prints pair precision, recall, F1, the adjusted Rand index and the wall time
as JSON. Run it with the baselines' Python (scripts/setup-baselines.sh).
"""
import argparse
import json
import time
from collections import defaultdict

import numpy as np
from text_dedup.minhash import NON_ALPHA, embed_func
from text_dedup.utils import UnionFind, optimal_param, sha1_hash

from cluster_score import score


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("records")
    ap.add_argument("--ngram", type=int, default=2)
    ap.add_argument("--num-perm", type=int, default=256)
    ap.add_argument("--threshold", type=float, default=0.45)
    ap.add_argument("--min-length", type=int, default=5)
    args = ap.parse_args()
    start = time.perf_counter()
    # text-dedup's 64-bit configuration and its seed (minhash.py: SEED 42).
    dtype, max_hash, prime = np.uint64, np.uint32((1 << 32) - 1), np.uint64((1 << 61) - 1)
    rng = np.random.RandomState(42)
    perms = (rng.randint(1, prime, size=(args.num_perm,), dtype=dtype),
             rng.randint(0, prime, size=(args.num_perm,), dtype=dtype))
    bands, rows = optimal_param(args.threshold, args.num_perm, false_positive_weight=0.5, false_negative_weight=0.5)
    ranges = [(i * rows, (i + 1) * rows) for i in range(bands)]
    tables = [defaultdict(set) for _ in range(bands)]
    truth = []
    with open(args.records, encoding="utf-8") as f:
        for idx, line in enumerate(f):
            record = json.loads(line)
            truth.append(record["cluster"])
            text = record["text"]
            if len(NON_ALPHA.split(text.lower())) < args.min_length:
                continue
            out = embed_func(text, idx, num_perm=args.num_perm, ngram_size=args.ngram,
                             min_length=args.min_length, hashranges=ranges, permutations=perms,
                             hash_func=lambda b: sha1_hash(b, d=32), dtype=dtype, max_hash=max_hash,
                             modulo_prime=prime)
            for band, h in enumerate(out["__signatures__"]):
                tables[band][h].add(idx)
    uf = UnionFind()
    for table in tables:
        for bucket in table.values():
            if len(bucket) > 1:
                first = min(bucket)
                for x in bucket:
                    uf.union(x, first)
    predicted = [uf.find(i) for i in range(len(truth))]
    seconds = time.perf_counter() - start
    out = score(predicted, truth)
    out.update({"documents": len(truth), "seconds": round(seconds, 2), "threshold": args.threshold,
                "ngram": args.ngram, "num_perm": args.num_perm, "bands": bands, "rows": rows})
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
