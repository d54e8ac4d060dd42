import { createRequire } from "node:module";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

/** Exact compiler version; `solc` in package.json is pinned to the same version. */
export const SOLC_VERSION = "0.8.30";

/** The compiler comes from the npm `solc` package: nothing is downloaded. */
function compiler(runs: number) {
  return {
    version: SOLC_VERSION,
    path: require.resolve("solc/soljson.js"),
    settings: {
      evmVersion: "cancun",
      optimizer: { enabled: true, runs },
      outputSelection: { "*": { "*": ["storageLayout"] } },
    },
  };
}

/**
 * Contracts that exceed the 24,576-byte code size limit at 10,000 optimizer runs are compiled with fewer runs
 * (OpenZeppelin's Governor with all its extensions is ~26 KB at 10,000 runs, 22.3 KB at 500).
 */
const sizeLimitedOverrides = {
  "contracts/governance/OpenGovernor.sol": compiler(500),
};

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    // Library contracts deployed as they are (proxies, timelock); compiled so that their artifacts exist.
    npmFilesToBuild: [
      "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol",
      "@openzeppelin/contracts/governance/TimelockController.sol",
    ],
    profiles: {
      default: {
        compilers: [compiler(10_000)],
        overrides: sizeLimitedOverrides,
      },
      production: {
        compilers: [compiler(10_000)],
        overrides: sizeLimitedOverrides,
      },
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
    localhost: { type: "http", chainType: "l1", url: "http://127.0.0.1:8545" },
  },
});
