#!/usr/bin/env bash
# Builds the server and the site (styles, islands wasm, static files) into target/.
#   scripts/build.sh [debug|release]    (default: release)
# The server binary reads the site from target/site (LEPTOS_SITE_ROOT).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-release}"
export PATH="$PWD/node_modules/.bin:$PATH"
site=target/site
pkg="$site/pkg"

say() { printf '==> %s\n' "$*"; }

if [ "$mode" = release ]; then
  say "building the server (release)"
  cargo build --release --bin asb-portal --bin asb-bench-bare --bin asb-bench-scale
else
  say "building the server (debug)"
  cargo build --bin asb-portal
fi

say "building the islands (wasm)"
# The islands are few and small, so the size-optimised profile is used in both modes.
cargo build --lib --target wasm32-unknown-unknown --profile wasm-release \
  --no-default-features --features hydrate --target-dir target/front
mkdir -p "$pkg"
wasm-bindgen --target web --no-typescript --out-dir "$pkg" --out-name asb-portal \
  target/front/wasm32-unknown-unknown/wasm-release/asb_portal.wasm
if [ "$mode" = release ]; then
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$pkg/asb-portal_bg.wasm" -o "$pkg/asb-portal_bg.wasm"
fi

say "compiling the styles"
sass --no-source-map --quiet-deps --silence-deprecation=import --load-path=node_modules --style=compressed style/main.scss "$pkg/asb-portal.css"

cp -R public/. "$site/"
# GOV.UK Frontend's JavaScript, started by public/pkg/govuk-init.mjs.
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$pkg/"
# Its import carries the library's fingerprint, so browsers may keep both for a year
# (server::assets); the portal fingerprints the links to the stylesheet and this module itself.
frontend_hash=$(sha256sum "$pkg/govuk-frontend.min.js" | cut -c1-12)
sed -i "s|'/pkg/govuk-frontend.min.js'|'/pkg/govuk-frontend.min.js?v=$frontend_hash'|" "$pkg/govuk-init.mjs"
grep -q "govuk-frontend.min.js?v=$frontend_hash" "$pkg/govuk-init.mjs"
say "site ready in $site"
