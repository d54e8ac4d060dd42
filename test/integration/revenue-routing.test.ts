/**
 * Flow: the shares of each payment reach the real contracts that pull them — the owner share of a tokenized model
 * reaches its ModelShares holders (ModelShares.sync -> collectModelRevenue), and the staker share reaches OpenStaking
 * stakers (OpenStaking.collectFees -> collectStakerFees). Exact amounts.
 */
import { expect } from "chai";
import { keccak256, toUtf8Bytes } from "ethers";

import { deployUupsProxy } from "../helpers/proxy.js";
import { paymentsFixture, split, type PaymentsSystem } from "../helpers/payments.js";
import type { OpenStaking } from "../../typechain-types/index.js";

describe("flow: revenue routing to ModelShares and OpenStaking", function () {
  let s: PaymentsSystem;

  beforeEach(async function () {
    const { load } = await paymentsFixture();
    s = await load();
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
    const staking = await deployUupsProxy<OpenStaking>(
      s.chain,
      "OpenStaking",
      [s.admin.address, s.payments.target, s.admin.address],
      [s.open.target],
    );
    await s.payments.connect(s.admin).setStakingContract(staking.target);
    await s.open.connect(s.payer2).approve(staking.target, s.ethers.MaxUint256);
    await staking.connect(s.payer2).stake(10n ** 21n);

    const amount = s.price * 2000n;
    await s.payments.connect(s.payer).pay(s.modelId, 2000n, amount, keccak256(toUtf8Bytes("staked")));
    const { stakers } = split(amount);
    await expect(staking.collectFees()).to.emit(staking, "FeesCollected");
    expect(await s.open.balanceOf(staking.target)).to.equal(10n ** 21n + stakers);
    expect(await s.payments.stakerAccrued()).to.equal(0n);
    expect(await staking.pendingRewards(s.payer2.address)).to.equal(stakers);
  });
});
