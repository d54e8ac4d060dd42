/**
 * Flow: the shares of each payment reach the real contracts that pull them — the owner share of a tokenized model
 * reaches its ModelShares holders (ModelShares.sync -> collectModelRevenue), and the staker share reaches OpenStaking
 * stakers (OpenStaking.collectFees -> collectStakerFees). Exact amounts. On the deployed protocol
 * (test/helpers/protocol-fixture.ts), where InferencePayments and OpenStaking are wired to each other at deployment.
 */
import { expect } from "chai";
import { keccak256, toUtf8Bytes } from "ethers";

import { split } from "../helpers/payments.js";
import { OPEN, loadProtocolFixture, registerModel } from "../helpers/protocol-fixture.js";
import { pendingRewards } from "../../src/protocol/index.js";

/** 0.001 OPEN per unit; 30% of what is left after fees goes to contributors (`split`'s defaults). */
const PRICE = 10n ** 15n;
/** The model's operator stakes OpenStaking's minimum for a compute provider. */
const OPERATOR_STAKE = 1_000n * OPEN;

const load = await loadProtocolFixture({ accounts: ["modelOwner", "operator", "payer", "payer2"] }, async (f) => {
  const { modelOwner, operator } = f.accounts;
  const modelId = await registerModel(f, {
    owner: modelOwner,
    operator,
    operatorStake: OPERATOR_STAKE,
    registration: { pricePerUnit: PRICE, contributorShareBps: 3_000 },
  });
  return { modelId };
});

/** The fixture with the names this flow uses. */
async function system() {
  const f = await load();
  const { modelOwner, operator, payer, payer2 } = f.accounts;
  const { inferencePayments: payments, modelRegistry, staking, wopen: open } = f.p;
  return { ...f, payments, modelRegistry, staking, open, modelOwner, operator, payer, payer2, price: PRICE };
}

describe("flow: revenue routing to ModelShares and OpenStaking", function () {
  let s: Awaited<ReturnType<typeof system>>;

  beforeEach(async function () {
    s = await system();
  });

  it("a tokenized model's owner share goes to its shares token and its holder claims it", async function () {
    await s.modelRegistry.connect(s.modelOwner).tokenize(s.modelId, "Model One Shares", "M1S");
    const sharesAddress = await s.modelRegistry.sharesOf(s.modelId);
    expect(await s.modelRegistry.revenueRecipient(s.modelId)).to.equal(sharesAddress);
    const shares = await s.ethers.getContractAt("ModelShares", sharesAddress);

    const amount = s.price * 1000n;
    await s.payments.connect(s.payer).pay(s.modelId, 1000n, amount, keccak256(toUtf8Bytes("tokenized")));
    const { owner } = split(amount);
    await shares.sync();
    expect(await s.open.balanceOf(sharesAddress)).to.equal(owner);
    expect(await s.payments.modelRevenueAccrued(s.modelId)).to.equal(0n);
    // The owner holds every share, so it can claim all that was distributed (up to the index's rounding).
    const before = await s.open.balanceOf(s.modelOwner.address);
    await shares.connect(s.modelOwner).claim();
    const claimed = (await s.open.balanceOf(s.modelOwner.address)) - before;
    expect(claimed).to.be.at.most(owner);
    expect(owner - claimed).to.be.lessThan(10n ** 6n);
  });

  it("the staker share is collected by OpenStaking and credited to stakers", async function () {
    // The deployment wires OpenStaking as the payments' staking contract and the payments as its fee source.
    expect(await s.payments.stakingContract()).to.equal(s.staking.target);
    expect(await s.staking.feeSource()).to.equal(s.payments.target);
    await s.staking.connect(s.payer2).stake(10n ** 21n);

    const amount = s.price * 2000n;
    await s.payments.connect(s.payer).pay(s.modelId, 2000n, amount, keccak256(toUtf8Bytes("staked")));
    const { stakers } = split(amount);
    await expect(s.staking.collectFees()).to.emit(s.staking, "FeesCollected");
    // The model's operator staked 1,000 OPEN to serve it, as the deployed ModelRegistry requires: it holds stake next
    // to payer2's 1,000 and earns half the staker share (on a bare OpenStaking payer2 was the only staker).
    expect(await s.open.balanceOf(s.staking.target)).to.equal(10n ** 21n + OPERATOR_STAKE + stakers);
    expect(await s.payments.stakerAccrued()).to.equal(0n);
    expect(await pendingRewards(s.staking, s.payer2.address)).to.equal(stakers / 2n);
    expect(await pendingRewards(s.staking, s.operator.address)).to.equal(stakers / 2n);
    expect(stakers % 2n).to.equal(0n);
  });
});
