/** Shared by the `rewards` tasks: the distributor, the live-root check and what an account can claim. */
import { ZeroHash } from "ethers";

import type { ActorContext } from "../lib/context.js";
import { TaskError } from "../lib/errors.js";
import { rootOf, type ProofEntry } from "./proofs.js";
import { protocolContract } from "../lib/contracts.js";

export async function distributorContract(ctx: ActorContext) {
  return protocolContract("RewardDistributor", ctx.address("RewardDistributor"), ctx.signer);
}

export type Distributor = Awaited<ReturnType<typeof distributorContract>>;

/** The distributor's live root and its epoch; a TaskError while no epoch has been finalized. */
export async function liveRoot(distributor: Distributor): Promise<{ root: string; epoch: bigint }> {
  const root = await distributor.merkleRoot();
  if (root === ZeroHash) throw new TaskError("no attribution root is live yet: no epoch has been finalized");
  return { root, epoch: await distributor.rootEpoch() };
}

/** Checks that `entry`'s proof leads to the live root; `source` names the file in the error. */
export function checkRoot(entry: ProofEntry, live: { root: string; epoch: bigint }, source: string): void {
  const root = rootOf(entry.account, entry.amount, entry.proof);
  if (root !== live.root) {
    throw new TaskError(
      `the proof of ${entry.account} in ${source} leads to root ${root}, not the distributor's live root ` +
        `${live.root} (epoch ${live.epoch}): use the proofs of epoch ${live.epoch}`,
    );
  }
}

/** Cumulative amount, claimed so far and claimable now of a checked entry. */
export async function claimState(distributor: Distributor, entry: ProofEntry) {
  const claimed = await distributor.claimed(entry.account);
  return { cumulative: entry.amount, claimed, claimable: entry.amount > claimed ? entry.amount - claimed : 0n };
}

export async function checkNotPaused(distributor: Distributor): Promise<void> {
  if (await distributor.paused()) throw new TaskError("claims are paused by the guardian");
}
