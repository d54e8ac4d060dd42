/** ModelRegistry: models, their lineage and training data, terms (with a scheduled contributor share), status and tokenization. */
import { ponder } from "ponder:registry";
import { model, modelTrainedOn } from "ponder:schema";

import { ModelRegistryAbi } from "../../generated/abis";
import { lc, recordEvent, registerRest } from "../../lib/record";

const C = "ModelRegistry";

ponder.on("ModelRegistry:ModelRegistered", async ({ event, context }) => {
  await recordEvent(C, "ModelRegistered", event, context);
  const a = event.args;
  await context.db.insert(model).values({
    id: a.modelId,
    owner: lc(a.owner),
    operator: lc(a.operator),
    baseModelId: a.baseModelId,
    weightsHash: a.weightsHash,
    metadataURI: a.metadataURI,
    pricePerUnit: a.pricePerUnit,
    contributorShareBps: Number(a.contributorShareBps),
    status: 1,
    revenue: 0n,
    payments: 0,
    contributorAmount: 0n,
    ownerAmount: 0n,
    registeredAt: event.block.timestamp,
  });
  for (const v of a.trainedOn) {
    await context.db
      .insert(modelTrainedOn)
      .values({ modelId: a.modelId, datanetId: BigInt(v.datanetId), version: Number(v.version) })
      .onConflictDoNothing();
  }
});

ponder.on("ModelRegistry:Transfer", async ({ event, context }) => {
  await recordEvent(C, "Transfer", event, context);
  const row = await context.db.find(model, { id: event.args.tokenId });
  if (row !== null) await context.db.update(model, { id: event.args.tokenId }).set({ owner: lc(event.args.to) });
});

ponder.on("ModelRegistry:ModelOperatorSet", async ({ event, context }) => {
  await recordEvent(C, "ModelOperatorSet", event, context);
  await context.db.update(model, { id: event.args.modelId }).set({ operator: lc(event.args.operator) });
});

ponder.on("ModelRegistry:ModelPriceSet", async ({ event, context }) => {
  await recordEvent(C, "ModelPriceSet", event, context);
  await context.db.update(model, { id: event.args.modelId }).set({ pricePerUnit: event.args.pricePerUnit });
});

ponder.on("ModelRegistry:ModelContributorShareSet", async ({ event, context }) => {
  await recordEvent(C, "ModelContributorShareSet", event, context);
  await context.db.update(model, { id: event.args.modelId }).set({
    contributorShareBps: Number(event.args.contributorShareBps),
    pendingContributorShareBps: null,
    pendingShareEffectiveAt: null,
  });
});

ponder.on("ModelRegistry:ModelContributorShareScheduled", async ({ event, context }) => {
  await recordEvent(C, "ModelContributorShareScheduled", event, context);
  // A change scheduled earlier and already due took effect first (the contract applies it without an event).
  await context.db.update(model, { id: event.args.modelId }).set((row) => ({
    contributorShareBps:
      row.pendingContributorShareBps !== null &&
      row.pendingShareEffectiveAt !== null &&
      row.pendingShareEffectiveAt <= event.block.timestamp
        ? row.pendingContributorShareBps
        : row.contributorShareBps,
    pendingContributorShareBps: Number(event.args.contributorShareBps),
    pendingShareEffectiveAt: BigInt(event.args.effectiveAt),
  }));
});

ponder.on("ModelRegistry:ModelMetadataSet", async ({ event, context }) => {
  await recordEvent(C, "ModelMetadataSet", event, context);
  await context.db.update(model, { id: event.args.modelId }).set({ metadataURI: event.args.metadataURI });
});

ponder.on("ModelRegistry:ModelStatusSet", async ({ event, context }) => {
  await recordEvent(C, "ModelStatusSet", event, context);
  await context.db.update(model, { id: event.args.modelId }).set({ status: Number(event.args.status) });
});

ponder.on("ModelRegistry:ModelTokenized", async ({ event, context }) => {
  await recordEvent(C, "ModelTokenized", event, context);
  await context.db.update(model, { id: event.args.modelId }).set({ shares: lc(event.args.shares) });
});

registerRest(C, ModelRegistryAbi, [
  "ModelRegistered",
  "Transfer",
  "ModelOperatorSet",
  "ModelPriceSet",
  "ModelContributorShareSet",
  "ModelContributorShareScheduled",
  "ModelMetadataSet",
  "ModelStatusSet",
  "ModelTokenized",
]);
