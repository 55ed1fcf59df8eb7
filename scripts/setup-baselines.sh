#!/usr/bin/env bash
# Installs the Python baselines `ocrmend eval --baseline` compares against, in
# a virtual environment of their own (.venv-baselines, ignored by git):
# unstructured's group_broken_paragraphs, the cleaner users reach for,
# datasketch's MinHashLSH, the near-duplicate finder they reach for, and
# text-dedup's MinHash (its NEWS-COPY settings are the published baseline
# for noisy newspaper reprints; it pulls in datasets and pyspark, 1.4 GB).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-baselines
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check "unstructured==0.27.35" "datasketch==1.6.5" "text-dedup==0.4.0"
"$VENV/bin/python" -c "from unstructured.cleaners.core import group_broken_paragraphs; print('unstructured ready')"
