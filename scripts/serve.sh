#!/usr/bin/env bash
# Builds the wasm module and serves the page on http://127.0.0.1:${PORT:-8080}/www/index.html
# with the built-in demo loaded. Installs what is missing first (scripts/setup.sh, idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8080}"
scripts/setup.sh
wasm-pack build --mode no-install --release --target web --out-dir pkg
echo
echo "sec-rules page: http://127.0.0.1:${PORT}/www/index.html?demo   (Ctrl-C to stop)"
exec python3 -m http.server "$PORT" --bind 127.0.0.1
