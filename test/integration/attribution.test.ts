// Proof of Attribution end to end: inference logs, quorum (on chain and by signatures), disputes, equivocation,
// liveness, finalization and claims. Real OpenStaking (oracles stake and register), real DatanetRegistry and
// ModelRegistry, InferencePayments (inferences paid fund the pools) and AgentRegistry; no stand-in.
import { expect } from "chai";
import { Wallet } from "ethers";

import { buildRewardsTree } from "../../src/rewards/tree.js";
import {
  reportHash,
  signReport,
  signReportBy,
  claimAuthorizationTypes,
  protocolDomain,
  REWARD_DISTRIBUTOR_DOMAIN_NAME,
} from "../../src/protocol/index.js";
import { createChain } from "../helpers/fixtures.js";
import {
  acceptedReport,
  BOND,
  deployAttribution,
  E,
  EPOCH,
  EpochStatus,
  LOG_DEADLINE,
  makeReport,
  ORACLE_STAKE,
  WINDOW,
} from "../helpers/attribution.js";

const chain = await createChain();
const { networkHelpers } = chain;

// Seven oracles of 10,000 OPEN: total 70,000; quorum 6667 bps needs 46,669 (five oracles).
const fixture = () => deployAttribution(chain);
// Total 10,000 OPEN; the first two oracles hold exactly 6,667 (the threshold) in one, one wei less in the other.
const atThreshold = () => deployAttribution(chain, { oracleStakes: [5_000n * E, 1_667n * E, 3_333n * E] });
const belowThreshold = () => deployAttribution(chain, { oracleStakes: [5_000n * E, 1_667n * E - 1n, 3_333n * E + 1n] });

