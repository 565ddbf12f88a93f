#!/usr/bin/env bash
# Builds the release server and runs the benchmarks; BENCHMARKS.md has the figures and what
# each one measures. Not part of CI (`.ci/run`): they take long and these machines are noisy.
#
#   scripts/bench.sh                        # scorecards, ingest, photos, photo_rush, sign_ins, workbench, job_board, notify_drain, client_size
#   scripts/bench.sh ingest                 # one or more of them
#   BENCH_AUDITS=100000 scripts/bench.sh scorecards
#
# Knobs (environment): BENCH_BACKENDS (sqlite,postgres), BENCH_AUDITS (1000000), BENCH_DAYS
# (730), BENCH_ITEM_DAYS (180), BENCH_RUNS (20), BENCH_KEEP (keep the loaded databases),
# BENCH_INGEST_AUDITS (1000), BENCH_REPEATS (3), BENCH_CONCURRENCY (1,8,64),
# BENCH_INGEST_SECS (30), BENCH_OPEN_CLIENTS (64), BENCH_OPEN_RATE (100, audits/s in all; 0
# skips the open-loop run), BENCH_OPEN_SECS (20), BENCH_DIR (<target>/bench), BENCH_MIN_FREE_GB (10),
# BENCH_RUSH_AUDITORS (200), BENCH_RUSH_PHOTOS (10), BENCH_SIGNIN_PARALLEL (64), BENCH_SIGNIN_ROUNDS (5), BENCH_SIGNIN_REFERENCE (1),
# BENCH_BULK_AUDITS (1000), BENCH_PDF_PHOTOS (20), BENCH_PDF_RUNS (5), BENCH_JOBS (50000),
# BENCH_BOARD_LIMIT (20), BENCH_BOARD_RUNS (200),
# BENCH_POSTGRES_URL (default: a throwaway cluster started here on BENCH_PG_PORT (55433) in
# BENCH_PG_DIR ($TMPDIR/touchstone-pg-bench), with fsync on as in production), BENCH_CLIENT_DIST.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -gt 0 ]; then benches=("$@"); else benches=(scorecards ingest photos photo_rush sign_ins workbench job_board notify_drain client_size); fi

# The same package selection for the server and the benchmarks, so both share one feature
# resolution and the dependencies are compiled once.
selection=(--locked --workspace --exclude touchstone-client --features touchstone-tests/bench)
cargo build --release "${selection[@]}" --bin touchstone

if [ -z "${BENCH_POSTGRES_URL:-}" ] && [[ ",${BENCH_BACKENDS:-sqlite,postgres}," == *,postgres,* ]]; then
  # A cluster of its own (not the test suite's), so a test run stopping its cluster cannot
  # end a benchmark half-way.
  export TOUCHSTONE_PG_PORT="${BENCH_PG_PORT:-55433}"
  # Durable commits, as in production (the test suite's clusters run with fsync off).
  export TOUCHSTONE_PG_FSYNC=on
  pg_dir="${BENCH_PG_DIR:-${TMPDIR:-/tmp}/touchstone-pg-bench}"
  BENCH_POSTGRES_URL="$(scripts/postgres.sh start "$pg_dir")"
  export BENCH_POSTGRES_URL
  if [ -z "${BENCH_KEEP:-}" ]; then trap 'scripts/postgres.sh stop "$pg_dir"' EXIT; fi
fi

for bench in "${benches[@]}"; do
  if [ "$bench" = client_size ] && [ -z "${BENCH_CLIENT_DIST:-}" ] && [ -x client/build.sh ]; then
    client/build.sh
  fi
  echo
  cargo bench "${selection[@]}" --bench "$bench"
done
