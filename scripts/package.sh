#!/usr/bin/env bash
# Builds the release .deb and .rpm of Cramp Diary with the Tauri 2 bundler (`make package`).
# The CLI, its manual page and shell completions go into the same packages.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh --packaging

# The app and the CLI in one cargo run, so their shared crates are built once (two runs would
# resolve features apart and build most of them twice). `tauri bundle` then packs them.
cargo build --release -p cramp-diary-app -p cramp-diary --bins --features cramp-diary-app/custom-protocol
mkdir -p target/package
cli=target/release/cramp-diary
"$cli" man >target/package/cramp-diary.1
"$cli" completions bash >target/package/cramp-diary.bash
"$cli" completions zsh >target/package/_cramp-diary
"$cli" completions fish >target/package/cramp-diary.fish

(cd src-tauri && cargo tauri bundle --bundles deb,rpm)
ls -l target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm
