/**
 * Flow: payers escrow for a model, sign cumulative vouchers as they use it, and the operator redeems the latest
 * voucher of many payers in batches. Exact split amounts, escrow withdrawal after notice, and gas per voucher. On the
 * deployed protocol (test/helpers/protocol-fixture.ts); the asset is WOPEN.
 */
import { expect } from "chai";
import { Wallet } from "ethers";

import { INFERENCE_PAYMENTS_DOMAIN_NAME, protocolDomain } from "../../src/protocol/index.js";
import { gasIsMeasurable, gasUsed as measureGas } from "../helpers/gas.js";
import { signVoucher, split } from "../helpers/payments.js";
import { loadProtocolFixture, registerModel } from "../helpers/protocol-fixture.js";

const BATCH = 50;
/** Gas target per voucher in a batch of 50 (whole transaction / 50). */
const VOUCHER_GAS_TARGET = 15_000n;
/** Gas target per inference when one voucher covers 100 inferences. */
const INFERENCE_GAS_TARGET = 150n;
/** 0.001 OPEN per unit; 30% of what is left after fees goes to contributors (`split`'s defaults). */
const PRICE = 10n ** 15n;

const load = await loadProtocolFixture({ accounts: ["modelOwner", "operator", "sponsor"] }, async (f) => {
  const { modelOwner, operator } = f.accounts;
  const modelId = await registerModel(f, {
    owner: modelOwner,
    operator,
    registration: { pricePerUnit: PRICE, contributorShareBps: 3_000 },
  });
  const domain = protocolDomain(INFERENCE_PAYMENTS_DOMAIN_NAME, f.chainId, await f.p.inferencePayments.getAddress());
  return { modelId, domain };
});

/** The fixture with the names this flow uses. */
async function system() {
  const f = await load();
  const { operator, sponsor } = f.accounts;
  return { ...f, payments: f.p.inferencePayments, open: f.p.wopen, operator, sponsor, price: PRICE };
}

describe("flow: voucher payments", function () {
  let s: Awaited<ReturnType<typeof system>>;
  let payers: Wallet[];
  const deposit = 10n ** 18n;

  before(async function () {
    s = await system();
    payers = [];
    for (let i = 0; i < BATCH; i++) {
      const wallet = Wallet.createRandom().connect(s.ethers.provider) as unknown as Wallet;
      payers.push(wallet);
      // A sponsor funds the escrows for the payers (depositEscrowFor): payers never need gas.
    }
    for (const wallet of payers) {
      await s.payments.connect(s.sponsor).depositEscrowFor(wallet.address, s.modelId, deposit);
    }
  });

  async function batch(cumulative: (i: number) => bigint) {
    return Promise.all(payers.map((w, i) => signVoucher(w, s.domain, s.modelId, cumulative(i))));
  }

  it("redeems a first batch, splitting its sum once", async function () {
    const vouchers = await batch((i) => s.price * BigInt(100 + i)); // 100+i inferences each
    const sum = vouchers.reduce((acc, v) => acc + v.cumulativeAmount, 0n);
    const parts = split(sum);
    await expect(s.payments.connect(s.operator).redeemVouchers(s.modelId, vouchers))
      .to.emit(s.payments, "VouchersRedeemed")
      .withArgs(s.modelId, s.operator.address, 0n, sum, parts.protocol, parts.stakers, parts.contributors, parts.owner);
    expect(await s.payments.protocolAccrued()).to.equal(parts.protocol);
    expect(await s.payments.stakerAccrued()).to.equal(parts.stakers);
    expect(await s.payments.modelRevenueAccrued(s.modelId)).to.equal(parts.owner);
    expect(await s.payments.attributionPool(s.modelId, 0n)).to.equal(parts.contributors);
    for (const [i, w] of payers.entries()) {
      const [balance, redeemed] = await s.payments.escrowAccount(w.address, s.modelId);
      expect(redeemed).to.equal(s.price * BigInt(100 + i));
      expect(balance).to.equal(deposit - redeemed);
    }
  });

  it(`a repeat batch of ${BATCH} costs at most ${VOUCHER_GAS_TARGET} gas per voucher`, async function () {
    if (!gasIsMeasurable()) this.skip();
    // Each payer used the model 100 more times since its last redeemed voucher.
    const vouchers = await batch((i) => s.price * BigInt(200 + i));
    const gasUsed = await measureGas(
      "InferencePayments.redeemVouchers.batch50.repeat",
      s.payments.connect(s.operator).redeemVouchers(s.modelId, vouchers),
    );
    const perVoucher = gasUsed / BigInt(BATCH);
    const perInference = perVoucher / 100n;
    console.log(
      `      gas: redeemVouchers x${BATCH} (repeat payers) = ${gasUsed} total, ${perVoucher} per voucher, ` +
        `${perInference} per inference at 100 inferences per voucher`,
    );
    expect(perVoucher).to.be.at.most(VOUCHER_GAS_TARGET);
    expect(perInference).to.be.at.most(INFERENCE_GAS_TARGET);
    const increase = s.price * 100n * BigInt(BATCH);
    const [balance, redeemed] = await s.payments.escrowAccount(payers[7].address, s.modelId);
    expect(redeemed).to.equal(s.price * 207n);
    expect(balance).to.equal(deposit - s.price * 207n);
    expect(increase).to.be.greaterThan(0n);
  });

  it("a payer leaves after the notice period with what vouchers did not use", async function () {
    const w = payers[0];
    await s.sponsor.sendTransaction({ to: w.address, value: 10n ** 18n });
    // The whole balance (what earlier vouchers left; when gas cannot be measured the batch test above redeems less).
    const [balance] = await s.payments.escrowAccount(w.address, s.modelId);
    await s.payments.connect(w).requestEscrowWithdrawal(s.modelId, balance);
    // The operator redeems once more during the notice period: the thawing amount still pays.
    const last = await signVoucher(w, s.domain, s.modelId, s.price * 250n);
    await s.payments.connect(s.operator).redeemVouchers(s.modelId, [last]);
    await s.networkHelpers.time.increase(2 * 86_400);
    await expect(s.payments.connect(w).withdrawEscrow(s.modelId))
      .to.emit(s.payments, "EscrowWithdrawn")
      .withArgs(w.address, s.modelId, deposit - s.price * 250n);
    expect(await s.open.balanceOf(w.address)).to.equal(deposit - s.price * 250n);
    expect(await s.payments.escrowAccount(w.address, s.modelId)).to.deep.equal([0n, s.price * 250n, 0n, 0n]);
  });
});
