/**
 * Flow: a payer pays a model per inference; the fees accrue; treasury, stakers, the model owner and the reward
 * distributor each pull their exact share. Also measures the whole-transaction gas of a repeat payment.
 */
import { expect } from "chai";
import { keccak256, toUtf8Bytes } from "ethers";

import { gasIsMeasurable, gasUsed as measureGas } from "../helpers/gas.js";
import { paymentsFixture, split, type PaymentsSystem } from "../helpers/payments.js";

/** Gas target of a repeat `pay` (whole transaction, receipts include the 21,000 base cost). */
const PAY_GAS_TARGET = 80_000n;

describe("flow: direct payment", function () {
  let s: PaymentsSystem;

  before(async function () {
    const { load } = await paymentsFixture();
    s = await load();
  });

  it("pays, splits exactly and every party pulls its share", async function () {
    const payments = [3n, 11n, 1n, 250n]; // units of successive inferences
    let total = { protocol: 0n, stakers: 0n, contributors: 0n, owner: 0n };
    for (const [i, units] of payments.entries()) {
      const amount = s.price * units;
      await s.payments.connect(s.payer).pay(s.modelId, units, amount, keccak256(toUtf8Bytes(`req-${i}`)));
      const parts = split(amount);
      total = {
        protocol: total.protocol + parts.protocol,
        stakers: total.stakers + parts.stakers,
        contributors: total.contributors + parts.contributors,
        owner: total.owner + parts.owner,
      };
    }
    const paid = s.price * 265n;
    expect(total.protocol + total.stakers + total.contributors + total.owner).to.equal(paid);
    expect(await s.open.balanceOf(s.payments.target)).to.equal(paid);
    expect(await s.payments.attributionPool(s.modelId, 0n)).to.equal(total.contributors);

    await s.payments.collectProtocolFees();
    await s.staking.collectFrom(s.payments);
    await s.payments.collectModelRevenue(s.modelId);
    await s.payments.connect(s.distributor).releaseAttributionFunds(total.contributors);

    expect(await s.open.balanceOf(s.treasury.address)).to.equal(total.protocol);
    expect(await s.open.balanceOf(s.staking.target)).to.equal(total.stakers);
    expect(await s.open.balanceOf(s.modelOwner.address)).to.equal(total.owner);
    expect(await s.open.balanceOf(s.distributor.address)).to.equal(total.contributors);
    expect(await s.open.balanceOf(s.payments.target)).to.equal(0n);
  });

  it(`a repeat payment costs at most ${PAY_GAS_TARGET} gas (whole transaction)`, async function () {
    if (!gasIsMeasurable()) this.skip();
    const { load } = await paymentsFixture();
    s = await load();
    const amount = s.price * 5n;
    // Warm state as the benchmark measures it: the payer, the model and the epoch have been paid before, and the
    // contract holds the earlier payment (nothing collected in between).
    await s.payments.connect(s.payer).pay(s.modelId, 5n, amount, keccak256(toUtf8Bytes("first")));
    const gasUsed = await measureGas(
      "InferencePayments.pay.repeat",
      s.payments.connect(s.payer).pay(s.modelId, 5n, amount, keccak256(toUtf8Bytes("gas"))),
    );
    console.log(`      gas: pay (repeat payer, warm state) = ${gasUsed}`);
    expect(gasUsed).to.be.at.most(PAY_GAS_TARGET);
  });
});
