#!/usr/bin/env bash
# Fits the split-word model (`line_breaks.split_word`): training rows from
# the real-OCR train split (built by scripts/realocr/build.sh, every format)
# and simulated pages of seed 11, dev rows from the dev split and seed 12;
# scripts/fit_split_words.py chooses the regularisation on dev and writes
# the whole model with the weights (every other number copied from
# crates/ocrmend/data/decision-model.json). The test split is never read.
#   scripts/fit-split-words.sh [BUILD=build/realocr] [OUT=target/decision-model.json]
set -euo pipefail
build=${1:-build/realocr}
out=${2:-target/decision-model.json}
work=target/fit-split-words
. scripts/fit-sets.sh
$bin eval $(fit_sets train 11) --features "$work/train.jsonl" > /dev/null
$bin eval $(fit_sets dev 12) --features "$work/dev.jsonl" > /dev/null
python3 scripts/fit_split_words.py "$work/train.jsonl" "$work/dev.jsonl" -o "$out"
