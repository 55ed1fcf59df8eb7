#!/usr/bin/env bash
# Duplicate detection at three collection sizes, ocrmend next to datasketch's
# MinHashLSH on the same records, shingles and threshold: quality (pair P/R/F1,
# adjusted Rand index), wall time and peak memory.
# Usage: scripts/dedup-bench.sh [SIZES_MB...]   (default: 10 100 1000)
# Needs ../shared/corpora/en and about 1.2 GB of disk under target/dedup-bench.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${*:-10 100 1000}
OUT=target/dedup-bench
mkdir -p "$OUT"
cargo build --release --quiet
bash scripts/setup-baselines.sh >/dev/null
cat ../shared/corpora/en/sotu-0*.txt > "$OUT/corpus.txt"
for mb in $SIZES; do
  records="$OUT/reprints-$mb.jsonl"
  [ -f "$records" ] || ./target/release/ocrmend simulate-reprints --lang en --corpus "$OUT/corpus.txt" \
    --megabytes "$mb" --seed 1 -o "$records"
  /usr/bin/time -f "ocrmend    $mb MB: %e s wall, %M KB peak" \
    ./target/release/ocrmend dedup "$records" -o "$OUT/ocrmend-$mb.json"
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('  ocrmend quality', json.dumps(d['quality']))" "$OUT/ocrmend-$mb.json"
  /usr/bin/time -f "datasketch $mb MB: %e s wall, %M KB peak" \
    .venv-baselines/bin/python scripts/datasketch_baseline.py "$records" > "$OUT/datasketch-$mb.json"
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('  datasketch quality', json.dumps({k: d[k] for k in ('pair_precision','pair_recall','pair_f1','adjusted_rand_index')}))" "$OUT/datasketch-$mb.json"
done
