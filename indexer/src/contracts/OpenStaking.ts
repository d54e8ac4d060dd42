/** OpenStaking: stakes, unbonding, slashes, operator roles, fee rewards, delegations and voting units. */
import { ponder } from "ponder:registry";
import { delegation, feeFlow, stakeSlash, staker } from "ponder:schema";

import { OpenStakingAbi } from "../../generated/abis";
import { lc, recordEvent, registerRest } from "../../lib/record";

const C = "OpenStaking";
type Context = Parameters<Parameters<typeof ponder.on>[1]>[0]["context"];

async function ensureStaker(context: Context, address: string) {
  await context.db
    .insert(staker)
    .values({
      account: lc(address),
      activeStake: 0n,
      unbonding: 0n,
      staked: 0n,
      withdrawn: 0n,
      slashed: 0n,
      rewardsClaimed: 0n,
      votes: 0n,
      roles: [],
    })
    .onConflictDoNothing();
}

ponder.on("OpenStaking:Staked", async ({ event, context }) => {
  await recordEvent(C, "Staked", event, context);
  const a = event.args;
  await ensureStaker(context, a.account);
  await context.db
    .update(staker, { account: lc(a.account) })
    .set((row) => ({ activeStake: a.activeStake, staked: row.staked + a.amount }));
});

ponder.on("OpenStaking:UnstakeRequested", async ({ event, context }) => {
  await recordEvent(C, "UnstakeRequested", event, context);
  const a = event.args;
  await ensureStaker(context, a.account);
  await context.db
    .update(staker, { account: lc(a.account) })
    .set((row) => ({ activeStake: row.activeStake - a.amount, unbonding: a.unbondingStake }));
});

ponder.on("OpenStaking:Withdrawn", async ({ event, context }) => {
  await recordEvent(C, "Withdrawn", event, context);
  const a = event.args;
  await ensureStaker(context, a.account);
  await context.db
    .update(staker, { account: lc(a.account) })
    .set((row) => ({ unbonding: row.unbonding - a.amount, withdrawn: row.withdrawn + a.amount }));
});

ponder.on("OpenStaking:Slashed", async ({ event, context }) => {
  await recordEvent(C, "Slashed", event, context);
  const a = event.args;
  await context.db.insert(stakeSlash).values({
    id: event.id,
    operator: lc(a.operator),
    fromActive: a.fromActive,
    fromUnbonding: a.fromUnbonding,
    recipient: lc(a.recipient),
    blockNumber: event.block.number,
  });
  await ensureStaker(context, a.operator);
  await context.db.update(staker, { account: lc(a.operator) }).set((row) => ({
    activeStake: row.activeStake - a.fromActive,
    unbonding: row.unbonding - a.fromUnbonding,
    slashed: row.slashed + a.fromActive + a.fromUnbonding,
  }));
});

ponder.on("OpenStaking:RewardsClaimed", async ({ event, context }) => {
  await recordEvent(C, "RewardsClaimed", event, context);
  const a = event.args;
  await ensureStaker(context, a.account);
  await context.db
    .update(staker, { account: lc(a.account) })
    .set((row) => ({ rewardsClaimed: row.rewardsClaimed + a.amount }));
});

ponder.on("OpenStaking:OperatorRegistered", async ({ event, context }) => {
  await recordEvent(C, "OperatorRegistered", event, context);
  const role = Number(event.args.role);
  await ensureStaker(context, event.args.operator);
  await context.db.update(staker, { account: lc(event.args.operator) }).set((row) => ({
    roles: [...new Set([...(row.roles as number[]), role])].sort(),
  }));
});

ponder.on("OpenStaking:OperatorDeregistered", async ({ event, context }) => {
  await recordEvent(C, "OperatorDeregistered", event, context);
  const role = Number(event.args.role);
  await ensureStaker(context, event.args.operator);
  await context.db.update(staker, { account: lc(event.args.operator) }).set((row) => ({
    roles: (row.roles as number[]).filter((r) => r !== role),
  }));
});

ponder.on("OpenStaking:DelegateChanged", async ({ event, context }) => {
  await recordEvent(C, "DelegateChanged", event, context);
  const a = event.args;
  await context.db.insert(delegation).values({
    id: event.id,
    delegator: lc(a.delegator),
    fromDelegate: lc(a.fromDelegate),
    toDelegate: lc(a.toDelegate),
    blockNumber: event.block.number,
  });
  await ensureStaker(context, a.delegator);
  await context.db.update(staker, { account: lc(a.delegator) }).set({ delegate: lc(a.toDelegate) });
});

ponder.on("OpenStaking:DelegateVotesChanged", async ({ event, context }) => {
  await recordEvent(C, "DelegateVotesChanged", event, context);
  await ensureStaker(context, event.args.delegate);
  await context.db.update(staker, { account: lc(event.args.delegate) }).set({ votes: event.args.newVotes });
});

ponder.on("OpenStaking:FeesCollected", async ({ event, context }) => {
  await recordEvent(C, "FeesCollected", event, context);
  await context.db.insert(feeFlow).values({
    id: event.id,
    kind: "staking-fees",
    contract: C,
    recipient: null,
    modelId: null,
    amount: event.args.amount,
    blockNumber: event.block.number,
  });
});

registerRest(C, OpenStakingAbi, [
  "FeesCollected",
  "Staked",
  "UnstakeRequested",
  "Withdrawn",
  "Slashed",
  "RewardsClaimed",
  "OperatorRegistered",
  "OperatorDeregistered",
  "DelegateChanged",
  "DelegateVotesChanged",
]);
