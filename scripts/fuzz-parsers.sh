#!/usr/bin/env bash
# cargo-fuzz targets (fuzz/): the CSV and XLSX import parsers and the photo upload pipeline,
# each run for a bounded time from the seeds in fuzz/seeds/<target>/. A crash, a panic, a
# timeout or running out of memory fails the run; the input that did it is kept under
# fuzz/artifacts/<target>/ (replay: `cargo fuzz run <target> <file>` in fuzz/).
#
#   scripts/fuzz-parsers.sh [target…]        FUZZ_SECONDS per target (default 60)
#
# Needs cargo-fuzz (`cargo install --locked cargo-fuzz`). cargo-fuzz passes -Z flags to rustc
# (sanitizer, coverage instrumentation): on a stable toolchain RUSTC_BOOTSTRAP=1 allows them.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz-parsers.sh: cargo-fuzz is missing: cargo install --locked cargo-fuzz" >&2
  exit 1
fi
export RUSTC_BOOTSTRAP=1
seconds="${FUZZ_SECONDS:-60}"
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(import_csv import_xlsx photo_upload)

# One build for every target: unoptimised (the dev profile, debug assertions and overflow
# checks on), with AddressSanitizer and coverage instrumentation. An optimised build of the
# server's dependency tree with the sanitizer takes far longer than the fuzzing itself on a
# 2-core machine; unoptimised, each target still runs thousands of inputs in its time.
build=(--dev)
cargo fuzz build "${build[@]}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for target in "${targets[@]}"; do
  corpus="$work/$target"
  mkdir -p "$corpus" "artifacts/$target"
  cp "seeds/$target/"* "$corpus/"
  echo "fuzz-parsers.sh: $target for ${seconds}s from $(ls "$corpus" | wc -l) seeds" >&2
  # -timeout: one input taking longer is a hang; -rss_limit_mb: the decoder limits must hold.
  cargo fuzz run "${build[@]}" "$target" "$corpus" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
    -print_final_stats=1
done
echo "fuzz-parsers.sh: no crash in ${targets[*]}" >&2
