import { expect } from "chai";
import type { Signer } from "ethers";

import type { OpenGovernor } from "../../typechain-types/index.js";
import { type Chain, createChain } from "../helpers/fixtures.js";
import { ProposalState, VoteType, deployGovernance, proposeVoteQueue } from "../helpers/governance.js";
import { DAY, OPEN } from "../helpers/staking.js";

// The chain is created when this suite starts, as in OpenGovernor.test.ts (no chai matchers installed at import time).
let chain: Chain;
let ethers: Chain["ethers"];
let loadFixture: Chain["networkHelpers"]["loadFixture"];
let time: Chain["networkHelpers"]["time"];

/**
 * alice 20,000, bob 500,000 and dave 875 OPEN staked and self-delegated; carol 1,000 staked, not delegated. Total
 * supply of votes 521,875 OPEN, so a 4% quorum is exactly 20,875 OPEN = alice + dave.
 */
async function fixture() {
  const g = await deployGovernance(chain);
  const { staking, alice, bob, carol, dave } = g;
  await staking.connect(alice).stake(20_000n * OPEN);
  await staking.connect(bob).stake(500_000n * OPEN);
  await staking.connect(carol).stake(1_000n * OPEN);
  await staking.connect(dave).stake(875n * OPEN);
  for (const voter of [alice, bob, dave]) await staking.connect(voter).delegate(voter.address);
  await time.increase(1);
  return g;
}

/** alice proposes a no-op `description`; returns its id once voting is open. */
async function activeProposal(governor: OpenGovernor, proposer: Signer, description: string) {
  const target = [await proposer.getAddress()];
  await governor.connect(proposer).propose(target, [0n], ["0x"], description);
  const id = await governor.hashProposal(target, [0n], ["0x"], ethers.id(description));
  await time.increaseTo((await governor.proposalSnapshot(id)) + 1n);
  return id;
}

