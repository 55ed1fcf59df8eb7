#!/usr/bin/env bash
# Fits the seam part of the decision model: training rows from the real-OCR train split (built by
# scripts/realocr/build.sh) and simulated pages (seed 11), dev rows from the
# dev split and seed 12; scripts/fit_seams.py chooses the regularisation and
# the clean/rough-print cut of each script on dev and writes the whole model
# with them (every other number copied from
# crates/ocrmend/data/decision-model.json). The test split is never read.
#   scripts/fit-seams.sh [BUILD=build/realocr] [OUT=target/decision-model.json]
set -euo pipefail
build=${1:-build/realocr}
out=${2:-target/decision-model.json}
corpora=${CORPORA:-../shared/corpora}
bin=./target/release/ocrmend
work=target/fit-seams
mkdir -p "$work"
for seed in 11 12; do
  for lang in en zh; do
    corpus=$([ "$lang" = en ] && echo "$corpora/en/sotu-00.txt" || echo "$corpora/zh/gwr-1984-2005.txt")
    for format in text alto; do
      $bin simulate --lang "$lang" --corpus "$corpus" --pages 200 --seed "$seed" --format "$format" \
        --out "$work/sim-$lang-$format-$seed" > /dev/null
    done
  done
done
sets() { # split, seed
  for lang in en zh; do
    for f in text hocr alto; do [ -d "$build/$lang/$1/$f" ] && echo "$build/$lang/$1/$f"; done
    for f in text alto; do echo "$work/sim-$lang-$f-$2"; done
  done
}
$bin eval $(sets train 11) --features "$work/train.jsonl" > /dev/null
$bin eval $(sets dev 12) --features "$work/dev.jsonl" > /dev/null
python3 scripts/fit_seams.py "$work/train.jsonl" "$work/dev.jsonl" -o "$out"
