import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { createRetryable, depositOpen } from "../../src/orbit/bridge.js";
import { readDeployment } from "../../src/orbit/network.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { checkParentChain } from "./common.js";
import { parsePositiveAmount, parseRecipient } from "../lib/parse.js";

interface Args {
  chainId: number;
  amount: string;
  to: string;
  maxFeePerGas: string;
  json: boolean;
}

/** `orbit deposit --network <parent>`: OPEN to the caller's native balance, or to --to by retryable ticket. */
export default async function orbitDeposit(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    // Every input is checked before anything is read or sent.
    const amount = parsePositiveAmount("amount", args.amount);
    const to = args.to === "" ? undefined : parseRecipient("to", args.to);
    // The retryable's gas bid, in gwei: it must cover the Orbit chain's L2 base fee or the ticket is not auto-redeemed.
    const maxFeePerGas = parsePositiveAmount("max-fee-per-gas", args.maxFeePerGas, 9);
    let deployment;
    try {
      deployment = readDeployment(args.chainId);
    } catch (error) {
      throw new TaskError((error as Error).message);
    }
    const connection = await hre.network.getOrCreate();
    await checkParentChain(connection.ethers.provider, deployment, "deposit");
    const [signer] = await connection.ethers.getSigners();
    if (to === undefined) {
      const { receipt, messageIndex } = await depositOpen(signer, deployment, amount);
      emit(args.json, { transactionHash: receipt.hash, messageIndex }, [
        `deposited ${args.amount} OPEN (message ${messageIndex}, tx ${receipt.hash})`,
      ]);
    } else {
      const { receipt, messageIndex, total } = await createRetryable(signer, deployment, {
        to,
        l2CallValue: amount,
        maxFeePerGas,
      });
      emit(args.json, { transactionHash: receipt.hash, messageIndex, total }, [
        `retryable to ${to}: ${args.amount} OPEN (message ${messageIndex}, tx ${receipt.hash})`,
      ]);
    }
  });
}
