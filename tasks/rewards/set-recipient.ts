import { ZeroAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { actorContext, mined } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseAddress } from "../lib/parse.js";
import { distributorContract } from "./common.js";

interface Args {
  to: string;
  account: number | string;
  json: boolean;
}

/**
 * `rewards set-recipient --to ADDR`: every later claim of the acting account's rewards, by anyone and by every claim
 * path, pays ADDR (decision 0262). `--to self` pays the account itself again. An account that can only sign uses
 * `rewards authorize` instead: the claim it authorizes makes `--to` its recipient the same way.
 */
export default async function rewardsSetRecipient(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    if (args.to === "") throw new TaskError("--to is required (an address, or `self`)");
    const ctx = await actorContext(hre, args);
    const account = ctx.signer.address;
    const recipient = args.to === "self" ? ZeroAddress : parseAddress("to", args.to);
    if (recipient === account) throw new TaskError("--to: use `self` to have rewards paid to the account itself");
    const distributor = await distributorContract(ctx);
    const current = await distributor.rewardRecipient(account);
    const wanted = recipient === ZeroAddress ? account : recipient;
    if (current === wanted) throw new TaskError(`${account}'s rewards are already paid to ${wanted}`);
    const receipt = await mined(distributor.setRewardRecipient(recipient));
    emit(args.json, { account, recipient: wanted, transactions: [receipt.hash] }, [
      `${account}'s rewards are now paid to ${wanted}, whoever claims them`,
      `  tx ${receipt.hash}`,
    ]);
  });
}
