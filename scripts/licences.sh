#!/usr/bin/env bash
# Makes ui/js/licences.js, the licences of every crate in the app's and the command line's
# Linux build, from Cargo.lock with cargo-about (pinned, installed by scripts/setup.sh),
# about.toml (the licences accepted) and about.hbs (the template). Offline: licence texts come
# from the crates' own files in the cargo registry, or SPDX's text when a crate ships none.
#   bash scripts/licences.sh          rewrite ui/js/licences.js
#   bash scripts/licences.sh FILE     write FILE instead (src-tauri/tests/licences.rs compares)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
out="${1:-ui/js/licences.js}"
want="$(sed -n 's/^cargo_about_version=\(.*\)$/\1/p' scripts/setup.sh)"
have="$(cargo about --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have" != "$want" ]; then
  echo "cargo-about $want is needed (found: ${have:-none}); run: bash scripts/setup.sh" >&2
  exit 1
fi
cargo about generate --workspace --offline --locked --fail about.hbs -o "$out"
