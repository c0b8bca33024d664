#!/usr/bin/env bash
# Differential run against xmlsec1 (libxml2): N signed variants of DUIS requests (default 500),
# each signed by `xmlsec1 --sign` before or after the variation and judged by `xmlsec1 --verify`
# and by sec-rules. Prints
#   differential: N variants, K agree, D documented differences, 0 unexplained
# and fails on any unexplained difference. The classes and the documented differences (each
# with its reason) are in tests/support/differential.rs. `--keep DIR` keeps unexplained variants.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-500}"
shift || true
command -v xmlsec1 >/dev/null || { echo "differential: xmlsec1 is not installed (scripts/setup.sh installs it)" >&2; exit 2; }
cargo run --quiet --locked --release --example differential -- "$n" "$@"
