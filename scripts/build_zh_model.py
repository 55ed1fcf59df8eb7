#!/usr/bin/env python3
"""Builds crates/ocrmend/data/zh-chars.tsv, the character statistics ocrmend ships for Chinese.

Counts from the public-domain Government Work Reports in ../shared/corpora/zh
(see crates/ocrmend/data/README.md). gwr-1984-2005.txt is held out: `ocrmend eval` simulates
its Chinese pages from it, so no statistic is learned from evaluation text.

Rows: kind<TAB>key<TAB>count, kinds u (character), b (bigram), t (trigram of
three CJK characters), s (character opening a sentence), S (bigram opening a
sentence). Bigrams and trigrams seen once are left out to keep the file small.
"""
import collections
import sys
from pathlib import Path

TERMINAL = set("。！？!?…")
CLOSING = set("”’\"'）)】」』》")

def is_cjk(c: str) -> bool:
    """A Chinese ideograph (the unified block and extension A): the corpus's part of what ocrmend's `is_cjk` covers."""
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def main(corpus_dir: Path, out: Path) -> None:
    uni, bi, tri, start1, start2 = (collections.Counter() for _ in range(5))
    for name in ("gwr-1955-1983.txt", "gwr-2006-2025.txt"):
        for line in (corpus_dir / name).read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line:
                continue
            uni.update(line)
            bi.update(a + b for a, b in zip(line, line[1:]))
            tri.update(line[i : i + 3] for i in range(len(line) - 2) if all(map(is_cjk, line[i : i + 3])))
            at_start = True
            for i, c in enumerate(line):
                if at_start and c not in CLOSING and not c.isspace():
                    start1[c] += 1
                    if i + 1 < len(line):
                        start2[line[i : i + 2]] += 1
                    at_start = False
                if c in TERMINAL:
                    at_start = True
    with out.open("w", encoding="utf-8") as f:
        for kind, counter, floor in (("u", uni, 1), ("b", bi, 2), ("t", tri, 2), ("s", start1, 1), ("S", start2, 2)):
            for key, n in sorted(counter.items()):
                if n >= floor and "\t" not in key and "\n" not in key:
                    f.write(f"{kind}\t{key}\t{n}\n")

if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
