#!/usr/bin/env bash
# Batch benchmark: for each input format, about SIZE_MB (default 1024) of
# generated pages (simulated English and Chinese pages, 1,000 of each, copied
# as hard links until the batch is large enough), repaired with
# `ocrmend repair DIR -o OUT` (JSONL: `ocrmend repair FILE -o OUT.jsonl`).
# Prints pages, input MB, seconds, pages/s, MB/s and peak memory (max RSS);
# run it with two sizes to see that memory does not grow with the batch.
# Usage: scripts/batch-bench.sh [SIZE_MB] [FORMAT...]
# OCRMEND_BIN=path runs another build (to compare two versions on one machine).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-1024}
shift || true
FORMATS=${*:-text alto hocr page jsonl}
WORK=${BENCH_DIR:-/tmp/ocrmend-batch-bench}
BIN=${OCRMEND_BIN:-./target/release/ocrmend}
[ -n "${OCRMEND_BIN:-}" ] || cargo build --release --quiet
mkdir -p "$WORK"
printf "%-6s %9s %9s %8s %9s %8s %10s\n" format pages "input MB" seconds "pages/s" "MB/s" "peak RSS"
for format in $FORMATS; do
  seed="$WORK/seed-$format"
  if [ ! -d "$seed" ]; then
    for lang in en zh; do
      corpus=samples/corpus/sotu-2013-2021.txt
      [ "$lang" = zh ] && corpus=samples/corpus/gwr-1984-1987.txt
      "$BIN" simulate --lang "$lang" --corpus "$corpus" --pages 1000 --seed 11 --format "$format" --out "$seed/$lang"
      rm -f "$seed/$lang"/*.gold.json
    done
  fi
  seed_bytes=$(du -sb "$seed" | cut -f1)
  copies=$(( (SIZE_MB * 1048576 + seed_bytes - 1) / seed_bytes ))
  batch="$WORK/batch-$format-$SIZE_MB"
  out="$WORK/out-$format"
  rm -rf "$batch" "$out"
  mkdir -p "$batch"
  if [ "$format" = jsonl ]; then
    for k in $(seq 1 "$copies"); do cat "$seed"/en/pages.jsonl "$seed"/zh/pages.jsonl; done > "$batch/pages.jsonl"
    input="$batch/pages.jsonl"; target="$out.jsonl"; pages=$(( copies * 2000 ))
  else
    for k in $(seq 1 "$copies"); do cp -al "$seed" "$batch/copy-$k"; done
    input="$batch"; target="$out"; pages=$(( copies * 2000 ))
  fi
  bytes=$(( copies * seed_bytes ))  # du would count hard links once
  stats=$( { /usr/bin/time -f "%e %M" "$BIN" repair -q "$input" -o "$target" >/dev/null; } 2>&1 | tail -1)
  secs=${stats% *}; rss_kb=${stats#* }
  awk -v f="$format" -v p="$pages" -v b="$bytes" -v s="$secs" -v r="$rss_kb" 'BEGIN {
    printf "%-6s %9d %9.0f %8.1f %9.0f %8.1f %7.0f MB\n", f, p, b/1e6, s, p/s, b/1e6/s, r/1024 }'
  rm -rf "$batch" "$out" "$out.jsonl"
done
