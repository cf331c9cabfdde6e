#!/usr/bin/env bash
# Installs what Cramp Diary needs to build, run and test on Debian 12 / Ubuntu 22.04+.
# Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(
  # build the app
  libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev libxdo-dev librsvg2-dev
  libayatana-appindicator3-dev
  # end-to-end tests in the real webview, PDF checks
  webkit2gtk-driver xvfb xauth poppler-utils imagemagick
  # dbus-daemon: a private session bus per end-to-end test (`dbus` brings it on Debian and Ubuntu)
  dbus
  # the core tests again under moved clocks and time zones (scripts/moved-clock-tests.sh)
  faketime tzdata
  # FHIR R4 validation in the tests (a pinned PyPI validator in its own venv)
  python3 python3-venv
  # the packaging checks: desktop entry, AppStream metainfo, manual page
  desktop-file-utils appstream man-db bsdextrautils libarchive-tools
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "Installing system packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null; then
  echo "Rust (cargo) is needed: install it with your package manager or rustup." >&2
  exit 1
fi

# Node.js and npm fetch the pinned test and packaging tools (axe-core, the Tauri bundler).
need_npm() {
  if ! command -v npm >/dev/null; then
    echo "Installing Node.js and npm"
    if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends nodejs npm
  fi
}

export PATH="$HOME/.cargo/bin:$PATH"
if [ "${1:-}" = "--packaging" ]; then
  # The Tauri 2 bundler, pinned by packaging/tauri-cli/package-lock.json (2.x: the newest
  # tauri-cli is a 3.0 alpha). npm brings its prebuilt binary in seconds; `cargo install
  # tauri-cli` would compile it for about ten minutes.
  cli_dir="$(cd "$(dirname "$0")/.." && pwd)/packaging/tauri-cli"
  cli_want="$(sed -n 's/.*"@tauri-apps\/cli": "\(.*\)".*/\1/p' "$cli_dir/package.json")"
  if ! "$cli_dir/node_modules/.bin/tauri" --version 2>/dev/null | grep -qx "tauri-cli $cli_want"; then
    need_npm
    echo "Installing tauri-cli $cli_want (the package bundler) into $cli_dir/node_modules"
    # `npm install`, not `npm ci`: the lock holds only the platforms this registry lists, which
    # `npm ci` calls out of sync; `install` still takes the locked versions and hashes.
    (cd "$cli_dir" && npm install --ignore-scripts --no-audit --no-fund)
  fi
  exit 0
fi
if ! tauri-driver --help >/dev/null 2>&1; then
  echo "Installing tauri-driver (WebDriver bridge for the end-to-end tests)"
  cargo install tauri-driver --version 2.1.0 --locked
fi

# FHIR R4 validator for the tests: fhir.resources 6.5 (FHIR 4.0.1 models) in a private venv.
fhir_venv="${CRAMP_DIARY_FHIR_VENV:-$HOME/.cache/cramp-diary/fhir-venv}"
if ! "$fhir_venv/bin/python" -c "import fhir.resources.bundle" >/dev/null 2>&1; then
  echo "Installing the FHIR R4 validator used by the tests into $fhir_venv"
  python3 -m venv "$fhir_venv"
  "$fhir_venv/bin/pip" install -q "fhir.resources==6.5.0" "pydantic<2"
fi

# axe-core for the accessibility tests (test-only, pinned by src-tauri/tests/axe/package-lock.json).
axe_dir="$(cd "$(dirname "$0")/.." && pwd)/src-tauri/tests/axe"
axe_want="$(sed -n 's/.*"axe-core": "\(.*\)".*/\1/p' "$axe_dir/package.json")"
axe_have="$(sed -n 's/^  "version": "\(.*\)".*/\1/p' "$axe_dir/node_modules/axe-core/package.json" 2>/dev/null || true)"
if [ ! -f "$axe_dir/node_modules/axe-core/axe.min.js" ] || [ "$axe_have" != "$axe_want" ]; then
  need_npm
  echo "Installing axe-core $axe_want for the accessibility tests into $axe_dir/node_modules"
  (cd "$axe_dir" && npm ci --ignore-scripts --no-audit --no-fund)
fi
