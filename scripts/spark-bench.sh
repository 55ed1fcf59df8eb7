#!/usr/bin/env bash
# Issue 14's throughput: `ocrmend repair` and `ocrmend dedup` against
# ocrmend.spark's jobs on local[2] (repair from JSONL to JSONL, which is
# repair_records; repair to Parquet, which is repair_dataframe; dedup), on the
# same collections in the same run: wall time, MB/s of input, and peak memory
# (summed resident memory of every process of the job, sampled every 0.2 s;
# for Spark also the driver JVM, which runs the executors in local mode, and
# its Python workers apart).
#
# The repair collection: simulated pages (1,000 English, 1,000 Chinese, as
# passim-style records of id and text), repeated under new ids up to the
# size; the dedup collection: `simulate-reprints`, half English, half Chinese.
#   scripts/spark-bench.sh [MB=1000] [DEDUP_MB=MB]   (needs target/python-venv: scripts/test.sh makes it)
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-1000}
DEDUP_MB=${2:-$MB}
OUT=target/spark-bench
mkdir -p "$OUT"
BIN=./target/release/ocrmend
cargo build --release --quiet --bin ocrmend
PY=${PYTHON:-target/python-venv/bin/python}
PY="$(cd "$(dirname "$PY")" && pwd)/$(basename "$PY")"
export PYSPARK_PYTHON=$PY

pages=$OUT/pages-$MB.jsonl
if [ ! -s "$pages" ]; then
  for lang in en zh; do
    corpus=$([ $lang = en ] && echo samples/corpus/sotu-2013-2021.txt || echo samples/corpus/gwr-1984-1987.txt)
    rm -rf "$OUT/sim-$lang"
    $BIN simulate -q --lang $lang --corpus $corpus --pages 1000 --seed 9 --format jsonl --out "$OUT/sim-$lang"
  done
  "$PY" - "$pages" "$MB" "$OUT"/sim-en/pages.jsonl "$OUT"/sim-zh/pages.jsonl <<'PY'
import json, sys
out, mb, sources = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
records = [json.loads(l) for s in sources for l in open(s, encoding="utf-8")]
size, k = 0, 0
with open(out, "w", encoding="utf-8") as f:
    while size < mb * 1_000_000:
        for r in records:
            line = json.dumps({"id": f"{r['id']}-{k}", "text": r["text"]}, ensure_ascii=False) + "\n"
            f.write(line)
            size += len(line.encode())
        k += 1
PY
fi
reprints=$OUT/reprints-$DEDUP_MB.jsonl
if [ ! -s "$reprints" ]; then
  half=$((DEDUP_MB / 2))
  $BIN simulate-reprints -q --corpus samples/corpus/sotu-2013-2021.txt --lang en --megabytes $half --seed 2 -o "$OUT/r-en.jsonl"
  $BIN simulate-reprints -q --corpus samples/corpus/gwr-1984-1987.txt --lang zh --megabytes $half --seed 2 -o "$OUT/r-zh.jsonl"
  # Ids made unique across the two languages.
  { sed 's/"id":"/"id":"en-/' "$OUT/r-en.jsonl"; sed 's/"id":"/"id":"zh-/' "$OUT/r-zh.jsonl"; } > "$reprints"
fi

# Runs a command in its own session; prints wall seconds and peak memory
# (MB): all of it, the JVM, the Python processes.
measure() { # LABEL BYTES COMMAND...
  local label=$1 bytes=$2; shift 2
  local start end peak=0 jvm=0 pyw=0
  start=$(date +%s.%N)
  setsid "$@" > "$OUT/.log" 2>&1 &
  local pid=$!
  while kill -0 $pid 2>/dev/null; do
    read -r all j p < <(ps -eo sid=,rss=,comm= | awk -v s=$pid '$1 == s { all += $2; if ($3 == "java") j += $2; if ($3 ~ /python/) p += $2 } END { print all + 0, j + 0, p + 0 }')
    [ "$all" -gt "$peak" ] && peak=$all
    [ "$j" -gt "$jvm" ] && jvm=$j
    [ "$p" -gt "$pyw" ] && pyw=$p
    sleep 0.2
  done
  wait $pid || { echo "$label: failed"; tail -5 "$OUT/.log"; return 1; }
  end=$(date +%s.%N)
  awk -v l="$label" -v b="$bytes" -v s="$start" -v e="$end" -v m="$peak" -v j="$jvm" -v p="$pyw" 'BEGIN {
    t = e - s; printf "%-46s %8.1f s %7.2f MB/s   peak %6.0f MB (JVM %5.0f, Python %5.0f)\n", l, t, b / 1e6 / t, m / 1024, j / 1024, p / 1024 }'
}

