#!/usr/bin/env python3
"""Baseline for `ocrmend dedup`: datasketch's MinHashLSH on the same collection.

Usage: datasketch_baseline.py RECORDS.jsonl [--threshold 0.5]
Reads records (`id`, `text`, `cluster`) as written by `ocrmend
simulate-reprints`, shingles each text as datasketch is usually fed (two-word
runs of alphanumeric words, as ocrmend did before it read six-letter runs;
three-character runs for Chinese, whose words no space parts), builds MinHash signatures (128
permutations) and a MinHashLSH index at the threshold, takes every pair the
index returns as a duplicate (datasketch's usual use), clusters them with
union-find, and prints pair precision, recall, F1, the adjusted Rand index and
the wall time, as JSON. Run it with .venv-baselines/bin/python.
"""
import json
import re
import sys
import time
from collections import defaultdict

from datasketch import MinHash, MinHashLSH

from cluster_score import score

WORD = re.compile(r"[^\W_]+")


def shingles(text):
    """Two-word runs; for Chinese (a text most of whose letters are CJK), three-character runs."""
    visible = [c for c in text if not c.isspace()]
    if sum("\u4e00" <= c <= "\u9fff" for c in visible) * 2 > len(visible):
        return {"".join(visible[i:i + 3]).encode() for i in range(len(visible) - 2)}
    words = WORD.findall(text)
    return {f"{a} {b}".encode() for a, b in zip(words, words[1:])}


def main(path, threshold):
    start = time.perf_counter()
    ids, truth, lsh, sigs = [], [], MinHashLSH(threshold=threshold, num_perm=128), []
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            m = MinHash(num_perm=128)
            m.update_batch(list(shingles(record["text"])))
            key = str(len(ids))
            lsh.insert(key, m)
            sigs.append(m)
            ids.append(record["id"])
            truth.append(record["cluster"])
    parent = list(range(len(ids)))

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, m in enumerate(sigs):
        for key in lsh.query(m):
            a, b = root(i), root(int(key))
            if a != b:
                parent[max(a, b)] = min(a, b)
    predicted = [root(i) for i in range(len(ids))]
    seconds = time.perf_counter() - start
    out = score(predicted, truth)
    out.update({"documents": len(ids), "seconds": round(seconds, 2), "threshold": threshold})
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    threshold = float(sys.argv[sys.argv.index("--threshold") + 1]) if "--threshold" in sys.argv else 0.5
    main(sys.argv[1], threshold)