describe("Proof of Attribution on chain (real payments, staking and registries)", function () {
  it("logs, 7-signature submission, window, finalize, claims over two epochs pay exactly the increase", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const [alice, bob] = [f.users[7], f.users[8]];
    await f.fund(100n * E);
    // The model's operator (a registered compute provider) commits epoch 0's inference log.
    await networkHelpers.time.increaseTo(f.epochEnd(0n));
    const logRoot = chain.ethers.id("log-0");
    await expect(f.logs.connect(f.modelOperator).commitInferenceLog(f.modelId, 0n, logRoot, "ipfs://log-0"))
      .to.emit(f.logs, "InferenceLogCommitted")
      .withArgs(f.modelId, 0n, f.modelOperator.address, logRoot, "ipfs://log-0");
    await f.openReports(0n);
    const tree0 = buildRewardsTree(
      new Map([
        [alice.address, 30n * E],
        [bob.address, 10n * E],
      ]),
    );
    const r0 = makeReport(0n, tree0.root, 40n * E);
    const tx = f.oracle.submit(r0, await signReportBy(f.oracles, f.domain, r0));
    await expect(tx)
      .to.emit(f.oracle, "ReportAccepted")
      .withArgs(0n, reportHash(r0), 0n, tree0.root, 40n * E, r0.attributionRoot, r0.dataURI);
    await expect(f.oracle.finalize(await acceptedReport(f.oracle, 0n))).to.be.revertedWithCustomError(
      f.oracle,
      "AttributionChallengeWindowOpen",
    );
    await networkHelpers.time.increase(WINDOW);
    await expect(f.oracle.finalize(await acceptedReport(f.oracle, 0n)))
      .to.emit(f.rd, "RootUpdated")
      .withArgs(0n, tree0.root, 40n * E, 40n * E);
    expect(await f.rd.merkleRoot()).to.equal(tree0.root);
    expect(await f.open.balanceOf(await f.rd.getAddress())).to.equal(40n * E);

    await expect(f.rd.claim(alice.address, 30n * E, tree0.getProof(alice.address))).to.changeTokenBalances(
      chain.ethers,
      f.open,
      [alice, f.rd],
      [30n * E, -30n * E],
    );
    await expect(f.rd.claim(alice.address, 30n * E, tree0.getProof(alice.address)))
      .to.be.revertedWithCustomError(f.rd, "DistributorNothingToClaim")
      .withArgs(alice.address, 30n * E, 30n * E);

    // Epoch 1: cumulative amounts grow; the stale proof of epoch 0 fails, the new proof pays the difference.
    await f.openReports(1n);
    const tree1 = buildRewardsTree(
      new Map([
        [alice.address, 45n * E],
        [bob.address, 25n * E],
      ]),
    );
    const r1 = makeReport(1n, tree1.root, 70n * E);
    await f.oracle.submit(r1, await signReportBy(f.oracles.slice(0, 5), f.domain, r1));
    await networkHelpers.time.increase(WINDOW);
    await f.oracle.finalize(await acceptedReport(f.oracle, 1n));
    await expect(f.rd.claim(bob.address, 10n * E, tree0.getProof(bob.address)))
      .to.be.revertedWithCustomError(f.rd, "DistributorInvalidProof")
      .withArgs(bob.address, 10n * E);
    await expect(f.rd.claim(alice.address, 45n * E, tree1.getProof(alice.address))).to.changeTokenBalances(
      chain.ethers,
      f.open,
      [alice],
      [15n * E],
    );
    await expect(f.rd.claim(bob.address, 25n * E, tree1.getProof(bob.address))).to.changeTokenBalances(
      chain.ethers,
      f.open,
      [bob],
      [25n * E],
    );
    expect(await f.rd.totalClaimed()).to.equal(70n * E);
    expect(await f.rd.unclaimed()).to.equal(0n);
    expect(await f.payments.totalAttributionReleased()).to.equal(70n * E);
  });

  it("quorum exactly at the threshold accepts (on chain and by signatures)", async function () {
    const f = await networkHelpers.loadFixture(atThreshold);
    await f.fund(E);
    await f.openReports(0n);
    const r = makeReport(0n, "0x" + "11".repeat(32), 1n);
    const a = f.oracle.connect(f.oracles[0]).attest(r);
    await expect(a)
      .to.emit(f.oracle, "Attested")
      .withArgs(0n, reportHash(r), f.oracles[0].address, 0n, 5_000n * E, 5_000n * E);
    await expect(a).not.to.emit(f.oracle, "ReportAccepted");
    await expect(f.oracle.connect(f.oracles[1]).attest(r)).to.emit(f.oracle, "ReportAccepted");

    const other = await deployAttribution(chain, { oracleStakes: [5_000n * E, 1_667n * E, 3_333n * E] });
    await other.fund(E);
    await other.openReports(0n);
    const sigs = await signReportBy(other.oracles.slice(0, 2), other.domain, r);
    await expect(other.oracle.submit(r, sigs)).to.emit(other.oracle, "ReportAccepted");
  });

  it("one wei below the threshold is not a quorum", async function () {
    const f = await networkHelpers.loadFixture(belowThreshold);
    await f.fund(E);
    await f.openReports(0n);
    const r = makeReport(0n, "0x" + "11".repeat(32), 1n);
    await expect(f.oracle.submit(r, await signReportBy(f.oracles.slice(0, 2), f.domain, r)))
      .to.be.revertedWithCustomError(f.oracle, "AttributionQuorumNotReached")
      .withArgs(reportHash(r), 6_667n * E - 1n, 10_000n * E, 6_667n);
    await f.oracle.connect(f.oracles[0]).attest(r);
    await expect(f.oracle.connect(f.oracles[1]).attest(r)).not.to.emit(f.oracle, "ReportAccepted");
    expect(await f.oracle.attestedWeight(reportHash(r), 0)).to.equal(6_667n * E - 1n);
  });

  it("submit refuses duplicate and out-of-order signers; unstaked and unregistered signers count zero", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    await f.fund(E);
    await f.openReports(0n);
    const r = makeReport(0n, "0x" + "22".repeat(32), 1n);
    const sorted = await signReportBy(f.oracles.slice(0, 5), f.domain, r);
    await expect(f.oracle.submit(r, [sorted[0], sorted[0], ...sorted.slice(1)])).to.be.revertedWithCustomError(
      f.oracle,
      "AttributionSignersNotAscending",
    );
    await expect(f.oracle.submit(r, [sorted[1], sorted[0], ...sorted.slice(2)])).to.be.revertedWithCustomError(
      f.oracle,
      "AttributionSignersNotAscending",
    );
    // A staker that never registered as an oracle (the model operator, a compute provider) and fresh keys count 0.
    const outsiders = [f.modelOperator, Wallet.createRandom(), Wallet.createRandom()];
    const fourPlusOutsiders = await signReportBy([...f.oracles.slice(0, 4), ...outsiders], f.domain, r);
    await expect(f.oracle.submit(r, fourPlusOutsiders))
      .to.be.revertedWithCustomError(f.oracle, "AttributionQuorumNotReached")
      .withArgs(reportHash(r), 40_000n * E, 70_000n * E, 6_667n);
    // With a fifth oracle it passes, and only the five count.
    const five = await signReportBy([...f.oracles.slice(0, 5), ...outsiders], f.domain, r);
    const tx = f.oracle.submit(r, five);
    const counted = [...f.oracles.slice(0, 5)].map((o) => o.address).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    await expect(tx)
      .to.emit(f.oracle, "ReportSubmitted")
      .withArgs(0n, reportHash(r), f.deployer.address, counted, 50_000n * E);
  });

  it("weights are stakes at the epoch's last second: unstaking after it still counts, staking after it does not", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    await f.fund(E);
    await f.openReports(0n); // past epoch 0's end
    // Oracles 0-4 leave after the snapshot: deregister and unstake everything.
    for (const o of f.oracles.slice(0, 5)) {
      await f.staking.connect(o).deregisterOperator();
      await f.staking.connect(o).requestUnstake(ORACLE_STAKE);
    }
    expect(await f.staking.totalOracleStake()).to.equal(20_000n * E);
    // A newcomer stakes and registers after the snapshot.
    const newcomer = f.users[12];
    await f.addOracle(newcomer, 100_000n * E);
    const r = makeReport(0n, "0x" + "33".repeat(32), 1n);
    await expect(f.oracle.connect(newcomer).attest(r))
      .to.be.revertedWithCustomError(f.oracle, "AttributionNotOracle")
      .withArgs(newcomer.address, 0n);
    await f.oracle.submit(r, await signReportBy(f.oracles.slice(0, 5), f.domain, r));
    const [status] = await f.oracle.epochStatus(0n);
    expect(status).to.equal(EpochStatus.Accepted);
  });

  it("attest: once per oracle per round, also across competing reports", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    await f.fund(E);
    await f.openReports(0n);
    const r = makeReport(0n, "0x" + "44".repeat(32), 1n);
    await f.oracle.connect(f.oracles[0]).attest(r);
    await f.oracle.connect(f.oracles[1]).attest(r);
    await expect(f.oracle.connect(f.oracles[1]).attest(r))
      .to.be.revertedWithCustomError(f.oracle, "AttributionAlreadyAttested")
      .withArgs(f.oracles[1].address, 0n, 0n);
    await expect(f.oracle.connect(f.oracles[1]).attest({ ...r, dataURI: "other" })).to.be.revertedWithCustomError(
      f.oracle,
      "AttributionAlreadyAttested",
    );
    expect(await f.oracle.attestedWeight(reportHash(r), 0)).to.equal(20_000n * E);
  });

  it("dispute upheld: signers slashed (also stake already unbonding), disputer paid, root banned, epoch reopens", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const disputer = f.users[8];
    await f.provision(disputer, BOND);
    await f.fund(50n * E);
    await f.openReports(0n);
    const bad = makeReport(0n, "0x" + "66".repeat(32), 50n * E);
    const signers = f.oracles.slice(0, 5);
    for (const o of signers) await f.oracle.connect(o).attest(bad);
    // One signer leaves right after: its whole stake is unbonding (cooldown 14 days), still slashable.
    await f.staking.connect(signers[0]).deregisterOperator();
    await f.staking.connect(signers[0]).requestUnstake(ORACLE_STAKE);
    await expect(f.disputes.connect(disputer).dispute(0n))
      .to.emit(f.disputes, "ReportDisputed")
      .withArgs(0n, disputer.address, 0n, BOND);
    await networkHelpers.time.increase(WINDOW);
    await expect(f.oracle.finalize(await acceptedReport(f.oracle, 0n)))
      .to.be.revertedWithCustomError(f.oracle, "AttributionUnexpectedStatus")
      .withArgs(0n, EpochStatus.Disputed);

    const wrongList = signers.slice(1).map((s) => s.address);
    await expect(f.disputes.rule(0n, true, wrongList))
      .to.be.revertedWithCustomError(f.disputes, "DisputesSignersMismatch")
      .withArgs(0n);
    const list = signers.map((s) => s.address); // in the order of their Attested events
    await expect(f.disputes.connect(f.users[8]).rule(0n, true, list))
      .to.be.revertedWithCustomError(f.disputes, "DisputesNotResolver")
      .withArgs(f.users[8].address);
    const stakingBefore = await f.open.balanceOf(await f.staking.getAddress());
    const treasuryBefore = await f.open.balanceOf(f.treasury.address);
    // 10% of 10,000 from each of five = 5,000 slashed; disputer 20% = 1,000; treasury 4,000.
    await expect(f.disputes.rule(0n, true, list))
      .to.emit(f.disputes, "DisputeResolved")
      .withArgs(0n, true, 5_000n * E, 1_000n * E, f.admin.address);
    expect(stakingBefore - (await f.open.balanceOf(await f.staking.getAddress()))).to.equal(5_000n * E);
    expect((await f.open.balanceOf(f.treasury.address)) - treasuryBefore).to.equal(4_000n * E);
    const [unbonding] = await f.staking.unbonding(signers[0].address);
    expect(unbonding).to.equal(9_000n * E); // 10% of the 10,000 unbonding
    expect(await f.staking.activeStake(signers[1].address)).to.equal(9_000n * E);
    expect(await f.disputes.withdrawable(disputer.address)).to.equal(BOND + 1_000n * E);
    await expect(f.disputes.connect(disputer).withdraw()).to.changeTokenBalances(
      chain.ethers,
      f.open,
      [disputer],
      [BOND + 1_000n * E],
    );
    const [status, round] = await f.oracle.epochStatus(0n);
    expect([status, round]).to.deep.equal([EpochStatus.Open, 1n]);

    // Round 1: the banned root cannot come back; a new report can (weights still those at the snapshot).
    await expect(f.oracle.submit(bad, await signReportBy(f.oracles, f.domain, bad)))
      .to.be.revertedWithCustomError(f.oracle, "AttributionReportRejected")
      .withArgs(0n, bad.cumulativeRewardsRoot);
    const good = makeReport(0n, "0x" + "77".repeat(32), 50n * E);
    await f.oracle.submit(good, await signReportBy(f.oracles, f.domain, good));
    await networkHelpers.time.increase(WINDOW);
    await f.oracle.finalize(await acceptedReport(f.oracle, 0n));
    expect(await f.rd.merkleRoot()).to.equal(good.cumulativeRewardsRoot);
  });

  it("dispute rejected: bond to the treasury, report finalizes at once", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const disputer = f.users[8];
    await f.provision(disputer, BOND);
    await f.fund(5n * E);
    await f.openReports(0n);
    const r = makeReport(0n, "0x" + "88".repeat(32), 5n * E);
    await f.oracle.submit(r, await signReportBy(f.oracles, f.domain, r));
    await f.disputes.connect(disputer).dispute(0n);
    await expect(f.disputes.rule(0n, false, [])).to.changeTokenBalances(
      chain.ethers,
      f.open,
      [f.treasury, f.disputes],
      [BOND, -BOND],
    );
    await expect(f.oracle.finalize(await acceptedReport(f.oracle, 0n)))
      .to.emit(f.oracle, "EpochFinalized")
      .withArgs(0n, r.cumulativeRewardsRoot, 5n * E, r.dataURI);
    expect(await f.oracle.nextEpoch()).to.equal(1n);
  });

  it("equivocation: slashed at once with a reporter's reward, once per (oracle, epoch)", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    await networkHelpers.time.increaseTo(f.epochEnd(0n)); // weights at epoch 0's snapshot are known
    const reporter = f.users[8];
    const a = makeReport(0n, "0x" + "99".repeat(32), 1n);
    const b = { ...a, cumulativeTotal: 2n };
    const o = f.oracles[2];
    const sa = await signReport(o, f.domain, a);
    const sb = await signReport(o, f.domain, b);
    await expect(f.disputes.connect(reporter).reportEquivocation(a, sa, a, sa)).to.be.revertedWithCustomError(
      f.disputes,
      "DisputesNotEquivocation",
    );
    await expect(
      f.disputes.connect(reporter).reportEquivocation(a, sa, b, await signReport(f.oracles[3], f.domain, b)),
    ).to.be.revertedWithCustomError(f.disputes, "DisputesNotEquivocation");
    const treasuryBefore = await f.open.balanceOf(f.treasury.address);
    // 5% of 10,000 = 500 slashed; reporter 10% = 50, treasury 450.
    await expect(f.disputes.connect(reporter).reportEquivocation(a, sa, b, sb))
      .to.emit(f.disputes, "EquivocationReported")
      .withArgs(o.address, 0n, reporter.address, 500n * E, 50n * E);
    expect(await f.staking.slashableStake(o.address)).to.equal(9_500n * E);
    expect(await f.staking.totalOracleStake()).to.equal(69_500n * E);
    expect(await f.disputes.withdrawable(reporter.address)).to.equal(50n * E);
    expect((await f.open.balanceOf(f.treasury.address)) - treasuryBefore).to.equal(450n * E);
    const c = { ...a, dataURI: "third" };
    await expect(f.disputes.connect(reporter).reportEquivocation(a, sa, c, await signReport(o, f.domain, c)))
      .to.be.revertedWithCustomError(f.disputes, "DisputesEquivocationAlreadyPunished")
      .withArgs(o.address, 0n);
  });

  it("liveness: governance skips a stuck epoch, then forces the next; the next cumulative totals cover the skipped one", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    await f.fund(10n * E);
    await f.openReports(0n);
    const livenessAt = f.epochEnd(0n) + 3n * EPOCH;
    await expect(f.oracle.skipEpoch(0n))
      .to.be.revertedWithCustomError(f.oracle, "AttributionLivenessNotReached")
      .withArgs(0n, livenessAt);
    await networkHelpers.time.increaseTo(livenessAt);
    await expect(f.oracle.connect(f.users[8]).skipEpoch(0n)).to.be.revertedWithCustomError(
      f.oracle,
      "AccessControlUnauthorizedAccount",
    );
    await expect(f.oracle.skipEpoch(0n)).to.emit(f.oracle, "EpochSkipped").withArgs(0n);
    const alice = f.users[7];
    const tree = buildRewardsTree(new Map([[alice.address, 10n * E]]));
    await networkHelpers.time.increase(EPOCH); // epoch 1 is past its liveness deadline too
    const forced = makeReport(1n, tree.root, 10n * E, "ipfs://bafy-forced");
    await expect(f.oracle.forceReport(forced))
      .to.emit(f.oracle, "ReportForced")
      .withArgs(1n, tree.root, 10n * E, forced.attributionRoot, "ipfs://bafy-forced");
    await f.rd.claim(alice.address, 10n * E, tree.getProof(alice.address));
    expect(await f.open.balanceOf(alice.address)).to.equal(10n * E);
  });

  it("inference logs: the registered model's operator only, after the epoch, before the deadline, once", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const op = f.modelOperator;
    const root = "0x" + "12".repeat(32);
    await expect(f.logs.connect(op).commitInferenceLog(f.modelId, 0n, root, "ipfs://log"))
      .to.be.revertedWithCustomError(f.logs, "InferenceLogsEpochNotOver")
      .withArgs(0n, f.epochEnd(0n));
    await networkHelpers.time.increaseTo(f.epochEnd(0n));
    await expect(f.logs.connect(f.users[8]).commitInferenceLog(f.modelId, 0n, root, "ipfs://log"))
      .to.be.revertedWithCustomError(f.logs, "InferenceLogsNotModelOperator")
      .withArgs(f.modelId, f.users[8].address, op.address);
    // An unknown model has no operator.
    await expect(f.logs.connect(op).commitInferenceLog(99n, 0n, root, "ipfs://log"))
      .to.be.revertedWithCustomError(f.logs, "InferenceLogsNotModelOperator")
      .withArgs(99n, op.address, chain.ethers.ZeroAddress);
    await f.logs.connect(op).commitInferenceLog(f.modelId, 0n, root, "ipfs://log");
    expect(await f.logs.inferenceLog(f.modelId, 0n)).to.equal(root);
    await expect(f.logs.connect(op).commitInferenceLog(f.modelId, 0n, root, "ipfs://log"))
      .to.be.revertedWithCustomError(f.logs, "InferenceLogsAlreadyCommitted")
      .withArgs(f.modelId, 0n);
    // The owner moves the model to another compute provider: the new operator commits epoch 1's log.
    const newOperator = f.users[13];
    await f.provision(newOperator, 1_000n * E);
    await f.staking.connect(newOperator).stake(1_000n * E);
    await f.staking.connect(newOperator).registerOperator(2);
    await f.models.connect(f.modelOwner).setOperator(f.modelId, newOperator.address);
    await networkHelpers.time.increaseTo(f.epochEnd(1n));
    await expect(f.logs.connect(op).commitInferenceLog(f.modelId, 1n, root, "x")).to.be.revertedWithCustomError(
      f.logs,
      "InferenceLogsNotModelOperator",
    );
    await f.logs.connect(newOperator).commitInferenceLog(f.modelId, 1n, root, "x");
    await networkHelpers.time.increaseTo(f.epochEnd(1n) + LOG_DEADLINE);
    await expect(f.logs.connect(newOperator).commitInferenceLog(f.modelId, 1n, "0x" + "13".repeat(32), "x"))
      .to.be.revertedWithCustomError(f.logs, "InferenceLogsWindowClosed")
      .withArgs(f.modelId, 1n, f.epochEnd(1n) + LOG_DEADLINE);
  });

  it("claimTo with the account's EIP-712 authorization; batch skips a bad proof in the middle; pause stops claims", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const [a, b, c, to] = [f.users[7], f.users[8], f.users[12], f.users[13]];
    await f.fund(60n * E);
    await f.openReports(0n);
    const tree = buildRewardsTree(
      new Map([
        [a.address, 10n * E],
        [b.address, 20n * E],
        [c.address, 30n * E],
      ]),
    );
    const r = makeReport(0n, tree.root, 60n * E);
    await f.oracle.submit(r, await signReportBy(f.oracles, f.domain, r));
    await networkHelpers.time.increase(WINDOW);
    await f.oracle.finalize(await acceptedReport(f.oracle, 0n));

    const chainId = (await chain.ethers.provider.getNetwork()).chainId;
    const domain = protocolDomain(REWARD_DISTRIBUTOR_DOMAIN_NAME, chainId, await f.rd.getAddress());
    const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
    const auth = { account: a.address, to: to.address, cumulativeAmount: 10n * E, nonce: 0n, deadline };
    const sig = await a.signTypedData(
      domain,
      { ClaimAuthorization: [...claimAuthorizationTypes.ClaimAuthorization] },
      auth,
    );
    await expect(
      f.rd.connect(b).claimTo(a.address, b.address, 10n * E, tree.getProof(a.address), deadline, sig),
    ).to.be.revertedWithCustomError(f.rd, "DistributorInvalidAuthorization");
    await expect(
      f.rd.connect(b).claimTo(a.address, to.address, 10n * E, tree.getProof(a.address), deadline, sig),
    ).to.changeTokenBalances(chain.ethers, f.open, [to, a], [10n * E, 0n]);
    expect(await f.rd.nonces(a.address)).to.equal(1n);

    await f.rd.grantRole(await f.rd.GUARDIAN_ROLE(), f.deployer.address);
    await f.rd.pause();
    await expect(f.rd.claim(b.address, 20n * E, tree.getProof(b.address))).to.be.revertedWithCustomError(
      f.rd,
      "EnforcedPause",
    );
    await f.rd.unpause();
    // Batch: c with a wrong amount (bad proof) in the middle is skipped, a (already claimed) too; b is paid.
    const batch = f.rd.claimBatch(
      [b.address, c.address, a.address],
      [20n * E, 31n * E, 10n * E],
      [tree.getProof(b.address), tree.getProof(c.address), tree.getProof(a.address)],
    );
    // The third argument is IRewardDistributor.ClaimSkipReason: 1 InvalidProof, 0 NothingToClaim.
    await expect(batch).to.emit(f.rd, "ClaimSkipped").withArgs(c.address, 1n, 1n);
    await expect(batch).to.emit(f.rd, "ClaimSkipped").withArgs(a.address, 2n, 0n);
    expect(await f.open.balanceOf(b.address)).to.equal(20n * E);
    expect(await f.rd.totalClaimed()).to.equal(30n * E);
  });
});
