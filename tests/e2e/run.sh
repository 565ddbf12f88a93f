#!/usr/bin/env bash
# Browser end-to-end tests of the field auditor client against the real server.
#
#   tests/e2e/run.sh            build the client and the server, then run every test
#   tests/e2e/run.sh FILE...    the same for these test files only
#
# Starts the server on a temporary SQLite database with demo data and the built client as
# its static directory, then runs `node --test` with playwright-core driving Debian's
# Chromium (/usr/bin/chromium; never a downloaded browser). Screenshots at 412×915 land in
# tests/e2e/artifacts/. Needs: node ≥ 20, npm, chromium (apt-get install -y chromium).
# Environment: CHROMIUM (browser path), TOUCHSTONE_CLIENT_DIST (skip the client build and
# use this directory), CARGO_TARGET_DIR. The server serves a copy of the build, named to the
# tests as TOUCHSTONE_STATIC_DIR, so a test can deploy a new service worker.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$CHROMIUM" ]]; then
  echo "e2e: $CHROMIUM not found; install Debian's chromium (apt-get install -y chromium)" >&2
  exit 1
fi

if [[ ! -d "$here/node_modules/playwright-core" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi

if [[ -n "${TOUCHSTONE_CLIENT_DIST:-}" ]]; then
  dist="$TOUCHSTONE_CLIENT_DIST"
else
  dist="$root/client/dist"
  "$root/client/build.sh" "$dist"
fi

(cd "$root" && cargo build --workspace --exclude touchstone-client --locked)
bin="${CARGO_TARGET_DIR:-$root/target}/debug/touchstone"

work="$(mktemp -d)"
# The server serves a copy of the build: a test deploys a new service worker by changing it.
cp -r "$dist" "$work/static"
port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
"$bin" --listen "127.0.0.1:$port" --database-url "sqlite://$work/e2e.db?mode=rwc" \
  --data-dir "$work" --static-dir "$work/static" --demo >"$work/server.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 1 240); do
  if curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then cat "$work/server.log" >&2; exit 1; fi
  sleep 0.5
done

tests=("$@")
[[ ${#tests[@]} -gt 0 ]] || tests=("$here"/*.test.mjs)
mkdir -p "$here/artifacts"
status=0
TOUCHSTONE_URL="http://127.0.0.1:$port" TOUCHSTONE_STATIC_DIR="$work/static" node --test --test-concurrency=1 --test-timeout=300000 \
  "${tests[@]}" || status=$?
if [[ $status -ne 0 ]]; then
  echo "--- server log (tail) ---" >&2
  tail -n 40 "$work/server.log" >&2
fi
exit $status
