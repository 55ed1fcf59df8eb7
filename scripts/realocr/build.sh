#!/usr/bin/env bash
# Builds the real-OCR development set (scripts/realocr/README.md): renders
# PAGES pages per language, OCRs each with Tesseract into text, hOCR and ALTO,
# writes the gold, and splits the pages into train, dev and test.
#   [LANGS="en zh"] scripts/realocr/build.sh [OUT=build/realocr] [PAGES=240]
# (LANGS orders the languages or picks one; pages already OCR'd are kept.)
# Needs: tesseract-ocr with eng and chi-sim, fonts-noto-cjk, fonts-liberation,
# fonts-dejavu, fonts-arphic-uming (Debian), and Pillow, numpy, pyphen (PyPI).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-build/realocr}
pages=${2:-240}
jobs=${JOBS:-$(nproc)}
# Every language checked before anything is built: `LANGS="en fr"` builds nothing.
for lang in ${LANGS:-en zh}; do
  case $lang in en|zh) ;; *) echo "build.sh: LANGS holds \`$lang'; the set has en and zh" >&2; exit 2 ;; esac
done
for lang in ${LANGS:-en zh}; do
  all="$out/$lang/all"
  mkdir -p "$all"
  # Rendering is slow (noise, blur): one slice of the pages per core.
  per=$(( (pages + jobs - 1) / jobs ))
  for ((k = 0; k < jobs; k++)); do
    first=$((k * per)); n=$(( pages - first < per ? pages - first : per ))
    [ "$n" -gt 0 ] && python3 "$here/render.py" --lang "$lang" --first "$first" --pages "$n" --seed 1 -o "$all" &
  done
  wait
  tess=$([ "$lang" = en ] && echo eng || echo chi_sim)
  # One Tesseract per core, each on one thread: the same output as any other split of the work.
  # Test pages first, then dev, then train: a run cut short still has a test set.
  for f in "$all"/*.png; do
    i=$((10#$(basename "$f" .png | cut -d- -f2)))
    echo "$(( (4 - (i / 4) % 5) )) $f"
  done | sort | cut -d' ' -f2 | OMP_THREAD_LIMIT=1 xargs -P "$jobs" -I{} sh -c \
    'b="${1%.png}"; [ -s "$b.xml" ] || tesseract "$1" "$b" -l '"$tess"' --psm 3 --dpi 300 -c textord_tabfind_find_tables=0 txt hocr alto 2>/dev/null' _ {}
  # Pages i with (i / 4) % 5 in 0-2 train, 3 dev, 4 test: every degradation level (i % 4) in every split.
  for f in "$all"/*.png; do
    name=$(basename "$f" .png)
    i=$((10#${name#*-}))
    case $(( (i / 4) % 5 )) in 0|1|2) split=train ;; 3) split=dev ;; *) split=test ;; esac
    mkdir -p "$out/$lang/$split"
    for ext in png truth.json txt hocr xml; do
      ln -f "$all/$name.$ext" "$out/$lang/$split/$name.$ext"
    done
  done
  python3 "$here/label.py" "$out/$lang/train" "$out/$lang/dev" "$out/$lang/test"
done
