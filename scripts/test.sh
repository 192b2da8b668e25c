#!/usr/bin/env bash
# Runs every test: formatting, lints, unit and property tests, integration tests (real server
# and SMTP) on SQLite and again on PostgreSQL, then end-to-end tests in headless Chromium with
# JavaScript on and off.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$PWD/node_modules/.bin:$PATH"
# A clean clone (CI) builds everything once: incremental caches would only take disk.
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi

say() { printf '\n==> %s\n' "$*"; }

say "formatting"
cargo fmt --all -- --check

say "lints (server and browser code)"
cargo clippy --all-targets -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features hydrate \
  --target-dir target/front -- -D warnings

say "unit, property and integration tests (SQLite)"
cargo_log=$(mktemp)
cargo test 2>&1 | tee "$cargo_log"

say "integration tests again, on PostgreSQL"
# A server named by ASB_TEST_POSTGRES_URL, or a throw-away one started here. Each portal the
# tests start gets a fresh database on it.
pg_dir=""
if [ -z "${ASB_TEST_POSTGRES_URL:-}" ]; then
  pg_dir=$(mktemp -d /tmp/asb-test-postgres.XXXXXX)
  ASB_TEST_POSTGRES_URL=$(scripts/postgres.sh start "$pg_dir")
fi
ASB_TEST_POSTGRES_URL="$ASB_TEST_POSTGRES_URL" cargo test --test integration 2>&1 | tee -a "$cargo_log"
if [ -n "$pg_dir" ]; then scripts/postgres.sh stop "$pg_dir"; fi

say "the benchmark's prepared report is still a complete one"
seed_dir=$(mktemp -d)
target/debug/asb-bench-bare seed "sqlite://$seed_dir/seed.db" 1 "$seed_dir/ids.txt"
rm -rf "$seed_dir"

say "building the site for the browser tests"
scripts/build.sh debug

say "end-to-end tests in Chromium"
work=$(mktemp -d)
# The browser tests post hundreds of forms a minute from one address: no limit on posts here
# (the integration tests prove the limit).
printf '[limits]\nposts_per_minute = 0\n' >"$work/e2e.toml"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# A triage officer for each browser project (an authenticator app is set up once per account),
# made as a council would make its first administrator.
export E2E_STAFF_PASSWORD="end to end staff password"
for project in js-on js-off; do
  ASB_CONFIG="$work/e2e.toml" ASB_DATABASE_URL="sqlite://$work/e2e.db" \
    ASB_ADMIN_PASSWORD="$E2E_STAFF_PASSWORD" RUST_LOG=warn target/debug/asb-portal create-admin \
    --email "officer-$project@council.example" --name "Officer ($project)" --also triage
done
ASB_CONFIG="$work/e2e.toml" ASB_DATABASE_URL="sqlite://$work/e2e.db" ASB_MAIL_DIR="$work/mail" \
  LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="$PWD/target/site" RUST_LOG=warn \
  target/debug/asb-portal >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.2
done
e2e_log="$work/e2e.log"
# The staff tests read the invitation link from the mail the outbox wrote.
E2E_MAIL_DIR="$work/mail" BASE_URL="http://127.0.0.1:$port" npx playwright test -c end2end/playwright.config.mjs 2>&1 | tee "$e2e_log" || {
  echo "server log:"; tail -50 "$work/server.log"; exit 1; }

# One closing line for the whole run (every stage above has already stopped the script on a
# failure): the Rust tests' and the browser tests' counts added up.
rust_passed=$(awk '/^test result:/ {n += $4} END {print n + 0}' "$cargo_log")
e2e_passed=$(awk '/^ *[0-9]+ passed/ {n = $1} END {print n + 0}' "$e2e_log")
echo
echo "rust tests: $rust_passed passed, browser tests: $e2e_passed passed"
echo "all: $((rust_passed + e2e_passed)) passed, 0 failed"
