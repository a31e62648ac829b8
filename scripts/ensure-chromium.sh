#!/bin/sh
# The browser tests (test/report/browser.test.ts) drive Debian's chromium with playwright-core.
# `npm test` runs this first: when the browser is missing it installs it (apt-get), so CI on a
# fresh machine runs the browser tests; when it cannot, it fails loudly rather than letting the
# tests be skipped. DESIST_CHROMIUM names another browser binary. Outside CI only,
# DESIST_SKIP_BROWSER=1 skips the browser tests on purpose (they then report as skipped).
set -eu
CHROMIUM="${DESIST_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "${DESIST_SKIP_BROWSER:-}" = "1" ] && [ "${CI:-}" != "true" ]; then
  echo "desist: $CHROMIUM not found; DESIST_SKIP_BROWSER=1, so the browser tests will be skipped" >&2
  exit 0
fi
# apt-get and dpkg print long lines (package file names): they go to a log, and the terminal
# gets a few short lines.
LOG="$(mktemp "${TMPDIR:-/tmp}/desist-chromium.XXXXXX")"
echo "desist: $CHROMIUM not found: installing Debian's chromium for the browser tests" >&2
echo "desist: (apt-get install chromium; its output goes to $LOG)" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo -n"; fi
if command -v apt-get >/dev/null 2>&1 \
  && $SUDO apt-get update -qq >"$LOG" 2>&1 \
  && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >>"$LOG" 2>&1; then
  if [ -x "$CHROMIUM" ]; then
    echo "desist: chromium installed" >&2
    exit 0
  fi
fi
echo "desist: cannot install chromium at $CHROMIUM, so the browser tests cannot run." >&2
echo "desist: the end of $LOG (lines cut at 100 characters):" >&2
tail -n 15 "$LOG" | cut -c1-100 >&2
echo "desist: install it (apt-get install chromium), set DESIST_CHROMIUM to a Chromium binary," >&2
echo "desist: or, outside CI only, set DESIST_SKIP_BROWSER=1 to skip them." >&2
exit 1
