#!/usr/bin/env bash
# Runs every check and test suite: formatting, lints, the shared crate's wasm32 build, unit
# and property tests, the API suite on SQLite and on a throwaway PostgreSQL (the photo and
# access suites also on S3, a local moto server), faults under load (SIGKILL with photos on
# both backends, a PostgreSQL restart), three servers behind HAProxy (sessions, limits, audits
# and photos shared; SIGKILL and a rolling restart under load), schemathesis, cargo-fuzz targets for the import
# parsers and the photo pipeline, and the browser suite when the client is present. Any
# suite that cannot run fails the whole run. Each step prints its time.
#
#   scripts/test.sh          everything (about 35 minutes on two cores)
#   scripts/test.sh quick    the edit loop: format, lints, unit and property tests, the API
#                            suite on SQLite (README, "Working on Touchstone")
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-all}"
if [[ "$mode" != all && "$mode" != quick ]]; then
  echo "usage: scripts/test.sh [quick]" >&2
  exit 2
fi

step_name=""
step_start=$SECONDS
step() {
  [[ -z "$step_name" ]] || printf '<== %s: %d s\n' "$step_name" $((SECONDS - step_start))
  step_name="$*"
  step_start=$SECONDS
  printf '\n==> %s\n' "$*"
}

# Every native build selects the same packages, so cargo unifies the same features and each
# crate is compiled once for the whole run (a `-p` selection would rebuild the dependency tree
# with other features). No incremental caches: a test run is not an edit loop, and they
# triple the target directory.
export CARGO_INCREMENTAL=0
native() { cargo "$1" --workspace --exclude touchstone-client --locked "${@:2}"; }

step "toolchain (disk free: $(df -h . | awk 'NR==2 {print $4}'))"
rustup component add rustfmt clippy >/dev/null 2>&1 || true
rustup target add wasm32-unknown-unknown >/dev/null

step "format"
cargo fmt --all -- --check

step "lints"
native clippy --all-targets --features touchstone-tests/bench -- -D warnings
cargo clippy -p touchstone-client --target wasm32-unknown-unknown --locked -- -D warnings

step "unit and property tests"
native test --lib --bins

step "API suite on SQLite"
TOUCHSTONE_TEST_BACKEND=sqlite native test --test api

if [[ "$mode" == quick ]]; then
  step "quick checks passed in $SECONDS s"
  exit 0
fi

step "shared builds for wasm32"
cargo build -p touchstone-shared --target wasm32-unknown-unknown --locked

step "API suite on PostgreSQL"
PG_URL="$(scripts/postgres.sh start)"
trap 'scripts/postgres.sh stop' EXIT
TOUCHSTONE_TEST_BACKEND=postgres TOUCHSTONE_TEST_POSTGRES_URL="$PG_URL" native test --test api

step "faults under load: SIGKILL on SQLite; SIGKILL and database restart on PostgreSQL"
native build
TOUCHSTONE_TEST_BACKEND=sqlite native test --test resilience -- crash
TOUCHSTONE_TEST_BACKEND=postgres TOUCHSTONE_TEST_POSTGRES_URL="$PG_URL" native test --test resilience -- --test-threads 1 --skip three_servers

step "API fuzzing from the OpenAPI document (schemathesis)"
scripts/fuzz-api.sh

step "cargo fuzz: import parsers (CSV, XLSX) and the photo upload path, ${FUZZ_SECONDS:-60} s each"
scripts/fuzz-parsers.sh

step "photo and access suites on S3 (moto), SQLite and PostgreSQL"
S3_URL="$(scripts/moto.sh start)"
trap 'scripts/postgres.sh stop; scripts/moto.sh stop' EXIT
TOUCHSTONE_TEST_STORE=s3 TOUCHSTONE_TEST_S3_ENDPOINT="$S3_URL" \
  native test --test api -- photos:: access::
TOUCHSTONE_TEST_STORE=s3 TOUCHSTONE_TEST_S3_ENDPOINT="$S3_URL" \
  TOUCHSTONE_TEST_BACKEND=postgres TOUCHSTONE_TEST_POSTGRES_URL="$PG_URL" \
  native test --test api -- photos:: access::

step "first run: scripts/demo.sh without brotli, gzip or client/dist; the demo auditor signs in"
scripts/first-run-check.sh

step "three servers behind HAProxy on one PostgreSQL and one S3 bucket (the debug server)"
command -v haproxy >/dev/null || { echo "haproxy is missing (apt-get install haproxy)" >&2; exit 1; }
TOUCHSTONE_TEST_BACKEND=postgres TOUCHSTONE_TEST_POSTGRES_URL="$PG_URL" \
  TOUCHSTONE_TEST_S3_ENDPOINT="$S3_URL" native test --test resilience -- three_servers --test-threads 1

step "client and browser suites"
# The client the first-run check built: no second build.
TOUCHSTONE_CLIENT_DIST="$PWD/client/dist" scripts/test-client.sh

step "all suites passed in $SECONDS s"
