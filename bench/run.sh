#!/usr/bin/env bash
# Benchmarks (a command, not a test). Builds in release, then on 127.0.0.1 only:
#  1. final submit (POST /report/submit, commits report + consent + routing + outbox) through
#     the real portal (group commit), a bare axum handler committing the same rows the same way
#     (the portal's overhead), and the bare handler committing each submit alone, one fsync
#     each, as before group commit: at 16 and 64 connections;
#  2. the real submit open loop at fixed rates (100, 300, 600, 1000 a second): p50/p99;
#  3. renders per second of the report start page and the case review start page;
#  4. the critical path of each page type in bytes as sent (gzip);
#  5. the ASB Case Review over a million reports and ten thousand applications: one threshold
#     check, and the statutory figures page, CSV and JSON.
# Results are printed as RESULT lines; record them in bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-10}"
THREADS=2
CONNECTIONS="${CONNECTIONS:-16}"

scripts/setup.sh
if ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
scripts/build.sh release >/dev/null

work=$(mktemp -d)
# The load comes from one address, far faster than any person: no limit on posted forms.
printf '[limits]\nposts_per_minute = 0\n' >"$work/bench.toml"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1"; exit 1; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

# -- 1. real submit vs bare handler, same rows, one run ------------------------------------
seed_count=$(( DURATION * ${SEED_PER_SECOND:-12000} ))
run_submit() { # port ids name connections
  ASB_BENCH_IDS="$2" ASB_BENCH_THREADS=$THREADS wrk -t$THREADS -c"$4" -d"${DURATION}s" \
    -s bench/submit.lua "http://127.0.0.1:$1/report/submit" | grep RESULT | sed "s/^RESULT/RESULT $3/"
}
rps_ratio() { python3 -c "import re,sys; r=lambda s: float(re.search(r'rps=([0-9.]+)', s).group(1)); print(f'{r(sys.argv[1])/r(sys.argv[2]):.2f}')" "$1" "$2"; }
check_run() { case "$1" in *"errors=0 non2xx3xx=0"*) ;; *) echo "a submit run had failures: $1"; exit 1;; esac; }
# One server at a time, each on a fresh database: the portal's outbox worker keeps delivering
# the queued emails after its run, which must not slow the next one down.
bare_run() { # mode connections
  local db="$work/bare-$1-$2.db" ids="$work/bare-$1-$2-ids.txt" port
  target/release/asb-bench-bare seed "sqlite://$db" "$seed_count" "$ids" >/dev/null
  sync
  port=$(free_port)
  target/release/asb-bench-bare serve "sqlite://$db" "127.0.0.1:$port" "$1" >"$work/bare.log" 2>&1 & local pid=$!
  wait_for "http://127.0.0.1:$port/"
  run_submit "$port" "$ids" "submit-bare-$1-c$2" "$2"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  settle "$db"
}
# Each run starts on a quiet disk: the last run's database is deleted and what the seed wrote
# is flushed, or the next run's commits would wait behind the kernel writing it back.
settle() { rm -f "$1" "$1-wal" "$1-shm"; sync; }
portal_run() { # connections
  local db="$work/portal-$1.db" ids="$work/portal-$1-ids.txt" port
  target/release/asb-bench-bare seed "sqlite://$db" "$seed_count" "$ids" >/dev/null
  sync
  port=$(free_port)
  ASB_CONFIG="$work/bench.toml" ASB_DATABASE_URL="sqlite://$db" ASB_MAIL_DIR="$work/mail-$1" RUST_LOG=warn \
    LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="$PWD/target/site" \
    target/release/asb-portal >"$work/portal.log" 2>&1 & local pid=$!
  wait_for "http://127.0.0.1:$port/health"
  run_submit "$port" "$ids" "submit-portal-c$1" "$1"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  settle "$db"
}
for c in 16 64; do
  alone=$(bare_run alone "$c"); group=$(bare_run group "$c"); portal=$(portal_run "$c")
  echo "$portal"; echo "$group"; echo "$alone"
  for r in "$portal" "$group" "$alone"; do check_run "$r"; done
  echo "RESULT group-commit c=$c portal/bare=$(rps_ratio "$portal" "$alone") (target >= 3; bare: one commit each)"
  echo "RESULT submit-ratio c=$c portal/bare-group=$(rps_ratio "$portal" "$group") (target >= 0.5; the portal's pages and rules)"
