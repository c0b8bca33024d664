#!/usr/bin/env bash
# Runs every test of sec-rules at every door, after installing what is missing
# (scripts/setup.sh, idempotent). This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
# the independent oracles (xmlsec1, xmllint, the SARIF Multitool) are installed by set-up: here a
# test that cannot find one fails instead of skipping
export SEC_RULES_REQUIRE_ORACLES=1
step() { printf '\n=== %s\n' "$*"; }

step "set-up (idempotent)"
scripts/setup.sh

step "native: cargo test"
cargo test --locked

step "differential: sec-rules against xmlsec1 on signed variants (a short run; scripts/differential.sh N for more)"
scripts/differential.sh 400

step "fuzz: every parser, briefly (scripts/fuzz.sh SECONDS for long runs)"
scripts/fuzz.sh 10

step "lints: cargo fmt (rustfmt.toml) and cargo clippy (warnings are errors)"
cargo fmt --check
cargo clippy --locked --all-targets -- -D warnings

step "wasm: release build of pkg/ (wasm-opt from npm binaryen)"
wasm-pack build --mode no-install --release --target web --out-dir pkg

step "wasm: the module's TypeScript types (pkg/sec_rules.d.ts) against an embedding example"
npx --no-install tsc -p tests/types

step "wasm: smoke test of the release pkg/ in node"
node --test tests/smoke/

step "page: its pure logic in node (filters, settings, ADT state, folder drops)"
node --test tests/www/

step "wasm: wasm-bindgen-test in node"
wasm-pack test --mode no-install --node

step "wasm: the door no file can break, with the debug build (pkg-dev/: a forced panic traps it)"
wasm-pack build --mode no-install --dev --target web --out-dir pkg-dev
node --test tests/door/

step "wasm: wasm-bindgen-test in headless Chrome"
WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --mode no-install --headless --chrome

step "page: end-to-end in Debian Chromium (playwright-core)"
node --test tests/e2e/

step "all tests passed"
