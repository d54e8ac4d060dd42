import { expect } from "chai";
import { encodeBytes32String, type Signer } from "ethers";

import { signReport, signReportBy } from "../../src/protocol/index.js";
import {
  acceptReport,
  acceptedReport,
  BOND,
  deployAttribution,
  E,
  EPOCH,
  EpochStatus,
  makeReport,
  ORACLE_STAKE,
  RULING_PERIOD,
  WINDOW,
  type AttributionFixture,
} from "../helpers/attribution.js";
import { createChain } from "../helpers/fixtures.js";

const ROOT = (n: number) => "0x" + n.toString(16).padStart(2, "0").repeat(32);
const name = (s: string) => encodeBytes32String(s);
/** OpenStaking's default cooldown. */
const COOLDOWN = 14n * 86_400n;
/** AttributionOracle.ReopenReason. */
const Reopen = { Upheld: 0n, Rejected: 1n, BuiltOnRejected: 2n, DisputeExpired: 3n } as const;

/**
 * The holes an attacker's review proved in the single-contract AttributionOracle (issue 13), each written as the
 * attack, on the real contracts. Against the old contract every one of these tests fails: it had no `expire` (a
 * dispute froze the epoch until governance ruled), no voiding of later reports and no `rejectReport`, no stake guard
 * in OpenStaking (signers withdrew after the cooldown whatever was open) nor any check of the cooldown against the
 * challenge window plus the ruling time, counted an oracle's attestation and its signature on another report in the
 * same round, could not take an attestation as evidence, and slashed any key that signed two report messages.
 */
