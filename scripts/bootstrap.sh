#!/usr/bin/env bash
# Makes sure the project's dependencies and its Node 22 runtime are installed, then returns.
#
# `npm test` and `npm run demo` call this first, so each works as the very first command on a fresh clone:
# - with a system Node >= 22.13 it runs `npm ci`;
# - with an older system Node (20 on these machines) it runs `npm ci` under a Node 22 fetched from the npm registry
#   (`npx -p node@22 npm ci`), because Hardhat's native EDR binary is skipped when npm itself runs under Node 20.
# The lockfile pins `node` as a devDependency, so every npm script afterwards runs node_modules/.bin/node (22).
# Progress goes to stderr so that `npm run --silent ...` keeps stdout clean.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE22_SPEC="node@22.23.3"

lock_digest() { sha256sum package-lock.json | cut -d' ' -f1; }

installed_ok() {
  [[ -x node_modules/.bin/node ]] || return 1
  [[ -f node_modules/.package-lock.json ]] || return 1
  [[ -d node_modules/hardhat ]] || return 1
  # Reinstall when package-lock.json differs from the one the last install used (content, not timestamps, so a
  # checkout that only touches the file does not trigger a reinstall).
  [[ "$(cat node_modules/.openledger-lock.sha256 2>/dev/null)" == "$(lock_digest)" ]] || return 1
  node_modules/.bin/node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 22 ? 0 : 1)' 2>/dev/null
}

if installed_ok; then
  exit 0
fi

# A node_modules that is a symlink belongs to another checkout (a git worktree sharing its install): never let
# `npm ci` empty it from here.
if [[ -L node_modules ]]; then
  echo "[bootstrap] node_modules is a symlink to another checkout's install; not reinstalling here" >&2
  exit 0
fi

system_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
echo "[bootstrap] installing dependencies (first run: about 1-2 minutes)..." >&2
start=$(date +%s)
if (( system_major >= 22 )); then
  npm ci --no-audit --no-fund --loglevel=error >&2
else
  echo "[bootstrap] system Node is $(node --version 2>/dev/null || echo missing); running npm ci under ${NODE22_SPEC}" >&2
  npx -y -p "${NODE22_SPEC}" npm ci --no-audit --no-fund --loglevel=error >&2
fi
lock_digest > node_modules/.openledger-lock.sha256
echo "[bootstrap] dependencies installed in $(( $(date +%s) - start )) s (Node $(node_modules/.bin/node --version))" >&2
