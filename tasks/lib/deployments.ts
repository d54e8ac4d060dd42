import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

import { addressBook } from "../../src/protocol/index.js";
import { TaskError } from "./errors.js";
import { toJson } from "./output.js";

/** What `protocol deploy` records for a chain, in deployments/<chainId>.json. */
export interface Deployment {
  chainId: string;
  network: string;
  deployedAt: string;
  /**
   * The latest block when the deployment began (absent in records written before it was kept). Every event of the
   * protocol's users comes after it, so event scans start here instead of at block 0.
   */
  startBlock?: number;
  asset: string;
  contracts: Record<string, string>;
  parameters: Record<string, unknown>;
}

/** Where deployment records live: deployments/ unless OPENLEDGER_DEPLOYMENTS_DIR says otherwise (tests use it). */
export function deploymentsRoot(): string {
  return process.env.OPENLEDGER_DEPLOYMENTS_DIR ?? "deployments";
}

export function deploymentFile(chainId: bigint | string, root = deploymentsRoot()): string {
  return path.join(root, `${chainId.toString()}.json`);
}

/**
 * The deployment of chain `chainId`, from the first of:
 * 1. `<root>/<chainId>.json` (root: `root`, else OPENLEDGER_DEPLOYMENTS_DIR, else ./deployments): a deployment made
 *    with `protocol deploy`, or a file the user points to;
 * 2. the packaged address book (`@openledger/contracts/deployments/<chainId>.json`, compiled into the kernel as
 *    src/protocol/addresses.ts), unless a deployments directory was named: a project that installed the plugin needs
 *    no file for a chain the protocol is deployed on.
 */
export async function readDeployment(chainId: bigint | string, root?: string): Promise<Deployment> {
  const named = root ?? process.env.OPENLEDGER_DEPLOYMENTS_DIR;
  const file = deploymentFile(chainId, named ?? "deployments");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    const packaged = named === undefined ? addressBook[chainId.toString()] : undefined;
    if (packaged !== undefined) {
      return { deployedAt: "(packaged address book)", ...packaged, chainId: chainId.toString() } as Deployment;
    }
    throw new TaskError(
      `no deployment for chain ${chainId}: ${file} is missing` +
        (named === undefined ? " and the packaged address book has no such chain" : "") +
        " (run `protocol deploy` first, or set OPENLEDGER_DEPLOYMENTS_DIR to the directory of <chainId>.json)",
    );
  }
  try {
    return JSON.parse(text) as Deployment;
  } catch {
    throw new TaskError(`${file} is not valid JSON`);
  }
}

/** Writes atomically: a temporary file renamed into place, so readers never see half a file. */
export async function writeDeployment(deployment: Deployment, root = deploymentsRoot()): Promise<string> {
  const file = deploymentFile(deployment.chainId, root);
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${toJson(deployment)}\n`);
  await rename(temporary, file);
  return file;
}

/** First block an event scan of this deployment needs: its start block, or 0 for older records. */
export function scanStart(deployment: Deployment): number {
  return deployment.startBlock ?? 0;
}

export function contractAddress(deployment: Deployment, name: string): string {
  const address = deployment.contracts[name];
  if (address === undefined) throw new TaskError(`deployment of chain ${deployment.chainId} has no ${name}`);
  return address;
}
