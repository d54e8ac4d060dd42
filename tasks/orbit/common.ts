/**
 * Chain checks the orbit tasks make before sending anything (issue 19): a deposit or claim goes to the rollup's
 * contracts on the parent chain, so the connected chain must be the record's parent and its inbox must exist there.
 */
import type { Provider } from "ethers";

import { arbitrumNetworkOf } from "../../src/orbit/arbitrum-sdk.js";
import type { OrbitDeployment } from "../../src/orbit/network.js";
import { TaskError } from "../lib/errors.js";

export async function checkParentChain(provider: Provider, record: OrbitDeployment, what: string): Promise<void> {
  const chainId = Number((await provider.getNetwork()).chainId);
  const expected = record.network.parentChainId;
  if (chainId !== expected) {
    throw new TaskError(
      `connected to chain ${chainId}, but Orbit chain ${record.network.chainId}'s parent is chain ${expected}: ` +
        `run \`orbit ${what}\` with the parent chain's --network; nothing was sent`,
    );
  }
  const inbox = record.network.ethBridge.inbox;
  if ((await provider.getCode(inbox)) === "0x") {
    throw new TaskError(
      `no rollup inbox at ${inbox} on chain ${chainId}: deployments/orbit-${record.network.chainId}.json is not for ` +
        "this chain (a restarted local node?); nothing was sent",
    );
  }
}

/** The record's network as @arbitrum/sdk will take it (custom network, addresses, native token), or one line. */
export function checkRecord(record: OrbitDeployment, chainId: number): void {
  try {
    arbitrumNetworkOf(record);
  } catch (error) {
    throw new TaskError(`deployments/orbit-${chainId}.json: ${(error as Error).message}`);
  }
}
