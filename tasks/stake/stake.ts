import { ZeroAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { fundAndApprove, open, planAsset } from "../lib/asset.js";
import { actorContext, mined } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseAmount } from "../lib/parse.js";
import { stakingContract } from "./common.js";

interface Args {
  amount: string;
  wrap: boolean;
  account: number | string;
  json: boolean;
}

/** `stake stake --amount X [--wrap]`: approves the staking contract and stakes. */
export default async function stakeStake(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const amount = parseAmount("amount", args.amount);
    if (amount === 0n) throw new TaskError("--amount must be above 0");
    const ctx = await actorContext(hre, args);
    const staking = await stakingContract(ctx);
    const plan = await planAsset(ctx, amount, await staking.getAddress(), { purpose: "staking", wrap: args.wrap });
    const sent = await fundAndApprove(plan);
    const receipt = await mined(staking.stake(amount));
    sent.push(receipt.hash);
    const account = ctx.signer.address;
    const activeStake = await staking.activeStake(account);
    const delegatee = await staking.delegates(account);
    const lines = [`staked ${open(amount)}; active stake of ${account} is ${open(activeStake)}`];
    if (delegatee === ZeroAddress) {
      lines.push("  votes count once delegated: run `stake delegate` (to yourself by default)");
    }
    lines.push(`  tx ${receipt.hash}`);
    emit(args.json, { account, amount, activeStake, delegatee, transactions: sent }, lines);
  });
}
