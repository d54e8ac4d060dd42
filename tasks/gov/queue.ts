import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { chainNow } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { formatWhen } from "../lib/time.js";
import { AbiBook, governorContract, identifyProposal, notReady, queueOrExecute, stateOf } from "./common.js";
import { govContext } from "./signer.js";

interface Args {
  file: string;
  id: string;
  fromBlock: number;
  account: number | string;
  privateKeyVar: string;
  calldata: boolean;
  json: boolean;
}

/** `gov queue --file proposal.json | --id ID`: schedules a succeeded proposal in the timelock. */
export default async function govQueue(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const ctx = await govContext(hre, args);
    const governor = await governorContract(ctx);
    const proposal = await identifyProposal(new AbiBook(ctx), ctx, governor, args);
    const state = await stateOf(governor, proposal.id);
    const now = await chainNow(ctx.ethers);
    if (state !== "Succeeded") throw new TaskError(await notReady(governor, proposal.id, state, now, "queue"));
    const receipt = await queueOrExecute(governor, "queue", proposal, args.calldata);
    if (receipt === undefined) return;
    const eta = await governor.proposalEta(proposal.id);
    emit(args.json, { id: proposal.id, eta, transactions: [receipt.hash] }, [
      `proposal ${proposal.id} queued in the timelock; executable from ${formatWhen(eta, await chainNow(ctx.ethers))}`,
      `  tx ${receipt.hash}`,
    ]);
  });
}
