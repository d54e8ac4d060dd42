import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { open } from "../lib/asset.js";
import { actorContext, errorDecoders, eventsIn, mined } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { ORACLE_DECODERS } from "./common.js";

interface Args {
  account: number | string;
  json: boolean;
}

/**
 * `oracle withdraw`: transfers what the AttributionOracle credited the account, in WOPEN: a disputer's bond and reward
 * after an upheld dispute, an equivocation reporter's reward.
 */
export default async function oracleWithdraw(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    async () => {
      const context = await actorContext(hre, args.account);
      const oracle = await context.ethers.getContractAt(
        "AttributionOracle",
        context.address("AttributionOracle"),
        context.signer,
      );
      const account = context.signer.address;
      const credited = await oracle.withdrawable(account);
      if (credited === 0n) {
        throw new TaskError(
          `${account} has nothing to withdraw from the AttributionOracle (it credits upheld disputes and ` +
            "equivocation reports)",
        );
      }
      const receipt = await mined(oracle.withdraw());
      const [event] = eventsIn(receipt, oracle, "Withdrawn");
      const amount = event.args.amount as bigint;
      emit(args.json, { account, amount, transactionHash: receipt.hash }, [
        `withdrew ${open(amount)} (WOPEN) credited by the AttributionOracle to ${account}`,
        `  tx ${receipt.hash}`,
      ]);
    },
    await errorDecoders(hre, ORACLE_DECODERS),
  );
}
