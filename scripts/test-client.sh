#!/usr/bin/env bash
# The field client's suites:
#   1. the field bundle's size budget (scripts/field-budget.py, on the release build);
#   2. wasm-bindgen tests of the offline store, outbox, draft model and photo pipeline, in
#      headless Chromium through chromedriver (Debian's chromium + chromium-driver);
#   3. browser end-to-end tests (playwright-core driving Debian's Chromium) against the real
#      server with demo data on a temporary SQLite file.
# client/build.sh installs the wasm32 target and the matching wasm-bindgen-cli when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

client/build.sh client/dist
# The field bundle's size budget (client/field-budget.txt): fails past it, prints what grew.
scripts/field-budget.py client/dist

export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
cargo test -p touchstone-client --target wasm32-unknown-unknown --locked

TOUCHSTONE_CLIENT_DIST="$PWD/client/dist" tests/e2e/run.sh
