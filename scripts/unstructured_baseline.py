#!/usr/bin/env python3
"""Baseline for `ocrmend eval --baseline`: unstructured's group_broken_paragraphs.

Usage: unstructured_baseline.py IN_DIR OUT_DIR
Runs group_broken_paragraphs over every IN_DIR/*.txt page (blocks separated by
blank lines, lines by single line breaks) and writes the result under the same
name in OUT_DIR. Run it with the interpreter of .venv-baselines
(scripts/setup-baselines.sh installs it).
"""
import sys
from pathlib import Path

from unstructured.cleaners.core import group_broken_paragraphs


def main(src: Path, dst: Path) -> None:
    dst.mkdir(parents=True, exist_ok=True)
    pages = sorted(p for p in src.glob("*.txt"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        (dst / page.name).write_text(group_broken_paragraphs(text) + "\n", encoding="utf-8")
    print(f"{len(pages)} pages grouped into {dst}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
