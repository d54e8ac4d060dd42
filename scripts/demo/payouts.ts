/**
 * Stage 6: everyone withdraws what they are owed, pull by pull, and governance changes a fee.
 * - contributors claim with the proofs of the finalized epoch-1 report: the speech contributors each for themselves,
 *   the e-mail contributors all at once through a relayer's claimBatch; each claim pays exactly its cumulative amount
 *   minus what was claimed before;
 * - the treasury collects the protocol fees (collectProtocolFees), the staking contract the stakers' fees
 *   (collectFees), and each staker claims its reward (claimRewards);
 * - the classifier's owner collects its revenue (collectModelRevenue); the writer's revenue goes to its share
 *   holders (ModelShares sync, then claim by each holder);
 * - payers take back what they did not spend: escrow (after the notice period) and the agent's remaining budget;
 * - a governance proposal lowers the protocol fee (setProtocolFeeBps) through the timelock.
 */
import { OPEN } from "./config.js";
import { eventsOf, fmt, send, type DemoContext } from "./context.js";
import type { Deployment } from "./deploy.js";
import { claimFor, type ClaimRecord } from "./claims.js";
import { enact, type Enacted } from "./governance.js";
import type { AttributionResult } from "./attribution.js";
import type { InferenceResult } from "./inference.js";
import type { ModelsResult } from "./training.js";
import { pendingRewards } from "../../src/protocol/index.js";

export const NEW_PROTOCOL_FEE_BPS = 300;

export interface Withdrawal {
  who: string;
  what: string;
  amount: bigint;
}

export interface PayoutsResult {
  claims: ClaimRecord[];
  withdrawals: Withdrawal[];
  protocolFee: { before: number; after: number; proposal: Enacted };
  /** The stakers' fee in force during the demo, in bps. */
  stakerFeeBps: bigint;
  distributorBalance: bigint;
  unclaimed: bigint;
}

