#!/usr/bin/env bash
# Builds the web client and the server, then starts Touchstone on the embedded default (SQLite
# file and photo folder under ./data) with demo data, at http://127.0.0.1:8080.
#
# Needs only rustup and a C toolchain: client/build.sh adds the wasm32 target and
# wasm-bindgen-cli itself, and precompresses with tools/precompress (no brotli or gzip
# command). The first run compiles everything; a second run starts in seconds.
#
# Environment: TOUCHSTONE_DATA_DIR (data), TOUCHSTONE_LISTEN (127.0.0.1:8080),
# CARGO_TARGET_DIR, and TOUCHSTONE_DEMO_PROFILE: `release` (the default) or `debug`, which
# builds the server exactly as the test suites do (`cargo build --workspace --exclude
# touchstone-client`), so CI's first-run check (scripts/first-run-check.sh) reuses their binary.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "demo.sh: $*" >&2; }
profile="${TOUCHSTONE_DEMO_PROFILE:-release}"
target_dir="${CARGO_TARGET_DIR:-$PWD/target}"
server_build=()
case "$profile" in
  release) server_build=(--release -p touchstone-server --bin touchstone) ;;
  debug) server_build=(--workspace --exclude touchstone-client) ;;
  *)
    say "TOUCHSTONE_DEMO_PROFILE must be release or debug, not '$profile'"
    exit 2
    ;;
esac

if [[ ! -x "$target_dir/$profile/touchstone" || ! -d client/dist ]]; then
  say "first run: compiling the web client and the server from source (and installing"
  say "wasm-bindgen-cli); roughly 15-30 minutes on two cores, a few on a fast machine."
  say "Later runs reuse the build and start in seconds."
fi
SECONDS=0
say "building the web client into client/dist"
client/build.sh client/dist
say "building the server ($profile)"
cargo build --locked "${server_build[@]}"
say "built in ${SECONDS} s; starting the server with demo data"

exec "$target_dir/$profile/touchstone" --demo --static-dir client/dist \
  --data-dir "${TOUCHSTONE_DATA_DIR:-data}" --listen "${TOUCHSTONE_LISTEN:-127.0.0.1:8080}"
