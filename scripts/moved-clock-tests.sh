#!/usr/bin/env bash
# Runs the core's tests (the `cramp-diary` crate's unit and integration test binaries; not
# the app's webview tests) with the clock and time zone moved by libfaketime, at moments
# where a date bug shows: a leap-day late evening far east of UTC, New Year's Eve a minute
# before midnight west of it, and the night the UK clocks go forward.
#
# The binaries are built once, without faketime (cargo itself hangs under it), then each
# runs under `TZ=… faketime '<start>'`. The faked clock starts there and keeps advancing.
# Child processes the tests start (the CLI, crash-safety writers) inherit LD_PRELOAD and
# FAKETIME, so they see the same clock. No test is excluded.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

command -v faketime >/dev/null || { echo "faketime is missing: run scripts/setup.sh" >&2; exit 1; }

moments=(
  "Pacific/Kiritimati|2028-02-29 23:30:00"
  "America/St_Johns|2026-12-31 23:59:00"
  "Europe/London|2027-03-28 00:30:00"
)

# Build the test binaries (and the CLI they run) and list them.
mapfile -t binaries < <(
  cargo test -p cramp-diary --no-run --message-format=json 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    try:
        m = json.loads(line)
    except ValueError:
        continue
    if m.get("reason") == "compiler-artifact" and m.get("profile", {}).get("test") and m.get("executable"):
        print(m["executable"])
'
)
if ((${#binaries[@]} == 0)); then
  echo "no test binaries were built; run: cargo test -p cramp-diary --no-run" >&2
  exit 1
fi

# The tests must not inherit a pinned clock from the caller.
unset CRAMP_DIARY_NOW

failed=()
for moment in "${moments[@]}"; do
  tz="${moment%%|*}"
  at="${moment#*|}"
  echo "=== core tests at $at in $tz (faked clock)"
  # Check the faked clock took: the shell's own `date` must show the moved local time.
  shown="$(TZ="$tz" faketime "$at" date '+%Y-%m-%d %H:%M')"
  if [[ "$shown" != "${at:0:16}" ]]; then
    echo "faketime did not move the clock: date says $shown, wanted ${at:0:16}" >&2
    exit 1
  fi
  for bin in "${binaries[@]}"; do
    name="$(basename "$bin")"
    if ! TZ="$tz" faketime "$at" "$bin" -q; then
      failed+=("$name at $at $tz")
    fi
  done
done

if ((${#failed[@]})); then
  printf 'FAILED under a moved clock: %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "core tests passed at all ${#moments[@]} moved clocks"
