#!/usr/bin/env bash
# The installed-package test (`make test` runs it last): builds the release .deb and .rpm,
# then installs the .deb with apt, drives the installed app, and removes it again
# (src-tauri/tests/installed.rs). Installing software needs root, so as any other user it
# says so and does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
if [ "$(id -u)" != 0 ]; then
  echo "installed-package test: not run, it installs the .deb and so needs root (run make test as root)"
  exit 0
fi
bash scripts/package.sh
deb=$(ls -t target/release/bundle/deb/*.deb | head -1)
rpm=$(ls -t target/release/bundle/rpm/*.rpm | head -1)
CRAMP_DIARY_DEB="$PWD/$deb" CRAMP_DIARY_RPM="$PWD/$rpm" \
  cargo test -p cramp-diary-app --test installed -- --test-threads=1
