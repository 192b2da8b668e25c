#!/usr/bin/env bash
# Fault proofs (a command, not a test): the portal killed with SIGKILL mid-load, a mail relay
# outage, a flaky relay, and messages past their attempts, on SQLite and then on PostgreSQL
# (a throw-away server, fsync on). Builds in release; see bench/faults.py for each run.
#   bench/faults.sh [sqlite|postgres]   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test >/dev/null
scripts/build.sh release >/dev/null
export LEPTOS_SITE_ROOT="$PWD/target/site"
work=$(mktemp -d)
pg_dir=$(mktemp -d /tmp/asb-bench-postgres.XXXXXX)  # reachable by the postgres user
pg=""
trap '[ -n "$pg" ] && scripts/postgres.sh stop "$pg_dir"' EXIT
n=0
for database in ${1:-sqlite postgres}; do
  if [ "$database" = postgres ] && [ -z "$pg" ]; then
    pg=$(scripts/postgres.sh start "$pg_dir" --durable)
  fi
  for run in ${RUNS:-crash outage flaky dead}; do
    n=$((n + 1))
    if [ "$database" = sqlite ]; then url="sqlite://$work/$run.db"; else
      psql -q "$pg" -c "CREATE DATABASE $run"; url="${pg%/postgres}/$run"; fi
    target/release/asb-bench-bare seed "$url" 3000 "$work/$run-ids.txt" >/dev/null
    echo "== $run on $database"
    python3 bench/faults.py "$run" target/release/asb-portal "$url" "$work/$run-ids.txt" |
      sed "s/^RESULT $run/RESULT $run-$database/"
  done
done
