#!/usr/bin/env bash
# Installs everything sec-rules needs to build, serve and test, idempotently, on a fresh
# Debian 12 machine of this kind (Rust by rustup, node 20, root). Safe to run again: each
# step checks first and does nothing when its tool is already there at the right version.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
cd "$(dirname "$0")/.."

# MUST equal the wasm-bindgen version pinned ("=X") in Cargo.toml / Cargo.lock.
WASM_BINDGEN_VERSION=0.2.130
WASM_PACK_VERSION=0.15.1
BINARYEN_NPM_VERSION=132.0.0
CARGO_FUZZ_VERSION=0.13.2
want_apt=()
command -v chromedriver >/dev/null || want_apt+=(chromium chromium-driver)
command -v xmlsec1 >/dev/null || want_apt+=(xmlsec1)
command -v xmllint >/dev/null || want_apt+=(libxml2-utils)
if [ ${#want_apt[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq "${want_apt[@]}" >/dev/null
fi
# Debian's binaryen (wasm-opt 108) produces modules that crash at start-up: never keep it.
if dpkg -s binaryen >/dev/null 2>&1; then apt-get remove -y -qq binaryen >/dev/null; fi

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
rustup component list --installed | grep -q "^rustfmt" || rustup component add rustfmt
rustup component list --installed | grep -q "^clippy" || rustup component add clippy
[ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" = "$WASM_PACK_VERSION" ] \
  || cargo install wasm-pack --version "$WASM_PACK_VERSION"
# no --locked: it fails here (a locked dependency version is absent from the registry)
[ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" = "$WASM_BINDGEN_VERSION" ] \
  || cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
# cargo-fuzz (libFuzzer, built from source by libfuzzer-sys) on the nightly toolchain
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
[ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" = "$CARGO_FUZZ_VERSION" ] \
  || cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION"
if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "${BINARYEN_NPM_VERSION%%.*}" ]; then
  npm install -g "binaryen@$BINARYEN_NPM_VERSION" >/dev/null
fi
# playwright-core and axe-core for the end-to-end page tests (never a browser download: Debian
# chromium is used); typescript to check pkg/sec_rules.d.ts against an embedding example; the
# SARIF Multitool (Microsoft's validator, a self-contained .NET binary) for the SARIF tests
MULTITOOL=node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] || [ ! -d node_modules/typescript ] || [ ! -f "$MULTITOOL" ]; then
  npm ci --no-audit --no-fund >/dev/null
fi
# (its package's postinstall only makes it executable; npm may not run install scripts)
[ -x "$MULTITOOL" ] || chmod u+x "$MULTITOOL"
