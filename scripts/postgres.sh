#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests and benchmarks, in a folder of its own, run as
# an unprivileged user, on a loopback port. Installs Debian's `postgresql` package if missing.
#   scripts/postgres.sh start DIR [--durable]   prints the server's URL (postgres://…)
#   scripts/postgres.sh stop DIR
# Without --durable the server skips fsync (the tests' data is thrown away); the benchmarks
# pass --durable, so PostgreSQL's figures pay for durability as SQLite's do.
set -euo pipefail
command=${1:?start or stop}
dir=${2:?a folder for the cluster}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

# Everything but the URL goes to standard error, so `url=$(scripts/postgres.sh start …)` works.
say() { printf '==> %s\n' "$*" >&2; }

# PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user that
# Debian's package creates.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
start)
  if [ -z "$(pg_bin)" ]; then
    say "installing Debian's postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
  bin=$(pg_bin)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$dir"
    runuser -u postgres -- test -w "$dir" ||
      { echo "$dir: the postgres user cannot reach it (use a folder such as /tmp/x)" >&2; exit 1; }
  fi
  chmod 700 "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U asb -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  if [ "${3:-}" = "--durable" ]; then durability=""; fi
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -s \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 $durability" \
    start >&2 || { cat "$dir/server.log" >&2; exit 1; }
  say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)"
  echo "postgres://asb@127.0.0.1:$port/postgres"
  ;;
stop)
  bin=$(pg_bin)
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -s stop >&2 || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start|stop DIR [--durable]" >&2
  exit 2
  ;;
esac
