// Integration of AttributionOracle and RewardDistributor. Staking, payments and the model registry are the TEST-ONLY
// stand-ins of contracts/mocks/AttributionStandIns.sol until OpenStaking / InferencePayments / ModelRegistry land.
import { expect } from "chai";
import { concat, keccak256, AbiCoder, Wallet } from "ethers";

import { buildRewardsTree } from "../../src/rewards/tree.js";
import { reportHash, signReport, signReportBy } from "../../src/protocol/report.js";
import { claimAuthorizationTypes, protocolDomain, REWARD_DISTRIBUTOR_DOMAIN_NAME } from "../../src/protocol/eip712.js";
import { createChain } from "../helpers/fixtures.js";
import { deployAttribution, EPOCH, makeReport, WINDOW } from "../helpers/attribution.js";

const chain = await createChain();
const { networkHelpers } = chain;
const E = 10n ** 18n;
const coder = AbiCoder.defaultAbiCoder();

async function fixture() {
  const f = await deployAttribution(chain);
  const oracles = f.users.slice(0, 7);
  // Stakes 1000 each => total 7000; quorum 6667 bps => 4667 needed (5 oracles).
  for (const o of oracles) await f.staking.setStake(o.address, 1000n * E);
  return { ...f, oracles };
}

describe("Proof of Attribution on chain (stand-ins for staking, payments, registry)", function () {
  it("submit with 7 signatures, window, finalize, claims over two epochs pay exactly the increase", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const [alice, bob] = [f.users[7], f.users[8]];
    await f.fund(100n * E);
    await f.openReports(0n);
    const tree0 = buildRewardsTree(
      new Map([
        [alice.address, 30n * E],
        [bob.address, 10n * E],
      ]),
    );
    const r0 = makeReport(0n, tree0.root, 40n * E);
    const sigs = await signReportBy(f.oracles, f.domain, r0);
    const tx = await f.oracle.submit(r0, sigs);
    const rc = await tx.wait();
    console.log(`      gas submit (7 signatures, whole tx): ${rc!.gasUsed}`);
    await expect(tx).to.emit(f.oracle, "ReportAccepted");
    await expect(f.oracle.finalize(0n)).to.be.revertedWithCustomError(f.oracle, "AttributionChallengeWindowOpen");
    await networkHelpers.time.increase(WINDOW);
    const fin = await f.oracle.finalize(0n);
    console.log(`      gas finalize (whole tx): ${(await fin.wait())!.gasUsed}`);
    expect(await f.rd.merkleRoot()).to.equal(tree0.root);
    expect(await f.open.balanceOf(await f.rd.getAddress())).to.equal(40n * E);

    await expect(f.rd.claim(alice.address, 30n * E, tree0.getProof(alice.address))).to.changeTokenBalances(
      chain.ethers,
      f.open,
      [alice, f.rd],
      [30n * E, -30n * E],
    );
    await expect(f.rd.claim(alice.address, 30n * E, tree0.getProof(alice.address))).to.be.revertedWithCustomError(
      f.rd,
      "DistributorNothingToClaim",
    );

    // Epoch 1: cumulative amounts grow; stale proof of epoch 0 fails, new proof pays the difference.
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
    await f.oracle.finalize(1n);
    await expect(f.rd.claim(bob.address, 10n * E, tree0.getProof(bob.address))).to.be.revertedWithCustomError(
      f.rd,
      "DistributorInvalidProof",
    );
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
  });

  it("quorum exactly at the threshold accepts; one unit below does not", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    // Total 10000 units: 6667 exactly reaches 6667 bps.
    for (const o of f.oracles) await f.staking.setStake(o.address, 0n);
    await f.staking.setStake(f.oracles[0].address, 6666n);
    await f.staking.setStake(f.oracles[1].address, 1n);
    await f.staking.setStake(f.oracles[2].address, 3333n);
    await f.fund(E);
    await f.openReports(0n);
    const r = makeReport(0n, "0x" + "11".repeat(32), 1n);
    const below = await signReportBy([f.oracles[0]], f.domain, r);
    await expect(f.oracle.submit(r, below))
      .to.be.revertedWithCustomError(f.oracle, "AttributionQuorumNotReached")
      .withArgs(reportHash(r), 6666n, 10000n, 6667n);
    // On chain: 6666 then +1 => exactly 6667 => accepted.
    const a = await f.oracle.connect(f.oracles[0]).attest(r);
    await expect(a).to.emit(f.oracle, "Attested");
    await expect(a).not.to.emit(f.oracle, "ReportAccepted");
    await expect(f.oracle.connect(f.oracles[1]).attest(r)).to.emit(f.oracle, "ReportAccepted");
  });

  it("submit refuses duplicate and out-of-order signers; zero-stake signers count zero", async function () {
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
    await expect(f.oracle.submit(r, ["0x" + "00".repeat(65), ...sorted]))
      .to.be.revertedWithCustomError(f.oracle, "AttributionInvalidSignature")
      .withArgs(0n);
    // 4 staked + 3 unstaked outsiders: 4000/7000 < 2/3.
    const outsiders = [Wallet.createRandom(), Wallet.createRandom(), Wallet.createRandom()];
    const fourPlusOutsiders = await signReportBy([...f.oracles.slice(0, 4), ...outsiders], f.domain, r);
    await expect(f.oracle.submit(r, fourPlusOutsiders))
      .to.be.revertedWithCustomError(f.oracle, "AttributionQuorumNotReached")
      .withArgs(reportHash(r), 4000n * E, 7000n * E, 6667n);
  });

  it("weights are stakes at the epoch's last second: later unstaking still counts, later staking does not", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    await f.fund(E);
    await f.openReports(0n); // after epoch 0's end
    // oracles 0-4 unstake after the snapshot (moving to unbonding); a newcomer stakes after it.
    for (const o of f.oracles.slice(0, 5)) await f.staking.startUnbonding(o.address, 1000n * E);
    const newcomer = f.users[8];
    await f.staking.setStake(newcomer.address, 100_000n * E);
    const r = makeReport(0n, "0x" + "33".repeat(32), 1n);
    await expect(f.oracle.connect(newcomer).attest(r)).to.be.revertedWithCustomError(f.oracle, "AttributionNotOracle");
    await f.oracle.submit(r, await signReportBy(f.oracles.slice(0, 5), f.domain, r));
    const [status] = await f.oracle.epochStatus(0n);
    expect(status).to.equal(1n); // Accepted
  });

  it("attest: once per oracle per round; gas of a non-quorum attestation", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    await f.fund(E);
    await f.openReports(0n);
    const r = makeReport(0n, "0x" + "44".repeat(32), 1n);
    const first = await (await f.oracle.connect(f.oracles[0]).attest(r)).wait();
    const second = await (await f.oracle.connect(f.oracles[1]).attest(r)).wait();
    console.log(`      gas attest (whole tx): first of the epoch ${first!.gasUsed}, second oracle ${second!.gasUsed}`);
    await expect(f.oracle.connect(f.oracles[1]).attest(r)).to.be.revertedWithCustomError(
      f.oracle,
      "AttributionAlreadyAttested",
    );
    // A different report in parallel: the same oracle cannot attest it in this round.
    await expect(f.oracle.connect(f.oracles[1]).attest({ ...r, dataURI: "other" })).to.be.revertedWithCustomError(
      f.oracle,
      "AttributionAlreadyAttested",
    );
    expect(await f.oracle.attestedWeight(reportHash(r), 0)).to.equal(2000n * E);
  });

  it("refuses a cumulative total above funded; dispute upheld slashes signers (also unbonding stake) and reopens", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const disputer = f.users[8];
    await f.fund(50n * E);
    await f.openReports(0n);
    const tooMuch = makeReport(0n, "0x" + "55".repeat(32), 51n * E);
    await expect(f.oracle.submit(tooMuch, await signReportBy(f.oracles, f.domain, tooMuch)))
      .to.be.revertedWithCustomError(f.oracle, "AttributionTotalAboveFunded")
      .withArgs(51n * E, 50n * E);

    const bad = makeReport(0n, "0x" + "66".repeat(32), 50n * E);
    const signers = f.oracles.slice(0, 5);
    for (const o of signers) await f.oracle.connect(o).attest(bad);
    // One signer starts unbonding: still slashable.
    await f.staking.startUnbonding(signers[0].address, 400n * E);
    await f.open.transfer(disputer.address, 1000n * E);
    await f.open.connect(disputer).approve(await f.oracle.getAddress(), 1000n * E);
    const d = await f.oracle.connect(disputer).dispute(0n);
    console.log(`      gas dispute (whole tx): ${(await d.wait())!.gasUsed}`);
    await networkHelpers.time.increase(WINDOW);
    await expect(f.oracle.finalize(0n)).to.be.revertedWithCustomError(f.oracle, "AttributionUnexpectedStatus");

    const wrongList = signers.slice(1).map((s) => s.address);
    await expect(f.oracle.resolveDispute(0n, true, wrongList)).to.be.revertedWithCustomError(
      f.oracle,
      "AttributionSignersMismatch",
    );
    const before = await f.open.balanceOf(f.treasury.address);
    const stakingBefore = await f.open.balanceOf(await f.staking.getAddress());
    await expect(
      f.oracle.connect(f.users[8]).resolveDispute(
        0n,
        true,
        signers.map((s) => s.address),
      ),
    ).to.be.revertedWithCustomError(f.oracle, "AccessControlUnauthorizedAccount");
    await f.oracle.resolveDispute(
      0n,
      true,
      signers.map((s) => s.address),
    );
    // 10% of 1000 each = 500 slashed; disputer reward 20% = 100; treasury 400; disputer withdraws bond + 100.
    expect(stakingBefore - (await f.open.balanceOf(await f.staking.getAddress()))).to.equal(500n * E);
    expect((await f.open.balanceOf(f.treasury.address)) - before).to.equal(400n * E);
    expect(await f.oracle.withdrawable(disputer.address)).to.equal(1100n * E);
    expect(await f.staking.slashableStake(signers[0].address)).to.equal(900n * E);
    await expect(f.oracle.connect(disputer).withdraw()).to.changeTokenBalances(
      chain.ethers,
      f.open,
      [disputer],
      [1100n * E],
    );

    // Reopened (round 1): the rejected root cannot come back; a new report can.
    for (const o of signers.slice(0, 4)) await f.oracle.connect(o).attest(bad);
    await expect(f.oracle.connect(signers[4]).attest(bad)).to.be.revertedWithCustomError(
      f.oracle,
      "AttributionReportRejected",
    );
    const good = makeReport(0n, "0x" + "77".repeat(32), 50n * E);
    await f.oracle.submit(good, await signReportBy(f.oracles, f.domain, good));
    await networkHelpers.time.increase(WINDOW);
    await f.oracle.finalize(0n);
    expect(await f.rd.merkleRoot()).to.equal(good.cumulativeRewardsRoot);
  });

  it("dispute rejected: bond to the treasury, report finalizes at once", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const disputer = f.users[8];
    await f.fund(5n * E);
    await f.openReports(0n);
    const r = makeReport(0n, "0x" + "88".repeat(32), 5n * E);
    await f.oracle.submit(r, await signReportBy(f.oracles, f.domain, r));
    await f.open.transfer(disputer.address, 1000n * E);
    await f.open.connect(disputer).approve(await f.oracle.getAddress(), 1000n * E);
    await f.oracle.connect(disputer).dispute(0n);
    await expect(f.oracle.resolveDispute(0n, false, [])).to.changeTokenBalances(
      chain.ethers,
      f.open,
      [f.treasury],
      [1000n * E],
    );
    await f.oracle.finalize(0n);
    expect(await f.oracle.nextEpoch()).to.equal(1n);
  });

  it("equivocation: slashed at once with a reporter's reward, once per (oracle, epoch)", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const reporter = f.users[8];
    const a = makeReport(0n, "0x" + "99".repeat(32), 1n);
    const b = { ...a, cumulativeTotal: 2n };
    const o = f.oracles[2];
    const sa = await signReport(o, f.domain, a);
    const sb = await signReport(o, f.domain, b);
    await expect(f.oracle.connect(reporter).reportEquivocation(a, sa, a, sa)).to.be.revertedWithCustomError(
      f.oracle,
      "AttributionNotEquivocation",
    );
    await expect(
      f.oracle.connect(reporter).reportEquivocation(a, sa, b, await signReport(f.oracles[3], f.domain, b)),
    ).to.be.revertedWithCustomError(f.oracle, "AttributionNotEquivocation");
    await f.oracle.connect(reporter).reportEquivocation(a, sa, b, sb);
    // 5% of 1000 = 50 slashed; reporter 10% = 5.
    expect(await f.staking.slashableStake(o.address)).to.equal(950n * E);
    expect(await f.oracle.withdrawable(reporter.address)).to.equal(5n * E);
    const c = { ...a, dataURI: "third" };
    await expect(f.oracle.connect(reporter).reportEquivocation(a, sa, c, await signReport(o, f.domain, c)))
      .to.be.revertedWithCustomError(f.oracle, "AttributionEquivocationAlreadyPunished")
      .withArgs(o.address, 0n);
  });

  it("liveness: governance skips a stuck epoch, then forces the next; the next cumulative totals cover the skipped one", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    await f.fund(10n * E);
    await f.openReports(0n);
    await expect(f.oracle.skipEpoch(0n)).to.be.revertedWithCustomError(f.oracle, "AttributionLivenessNotReached");
    await networkHelpers.time.increase(3n * EPOCH);
    await expect(f.oracle.connect(f.users[8]).skipEpoch(0n)).to.be.revertedWithCustomError(
      f.oracle,
      "AccessControlUnauthorizedAccount",
    );
    await expect(f.oracle.skipEpoch(0n)).to.emit(f.oracle, "EpochSkipped").withArgs(0n);
    const alice = f.users[7];
    const tree = buildRewardsTree(new Map([[alice.address, 10n * E]]));
    await networkHelpers.time.increase(EPOCH); // epoch 1 is past its liveness deadline too
    await f.oracle.forceReport(makeReport(1n, tree.root, 10n * E));
    await f.rd.claim(alice.address, 10n * E, tree.getProof(alice.address));
    expect(await f.open.balanceOf(alice.address)).to.equal(10n * E);
  });

  it("inference logs: operator only, after the epoch, before the deadline, once", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const op = f.users[7];
    await f.registry.setOperator(5n, op.address);
    const root = "0x" + "12".repeat(32);
    await expect(f.oracle.connect(op).commitInferenceLog(5n, 0n, root, "ipfs://log")).to.be.revertedWithCustomError(
      f.oracle,
      "AttributionEpochNotOver",
    );
    await networkHelpers.time.increase(EPOCH);
    await expect(
      f.oracle.connect(f.users[8]).commitInferenceLog(5n, 0n, root, "ipfs://log"),
    ).to.be.revertedWithCustomError(f.oracle, "AttributionNotModelOperator");
    await expect(f.oracle.connect(op).commitInferenceLog(5n, 0n, root, "ipfs://log"))
      .to.emit(f.oracle, "InferenceLogCommitted")
      .withArgs(5n, 0n, op.address, root, "ipfs://log");
    await expect(f.oracle.connect(op).commitInferenceLog(5n, 0n, root, "ipfs://log")).to.be.revertedWithCustomError(
      f.oracle,
      "AttributionLogAlreadyCommitted",
    );
    await networkHelpers.time.increase(6 * 3600);
    await expect(f.oracle.connect(op).commitInferenceLog(5n, 1n, root, "x")).to.be.revertedWithCustomError(
      f.oracle,
      "AttributionEpochNotOver",
    );
    await expect(
      f.oracle.connect(op).commitInferenceLog(5n, 0n, "0x" + "13".repeat(32), "x"),
    ).to.be.revertedWithCustomError(f.oracle, "AttributionLogWindowClosed");
  });

  it("claimTo with the account's EIP-712 authorization; batch skips a bad proof in the middle; pause stops claims", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const [a, b, c, to] = [f.users[7], f.users[8], f.users[6], f.users[5]];
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
    await f.oracle.finalize(0n);

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
    const batch = f.rd.claimBatch(
      [b.address, c.address, a.address],
      [20n * E, 31n * E, 10n * E],
      [tree.getProof(b.address), tree.getProof(c.address), tree.getProof(a.address)],
    );
    await expect(batch).to.emit(f.rd, "ClaimSkipped").withArgs(c.address, 1n);
    await expect(batch).to.emit(f.rd, "ClaimSkipped").withArgs(a.address, 2n);
    expect(await f.open.balanceOf(b.address)).to.equal(20n * E);
    expect(await f.rd.totalClaimed()).to.equal(30n * E);
  });

  it("gas of claims with 20-element proofs (a 2^20-leaf tree): first-time and repeat", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const alice = f.users[7];
    await f.fund(100n * E);
    // A leaf with 20 arbitrary siblings is a leaf of some 2^20-leaf tree; its root is the proof's fold.
    const leafOf = (amount: bigint) =>
      keccak256(keccak256(coder.encode(["address", "uint256"], [alice.address, amount])));
    const siblings = Array.from({ length: 20 }, (_, i) => keccak256(coder.encode(["uint256"], [i + 1])));
    const fold = (leaf: string) =>
      siblings.reduce((h, s) => keccak256(BigInt(h) < BigInt(s) ? concat([h, s]) : concat([s, h])), leaf);
    await f.open.transfer(alice.address, 1n); // alice already holds OPEN (see report for a fresh holder)
    for (const [epoch, amount] of [
      [0n, 10n * E],
      [1n, 25n * E],
    ] as const) {
      await f.openReports(epoch);
      const r = makeReport(epoch, fold(leafOf(amount)), amount);
      await f.oracle.submit(r, await signReportBy(f.oracles, f.domain, r));
      await networkHelpers.time.increase(WINDOW);
      await f.oracle.finalize(epoch);
      const rc = await (await f.rd.connect(alice).claim(alice.address, amount, siblings)).wait();
      console.log(
        `      gas claim ${epoch === 0n ? "first-time" : "repeat"} (20-element proof, whole tx): ${rc!.gasUsed}`,
      );
    }
    expect(await f.open.balanceOf(alice.address)).to.equal(25n * E + 1n);
  });
});
