# Sourced by the fitting scripts (fit-seams.sh, fit-calibration.sh), with
# $build (the real-OCR build) and $work (their folder) set: the binary, and
# the sets a fit reads.
corpora=${CORPORA:-../shared/corpora}
bin=./target/release/ocrmend
mkdir -p "$work"

# fit_sets SPLIT SEED: the real-OCR split in every format the build has, and
# 200 simulated pages a language as text and ALTO of SEED (made once, in $work).
fit_sets() {
  local lang corpus f
  for lang in en zh; do
    corpus=$([ "$lang" = en ] && echo "$corpora/en/sotu-00.txt" || echo "$corpora/zh/gwr-1984-2005.txt")
    for f in text hocr alto; do [ -d "$build/$lang/$1/$f" ] && echo "$build/$lang/$1/$f"; done
    for f in text alto; do
      [ -d "$work/sim-$lang-$f-$2" ] || $bin simulate --lang "$lang" --corpus "$corpus" --pages 200 \
        --seed "$2" --format "$f" --out "$work/sim-$lang-$f-$2" > /dev/null
      echo "$work/sim-$lang-$f-$2"
    done
  done
}
