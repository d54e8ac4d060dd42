#!/usr/bin/env bash
# The whole check, in order: Solidity lint, TypeScript lint, format check, type check (after a build), then every
# test (mocha and Solidity). With CI=true the Solidity fuzz and invariant runs use the `ci` profile.
# npm puts node_modules/.bin first on PATH, so `node` here is the pinned Node 22.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

step() { printf '\n== %s\n' "$1"; }

step "solhint (Solidity lint, zero warnings allowed)"
solhint --disc --max-warnings 0 'contracts/**/*.sol' 'test/solidity/**/*.sol'

step "eslint (TypeScript lint)"
eslint --max-warnings 0 .

step "prettier (format check)"
prettier --check --log-level warn .

step "build (contracts and typechain types)"
hardhat build --quiet

step "storage layouts (OpenZeppelin upgrades validation of every upgradeable contract; test mocks excluded)"
# Mocks are excluded under both source names: `contracts/...` (the production build) and `project/contracts/...` (the
# build of Solidity tests, whose build info stays in artifacts/ after `hardhat test solidity` or `--coverage`).
openzeppelin-upgrades-core validate artifacts/build-info \
  --exclude "contracts/mocks/**/*.sol" --exclude "project/contracts/mocks/**/*.sol"

step "tsc --noEmit (type check)"
tsc --noEmit -p tsconfig.json

step "indexer: ABIs from the artifacts, then tsc --noEmit (type check of the Ponder app)"
node indexer/scripts/abis.ts
indexer/node_modules/.bin/tsc --noEmit -p indexer/tsconfig.json

profile="default"
if [[ "${CI:-}" == "true" ]]; then profile="ci"; fi
step "hardhat test (mocha and Solidity tests, test profile: ${profile})"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
hardhat test --test-profile "${profile}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# Hardhat's combined summary ("N passing (S solidity, M mocha)", "N failing") as one plain closing line.
passed=$(grep -E '^[0-9]+ passing' "$log" | tail -1 | awk '{print $1}' || true)
failed=$(grep -E '^[0-9]+ failing' "$log" | tail -1 | awk '{print $1}' || true)
if [[ "$status" -ne 0 && "${failed:-0}" -eq 0 ]]; then failed=1; fi
echo
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
exit "$status"
