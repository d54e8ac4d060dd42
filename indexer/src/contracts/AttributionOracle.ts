/**
 * AttributionOracle: attestations and submissions, accepted reports and what the court (AttributionDisputes, its own
 * handler) did to them (frozen, confirmed, voided: the epoch reopens), forced and skipped epochs, finalization. When an epoch finalizes, its report's data document is read and checked against the finalized root
 * (lib/epochClaims.ts); its claims become `claimable` rows, or the epoch is marked `unavailable` with the reason (an
 * unreachable document is retried later). A bad document never stops indexing.
 */
import { ponder } from "ponder:registry";
import { attestation, epoch, report } from "ponder:schema";

import { AttributionOracleAbi } from "../../generated/abis";
import { indexEpochClaims } from "../../lib/epochClaims";
import { ensureEpoch } from "../../lib/epochs";
import { lc, recordEvent, registerRest } from "../../lib/record";

const C = "AttributionOracle";
type Context = Parameters<Parameters<typeof ponder.on>[1]>[0]["context"];

async function ensureReport(context: Context, epochId: bigint, reportHash: `0x${string}`, round: number) {
  await ensureEpoch(context, epochId);
  await context.db
    .insert(report)
    .values({ epoch: epochId, reportHash, round, weight: 0n, attestations: 0, accepted: false })
    .onConflictDoNothing();
}

ponder.on("AttributionOracle:Attested", async ({ event, context }) => {
  await recordEvent(C, "Attested", event, context);
  const a = event.args;
  await ensureReport(context, a.epoch, a.reportHash, Number(a.round));
  await context.db.insert(attestation).values({
    id: event.id,
    epoch: a.epoch,
    reportHash: a.reportHash,
    oracle: lc(a.oracle),
    round: Number(a.round),
    weight: a.weight,
    via: "attested",
  });
  await context.db
    .update(report, { epoch: a.epoch, reportHash: a.reportHash })
    .set((row) => ({ weight: a.tally, attestations: row.attestations + 1, round: Number(a.round) }));
});

ponder.on("AttributionOracle:ReportSubmitted", async ({ event, context }) => {
  await recordEvent(C, "ReportSubmitted", event, context);
  const a = event.args;
  await ensureReport(context, a.epoch, a.reportHash, 0);
  for (const [k, signer] of a.signers.entries()) {
    await context.db.insert(attestation).values({
      id: `${event.id}-${k}`,
      epoch: a.epoch,
      reportHash: a.reportHash,
      oracle: lc(signer),
      via: "signed",
    });
  }
  await context.db
    .update(report, { epoch: a.epoch, reportHash: a.reportHash })
    .set((row) => ({ weight: row.weight + a.weight, attestations: row.attestations + a.signers.length }));
});

ponder.on("AttributionOracle:ReportAccepted", async ({ event, context }) => {
  await recordEvent(C, "ReportAccepted", event, context);
  const a = event.args;
  await ensureReport(context, a.epoch, a.reportHash, Number(a.round));
  const fields = {
    cumulativeRewardsRoot: a.cumulativeRewardsRoot,
    cumulativeTotal: a.cumulativeTotal,
    attributionRoot: a.attributionRoot,
    dataURI: a.dataURI,
  };
  await context.db
    .update(report, { epoch: a.epoch, reportHash: a.reportHash })
    .set({ ...fields, accepted: true, round: Number(a.round) });
  await context.db.update(epoch, { id: a.epoch }).set({ ...fields, reportHash: a.reportHash, status: "accepted" });
});

ponder.on("AttributionOracle:ReportForced", async ({ event, context }) => {
  await recordEvent(C, "ReportForced", event, context);
  const a = event.args;
  await ensureEpoch(context, a.epoch);
  await context.db.update(epoch, { id: a.epoch }).set({
    cumulativeRewardsRoot: a.cumulativeRewardsRoot,
    cumulativeTotal: a.cumulativeTotal,
    attributionRoot: a.attributionRoot,
    dataURI: a.dataURI,
    reportHash: null,
    status: "forced",
  });
});

ponder.on("AttributionOracle:ReportDiscarded", async ({ event, context }) => {
  await recordEvent(C, "ReportDiscarded", event, context);
  await ensureEpoch(context, event.args.epoch);
  await context.db.update(epoch, { id: event.args.epoch }).set({ status: "discarded" });
});

ponder.on("AttributionOracle:EpochSkipped", async ({ event, context }) => {
  await recordEvent(C, "EpochSkipped", event, context);
  await ensureEpoch(context, event.args.epoch);
  await context.db.update(epoch, { id: event.args.epoch }).set({ status: "skipped", claimsStatus: "none" });
});

// The court (AttributionDisputes) acts on the report through these three; the dispute itself is in its handler.
ponder.on("AttributionOracle:ReportFrozen", async ({ event, context }) => {
  await recordEvent(C, "ReportFrozen", event, context);
  await ensureEpoch(context, event.args.epoch);
  await context.db.update(epoch, { id: event.args.epoch }).set({ status: "disputed" });
});

ponder.on("AttributionOracle:ReportConfirmed", async ({ event, context }) => {
  await recordEvent(C, "ReportConfirmed", event, context);
  await ensureEpoch(context, event.args.epoch);
  await context.db.update(epoch, { id: event.args.epoch }).set({ status: "accepted" });
});

ponder.on("AttributionOracle:EpochReopened", async ({ event, context }) => {
  await recordEvent(C, "EpochReopened", event, context);
  const a = event.args;
  await ensureEpoch(context, a.epoch);
  await context.db.update(epoch, { id: a.epoch }).set({ status: "reopened" });
  // The voided report no longer counts as accepted (it is found by its root: the event does not carry its hash).
  const row = await context.db.find(epoch, { id: a.epoch });
  if (row?.reportHash != null && row.cumulativeRewardsRoot === a.cumulativeRewardsRoot) {
    await context.db.update(report, { epoch: a.epoch, reportHash: row.reportHash }).set({ accepted: false });
  }
});

ponder.on("AttributionOracle:EpochFinalized", async ({ event, context }) => {
  await recordEvent(C, "EpochFinalized", event, context);
  const a = event.args;
  await ensureEpoch(context, a.epoch);
  await context.db.update(epoch, { id: a.epoch }).set((r) => ({
    status: r.status === "forced" ? "forced" : "finalized",
    cumulativeRewardsRoot: a.cumulativeRewardsRoot,
    cumulativeTotal: a.cumulativeTotal,
    // The event carries the finalized report's data URI (checked on chain against the accepted report's hash).
    dataURI: a.dataURI,
    finalizedAt: event.block.timestamp,
  }));
  await indexEpochClaims(context, a.epoch, event.block.number);
});

registerRest(C, AttributionOracleAbi, [
  "Attested",
  "ReportSubmitted",
  "ReportAccepted",
  "ReportForced",
  "ReportDiscarded",
  "EpochSkipped",
  "ReportFrozen",
  "ReportConfirmed",
  "EpochReopened",
  "EpochFinalized",
]);
