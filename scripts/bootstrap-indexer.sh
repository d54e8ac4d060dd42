#!/usr/bin/env bash
# Installs the indexer's own dependencies (indexer/package-lock.json: Ponder, viem, hono) into indexer/node_modules,
# unless the install there was made from the same lockfile (same idea as scripts/bootstrap.sh: a digest of the
# lockfile's content). Runs npm under the project's Node 22 (node_modules/.bin, installed by scripts/bootstrap.sh).
# Progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/../indexer"

lock_digest() { sha256sum package-lock.json | cut -d' ' -f1; }

if [[ -d node_modules/ponder && -x node_modules/.bin/ponder && \
      "$(cat node_modules/.openledger-lock.sha256 2>/dev/null)" == "$(lock_digest)" ]]; then
  exit 0
fi

export PATH="$PWD/../node_modules/.bin:$PATH"
echo "[bootstrap] installing the indexer's dependencies (indexer/, Ponder; first run: about a minute)..." >&2
start=$(date +%s)
npm ci --no-audit --no-fund --loglevel=error >&2
lock_digest > node_modules/.openledger-lock.sha256
echo "[bootstrap] indexer dependencies installed in $(( $(date +%s) - start )) s" >&2
