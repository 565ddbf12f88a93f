#!/usr/bin/env bash
# Browser end-to-end tests of the field auditor client against the real server.
#
#   tests/e2e/run.sh            build the client and the server, then run every test
#   tests/e2e/run.sh FILE...    the same for these test files only
#
# Starts the server on a temporary SQLite database with demo data and the built client as
# its static directory, then runs `node --test` with playwright-core driving Debian's
# Chromium (/usr/bin/chromium; never a downloaded browser) as a phone (412×915, mobile
# emulation, touch, 2.6 device pixels per px), then the layout guard (every page at 320–412
# and 1366 px, axe-core, keyboard), then the field flows in WebKitGTK (WebKitWebDriver under
# Xvfb) and Firefox ESR (WebDriver BiDi), one suite after another, each timed. Screenshots
# land in tests/e2e/artifacts/. Needs: node ≥ 20, npm, chromium, webkit2gtk-driver, xvfb,
# firefox-esr (apt-get install -y …); a suite whose browser cannot start fails.
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

for module in playwright-core axe-core selenium-webdriver puppeteer-core; do
  if [[ ! -d "$here/node_modules/$module" ]]; then
    (cd "$here" && npm ci --no-audit --no-fund)
    break
  fi
done

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
# Webhooks may reach the tests' loopback receiver, and give up after three quick attempts.
"$bin" --listen "127.0.0.1:$port" --database-url "sqlite://$work/e2e.db?mode=rwc" \
  --data-dir "$work" --static-dir "$work/static" --demo --allow-private-webhooks \
  --notify-poll-ms 200 --notify-retry-ms 200 --notify-max-attempts 3 >"$work/server.log" 2>&1 &
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

mkdir -p "$here/artifacts"
export TOUCHSTONE_URL="http://127.0.0.1:$port" TOUCHSTONE_STATIC_DIR="$work/static"
# Suites run one after another against the one server, each timed.
if [[ $# -gt 0 ]]; then
  suites=("given:$*")
else
  chromium=()
  for f in "$here"/*.test.mjs; do
    case "$(basename "$f")" in layout_guard.test.mjs | webkit.test.mjs | firefox.test.mjs) ;; *) chromium+=("$f") ;; esac
  done
  suites=("chromium:${chromium[*]}" "layout:$here/layout_guard.test.mjs" "webkit:$here/webkit.test.mjs"
    "firefox:$here/firefox.test.mjs")
fi
status=0
for suite in "${suites[@]}"; do
  name="${suite%%:*}"
  read -r -a files <<<"${suite#*:}"
  started=$SECONDS
  suite_status=0
  node --test --test-concurrency=1 --test-timeout=300000 "${files[@]}" || suite_status=$?
  echo "e2e suite $name: $((SECONDS - started)) s (exit $suite_status)"
  [[ $suite_status -eq 0 ]] || status=$suite_status
done
if [[ $status -ne 0 ]]; then
  echo "--- server log (tail) ---" >&2
  tail -n 40 "$work/server.log" >&2
fi
exit $status
