import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { open } from "../lib/asset.js";
import { actorContext, eventsIn, mined } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { stakingContract, stakingSlots } from "./common.js";
import { pendingRewards } from "../../src/protocol/index.js";
import { protocolContract } from "../lib/contracts.js";

interface Args {
  account: number | string;
  json: boolean;
}

/** `stake rewards`: collects the staker fees accrued at InferencePayments, then pays the account its rewards. */
export default async function stakeRewards(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const ctx = await actorContext(hre, args);
    const staking = await stakingContract(ctx);
    const payments = protocolContract("InferencePayments", ctx.address("InferencePayments"), ctx.ethers.provider);
    const account = ctx.signer.address;
    const pending = await pendingRewards(stakingSlots(staking), account);
    const active = await staking.activeStake(account);
    // Fees still at the source reach the account only if it has active stake when they are collected.
    const atSource = active > 0n ? await payments.stakerAccrued() : 0n;
    if (pending === 0n && atSource === 0n) throw new TaskError(`${account} has no staker rewards to claim`);
    const receipt = await mined(staking.claimRewards());
    const [event] = eventsIn(receipt, staking, "RewardsClaimed");
    const amount = event === undefined ? 0n : (event.args.amount as bigint);
    emit(args.json, { account, amount, transactions: [receipt.hash] }, [
      `claimed ${open(amount)} of staker rewards to ${account}`,
      `  tx ${receipt.hash}`,
    ]);
  });
}