describe("GovernorCountingPacked (in OpenGovernor)", function () {
  before(async function () {
    chain = await createChain();
    ({ ethers } = chain);
    ({ loadFixture, time } = chain.networkHelpers);
  });

  it("has GovernorCountingSimple's counting mode", async function () {
    const { governor } = await loadFixture(fixture);
    expect(await governor.COUNTING_MODE()).to.equal("support=bravo&quorum=for,abstain");
  });

  it("tallies each vote type with the voter's weight at the snapshot, and marks the voter", async function () {
    const { governor, alice, bob, dave, carol } = await loadFixture(fixture);
    const id = await activeProposal(governor, alice, "tally");
    expect(await governor.proposalVotes(id)).to.deep.equal([0n, 0n, 0n]);
    await expect(governor.connect(alice).castVote(id, VoteType.Against))
      .to.emit(governor, "VoteCast")
      .withArgs(alice.address, id, VoteType.Against, 20_000n * OPEN, "");
    expect(await governor.proposalVotes(id)).to.deep.equal([20_000n * OPEN, 0n, 0n]);
    await expect(governor.connect(bob).castVoteWithReason(id, VoteType.For, "yes"))
      .to.emit(governor, "VoteCast")
      .withArgs(bob.address, id, VoteType.For, 500_000n * OPEN, "yes");
    expect(await governor.proposalVotes(id)).to.deep.equal([20_000n * OPEN, 500_000n * OPEN, 0n]);
    await expect(governor.connect(dave).castVote(id, VoteType.Abstain))
      .to.emit(governor, "VoteCast")
      .withArgs(dave.address, id, VoteType.Abstain, 875n * OPEN, "");
    expect(await governor.proposalVotes(id)).to.deep.equal([20_000n * OPEN, 500_000n * OPEN, 875n * OPEN]);
    for (const voter of [alice, bob, dave]) expect(await governor.hasVoted(id, voter.address)).to.equal(true);
    expect(await governor.hasVoted(id, carol.address)).to.equal(false);
  });

  it("adds the votes of several voters on one side", async function () {
    const { governor, alice, bob, dave } = await loadFixture(fixture);
    const id = await activeProposal(governor, alice, "same side");
    await governor.connect(alice).castVote(id, VoteType.Against);
    await governor.connect(dave).castVote(id, VoteType.Against);
    await governor.connect(bob).castVote(id, VoteType.Abstain);
    expect(await governor.proposalVotes(id)).to.deep.equal([20_875n * OPEN, 0n, 500_000n * OPEN]);
  });

  it("reverts an unknown support value, and the voter can still vote", async function () {
    const { governor, alice } = await loadFixture(fixture);
    const id = await activeProposal(governor, alice, "invalid");
    for (const support of [3, 255]) {
      await expect(governor.connect(alice).castVote(id, support)).to.be.revertedWithCustomError(
        governor,
        "GovernorInvalidVoteType",
      );
    }
    expect(await governor.hasVoted(id, alice.address)).to.equal(false);
    await governor.connect(alice).castVote(id, VoteType.For);
    expect(await governor.proposalVotes(id)).to.deep.equal([0n, 20_000n * OPEN, 0n]);
  });

  it("reverts a second vote of the same account, on any side, and counts nothing more", async function () {
    const { governor, alice } = await loadFixture(fixture);
    const id = await activeProposal(governor, alice, "twice");
    await governor.connect(alice).castVote(id, VoteType.For);
    for (const support of [VoteType.Against, VoteType.For, VoteType.Abstain]) {
      await expect(governor.connect(alice).castVote(id, support))
        .to.be.revertedWithCustomError(governor, "GovernorAlreadyCastVote")
        .withArgs(alice.address);
    }
    expect(await governor.proposalVotes(id)).to.deep.equal([0n, 20_000n * OPEN, 0n]);
  });

  it("keeps each proposal's votes apart: a vote on one proposal is not a vote on the next", async function () {
    const { governor, alice, bob } = await loadFixture(fixture);
    const first = await activeProposal(governor, alice, "first");
    await governor.connect(bob).castVote(first, VoteType.For);
    const second = await activeProposal(governor, alice, "second");
    expect(await governor.hasVoted(first, bob.address)).to.equal(true);
    expect(await governor.hasVoted(second, bob.address)).to.equal(false);
    expect(await governor.proposalVotes(second)).to.deep.equal([0n, 0n, 0n]);
    await governor.connect(bob).castVote(second, VoteType.Against);
    expect(await governor.hasVoted(second, bob.address)).to.equal(true);
    expect(await governor.proposalVotes(first)).to.deep.equal([0n, 500_000n * OPEN, 0n]);
    expect(await governor.proposalVotes(second)).to.deep.equal([500_000n * OPEN, 0n, 0n]);
  });

  it("answers zeros for an unknown proposal; proposalQuorum reverts for it and while the proposal is pending", async function () {
    const { governor, staking, alice } = await loadFixture(fixture);
    expect(await governor.proposalVotes(42n)).to.deep.equal([0n, 0n, 0n]);
    expect(await governor.hasVoted(42n, alice.address)).to.equal(false);
    await expect(governor.proposalQuorum(42n))
      .to.be.revertedWithCustomError(governor, "GovernorNonexistentProposal")
      .withArgs(42n);
    await governor.connect(alice).propose([alice.address], [0n], ["0x"], "pending");
    const id = await governor.hashProposal([alice.address], [0n], ["0x"], ethers.id("pending"));
    const snapshot = await governor.proposalSnapshot(id);
    await expect(governor.proposalQuorum(id))
      .to.be.revertedWithCustomError(staking, "ERC5805FutureLookup")
      .withArgs(snapshot, BigInt(await time.latest()));
    await time.increaseTo(snapshot + 1n);
    expect(await governor.proposalQuorum(id)).to.equal(20_875n * OPEN);
  });

  describe("quorum", function () {
    it("is reached at exactly the bar by For + Abstain (Against does not count)", async function () {
      const { governor, alice, bob, dave } = await loadFixture(fixture);
      const id = await activeProposal(governor, alice, "at the bar");
      expect(await governor.proposalQuorum(id)).to.equal(20_875n * OPEN);
      expect(await governor.proposalQuorum(id)).to.equal(await governor.quorum(await governor.proposalSnapshot(id)));
      await governor.connect(alice).castVote(id, VoteType.For);
      await governor.connect(dave).castVote(id, VoteType.Abstain);
      await time.increaseTo((await governor.proposalDeadline(id)) + 1n);
      expect(await governor.state(id)).to.equal(ProposalState.Succeeded);
      // The same For + Abstain with bob Against: quorum reached, vote lost.
      const lost = await activeProposal(governor, alice, "at the bar, lost");
      await governor.connect(alice).castVote(lost, VoteType.For);
      await governor.connect(dave).castVote(lost, VoteType.Abstain);
      await governor.connect(bob).castVote(lost, VoteType.Against);
      await time.increaseTo((await governor.proposalDeadline(lost)) + 1n);
      expect(await governor.state(lost)).to.equal(ProposalState.Defeated);
    });

    it("is not reached one wei below the bar", async function () {
      const { governor, staking, alice, dave, carol } = await loadFixture(fixture);
      // dave moves one wei of his stake to carol's (undelegated, counted in the supply): the bar stays 20,875 OPEN.
      await staking.connect(dave).requestUnstake(1n);
      await staking.connect(carol).stake(1n);
      await time.increase(1);
      const id = await activeProposal(governor, alice, "one wei below");
      expect(await governor.proposalQuorum(id)).to.equal(20_875n * OPEN);
      await governor.connect(alice).castVote(id, VoteType.For);
      await governor.connect(dave).castVote(id, VoteType.Abstain);
      expect(await governor.proposalVotes(id)).to.deep.equal([0n, 20_000n * OPEN, 875n * OPEN - 1n]);
      await time.increaseTo((await governor.proposalDeadline(id)) + 1n);
      expect(await governor.state(id)).to.equal(ProposalState.Defeated);
    });

    it("holds a proposal to the numerator in force at its creation, not to a later change", async function () {
      const { governor, governorAddress, alice, bob, dave } = await loadFixture(fixture);
      // Governance raises the quorum to 20%; alice proposes right before that change is executed, so the new
      // numerator is in force at her proposal's snapshot (OpenZeppelin's rule would hold it to 20%).
      const { execute } = await proposeVoteQueue(chain, governor, alice, [bob], {
        targets: [governorAddress],
        values: [0n],
        calldatas: [governor.interface.encodeFunctionData("updateQuorumNumerator", [20n])],
        description: "quorum 20%",
      });
      await governor.connect(alice).propose([alice.address], [0n], ["0x"], "made at 4%");
      const before = await governor.hashProposal([alice.address], [0n], ["0x"], ethers.id("made at 4%"));
      await expect(execute()).to.emit(governor, "QuorumNumeratorUpdated").withArgs(4n, 20n);
      // Voting on `before` opens first (it was proposed first).
      const after = await activeProposal(governor, alice, "made at 20%");
      const supply = 521_875n * OPEN;
      expect(await governor.proposalQuorum(before)).to.equal((supply * 4n) / 100n);
      expect(await governor.quorum(await governor.proposalSnapshot(before))).to.equal((supply * 20n) / 100n);
      expect(await governor.proposalQuorum(after)).to.equal((supply * 20n) / 100n);
      for (const id of [before, after]) {
        await governor.connect(alice).castVote(id, VoteType.For);
        await governor.connect(dave).castVote(id, VoteType.For);
      }
      await time.increaseTo((await governor.proposalDeadline(after)) + 1n);
      expect(await governor.state(before)).to.equal(ProposalState.Succeeded);
      expect(await governor.state(after)).to.equal(ProposalState.Defeated);
    });

    it("reaching it late extends the deadline by the late-quorum extension", async function () {
      const { governor, alice, dave } = await loadFixture(fixture);
      await governor.connect(alice).propose([alice.address], [0n], ["0x"], "late at the bar");
      const id = await governor.hashProposal([alice.address], [0n], ["0x"], ethers.id("late at the bar"));
      const deadline = await governor.proposalDeadline(id);
      await time.setNextBlockTimestamp(deadline - 10n);
      await expect(governor.connect(alice).castVote(id, VoteType.For)).not.to.emit(governor, "ProposalExtended");
      await time.setNextBlockTimestamp(deadline - 5n);
      await expect(governor.connect(dave).castVote(id, VoteType.Abstain))
        .to.emit(governor, "ProposalExtended")
        .withArgs(id, deadline - 5n + 2n * DAY);
    });
  });
});
