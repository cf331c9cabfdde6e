#!/usr/bin/env bash
# The installed-package test (`make test` runs it last): packs the .deb and .rpm from the debug
# build the suite has just compiled (`scripts/package.sh --debug`: the same files and layout as
# `make package`, without a second, optimised build of everything), then installs the .deb
# with apt, drives the installed app, and removes it again (src-tauri/tests/installed.rs).
# CRAMP_DIARY_PACKAGE=release tests the release packages instead. Installing software needs
# root, so as any other user it says so and does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
if [ "$(id -u)" != 0 ]; then
  echo "installed-package test: not run, it installs the .deb and so needs root (run make test as root)"
  exit 0
fi
profile="${CRAMP_DIARY_PACKAGE:-debug}"
case "$profile" in
  debug) bash scripts/package.sh --debug ;;
  release) bash scripts/package.sh ;;
  *) echo "CRAMP_DIARY_PACKAGE must be debug or release, not '$profile'" >&2; exit 2 ;;
esac
deb=$(ls -t target/"$profile"/bundle/deb/*.deb | head -1)
rpm=$(ls -t target/"$profile"/bundle/rpm/*.rpm | head -1)
CRAMP_DIARY_DEB="$PWD/$deb" CRAMP_DIARY_RPM="$PWD/$rpm" \
  cargo test -p cramp-diary-app --test installed -- --test-threads=1
