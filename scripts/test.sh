#!/usr/bin/env bash
# Runs every test, after installing what the tests need beyond the Rust
# toolchain when it is missing: Debian's Chromium (for the review page's
# browser test; needs root and apt) and playwright-core from npm (pinned in
# tests/browser/package-lock.json). Crates come from crates.io, language data
# ships in crates/ocrmend/data/. Extra arguments go to cargo test.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --silent)
fi
cargo test "$@"
