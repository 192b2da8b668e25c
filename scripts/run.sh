#!/usr/bin/env bash
# Runs the portal on its built-in defaults: SQLite file and mail folder under ./data,
# listening on http://127.0.0.1:3000 (set LEPTOS_SITE_ADDR to change it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$PWD/target/site}"
exec target/release/asb-portal
