#!/usr/bin/env bash
# Benchmarks (a command, not a test). Builds in release, then on 127.0.0.1 only:
#  1. final submit (POST /report/submit, commits report + consent + routing + outbox) through
#     the real portal, and a bare axum handler committing the same rows the same way: the ratio;
#  2. the real submit at a fixed 100 requests a second: p50/p99;
#  3. renders per second of the report start page and the case review start page;
#  4. the public pages' critical path in bytes as sent (gzip);
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
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1"; exit 1; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

# -- 1. real submit vs bare handler, same rows, one run ------------------------------------
seed_count=$(( DURATION * 6000 ))
target/release/asb-bench-bare seed "sqlite://$work/portal.db" "$seed_count" "$work/portal-ids.txt" >/dev/null
target/release/asb-bench-bare seed "sqlite://$work/bare.db" "$seed_count" "$work/bare-ids.txt" >/dev/null
run_submit() { # port ids name
  ASB_BENCH_IDS="$2" ASB_BENCH_THREADS=$THREADS wrk -t$THREADS -c"$CONNECTIONS" -d"${DURATION}s" \
    -s bench/submit.lua "http://127.0.0.1:$1/report/submit" | grep RESULT | sed "s/^RESULT/RESULT $3/"
}
# One server at a time: the portal's outbox worker keeps delivering the queued emails after
# its run, which must not slow the baseline down.
bare_port=$(free_port)
target/release/asb-bench-bare serve "sqlite://$work/bare.db" "127.0.0.1:$bare_port" >"$work/bare.log" 2>&1 & bare_pid=$!; pids+=($bare_pid)
wait_for "http://127.0.0.1:$bare_port/"
bare=$(run_submit "$bare_port" "$work/bare-ids.txt" "submit-bare")
kill "$bare_pid"

portal_port=$(free_port)
ASB_DATABASE_URL="sqlite://$work/portal.db" ASB_MAIL_DIR="$work/mail" RUST_LOG=warn \
  LEPTOS_SITE_ADDR="127.0.0.1:$portal_port" LEPTOS_SITE_ROOT="$PWD/target/site" \
  target/release/asb-portal >"$work/portal.log" 2>&1 & pids+=($!)
wait_for "http://127.0.0.1:$portal_port/health"
portal=$(run_submit "$portal_port" "$work/portal-ids.txt" "submit-portal")
echo "$portal"; echo "$bare"
for r in "$portal" "$bare"; do
  case "$r" in *"errors=0 non2xx3xx=0"*) ;; *) echo "a submit run had failures: $r"; exit 1;; esac
done
ratio=$(python3 -c "import re,sys; r=lambda s: float(re.search(r'rps=([0-9.]+)', s).group(1)); print(f'{r(sys.argv[1])/r(sys.argv[2]):.2f}')" "$portal" "$bare")
echo "RESULT submit-ratio portal/bare=$ratio (target >= 0.5)"
kill "${pids[@]}" 2>/dev/null || true; pids=()

# -- 2. fixed rate: 100 submits a second ---------------------------------------------------
target/release/asb-bench-bare seed "sqlite://$work/rate.db" 3000 "$work/rate-ids.txt" >/dev/null
rate_port=$(free_port)
ASB_DATABASE_URL="sqlite://$work/rate.db" ASB_MAIL_DIR="$work/mail-rate" RUST_LOG=warn \
  LEPTOS_SITE_ADDR="127.0.0.1:$rate_port" LEPTOS_SITE_ROOT="$PWD/target/site" \
  target/release/asb-portal >"$work/rate.log" 2>&1 & pids+=($!)
wait_for "http://127.0.0.1:$rate_port/health"
python3 bench/rate.py "http://127.0.0.1:$rate_port" "$work/rate-ids.txt" 100 20 | sed 's/^RESULT/RESULT submit-at-100rps/'

# -- 3. start page renders -----------------------------------------------------------------
wrk -t$THREADS -c32 -d"${DURATION}s" "http://127.0.0.1:$rate_port/report" \
  | awk '/Requests\/sec/{print "RESULT start-page renders_per_s=" $2 " (target >= 5000)"}'
wrk -t$THREADS -c32 -d"${DURATION}s" "http://127.0.0.1:$rate_port/case-review/apply" \
  | awk '/Requests\/sec/{print "RESULT case-review-start-page renders_per_s=" $2 " (target >= 5000)"}'

# -- 4. critical path of a public page (as sent, gzip) --------------------------------------
size() { curl -s -o /dev/null -H 'Accept-Encoding: gzip' -w '%{size_download}' "http://127.0.0.1:$rate_port$1"; }
# The page, its styles, and GOV.UK Frontend's JavaScript with the module that starts it (no
# page has a Leptos island today, so no wasm is sent).
html=$(size /report); css=$(size /pkg/asb-portal.css)
js=$(( $(size /pkg/govuk-init.mjs) + $(size /pkg/govuk-frontend.min.js) ))
echo "RESULT critical-path html=$html css=$css js=$js total=$((html + css + js)) bytes (target <= 153600)"

# -- 5. the ASB Case Review at a large council's ten years --------------------------------
# One million reports and ten thousand applications; one threshold check as submit runs it,
# then the figures page, its CSV and JSON, one request at a time (latency, not throughput).
kill "${pids[@]}" 2>/dev/null || true; pids=()
target/release/asb-bench-scale seed "sqlite://$work/scale.db" "${SCALE_REPORTS:-1000000}" "${SCALE_APPLICATIONS:-10000}"
target/release/asb-bench-scale threshold "sqlite://$work/scale.db" 200
scale_port=$(free_port)
ASB_DATABASE_URL="sqlite://$work/scale.db" ASB_MAIL_DIR="$work/mail-scale" RUST_LOG=warn \
  LEPTOS_SITE_ADDR="127.0.0.1:$scale_port" LEPTOS_SITE_ROOT="$PWD/target/site" \
  target/release/asb-portal >"$work/scale.log" 2>&1 & pids+=($!)
wait_for "http://127.0.0.1:$scale_port/health"
for path in /case-review/figures /case-review/figures.csv /case-review/figures.json; do
  wrk -t1 -c1 -d5s --latency "http://127.0.0.1:$scale_port$path" | awk -v p="$path" '
    /^ +50%/ {p50 = $2} /^ +99%/ {p99 = $2} /Requests\/sec/ {rps = $2}
    END {print "RESULT figures " p " p50=" p50 " p99=" p99 " requests_per_s=" rps " (target < 50ms)"}'
done
