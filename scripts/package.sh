#!/usr/bin/env bash
# Builds the release .deb and .rpm of Cramp Diary with the Tauri 2 bundler (`make package`).
# The CLI, its manual page and shell completions go into the same packages.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh --packaging

cargo build --release -p cramp-diary --bin cramp-diary
mkdir -p target/package
cli=target/release/cramp-diary
"$cli" man >target/package/cramp-diary.1
"$cli" completions bash >target/package/cramp-diary.bash
"$cli" completions zsh >target/package/_cramp-diary
"$cli" completions fish >target/package/cramp-diary.fish

(cd src-tauri && cargo tauri build --bundles deb,rpm)
ls -l target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm
