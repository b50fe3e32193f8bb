#!/usr/bin/env bash
# Installs the interoperability tests' npm packages (exact versions from package-lock.json)
# when node_modules is missing or older than the lock file. Without node, those tests skip
# (and fail under CI=true, where node must be present).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if ! command -v npm >/dev/null 2>&1; then
  echo "interop: npm not found; the Node interoperability tests will not run" >&2
  exit 0
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error >&2
  touch node_modules
fi
