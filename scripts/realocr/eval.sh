#!/usr/bin/env bash
# The real-OCR figures of the README: ocrmend on the held-out test split of
# each language and format, next to the untouched input, the naive rule and
# unstructured's group_broken_paragraphs (text only: it reads text), with
# the figures per degradation level and the reliability of every edit kind.
#   scripts/realocr/eval.sh [BUILD=build/realocr] [SPLIT=test]
set -euo pipefail
build=${1:-build/realocr}
split=${2:-test}
bin=./target/release/ocrmend
py=.venv-baselines/bin/python
[ -x "$py" ] || bash scripts/setup-baselines.sh
for lang in en zh; do
  out="target/realocr-unstructured/$lang-$split"
  "$py" scripts/unstructured_baseline.py "$build/$lang/$split" "$out" > /dev/null
  $bin eval --reliability "$build/$lang/$split/text" --baseline "unstructured=$out"
  $bin eval --reliability "$build/$lang/$split/hocr" "$build/$lang/$split/alto"
done
