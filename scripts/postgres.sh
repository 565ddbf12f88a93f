#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on a loopback port for the test suite and prints its
# URL. Usage: scripts/postgres.sh start|restart|stop [dir]. Fails loudly if PostgreSQL cannot start.
set -euo pipefail

PORT="${TOUCHSTONE_PG_PORT:-55432}"
# fsync off for the test suite (its clusters are thrown away); the benchmarks turn it on.
FSYNC="${TOUCHSTONE_PG_FSYNC:-off}"
# Further server settings, e.g. "-c shared_preload_libraries=pg_stat_statements".
OPTIONS="${TOUCHSTONE_PG_OPTIONS:-}"
DIR="${2:-${TMPDIR:-/tmp}/touchstone-pg}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$BIN/initdb" ] || { echo "postgres.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

case "${1:-start}" in
  start)
    if [ -f "$DIR/postmaster.pid" ] && as_postgres "'$BIN/pg_ctl' -D '$DIR' status" >/dev/null 2>&1; then
      echo "postgres://postgres@127.0.0.1:$PORT/postgres"
      exit 0
    fi
    rm -rf "$DIR"
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
    as_postgres "'$BIN/initdb' -D '$DIR' -A trust -U postgres --no-sync" >/dev/null
    as_postgres "'$BIN/pg_ctl' -D '$DIR' -l '$DIR/server.log' -w -o \"-p $PORT -k '$DIR' -c listen_addresses=127.0.0.1 -c fsync=$FSYNC -c max_connections=300 $OPTIONS\" start" >/dev/null
    echo "postgres://postgres@127.0.0.1:$PORT/postgres"
    ;;
  restart)
    as_postgres "'$BIN/pg_ctl' -D '$DIR' -m fast -w restart" >/dev/null
    ;;
  stop)
    [ -d "$DIR" ] && as_postgres "'$BIN/pg_ctl' -D '$DIR' -m fast stop" >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: $0 start|restart|stop [dir]" >&2
    exit 2
    ;;
esac
