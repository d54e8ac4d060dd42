import { expect } from "chai";
import { id as keccakId } from "ethers";

import { attributionOracleDomain, signReport, pendingRewards } from "../../src/protocol/index.js";
import { DAY, OPEN, loadProtocolFixture, registerModel, stakeAsOperator } from "../helpers/protocol-fixture.js";
import { OperatorRole } from "../helpers/registries.js";

/** One OPEN per unit: a payment of `x` units pays `x` OPEN, of which 5% is the stakers' fee. */
const PRICE = OPEN;

const load = await loadProtocolFixture({ accounts: ["alice", "bob", "carol", "modelOwner", "payer"] }, async (f) => {
  // Bob serves a model as its compute provider (the deployed ModelRegistry requires a registered one); he stakes
  // his 10,000 for that, so fees come from real inference payments without another staker sharing them.
  const { bob, modelOwner } = f.accounts;
  await stakeAsOperator(f, bob, 10_000n * OPEN, OperatorRole.ComputeProvider);
  const modelId = await registerModel(f, {
    owner: modelOwner,
    operator: bob,
    registration: { pricePerUnit: PRICE },
  });
  return { modelId };
});

/**
 * Flow: an oracle operator and a delegator stake, fees are shared, the oracle unbonds part of its stake and is
 * slashed while unbonding; the checkpoints read at past timestamps (what the AttributionOracle uses for an epoch's
 * end) still show the stake as it was then, and the asset held always equals active + unbonding + unpaid rewards.
 *
 * On the deployed protocol: the stakers' fees are 5% of real payments to a model Bob serves (InferencePayments is
 * OpenStaking's fee source), the slash is AttributionDisputes' (the only SLASHER_ROLE) for an equivocation, and
 * the cooldown change goes through OpenGovernor and the timelock.
 */
