#!/usr/bin/env bash
# Makes ui/js/licences.js, the licences of every crate in the app's and the command line's
# Linux build, from Cargo.lock with cargo-about (pinned; installed here when missing),
# about.toml (the licences accepted) and about.hbs (the template). Offline: licence texts come
# from the crates' own files in the cargo registry, or SPDX's text when a crate ships none.
#   bash scripts/licences.sh          rewrite ui/js/licences.js
#   bash scripts/licences.sh FILE     write FILE instead
# The first line records the sha256 of the three inputs; src-tauri/tests/licences.rs fails
# when they no longer match (cargo-about takes minutes to install and to run, so the tests
# check the inputs, not a fresh run).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
out="${1:-ui/js/licences.js}"
want=0.9.3
if [ "$(cargo about --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
  echo "Installing cargo-about $want (lists the crates' licences)"
  cargo install cargo-about --version "$want" --locked --features cli
fi
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
cargo about generate --workspace --offline --locked --fail about.hbs -o "$tmp"
{
  printf '// Inputs (sha256 of Cargo.lock, about.toml, about.hbs): %s\n' \
    "$(sha256sum Cargo.lock about.toml about.hbs | awk '{print $1}' | paste -sd' ')"
  cat "$tmp"
} >"$out"
