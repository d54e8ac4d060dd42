import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { withdrawOpen } from "../../src/orbit/bridge.js";
import { runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parsePositiveAmount, parseRecipient } from "../lib/parse.js";

interface Args {
  amount: string;
  to: string;
  json: boolean;
}

/** `orbit withdraw --network orbit`: ArbSys.withdrawEth; keep the printed message for `orbit claim`. */
export default async function orbitWithdraw(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const amount = parsePositiveAmount("amount", args.amount);
    const to = parseRecipient("to", args.to);
    const connection = await hre.network.getOrCreate();
    const [signer] = await connection.ethers.getSigners();
    const { receipt, message } = await withdrawOpen(signer, to, amount);
    emit(args.json, { transactionHash: receipt.hash, message }, [
      `withdrawal of ${args.amount} OPEN to ${to} started (position ${message.position}, tx ${receipt.hash})`,
      "claim it on the parent chain with `orbit claim` once the assertion containing it is confirmed",
    ]);
  });
}
