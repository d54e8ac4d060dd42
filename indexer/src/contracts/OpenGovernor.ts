/** OpenGovernor: proposals, their life cycle and votes. */
import { ponder } from "ponder:registry";
import { proposal, vote } from "ponder:schema";

import { OpenGovernorAbi } from "../../generated/abis";
import { lc, recordEvent, registerRest } from "../../lib/record";

const C = "OpenGovernor";
type Context = Parameters<Parameters<typeof ponder.on>[1]>[0]["context"];

ponder.on("OpenGovernor:ProposalCreated", async ({ event, context }) => {
  await recordEvent(C, "ProposalCreated", event, context);
  const a = event.args;
  await context.db.insert(proposal).values({
    id: a.proposalId,
    proposer: lc(a.proposer),
    description: a.description,
    targets: a.targets.map((t) => t.toLowerCase()),
    voteStart: a.voteStart,
    voteEnd: a.voteEnd,
    state: "pending",
    forVotes: 0n,
    againstVotes: 0n,
    abstainVotes: 0n,
    votes: 0,
  });
});

async function castVote(
  context: Context,
  a: { voter: string; proposalId: bigint; support: number; weight: bigint; reason: string },
) {
  await context.db.insert(vote).values({
    proposalId: a.proposalId,
    voter: lc(a.voter),
    support: a.support,
    weight: a.weight,
    reason: a.reason,
  });
  await context.db.update(proposal, { id: a.proposalId }).set((row) => ({
    votes: row.votes + 1,
    againstVotes: row.againstVotes + (a.support === 0 ? a.weight : 0n),
    forVotes: row.forVotes + (a.support === 1 ? a.weight : 0n),
    abstainVotes: row.abstainVotes + (a.support === 2 ? a.weight : 0n),
  }));
}

ponder.on("OpenGovernor:VoteCast", async ({ event, context }) => {
  await recordEvent(C, "VoteCast", event, context);
  await castVote(context, { ...event.args, support: Number(event.args.support) });
});

ponder.on("OpenGovernor:VoteCastWithParams", async ({ event, context }) => {
  await recordEvent(C, "VoteCastWithParams", event, context);
  await castVote(context, { ...event.args, support: Number(event.args.support) });
});

ponder.on("OpenGovernor:ProposalQueued", async ({ event, context }) => {
  await recordEvent(C, "ProposalQueued", event, context);
  await context.db.update(proposal, { id: event.args.proposalId }).set({ state: "queued", eta: event.args.etaSeconds });
});

ponder.on("OpenGovernor:ProposalExecuted", async ({ event, context }) => {
  await recordEvent(C, "ProposalExecuted", event, context);
  await context.db.update(proposal, { id: event.args.proposalId }).set({ state: "executed" });
});

ponder.on("OpenGovernor:ProposalCanceled", async ({ event, context }) => {
  await recordEvent(C, "ProposalCanceled", event, context);
  await context.db.update(proposal, { id: event.args.proposalId }).set({ state: "canceled" });
});

ponder.on("OpenGovernor:ProposalExtended", async ({ event, context }) => {
  await recordEvent(C, "ProposalExtended", event, context);
  await context.db.update(proposal, { id: event.args.proposalId }).set({ voteEnd: event.args.extendedDeadline });
});

registerRest(C, OpenGovernorAbi, [
  "ProposalCreated",
  "VoteCast",
  "VoteCastWithParams",
  "ProposalQueued",
  "ProposalExecuted",
  "ProposalCanceled",
  "ProposalExtended",
]);
