import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { open } from "../lib/asset.js";
import { chainNow } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { formatWhen } from "../lib/time.js";
import {
  AbiBook,
  actionText,
  governorContract,
  identifyProposal,
  notReady,
  queueOrExecute,
  simulationFailure,
  stateOf,
} from "./common.js";
import { govContext } from "./signer.js";
import { simulateProposal } from "./simulate.js";

interface Args {
  file: string;
  id: string;
  fromBlock: number;
  account: number | string;
  privateKeyVar: string;
  calldata: boolean;
  json: boolean;
}

/**
 * `gov execute --file proposal.json | --id ID`: runs a queued proposal through the timelock once its delay has
 * passed. Native OPEN the actions send comes from the timelock's balance (decision 0434).
 */
export default async function govExecute(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const ctx = await govContext(hre, args);
    const governor = await governorContract(ctx);
    const proposal = await identifyProposal(new AbiBook(ctx), ctx, governor, args);
    const state = await stateOf(governor, proposal.id);
    const now = await chainNow(ctx.ethers);
    if (state !== "Queued") throw new TaskError(await notReady(governor, proposal.id, state, now, "execute"));
    const eta = await governor.proposalEta(proposal.id);
    if (now < eta) throw new TaskError(`proposal ${proposal.id} is executable from ${formatWhen(eta, now)}`);
    const sent = proposal.values.reduce((a, b) => a + b, 0n);
    const timelock = ctx.address("TimelockController");
    const held = await ctx.ethers.provider.getBalance(timelock);
    if (held < sent) {
      throw new TaskError(
        `the actions send ${open(sent)} but the timelock holds ${open(held)}: send it native OPEN first`,
      );
    }
    // The same simulation as `propose`: a revert is refused with its decoded reason before any gas is spent.
    const failure = simulationFailure(await simulateProposal(hre, ctx, proposal), proposal.actions);
    if (failure !== undefined) throw new TaskError(failure);
    const receipt = await queueOrExecute(governor, "execute", proposal, args.calldata);
    if (receipt === undefined) return;
    emit(args.json, { id: proposal.id, transactions: [receipt.hash] }, [
      `proposal ${proposal.id} executed:`,
      ...proposal.actions.map((a, i) => `  ${i + 1}. ${actionText(a)}`),
      `  tx ${receipt.hash}`,
    ]);
  });
}
