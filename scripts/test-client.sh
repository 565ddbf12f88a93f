#!/usr/bin/env bash
# The field client's suites:
#   1. the field bundle's size budget (scripts/field-budget.py, on the release build);
#   2. wasm-bindgen tests of the offline store, outbox, draft model and photo pipeline, in
#      headless Chromium through chromedriver (Debian's chromium + chromium-driver);
#   3. browser end-to-end tests against the real server with demo data on a temporary SQLite
#      file (tests/e2e/run.sh), suite by suite, each timed: Chromium as a phone
#      (playwright-core), the layout guard with axe-core, and the field flows in WebKitGTK
#      (WebKitWebDriver under Xvfb) and Firefox ESR (WebDriver BiDi).
# client/build.sh installs the wasm32 target and the matching wasm-bindgen-cli when missing.
# TOUCHSTONE_CLIENT_DIST: a client already built by client/build.sh (scripts/test.sh passes
# the first-run check's); without it, client/dist is built.
set -euo pipefail
cd "$(dirname "$0")/.."

dist="${TOUCHSTONE_CLIENT_DIST:-}"
if [[ -z "$dist" ]]; then
  dist="$PWD/client/dist"
  client/build.sh "$dist"
fi
# The field bundle's size budget (client/field-budget.txt): fails past it, prints what grew.
scripts/field-budget.py "$dist"

export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
cargo test -p touchstone-client --target wasm32-unknown-unknown --locked

TOUCHSTONE_CLIENT_DIST="$dist" tests/e2e/run.sh
