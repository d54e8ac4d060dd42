import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { open } from "../lib/asset.js";
import { actorContext, eventsIn, mined } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { checkNotPaused, checkRoot, claimState, distributorContract, liveRoot } from "./common.js";
import { readProofsFile } from "./proofs.js";

interface Args {
  proofs: string;
  account: number | string;
  json: boolean;
}

/**
 * `rewards claim --proofs proofs/<epoch>.json`: the acting account claims the difference to what it claimed; it is
 * paid to the account's reward recipient (itself unless it ran `rewards set-recipient`).
 */
export default async function rewardsClaim(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const entries = await readProofsFile(args.proofs);
    const ctx = await actorContext(hre, args);
    const account = ctx.signer.address;
    const distributor = await distributorContract(ctx);
    const live = await liveRoot(distributor);
    const entry = entries.get(account);
    if (entry === undefined) throw new TaskError(`${account} has no entry in ${args.proofs}: nothing to claim`);
    checkRoot(entry, live, args.proofs);
    const state = await claimState(distributor, entry);
    if (state.claimable === 0n) {
      throw new TaskError(
        `${account} has nothing to claim: it already claimed ${open(state.claimed)} of ${open(state.cumulative)}`,
      );
    }
    await checkNotPaused(distributor);
    const receipt = await mined(distributor.claim(account, entry.amount, entry.proof));
    const [event] = eventsIn(receipt, distributor, "Claimed");
    const paid = event.args.amount as bigint;
    const to = event.args.to as string;
    const output = { account, to, paid, cumulative: entry.amount, epoch: live.epoch, transactions: [receipt.hash] };
    emit(args.json, output, [
      `claimed ${open(paid)} of ${account}'s attribution rewards to ${to} (${open(entry.amount)} claimed in all)`,
      `  tx ${receipt.hash}`,
    ]);
  });
}
