import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { open } from "../lib/asset.js";
import { actorContext, eventsIn, mined } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { protocolContract } from "../lib/contracts.js";

interface Args {
  account: number | string;
  json: boolean;
}

/**
 * `oracle withdraw`: transfers what AttributionDisputes (the court) credited the account, in WOPEN: a disputer's bond
 * and reward after an upheld dispute, its bond after a dispute nobody ruled in time, an equivocation reporter's reward.
 */
export default async function oracleWithdraw(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const context = await actorContext(hre, args);
    const court = protocolContract("AttributionDisputes", context.address("AttributionDisputes"), context.signer);
    const account = context.signer.address;
    const credited = await court.withdrawable(account);
    if (credited === 0n) {
      throw new TaskError(
        `${account} has nothing to withdraw from AttributionDisputes (it credits disputes upheld or not ruled in ` +
          "time, and equivocation reports)",
      );
    }
    const receipt = await mined(court.withdraw());
    const [event] = eventsIn(receipt, court, "Withdrawn");
    const amount = event.args.amount as bigint;
    emit(args.json, { account, amount, transactionHash: receipt.hash }, [
      `withdrew ${open(amount)} (WOPEN) credited by AttributionDisputes to ${account}`,
      `  tx ${receipt.hash}`,
    ]);
  });
}
