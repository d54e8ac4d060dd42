/**
 * Compiled Arbitrum contracts, read from the artifacts that ship in the npm packages
 * `@arbitrum/nitro-contracts` (3.2.0) and `@offchainlabs/upgrade-executor` (1.1.1). Nothing here is compiled by this
 * project: the parent-chain rollup stack is deployed from the exact bytecode Offchain Labs publishes.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

export interface Artifact {
  contractName: string;
  abi: readonly unknown[];
  bytecode: string;
}

let nitroRoot: string | undefined;
let upgradeExecutorRoot: string | undefined;

function packageRoot(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

function readArtifact(file: string): Artifact {
  const json = JSON.parse(readFileSync(file, "utf8")) as {
    contractName?: string;
    abi: unknown[];
    bytecode: string | { object: string };
  };
  const bytecode = typeof json.bytecode === "string" ? json.bytecode : json.bytecode.object;
  return { contractName: json.contractName ?? path.basename(file, ".json"), abi: json.abi, bytecode };
}

/**
 * A nitro-contracts artifact by its source path under `src/`, e.g. `nitroArtifact("bridge/ERC20Inbox")` reads
 * `build/contracts/src/bridge/ERC20Inbox.sol/ERC20Inbox.json`. `contract` defaults to the file name.
 */
export function nitroArtifact(sourcePath: string, contract?: string): Artifact {
  nitroRoot ??= packageRoot("@arbitrum/nitro-contracts");
  const name = contract ?? path.basename(sourcePath);
  return readArtifact(path.join(nitroRoot, "build/contracts/src", `${sourcePath}.sol`, `${name}.json`));
}

/** An OpenZeppelin 4.7 artifact compiled inside nitro-contracts (ProxyAdmin, TransparentUpgradeableProxy). */
export function nitroOzArtifact(sourcePath: string, contract?: string): Artifact {
  nitroRoot ??= packageRoot("@arbitrum/nitro-contracts");
  const name = contract ?? path.basename(sourcePath);
  return readArtifact(
    path.join(nitroRoot, "build/contracts/@openzeppelin/contracts", `${sourcePath}.sol`, `${name}.json`),
  );
}

/** Reader4844, hand-written Yul that SequencerInbox needs on a parent chain that is not itself Arbitrum. */
export function reader4844Artifact(): Artifact {
  nitroRoot ??= packageRoot("@arbitrum/nitro-contracts");
  const artifact = readArtifact(path.join(nitroRoot, "out/yul/Reader4844.yul/Reader4844.json"));
  return { ...artifact, contractName: "Reader4844", abi: [] };
}

/** UpgradeExecutor from @offchainlabs/upgrade-executor. */
export function upgradeExecutorArtifact(): Artifact {
  upgradeExecutorRoot ??= packageRoot("@offchainlabs/upgrade-executor");
  return readArtifact(path.join(upgradeExecutorRoot, "build/contracts/src/UpgradeExecutor.sol/UpgradeExecutor.json"));
}