cat > "$OUT/job.py" <<'PY'
import os
import sys
from pyspark.sql import SparkSession
import ocrmend.spark as ospark
job, src, dst = sys.argv[1:4]
# The JVM as the README's "Past one machine" advises for a job this short on
# few cores: the parallel collector and the first compiler tier alone (G1's
# concurrent threads and C2's compiles took a quarter of its CPU here), and
# Spark's classes from a class-data archive (JAVA_CDS, below).
java = "-XX:+UseParallelGC -XX:TieredStopAtLevel=1 " + os.environ.get("JAVA_CDS", "")
builder = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
           .config("spark.driver.memory", "4g").config("spark.sql.shuffle.partitions", "16")
           .config("spark.driver.extraJavaOptions", java))
# The Python workers' environment the shipped job asks for.
for name, value in ospark._WORKER_ENV.items():
    builder = builder.config(f"spark.executorEnv.{name}", value)
spark = builder.getOrCreate()
if job == "warm-up":
    # The three jobs on a few records each, in one JVM: the classes they load
    # go into the class-data archive.
    pages, prints = src.split(",")
    ospark.main(["repair", pages, f"{dst}/records.jsonl"])
    ospark.main(["repair", "--schema", "id string, text string", pages, f"{dst}/repaired.parquet"])
    ospark.main(["dedup", "--schema", "id string, text string", prints, f"{dst}/clusters.parquet"])
elif job == "records":
    # JSONL to JSONL: repair_records, the command line's output lines.
    ospark.main(["repair", src, dst])
else:
    # The shipped job, with the records' schema given as a production job would:
    # without it Spark reads the whole collection once more to infer it.
    schema = "id string, text string" if job == "repair" else "id string, text string, cluster string"
    ospark.main([job, "--schema", schema, src, dst])
PY

# Much of Spark's start-up is the JVM loading classes: a dynamic class-data
# archive (JDK 13 and later, AppCDS) made by one warm-up run of the three
# jobs is mapped by every run after it (a one-record job 7.8 -> 4.7 s here).
# It holds for one JDK and one Spark's jars, hence both in its name (a
# mismatched archive is refused with a warning); SPARK_CDS=0 runs without it.
if [ "${SPARK_CDS:-1}" = 1 ]; then
  jdk=$(java -version 2>&1 | awk -F'"' 'NR == 1 { print $2 }')
  archive="$(pwd)/$OUT/spark-$("$PY" -c 'import pyspark; print(pyspark.__version__)')-jdk-$jdk.jsa"
  if [ ! -s "$archive" ]; then
    warm=$OUT/warm-up
    rm -rf "$warm" && mkdir -p "$warm"
    head -20 "$pages" > "$warm/pages.jsonl"
    head -200 "$reprints" > "$warm/prints.jsonl"
    JAVA_CDS="-XX:ArchiveClassesAtExit=$archive" "$PY" "$OUT/job.py" warm-up "$warm/pages.jsonl,$warm/prints.jsonl" "$warm" > "$warm/log" 2>&1 \
      || { echo "warm-up run failed: $warm/log"; exit 1; }
  fi
  export JAVA_CDS="-XX:SharedArchiveFile=$archive"
  echo "Spark's JVM with the class-data archive $archive (SPARK_CDS=0: without)"
fi

bytes=$(stat -c %s "$pages")
measure "repair, ocrmend -j 2 ($MB MB JSONL)" "$bytes" $BIN -j 2 repair -q "$pages" -o "$OUT/repaired.jsonl"
rm -f "$OUT/repaired.jsonl"
rm -rf "$OUT/repaired.parquet" "$OUT/clusters.parquet" "$OUT/records.jsonl"
measure "repair, repair_records local[2] (JSONL)" "$bytes" "$PY" "$OUT/job.py" records "$pages" "$OUT/records.jsonl"
rm -rf "$OUT/records.jsonl"
measure "repair, repair_dataframe local[2] (Parquet)" "$bytes" "$PY" "$OUT/job.py" repair "$pages" "$OUT/repaired.parquet"
rm -rf "$OUT/repaired.parquet"
bytes=$(stat -c %s "$reprints")
measure "dedup, ocrmend -j 2 ($DEDUP_MB MB JSONL)" "$bytes" $BIN -j 2 dedup -q "$reprints" -o "$OUT/dedup.json"
measure "dedup, dedup_dataframe local[2]" "$bytes" "$PY" "$OUT/job.py" dedup "$reprints" "$OUT/clusters.parquet"
rm -rf "$OUT/clusters.parquet"
