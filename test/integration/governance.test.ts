import { expect } from "chai";
import { encodeBytes32String, getAddress, dataSlice, id as keccakId, toBeHex, ZeroHash, type BytesLike } from "ethers";

import type { OpenStakingV2Mock } from "../../typechain-types/index.js";
import { split } from "../helpers/payments.js";
import { TEST_PARAMETERS } from "../helpers/protocol.js";
import { DAY, OPEN, ProposalState, Vote, loadProtocolFixture, registerModel } from "../helpers/protocol-fixture.js";

/** ERC-1967 implementation slot: bytes32(uint256(keccak256("eip1967.proxy.implementation")) - 1). */
const IMPLEMENTATION_SLOT = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";
/** TimelockController's `OperationState.Ready` as the state bitmap of its errors (Unset 0, Waiting 1, Ready 2). */
const TIMELOCK_READY = toBeHex(1n << 2n, 32);
const PROPOSER_ROLE = keccakId("PROPOSER_ROLE");
const SLASHER_ROLE = keccakId("SLASHER_ROLE");
/** Proposal threshold and quorum numerator: the module's defaults (TEST_PARAMETERS does not override them). */
const THRESHOLD = 10_000n * OPEN;
const QUORUM_PERCENT = 4n;

const load = await loadProtocolFixture({ accounts: ["alice", "bob", "carol", "modelOwner", "operator", "payer"] });

interface Proposal {
  targets: string[];
  values: bigint[];
  calldatas: BytesLike[];
  description: string;
}

/**
 * Flow, on the protocol deployed by the production Ignition module (deploy/modules/Protocol.ts with TEST_PARAMETERS;
 * asset WOPEN, every admin role held by the TimelockController, which only executes what OpenGovernor queued):
 * stakers delegate; a proposal changes the staking cooldown (defeated, then passed), a second one upgrades OpenStaking
 * (UUPS) to a V2 implementation; another raises InferencePayments' protocol fee. Each goes propose → vote → queue →
 * execute through OpenGovernor and the timelock with time advanced, never through an impersonated timelock: this file
 * is the proof of the real path that the other flows' `asAdmin` calls stand for.
 */
