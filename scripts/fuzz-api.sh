#!/usr/bin/env bash
# Property-based fuzzing of the API from its own OpenAPI document with schemathesis: a demo
# server on SQLite, an admin's bearer token, a bounded number of examples per operation, then
# the stateful phase (sequences of calls along the links schemathesis infers from responses,
# e.g. POST /clients → GET /clients/{id}), bounded in time by FUZZ_STATEFUL_SECS.
# Fails on any 5xx, any status code the document does not list for the operation, or any
# response that does not match the documented schema.
set -euo pipefail
cd "$(dirname "$0")/.."

EXAMPLES="${FUZZ_EXAMPLES:-25}"
STATEFUL_SECS="${FUZZ_STATEFUL_SECS:-60}"
PORT="${FUZZ_PORT:-18098}"
command -v schemathesis >/dev/null || { echo "fuzz-api.sh: schemathesis is not installed (pip install schemathesis)" >&2; exit 1; }
cargo build -q --workspace --exclude touchstone-client --locked
DATA="$(mktemp -d)"
target/debug/touchstone --demo --data-dir "$DATA" --listen "127.0.0.1:$PORT" >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 120); do
  curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break
  sleep 1
done
curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null || { cat "$DATA/server.log"; exit 1; }

JAR="$DATA/cookies"
curl -sf -c "$JAR" -H 'content-type: application/json' \
  -d '{"email":"admin@demo.touchstone.test","password":"touchstone-demo"}' \
  "http://127.0.0.1:$PORT/api/v1/auth/login" >/dev/null
TOKEN="$(curl -sf -b "$JAR" -H 'content-type: application/json' -d '{"name":"fuzz"}' \
  "http://127.0.0.1:$PORT/api/v1/tokens" | python3 -c 'import sys, json; print(json.load(sys.stdin)["secret"])')"

# Logout, token deletion and a password change (PATCH of a user: it ends every token of
# that user, the fuzzer's own too) would end the fuzzer's credentials; the bad input of those
# routes is covered by tests/api.
common=(
  -H "Authorization: Bearer $TOKEN"
  --checks not_a_server_error,status_code_conformance,response_schema_conformance
  --exclude-path /api/v1/auth/logout
  --exclude-path-regex '^/api/v1/(tokens|users/[^/]+/tokens)'
  --exclude-name 'PATCH /api/v1/users/{id}'
  --seed 20261123
)
started=$SECONDS
schemathesis run "http://127.0.0.1:$PORT/api/v1/openapi.json" "${common[@]}" \
  --phases examples,coverage,fuzzing --max-examples "$EXAMPLES"
echo "fuzz-api.sh: examples, coverage and fuzzing phases took $((SECONDS - started)) s"
started=$SECONDS
schemathesis run "http://127.0.0.1:$PORT/api/v1/openapi.json" "${common[@]}" \
  --phases stateful --max-time "$STATEFUL_SECS"
echo "fuzz-api.sh: stateful phase took $((SECONDS - started)) s"
if grep -q "panicked" "$DATA/server.log"; then
  echo "fuzz-api.sh: the server panicked" >&2
  exit 1
fi
