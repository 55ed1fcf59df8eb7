#!/usr/bin/env bash
# Copies a slice of the real-OCR test split into tests/fixtures/realocr, so
# that CI gates on real OCR without running Tesseract: the first PAGES test
# pages of each language that Tesseract read text from, their text, hOCR and
# ALTO, and the gold of each format; and the scan of the first English page,
# which the review page's crop test shows (tests/review.rs).
#   scripts/realocr/fixtures.sh [BUILD=build/realocr] [PAGES=24]
set -euo pipefail
build=${1:-build/realocr}
pages=${2:-24}
dest=tests/fixtures/realocr
for lang in ${LANGS:-en zh}; do
  rm -rf "${dest:?}/$lang"
  mkdir -p "$dest/$lang"/{text,hocr,alto}
  n=0
  for truth in $(ls "$build/$lang/test"/*.truth.json | sort); do
    name=$(basename "$truth" .truth.json)
    # A page Tesseract read nothing from has no gold.
    [ -f "$build/$lang/test/text/$name.gold.json" ] || continue
    [ "$n" -lt "$pages" ] || break
    n=$((n + 1))
    cp "$build/$lang/test/$name".{txt,hocr,xml} "$dest/$lang/"
    for f in text hocr alto; do cp "$build/$lang/test/$f/$name.gold.json" "$dest/$lang/$f/"; done
    if [ "$lang" = en ] && [ "$n" = 1 ]; then cp "$build/$lang/test/$name.png" "$dest/$lang/"; fi
  done
done
du -sh "$dest"
