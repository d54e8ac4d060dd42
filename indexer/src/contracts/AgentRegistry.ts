/** AgentRegistry: agents, their operators, allowed models and budgets. */
import { ponder } from "ponder:registry";
import { agent, agentModel } from "ponder:schema";

import { AgentRegistryAbi } from "../../generated/abis";
import { lc, recordEvent, registerRest } from "../../lib/record";

const C = "AgentRegistry";

ponder.on("AgentRegistry:AgentRegistered", async ({ event, context }) => {
  await recordEvent(C, "AgentRegistered", event, context);
  await context.db.insert(agent).values({
    id: event.args.agentId,
    owner: lc(event.args.owner),
    operator: lc(event.args.operator),
    metadataURI: event.args.metadataURI,
    budget: 0n,
    funded: 0n,
    spent: 0n,
    withdrawn: 0n,
  });
});

ponder.on("AgentRegistry:Transfer", async ({ event, context }) => {
  await recordEvent(C, "Transfer", event, context);
  const row = await context.db.find(agent, { id: event.args.tokenId });
  if (row !== null) await context.db.update(agent, { id: event.args.tokenId }).set({ owner: lc(event.args.to) });
});

ponder.on("AgentRegistry:AgentOperatorSet", async ({ event, context }) => {
  await recordEvent(C, "AgentOperatorSet", event, context);
  await context.db.update(agent, { id: event.args.agentId }).set({ operator: lc(event.args.operator) });
});

ponder.on("AgentRegistry:AgentMetadataURISet", async ({ event, context }) => {
  await recordEvent(C, "AgentMetadataURISet", event, context);
  await context.db.update(agent, { id: event.args.agentId }).set({ metadataURI: event.args.metadataURI });
});

ponder.on("AgentRegistry:AgentModelAllowed", async ({ event, context }) => {
  await recordEvent(C, "AgentModelAllowed", event, context);
  await context.db
    .insert(agentModel)
    .values({ agentId: event.args.agentId, modelId: event.args.modelId, allowed: event.args.allowed })
    .onConflictDoUpdate({ allowed: event.args.allowed });
});

ponder.on("AgentRegistry:AgentFunded", async ({ event, context }) => {
  await recordEvent(C, "AgentFunded", event, context);
  const amount = event.args.amount;
  await context.db
    .update(agent, { id: event.args.agentId })
    .set((row) => ({ funded: row.funded + amount, budget: row.budget + amount }));
});

ponder.on("AgentRegistry:AgentBudgetSpent", async ({ event, context }) => {
  await recordEvent(C, "AgentBudgetSpent", event, context);
  const amount = event.args.amount;
  await context.db
    .update(agent, { id: event.args.agentId })
    .set((row) => ({ spent: row.spent + amount, budget: row.budget - amount }));
});

ponder.on("AgentRegistry:AgentBudgetWithdrawn", async ({ event, context }) => {
  await recordEvent(C, "AgentBudgetWithdrawn", event, context);
  const amount = event.args.amount;
  await context.db
    .update(agent, { id: event.args.agentId })
    .set((row) => ({ withdrawn: row.withdrawn + amount, budget: row.budget - amount }));
});

registerRest(C, AgentRegistryAbi, [
  "AgentRegistered",
  "Transfer",
  "AgentOperatorSet",
  "AgentMetadataURISet",
  "AgentModelAllowed",
  "AgentFunded",
  "AgentBudgetSpent",
  "AgentBudgetWithdrawn",
]);
