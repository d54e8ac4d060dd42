/**
 * The indexer's settings, from the environment (the `npm run indexer` wrapper, bin/indexer.ts, sets them from its
 * command line): which chain, which RPC endpoint, which deployment record, where content lives.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { INDEXED_CONTRACTS, type IndexedContract } from "./contracts";

const indexerRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repositoryRoot = path.resolve(indexerRoot, "..");

/** What `protocol deploy` writes to deployments/<chainId>.json (the fields the indexer reads). */
export interface DeploymentRecord {
  chainId: string;
  startBlock?: number;
  contracts: Record<string, string>;
}

export interface Settings {
  chainId: number;
  rpcUrl: string;
  deploymentFile: string;
  deployment: DeploymentRecord;
  /** First block to index: the deployment's start block (decision 0454), 0 for records without one. */
  startBlock: number;
  pollingIntervalMs: number;
  /**
   * How many times the RPC URL is given to Ponder. Ponder limits each URL to 20 requests per second at first and
   * raises the limit by 5% at a time; a local node has no limit, so on loopback the URL is given several times
   * (decision 0502). OPENLEDGER_INDEXER_RPC_LANES overrides it.
   */
  rpcLanes: number;
  /** Directory of the local content store (local:// URIs). */
  contentDir: string;
  /** Base URL of an IPFS node's HTTP RPC API (ipfs:// URIs), if any. */
  ipfsApiUrl: string | undefined;
  /** How long a data document fetch may take. */
  fetchTimeoutMs: number;
  /**
   * Base interval, in blocks, of the retry of unreachable data documents (decision 0505): the ClaimsRetry block
   * handler runs every so many blocks; waits double after each failure up to 64 times this.
   */
  claimsRetryBlocks: number;
  /** PGlite directory when DATABASE_URL is unset. */
  pgliteDir: string;
}

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^[0-9]+$/.test(raw) || Number(raw) <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return Number(raw);
}

function isLoopback(url: string): boolean {
  try {
    return ["127.0.0.1", "localhost", "[::1]"].includes(new URL(url).hostname);
  } catch {
    throw new Error(`OPENLEDGER_INDEXER_RPC_URL is not a URL: ${url}`);
  }
}

export function loadSettings(): Settings {
  const chainId = positiveInteger("OPENLEDGER_INDEXER_CHAIN_ID", 31337);
  const deploymentsDir = path.resolve(
    repositoryRoot,
    process.env.OPENLEDGER_DEPLOYMENTS_DIR ?? path.join(repositoryRoot, "deployments"),
  );
  const deploymentFile = path.join(deploymentsDir, `${chainId}.json`);
  if (!existsSync(deploymentFile)) {
    throw new Error(`no deployment for chain ${chainId}: ${deploymentFile} is missing (run \`protocol deploy\` first)`);
  }
  let deployment: DeploymentRecord;
  try {
    deployment = JSON.parse(readFileSync(deploymentFile, "utf8")) as DeploymentRecord;
  } catch {
    throw new Error(`${deploymentFile} is not valid JSON`);
  }
  const rpcUrl = process.env.OPENLEDGER_INDEXER_RPC_URL ?? "http://127.0.0.1:8545";
  for (const name of Object.keys(INDEXED_CONTRACTS) as IndexedContract[]) {
    if (!/^0x[0-9a-fA-F]{40}$/.test(deployment.contracts?.[name] ?? "")) {
      throw new Error(`${deploymentFile} has no address for ${name}`);
    }
  }
  return {
    chainId,
    rpcUrl,
    deploymentFile,
    deployment,
    startBlock: deployment.startBlock ?? 0,
    pollingIntervalMs: positiveInteger("OPENLEDGER_INDEXER_POLL_MS", 1000),
    rpcLanes: positiveInteger("OPENLEDGER_INDEXER_RPC_LANES", isLoopback(rpcUrl) ? 16 : 1),
    contentDir: path.resolve(repositoryRoot, process.env.OPENLEDGER_CONTENT_DIR ?? ".openledger/content"),
    ipfsApiUrl: process.env.OPENLEDGER_IPFS_API_URL || undefined,
    fetchTimeoutMs: positiveInteger("OPENLEDGER_INDEXER_FETCH_TIMEOUT_MS", 10_000),
    claimsRetryBlocks: positiveInteger("OPENLEDGER_INDEXER_CLAIMS_RETRY_BLOCKS", 10),
    pgliteDir: path.resolve(indexerRoot, process.env.OPENLEDGER_INDEXER_PGLITE_DIR ?? ".ponder/pglite"),
  };
}
