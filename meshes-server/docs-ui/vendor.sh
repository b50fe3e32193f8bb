#!/usr/bin/env bash
# Vendors the API reference page's renderer for /docs: installs Redoc at the exact version of
# package-lock.json (from npm's cache when it has it, so a rebuild works offline) when node_modules
# is missing or older than the lock file, and copies its standalone bundle to the directory given.
set -euo pipefail
target="$1"
cd "$(dirname "${BASH_SOURCE[0]}")"
if ! command -v npm >/dev/null 2>&1; then
  echo "docs-ui: npm is needed to vendor Redoc for /docs (apt-get install npm)" >&2
  exit 1
fi
if [ ! -d node_modules/redoc ] || [ package-lock.json -nt node_modules ]; then
  npm ci --prefer-offline --ignore-scripts --omit=peer --legacy-peer-deps --no-audit --no-fund --loglevel=error >&2
  touch node_modules
fi
mkdir -p "$target"
cp node_modules/redoc/bundles/redoc.standalone.js node_modules/redoc/bundles/redoc.standalone.js.LICENSE.txt "$target/"