done

# -- 2. fixed rates, open loop -------------------------------------------------------------
target/release/asb-bench-bare seed "sqlite://$work/rate.db" 50000 "$work/rate-ids.txt" >/dev/null
sync
rate_port=$(free_port)
ASB_CONFIG="$work/bench.toml" ASB_DATABASE_URL="sqlite://$work/rate.db" ASB_MAIL_DIR="$work/mail-rate" RUST_LOG=warn \
  LEPTOS_SITE_ADDR="127.0.0.1:$rate_port" LEPTOS_SITE_ROOT="$PWD/target/site" \
  target/release/asb-portal >"$work/rate.log" 2>&1 & pids+=($!)
wait_for "http://127.0.0.1:$rate_port/health"
offset=0
for rate in 100 300 600 1000; do
  seconds=$(( rate >= 600 ? 10 : 20 ))
  sed -n "$((offset + 1)),$((offset + rate * seconds))p" "$work/rate-ids.txt" >"$work/rate-$rate.txt"
  offset=$((offset + rate * seconds))
  target="(target p99 < 10ms at 1000/s)"
  target/release/asb-bench-bare rate "http://127.0.0.1:$rate_port" "$work/rate-$rate.txt" "$rate" "$seconds" \
    | sed "s/^RESULT/RESULT submit-at-${rate}rps/; s|\$| $target|"
done

# -- 3. start page renders -----------------------------------------------------------------
wrk -t$THREADS -c32 -d"${DURATION}s" "http://127.0.0.1:$rate_port/report" \
  | awk '/Requests\/sec/{print "RESULT start-page renders_per_s=" $2 " (target >= 5000)"}'
wrk -t$THREADS -c32 -d"${DURATION}s" "http://127.0.0.1:$rate_port/case-review/apply" \
  | awk '/Requests\/sec/{print "RESULT case-review-start-page renders_per_s=" $2 " (target >= 5000)"}'

# -- 4. critical path per page type (as sent, gzip) -----------------------------------------
# Each page type with every style sheet, script and module it loads (and those modules'
# imports): what a browser with an empty cache fetches. A page with no island loads no wasm.
# The journey's pages use a seeded draft the open-loop runs left unsubmitted (the last one).
tail -n 1 "$work/rate-ids.txt" >"$work/path-ids.txt"
python3 bench/critical_path.py "http://127.0.0.1:$rate_port" "$work/path-ids.txt" \
  | sed 's|$| (target <= 153600, wasm=0 without an island)|'

# -- 5. the ASB Case Review at a large council's ten years --------------------------------
# One million reports and ten thousand applications; one threshold check as submit runs it,
# then the figures page, its CSV and JSON, one request at a time (latency, not throughput).
kill "${pids[@]}" 2>/dev/null || true; pids=()
target/release/asb-bench-scale seed "sqlite://$work/scale.db" "${SCALE_REPORTS:-1000000}" "${SCALE_APPLICATIONS:-10000}"
target/release/asb-bench-scale threshold "sqlite://$work/scale.db" 200
scale_port=$(free_port)
ASB_CONFIG="$work/bench.toml" ASB_DATABASE_URL="sqlite://$work/scale.db" ASB_MAIL_DIR="$work/mail-scale" RUST_LOG=warn \
  LEPTOS_SITE_ADDR="127.0.0.1:$scale_port" LEPTOS_SITE_ROOT="$PWD/target/site" \
  target/release/asb-portal >"$work/scale.log" 2>&1 & pids+=($!)
wait_for "http://127.0.0.1:$scale_port/health"
for path in /case-review/figures /case-review/figures.csv /case-review/figures.json; do
  wrk -t1 -c1 -d5s --latency "http://127.0.0.1:$scale_port$path" | awk -v p="$path" '
    /^ +50%/ {p50 = $2} /^ +99%/ {p99 = $2} /Requests\/sec/ {rps = $2}
    END {print "RESULT figures " p " p50=" p50 " p99=" p99 " requests_per_s=" rps " (target < 50ms)"}'
done
