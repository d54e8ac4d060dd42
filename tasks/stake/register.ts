import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { open } from "../lib/asset.js";
import { actorContext, mined } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { OPERATOR_ROLES, ROLE_NAMES, stakingContract } from "./common.js";

interface Args {
  role: string;
  account: number | string;
  json: boolean;
}

/** `stake register --role oracle|compute`: registers the account for an operator role. */
export default async function stakeRegister(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const role = OPERATOR_ROLES.indexOf(args.role as (typeof OPERATOR_ROLES)[number]);
    if (role < 1) throw new TaskError(`--role must be oracle or compute, not "${args.role}"`);
    const ctx = await actorContext(hre, args);
    const staking = await stakingContract(ctx);
    const account = ctx.signer.address;
    const current = Number(await staking.operatorRole(account));
    if (current !== 0) throw new TaskError(`${account} is already registered as ${ROLE_NAMES[current]}`);
    const active = await staking.activeStake(account);
    const minimum = await staking.minOperatorStake(role);
    if (active < minimum) {
      throw new TaskError(
        `a ${ROLE_NAMES[role]} needs ${open(minimum)} of active stake; ${account} has ${open(active)} ` +
          "(stake more with `stake stake`)",
      );
    }
    const receipt = await mined(staking.registerOperator(role));
    emit(args.json, { account, role: args.role, activeStake: active, transactions: [receipt.hash] }, [
      `${account} registered as ${ROLE_NAMES[role]} with ${open(active)} of active stake`,
      `  tx ${receipt.hash}`,
    ]);
  });
}
