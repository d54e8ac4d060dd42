/**
 * AttributionDisputes (the court): disputes of accepted reports and how they ended (ruled by a resolver, or expired),
 * every oracle slash (an upheld dispute's signers, at once or page by page, and equivocations), deferred slashings and
 * their pages, withdrawals of the court's credits (bonds and disputer rewards). What the
 * epoch's report went through (frozen, confirmed, voided) comes from AttributionOracle's own events.
 */
import { ponder } from "ponder:registry";
import { dispute, epoch, oracleSlash, slashingDeferral, withdrawal } from "ponder:schema";

import { AttributionDisputesAbi } from "../../generated/abis";
import { ensureEpoch } from "../../lib/epochs";
import { lc, recordEvent, registerRest } from "../../lib/record";

const C = "AttributionDisputes";
type Context = Parameters<Parameters<typeof ponder.on>[1]>[0]["context"];

/** The id of the epoch's last dispute (the court holds one per epoch at a time), or undefined if it has none. */
async function lastDispute(context: Context, epochId: bigint): Promise<string | undefined> {
  await ensureEpoch(context, epochId);
  const row = await context.db.find(epoch, { id: epochId });
  return row === null || row.disputes === 0 ? undefined : `${epochId}-${row.disputes}`;
}

ponder.on("AttributionDisputes:ReportDisputed", async ({ event, context }) => {
  await recordEvent(C, "ReportDisputed", event, context);
  const a = event.args;
  await ensureEpoch(context, a.epoch);
  const row = await context.db.update(epoch, { id: a.epoch }).set((r) => ({ disputes: r.disputes + 1 }));
  await context.db.insert(dispute).values({
    id: `${a.epoch}-${row.disputes}`,
    epoch: a.epoch,
    round: Number(a.round),
    disputer: lc(a.disputer),
    bond: a.bond,
    outcome: "open",
    openedAt: event.block.timestamp,
  });
});

ponder.on("AttributionDisputes:DisputeResolved", async ({ event, context }) => {
  await recordEvent(C, "DisputeResolved", event, context);
  const a = event.args;
  const id = await lastDispute(context, a.epoch);
  if (id === undefined) return;
  await context.db.update(dispute, { id }).set({
    outcome: a.upheld ? "upheld" : "rejected",
    resolver: lc(a.resolver),
    slashed: a.slashed,
    disputerReward: a.disputerReward,
    resolvedAt: event.block.timestamp,
  });
});

ponder.on("AttributionDisputes:DisputeExpired", async ({ event, context }) => {
  await recordEvent(C, "DisputeExpired", event, context);
  const a = event.args;
  const id = await lastDispute(context, a.epoch);
  if (id === undefined) return;
  await context.db.update(dispute, { id }).set({
    outcome: a.moot ? "moot" : "expired",
    slashed: 0n,
    disputerReward: 0n,
    nextBond: a.nextBond,
    resolvedAt: event.block.timestamp,
  });
});

/** One row per OracleSlashed (the court emits it for every slash), keyed by its log so a later event can find it. */
const slashId = (transactionHash: string, logIndex: number) => `${transactionHash}-${logIndex}`;

ponder.on("AttributionDisputes:OracleSlashed", async ({ event, context }) => {
  await recordEvent(C, "OracleSlashed", event, context);
  const a = event.args;
  await context.db.insert(oracleSlash).values({
    id: slashId(event.transaction.hash, event.log.logIndex),
    oracle: lc(a.oracle),
    epoch: a.epoch,
    amount: a.amount,
    reason: "dispute",
  });
});

// An equivocation's slash is the OracleSlashed log just before this one (none when nothing was slashable): it is
// labelled, not counted twice.
ponder.on("AttributionDisputes:EquivocationReported", async ({ event, context }) => {
  await recordEvent(C, "EquivocationReported", event, context);
  const a = event.args;
  const id = slashId(event.transaction.hash, event.log.logIndex - 1);
  const slash = await context.db.find(oracleSlash, { id });
  if (slash === null || slash.oracle !== lc(a.oracle) || slash.epoch !== a.epoch) return;
  await context.db.update(oracleSlash, { id }).set({ reason: "equivocation", reporter: lc(a.reporter) });
});

ponder.on("AttributionDisputes:SlashingDeferred", async ({ event, context }) => {
  await recordEvent(C, "SlashingDeferred", event, context);
  const a = event.args;
  await context.db.insert(slashingDeferral).values({
    id: `${a.epoch}-${a.round}`,
    epoch: a.epoch,
    round: Number(a.round),
    signers: a.signers,
    pages: a.pages,
    pagesSlashed: 0,
    slashed: 0n,
    disputerReward: 0n,
    deferredAt: event.block.timestamp,
  });
});

ponder.on("AttributionDisputes:PageSlashed", async ({ event, context }) => {
  await recordEvent(C, "PageSlashed", event, context);
  const a = event.args;
  const id = `${a.epoch}-${a.round}`;
  if ((await context.db.find(slashingDeferral, { id })) === null) return;
  await context.db.update(slashingDeferral, { id }).set((row) => ({
    pagesSlashed: row.pagesSlashed + 1,
    slashed: row.slashed + a.slashed,
    disputerReward: row.disputerReward + a.reward,
  }));
});

ponder.on("AttributionDisputes:Withdrawn", async ({ event, context }) => {
  await recordEvent(C, "Withdrawn", event, context);
  await context.db.insert(withdrawal).values({
    id: event.id,
    source: "court",
    account: lc(event.args.account),
    amount: event.args.amount,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
});

registerRest(C, AttributionDisputesAbi, [
  "SlashingDeferred",
  "PageSlashed",
  "Withdrawn",
  "ReportDisputed",
  "DisputeResolved",
  "DisputeExpired",
  "OracleSlashed",
  "EquivocationReported",
]);
