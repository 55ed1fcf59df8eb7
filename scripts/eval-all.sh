#!/usr/bin/env bash
# Reproduces the quality table in README.md: 200 simulated pages per language
# (seed 1; English from ../shared/corpora/en/sotu-00.txt, Chinese from the
# held-out ../shared/corpora/zh/gwr-1984-2005.txt) plus the two annotated pages,
# scored for ocrmend, the built-in baselines and unstructured's
# group_broken_paragraphs, all on the same pages; then the same pages with
# column cuts and hyphens only; then the damaged pages again as ALTO.
# Usage: scripts/eval-all.sh [CORPORA_DIR]   (default ../shared/corpora)
set -euo pipefail
cd "$(dirname "$0")/.."
CORPORA=${1:-../shared/corpora}
OUT=target/eval
cargo build --release --quiet
bash scripts/setup-baselines.sh >/dev/null
rm -rf "$OUT"
./target/release/ocrmend simulate --lang en --corpus "$CORPORA/en/sotu-00.txt" --pages 200 --seed 1 --out "$OUT/en"
./target/release/ocrmend simulate --lang zh --corpus "$CORPORA/zh/gwr-1984-2005.txt" --pages 200 --seed 1 --out "$OUT/zh"
for lang in en zh; do
  .venv-baselines/bin/python scripts/unstructured_baseline.py "$OUT/$lang" "$OUT/$lang-unstructured" >/dev/null
done
for lang in en zh; do
  ./target/release/ocrmend eval "$OUT/$lang" --baseline "unstructured=$OUT/$lang-unstructured"
  ./target/release/ocrmend eval --json "$OUT/$lang" --baseline "unstructured=$OUT/$lang-unstructured" > "$OUT/$lang.json"
done
./target/release/ocrmend eval tests/fixtures
# The same pages with column cuts and hyphens only: the damage repair mends.
CUTS="--lost-char-rate 0 --duplicate-line-rate 0 --displaced-rate 0 --missing-rate 0 --repeat-rate 0 --noise-rate 0"
./target/release/ocrmend simulate --lang en --corpus "$CORPORA/en/sotu-00.txt" --pages 200 --seed 1 --out "$OUT/en-cuts" $CUTS
./target/release/ocrmend simulate --lang zh --corpus "$CORPORA/zh/gwr-1984-2005.txt" --pages 200 --seed 1 --out "$OUT/zh-cuts" $CUTS
./target/release/ocrmend eval "$OUT/en-cuts" "$OUT/zh-cuts"
# The same damaged pages as ALTO, with each block's box: geometry as seam
# evidence, and reassembly of displaced continuations (move P / move R).
./target/release/ocrmend simulate --lang en --corpus "$CORPORA/en/sotu-00.txt" --pages 200 --seed 1 --format alto --out "$OUT/en-alto"
./target/release/ocrmend simulate --lang zh --corpus "$CORPORA/zh/gwr-1984-2005.txt" --pages 200 --seed 1 --format alto --out "$OUT/zh-alto"
./target/release/ocrmend eval "$OUT/en-alto" "$OUT/zh-alto"
