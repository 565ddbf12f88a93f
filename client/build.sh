#!/usr/bin/env bash
# Builds the web client (Leptos, wasm32) into a static directory the server serves: two
# bundles from the same crate, `pkg/field.js` + `pkg/field_bg.wasm` (what an auditor's phone
# loads first) and `pkg/office.js` + `pkg/office_bg.wasm` (every page), and next to every
# HTML, CSS, JS, wasm and manifest file its `.br` (brotli 11) and `.gz` (gzip -9), which the
# server sends instead of compressing on the fly (written by tools/precompress, so no
# compression command is needed on the machine).
#
#   client/build.sh [--dev] [OUT_DIR]        (OUT_DIR defaults to client/dist)
#
# On a fresh machine it first installs what it needs, from the Rust registries only:
#   - the rustup target wasm32-unknown-unknown;
#   - wasm-bindgen-cli from crates.io, at exactly the wasm-bindgen version in Cargo.lock.
# When nothing it is built from changed since it last built OUT_DIR (the wasm, the static
# files, this script), it keeps OUT_DIR as it is.
# Honours CARGO_TARGET_DIR. --dev skips the size-optimised profile (faster builds, bigger wasm).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

profile=wasm-release
if [[ "${1:-}" == "--dev" ]]; then
  profile=dev
  shift
fi
out="${1:-client/dist}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
profile_dir=$([[ $profile == dev ]] && echo debug || echo "$profile")

if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "build.sh: installing the rustup target wasm32-unknown-unknown" >&2
  rustup target add wasm32-unknown-unknown
fi

wb_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)"
if [[ -z "$wb_version" ]]; then
  echo "build.sh: wasm-bindgen is not in Cargo.lock" >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wb_version"; then
  echo "build.sh: installing wasm-bindgen-cli $wb_version from crates.io" >&2
  # --locked first; fall back to a fresh resolution if a locked dependency is unavailable.
  cargo install --locked wasm-bindgen-cli --version "$wb_version" ||
    cargo install wasm-bindgen-cli --version "$wb_version"
fi

echo "build.sh: compiling the client ($profile profile)" >&2
cargo build --target wasm32-unknown-unknown --profile "$profile" -p touchstone-client --bins --locked

# What the output is made from; when OUT_DIR was last built from the same, it stands.
inputs="$(cat "$target_dir/wasm32-unknown-unknown/$profile_dir"/{field,office}.wasm \
  client/index.html client/static/* "${BASH_SOURCE[0]}" | sha256sum | cut -c1-32)"
stamp="$target_dir/client-build/$(realpath -m "$out" | sha256sum | cut -c1-16)"
if [[ -d "$out" && -f "$stamp" && "$(cat "$stamp")" == "$inputs" ]]; then
  echo "build.sh: $out is up to date" >&2
  exit 0
fi

staging="$(mktemp -d "${out%/}.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging/pkg"
strip=()
[[ $profile == dev ]] || strip=(--remove-name-section --remove-producers-section)
# No wasm-opt: Debian bookworm's binaryen (108) breaks wasm-bindgen's externref table; the
# compressed output is larger with it anyway (BENCHMARKS.md).
for bundle in field office; do
  wasm-bindgen --target web --no-typescript "${strip[@]}" --out-dir "$staging/pkg" \
    "$target_dir/wasm32-unknown-unknown/$profile_dir/$bundle.wasm"
done
cp client/index.html client/static/* "$staging/"
# A new build gets a new service-worker cache, so phones pick up the new app shell.
build_id="$(cat "$staging"/index.html "$staging"/*.css "$staging"/*.js "$staging"/pkg/* | sha256sum | cut -c1-16)"
sed -i "s/__BUILD_ID__/$build_id/" "$staging/sw.js"
# Every file but sw.js (tools/precompress/src/lib.rs says why).
echo "build.sh: precompressing (brotli 11, gzip 9)" >&2
cargo run --quiet --locked -p touchstone-precompress --bin precompress -- "$staging"
chmod -R a+rX "$staging"

rm -rf "$out"
mv "$staging" "$out"
trap - EXIT
mkdir -p "$(dirname "$stamp")"
echo "$inputs" >"$stamp"
echo "build.sh: client built into $out (build $build_id; wasm: $(du -b "$out"/pkg/*.wasm | awk '{printf "%s %s  ", $2, $1}'))" >&2
