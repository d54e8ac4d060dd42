/**
 * RewardDistributor: roots going live (with what they released), every claim, the entries of a claim batch that paid
 * nothing, each account's reward recipient.
 */
import { ponder } from "ponder:registry";
import { account, claim, claimSkip, epoch } from "ponder:schema";

import { RewardDistributorAbi } from "../../generated/abis";
import { ensureEpoch } from "../../lib/epochs";
import { lc, recordEvent, registerRest } from "../../lib/record";

const C = "RewardDistributor";

ponder.on("RewardDistributor:RootUpdated", async ({ event, context }) => {
  await recordEvent(C, "RootUpdated", event, context);
  await ensureEpoch(context, event.args.epoch);
  await context.db.update(epoch, { id: event.args.epoch }).set({ released: event.args.released });
});

ponder.on("RewardDistributor:Claimed", async ({ event, context }) => {
  await recordEvent(C, "Claimed", event, context);
  const a = event.args;
  await context.db.insert(claim).values({
    id: event.id,
    account: lc(a.account),
    to: lc(a.to),
    amount: a.amount,
    cumulativeAmount: a.cumulativeAmount,
    blockNumber: event.block.number,
  });
  await context.db
    .insert(account)
    .values({ address: lc(a.account), claimed: a.amount, claims: 1 })
    .onConflictDoUpdate((row) => ({ claimed: row.claimed + a.amount, claims: row.claims + 1 }));
});

ponder.on("RewardDistributor:RewardRecipientSet", async ({ event, context }) => {
  await recordEvent(C, "RewardRecipientSet", event, context);
  const a = event.args;
  // The zero address means "to the account itself".
  const recipient = BigInt(a.recipient) === 0n ? null : lc(a.recipient);
  await context.db
    .insert(account)
    .values({ address: lc(a.account), claimed: 0n, claims: 0, recipient })
    .onConflictDoUpdate({ recipient });
});

/** IRewardDistributor.ClaimSkipReason, by value. */
const CLAIM_SKIP_REASONS = ["nothing-to-claim", "invalid-proof", "exceeds-finalized"];

ponder.on("RewardDistributor:ClaimSkipped", async ({ event, context }) => {
  await recordEvent(C, "ClaimSkipped", event, context);
  const a = event.args;
  await context.db.insert(claimSkip).values({
    id: event.id,
    account: lc(a.account),
    index: a.index,
    reason: CLAIM_SKIP_REASONS[a.reason] ?? `reason ${a.reason}`,
    caller: lc(event.transaction.from),
    blockNumber: event.block.number,
    transactionHash: event.transaction.hash,
  });
});

registerRest(C, RewardDistributorAbi, ["RootUpdated", "Claimed", "RewardRecipientSet", "ClaimSkipped"]);
