#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser (cargo-fuzz + libFuzzer on the nightly toolchain, with
# AddressSanitizer and leak detection): each target runs SECONDS (default 60) from its corpus
# (fuzz/corpus/<target>, committed, minimised; seeded from the project's fixtures by
# examples/fuzz_seeds.rs). Any crash, panic, leak, timeout (10 s per input) or out-of-memory
# (2 GB) fails the run and leaves the input under fuzz/artifacts/<target>/. Ends with
#   fuzz: N targets, M executions, 0 crashes
# New inputs go to a scratch folder, so a run leaves the clone clean. Set FUZZ_MINIMIZE=1 (long runs)
# to grow fuzz/corpus/<target> instead and then minimise it with `cargo fuzz cmin` to the inputs that
# keep every coverage edge (-use_counters=0: edges, not hit counts, which keeps the committed corpora
# near 2 MB in all).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
targets=(duis_pipeline schema_values c14n smki_cert adt_csv inventory_csv models_json context_json)
command -v cargo-fuzz >/dev/null || { echo "fuzz: cargo-fuzz is not installed (scripts/setup.sh installs it)" >&2; exit 2; }
if [ ! -d fuzz/seeds ]; then cargo run --quiet --example fuzz_seeds; fi
cargo +nightly fuzz build --release >/dev/null
total=0
crashes=0
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  log=$(mktemp)
  if [ "${FUZZ_MINIMIZE:-0}" = 1 ]; then grow="fuzz/corpus/$t"; dirs=("fuzz/seeds/$t");
  else grow=$(mktemp -d); dirs=("fuzz/corpus/$t" "fuzz/seeds/$t"); fi
  set +e
  cargo +nightly fuzz run --release "$t" "$grow" "${dirs[@]}" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -detect_leaks=1 >"$log" 2>&1
  rc=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo 0)
  total=$((total + ${runs:-0}))
  if [ $rc -ne 0 ]; then
    crashes=$((crashes + 1))
    echo "fuzz: $t FAILED (exit $rc) after ${runs:-0} executions:" >&2
    grep -E 'ERROR|panicked|Test unit written|SUMMARY' "$log" | head -20 >&2
  else
    echo "fuzz: $t ${runs:-0} executions in ${seconds}s"
  fi
  rm -f "$log"
  [ "${FUZZ_MINIMIZE:-0}" = 1 ] || rm -rf "$grow"
  if [ "${FUZZ_MINIMIZE:-0}" = 1 ] && [ $rc -eq 0 ]; then
    cargo +nightly fuzz cmin --release "$t" "fuzz/corpus/$t" -- -use_counters=0 >/dev/null 2>&1 || true
  fi
done
echo "fuzz: ${#targets[@]} targets, $total executions, $crashes crashes"
[ $crashes -eq 0 ]