describe("AttributionOracle + AttributionDisputes: the proven holes are closed (issue 13)", function () {
  let chain: Awaited<ReturnType<typeof createChain>>;
  const fixture = () => deployAttribution(chain);

  before(async function () {
    chain = await createChain();
  });

  async function load(): Promise<AttributionFixture> {
    return chain.networkHelpers.loadFixture(fixture);
  }

  async function now() {
    return BigInt(await chain.networkHelpers.time.latest());
  }

  const sortedSigners = (f: AttributionFixture, signers: Signer[] = f.oracles) =>
    Promise.all(signers.map((s) => s.getAddress())).then((a) => a.sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1)));

  describe("hole 1: one bond no longer freezes every payout", function () {
    it("nobody rules: after the ruling period anyone expires the dispute, no funds move, the epoch reopens and finalizes", async function () {
      const f = await load();
      const griefer = f.users[8];
      await f.provision(griefer, 7n * BOND);
      await f.fund(10n * E);
      const honest = makeReport(0n, ROOT(1), 10n * E);
      await acceptReport(f, honest);
      await f.disputes.connect(griefer).dispute(0n);
      const openedAt = await now();
      const deadline = openedAt + RULING_PERIOD;
      // While the ruling period runs the epoch is frozen and nobody can end the dispute by default.
      await expect(f.disputes.expire(0n))
        .to.be.revertedWithCustomError(f.disputes, "DisputesRulingPeriodRunning")
        .withArgs(0n, deadline);
      const stakeBefore = await f.open.balanceOf(await f.staking.getAddress());
      await chain.networkHelpers.time.increaseTo(deadline);
      // The ruling period is over: the resolver can no longer rule, anyone applies the default outcome.
      await expect(f.disputes.rule(0n, false, []))
        .to.be.revertedWithCustomError(f.disputes, "DisputesRulingPeriodOver")
        .withArgs(0n, deadline);
      const tx = f.disputes.connect(f.users[12]).expire(0n);
      await expect(tx)
        .to.emit(f.disputes, "DisputeExpired")
        .withArgs(0n, 0n, false, 2n * BOND);
      await expect(tx)
        .to.emit(f.oracle, "EpochReopened")
        .withArgs(0n, 1n, honest.cumulativeRewardsRoot, Reopen.DisputeExpired, false);
      // No funds move on the disputed report: nothing slashed, nothing released, the bond is owed back.
      expect(await f.open.balanceOf(await f.staking.getAddress())).to.equal(stakeBefore);
      expect(await f.open.balanceOf(await f.rd.getAddress())).to.equal(0n);
      expect(await f.disputes.withdrawable(griefer.address)).to.equal(BOND);
      expect((await f.oracle.epochStatus(0n))[0]).to.equal(EpochStatus.Open);
      // The same report comes back (not banned), and each further dispute of the epoch costs twice the last.
      await acceptReport(f, honest);
      expect(await f.disputes.bondFor(0n)).to.equal(2n * BOND);
      await expect(f.disputes.connect(griefer).dispute(0n)).to.changeTokenBalances(
        chain.ethers,
        f.open,
        [griefer, f.disputes],
        [-2n * BOND, 2n * BOND],
      );
      await chain.networkHelpers.time.increase(RULING_PERIOD);
      await f.disputes.expire(0n);
      expect(await f.disputes.bondFor(0n)).to.equal(4n * BOND);
      // The resolver rules the third one at once: the griefer loses 4 bonds; the report finalizes.
      await acceptReport(f, honest);
      await f.disputes.connect(griefer).dispute(0n);
      await expect(f.disputes.rule(0n, false, [])).to.changeTokenBalances(
        chain.ethers,
        f.open,
        [f.treasury, f.disputes],
        [4n * BOND, -4n * BOND],
      );
      await expect(f.oracle.finalize(await acceptedReport(f.oracle, 0n)))
        .to.emit(f.oracle, "EpochFinalized")
        .withArgs(0n, honest.cumulativeRewardsRoot, 10n * E, honest.dataURI);
      expect(await f.open.balanceOf(await f.rd.getAddress())).to.equal(10n * E);
      expect(await f.open.balanceOf(await f.disputes.getAddress())).to.equal(3n * BOND);
      expect(await f.disputes.openBonds()).to.equal(0n);
      expect(await f.disputes.totalWithdrawable()).to.equal(3n * BOND);
    });

    it("the DAO (admin) rules too, and an expired epoch can be forced by governance after the liveness delay", async function () {
      const f = await load();
      const griefer = f.users[8];
      await f.provision(griefer, BOND);
      await acceptReport(f, makeReport(0n, ROOT(2), 0n));
      await f.disputes.connect(griefer).dispute(0n);
      await chain.networkHelpers.time.increase(RULING_PERIOD);
      await f.disputes.expire(0n);
      await chain.networkHelpers.time.increaseTo(f.epochEnd(0n) + 3n * EPOCH);
      const forced = makeReport(0n, ROOT(3), 0n);
      await expect(f.oracle.forceReport(forced)).to.emit(f.oracle, "EpochFinalized");
    });
  });

  describe("hole 2: an upheld dispute reaches the reports built on the bad one", function () {
    it("upholding epoch e bans e and every later accepted report; the thief's e + 1 never finalizes", async function () {
      const f = await load();
      const disputer = f.users[8];
      await f.provision(disputer, BOND);
      await f.fund(100n * E);
      // A two-day window, so that epoch 0's report is still disputable when epoch 1's is accepted.
      await f.oracle.setChallengeWindow(2n * WINDOW);
      const theft0 = makeReport(0n, ROOT(4), 50n * E);
      const theft1 = makeReport(1n, ROOT(5), 60n * E);
      await acceptReport(f, theft0);
      await acceptReport(f, theft1);
      await f.disputes.connect(disputer).dispute(0n);
      const tx = f.disputes.rule(0n, true, await sortedSigners(f));
      await expect(tx)
        .to.emit(f.oracle, "EpochReopened")
        .withArgs(0n, 1n, theft0.cumulativeRewardsRoot, Reopen.Upheld, true);
      await expect(tx)
        .to.emit(f.oracle, "EpochReopened")
        .withArgs(1n, 1n, theft1.cumulativeRewardsRoot, Reopen.BuiltOnRejected, true);
      expect((await f.oracle.epochStatus(1n)).slice(0, 2)).to.deep.equal([EpochStatus.Open, 1n]);
      // The window of e + 1 passes: nothing to finalize, and the thief's signatures cannot bring it back.
      await chain.networkHelpers.time.increase(2n * WINDOW);
      await expect(f.oracle.finalize(await acceptedReport(f.oracle, 0n)))
        .to.be.revertedWithCustomError(f.oracle, "AttributionUnexpectedStatus")
        .withArgs(0n, EpochStatus.Open);
      await expect(f.oracle.submit(theft1, await signReportBy(f.oracles, f.domain, theft1)))
        .to.be.revertedWithCustomError(f.oracle, "AttributionReportRejected")
        .withArgs(1n, theft1.cumulativeRewardsRoot);
      // Replacements are accepted and finalize; their signers are not equivocating (the voided reports do not count).
      const honest0 = makeReport(0n, ROOT(6), 10n * E);
      const honest1 = makeReport(1n, ROOT(7), 20n * E);
      await acceptReport(f, honest0);
      await acceptReport(f, honest1);
      const o = f.oracles[3];
      await expect(
        f.disputes.reportEquivocation(
          theft1,
          await signReport(o, f.domain, theft1),
          honest1,
          await signReport(o, f.domain, honest1),
        ),
      ).to.be.revertedWithCustomError(f.disputes, "DisputesNotEquivocation");
      await chain.networkHelpers.time.increase(2n * WINDOW);
      await f.oracle.finalize(await acceptedReport(f.oracle, 0n));
      await f.oracle.finalize(await acceptedReport(f.oracle, 1n));
      expect(await f.oracle.lastFinalizedTotal()).to.equal(20n * E);
    });

    it("governance rejects an accepted report directly (and the later ones with it); nobody else can", async function () {
      const f = await load();
      await f.fund(100n * E);
      const bad = makeReport(0n, ROOT(8), 50n * E);
      const next = makeReport(1n, ROOT(9), 60n * E);
      await acceptReport(f, bad);
      await acceptReport(f, next);
      await expect(f.oracle.connect(f.users[8]).rejectReport(0n)).to.be.revertedWithCustomError(
        f.oracle,
        "AccessControlUnauthorizedAccount",
      );
      const tx = f.oracle.rejectReport(0n);
      await expect(tx)
        .to.emit(f.oracle, "EpochReopened")
        .withArgs(0n, 1n, bad.cumulativeRewardsRoot, Reopen.Rejected, true);
      await expect(tx)
        .to.emit(f.oracle, "EpochReopened")
        .withArgs(1n, 1n, next.cumulativeRewardsRoot, Reopen.BuiltOnRejected, true);
      await expect(f.oracle.rejectReport(0n))
        .to.be.revertedWithCustomError(f.oracle, "AttributionUnexpectedStatus")
        .withArgs(0n, EpochStatus.Open);
    });
  });

  describe("hole 3: signers cannot leave before they can be punished", function () {
    it("(a) oracles that deregister and unbond after the snapshot cannot withdraw while their report is open; they are slashed", async function () {
      const f = await load();
      const disputer = f.users[8];
      await f.provision(disputer, BOND);
      await f.fund(100n * E);
      // Right after epoch 0's snapshot, every oracle leaves and unbonds everything.
      await chain.networkHelpers.time.increaseTo(f.epochEnd(0n));
      for (const o of f.oracles) {
        await f.staking.connect(o).deregisterOperator();
        await f.staking.connect(o).requestUnstake(ORACLE_STAKE);
      }
      // The cooldown passes; then the pre-signed theft is accepted with the stake of the snapshot.
      await chain.networkHelpers.time.increase(COOLDOWN);
      const theft = makeReport(0n, ROOT(10), 100n * E);
      await f.oracle.submit(theft, await signReportBy(f.oracles, f.domain, theft));
      for (const o of f.oracles) {
        await expect(f.staking.connect(o).withdraw()).to.be.revertedWithCustomError(f.staking, "StakingStakeLocked");
      }
      await f.disputes.connect(disputer).dispute(0n);
      await f.disputes.rule(0n, true, await sortedSigners(f));
      for (const o of f.oracles) {
        expect(await f.staking.slashableStake(o.address)).to.equal(ORACLE_STAKE - ORACLE_STAKE / 10n);
      }
      // Still locked while the epoch is open; free once it is settled (here: forced by governance).
      await expect(f.staking.connect(f.oracles[0]).withdraw()).to.be.revertedWithCustomError(
        f.staking,
        "StakingStakeLocked",
      );
      await chain.networkHelpers.time.increaseTo(f.epochEnd(0n) + 3n * EPOCH + COOLDOWN);
      await f.oracle.forceReport(makeReport(0n, ROOT(11), 0n));
      await expect(f.staking.connect(f.oracles[0]).withdraw()).to.changeTokenBalance(
        chain.ethers,
        f.open,
        f.oracles[0],
        ORACLE_STAKE - ORACLE_STAKE / 10n,
      );
    });

    it("(c) an oracle that unbonds, then stakes again and signs a report, cannot take the old unbonding out while that report is open", async function () {
      const f = await load();
      await f.fund(100n * E);
      const [o] = f.oracles;
      // Inside epoch 0: the oracle leaves and unbonds everything, then stakes again and registers again, so it has
      // weight at epoch 0's snapshot and signs its report.
      await f.staking.connect(o).deregisterOperator();
      await f.staking.connect(o).requestUnstake(ORACLE_STAKE);
      await f.provision(o, ORACLE_STAKE);
      await f.staking.connect(o).stake(ORACLE_STAKE);
      await f.staking.connect(o).registerOperator(1); // OperatorRole.AttributionOracle
      await f.openReports(0n);
      expect(await f.staking.getPastOracleStake(o.address, await f.oracle.snapshotTimestamp(0n))).to.equal(
        ORACLE_STAKE,
      );
      const report = makeReport(0n, ROOT(12), 10n * E);
      await f.oracle.submit(report, await signReportBy(f.oracles, f.domain, report));
      // The cooldown of the old unbonding passes while the report it signed is not settled: the unbonding stays.
      await chain.networkHelpers.time.increase(COOLDOWN);
      await expect(f.staking.connect(o).withdraw()).to.be.revertedWithCustomError(f.staking, "StakingStakeLocked");
      await f.oracle.finalize(await acceptedReport(f.oracle, 0n));
      // Still an oracle with stake: it may count in any report up to now. It deregisters; once every report weighed
      // before that is settled (governance skips the unreported epochs), the old unbonding leaves.
      await expect(f.staking.connect(o).withdraw()).to.be.revertedWithCustomError(f.staking, "StakingStakeLocked");
      await f.staking.connect(o).deregisterOperator();
      const left = BigInt(await chain.networkHelpers.time.latest());
      await chain.networkHelpers.time.increase(5n * EPOCH);
      while (!(await f.oracle.reportsSettledBefore(left))) await f.oracle.skipEpoch(await f.oracle.nextEpoch());
      await expect(f.staking.connect(o).withdraw()).to.changeTokenBalance(chain.ethers, f.open, o, ORACLE_STAKE);
    });

    it("(b) no contract accepts a change that puts the cooldown below the challenge window plus the ruling period", async function () {
      const f = await load();
      const horizon = WINDOW + RULING_PERIOD;
      expect(await f.oracle.disputeHorizon()).to.equal(horizon);
      // OpenStaking: the cooldown's lower bound is the horizon when it is above MIN_COOLDOWN.
      await f.disputes.setRulingPeriod(7n * 86_400n);
      await f.oracle.setChallengeWindow(7n * 86_400n);
      await expect(f.staking.setCooldown(13n * 86_400n))
        .to.be.revertedWithCustomError(f.staking, "ProtocolParameterOutOfBounds")
        .withArgs(name("cooldown"), 13n * 86_400n, 14n * 86_400n, 90n * 86_400n);
      await f.staking.setCooldown(14n * 86_400n);
      // AttributionOracle and AttributionDisputes: their parameters cannot outgrow the cooldown.
      await f.staking.setCooldown(20n * 86_400n);
      await f.oracle.setChallengeWindow(86_400n);
      await f.disputes.setRulingPeriod(86_400n);
      await f.staking.setCooldown(7n * 86_400n);
      await expect(f.oracle.setChallengeWindow(7n * 86_400n))
        .to.be.revertedWithCustomError(f.oracle, "AttributionCooldownBelowDisputeHorizon")
        .withArgs(7n * 86_400n, 8n * 86_400n);
      await expect(f.disputes.setRulingPeriod(7n * 86_400n))
        .to.be.revertedWithCustomError(f.disputes, "DisputesCooldownBelowDisputeHorizon")
        .withArgs(7n * 86_400n, 8n * 86_400n);
    });
  });

  describe("hole 4: one oracle backs at most one report per epoch round across both paths", function () {
    it("an oracle that attested A is not counted for B in the same round, and the pair is slashable evidence", async function () {
      const f = await load();
      await f.openReports(0n);
      const a = makeReport(0n, ROOT(12), 0n);
      const b = makeReport(0n, ROOT(13), 0n);
      const double = f.oracles[0];
      await f.oracle.connect(double).attest(a);
      // Five of seven signatures would reach the 66.67% quorum; the attester's does not count, four do not.
      const five = f.oracles.slice(0, 5);
      await expect(f.oracle.submit(b, await signReportBy(five, f.domain, b)))
        .to.be.revertedWithCustomError(f.oracle, "AttributionQuorumNotReached")
        .withArgs(await f.oracle.reportHash(b), 4n * ORACLE_STAKE, 7n * ORACLE_STAKE, 6_667n);
      // With a sixth signer B is accepted, and the attester is not among the counted signers.
      const six = f.oracles.slice(0, 6);
      const tx = await f.oracle.submit(b, await signReportBy(six, f.domain, b));
      const receipt = await tx.wait();
      const submitted = receipt!.logs
        .map((l) => f.oracle.interface.parseLog(l))
        .find((l) => l?.name === "ReportSubmitted")!;
      expect(submitted.args.signers).to.not.include(double.address);
      expect(submitted.args.weight).to.equal(5n * ORACLE_STAKE);
      // Attestation of A (checked against the attesters digest of round 0) + signature of B: slashed.
      await expect(
        f.disputes
          .connect(f.users[8])
          .reportAttestationEquivocation(a, 0, [double.address], 0n, b, await signReport(double, f.domain, b)),
      )
        .to.emit(f.disputes, "EquivocationReported")
        .withArgs(double.address, 0n, f.users[8].address, ORACLE_STAKE / 20n, ORACLE_STAKE / 200n);
      // A wrong attester list or index is no evidence.
      await expect(
        f.disputes.reportAttestationEquivocation(
          a,
          0,
          [f.oracles[1].address],
          0n,
          b,
          await signReport(f.oracles[1], f.domain, b),
        ),
      ).to.be.revertedWithCustomError(f.disputes, "DisputesNotEquivocation");
    });
  });

  describe("hole 5: equivocation is about oracles with weight, and reports that still count", function () {
    it("a report made unacceptable by a forced earlier epoch is no evidence", async function () {
      const f = await load();
      await f.fund(50n * E);
      // Epoch 0 is forced with a total of 40; a report of epoch 1 below 40 can never be accepted.
      await chain.networkHelpers.time.increaseTo(f.epochEnd(0n) + 3n * EPOCH);
      await f.oracle.forceReport(makeReport(0n, ROOT(14), 40n * E));
      const stale = makeReport(1n, ROOT(15), 30n * E);
      const fresh = makeReport(1n, ROOT(16), 45n * E);
      const o = f.oracles[2];
      await expect(
        f.disputes.reportEquivocation(
          stale,
          await signReport(o, f.domain, stale),
          fresh,
          await signReport(o, f.domain, fresh),
        ),
      ).to.be.revertedWithCustomError(f.disputes, "DisputesNotEquivocation");
      const other = makeReport(1n, ROOT(17), 46n * E);
      await expect(
        f.disputes.reportEquivocation(
          other,
          await signReport(o, f.domain, other),
          fresh,
          await signReport(o, f.domain, fresh),
        ),
      ).to.emit(f.disputes, "EquivocationReported");
    });
  });
});