describe("Governance flow: parameter change and UUPS upgrade through the timelock", function () {
  it("changes the staking cooldown, then upgrades OpenStaking keeping its state", async function () {
    const f = await load();
    const { ethers, networkHelpers, p, timelockAddress } = f;
    const { time } = networkHelpers;
    const { governor, staking, timelock, wopen } = p;
    const { alice, bob, carol } = f.accounts;
    const stakingAddress = await staking.getAddress();
    const governorAddress = await governor.getAddress();

    /** The timelock operation of a proposal: OpenGovernor salts it with its address xor the description hash. */
    const timelockOperation = (q: Proposal) =>
      timelock.hashOperationBatch(
        q.targets,
        q.values,
        q.calldatas,
        ZeroHash,
        toBeHex((BigInt(governorAddress) << 96n) ^ BigInt(ethers.id(q.description)), 32),
      );
    const implementationOf = async (proxy: string) =>
      getAddress(dataSlice(await ethers.provider.getStorage(proxy, IMPLEMENTATION_SLOT), 12));

    // The deployed governance: OpenGovernor votes with OpenStaking and queues in the timelock. The durations are
    // TEST_PARAMETERS' (voting delay 1 hour, voting period 1 day, late-quorum extension 1 hour, timelock delay 2 days;
    // the hand-made stack this flow ran on before used 1 day, 5 days, 2 days and 2 days); the proposal threshold
    // (10,000) and the quorum (4%) are the module's defaults, the same as before.
    expect(await governor.token()).to.equal(stakingAddress);
    expect(await governor.timelock()).to.equal(timelockAddress);
    expect(await governor.votingDelay()).to.equal(TEST_PARAMETERS.votingDelay);
    expect(await governor.votingPeriod()).to.equal(TEST_PARAMETERS.votingPeriod);
    expect(await governor.lateQuorumVoteExtension()).to.equal(TEST_PARAMETERS.lateQuorumExtension);
    expect(await timelock.getMinDelay()).to.equal(TEST_PARAMETERS.timelockDelay);
    expect(await governor.proposalThreshold()).to.equal(THRESHOLD);
    expect(await governor.quorumNumerator()).to.equal(QUORUM_PERCENT);
    expect(await staking.asset()).to.equal(await wopen.getAddress());

    // The timelock is the staking admin; nobody else is.
    expect(await staking.hasRole(ZeroHash, timelockAddress)).to.equal(true);
    expect(await staking.hasRole(ZeroHash, p.deployer.address)).to.equal(false);
    await expect(staking.connect(alice).setCooldown(30n * DAY))
      .to.be.revertedWithCustomError(staking, "AccessControlUnauthorizedAccount")
      .withArgs(alice.address, ZeroHash);
    expect(await staking.cooldown()).to.equal(14n * DAY);

    await staking.connect(alice).stake(50_000n * OPEN);
    await staking.connect(bob).stake(200_000n * OPEN);
    await staking.connect(carol).stake(5_000n * OPEN);
    await staking.connect(alice).delegate(alice.address);
    await staking.connect(bob).delegate(bob.address);
    await staking.connect(carol).delegate(alice.address);
    await time.increase(1);

    // --- 1. Parameter change: cooldown 14 days -> 30 days
    const p1: Proposal = {
      targets: [stakingAddress],
      values: [0n],
      calldatas: [staking.interface.encodeFunctionData("setCooldown", [30n * DAY])],
      description: "Set the staking cooldown to 30 days",
    };
    const h1 = ethers.id(p1.description);
    const id1 = await governor.hashProposal(p1.targets, p1.values, p1.calldatas, h1);
    // Carol delegated her votes to Alice: with none of her own she is below the threshold.
    await expect(governor.connect(carol).propose(p1.targets, p1.values, p1.calldatas, p1.description))
      .to.be.revertedWithCustomError(governor, "GovernorInsufficientProposerVotes")
      .withArgs(carol.address, 0n, THRESHOLD);
    await expect(governor.connect(alice).propose(p1.targets, p1.values, p1.calldatas, p1.description)).to.emit(
      governor,
      "ProposalCreated",
    );
    const proposedAt = BigInt(await time.latest());
    expect(await governor.proposalProposer(id1)).to.equal(alice.address);
    expect(await governor.proposalSnapshot(id1)).to.equal(proposedAt + TEST_PARAMETERS.votingDelay);
    expect(await governor.proposalDeadline(id1)).to.equal(
      proposedAt + TEST_PARAMETERS.votingDelay + TEST_PARAMETERS.votingPeriod,
    );
    expect(await governor.state(id1)).to.equal(ProposalState.Pending);
    await expect(governor.connect(bob).castVote(id1, Vote.For))
      .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
      .withArgs(id1, ProposalState.Pending, ethers.toBeHex(1n << BigInt(ProposalState.Active), 32));

    await time.increaseTo((await governor.proposalSnapshot(id1)) + 1n);
    expect(await governor.state(id1)).to.equal(ProposalState.Active);
    // Stake added after the snapshot does not count.
    await staking.connect(carol).stake(100_000n * OPEN);
    await expect(governor.connect(alice).castVote(id1, Vote.For))
      .to.emit(governor, "VoteCast")
      .withArgs(alice.address, id1, Vote.For, 55_000n * OPEN, "");
    await expect(governor.connect(bob).castVote(id1, Vote.Against))
      .to.emit(governor, "VoteCast")
      .withArgs(bob.address, id1, Vote.Against, 200_000n * OPEN, "");
    await expect(governor.connect(alice).castVote(id1, Vote.For))
      .to.be.revertedWithCustomError(governor, "GovernorAlreadyCastVote")
      .withArgs(alice.address);
    expect(await governor.hasVoted(id1, alice.address)).to.equal(true);
    expect(await governor.hasVoted(id1, bob.address)).to.equal(true);
    expect(await governor.hasVoted(id1, carol.address)).to.equal(false);
    expect(await governor.proposalVotes(id1)).to.deep.equal([200_000n * OPEN, 55_000n * OPEN, 0n]);
    // Quorum: 4% of the 255,000 staked at the snapshot (Carol's later 100,000 excluded).
    expect(await governor.proposalQuorum(id1)).to.equal(10_200n * OPEN);
    expect(await governor.quorum(await governor.proposalSnapshot(id1))).to.equal(10_200n * OPEN);
    // Quorum was reached long before the end: no late-quorum extension.
    expect(await governor.proposalDeadline(id1)).to.equal(
      proposedAt + TEST_PARAMETERS.votingDelay + TEST_PARAMETERS.votingPeriod,
    );
    await time.increaseTo((await governor.proposalDeadline(id1)) + 1n);
    expect(await governor.state(id1)).to.equal(ProposalState.Defeated);
    await expect(governor.queue(p1.targets, p1.values, p1.calldatas, h1)).to.be.revertedWithCustomError(
      governor,
      "GovernorUnexpectedProposalState",
    );

    // Same change again, this time bob supports it.
    const p2: Proposal = { ...p1, description: "Set the staking cooldown to 30 days (again)" };
    const h2 = ethers.id(p2.description);
    const id2 = await governor.hashProposal(p2.targets, p2.values, p2.calldatas, h2);
    await governor.connect(alice).propose(p2.targets, p2.values, p2.calldatas, p2.description);
    await time.increaseTo((await governor.proposalSnapshot(id2)) + 1n);
    await governor.connect(bob).castVote(id2, Vote.For);
    expect(await governor.proposalVotes(id2)).to.deep.equal([0n, 200_000n * OPEN, 0n]);
    // 4% of 355,000: Carol's 100,000 were staked before this snapshot.
    expect(await governor.proposalQuorum(id2)).to.equal(14_200n * OPEN);
    await time.increaseTo((await governor.proposalDeadline(id2)) + 1n);
    expect(await governor.state(id2)).to.equal(ProposalState.Succeeded);
    const queueTx = await governor.queue(p2.targets, p2.values, p2.calldatas, h2);
    const queuedBlock = await ethers.provider.getBlock((await queueTx.wait())!.blockNumber);
    const eta2 = BigInt(queuedBlock!.timestamp) + TEST_PARAMETERS.timelockDelay;
    await expect(queueTx).to.emit(governor, "ProposalQueued").withArgs(id2, eta2);
    expect(await governor.state(id2)).to.equal(ProposalState.Queued);
    expect(await governor.proposalEta(id2)).to.equal(eta2);
    // Queued in the deployed timelock, due at the eta.
    const op2 = await timelockOperation(p2);
    expect(await timelock.isOperationPending(op2)).to.equal(true);
    expect(await timelock.getTimestamp(op2)).to.equal(eta2);
    // Not before the timelock delay.
    await expect(governor.execute(p2.targets, p2.values, p2.calldatas, h2))
      .to.be.revertedWithCustomError(timelock, "TimelockUnexpectedOperationState")
      .withArgs(op2, TIMELOCK_READY);
    await time.increaseTo(await governor.proposalEta(id2));
    await expect(governor.connect(carol).execute(p2.targets, p2.values, p2.calldatas, h2))
      .to.emit(staking, "CooldownSet")
      .withArgs(30n * DAY);
    expect(await governor.state(id2)).to.equal(ProposalState.Executed);
    expect(await timelock.isOperationDone(op2)).to.equal(true);
    expect(await staking.cooldown()).to.equal(30n * DAY);

    // --- 2. UUPS upgrade of OpenStaking to a V2 implementation
    await staking.connect(alice).requestUnstake(10_000n * OPEN);
    const requestedAt = BigInt(await time.latest());
    const before = {
      aliceActive: await staking.activeStake(alice.address),
      aliceUnbonding: await staking.unbonding(alice.address),
      total: await staking.totalActiveStake(),
      aliceVotes: await staking.getVotes(alice.address),
    };
    expect(before.aliceActive).to.equal(40_000n * OPEN);
    expect(before.aliceUnbonding).to.deep.equal([10_000n * OPEN, requestedAt + 30n * DAY]);
    expect(before.total).to.equal(345_000n * OPEN);
    expect(before.aliceVotes).to.equal(145_000n * OPEN); // her 40,000 and Carol's 105,000

    // The new implementation is built with the constructor arguments the module gives OpenStaking's (the asset,
    // WOPEN): its immutable asset is the deployed implementation's.
    const moduleImplementation = await implementationOf(stakingAddress);
    const v2 = (await ethers.deployContract("OpenStakingV2Mock", [
      await wopen.getAddress(),
    ])) as unknown as OpenStakingV2Mock;
    const v2Address = await v2.getAddress();
    expect(await v2.asset()).to.equal(await (await ethers.getContractAt("OpenStaking", moduleImplementation)).asset());
    expect(await v2.asset()).to.equal(await wopen.getAddress());

    // Only the timelock may upgrade: not the deployer, the guardian or a staker, however many votes it holds; and
    // nobody but the governor may schedule the call in the timelock.
    for (const account of [p.deployer, p.guardian, alice, bob]) {
      await expect(staking.connect(account).upgradeToAndCall(v2Address, "0x"))
        .to.be.revertedWithCustomError(staking, "AccessControlUnauthorizedAccount")
        .withArgs(account.address, ZeroHash);
    }
    const upgradeCall = staking.interface.encodeFunctionData("upgradeToAndCall", [v2Address, "0x"]);
    await expect(
      timelock
        .connect(bob)
        .schedule(stakingAddress, 0n, upgradeCall, ZeroHash, ZeroHash, TEST_PARAMETERS.timelockDelay),
    )
      .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount")
      .withArgs(bob.address, PROPOSER_ROLE);
    expect(await implementationOf(stakingAddress)).to.equal(moduleImplementation);

    const p3: Proposal = {
      targets: [stakingAddress],
      values: [0n],
      calldatas: [upgradeCall],
      description: "Upgrade OpenStaking to V2",
    };
    const h3 = ethers.id(p3.description);
    const id3 = await governor.hashProposal(p3.targets, p3.values, p3.calldatas, h3);
    await governor.connect(bob).propose(p3.targets, p3.values, p3.calldatas, p3.description);
    await time.increaseTo((await governor.proposalSnapshot(id3)) + 1n);
    await governor.connect(bob).castVote(id3, Vote.For);
    await expect(governor.connect(alice).castVote(id3, Vote.Abstain))
      .to.emit(governor, "VoteCast")
      .withArgs(alice.address, id3, Vote.Abstain, 145_000n * OPEN, "");
    expect(await governor.proposalVotes(id3)).to.deep.equal([0n, 200_000n * OPEN, 145_000n * OPEN]);
    // 4% of 345,000 (Alice's 10,000 unbonding no longer count).
    expect(await governor.proposalQuorum(id3)).to.equal(13_800n * OPEN);
    await time.increaseTo((await governor.proposalDeadline(id3)) + 1n);
    expect(await governor.state(id3)).to.equal(ProposalState.Succeeded);
    await governor.queue(p3.targets, p3.values, p3.calldatas, h3);
    await expect(governor.execute(p3.targets, p3.values, p3.calldatas, h3))
      .to.be.revertedWithCustomError(timelock, "TimelockUnexpectedOperationState")
      .withArgs(await timelockOperation(p3), TIMELOCK_READY);
    await time.increaseTo(await governor.proposalEta(id3));
    await expect(governor.execute(p3.targets, p3.values, p3.calldatas, h3))
      .to.emit(staking, "Upgraded")
      .withArgs(v2Address);
    expect(await governor.state(id3)).to.equal(ProposalState.Executed);
    expect(await implementationOf(stakingAddress)).to.equal(v2Address);

    const upgraded = (await ethers.getContractAt("OpenStakingV2Mock", stakingAddress)) as unknown as OpenStakingV2Mock;
    expect(await upgraded.version()).to.equal("2");
    expect(await upgraded.activeStake(alice.address)).to.equal(before.aliceActive);
    expect(await upgraded.unbonding(alice.address)).to.deep.equal(before.aliceUnbonding);
    expect(await upgraded.totalActiveStake()).to.equal(before.total);
    expect(await upgraded.getVotes(alice.address)).to.equal(before.aliceVotes);
    expect(await upgraded.cooldown()).to.equal(30n * DAY);
    // The roles and the vote checkpoints are storage too: the timelock is still the admin, AttributionDisputes
    // still the slasher (the oracle the stake guard), and past totals still read as they were.
    expect(await upgraded.hasRole(ZeroHash, timelockAddress)).to.equal(true);
    expect(await upgraded.hasRole(SLASHER_ROLE, await p.attributionDisputes.getAddress())).to.equal(true);
    expect(await upgraded.stakeGuard()).to.equal(await p.attributionOracle.getAddress());
    expect(await upgraded.getPastTotalSupply(await governor.proposalSnapshot(id1))).to.equal(255_000n * OPEN);
    expect(await upgraded.getPastTotalSupply(await governor.proposalSnapshot(id2))).to.equal(355_000n * OPEN);
    // The upgraded contract still works: withdraw after the (new) cooldown.
    await time.increaseTo((await upgraded.unbonding(alice.address))[1]);
    const withdrawal = upgraded.connect(alice).withdraw();
    await expect(withdrawal)
      .to.emit(upgraded, "Withdrawn")
      .withArgs(alice.address, 10_000n * OPEN);
    await expect(withdrawal).to.changeTokenBalances(
      ethers,
      wopen,
      [alice.address, stakingAddress],
      [10_000n * OPEN, -10_000n * OPEN],
    );
  });

  it("raises the protocol fee within its bounds; payments split with the new fee once the timelock executes it", async function () {
    const f = await load();
    const { ethers, networkHelpers, p } = f;
    const { time } = networkHelpers;
    const { governor, inferencePayments: payments, staking, treasury, wopen } = p;
    const { alice, modelOwner, operator, payer } = f.accounts;
    const paymentsAddress = await payments.getAddress();

    // A model to pay, 1 OPEN per unit, 20% of what is left after fees to contributors. The deployed ModelRegistry
    // accepts only a staked compute provider as operator: the operator stakes 1,000 (the role's minimum) and does not
    // delegate. Alice stakes 20,000 and votes with them.
    const modelId = await registerModel(f, {
      owner: modelOwner,
      operator,
      operatorStake: 1_000n * OPEN,
      registration: { pricePerUnit: OPEN, contributorShareBps: 2_000 },
    });
    await staking.connect(alice).stake(20_000n * OPEN);
    await staking.connect(alice).delegate(alice.address);
    await time.increase(1);

    expect(await payments.protocolFeeBps()).to.equal(500n);
    expect(await payments.stakerFeeBps()).to.equal(500n);
    await expect(payments.connect(alice).setProtocolFeeBps(800))
      .to.be.revertedWithCustomError(payments, "AccessControlUnauthorizedAccount")
      .withArgs(alice.address, ZeroHash);

    let request = 0;
    /** Pays 100 units (100 OPEN); returns the parts credited, read from the accrued balances. */
    async function pay100() {
      const accrued = async () => ({
        protocol: await payments.protocolAccrued(),
        stakers: await payments.stakerAccrued(),
        owner: await payments.modelRevenueAccrued(modelId),
      });
      const start = await accrued();
      await payments.connect(payer).pay(modelId, 100n, 100n * OPEN, keccakId(`request-${request++}`));
      const end = await accrued();
      return {
        protocol: end.protocol - start.protocol,
        stakers: end.stakers - start.stakers,
        owner: end.owner - start.owner,
      };
    }
    const partsAt = (protocolFeeBps: bigint) => {
      const { protocol, stakers, owner } = split(100n * OPEN, protocolFeeBps, 500n, 2_000n);
      return { protocol, stakers, owner };
    };

    // Two proposals, voted together: 8% (within [0, 10%]) and 15%, above MAX_PROTOCOL_FEE_BPS.
    const fee = (bps: bigint, description: string): Proposal => ({
      targets: [paymentsAddress],
      values: [0n],
      calldatas: [payments.interface.encodeFunctionData("setProtocolFeeBps", [bps])],
      description,
    });
    const raise = fee(800n, "Raise the protocol fee to 8%");
    const tooHigh = fee(1_500n, "Raise the protocol fee to 15%");
    const ids: bigint[] = [];
    for (const q of [raise, tooHigh]) {
      ids.push(await governor.hashProposal(q.targets, q.values, q.calldatas, ethers.id(q.description)));
      await governor.connect(alice).propose(q.targets, q.values, q.calldatas, q.description);
    }
    const [raiseId, tooHighId] = ids;
    await time.increaseTo((await governor.proposalSnapshot(tooHighId)) + 1n);
    for (const id of ids) {
      await expect(governor.connect(alice).castVote(id, Vote.For))
        .to.emit(governor, "VoteCast")
        .withArgs(alice.address, id, Vote.For, 20_000n * OPEN, "");
    }
    expect(await governor.proposalVotes(raiseId)).to.deep.equal([0n, 20_000n * OPEN, 0n]);
    // 4% of the 21,000 staked: the operator's 1,000 count in the total although they vote for nobody.
    expect(await governor.proposalQuorum(raiseId)).to.equal(840n * OPEN);
    await time.increaseTo((await governor.proposalDeadline(tooHighId)) + 1n);
    for (const q of [raise, tooHigh]) await governor.queue(q.targets, q.values, q.calldatas, ethers.id(q.description));
    await time.increaseTo(await governor.proposalEta(tooHighId));
    expect(await governor.state(raiseId)).to.equal(ProposalState.Queued);

    // Queued is not executed: a payment still splits with 5%.
    expect(await pay100()).to.deep.equal(partsAt(500n));
    expect(partsAt(500n).protocol).to.equal(5n * OPEN);

    // No vote sets a fee outside its bounds: the execution reverts with the contract's own error and the proposal
    // stays queued.
    await expect(governor.execute(tooHigh.targets, tooHigh.values, tooHigh.calldatas, ethers.id(tooHigh.description)))
      .to.be.revertedWithCustomError(payments, "ProtocolParameterOutOfBounds")
      .withArgs(encodeBytes32String("protocolFeeBps"), 1_500n, 0n, 1_000n);
    expect(await governor.state(tooHighId)).to.equal(ProposalState.Queued);
    expect(await payments.protocolFeeBps()).to.equal(500n);

    await expect(governor.execute(raise.targets, raise.values, raise.calldatas, ethers.id(raise.description)))
      .to.emit(payments, "ProtocolFeeBpsSet")
      .withArgs(800n);
    expect(await governor.state(raiseId)).to.equal(ProposalState.Executed);
    expect(await payments.protocolFeeBps()).to.equal(800n);

    // The next payment splits with 8%: 8 to the treasury, 5 to the stakers, 17.4 to contributors, 69.6 to the owner.
    expect(await pay100()).to.deep.equal(partsAt(800n));
    expect(partsAt(800n)).to.deep.equal({ protocol: 8n * OPEN, stakers: 5n * OPEN, owner: 696n * 10n ** 17n });
    await expect(payments.collectProtocolFees()).to.changeTokenBalances(
      ethers,
      wopen,
      [paymentsAddress, await treasury.getAddress()],
      [-13n * OPEN, 13n * OPEN],
    );
  });
});
