#!/usr/bin/env bash
# The first-run check: what a newcomer's `scripts/demo.sh` does on a fresh machine, in a PATH
# without the brotli and gzip commands and with no prior client/dist; then the demo auditor
# signs in through the API and the precompressed client is served.
#
# It builds nothing of its own: client/dist (release wasm) is the build the browser suite then
# serves (scripts/test.sh passes it on as TOUCHSTONE_CLIENT_DIST), and the server is the debug
# build of the test suites (TOUCHSTONE_DEMO_PROFILE=debug).
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
server=""
cleanup() {
  if [[ -n "$server" ]]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "first-run check: $*" >&2
  echo "--- demo.sh output (tail) ---" >&2
  tail -n 40 "$work/demo.log" >&2 || true
  exit 1
}

# Every command on this PATH but the compressors a fresh machine may lack.
mkdir "$work/bin"
IFS=: read -ra dirs <<<"$PATH"
for dir in "${dirs[@]}"; do
  for cmd in "$dir"/*; do
    name="${cmd##*/}"
    case "$name" in brotli | gzip | gunzip | zcat | pigz) continue ;; esac
    if [[ -f "$cmd" && -x "$cmd" && ! -e "$work/bin/$name" ]]; then ln -s "$cmd" "$work/bin/$name"; fi
  done
done
if PATH="$work/bin" command -v brotli >/dev/null || PATH="$work/bin" command -v gzip >/dev/null; then
  fail "could not hide brotli and gzip"
fi

rm -rf client/dist
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"
PATH="$work/bin" TOUCHSTONE_DEMO_PROFILE=debug TOUCHSTONE_DATA_DIR="$work/data" \
  TOUCHSTONE_LISTEN="127.0.0.1:$port" scripts/demo.sh >"$work/demo.log" 2>&1 &
server=$!
# The first build may take long; wait for as long as demo.sh runs.
until curl -fsS "$url/api/v1/health" >/dev/null 2>&1; do
  kill -0 "$server" 2>/dev/null || fail "scripts/demo.sh stopped before the server answered"
  sleep 1
done

curl -fsS -c "$work/cookies" -H 'content-type: application/json' \
  -d '{"email":"auditor@demo.touchstone.test","password":"touchstone-demo"}' \
  "$url/api/v1/auth/login" >"$work/me.json" || fail "the demo auditor could not sign in"
grep -q '"role":"auditor"' "$work/me.json" || fail "signed in, but not as an auditor: $(cat "$work/me.json")"
curl -fsS -b "$work/cookies" "$url/api/v1/assignments" >"$work/assignments.json" ||
  fail "the demo auditor could not list assignments"
grep -q '"id"' "$work/assignments.json" || fail "the demo auditor has no assignments"
encoding="$(curl -fsS -o /dev/null -D - -H 'accept-encoding: br' "$url/pkg/field_bg.wasm" |
  tr -d '\r' | awk -F': ' 'tolower($1) == "content-encoding" { print $2 }')"
[[ "$encoding" == br ]] || fail "the client's wasm is not served precompressed (content-encoding: '$encoding')"
grep '^demo.sh: built in' "$work/demo.log" >&2 || true
echo "first-run check: demo.sh built and started without brotli/gzip; the demo auditor signed in" >&2
