/**
 * InferencePayments: direct and agent payments (InferencePaid), voucher batches (VouchersRedeemed, with one
 * VoucherRedeemed per payer before it, and one VoucherSkipped per voucher whose signature paid nothing), escrows. Each payment adds to its model's totals, the model's epoch (whose
 * `contributorAmount` is the model's attribution pool) and the epoch's pool. The keys each payer authorized to sign
 * vouchers (SignerAuthorized/Revoked) and the money collected out of its balances (fees, revenue, attribution funds).
 */
import { ponder } from "ponder:registry";
import {
  epoch,
  escrow,
  feeFlow,
  model,
  modelEpoch,
  modelPayer,
  payerSigner,
  payment,
  voucherRedemption,
  voucherSkip,
} from "ponder:schema";

import { InferencePaymentsAbi } from "../../generated/abis";
import { ensureEpoch } from "../../lib/epochs";
import { lc, recordEvent, registerRest } from "../../lib/record";

const C = "InferencePayments";

interface Split {
  modelId: bigint;
  epoch: bigint;
  amount: bigint;
  protocolFee: bigint;
  stakerFee: bigint;
  contributorAmount: bigint;
  ownerAmount: bigint;
}

/** Adds one payment's split to the model, the model's epoch and the epoch. */
async function addPayment(context: Parameters<Parameters<typeof ponder.on>[1]>[0]["context"], s: Split) {
  await context.db.update(model, { id: s.modelId }).set((row) => ({
    revenue: row.revenue + s.amount,
    payments: row.payments + 1,
    contributorAmount: row.contributorAmount + s.contributorAmount,
    ownerAmount: row.ownerAmount + s.ownerAmount,
  }));
  await context.db
    .insert(modelEpoch)
    .values({
      modelId: s.modelId,
      epoch: s.epoch,
      payments: 1,
      revenue: s.amount,
      protocolFee: s.protocolFee,
      stakerFee: s.stakerFee,
      contributorAmount: s.contributorAmount,
      ownerAmount: s.ownerAmount,
    })
    .onConflictDoUpdate((row) => ({
      payments: row.payments + 1,
      revenue: row.revenue + s.amount,
      protocolFee: row.protocolFee + s.protocolFee,
      stakerFee: row.stakerFee + s.stakerFee,
      contributorAmount: row.contributorAmount + s.contributorAmount,
      ownerAmount: row.ownerAmount + s.ownerAmount,
    }));
  await ensureEpoch(context, s.epoch);
  await context.db.update(epoch, { id: s.epoch }).set((row) => ({
    pool: row.pool + s.contributorAmount,
    revenue: row.revenue + s.amount,
    payments: row.payments + 1,
  }));
}

async function addPayer(
  context: Parameters<Parameters<typeof ponder.on>[1]>[0]["context"],
  modelId: bigint,
  payer: string,
  amount: bigint,
) {
  await context.db
    .insert(modelPayer)
    .values({ modelId, payer: lc(payer), amount, payments: 1 })
    .onConflictDoUpdate((row) => ({ amount: row.amount + amount, payments: row.payments + 1 }));
}

