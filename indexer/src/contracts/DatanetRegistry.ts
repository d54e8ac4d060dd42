/**
 * DatanetRegistry: Datanets, curators, contributor allowlists, approved trainers, contributions (reviewed or
 * withdrawn), published versions, refunded bonds withdrawn.
 */
import { ponder } from "ponder:registry";
import {
  contribution,
  curator,
  datanet,
  datanetContributor,
  datanetTrainer,
  datanetVersion,
  withdrawal,
} from "ponder:schema";

import { DatanetRegistryAbi } from "../../generated/abis";
import { lc, recordEvent, registerRest } from "../../lib/record";

const C = "DatanetRegistry";

ponder.on("DatanetRegistry:DatanetCreated", async ({ event, context }) => {
  await recordEvent(C, "DatanetCreated", event, context);
  await context.db.insert(datanet).values({
    id: event.args.datanetId,
    owner: lc(event.args.owner),
    config: JSON.parse(JSON.stringify(event.args.config, (_k, v) => (typeof v === "bigint" ? v.toString() : v))),
    contributions: 0,
    accepted: 0,
    rejected: 0,
    versions: 0,
    createdAt: event.block.timestamp,
  });
});

ponder.on("DatanetRegistry:DatanetUpdated", async ({ event, context }) => {
  await recordEvent(C, "DatanetUpdated", event, context);
  await context.db.update(datanet, { id: event.args.datanetId }).set({
    config: JSON.parse(JSON.stringify(event.args.config, (_k, v) => (typeof v === "bigint" ? v.toString() : v))),
  });
});

ponder.on("DatanetRegistry:Transfer", async ({ event, context }) => {
  await recordEvent(C, "Transfer", event, context);
  // The mint precedes DatanetCreated in the same transaction: only later transfers change the owner.
  const row = await context.db.find(datanet, { id: event.args.tokenId });
  if (row !== null) await context.db.update(datanet, { id: event.args.tokenId }).set({ owner: lc(event.args.to) });
});

ponder.on("DatanetRegistry:CuratorSet", async ({ event, context }) => {
  await recordEvent(C, "CuratorSet", event, context);
  await context.db
    .insert(curator)
    .values({ datanetId: event.args.datanetId, account: lc(event.args.account), active: event.args.isCurator })
    .onConflictDoUpdate({ active: event.args.isCurator });
});

ponder.on("DatanetRegistry:ContributionSubmitted", async ({ event, context }) => {
  await recordEvent(C, "ContributionSubmitted", event, context);
  await context.db.insert(contribution).values({
    id: event.args.contributionId,
    datanetId: event.args.datanetId,
    contributor: lc(event.args.contributor),
    contentHash: event.args.contentHash,
    uri: event.args.uri,
    bond: event.args.bond,
    status: "pending",
    submittedAt: event.block.timestamp,
  });
  await context.db.update(datanet, { id: event.args.datanetId }).set((row) => ({
    contributions: row.contributions + 1,
  }));
});

ponder.on("DatanetRegistry:ContributionReviewed", async ({ event, context }) => {
  await recordEvent(C, "ContributionReviewed", event, context);
  const accepted = event.args.accepted;
  await context.db.update(contribution, { id: event.args.contributionId }).set({
    status: accepted ? "accepted" : "rejected",
    reviewer: lc(event.args.reviewer),
    bondRecipient: lc(event.args.bondRecipient),
    reviewedAt: event.block.timestamp,
  });
  await context.db.update(datanet, { id: event.args.datanetId }).set((row) => ({
    accepted: row.accepted + (accepted ? 1 : 0),
    rejected: row.rejected + (accepted ? 0 : 1),
  }));
});

ponder.on("DatanetRegistry:ContributionWithdrawn", async ({ event, context }) => {
  await recordEvent(C, "ContributionWithdrawn", event, context);
  await context.db
    .update(contribution, { id: event.args.contributionId })
    .set({ status: "withdrawn", withdrawnAt: event.block.timestamp });
});

ponder.on("DatanetRegistry:VersionPublished", async ({ event, context }) => {
  await recordEvent(C, "VersionPublished", event, context);
  await context.db.insert(datanetVersion).values({
    datanetId: event.args.datanetId,
    version: Number(event.args.version),
    merkleRoot: event.args.merkleRoot,
    count: Number(event.args.count),
    uri: event.args.uri,
    publisher: lc(event.args.publisher),
    publishedAt: event.block.timestamp,
  });
  await context.db.update(datanet, { id: event.args.datanetId }).set((row) => ({ versions: row.versions + 1 }));
});

ponder.on("DatanetRegistry:ContributorAllowed", async ({ event, context }) => {
  await recordEvent(C, "ContributorAllowed", event, context);
  const a = event.args;
  await context.db
    .insert(datanetContributor)
    .values({ datanetId: a.datanetId, account: lc(a.account), allowed: a.allowed })
    .onConflictDoUpdate({ allowed: a.allowed });
});

ponder.on("DatanetRegistry:TrainerApproved", async ({ event, context }) => {
  await recordEvent(C, "TrainerApproved", event, context);
  const a = event.args;
  await context.db
    .insert(datanetTrainer)
    .values({ datanetId: a.datanetId, trainer: lc(a.trainer), approved: a.approved })
    .onConflictDoUpdate({ approved: a.approved });
});

ponder.on("DatanetRegistry:BondsWithdrawn", async ({ event, context }) => {
  await recordEvent(C, "BondsWithdrawn", event, context);
  await context.db.insert(withdrawal).values({
    id: event.id,
    source: "datanet-bonds",
    account: lc(event.args.account),
    amount: event.args.amount,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
});

registerRest(C, DatanetRegistryAbi, [
  "ContributorAllowed",
  "TrainerApproved",
  "BondsWithdrawn",
  "DatanetCreated",
  "DatanetUpdated",
  "Transfer",
  "CuratorSet",
  "ContributionSubmitted",
  "ContributionReviewed",
  "ContributionWithdrawn",
  "VersionPublished",
]);
