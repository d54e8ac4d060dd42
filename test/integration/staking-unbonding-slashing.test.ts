import { expect } from "chai";

import { createChain } from "../helpers/fixtures.js";
import { DAY, OPEN, OperatorRole, deployStaking } from "../helpers/staking.js";

/**
 * Flow: an oracle operator and a delegator stake, fees are shared, the oracle unbonds part of its stake and is
 * slashed while unbonding; the checkpoints read at past timestamps (what the AttributionOracle uses for an epoch's
 * end) still show the stake as it was then, and the asset held always equals active + unbonding + unpaid rewards.
 */
describe("Staking flow: stake, unbond, slash during unbonding, past checkpoints", function () {
  it("keeps every account, checkpoint and balance consistent through the flow", async function () {
    const chain = await createChain();
    const { networkHelpers } = chain;
    const { time } = networkHelpers;
    const { staking, stakingAddress, open, feeSource, admin, slasher, alice, bob, carol } = await deployStaking(chain);

    async function expectSolvent() {
      const held = await open.balanceOf(stakingAddress);
      const owed =
        (await staking.totalActiveStake()) +
        (await staking.totalUnbondingStake()) +
        (await staking.pendingRewards(alice.address)) +
        (await staking.pendingRewards(bob.address));
      expect(held).to.be.gte(owed);
      expect(held - owed).to.be.lte(2n); // flooring dust only
    }

    // Alice runs an oracle with 30,000; Bob delegates his 10,000 of votes to Alice.
    await staking.connect(alice).stake(30_000n * OPEN);
    await staking.connect(alice).registerOperator(OperatorRole.AttributionOracle);
    await staking.connect(alice).delegate(alice.address);
    await staking.connect(bob).stake(10_000n * OPEN);
    await staking.connect(bob).delegate(alice.address);
    const tEpoch1 = BigInt(await time.latest());
    expect(await staking.getVotes(alice.address)).to.equal(40_000n * OPEN);

    // Fees: 400 OPEN, split 3:1.
    await feeSource.accrueStakerFees(400n * OPEN);
    await staking.connect(bob).claimRewards();
    expect(await open.balanceOf(bob.address)).to.equal(1_000_000n * OPEN - 10_000n * OPEN + 100n * OPEN);
    expect(await staking.pendingRewards(alice.address)).to.equal(300n * OPEN);
    await expectSolvent();

    // Alice unbonds 20,000: her oracle stake and votes drop at once; she stays above the 10,000 minimum.
    await time.increase(DAY);
    await staking.connect(alice).requestUnstake(20_000n * OPEN);
    const tUnbond = BigInt(await time.latest());
    const [, releaseTime] = await staking.unbonding(alice.address);
    expect(releaseTime).to.equal(tUnbond + 14n * DAY);
    await expect(staking.connect(alice).requestUnstake(1n)).to.be.revertedWithCustomError(
      staking,
      "StakingOperatorBelowMinimum",
    );

    // Fees while unbonding: only active stake earns (alice 10,000, bob 10,000).
    await feeSource.accrueStakerFees(200n * OPEN);
    await staking.collectFees();
    expect(await staking.pendingRewards(alice.address)).to.equal(400n * OPEN);
    expect(await staking.pendingRewards(bob.address)).to.equal(100n * OPEN);
    await expectSolvent();

    // A dispute is lost: the oracle is slashed 15,000 while 20,000 is unbonding: 10,000 active, then 5,000 unbonding.
    await time.increase(3n * DAY);
    await expect(staking.connect(slasher).slash(alice.address, 15_000n * OPEN, carol.address))
      .to.emit(staking, "Slashed")
      .withArgs(alice.address, 10_000n * OPEN, 5_000n * OPEN, carol.address);
    const tSlash = BigInt(await time.latest());
    expect(await open.balanceOf(carol.address)).to.equal(1_000_000n * OPEN + 15_000n * OPEN);
    expect(await staking.slashableStake(alice.address)).to.equal(15_000n * OPEN);
    expect(await staking.getVotes(alice.address)).to.equal(10_000n * OPEN); // bob's delegated units only
    await expectSolvent();

    // Past checkpoints: the epoch-1 stake is still readable as it was.
    await time.increase(1);
    expect(await staking.getPastOracleStake(alice.address, tEpoch1)).to.equal(30_000n * OPEN);
    expect(await staking.getPastTotalOracleStake(tEpoch1)).to.equal(30_000n * OPEN);
    expect(await staking.getPastOracleStake(alice.address, tUnbond)).to.equal(10_000n * OPEN);
    expect(await staking.getPastOracleStake(alice.address, tSlash - 1n)).to.equal(10_000n * OPEN);
    expect(await staking.getPastOracleStake(alice.address, tSlash)).to.equal(0n);
    expect(await staking.getPastTotalOracleStake(tSlash)).to.equal(0n);
    expect(await staking.getPastVotes(alice.address, tEpoch1)).to.equal(40_000n * OPEN);
    expect(await staking.getPastTotalSupply(tEpoch1)).to.equal(40_000n * OPEN);
    expect(await staking.getPastTotalSupply(tSlash)).to.equal(10_000n * OPEN);

    // Rewards earned before the slash are kept; the rest of the bucket is withdrawn after the cooldown.
    await expect(staking.connect(alice).withdraw()).to.be.revertedWithCustomError(staking, "StakingCooldownNotElapsed");
    await time.increaseTo(releaseTime);
    await expect(staking.connect(alice).withdraw())
      .to.emit(staking, "Withdrawn")
      .withArgs(alice.address, 15_000n * OPEN);
    await expect(staking.connect(alice).claimRewards())
      .to.emit(staking, "RewardsClaimed")
      .withArgs(alice.address, 400n * OPEN);
    await staking.connect(alice).deregisterOperator();
    await expectSolvent();

    // Governance raises the cooldown; Bob's exit uses the new one.
    await staking.connect(admin).setCooldown(21n * DAY);
    await staking.connect(bob).requestUnstake(10_000n * OPEN);
    expect((await staking.unbonding(bob.address))[1]).to.equal(BigInt(await time.latest()) + 21n * DAY);
    expect(await staking.totalActiveStake()).to.equal(0n);
    // No active stake: the next fees wait at the source.
    await feeSource.accrueStakerFees(5n * OPEN);
    await staking.collectFees();
    expect(await feeSource.accruedStakerFees()).to.equal(5n * OPEN);
    await expectSolvent();
  });
});
