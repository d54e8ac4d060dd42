import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { open } from "../lib/asset.js";
import { actorContext, chainNow } from "../lib/context.js";
import { runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseAddress } from "../lib/parse.js";
import { formatWhen } from "../lib/time.js";
import { OPERATOR_ROLES, ROLE_NAMES, stakingContract, stakingSlots } from "./common.js";
import { pendingRewards } from "../../src/protocol/index.js";

interface Args {
  address: string;
  account: number | string;
  json: boolean;
}

/** `stake show [--address A]`: what OpenStaking holds for an account. */
export default async function stakeShow(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const ctx = await actorContext(hre, args.account);
    const account = args.address === "" ? ctx.signer.address : parseAddress("address", args.address);
    const staking = await stakingContract(ctx);
    const activeStake = await staking.activeStake(account);
    const [unbonding, releaseTime] = await staking.unbonding(account);
    const role = Number(await staking.operatorRole(account));
    const delegatee = await staking.delegates(account);
    const votes = await staking.getVotes(account);
    const pending = await pendingRewards(stakingSlots(staking), account);
    const now = await chainNow(ctx.ethers);
    emit(
      args.json,
      {
        account,
        activeStake,
        unbonding,
        releaseTime,
        role: OPERATOR_ROLES[role],
        delegatee,
        votes,
        pendingRewards: pending,
      },
      [
        `${account}`,
        `  active stake ${open(activeStake)}; role ${ROLE_NAMES[role]}`,
        `  unbonding ${open(unbonding)}${unbonding > 0n ? `, withdrawable from ${formatWhen(releaseTime, now)}` : ""}`,
        `  delegates to ${delegatee}; holds ${open(votes)} of votes`,
        `  pending staker rewards ${open(pending)} (plus its share of fees not yet collected)`,
      ],
    );
  });
}
