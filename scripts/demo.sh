#!/usr/bin/env bash
# Builds the web client and starts Touchstone on the embedded default (SQLite file and photo
# folder under ./data) with demo data, at http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."

args=(--demo --data-dir "${TOUCHSTONE_DATA_DIR:-data}" --listen "${TOUCHSTONE_LISTEN:-127.0.0.1:8080}")
if [ -x client/build.sh ]; then
  client/build.sh
  args+=(--static-dir client/dist)
fi
exec cargo run --release -p touchstone-server --bin touchstone -- "${args[@]}"
