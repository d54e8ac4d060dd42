/**
 * What binds an oracle's state to the chain it reads (decision 0480): the chain id, the genesis block's hash, the
 * AttributionOracle's address and the hash of the block its code first appears in. Addresses and a chain id alone do
 * not tell a chain apart from a reset one (a local node restarted, a redeployment at the same addresses): those hashes
 * do. The node records the binding in its state directory when it first runs, refuses to start on a state directory
 * bound to another chain, and checks the two hashes again at every pass: a running node whose chain was replaced
 * stops with ChainMismatchError instead of acting on state from another chain.
 */
import { getAddress, type Provider } from "ethers";

import type { ChainBinding } from "./state.js";

/** The chain the node reads is not the one its state was built on (or has no deployment at the recorded address). */
export class ChainMismatchError extends Error {
  override name = "ChainMismatchError";
}

async function hasCode(provider: Provider, address: string, block: number): Promise<boolean> {
  return (await provider.getCode(address, block)) !== "0x";
}

/**
 * The first block at or after `fromBlock` whose state has code at `address`: a binary search over historical state
 * (~log2(head) calls). A node that keeps no old state (a pruned full node) refuses those reads: then the block of the
 * first log the contract emitted (the proxy's `Upgraded`/`Initialized` at its deployment), scanned in chunks of
 * `chunkSize` blocks from `fromBlock`. ChainMismatchError when there is no code at the head.
 */
export async function deploymentBlockOf(
  provider: Provider,
  address: string,
  fromBlock: number,
  chunkSize = 10_000,
): Promise<number> {
  const head = await provider.getBlockNumber();
  if (!(await hasCode(provider, address, head))) {
    throw new ChainMismatchError(
      `no contract at the AttributionOracle address ${address} on this chain: the deployment record is not for this ` +
        "chain (a restarted local node? run `protocol deploy` again)",
    );
  }
  const start = Math.max(0, Math.min(fromBlock, head));
  try {
    let lo = start;
    let hi = head;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (await hasCode(provider, address, mid)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  } catch {
    for (let from = start; from <= head; from += chunkSize) {
      const logs = await provider.getLogs({ address, fromBlock: from, toBlock: Math.min(head, from + chunkSize - 1) });
      if (logs.length > 0) return Math.min(...logs.map((log) => log.blockNumber));
    }
    throw new ChainMismatchError(
      `the AttributionOracle at ${address} emitted no event since block ${start} and this node keeps no old state: ` +
        "cannot tell which deployment it is (pass the deployment's start block)",
    );
  }
}

async function hashOf(provider: Provider, block: number): Promise<string | null> {
  return (await provider.getBlock(block))?.hash?.toLowerCase() ?? null;
}

/** Reads the binding of the chain `provider` is connected to, for the AttributionOracle at `oracle`. */
export async function readChainBinding(provider: Provider, oracle: string, fromBlock: number): Promise<ChainBinding> {
  const { chainId } = await provider.getNetwork();
  const deploymentBlock = await deploymentBlockOf(provider, oracle, fromBlock);
  const [genesisHash, deploymentBlockHash] = await Promise.all([
    hashOf(provider, 0),
    hashOf(provider, deploymentBlock),
  ]);
  if (genesisHash === null || deploymentBlockHash === null)
    throw new ChainMismatchError("the chain returned no block 0");
  return { chainId, genesisHash, attributionOracle: getAddress(oracle), deploymentBlock, deploymentBlockHash };
}

/** What differs between two bindings, in words; undefined when they match. */
export function bindingDifference(recorded: ChainBinding, actual: ChainBinding): string | undefined {
  if (recorded.chainId !== actual.chainId) return `chain id ${actual.chainId}, not ${recorded.chainId}`;
  if (recorded.genesisHash !== actual.genesisHash) {
    return `genesis block ${actual.genesisHash}, not ${recorded.genesisHash} (the chain was reset)`;
  }
  if (getAddress(recorded.attributionOracle) !== getAddress(actual.attributionOracle)) {
    return `AttributionOracle ${actual.attributionOracle}, not ${recorded.attributionOracle}`;
  }
  if (
    recorded.deploymentBlock !== actual.deploymentBlock ||
    recorded.deploymentBlockHash !== actual.deploymentBlockHash
  ) {
    return (
      `the AttributionOracle was deployed in block ${actual.deploymentBlock} (${actual.deploymentBlockHash}), not in ` +
      `block ${recorded.deploymentBlock} (${recorded.deploymentBlockHash}): another deployment at the same address`
    );
  }
  return undefined;
}

/**
 * Checks that the chain still has the recorded genesis and deployment block (two block reads): ChainMismatchError,
 * naming what changed, when it does not.
 */
export async function checkChainBinding(provider: Provider, binding: ChainBinding): Promise<void> {
  const [genesisHash, deploymentBlockHash] = await Promise.all([
    hashOf(provider, 0),
    hashOf(provider, binding.deploymentBlock),
  ]);
  let what: string | undefined;
  if (genesisHash !== binding.genesisHash) what = `its genesis block is now ${genesisHash} (the chain was reset)`;
  else if (deploymentBlockHash !== binding.deploymentBlockHash) {
    what =
      deploymentBlockHash === null
        ? `block ${binding.deploymentBlock}, where the AttributionOracle was deployed, is gone (the chain was reset)`
        : `block ${binding.deploymentBlock}, where the AttributionOracle was deployed, is now ${deploymentBlockHash} ` +
          "(the chain was reset or reorganized below the deployment)";
  }
  if (what !== undefined) {
    throw new ChainMismatchError(
      `the chain changed under the node: ${what}; its state belongs to the previous deployment. Stopping: check the ` +
        "deployment record, then start again with an empty --state directory",
    );
  }
}