describe("Staking flow: stake, unbond, slash during unbonding, past checkpoints", function () {
  it("keeps every account, checkpoint and balance consistent through the flow", async function () {
    const f = await load();
    const { p, networkHelpers, modelId, chainId } = f;
    const { time } = networkHelpers;
    const {
      staking,
      wopen: open,
      inferencePayments: payments,
      attributionOracle: oracle,
      attributionDisputes: court,
    } = p;
    const stakingAddress = await staking.getAddress();
    const oracleAddress = await oracle.getAddress();
    const courtAddress = await court.getAddress();
    const { alice, bob, carol, payer } = f.accounts;

    let requests = 0;
    /** Pays inferences whose stakers' fee is exactly `fee` (5% of the payment). */
    async function payStakerFees(fee: bigint) {
      const amount = fee * 20n;
      await payments.connect(payer).pay(modelId, amount / PRICE, amount, keccakId(`request-${requests++}`));
    }

    async function expectSolvent() {
      const held = await open.balanceOf(stakingAddress);
      const owed =
        (await staking.totalActiveStake()) +
        (await staking.totalUnbondingStake()) +
        (await pendingRewards(staking, alice.address)) +
        (await pendingRewards(staking, bob.address));
      expect(held).to.be.gte(owed);
      expect(held - owed).to.be.lte(2n); // flooring dust only
    }

    // Alice runs an oracle with 30,000; Bob (staked 10,000 in the fixture) delegates his votes to Alice.
    await staking.connect(alice).stake(30_000n * OPEN);
    await staking.connect(alice).registerOperator(OperatorRole.AttributionOracle);
    await staking.connect(alice).delegate(alice.address);
    await staking.connect(bob).delegate(alice.address);
    const tEpoch1 = BigInt(await time.latest());
    expect(await staking.getVotes(alice.address)).to.equal(40_000n * OPEN);

    // Fees: 400 OPEN (8,000 paid), split 3:1.
    await payStakerFees(400n * OPEN);
    expect(await payments.stakerAccrued()).to.equal(400n * OPEN);
    await staking.connect(bob).claimRewards();
    expect(await open.balanceOf(bob.address)).to.equal(1_000_000n * OPEN - 10_000n * OPEN + 100n * OPEN);
    expect(await pendingRewards(staking, alice.address)).to.equal(300n * OPEN);
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
    await payStakerFees(200n * OPEN);
    await staking.collectFees();
    expect(await pendingRewards(staking, alice.address)).to.equal(400n * OPEN);
    expect(await pendingRewards(staking, bob.address)).to.equal(100n * OPEN);
    await expectSolvent();

    // Alice signs two different reports for one epoch; Carol reports the equivocation to AttributionDisputes (the
    // only holder of SLASHER_ROLE), which slashes equivocationSlashBps of Alice's slashable stake. Governance had set
    // it to 50% (an executed proposal, impersonated): 15,000 of 30,000, taken while 20,000 is unbonding: 10,000
    // active, then 5,000 unbonding.
    await f.asAdmin(court).setEquivocationSlashBps(5_000n);
    await time.increase(3n * DAY);
    const domain = attributionOracleDomain(chainId, oracleAddress);
    const report = (n: number) => ({
      epoch: 0n,
      cumulativeRewardsRoot: keccakId(`root-${n}`),
      cumulativeTotal: 0n,
      attributionRoot: keccakId("attribution"),
      dataURI: "ipfs://report",
    });
    const [first, second] = [report(1), report(2)];
    const signatures = [await signReport(alice, domain, first), await signReport(alice, domain, second)];
    // The slashed 15,000 go to AttributionDisputes, not straight to Carol as when a plain account held SLASHER_ROLE
    // in this flow: the court credits Carol, the reporter, reporterRewardBps (10%) = 1,500 and sends the other 13,500
    // to the treasury.
    await expect(court.connect(carol).reportEquivocation(first, signatures[0], second, signatures[1]))
      .to.emit(staking, "Slashed")
      .withArgs(alice.address, 10_000n * OPEN, 5_000n * OPEN, courtAddress)
      .and.to.emit(court, "EquivocationReported")
      .withArgs(alice.address, 0n, carol.address, 15_000n * OPEN, 1_500n * OPEN);
    const tSlash = BigInt(await time.latest());
    expect(await open.balanceOf(await p.treasury.getAddress())).to.equal(13_500n * OPEN);
    await court.connect(carol).withdraw();
    expect(await open.balanceOf(carol.address)).to.equal(1_000_000n * OPEN + 1_500n * OPEN);
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
    // Alice's stake counted in epochs that nobody reported in this flow: it stays locked until every epoch weighed
    // before her oracle stake last changed (the slash) is settled; governance skips them (liveness path).
    await expect(staking.connect(alice).withdraw())
      .to.be.revertedWithCustomError(staking, "StakingStakeLocked")
      .withArgs(alice.address, tSlash);
    while (!(await oracle.reportsSettledBefore(tSlash))) await f.asAdmin(oracle).skipEpoch(await oracle.nextEpoch());
    await expect(staking.connect(alice).withdraw())
      .to.emit(staking, "Withdrawn")
      .withArgs(alice.address, 15_000n * OPEN);
    await expect(staking.connect(alice).claimRewards())
      .to.emit(staking, "RewardsClaimed")
      .withArgs(alice.address, 400n * OPEN);
    await staking.connect(alice).deregisterOperator();
    await expectSolvent();

    // Governance raises the cooldown, for real: Alice proposes and votes with the 10,000 Bob delegated to her (the
    // proposal threshold is 10,000, the quorum 4% of the 10,000 of votes); the timelock executes after its delay.
    const { execute } = await f.govern({
      proposer: alice,
      voters: [alice],
      calls: [{ target: staking, data: staking.interface.encodeFunctionData("setCooldown", [21n * DAY]) }],
      description: "Raise the staking cooldown to 21 days",
    });
    await expect(execute())
      .to.emit(staking, "CooldownSet")
      .withArgs(21n * DAY);
    // Bob's exit uses the new cooldown. He stops serving the model first: a registered operator must keep its minimum.
    await staking.connect(bob).deregisterOperator();
    await staking.connect(bob).requestUnstake(10_000n * OPEN);
    expect((await staking.unbonding(bob.address))[1]).to.equal(BigInt(await time.latest()) + 21n * DAY);
    expect(await staking.totalActiveStake()).to.equal(0n);
    // No active stake: the next fees wait at the source.
    await payStakerFees(5n * OPEN);
    await staking.collectFees();
    expect(await payments.stakerAccrued()).to.equal(5n * OPEN);
    await expectSolvent();
  });
});
