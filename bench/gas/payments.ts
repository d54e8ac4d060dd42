/**
 * Inference payment figures (whole-transaction gasUsed from receipts), on the same fixture as the payments tests
 * (real ModelRegistry behind its proxy, InferencePayments and AgentRegistry behind theirs).
 */
import { keccak256, toUtf8Bytes } from "ethers";

import { createChain } from "../../test/helpers/fixtures.js";
import { deployPaymentsSystem, signVoucher } from "../../test/helpers/payments.js";

const BATCH = 50;

/** A repeat payment: same payer, model and epoch as the previous payment, nothing collected in between. */
export async function measurePay(): Promise<number> {
  const s = await deployPaymentsSystem(await createChain());
  const amount = s.price * 5n;
  await s.payments.connect(s.payer).pay(s.modelId, 5n, amount, keccak256(toUtf8Bytes("first")));
  const tx = await s.payments.connect(s.payer).pay(s.modelId, 5n, amount, keccak256(toUtf8Bytes("second")));
  return Number((await tx.wait())!.gasUsed);
}

/** Whole-transaction gas of a batch of 50 second vouchers (50 payers with escrow), divided by 50. */
export async function measureRedeemPerVoucher(): Promise<number> {
  const s = await deployPaymentsSystem(await createChain());
  const payers = Array.from({ length: BATCH }, () => s.ethers.Wallet.createRandom());
  await s.open.connect(s.deployer).approve(s.payments.target, s.ethers.MaxUint256);
  for (const payer of payers)
    await s.payments.connect(s.deployer).depositEscrowFor(payer.address, s.modelId, 10n ** 18n);
  const batch = (inferences: bigint) =>
    Promise.all(payers.map((payer) => signVoucher(payer, s.domain, s.modelId, s.price * inferences)));
  await s.payments.connect(s.operator).redeemVouchers(s.modelId, await batch(100n));
  const tx = await s.payments.connect(s.operator).redeemVouchers(s.modelId, await batch(200n));
  return Number((await tx.wait())!.gasUsed) / BATCH;
}

/** Per inference when each voucher covers 100 inferences. */
export async function measurePerInference(): Promise<number> {
  return (await measureRedeemPerVoucher()) / 100;
}
