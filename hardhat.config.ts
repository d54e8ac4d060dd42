import { createRequire } from "node:module";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

/** Exact compiler version; `solc` in package.json is pinned to the same version. */
export const SOLC_VERSION = "0.8.30";

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
        compilers: [
          {
            version: SOLC_VERSION,
            // The compiler comes from the npm `solc` package: nothing is downloaded.
            path: require.resolve("solc/soljson.js"),
            settings: {
              evmVersion: "cancun",
              optimizer: { enabled: true, runs: 10_000 },
              outputSelection: { "*": { "*": ["storageLayout"] } },
            },
          },
        ],
        overrides: {
          // Fewer optimizer runs keep AttributionOracle under the 24,576-byte code size limit (EIP-170).
          "contracts/AttributionOracle.sol": {
            version: SOLC_VERSION,
            path: require.resolve("solc/soljson.js"),
            settings: {
              evmVersion: "cancun",
              optimizer: { enabled: true, runs: 1_000 },
              outputSelection: { "*": { "*": ["storageLayout"] } },
            },
          },
        },
      },
      production: {
        version: SOLC_VERSION,
        path: require.resolve("solc/soljson.js"),
        settings: {
          evmVersion: "cancun",
          optimizer: { enabled: true, runs: 10_000 },
          outputSelection: { "*": { "*": ["storageLayout"] } },
        },
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
