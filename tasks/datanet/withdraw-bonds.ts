import { formatUnits } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { mined, actorContext } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseAddress } from "../lib/parse.js";

interface Args {
  for: string;
  account: number | string;
  json: boolean;
}

/**
 * `datanet withdraw-bonds`: pays out the bonds credited to the signer (returned bonds of accepted or refunded
 * contributions, rejected bonds kept by a Datanet owner), or to `--for` (anyone may trigger it, e.g. for the
 * treasury); the WOPEN goes to the credited account.
 */
export default async function datanetWithdrawBonds(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const context = await actorContext(hre, args);
    const account = args.for === "" ? context.signer.address : parseAddress("for", args.for);
    const registry = await context.datanetRegistry();
    const amount = await registry.withdrawableBonds(account);
    if (amount === 0n) throw new TaskError(`${account} has no bond to withdraw`);
    const receipt = await mined(
      account === context.signer.address ? registry.withdrawBonds() : registry.withdrawBondsFor(account),
    );
    emit(args.json, { account, amount, transactionHash: receipt.hash }, [
      `withdrew ${formatUnits(amount)} WOPEN of bonds to ${account} (tx ${receipt.hash})`,
    ]);
  });
}