export async function payouts(
  ctx: DemoContext,
  d: Deployment,
  models: ModelsResult,
  inf: InferenceResult,
  att: AttributionResult,
): Promise<PayoutsResult> {
  const { people, say, config, chain } = ctx;
  const { p } = d;
  const { time } = chain.networkHelpers;
  ctx.stage(6, "contributors claim; treasury, stakers, owners and share holders withdraw; governance changes a fee");
  const withdrawals: Withdrawal[] = [];
  const epoch1 = att.epochs[1];

  // ------------------------------------------------------------------ contributors
  const claims: ClaimRecord[] = [];
  const speechContributors = config.speeches.contributors
    .map((c) => people.get(c.name).address)
    .filter((a) => epoch1.accounts.has(a));
  for (const account of speechContributors) {
    claims.push(...(await claimFor(ctx, d, epoch1, people.label(account), [account])));
  }
  const batch = [...epoch1.accounts.keys()].filter((a) => !speechContributors.includes(a));
  claims.push(...(await claimFor(ctx, d, epoch1, "relayer", batch)));
  for (const c of claims) {
    say(
      `  ${people.label(c.account).padEnd(10)} ${fmt(c.paid).padStart(16)}  ${c.via.padEnd(21)} cumulative ` +
        `${fmt(c.cumulative)} - claimed before ${fmt(c.claimedBefore)}${c.exact ? "" : "  MISMATCH"}`,
    );
  }
  const distributorBalance = await p.wopen.balanceOf(await p.rewardDistributor.getAddress());
  const unclaimed = await p.rewardDistributor.unclaimed();
  say(`  every leaf of the tree claimed: the distributor holds ${fmt(distributorBalance)}`);

  // ------------------------------------------------------------------ fees, stakers, owners, share holders
  const relayer = people.get("relayer");
  const treasuryAddress = await p.treasury.getAddress();
  const before = await p.wopen.balanceOf(treasuryAddress);
  await send(p.inferencePayments.connect(relayer).collectProtocolFees());
  const protocolFees = (await p.wopen.balanceOf(treasuryAddress)) - before;
  say(`  the treasury collects ${fmt(protocolFees)} of protocol fees (it now holds ${fmt(before + protocolFees)})`);

  const collected = eventsOf(await send(p.staking.connect(relayer).collectFees()), p.staking, "FeesCollected")[0];
  say(`  the staking contract collects ${fmt(collected.amount as bigint)} of staker fees`);
  const stakers = ["oracle-a", "oracle-b", "oracle-c", "op-mail", "op-text", "vera"];
  const rewards: string[] = [];
  for (const name of stakers) {
    const wallet = people.get(name);
    if ((await pendingRewards(p.staking, wallet.address)) === 0n) continue;
    const receipt = await send(p.staking.connect(wallet).claimRewards());
    const amount = eventsOf(receipt, p.staking, "RewardsClaimed")[0].amount as bigint;
    withdrawals.push({ who: wallet.address, what: "staking rewards", amount });
    rewards.push(`${name} ${fmt(amount)}`);
  }
  say(`  stakers claim rewards pro rata to stake: ${rewards.join(", ")}`);

  const acme = people.get("acme");
  const revenue = eventsOf(
    await send(p.inferencePayments.connect(acme).collectModelRevenue(models.classifier.modelId)),
    p.inferencePayments,
    "ModelRevenueCollected",
  )[0].amount as bigint;
  withdrawals.push({ who: acme.address, what: "model revenue (spam classifier)", amount: revenue });
  say(`  acme collects the spam classifier's owner revenue: ${fmt(revenue)}`);

  const shares = await chain.ethers.getContractAt("ModelShares", models.generator.shares);
  const peggy = people.get("peggy");
  const synced = eventsOf(await send(shares.connect(peggy).sync()), shares, "RevenueDistributed")[0];
  const holderLines: string[] = [];
  for (const holder of models.generator.holders) {
    const wallet = people.get(people.label(holder));
    const held = await shares.balanceOf(holder);
    const amount = eventsOf(await send(shares.connect(wallet).claim()), shares, "RevenueClaimed")[0].amount as bigint;
    withdrawals.push({ who: holder, what: "model share revenue (speech writer)", amount });
    holderLines.push(
      `${people.label(holder)} (${(Number((held * 10_000n) / (await shares.totalSupply())) / 100).toFixed(0)}% of shares) ${fmt(amount)}`,
    );
  }
  say(
    `  peggy syncs the speech writer's revenue into its shares (${fmt(synced.amount as bigint)}); holders claim: ${holderLines.join(", ")}`,
  );

  // ------------------------------------------------------------------ payers take back what they did not spend
  const zeta = people.get("zeta");
  const [, budget] = await p.agentRegistry.agent(inf.agentId);
  if (budget > 0n) {
    await send(p.agentRegistry.connect(zeta).withdrawBudget(inf.agentId, budget, zeta.address));
    withdrawals.push({ who: zeta.address, what: "unspent agent budget", amount: budget });
  }
  const escrows: { name: string; amount: bigint }[] = [];
  for (const name of inf.voucherPayers) {
    const payer = people.get(name);
    const [balance] = await p.inferencePayments.escrowAccount(payer.address, models.classifier.modelId);
    if (balance === 0n) continue;
    await send(p.inferencePayments.connect(payer).requestEscrowWithdrawal(models.classifier.modelId, balance));
    escrows.push({ name, amount: balance });
  }
  say(
    `  zeta withdraws the agent's unspent budget (${fmt(budget)}); ` +
      `${escrows.map((e) => `${e.name} asks to withdraw ${fmt(e.amount)} of escrow`).join(", ")} ` +
      `(after a ${Number(await p.inferencePayments.escrowNoticePeriod()) / 86_400}-day notice)`,
  );

  // ------------------------------------------------------------------ governance lowers the protocol fee
  const feeBefore = Number(await p.inferencePayments.protocolFeeBps());
  say(`  governance lowers the protocol fee from ${feeBefore / 100}% to ${NEW_PROTOCOL_FEE_BPS / 100}%:`);
  const paymentsAddress = await p.inferencePayments.getAddress();
  const proposal = await enact(ctx, d, {
    targets: [paymentsAddress],
    values: [0n],
    calldatas: [p.inferencePayments.interface.encodeFunctionData("setProtocolFeeBps", [NEW_PROTOCOL_FEE_BPS])],
    description: `Lower the protocol fee to ${NEW_PROTOCOL_FEE_BPS / 100}% of each inference payment`,
  });
  const feeAfter = Number(await p.inferencePayments.protocolFeeBps());
  const set = eventsOf(proposal.receipt, p.inferencePayments, "ProtocolFeeBpsSet")[0];
  say(
    `  protocolFeeBps is now ${feeAfter} (ProtocolFeeBpsSet ${set.protocolFeeBps}); a ${fmt(OPEN)} payment now sends ${fmt((OPEN * BigInt(feeAfter)) / 10_000n)} to the treasury`,
  );

  // The escrow notice has passed meanwhile.
  for (const e of escrows) {
    const payer = people.get(e.name);
    const [, , , thawEnd] = await p.inferencePayments.escrowAccount(payer.address, models.classifier.modelId);
    if (BigInt(await time.latest()) < thawEnd) await time.increaseTo(thawEnd);
    const receipt = await send(p.inferencePayments.connect(payer).withdrawEscrow(models.classifier.modelId));
    const amount = eventsOf(receipt, p.inferencePayments, "EscrowWithdrawn")[0].amount as bigint;
    withdrawals.push({ who: payer.address, what: "unspent escrow", amount });
  }
  if (escrows.length > 0) say(`  ${escrows.map((e) => `${e.name} withdraws ${fmt(e.amount)} of escrow`).join(", ")}`);

  return {
    claims,
    withdrawals,
    protocolFee: { before: feeBefore, after: feeAfter, proposal },
    stakerFeeBps: await p.inferencePayments.stakerFeeBps(),
    distributorBalance,
    unclaimed,
  };
}
