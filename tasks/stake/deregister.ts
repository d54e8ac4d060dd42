import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { actorContext, mined } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { OPERATOR_ROLES, ROLE_NAMES, stakingContract } from "./common.js";

interface Args {
  account: number | string;
  json: boolean;
}

/** `stake deregister`: leaves the operator role; the stake stays staked (and slashable) until unstaked. */
export default async function stakeDeregister(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const ctx = await actorContext(hre, args);
    const staking = await stakingContract(ctx);
    const account = ctx.signer.address;
    const role = Number(await staking.operatorRole(account));
    if (role === 0) throw new TaskError(`${account} is not a registered operator`);
    const receipt = await mined(staking.deregisterOperator());
    emit(args.json, { account, role: OPERATOR_ROLES[role], transactions: [receipt.hash] }, [
      `${account} left the ${ROLE_NAMES[role]} role; its stake stays staked until \`stake unstake\``,
      `  tx ${receipt.hash}`,
    ]);
  });
}
