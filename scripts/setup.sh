#!/usr/bin/env bash
# Installs what the portal needs to build, from the package registries, skipping what is there.
#   scripts/setup.sh          build tools: wasm target, wasm-bindgen CLI, npm packages
#   scripts/setup.sh --test   also Debian's chromium, a Java runtime (for the Nu HTML Checker) and
#                             Python's aiosmtpd, for the tests
set -euo pipefail
cd "$(dirname "$0")/.."

# Keep in step with the exact `wasm-bindgen` version pinned in Cargo.toml.
WASM_BINDGEN_VERSION=0.2.130

say() { printf '==> %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
  # Not --locked: its published lock names a webpki-roots release the registry no longer has.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "${1:-}" = "--test" ]; then
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's chromium"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium >/dev/null
  fi
  if ! command -v java >/dev/null; then
    say "installing Debian's Java runtime (for the Nu HTML Checker, npm's vnu-jar)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
  fi
  # Pinned versions; pip answers at once, without the registry, when they are already there.
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
    -r scripts/requirements-test.txt
fi
