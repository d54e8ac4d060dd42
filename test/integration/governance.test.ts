import { expect } from "chai";

import type { OpenStakingV2Mock } from "../../typechain-types/index.js";
import { createChain } from "../helpers/fixtures.js";
import { ProposalState, VoteType, deployGovernance } from "../helpers/governance.js";
import { DAY, OPEN } from "../helpers/staking.js";

/**
 * Flow: stakers delegate, a proposal changes the staking cooldown, a second one upgrades OpenStaking (UUPS) to a V2
 * implementation; each goes propose → vote → queue → execute through the TimelockController with time advanced.
 */
describe("Governance flow: parameter change and UUPS upgrade through the timelock", function () {
  it("changes the staking cooldown, then upgrades OpenStaking keeping its state", async function () {
    const chain = await createChain();
    const { ethers, networkHelpers } = chain;
    const { time } = networkHelpers;
    const { governor, staking, stakingAddress, open, timelock, timelockAddress, alice, bob, carol } =
      await deployGovernance(chain);

    // The timelock is the staking admin; nobody else is.
    expect(await staking.hasRole(ethers.ZeroHash, timelockAddress)).to.equal(true);
    await expect(staking.connect(alice).setCooldown(30n * DAY)).to.be.revertedWithCustomError(
      staking,
      "AccessControlUnauthorizedAccount",
    );

    await staking.connect(alice).stake(50_000n * OPEN);
    await staking.connect(bob).stake(200_000n * OPEN);
    await staking.connect(carol).stake(5_000n * OPEN);
    await staking.connect(alice).delegate(alice.address);
    await staking.connect(bob).delegate(bob.address);
    await staking.connect(carol).delegate(alice.address);
    await time.increase(1);

    // --- 1. Parameter change: cooldown 14 days -> 30 days
    const p1 = {
      targets: [stakingAddress],
      values: [0n],
      calldatas: [staking.interface.encodeFunctionData("setCooldown", [30n * DAY])],
      description: "Set the staking cooldown to 30 days",
    };
    const h1 = ethers.id(p1.description);
    const id1 = await governor.hashProposal(p1.targets, p1.values, p1.calldatas, h1);
    await expect(governor.connect(alice).propose(p1.targets, p1.values, p1.calldatas, p1.description)).to.emit(
      governor,
      "ProposalCreated",
    );
    expect(await governor.state(id1)).to.equal(ProposalState.Pending);
    await expect(governor.connect(bob).castVote(id1, VoteType.For))
      .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
      .withArgs(id1, ProposalState.Pending, ethers.toBeHex(1n << BigInt(ProposalState.Active), 32));

    await time.increaseTo((await governor.proposalSnapshot(id1)) + 1n);
    // Stake added after the snapshot does not count.
    await staking.connect(carol).stake(100_000n * OPEN);
    await expect(governor.connect(alice).castVote(id1, VoteType.For))
      .to.emit(governor, "VoteCast")
      .withArgs(alice.address, id1, VoteType.For, 55_000n * OPEN, "");
    await governor.connect(bob).castVote(id1, VoteType.Against);
    await time.increaseTo((await governor.proposalDeadline(id1)) + 1n);
    expect(await governor.state(id1)).to.equal(ProposalState.Defeated);

    // Same change again, this time bob supports it.
    const p2 = { ...p1, description: "Set the staking cooldown to 30 days (again)" };
    const h2 = ethers.id(p2.description);
    const id2 = await governor.hashProposal(p2.targets, p2.values, p2.calldatas, h2);
    await governor.connect(alice).propose(p2.targets, p2.values, p2.calldatas, p2.description);
    await time.increaseTo((await governor.proposalSnapshot(id2)) + 1n);
    await governor.connect(bob).castVote(id2, VoteType.For);
    await time.increaseTo((await governor.proposalDeadline(id2)) + 1n);
    expect(await governor.state(id2)).to.equal(ProposalState.Succeeded);
    await expect(governor.queue(p2.targets, p2.values, p2.calldatas, h2)).to.emit(governor, "ProposalQueued");
    expect(await governor.state(id2)).to.equal(ProposalState.Queued);
    // Not before the timelock delay.
    await expect(governor.execute(p2.targets, p2.values, p2.calldatas, h2)).to.be.revertedWithCustomError(
      timelock,
      "TimelockUnexpectedOperationState",
    );
    await time.increaseTo(await governor.proposalEta(id2));
    await expect(governor.connect(carol).execute(p2.targets, p2.values, p2.calldatas, h2))
      .to.emit(staking, "ParameterSet")
      .withArgs(ethers.encodeBytes32String("cooldown"), 30n * DAY);
    expect(await governor.state(id2)).to.equal(ProposalState.Executed);
    expect(await staking.cooldown()).to.equal(30n * DAY);

    // --- 2. UUPS upgrade of OpenStaking to a V2 implementation
    await staking.connect(alice).requestUnstake(10_000n * OPEN);
    const before = {
      aliceActive: await staking.activeStake(alice.address),
      aliceUnbonding: await staking.unbonding(alice.address),
      total: await staking.totalActiveStake(),
      aliceVotes: await staking.getVotes(alice.address),
    };
    const v2 = await ethers.deployContract("OpenStakingV2Mock", [await open.getAddress()]);
    const p3 = {
      targets: [stakingAddress],
      values: [0n],
      calldatas: [staking.interface.encodeFunctionData("upgradeToAndCall", [await v2.getAddress(), "0x"])],
      description: "Upgrade OpenStaking to V2",
    };
    const h3 = ethers.id(p3.description);
    const id3 = await governor.hashProposal(p3.targets, p3.values, p3.calldatas, h3);
    await governor.connect(bob).propose(p3.targets, p3.values, p3.calldatas, p3.description);
    await time.increaseTo((await governor.proposalSnapshot(id3)) + 1n);
    await governor.connect(bob).castVote(id3, VoteType.For);
    await governor.connect(alice).castVote(id3, VoteType.Abstain);
    await time.increaseTo((await governor.proposalDeadline(id3)) + 1n);
    await governor.queue(p3.targets, p3.values, p3.calldatas, h3);
    await time.increaseTo(await governor.proposalEta(id3));
    await expect(governor.execute(p3.targets, p3.values, p3.calldatas, h3))
      .to.emit(staking, "Upgraded")
      .withArgs(await v2.getAddress());

    const upgraded = (await ethers.getContractAt("OpenStakingV2Mock", stakingAddress)) as unknown as OpenStakingV2Mock;
    expect(await upgraded.version()).to.equal("2");
    expect(await upgraded.activeStake(alice.address)).to.equal(before.aliceActive);
    expect(await upgraded.unbonding(alice.address)).to.deep.equal(before.aliceUnbonding);
    expect(await upgraded.totalActiveStake()).to.equal(before.total);
    expect(await upgraded.getVotes(alice.address)).to.equal(before.aliceVotes);
    expect(await upgraded.cooldown()).to.equal(30n * DAY);
    // The upgraded contract still works: withdraw after the (new) cooldown.
    await time.increaseTo((await upgraded.unbonding(alice.address))[1]);
    await expect(upgraded.connect(alice).withdraw())
      .to.emit(upgraded, "Withdrawn")
      .withArgs(alice.address, 10_000n * OPEN);
  });
});
