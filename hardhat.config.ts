import { createRequire } from "node:module";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";

import openLedgerPlugin from "./tasks/plugin.js";
import { repositoryTasks } from "./tasks/repository.js";
import dependencyWarnings from "./scripts/hardhat/dependency-warnings.js";
import { rpcTimeoutMs } from "./tasks/lib/timeouts.js";

const require = createRequire(import.meta.url);

/** Exact compiler version; `solc` in package.json is pinned to the same version. */
export const SOLC_VERSION = "0.8.30";

/** One compiler setting; the compiler comes from the npm `solc` package, so nothing is downloaded. */
function compiler(optimizerRuns: number) {
  return {
    version: SOLC_VERSION,
    path: require.resolve("solc/soljson.js"),
    settings: {
      evmVersion: "cancun",
      optimizer: { enabled: true, runs: optimizerRuns },
      outputSelection: { "*": { "*": ["storageLayout"] } },
    },
  };
}

const solidityProfile = {
  // One setting for every contract: each deployable one keeps >= 1,024 bytes of headroom under the 24,576-byte code
  // size limit (EIP-170) at 10,000 runs (test/unit/ContractSizes.test.ts). No per-contract override: OpenGovernor fits
  // since it does what OpenZeppelin's extensions did in less code (docs/decisions/0280), OpenStaking since its reward
  // views moved to a lens (0249), AttributionOracle since the court and the logs moved out (0240).
  compilers: [compiler(10_000)],
};

export default defineConfig({
  // The protocol's tasks come from the same plugin other projects install (@openledger/hardhat-plugin); the tasks
  // that need this repository's build (deploying, the Orbit stack) are added here. dependencyWarnings: solc
  // warnings located in npm packages are not printed (docs/decisions/0542).
  plugins: [hardhatToolboxMochaEthers, dependencyWarnings, openLedgerPlugin],
  tasks: repositoryTasks,
  solidity: {
    // Library contracts deployed as they are (proxies, timelock); compiled so that their artifacts exist.
    npmFilesToBuild: [
      "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol",
      "@openzeppelin/contracts/governance/TimelockController.sol",
    ],
    profiles: {
      default: solidityProfile,
      production: solidityProfile,
    },
  },
  paths: {
    tests: { mocha: "test", solidity: "test/solidity" },
  },
  test: {
    solidity: {
      profiles: {
        default: {
          fuzz: { runs: 256, seed: "0x6f70656e" },
          invariant: { runs: 64, depth: 32, failOnRevert: false },
        },
        ci: {
          fuzz: { runs: 1024, seed: "0x6f70656e" },
          invariant: { runs: 128, depth: 64, failOnRevert: false },
        },
      },
    },
  },
  typechain: { outDir: "typechain-types" },
  networks: {
    hardhatMainnet: { type: "edr-simulated", chainType: "l1" },
    // `hardhat node --hostname 127.0.0.1`; OPENLEDGER_RPC_URL points elsewhere (the walkthrough test's own port).
    // HTTP networks time out after 30 s (OPENLEDGER_RPC_TIMEOUT_MS), not Hardhat's 300 s (decision 0482).
    localhost: {
      type: "http",
      chainType: "l1",
      url: process.env.OPENLEDGER_RPC_URL ?? "http://127.0.0.1:8545",
      timeout: rpcTimeoutMs(),
    },
    // Orbit: the parent chain (Ethereum, Arbitrum One or a testnet) and the OPEN-gas Orbit child chain. URLs and keys
    // are configuration variables (`hardhat keystore set PARENT_RPC_URL`, or environment variables), never committed.
    parentChain: {
      type: "http",
      chainType: "l1",
      url: configVariable("PARENT_RPC_URL"),
      accounts: [configVariable("PARENT_PRIVATE_KEY")],
      timeout: rpcTimeoutMs(),
    },
    orbit: {
      type: "http",
      chainType: "generic",
      url: configVariable("ORBIT_RPC_URL"),
      accounts: [configVariable("ORBIT_PRIVATE_KEY")],
      timeout: rpcTimeoutMs(),
    },
    // In-process simulated pair for tests. The parent runs the real nitro-contracts rollup stack (every artifact is
    // under 24 KB, so no unlimited contract size); the child (chain id 412346, as Nitro's test node) gets precompile
    // mocks with setCode. Hardhat 3 has no Arbitrum chain type: "generic" is the one without L1/OP-specific rules.
    parent: { type: "edr-simulated", chainType: "l1", chainId: 1337 },
    child: { type: "edr-simulated", chainType: "generic", chainId: 412346 },
  },
});
