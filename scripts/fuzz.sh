#!/usr/bin/env bash
# Fuzzes every reader (and the repair of what it reads) with cargo fuzz on
# stable Rust (RUSTC_BOOTSTRAP=1), each for SECONDS (default 120), starting
# from the seeds in fuzz/seeds/ and the project's own samples and fixtures
# of that format. Prints each target's runs and coverage; a
# crash stops the script with the input in fuzz/artifacts/.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (needs: cargo install cargo-fuzz)
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
SECONDS_EACH=${1:-120}
shift || true
TARGETS=${*:-plain alto hocr page jsonl}
export RUSTC_BOOTSTRAP=1
for t in $TARGETS; do
  mkdir -p "corpus/$t"
  case $t in
    plain) samples=../samples/corpus ;;
    alto) samples=../samples/alto ;;
    hocr) samples=../tests/fixtures/hocr ;;
    page) samples=../samples/page ;;
    jsonl) samples=seeds/jsonl ;;
  esac
  # New inputs go to corpus/$t (the first directory); the others are read only.
  cargo fuzz run "$t" "corpus/$t" "seeds/$t" "$samples" -- \
    -max_total_time="$SECONDS_EACH" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    2> "corpus/$t.log" || { tail -40 "corpus/$t.log"; exit 1; }
  echo "$t: $(grep -E '^stat::number_of_executed_units' "corpus/$t.log" | awk '{print $2}') inputs in ${SECONDS_EACH} s, $(grep -oE 'cov: [0-9]+' "corpus/$t.log" | tail -1)"
done
