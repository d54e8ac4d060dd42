import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { withdrawOpen } from "../../src/orbit/index.js";
import { checkOrbitChain } from "../../src/orbit/index.js";
import { readDeployment } from "../../src/orbit/network.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parsePositiveAmount, parseRecipient } from "../lib/parse.js";
import { checkRecord } from "./common.js";

interface Args {
  amount: string;
  to: string;
  json: boolean;
}

/**
 * `orbit withdraw --network orbit`: ArbSys.withdrawEth; keep the printed message for `orbit claim`. The value goes to
 * the ArbSys precompile's address: on a chain that is not the Orbit chain there is nothing there and the amount is
 * lost, so the connected chain is checked first (its Orbit record, ArbSys answering with its chain id, OPEN as the
 * native token) and nothing is sent unless it passes.
 */
export default async function orbitWithdraw(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const amount = parsePositiveAmount("amount", args.amount);
    const to = parseRecipient("to", args.to);
    const connection = await hre.network.getOrCreate();
    const provider = connection.ethers.provider;
    const chainId = Number((await provider.getNetwork()).chainId);
    let record;
    try {
      record = readDeployment(chainId);
    } catch {
      throw new TaskError(
        `chain ${chainId} (network ${connection.networkName}) is not a known Orbit chain (no ` +
          `deployments/orbit-${chainId}.json): withdrawals start on the Orbit chain, run with --network orbit; ` +
          "nothing was sent",
      );
    }
    checkRecord(record, chainId);
    try {
      await checkOrbitChain(provider, record, record.network.nativeToken ?? "");
    } catch (error) {
      throw new TaskError(`${(error as Error).message}: not withdrawing on this chain, nothing was sent`);
    }
    const [signer] = await connection.ethers.getSigners();
    const { receipt, message } = await withdrawOpen(signer, record, to, amount);
    emit(args.json, { transactionHash: receipt.hash, message }, [
      `withdrawal of ${args.amount} OPEN to ${to} started (position ${message.position}, tx ${receipt.hash})`,
      "claim it on the parent chain with `orbit claim` once the assertion containing it is confirmed",
    ]);
  });
}
