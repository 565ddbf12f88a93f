#!/usr/bin/env bash
# Starts a throwaway S3-compatible server (PyPI `moto[server]`) on a loopback port for the
# test suite and prints its endpoint. Usage: scripts/moto.sh start|stop [dir]. Fails loudly
# if it cannot start.
set -euo pipefail

PORT="${TOUCHSTONE_S3_PORT:-55490}"
DIR="${2:-${TMPDIR:-/tmp}/touchstone-moto}"
ENDPOINT="http://127.0.0.1:$PORT"

up() { python3 -c "import urllib.request; urllib.request.urlopen('$ENDPOINT/', timeout=2)" >/dev/null 2>&1; }

case "${1:-start}" in
  start)
    if up; then
      echo "$ENDPOINT"
      exit 0
    fi
    command -v moto_server >/dev/null 2>&1 || python3 -c 'import moto.server' 2>/dev/null || {
      echo "moto.sh: moto is not installed (python3 -m pip install 'moto[server]')" >&2
      exit 1
    }
    mkdir -p "$DIR"
    if command -v moto_server >/dev/null 2>&1; then
      nohup moto_server -H 127.0.0.1 -p "$PORT" >"$DIR/server.log" 2>&1 &
    else
      nohup python3 -m moto.server -H 127.0.0.1 -p "$PORT" >"$DIR/server.log" 2>&1 &
    fi
    echo $! >"$DIR/pid"
    for _ in $(seq 1 100); do
      if up; then
        echo "$ENDPOINT"
        exit 0
      fi
      sleep 0.2
    done
    echo "moto.sh: the S3 server did not start; see $DIR/server.log" >&2
    exit 1
    ;;
  stop)
    if [ -f "$DIR/pid" ]; then
      kill "$(cat "$DIR/pid")" 2>/dev/null || true
      rm -f "$DIR/pid"
    fi
    ;;
  *)
    echo "usage: $0 start|stop [dir]" >&2
    exit 2
    ;;
esac
