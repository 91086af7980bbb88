#!/usr/bin/env bash
# Installs Debian's Chromium for the tests that print audit pages to PDF, if it is missing.
# The tests drive it through Playwright with executable_path, so no browser is downloaded.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: no apt-get here; install Chromium yourself (the print tests skip without it)" >&2
  exit 0
fi
as_root=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then as_root="sudo"; else
    echo "install-browser: not root and no sudo; the print tests skip without Chromium" >&2
    exit 0
  fi
fi
$as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq chromium >/dev/null
echo "install-browser: installed $(chromium --version)"
