import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { open } from "../lib/asset.js";
import { actorContext, chainNow, eventsIn, mined } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { formatWhen } from "../lib/time.js";
import { stakingContract } from "./common.js";

interface Args {
  account: number | string;
  json: boolean;
}

/** `stake withdraw`: transfers the whole unbonding bucket to the account once its cooldown has ended. */
export default async function stakeWithdraw(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const ctx = await actorContext(hre, args);
    const staking = await stakingContract(ctx);
    const account = ctx.signer.address;
    const [unbonding, releaseTime] = await staking.unbonding(account);
    if (unbonding === 0n) throw new TaskError(`${account} has nothing unbonding (request with \`stake unstake\`)`);
    const now = await chainNow(ctx.ethers);
    if (now < releaseTime) {
      throw new TaskError(`${open(unbonding)} unbonding, withdrawable from ${formatWhen(releaseTime, now)}`);
    }
    const receipt = await mined(staking.withdraw());
    const [event] = eventsIn(receipt, staking, "Withdrawn");
    const amount = event.args.amount as bigint;
    emit(args.json, { account, amount, transactions: [receipt.hash] }, [
      `withdrew ${open(amount)} of unbonded stake to ${account}`,
      `  tx ${receipt.hash}`,
    ]);
  });
}
