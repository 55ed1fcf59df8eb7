#!/usr/bin/env bash
# Fits the join across a caption (`reassembly.across_caption`): every join
# across that the repair proposes on the real-OCR train split (built by
# scripts/realocr/build.sh, all three formats, both languages; the
# simulated pages of seed 11 have none, the simulator puts no caption
# between a paragraph's halves), with the three weights at zero, judged by
# the gold's displaced blocks; then scripts/fit_across.py. Writes the
# shipped model with the fitted weights to OUT; the dev and test splits are
# never read. Refit the calibration after it (scripts/fit-calibration.sh):
# the join across is calibrated like the moves.
#   scripts/fit-across.sh [BUILD=build/realocr] [OUT=target/decision-model.json]
set -euo pipefail
build=${1:-build/realocr}
out=${2:-target/decision-model.json}
work=target/fit-across
. scripts/fit-sets.sh
sed -E 's/"across_caption": \{[^}]*\}/"across_caption": { "caption": 0.0, "one_line_end": 0.0, "caption_continues": 0.0 }/' \
  crates/ocrmend/data/decision-model.json > "$work/zero.json"
rm -f "$work/train.jsonl"
$bin eval --model "$work/zero.json" $(fit_sets train 11) --features "$work/train.jsonl" > /dev/null
python3 scripts/fit_across.py "$work/train.jsonl" -o "$out"
echo "wrote $out"
