#!/usr/bin/env bash
# Installs what some tests need besides Python packages:
#  - Debian's Chromium, for printing audit pages to PDF (Playwright drives it; no download);
#  - Debian's zsh and fish, for the shell completion tests (bash is always there);
#  - axe-core from the npm registry, the accessibility checker the browser tests inject.
# Each is skipped when already there; the tests that need a missing tool skip locally and
# fail in CI.
set -euo pipefail
cd "$(dirname "$0")"

# Debian's packages: Chromium, and zsh and fish for the completion scripts' tests.
missing=""
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing=" chromium"
for shell in zsh fish; do command -v "$shell" >/dev/null 2>&1 || missing="$missing $shell"; done
if [ -n "$missing" ]; then
  as_root=""
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then as_root="sudo"; fi
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || [ -n "$as_root" ]; }; then
    $as_root apt-get update -qq
    # shellcheck disable=SC2086 # one word per package
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq $missing >/dev/null
    echo "install-tools: installed$missing (Debian)"
  else
    echo "install-tools: cannot install$missing here; the tests that need them will skip" >&2
  fi
fi

if [ ! -f .tools/node_modules/axe-core/axe.min.js ]; then
  if command -v npm >/dev/null 2>&1; then
    npm install --silent --no-audit --no-fund --prefix .tools axe-core@4.14.1 >/dev/null
    echo "install-tools: installed axe-core (npm)"
  else
    echo "install-tools: no npm here; the accessibility tests will skip" >&2
  fi
fi