ponder.on("InferencePayments:InferencePaid", async ({ event, context }) => {
  await recordEvent(C, "InferencePaid", event, context);
  const a = event.args;
  await context.db.insert(payment).values({
    id: event.id,
    kind: a.agentId === 0n ? "direct" : "agent",
    modelId: a.modelId,
    payer: lc(a.payer),
    agentId: a.agentId,
    epoch: a.epoch,
    amount: a.amount,
    units: a.units,
    requestHash: a.requestHash,
    protocolFee: a.protocolFee,
    stakerFee: a.stakerFee,
    contributorAmount: a.contributorAmount,
    ownerAmount: a.ownerAmount,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
  await addPayment(context, { ...a });
  await addPayer(context, a.modelId, a.payer, a.amount);
});

ponder.on("InferencePayments:VouchersRedeemed", async ({ event, context }) => {
  await recordEvent(C, "VouchersRedeemed", event, context);
  const a = event.args;
  await context.db.insert(payment).values({
    id: event.id,
    kind: "vouchers",
    modelId: a.modelId,
    payer: lc(a.operator),
    agentId: 0n,
    epoch: a.epoch,
    amount: a.amount,
    units: 0n,
    protocolFee: a.protocolFee,
    stakerFee: a.stakerFee,
    contributorAmount: a.contributorAmount,
    ownerAmount: a.ownerAmount,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
  await addPayment(context, { ...a });
});

ponder.on("InferencePayments:VoucherRedeemed", async ({ event, context }) => {
  await recordEvent(C, "VoucherRedeemed", event, context);
  const a = event.args;
  await context.db.insert(voucherRedemption).values({
    id: event.id,
    payer: lc(a.payer),
    modelId: a.modelId,
    cumulativeAmount: a.cumulativeAmount,
    paid: a.paid,
    blockNumber: event.block.number,
  });
  await context.db.update(escrow, { payer: lc(a.payer), modelId: a.modelId }).set((row) => ({
    redeemed: row.redeemed + a.paid,
    balance: row.balance - a.paid,
    cumulativeRedeemed: a.cumulativeAmount,
  }));
  await addPayer(context, a.modelId, a.payer, a.paid);
});

/** InferencePayments.VoucherSkipReason, by value. */
const VOUCHER_SKIP_REASONS = ["bad-signature", "unauthorized-signer"];

ponder.on("InferencePayments:VoucherSkipped", async ({ event, context }) => {
  await recordEvent(C, "VoucherSkipped", event, context);
  const a = event.args;
  await context.db.insert(voucherSkip).values({
    id: event.id,
    payer: lc(a.payer),
    modelId: a.modelId,
    cumulativeAmount: a.cumulativeAmount,
    signer: lc(a.signer),
    reason: VOUCHER_SKIP_REASONS[a.reason] ?? `reason ${a.reason}`,
    blockNumber: event.block.number,
  });
});

ponder.on("InferencePayments:EscrowDeposited", async ({ event, context }) => {
  await recordEvent(C, "EscrowDeposited", event, context);
  const a = event.args;
  await context.db
    .insert(escrow)
    .values({
      payer: lc(a.payer),
      modelId: a.modelId,
      balance: a.amount,
      deposited: a.amount,
      redeemed: 0n,
      withdrawn: 0n,
      cumulativeRedeemed: 0n,
      thawAmount: 0n,
      thawEnd: 0n,
    })
    .onConflictDoUpdate((row) => ({ balance: row.balance + a.amount, deposited: row.deposited + a.amount }));
});

ponder.on("InferencePayments:EscrowWithdrawalRequested", async ({ event, context }) => {
  await recordEvent(C, "EscrowWithdrawalRequested", event, context);
  const a = event.args;
  await context.db
    .update(escrow, { payer: lc(a.payer), modelId: a.modelId })
    .set({ thawAmount: a.amount, thawEnd: BigInt(a.thawEnd) });
});

ponder.on("InferencePayments:EscrowWithdrawn", async ({ event, context }) => {
  await recordEvent(C, "EscrowWithdrawn", event, context);
  const a = event.args;
  await context.db.update(escrow, { payer: lc(a.payer), modelId: a.modelId }).set((row) => ({
    withdrawn: row.withdrawn + a.amount,
    balance: row.balance - a.amount,
    thawAmount: 0n,
    thawEnd: 0n,
  }));
});

ponder.on("InferencePayments:SignerAuthorized", async ({ event, context }) => {
  await recordEvent(C, "SignerAuthorized", event, context);
  const a = event.args;
  const row = { status: "active", authorizedAt: event.block.timestamp, revokedAt: null, validUntil: null };
  await context.db
    .insert(payerSigner)
    .values({ payer: lc(a.payer), signer: lc(a.signer), ...row })
    .onConflictDoUpdate(row);
});

ponder.on("InferencePayments:SignerRevoked", async ({ event, context }) => {
  await recordEvent(C, "SignerRevoked", event, context);
  const a = event.args;
  const row = { status: "revoked", revokedAt: event.block.timestamp, validUntil: BigInt(a.validUntil) };
  // The contract refuses to revoke a key that is not authorized; a row exists unless indexing began after it was.
  await context.db
    .insert(payerSigner)
    .values({ payer: lc(a.payer), signer: lc(a.signer), authorizedAt: event.block.timestamp, ...row })
    .onConflictDoUpdate(row);
});

type FlowEvent = { id: string; block: { number: bigint } };
async function addFlow(
  context: Parameters<Parameters<typeof ponder.on>[1]>[0]["context"],
  event: FlowEvent,
  flow: { kind: string; recipient: string; amount: bigint; modelId?: bigint },
) {
  await context.db.insert(feeFlow).values({
    id: event.id,
    kind: flow.kind,
    contract: C,
    recipient: lc(flow.recipient),
    modelId: flow.modelId ?? null,
    amount: flow.amount,
    blockNumber: event.block.number,
  });
}

ponder.on("InferencePayments:ProtocolFeesCollected", async ({ event, context }) => {
  await recordEvent(C, "ProtocolFeesCollected", event, context);
  await addFlow(context, event, { kind: "protocol-fees", recipient: event.args.treasury, amount: event.args.amount });
});

ponder.on("InferencePayments:StakerFeesCollected", async ({ event, context }) => {
  await recordEvent(C, "StakerFeesCollected", event, context);
  const a = event.args;
  await addFlow(context, event, { kind: "staker-fees", recipient: a.stakingContract, amount: a.amount });
});

ponder.on("InferencePayments:ModelRevenueCollected", async ({ event, context }) => {
  await recordEvent(C, "ModelRevenueCollected", event, context);
  const a = event.args;
  await addFlow(context, event, {
    kind: "model-revenue",
    recipient: a.recipient,
    amount: a.amount,
    modelId: a.modelId,
  });
});

ponder.on("InferencePayments:AttributionFundsReleased", async ({ event, context }) => {
  await recordEvent(C, "AttributionFundsReleased", event, context);
  const a = event.args;
  await addFlow(context, event, { kind: "attribution-release", recipient: a.distributor, amount: a.amount });
});

registerRest(C, InferencePaymentsAbi, [
  "SignerAuthorized",
  "SignerRevoked",
  "ProtocolFeesCollected",
  "StakerFeesCollected",
  "ModelRevenueCollected",
  "AttributionFundsReleased",
  "InferencePaid",
  "VouchersRedeemed",
  "VoucherRedeemed",
  "VoucherSkipped",
  "EscrowDeposited",
  "EscrowWithdrawalRequested",
  "EscrowWithdrawn",
]);
