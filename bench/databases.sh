#!/usr/bin/env bash
# The same submit load against the portal on SQLite and on PostgreSQL, side by side (a command,
# not a test). Builds in release; starts a throw-away PostgreSQL server with fsync on
# (`scripts/postgres.sh --durable`), so both databases pay for durability; then, on 127.0.0.1,
# for each database and at 16 and 64 connections: the final submit through the real portal
# (wrk, bench/submit.lua), and the submit open loop at 300 a second (`asb-bench-bare rate`).
# Results are RESULT lines; record them in bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-10}"
THREADS=2

scripts/setup.sh
if ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
scripts/build.sh release >/dev/null

work=$(mktemp -d)
printf '[limits]\nposts_per_minute = 0\n' >"$work/bench.toml"
pg_dir=$(mktemp -d /tmp/asb-bench-postgres.XXXXXX)  # reachable by the postgres user
pg=$(scripts/postgres.sh start "$pg_dir" --durable)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; scripts/postgres.sh stop "$pg_dir"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1"; exit 1; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m)"
seed_count=$(( DURATION * ${SEED_PER_SECOND:-3000} ))
run=0
fresh_url() { # database; sets url
  run=$((run + 1))
  if [ "$1" = sqlite ]; then url="sqlite://$work/run-$run.db"; else
    psql -q "$pg" -c "CREATE DATABASE run_$run"; url="${pg%/postgres}/run_$run"; fi
}
start_portal() { # url; sets port and pid
  port=$(free_port)
  ASB_CONFIG="$work/bench.toml" ASB_DATABASE_URL="$1" ASB_MAIL_DIR="$work/mail-$run" RUST_LOG=warn \
    LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="$PWD/target/site" \
    target/release/asb-portal >"$work/portal-$run.log" 2>&1 & pid=$!
  wait_for "http://127.0.0.1:$port/health"
}
stop_portal() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

for database in sqlite postgres; do
  for c in 16 64; do
    fresh_url "$database"; ids="$work/ids-$run.txt"
    target/release/asb-bench-bare seed "$url" "$seed_count" "$ids" >/dev/null
    start_portal "$url"
    ASB_BENCH_IDS="$ids" ASB_BENCH_THREADS=$THREADS wrk -t$THREADS -c"$c" -d"${DURATION}s" \
      -s bench/submit.lua "http://127.0.0.1:$port/report/submit" | grep RESULT |
      sed "s/^RESULT/RESULT submit-$database-c$c/"
    stop_portal
  done
  fresh_url "$database"; ids="$work/ids-$run.txt"
  target/release/asb-bench-bare seed "$url" $(( 300 * 20 )) "$ids" >/dev/null
  start_portal "$url"
  target/release/asb-bench-bare rate "http://127.0.0.1:$port" "$ids" 300 20 | sed "s/^RESULT/RESULT submit-$database-at-300rps/"
  stop_portal
done
