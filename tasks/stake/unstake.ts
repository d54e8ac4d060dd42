import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { open } from "../lib/asset.js";
import { actorContext, chainNow, mined } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseAmount } from "../lib/parse.js";
import { formatWhen } from "../lib/time.js";
import { ROLE_NAMES, stakingContract } from "./common.js";

interface Args {
  amount: string;
  account: number | string;
  json: boolean;
}

/**
 * `stake unstake --amount X|all`: moves active stake into the unbonding bucket. The whole bucket is released one
 * cooldown after the latest request; it stops earning and voting at once and stays slashable until withdrawn.
 */
export default async function stakeUnstake(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const ctx = await actorContext(hre, args);
    const staking = await stakingContract(ctx);
    const account = ctx.signer.address;
    const active: bigint = await staking.activeStake(account);
    const amount = args.amount === "all" ? active : parseAmount("amount", args.amount);
    if (amount === 0n) {
      throw new TaskError(active === 0n ? `${account} has no active stake` : "--amount must be above 0");
    }
    if (amount > active) {
      throw new TaskError(`${account} has ${open(active)} active stake, less than the ${open(amount)} requested`);
    }
    const role = Number(await staking.operatorRole(account));
    if (role !== 0) {
      const minimum = await staking.minOperatorStake(role);
      if (active - amount < minimum) {
        throw new TaskError(
          `${account} is a registered ${ROLE_NAMES[role]}: unstaking ${open(amount)} would leave ` +
            `${open(active - amount)}, below its minimum of ${open(minimum)} (run \`stake deregister\` first)`,
        );
      }
    }
    const receipt = await mined(staking.requestUnstake(amount));
    const [unbonding, releaseTime] = await staking.unbonding(account);
    const now = await chainNow(ctx.ethers);
    emit(
      args.json,
      { account, amount, activeStake: active - amount, unbonding, releaseTime, transactions: [receipt.hash] },
      [
        `unstaking ${open(amount)}; ${open(unbonding)} unbonding, withdrawable from ${formatWhen(releaseTime, now)}`,
        `  tx ${receipt.hash}`,
      ],
    );
  });
}
