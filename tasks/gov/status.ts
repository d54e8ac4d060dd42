import { formatUnits } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { chainNow } from "../lib/context.js";
import { runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { formatWhen } from "../lib/time.js";
import {
  AbiBook,
  actionText,
  governorContract,
  identifyProposal,
  simulationFailure,
  simulationJson,
  stateOf,
  type ProposalStateName,
} from "./common.js";
import { govContext } from "./signer.js";
import { simulateProposal } from "./simulate.js";

/** States from which a proposal's actions may still be executed. */
const STILL_EXECUTABLE: readonly ProposalStateName[] = ["Pending", "Active", "Succeeded", "Queued"];

interface Args {
  file: string;
  id: string;
  fromBlock: number;
  json: boolean;
}

/**
 * `gov status --id ID | --file proposal.json`: state, votes, quorum, voting window and eta; for a proposal that can
 * still be executed, a warning when its actions, simulated from the timelock now, would revert.
 */
export default async function govStatus(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    // Reads only: no signer needed, so it runs on a network without configured accounts too.
    const ctx = await govContext(hre, { account: 0, privateKeyVar: "", calldata: true });
    const governor = await governorContract(ctx);
    const proposal = await identifyProposal(new AbiBook(ctx), ctx, governor, args);
    const id = proposal.id;
    const state = await stateOf(governor, id);
    const now = await chainNow(ctx.ethers);
    const snapshot = await governor.proposalSnapshot(id);
    const deadline = await governor.proposalDeadline(id);
    const eta = await governor.proposalEta(id);
    const [against, inFavour, abstain] = await governor.proposalVotes(id);
    // The quorum is fixed at the snapshot, which must be in the past to be read.
    const quorum = snapshot < now ? await governor.quorum(snapshot) : undefined;
    const lines = [
      `proposal ${id}: ${state}`,
      `  proposed by ${proposal.proposer}: ${proposal.description.split("\n")[0]}`,
      ...proposal.actions.map((a, i) => `  ${i + 1}. ${actionText(a)}`),
      `  votes: for ${formatUnits(inFavour)}, against ${formatUnits(against)}, abstain ${formatUnits(abstain)} OPEN` +
        (quorum === undefined ? "" : `; quorum ${formatUnits(quorum)} OPEN (for + abstain)`),
      `  voting opens   ${formatWhen(snapshot + 1n, now)}`,
      `  voting closes  ${formatWhen(deadline, now)}`,
    ];
    if (eta > 0n) lines.push(`  executable    ${formatWhen(eta, now)}`);
    // A proposal that can still execute is simulated on today's state: a queued one whose actions now revert
    // would waste its execution (decision 0520).
    const simulation = STILL_EXECUTABLE.includes(state) ? await simulateProposal(hre, ctx, proposal) : undefined;
    const failure = simulation === undefined ? undefined : simulationFailure(simulation, proposal.actions);
    if (failure !== undefined) lines.push(`  warning: ${failure}`);
    emit(
      args.json,
      {
        id,
        state,
        proposer: proposal.proposer,
        description: proposal.description,
        actions: proposal.actions.map((a) => ({
          contract: a.contract,
          target: a.target,
          function: a.signature,
          args: a.args,
          value: a.value,
        })),
        votes: { for: inFavour, against, abstain },
        quorum: quorum ?? null,
        snapshot,
        deadline,
        eta,
        now,
        simulation: simulation === undefined ? null : simulationJson(simulation),
        warning: failure ?? null,
      },
      lines,
    );
  });
}
