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
work=target/fit-seams
. scripts/fit-sets.sh
$bin eval $(fit_sets train 11) --features "$work/train.jsonl" > /dev/null
$bin eval $(fit_sets dev 12) --features "$work/dev.jsonl" > /dev/null
python3 scripts/fit_seams.py "$work/train.jsonl" "$work/dev.jsonl" -o "$out"
