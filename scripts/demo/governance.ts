/**
 * A governance decision the way it really happens: a staker with enough delegated votes proposes to the
 * OpenGovernor, votes once voting opens, the proposal is queued in the TimelockController and executed by anyone
 * after the delay; the timelock, which holds every admin role and RESOLVER_ROLE, makes the call.
 */
import type { ContractTransactionReceipt } from "ethers";

import { send, when, type DemoContext } from "./context.js";
import type { Deployment } from "./deploy.js";

export const VoteFor = 1;

export interface Proposal {
  targets: string[];
  values: bigint[];
  calldatas: string[];
  description: string;
}

export interface Enacted {
  proposalId: bigint;
  description: string;
  proposedAt: bigint;
  executedAt: bigint;
  votesFor: bigint;
  receipt: ContractTransactionReceipt;
}

/** Proposes, votes (vera), queues and executes `proposal`, advancing time past each delay. */
export async function enact(ctx: DemoContext, d: Deployment, proposal: Proposal): Promise<Enacted> {
  const { governor } = d.p;
  const { time } = ctx.chain.networkHelpers;
  const voter = ctx.people.get("vera");
  const descriptionHash = ctx.chain.ethers.id(proposal.description);
  const args = [proposal.targets, proposal.values, proposal.calldatas] as const;
  const proposalId = await governor.hashProposal(...args, descriptionHash);
  await send(governor.connect(voter).propose(...args, proposal.description));
  const proposedAt = BigInt(await time.latest());
  await time.increaseTo((await governor.proposalSnapshot(proposalId)) + 1n);
  await send(governor.connect(voter).castVote(proposalId, VoteFor));
  const { forVotes } = await governor.proposalVotes(proposalId);
  await time.increaseTo((await governor.proposalDeadline(proposalId)) + 1n);
  await send(governor.connect(voter).queue(...args, descriptionHash));
  const eta = await governor.proposalEta(proposalId);
  await time.increaseTo(eta);
  const receipt = await send(governor.connect(ctx.people.get("relayer")).execute(...args, descriptionHash));
  const executedAt = BigInt(await time.latest());
  ctx.say(
    `    proposal by vera ${when(proposedAt)}, ${ctx.chain.ethers.formatEther(forVotes)} votes for, queued in the ` +
      `timelock, executed ${when(executedAt)} UTC`,
  );
  return { proposalId, description: proposal.description, proposedAt, executedAt, votesFor: forVotes, receipt };
}
