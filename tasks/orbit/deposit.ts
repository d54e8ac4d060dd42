import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { getRetryableTickets } from "../../src/orbit/arbitrum-sdk.js";
import { createRetryable, depositOpen } from "../../src/orbit/index.js";
import { readDeployment } from "../../src/orbit/network.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { checkParentChain, checkRecord } from "./common.js";
import { parsePositiveAmount, parseRecipient } from "../lib/parse.js";

interface Args {
  chainId: number;
  amount: string;
  to: string;
  maxFeePerGas: string;
  json: boolean;
}

/**
 * `orbit deposit --network <parent>`: OPEN to the caller's native balance through @arbitrum/sdk (`approveGasToken`
 * when the allowance is short, then `EthBridger.deposit`), or to --to by a retryable ticket (our own call: the SDK's
 * `depositTo` prices the ticket with the Orbit node's NodeInterface, which this task does not need).
 */
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
    checkRecord(deployment, args.chainId);
    const connection = await hre.network.getOrCreate();
    await checkParentChain(connection.ethers.provider, deployment, "deposit");
    const [signer] = await connection.ethers.getSigners();
    if (to === undefined) {
      const { receipt, messageIndex, deposit } = await depositOpen(signer, deployment, amount);
      emit(args.json, { transactionHash: receipt.hash, messageIndex, childTransactionHash: deposit.childTxHash }, [
        `deposited ${args.amount} OPEN (message ${messageIndex}, tx ${receipt.hash})`,
        `  child-chain deposit transaction: ${deposit.childTxHash}`,
      ]);
    } else {
      const { receipt, messageIndex, total } = await createRetryable(signer, deployment, {
        to,
        l2CallValue: amount,
        maxFeePerGas,
      });
      const [ticket] = await getRetryableTickets(connection.ethers.provider, deployment, receipt.hash);
      emit(
        args.json,
        { transactionHash: receipt.hash, messageIndex, total, retryableTicketId: ticket?.retryableCreationId },
        [
          `retryable to ${to}: ${args.amount} OPEN (message ${messageIndex}, tx ${receipt.hash})`,
          `  ticket id on the Orbit chain: ${ticket?.retryableCreationId}`,
        ],
      );
    }
  });
}
