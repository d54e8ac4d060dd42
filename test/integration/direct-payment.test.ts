/**
 * Flow: a payer pays a model per inference; the fees accrue; treasury, stakers, the model owner and the reward
 * distributor each pull their exact share. Also measures the whole-transaction gas of a repeat payment.
 *
 * On the deployed protocol every share reaches its real contract: the Treasury, OpenStaking (credited to the stakers
 * present: the model's operator and an attribution oracle), the model's owner, and the RewardDistributor, which pulls
 * the contributors' share when the AttributionOracle finalizes epoch 0's report.
 */
import { expect } from "chai";
import { keccak256, toUtf8Bytes } from "ethers";

import { gasIsMeasurable, gasUsed as measureGas } from "../helpers/gas.js";
import { split } from "../helpers/payments.js";
import { OPEN, loadProtocolFixture, registerModel, stakeAsOperator } from "../helpers/protocol-fixture.js";
import { OperatorRole } from "../helpers/registries.js";
import { pendingRewards } from "../../src/protocol/index.js";
import { acceptedReport } from "../helpers/attribution.js";

/** Gas target of a repeat `pay` (whole transaction, receipts include the 21,000 base cost). */
const PAY_GAS_TARGET = 80_000n;
/** 0.001 OPEN per unit; 30% of what is left after fees goes to contributors (`split`'s defaults). */
const PRICE = 10n ** 15n;
/** The operator and the oracle stake the same, so they share the stakers' fee half and half. */
const STAKE = 10_000n * OPEN;

const load = await loadProtocolFixture({ accounts: ["modelOwner", "operator", "payer", "oracle"] }, async (f) => {
  const { modelOwner, operator, oracle } = f.accounts;
  const modelId = await registerModel(f, {
    owner: modelOwner,
    operator,
    operatorStake: STAKE,
    registration: { pricePerUnit: PRICE, contributorShareBps: 3_000 },
  });
  // One attribution oracle, staked before epoch 0's snapshot: alone it holds all the oracle stake (quorum).
  await stakeAsOperator(f, oracle, STAKE, OperatorRole.AttributionOracle);
  return { modelId };
});

describe("flow: direct payment", function () {
  it("pays, splits exactly and every party pulls its share", async function () {
    const { ethers, networkHelpers, p, accounts, modelId } = await load();
    const { inferencePayments: payments, wopen: open, staking, attributionOracle, rewardDistributor } = p;
    const { modelOwner, operator, payer, oracle } = accounts;

    const units = [3n, 11n, 1n, 250n]; // units of successive inferences
    let total = { protocol: 0n, stakers: 0n, contributors: 0n, owner: 0n };
    for (const [i, n] of units.entries()) {
      const amount = PRICE * n;
      await payments.connect(payer).pay(modelId, n, amount, keccak256(toUtf8Bytes(`req-${i}`)));
      const parts = split(amount);
      total = {
        protocol: total.protocol + parts.protocol,
        stakers: total.stakers + parts.stakers,
        contributors: total.contributors + parts.contributors,
        owner: total.owner + parts.owner,
      };
    }
    const paid = PRICE * 265n;
    expect(total.protocol + total.stakers + total.contributors + total.owner).to.equal(paid);
    expect(await open.balanceOf(payments.target)).to.equal(paid);
    expect(await payments.epochAt(await networkHelpers.time.latest())).to.equal(0n);
    expect(await payments.attributionPool(modelId, 0n)).to.equal(total.contributors);

    await payments.collectProtocolFees();
    expect(await open.balanceOf(p.treasury.target)).to.equal(total.protocol);

    // OpenStaking pulls the stakers' fee and credits it over the active stake: 10,000 of the operator and 10,000 of
    // the oracle, half each (the stand-in that stood for OpenStaking here only held the fee).
    await expect(staking.collectFees()).to.changeTokenBalance(ethers, open, staking, total.stakers);
    expect(await pendingRewards(staking, operator.address)).to.equal(total.stakers / 2n);
    expect(await pendingRewards(staking, oracle.address)).to.equal(total.stakers / 2n);
    expect(total.stakers % 2n).to.equal(0n);

    await expect(payments.collectModelRevenue(modelId)).to.changeTokenBalance(ethers, open, modelOwner, total.owner);

    // The contributors' share: the oracle's report for epoch 0 totals the pool; once accepted and past its challenge
    // window, finalizing it makes the RewardDistributor pull exactly that total from InferencePayments.
    const genesis = await payments.epochGenesis();
    const epochLength = await payments.epochLength();
    const { logDeadline, challengeWindow } = await attributionOracle.parameters();
    await networkHelpers.time.increaseTo(genesis + epochLength + logDeadline);
    const report = {
      epoch: 0n,
      cumulativeRewardsRoot: ethers.id("rewards-root-0"),
      cumulativeTotal: total.contributors,
      attributionRoot: ethers.id("attribution-root-0"),
      dataURI: "ipfs://report-0",
    };
    await expect(attributionOracle.connect(oracle).attest(report)).to.emit(attributionOracle, "ReportAccepted");
    await networkHelpers.time.increase(challengeWindow);
    await expect(attributionOracle.finalize(await acceptedReport(attributionOracle, 0n)))
      .to.emit(rewardDistributor, "RootUpdated")
      .withArgs(0n, report.cumulativeRewardsRoot, total.contributors, total.contributors);

    expect(await open.balanceOf(rewardDistributor.target)).to.equal(total.contributors);
    expect(await open.balanceOf(payments.target)).to.equal(0n);
  });

  it(`a repeat payment costs at most ${PAY_GAS_TARGET} gas (whole transaction)`, async function () {
    if (!gasIsMeasurable()) this.skip();
    const { p, accounts, modelId } = await load();
    const payments = p.inferencePayments.connect(accounts.payer);
    const amount = PRICE * 5n;
    // Warm state as the benchmark measures it: the payer, the model and the epoch have been paid before, and the
    // contract holds the earlier payment (nothing collected in between).
    await payments.pay(modelId, 5n, amount, keccak256(toUtf8Bytes("first")));
    const gasUsed = await measureGas(
      "InferencePayments.pay.repeat",
      payments.pay(modelId, 5n, amount, keccak256(toUtf8Bytes("gas"))),
    );
    console.log(`      gas: pay (repeat payer, warm state) = ${gasUsed}`);
    expect(gasUsed).to.be.at.most(PAY_GAS_TARGET);
  });
});
