#!/usr/bin/env bash
# Repair speed on text shaped like real OCR (issue 15), next to unstructured's
# group_broken_paragraphs on the same files in the same run.
#
# Inputs: Tesseract's text of the rendered real-OCR pages (every page of the
# build, build/realocr/LANG/all, when it is there; else the committed fixture
# slice, tests/fixtures/realocr) and the annotated samples, concatenated per
# language into one document of 1, 8 and 64 MB; and as folders of hOCR and
# ALTO pages of 8 and 64 MB. Past the pages there are (1.4 MB of English,
# 0.8 MB of Chinese in the build; 0.1 MB each in the fixtures) pages repeat,
# and a document of repeated pages is all duplicates: its figures say more
# about duplicate detection than about repair (the script says when).
# For each: ocrmend on one core (-j 1) and on two (-j 2), wall time, MB/s of
# input and peak memory (/usr/bin/time), and unstructured on the text
# documents (one core: it is single-threaded Python).
#   scripts/realocr-bench.sh [SIZES_MB...]   (default: 1 8 64)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${*:-1 8 64}
OUT=target/realocr-bench
BIN=${OCRMEND_BIN:-./target/release/ocrmend}
mkdir -p "$OUT"
[ -n "${OCRMEND_BIN:-}" ] || cargo build --release --quiet
bash scripts/setup-baselines.sh >/dev/null
PY=.venv-baselines/bin/python

# Repeats FILES (concatenated, separated by blank lines) up to MB megabytes.
grow() { # OUT MB FILES...
  local out=$1 mb=$2; shift 2
  : > "$out"
  while [ "$(stat -c %s "$out")" -lt $((mb * 1000000)) ]; do
    for f in "$@"; do cat "$f"; printf '\n\n'; done >> "$out"
  done
}

timed() { # LABEL BYTES COMMAND...
  local label=$1 bytes=$2; shift 2
  /usr/bin/time -o "$OUT/.time" -f "%e %M" "$@" > /dev/null 2> /dev/null || true
  local t
  t=$(tail -1 "$OUT/.time")
  awk -v l="$label" -v b="$bytes" -v t="$t" 'BEGIN { split(t, a, " "); s = a[1] < 0.01 ? 0.01 : a[1];
    printf "%-44s %8.2f s %9.1f MB/s %8.0f MB peak\n", l, s, b / 1e6 / s, a[2] / 1024 }'
}

# unstructured's own time: the call, not Python's start and imports.
cat > "$OUT/unstructured_one.py" <<'PY'
import sys, time
from unstructured.cleaners.core import group_broken_paragraphs
text = open(sys.argv[1], encoding="utf-8").read()
start = time.perf_counter()
group_broken_paragraphs(text)
print(f"{time.perf_counter() - start:.3f}")
PY
unstructured() { # LABEL BYTES FILE
  awk -v l="$1" -v b="$2" -v s="$("$PY" "$OUT/unstructured_one.py" "$3")" \
    'BEGIN { printf "%-44s %8.2f s %9.1f MB/s (the call alone)\n", l, s, b / 1e6 / (s < 0.01 ? 0.01 : s) }'
}

for lang in en zh; do
  src=${REALOCR:-build/realocr}/$lang/all
  [ -d "$src" ] || src=tests/fixtures/realocr/$lang
  pool=$(cat "$src"/*.txt | wc -c)
  sample=$([ "$lang" = en ] && echo samples/national-intelligencer-1801.txt || echo samples/jiaxing-daily-page.txt)
  for mb in $SIZES; do
    doc="$OUT/$lang-$mb.txt"
    [ -f "$doc" ] || grow "$doc" "$mb" "$src"/*.txt "$sample"
    bytes=$(stat -c %s "$doc")
    [ "$bytes" -le $((pool * 11 / 10)) ] || echo "($lang: $mb MB repeats the $pool bytes of pages in $src)"
    timed "$lang text, one document of $mb MB, ocrmend -j 1" "$bytes" "$BIN" -j 1 repair -q "$doc"
    timed "$lang text, one document of $mb MB, ocrmend -j 2" "$bytes" "$BIN" -j 2 repair -q "$doc"
    # Past the window (4 MiB) a document is repaired a window at a time; whole, as before:
    timed "$lang text, one document of $mb MB, ocrmend -j 2 --window 0" "$bytes" "$BIN" -j 2 repair -q --window 0 "$doc"
    unstructured "$lang text, one document of $mb MB, unstructured" "$bytes" "$doc"
  done
  for format in hocr xml; do
    for mb in $SIZES; do
      [ "$mb" -ge 8 ] || continue
      dir="$OUT/$lang-$format-$mb"
      if [ ! -d "$dir" ]; then
        mkdir -p "$dir"
        k=0
        while [ "$(du -sb "$dir" | cut -f1)" -lt $((mb * 1000000)) ]; do
          for f in "$src"/*."$format"; do cp "$f" "$dir/$k-$(basename "$f")"; done
          k=$((k + 1))
        done
      fi
      bytes=$(du -sb "$dir" | cut -f1)
      name=$([ "$format" = xml ] && echo ALTO || echo hOCR)
      timed "$lang $name, $mb MB of pages, ocrmend -j 1" "$bytes" "$BIN" -j 1 repair -q "$dir"
      timed "$lang $name, $mb MB of pages, ocrmend -j 2" "$bytes" "$BIN" -j 2 repair -q "$dir"
    done
  done
done
