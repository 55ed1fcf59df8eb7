#!/usr/bin/env bash
# Runs every test, after installing what the tests need beyond the Rust
# toolchain when it is missing: Debian's Chromium (for the review page's
# browser test; installed when this runs as root with apt),
# playwright-core from npm (pinned in tests/browser/package-lock.json), and
# for the Python package's tests a virtualenv (target/python-venv) with the
# package built from this checkout (`pip install .[spark,test]`: maturin,
# PySpark, pyarrow and pytest from PyPI; Spark runs on the machine's Java 17).
# Without them (not root, no Node.js) the browser test says it is skipped
# and why, and everything else runs; in CI (CI=true) it must run. Crates
# come from crates.io, language data ships in crates/ocrmend/data/. Extra
# arguments go to cargo test.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "scripts/test.sh: no chromium, and not root to install it: the browser test will be skipped" >&2
  fi
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  if command -v npm >/dev/null; then
    (cd tests/browser && npm ci --no-audit --no-fund --silent)
  else
    echo "scripts/test.sh: no npm: the browser test will be skipped" >&2
  fi
fi
cargo test "$@"
# The Python package and its tests (python/tests), Spark's on local[2],
# compared with the binary cargo test just built.
venv=target/python-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
CARGO_TARGET_DIR=target/py "$venv/bin/python" -m pip install -q ".[spark,test]"
OCRMEND_BIN="$PWD/target/debug/ocrmend" "$venv/bin/python" -m pytest -q -p no:cacheprovider python/tests
