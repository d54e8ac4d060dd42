import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { open } from "../lib/asset.js";
import { actorContext, mined } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseAddress } from "../lib/parse.js";
import { stakingContract } from "./common.js";

interface Args {
  to: string;
  account: number | string;
  json: boolean;
}

/** `stake delegate [--to ADDRESS]`: the account's active stake counts as votes of `to` (itself by default). */
export default async function stakeDelegate(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const ctx = await actorContext(hre, args);
    const account = ctx.signer.address;
    const to = args.to === "" ? account : parseAddress("to", args.to);
    const staking = await stakingContract(ctx);
    const current = await staking.delegates(account);
    if (current === to) throw new TaskError(`${account} already delegates to ${to === account ? "itself" : to}`);
    const receipt = await mined(staking.delegate(to));
    const votes = await staking.getVotes(to);
    const activeStake = await staking.activeStake(account);
    emit(args.json, { account, delegatee: to, previous: current, activeStake, votes, transactions: [receipt.hash] }, [
      `${account} delegates its ${open(activeStake)} of active stake to ${to === account ? "itself" : to}; ` +
        `${to} now has ${open(votes)} of votes`,
      `  tx ${receipt.hash}`,
    ]);
  });
}
