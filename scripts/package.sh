#!/usr/bin/env bash
# Builds the .deb and .rpm of Cramp Diary with the Tauri 2 bundler (`make package`).
# The CLI, its manual page and shell completions go into the same packages.
#
#   scripts/package.sh          the release packages, with the tuned release profile
#   scripts/package.sh --debug  the same packages from the debug build, which `make test`
#                               has already compiled: what the installed-package test installs
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh --packaging

profile=release
cargo_profile=(--release)
bundle_profile=()
if [ "${1:-}" = "--debug" ]; then
  profile=debug
  cargo_profile=()
  bundle_profile=(--debug)
fi

# The app and the CLI in one cargo run, so their shared crates are built once (two runs would
# resolve features apart and build most of them twice). `tauri bundle` then packs them.
cargo build "${cargo_profile[@]}" -p cramp-diary-app -p cramp-diary --bins \
  --features cramp-diary-app/custom-protocol
mkdir -p target/package
cli=target/package/cramp-diary
cp "target/$profile/cramp-diary" "$cli"
"$cli" man >target/package/cramp-diary.1
"$cli" completions bash >target/package/cramp-diary.bash
"$cli" completions zsh >target/package/_cramp-diary
"$cli" completions fish >target/package/cramp-diary.fish

rm -f target/"$profile"/bundle/deb/*.deb target/"$profile"/bundle/rpm/*.rpm
(cd src-tauri && ../packaging/tauri-cli/node_modules/.bin/tauri bundle "${bundle_profile[@]}" --bundles deb,rpm)
ls -l target/"$profile"/bundle/deb/*.deb target/"$profile"/bundle/rpm/*.rpm
