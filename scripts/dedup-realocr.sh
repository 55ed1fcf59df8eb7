#!/usr/bin/env bash
# Duplicate detection on the real-OCR reprint set (scripts/realocr/reprints.py:
# stories printed 1-5 times in different layouts and print quality, read by
# Tesseract, with shared formulas), in one run: `ocrmend dedup` at its
# defaults, datasketch's MinHashLSH and text-dedup's MinHash at their usual
# settings (datasketch: 128 permutations, two-word shingles, three-character
# ones for Chinese, threshold 0.5; text-dedup: its NEWS-COPY settings, word
# 2-grams, 256 permutations, threshold 0.45) and at the best adjusted Rand
# index of a small sweep on the dev split, applied to test. Prints one JSON
# line per system, split and language: pair P/R/F1, ARI, B-cubed, seconds.
# Usage: scripts/dedup-realocr.sh [SET_DIR]   (default build/reprints)
set -euo pipefail
cd "$(dirname "$0")/.."
SET=${1:-build/reprints}
OUT=target/dedup-realocr
mkdir -p "$OUT"
cargo build --release --quiet
bash scripts/setup-baselines.sh >/dev/null
PY=.venv-baselines/bin/python
export PYTHONPATH=scripts
ari() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['adjusted_rand_index'])" "$1"; }
for lang in en zh; do
  for split in dev test; do
    records="$SET/$lang/$split.jsonl"
    start=$(date +%s.%N)
    ./target/release/ocrmend dedup -q "$records" -o "$OUT/ocrmend.json"
    seconds=$(echo "$(date +%s.%N) - $start" | bc)
    python3 -c "import json,sys; q=json.load(open(sys.argv[1]))['quality']; q['seconds']=round(float(sys.argv[2]),2); print(json.dumps({'system':'ocrmend','lang':sys.argv[3],'split':sys.argv[4],**q}))" \
      "$OUT/ocrmend.json" "$seconds" "$lang" "$split"
    $PY scripts/datasketch_baseline.py "$records" --threshold 0.5 > "$OUT/ds.json"
    python3 -c "import json,sys; print(json.dumps({'system':'datasketch t0.5','lang':sys.argv[2],'split':sys.argv[3],**json.load(open(sys.argv[1]))}))" "$OUT/ds.json" "$lang" "$split"
    $PY scripts/textdedup_baseline.py "$records" > "$OUT/td.json"
    python3 -c "import json,sys; print(json.dumps({'system':'text-dedup news-copy','lang':sys.argv[2],'split':sys.argv[3],**json.load(open(sys.argv[1]))}))" "$OUT/td.json" "$lang" "$split"
  done
  # The baselines' own best settings, chosen on dev.
  best_ds=0.5; best=-1
  for t in 0.2 0.3 0.4 0.5 0.6 0.7 0.8; do
    $PY scripts/datasketch_baseline.py "$SET/$lang/dev.jsonl" --threshold $t > "$OUT/ds.json"
    a=$(ari "$OUT/ds.json"); if (( $(echo "$a > $best" | bc) )); then best=$a; best_ds=$t; fi
  done
  best_td="2 0.45"; best=-1
  for n in 1 2 3; do for t in 0.2 0.3 0.45 0.6 0.7; do
    $PY scripts/textdedup_baseline.py "$SET/$lang/dev.jsonl" --ngram $n --threshold $t > "$OUT/td.json"
    a=$(ari "$OUT/td.json"); if (( $(echo "$a > $best" | bc) )); then best=$a; best_td="$n $t"; fi
  done; done
  $PY scripts/datasketch_baseline.py "$SET/$lang/test.jsonl" --threshold $best_ds > "$OUT/ds.json"
  python3 -c "import json,sys; print(json.dumps({'system':'datasketch, dev-chosen t'+sys.argv[4],'lang':sys.argv[2],'split':sys.argv[3],**json.load(open(sys.argv[1]))}))" "$OUT/ds.json" "$lang" test "$best_ds"
  read -r n t <<< "$best_td"
  $PY scripts/textdedup_baseline.py "$SET/$lang/test.jsonl" --ngram $n --threshold $t > "$OUT/td.json"
  python3 -c "import json,sys; print(json.dumps({'system':'text-dedup, dev-chosen '+sys.argv[4],'lang':sys.argv[2],'split':sys.argv[3],**json.load(open(sys.argv[1]))}))" "$OUT/td.json" "$lang" test "ngram $n t $t"
done
