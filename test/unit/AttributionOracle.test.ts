import { expect } from "chai";
import { Signature, Wallet, ZeroAddress, ZeroHash, encodeBytes32String, getBigInt, toBeHex } from "ethers";

import { reportHash, signReport, signReportBy } from "../../src/protocol/report.js";
import type { AttributionReport } from "../../src/protocol/eip712.js";
import {
  addWalletOracles,
  BOND,
  deployAttribution,
  E,
  EPOCH,
  EpochStatus,
  LOG_DEADLINE,
  makeReport,
  ORACLE_STAKE,
  WINDOW,
  type AttributionFixture,
} from "../helpers/attribution.js";
import { createChain } from "../helpers/fixtures.js";
import { erc7201Slot } from "../helpers/staking.js";

const ROOT = (n: number) => "0x" + n.toString(16).padStart(2, "0").repeat(32);
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const MASK = (bits: number) => (1n << BigInt(bits)) - 1n;
const name = (s: string) => encodeBytes32String(s);

/** Every governance parameter: name, default, min, max (the contract's constants). */
const PARAMETERS: [string, bigint, bigint, bigint][] = [
  ["quorumBps", 6_667n, 5_001n, 10_000n],
  ["challengeWindow", 86_400n, 3_600n, 7n * 86_400n],
  ["logDeadline", 6n * 3_600n, 3_600n, 7n * 86_400n],
  ["disputeBond", 1_000n * E, E, 1_000_000n * E],
  ["disputeSlashBps", 1_000n, 100n, 10_000n],
  ["disputerRewardBps", 2_000n, 0n, 5_000n],
  ["equivocationSlashBps", 500n, 100n, 10_000n],
  ["reporterRewardBps", 1_000n, 0n, 5_000n],
  ["livenessEpochs", 3n, 1n, 16n],
];

describe("AttributionOracle", function () {
  let chain: Awaited<ReturnType<typeof createChain>>;
  const fixture = () => deployAttribution(chain);

  before(async function () {
    chain = await createChain();
  });

  async function load(): Promise<AttributionFixture> {
    return chain.networkHelpers.loadFixture(fixture);
  }

  /** Funds pools and has all seven oracles' signatures accept `report` (reports for its epoch must be open). */
  async function accept(f: AttributionFixture, report: AttributionReport) {
    await f.openReports(report.epoch);
    await f.oracle.submit(report, await signReportBy(f.oracles, f.domain, report));
  }

  /**
   * Funds 20 and accepts epoch 1's report with total 10 while epoch 0 is pending; then epoch 0 finalizes with 20, so
   * the epoch 1 report (returned) can no longer finalize.
   */
  async function acceptOvertaken(f: AttributionFixture): Promise<AttributionReport> {
    await f.fund(20n * E);
    await accept(f, makeReport(0n, ROOT(7), 20n * E));
    const overtaken = makeReport(1n, ROOT(8), 10n * E);
    await accept(f, overtaken);
    await chain.networkHelpers.time.increase(WINDOW);
    await f.oracle.finalize(0n);
    return overtaken;
  }

  async function now() {
    return BigInt(await chain.networkHelpers.time.latest());
  }

  describe("deployment", function () {
    it("wires the contracts, grants admin and resolver, sets the treasury and every default", async function () {
      const f = await load();
      const RESOLVER = await f.oracle.RESOLVER_ROLE();
      expect(await f.oracle.hasRole(ZeroHash, f.admin.address)).to.equal(true);
      expect(await f.oracle.hasRole(RESOLVER, f.admin.address)).to.equal(true);
      expect(await f.oracle.treasury()).to.equal(f.treasury.address);
      expect(await f.oracle.asset()).to.equal(await f.open.getAddress());
      expect(await f.oracle.staking()).to.equal(await f.staking.getAddress());
      expect(await f.oracle.payments()).to.equal(await f.payments.getAddress());
      expect(await f.oracle.modelRegistry()).to.equal(await f.models.getAddress());
      expect(await f.oracle.distributor()).to.equal(await f.rd.getAddress());
      expect(await f.oracle.nextEpoch()).to.equal(0n);
      expect(await f.oracle.lastFinalizedTotal()).to.equal(0n);
      expect((await f.oracle.parameters()).map((v) => v)).to.deep.equal(PARAMETERS.map(([, d]) => d));
      expect(await f.oracle.MAX_PENDING_EPOCHS()).to.equal(32n);
    });

    it("initialization emits every parameter and the treasury", async function () {
      const f = await load();
      const impl = await chain.ethers.deployContract("AttributionOracle", [
        await f.open.getAddress(),
        await f.staking.getAddress(),
        await f.payments.getAddress(),
        await f.models.getAddress(),
        await f.rd.getAddress(),
      ]);
      const init = impl.interface.encodeFunctionData("initialize", [f.admin.address, f.treasury.address]);
      const proxy = await chain.ethers.deployContract("ERC1967Proxy", [await impl.getAddress(), init]);
      const tx = proxy.deploymentTransaction()!;
      const oracle = await chain.ethers.getContractAt("AttributionOracle", await proxy.getAddress());
      for (const [n, d] of PARAMETERS) await expect(tx).to.emit(oracle, "ParameterSet").withArgs(name(n), d);
      await expect(tx).to.emit(oracle, "TreasurySet").withArgs(f.treasury.address);
    });

    it("the constructor refuses each zero address", async function () {
      const f = await load();
      const args = [
        await f.open.getAddress(),
        await f.staking.getAddress(),
        await f.payments.getAddress(),
        await f.models.getAddress(),
        await f.rd.getAddress(),
      ];
      const factory = await chain.ethers.getContractFactory("AttributionOracle");
      for (let i = 0; i < args.length; i++) {
        const bad = [...args] as [string, string, string, string, string];
        bad[i] = ZeroAddress;
        await expect(factory.deploy(...bad)).to.be.revertedWithCustomError(f.oracle, "ProtocolZeroAddress");
      }
    });

    it("initialize refuses a zero treasury or admin, a second call, and the bare implementation", async function () {
      const f = await load();
      const impl = await chain.ethers.deployContract("AttributionOracle", [
        await f.open.getAddress(),
        await f.staking.getAddress(),
        await f.payments.getAddress(),
        await f.models.getAddress(),
        await f.rd.getAddress(),
      ]);
      const proxyFactory = await chain.ethers.getContractFactory("ERC1967Proxy");
      const enc = (a: string, t: string) => impl.interface.encodeFunctionData("initialize", [a, t]);
      await expect(
        proxyFactory.deploy(await impl.getAddress(), enc(f.admin.address, ZeroAddress)),
      ).to.be.revertedWithCustomError(f.oracle, "ProtocolZeroAddress");
      await expect(
        proxyFactory.deploy(await impl.getAddress(), enc(ZeroAddress, f.treasury.address)),
      ).to.be.revertedWithCustomError(f.oracle, "ProtocolZeroAddress");
      await expect(f.oracle.initialize(f.admin.address, f.treasury.address)).to.be.revertedWithCustomError(
        f.oracle,
        "InvalidInitialization",
      );
      await expect(impl.getFunction("initialize")(f.admin.address, f.treasury.address)).to.be.revertedWithCustomError(
        f.oracle,
        "InvalidInitialization",
      );
    });

    it("keeps its state at the ERC-7201 slot of openledger.storage.AttributionOracle", async function () {
      const f = await load();
      const slot = erc7201Slot(chain, "openledger.storage.AttributionOracle");
      expect(slot).to.equal("0xa047db4881b21df090877aa10bccb672913966fed6736afec8ff7cf152333400");
      const at = async (offset: bigint) =>
        getBigInt(
          await chain.ethers.provider.getStorage(await f.oracle.getAddress(), toBeHex(BigInt(slot) + offset, 32)),
        );
      // Config: nextEpoch (64) | lastFinalizedTotal (96) | quorumBps (16) | logDeadline (32) | challengeWindow (32).
      const config = await at(0n);
      expect(config & MASK(64)).to.equal(0n);
      expect((config >> 160n) & MASK(16)).to.equal(6_667n);
      expect((config >> 176n) & MASK(32)).to.equal(6n * 3_600n);
      expect((config >> 208n) & MASK(32)).to.equal(86_400n);
      // Params: livenessEpochs | disputeSlashBps | disputerRewardBps | equivocationSlashBps | reporterRewardBps | bond.
      const params = await at(1n);
      expect(params & MASK(16)).to.equal(3n);
      expect((params >> 16n) & MASK(16)).to.equal(1_000n);
      expect((params >> 80n) & MASK(96)).to.equal(BOND);
      expect(await at(2n)).to.equal(getBigInt(f.treasury.address));
      // The ring: 32 records of 4 slots from slot + 3, pre-filled with non-zero placeholders.
      for (const i of [0n, 31n]) {
        expect(await at(3n + 4n * i)).to.equal(MASK(64)); // head: a stale epoch
        expect(await at(4n + 4n * i)).to.equal(1n); // root
        expect(await at(5n + 4n * i)).to.equal(1n); // total and digest
      }
    });

    it("hard-codes the getPastOracleStake selector it calls in assembly", async function () {
      const f = await load();
      expect(f.staking.interface.getFunction("getPastOracleStake")!.selector).to.equal("0x69ac0ff5");
    });

    it("signs reports under a constant EIP-712 domain (name, version 1, chain, proxy)", async function () {
      const f = await load();
      const domain = await f.oracle.eip712Domain();
      expect(domain.name).to.equal("OpenLedger AttributionOracle");
      expect(domain.version).to.equal("1");
      expect(domain.chainId).to.equal((await chain.ethers.provider.getNetwork()).chainId);
      expect(domain.verifyingContract).to.equal(await f.oracle.getAddress());
    });
  });

  describe("commitInferenceLog", function () {
    const root = ROOT(0x12);

    it("records the root and emits the URI, once, for the model's operator inside the window", async function () {
      const f = await load();
      await chain.networkHelpers.time.increaseTo(f.epochEnd(0n));
      await expect(f.oracle.connect(f.modelOperator).commitInferenceLog(f.modelId, 0n, root, "ipfs://log"))
        .to.emit(f.oracle, "InferenceLogCommitted")
        .withArgs(f.modelId, 0n, f.modelOperator.address, root, "ipfs://log");
      expect(await f.oracle.inferenceLog(f.modelId, 0n)).to.equal(root);
      expect(await f.oracle.inferenceLog(f.modelId, 1n)).to.equal(ZeroHash);
    });

    it("reverts: zero root, epoch not over, window closed, not the operator, already committed", async function () {
      const f = await load();
      const op = f.oracle.connect(f.modelOperator);
      await expect(op.commitInferenceLog(f.modelId, 0n, ZeroHash, "x")).to.be.revertedWithCustomError(
        f.oracle,
        "AttributionZeroRoot",
      );
      await expect(op.commitInferenceLog(f.modelId, 0n, root, "x"))
        .to.be.revertedWithCustomError(f.oracle, "AttributionEpochNotOver")
        .withArgs(0n, f.epochEnd(0n));
      // Reverted calls mine no block: the commit is mined 2 s before the deadline, the next call runs 1 s before it.
      await chain.networkHelpers.time.increaseTo(f.epochEnd(0n) + LOG_DEADLINE - 3n);
      await expect(f.oracle.connect(f.users[8]).commitInferenceLog(f.modelId, 0n, root, "x"))
        .to.be.revertedWithCustomError(f.oracle, "AttributionNotModelOperator")
        .withArgs(f.modelId, f.users[8].address, f.modelOperator.address);
      await op.commitInferenceLog(f.modelId, 0n, root, "x");
      await expect(op.commitInferenceLog(f.modelId, 0n, root, "x"))
        .to.be.revertedWithCustomError(f.oracle, "AttributionLogAlreadyCommitted")
        .withArgs(f.modelId, 0n);
      await chain.networkHelpers.time.increaseTo(f.epochEnd(1n) + LOG_DEADLINE);
      await expect(op.commitInferenceLog(f.modelId, 1n, root, "x"))
        .to.be.revertedWithCustomError(f.oracle, "AttributionLogWindowClosed")
        .withArgs(f.modelId, 1n, f.epochEnd(1n) + LOG_DEADLINE);
    });

    it("an unknown model has no operator (the zero address never commits)", async function () {
      const f = await load();
      await chain.networkHelpers.time.increaseTo(f.epochEnd(0n));
      await expect(f.oracle.connect(f.modelOperator).commitInferenceLog(7n, 0n, root, "x"))
        .to.be.revertedWithCustomError(f.oracle, "AttributionNotModelOperator")
        .withArgs(7n, f.modelOperator.address, ZeroAddress);
    });
  });

  describe("attest", function () {
    it("adds the caller's stake at the snapshot to the report's tally and fixes the epoch's total and quorum", async function () {
      const f = await load();
      await f.openReports(0n);
      const r = makeReport(0n, ROOT(1), 0n);
      const hash = reportHash(r);
      await expect(f.oracle.connect(f.oracles[0]).attest(r))
        .to.emit(f.oracle, "Attested")
        .withArgs(0n, hash, f.oracles[0].address, 0n, ORACLE_STAKE, ORACLE_STAKE);
      await expect(f.oracle.connect(f.oracles[1]).attest(r))
        .to.emit(f.oracle, "Attested")
        .withArgs(0n, hash, f.oracles[1].address, 0n, ORACLE_STAKE, 2n * ORACLE_STAKE);
      expect(await f.oracle.attestedWeight(hash, 0)).to.equal(2n * ORACLE_STAKE);
      expect(await f.oracle.attestedWeight(hash, 1)).to.equal(0n);
      const [status, round, since] = await f.oracle.epochStatus(0n);
      expect([status, round, since]).to.deep.equal([EpochStatus.Open, 0n, 0n]);
      // The quorum is the one in force at the epoch's first activity: raising it now does not apply to epoch 0.
      await f.oracle.setParameter(name("quorumBps"), 10_000n);
      for (const o of f.oracles.slice(2, 4)) await f.oracle.connect(o).attest(r);
      await expect(f.oracle.connect(f.oracles[4]).attest(r))
        .to.emit(f.oracle, "ReportAccepted")
        .withArgs(0n, hash, 0n, r.cumulativeRewardsRoot, 0n, r.attributionRoot, r.dataURI);
      const [accepted, , acceptedAt] = await f.oracle.epochStatus(0n);
      expect([accepted, acceptedAt]).to.deep.equal([EpochStatus.Accepted, await now()]);
      // ... but to epoch 1, whose first activity comes after the change: five of seven are no longer enough.
      await f.openReports(1n);
      const r1 = makeReport(1n, ROOT(2), 0n);
      for (const o of f.oracles.slice(0, 6)) await f.oracle.connect(o).attest(r1);
      expect((await f.oracle.epochStatus(1n))[0]).to.equal(EpochStatus.Open);
      await expect(f.oracle.connect(f.oracles[6]).attest(r1)).to.emit(f.oracle, "ReportAccepted");
    });

    it("reverts before the log deadline, for finalized and too-far-ahead epochs, and once accepted", async function () {
      const f = await load();
      const r = makeReport(0n, ROOT(1), 0n);
      await chain.networkHelpers.time.increaseTo(f.epochEnd(0n));
      await expect(f.oracle.connect(f.oracles[0]).attest(r))
        .to.be.revertedWithCustomError(f.oracle, "AttributionReportsNotOpenYet")
        .withArgs(0n, f.epochEnd(0n) + LOG_DEADLINE);
      await expect(f.oracle.connect(f.oracles[0]).attest(makeReport(32n, ROOT(1), 0n)))
        .to.be.revertedWithCustomError(f.oracle, "AttributionEpochTooFarAhead")
        .withArgs(32n, 0n, 32n);
      await accept(f, r);
      await expect(f.oracle.connect(f.oracles[0]).attest(r))
        .to.be.revertedWithCustomError(f.oracle, "AttributionUnexpectedStatus")
        .withArgs(0n, EpochStatus.Accepted);
      await chain.networkHelpers.time.increase(WINDOW);
      await f.oracle.finalize(0n);
      await expect(f.oracle.connect(f.oracles[0]).attest(r))
        .to.be.revertedWithCustomError(f.oracle, "AttributionEpochAlreadyFinalized")
        .withArgs(0n, 1n);
      // The window moved: epoch 32 (= next + 31) is now in it, 33 is not.
      await expect(f.oracle.connect(f.oracles[0]).attest(makeReport(33n, ROOT(1), 0n)))
        .to.be.revertedWithCustomError(f.oracle, "AttributionEpochTooFarAhead")
        .withArgs(33n, 1n, 32n);
      await expect(f.oracle.connect(f.oracles[0]).attest(makeReport(32n, ROOT(1), 0n)))
        .to.be.revertedWithCustomError(f.oracle, "AttributionReportsNotOpenYet")
        .withArgs(32n, f.epochEnd(32n) + LOG_DEADLINE);
    });

    it("reverts for a caller without oracle stake at the snapshot, and for a second attestation in a round", async function () {
      const f = await load();
      await f.openReports(0n);
      const r = makeReport(0n, ROOT(1), 0n);
      await expect(f.oracle.connect(f.modelOperator).attest(r))
        .to.be.revertedWithCustomError(f.oracle, "AttributionNotOracle")
        .withArgs(f.modelOperator.address, 0n);
      await f.oracle.connect(f.oracles[0]).attest(r);
      await expect(f.oracle.connect(f.oracles[0]).attest({ ...r, cumulativeTotal: 1n }))
        .to.be.revertedWithCustomError(f.oracle, "AttributionAlreadyAttested")
        .withArgs(f.oracles[0].address, 0n, 0n);
    });

    it("the accepting attestation refuses a total below the last finalized one and a rejected root", async function () {
      const f = await load();
      await f.fund(10n * E);
      await accept(f, makeReport(0n, ROOT(1), 10n * E));
      await chain.networkHelpers.time.increase(WINDOW);
      await f.oracle.finalize(0n);
      await f.openReports(1n);
      const low = makeReport(1n, ROOT(2), 9n * E);
      for (const o of f.oracles.slice(0, 4)) await f.oracle.connect(o).attest(low);
      await expect(f.oracle.connect(f.oracles[4]).attest(low))
        .to.be.revertedWithCustomError(f.oracle, "AttributionTotalDecreased")
        .withArgs(9n * E, 10n * E);
    });
  });

  describe("submit", function () {
    it("accepts with the signers' weight, emits the counted signers in order", async function () {
      const f = await load();
      await f.openReports(0n);
      const r = makeReport(0n, ROOT(3), 0n);
      const signers = f.oracles.slice(0, 5);
      const tx = f.oracle.connect(f.users[8]).submit(r, await signReportBy(signers, f.domain, r));
      const sorted = signers.map((s) => s.address).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      await expect(tx)
        .to.emit(f.oracle, "ReportSubmitted")
        .withArgs(0n, reportHash(r), f.users[8].address, sorted, 5n * ORACLE_STAKE);
      await expect(tx)
        .to.emit(f.oracle, "ReportAccepted")
        .withArgs(0n, reportHash(r), 0n, r.cumulativeRewardsRoot, 0n, r.attributionRoot, r.dataURI);
      expect((await f.oracle.epochStatus(0n))[0]).to.equal(EpochStatus.Accepted);
      // The submission's signers did not attest on chain: separate tallies.
      expect(await f.oracle.attestedWeight(reportHash(r), 0)).to.equal(0n);
    });

    it("reverts on malformed, malleable or unrecoverable signatures with the index", async function () {
      const f = await load();
      await f.openReports(0n);
      const r = makeReport(0n, ROOT(3), 0n);
      const [good] = await signReportBy([f.oracles[0]], f.domain, r);
      const sig = Signature.from(good);
      const highS = sig.r + toBeHex(SECP256K1_N - BigInt(sig.s), 32).slice(2) + (sig.v === 27 ? "1c" : "1b");
      const cases = [
        good.slice(0, -2), // 64 bytes
        good + "00", // 66 bytes
        highS, // the malleable twin
        sig.r + sig.s.slice(2) + "1d", // v = 29
        "0x" + "00".repeat(65), // recovers nothing
      ];
      for (const bad of cases) {
        await expect(f.oracle.submit(r, [good, bad]))
          .to.be.revertedWithCustomError(f.oracle, "AttributionInvalidSignature")
          .withArgs(1n);
      }
    });

    it("reverts on a repeated or descending signer, and below quorum (also with no signature at all)", async function () {
      const f = await load();
      await f.openReports(0n);
      const r = makeReport(0n, ROOT(3), 0n);
      const sorted = await signReportBy(f.oracles.slice(0, 2), f.domain, r);
      const addrs = f.oracles
        .slice(0, 2)
        .map((o) => o.address)
        .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      await expect(f.oracle.submit(r, [sorted[0], sorted[0]]))
        .to.be.revertedWithCustomError(f.oracle, "AttributionSignersNotAscending")
        .withArgs(1n, addrs[0], addrs[0]);
      await expect(f.oracle.submit(r, [sorted[1], sorted[0]]))
        .to.be.revertedWithCustomError(f.oracle, "AttributionSignersNotAscending")
        .withArgs(1n, addrs[1], addrs[0]);
      await expect(f.oracle.submit(r, sorted))
        .to.be.revertedWithCustomError(f.oracle, "AttributionQuorumNotReached")
        .withArgs(reportHash(r), 2n * ORACLE_STAKE, 7n * ORACLE_STAKE, 6_667n);
      await expect(f.oracle.submit(r, []))
        .to.be.revertedWithCustomError(f.oracle, "AttributionQuorumNotReached")
        .withArgs(reportHash(r), 0n, 7n * ORACLE_STAKE, 6_667n);
      // Signatures by outsiders only: weight zero.
      const outsiders = await signReportBy([Wallet.createRandom(), Wallet.createRandom()], f.domain, r);
      await expect(f.oracle.submit(r, outsiders))
        .to.be.revertedWithCustomError(f.oracle, "AttributionQuorumNotReached")
        .withArgs(reportHash(r), 0n, 7n * ORACLE_STAKE, 6_667n);
    });

    it("reverts before reports open, when not open, and for a rejected root", async function () {
      const f = await load();
      const r = makeReport(0n, ROOT(3), 0n);
      const sigs = await signReportBy(f.oracles, f.domain, r);
      await expect(f.oracle.submit(r, sigs))
        .to.be.revertedWithCustomError(f.oracle, "AttributionReportsNotOpenYet")
        .withArgs(0n, f.epochEnd(0n) + LOG_DEADLINE);
      await f.openReports(0n);
      await f.oracle.submit(r, sigs);
      await expect(f.oracle.submit(r, sigs))
        .to.be.revertedWithCustomError(f.oracle, "AttributionUnexpectedStatus")
        .withArgs(0n, EpochStatus.Accepted);
      const disputer = f.users[8];
      await f.provision(disputer, BOND);
      await f.oracle.connect(disputer).dispute(0n);
      const signers = f.oracles.map((o) => o.address).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      await f.oracle.resolveDispute(0n, true, signers);
      await expect(f.oracle.submit(r, sigs))
        .to.be.revertedWithCustomError(f.oracle, "AttributionReportRejected")
        .withArgs(0n, r.cumulativeRewardsRoot);
      // The same root in another epoch is not banned there.
      await f.openReports(1n);
      const r1 = { ...r, epoch: 1n };
      await expect(f.oracle.submit(r1, await signReportBy(f.oracles, f.domain, r1))).to.emit(
        f.oracle,
        "ReportAccepted",
      );
    });
  });

  describe("dispute", function () {
    it("pulls the bond and freezes the epoch", async function () {
      const f = await load();
      const disputer = f.users[8];
      await f.provision(disputer, BOND);
      await accept(f, makeReport(0n, ROOT(4), 0n));
      const tx = f.oracle.connect(disputer).dispute(0n);
      await expect(tx).to.emit(f.oracle, "ReportDisputed").withArgs(0n, disputer.address, BOND);
      await expect(tx).to.changeTokenBalances(chain.ethers, f.open, [disputer, f.oracle], [-BOND, BOND]);
      expect(await f.oracle.epochStatus(0n)).to.deep.equal([EpochStatus.Disputed, 0n, await now()]);
    });

    it("reverts unless accepted and inside the window; outside the pending window; without allowance", async function () {
      const f = await load();
      const disputer = f.users[8];
      await f.provision(disputer, 2n * BOND);
      await expect(f.oracle.connect(disputer).dispute(0n))
        .to.be.revertedWithCustomError(f.oracle, "AttributionUnexpectedStatus")
        .withArgs(0n, EpochStatus.Open);
      await expect(f.oracle.connect(disputer).dispute(40n))
        .to.be.revertedWithCustomError(f.oracle, "AttributionEpochTooFarAhead")
        .withArgs(40n, 0n, 32n);
      await accept(f, makeReport(0n, ROOT(4), 0n));
      const endsAt = (await now()) + WINDOW;
      await expect(f.oracle.connect(f.users[12]).dispute(0n)).to.be.revertedWithCustomError(
        f.open,
        "ERC20InsufficientAllowance",
      );
      await chain.networkHelpers.time.increaseTo(endsAt);
      await expect(f.oracle.connect(disputer).dispute(0n))
        .to.be.revertedWithCustomError(f.oracle, "AttributionChallengeWindowOver")
        .withArgs(0n, endsAt);
      await f.oracle.finalize(0n);
      await expect(f.oracle.connect(disputer).dispute(0n))
        .to.be.revertedWithCustomError(f.oracle, "AttributionEpochAlreadyFinalized")
        .withArgs(0n, 1n);
    });

    it("a disputed epoch cannot be disputed again", async function () {
      const f = await load();
      const disputer = f.users[8];
      await f.provision(disputer, 2n * BOND);
      await accept(f, makeReport(0n, ROOT(4), 0n));
      await f.oracle.connect(disputer).dispute(0n);
      await expect(f.oracle.connect(disputer).dispute(0n))
        .to.be.revertedWithCustomError(f.oracle, "AttributionUnexpectedStatus")
        .withArgs(0n, EpochStatus.Disputed);
    });
  });

  describe("resolveDispute", function () {
    async function disputed() {
      const f = await load();
      const disputer = f.users[8];
      await f.provision(disputer, BOND);
      await f.fund(5n * E);
      await f.openReports(0n);
      const r = makeReport(0n, ROOT(5), 5n * E);
      // Signers 0-4 attest on chain (in this order): the digest follows the Attested events.
      for (const o of f.oracles.slice(0, 5)) await f.oracle.connect(o).attest(r);
      await f.oracle.connect(disputer).dispute(0n);
      return { f, disputer, r, signers: f.oracles.slice(0, 5).map((o) => o.address) };
    }

    it("rejected: the bond goes to the treasury and the report can finalize at once", async function () {
      const { f, r } = await disputed();
      const tx = f.oracle.resolveDispute(0n, false, []);
      await expect(tx).to.emit(f.oracle, "DisputeResolved").withArgs(0n, false, 0n, 0n);
      await expect(tx).to.changeTokenBalances(chain.ethers, f.open, [f.treasury, f.oracle], [BOND, -BOND]);
      expect(await f.oracle.epochStatus(0n)).to.deep.equal([EpochStatus.Confirmed, 0n, await now()]);
      await expect(f.oracle.finalize(0n))
        .to.emit(f.oracle, "EpochFinalized")
        .withArgs(0n, r.cumulativeRewardsRoot, 5n * E);
    });

    it("upheld: slashes each signer, credits the disputer bond + reward, sends the rest to the treasury, reopens", async function () {
      const { f, disputer, r, signers } = await disputed();
      const stakingBefore = await f.open.balanceOf(await f.staking.getAddress());
      const tx = f.oracle.resolveDispute(0n, true, signers);
      for (const s of signers)
        await expect(tx)
          .to.emit(f.oracle, "OracleSlashed")
          .withArgs(s, 0n, 1_000n * E);
      await expect(tx)
        .to.emit(f.oracle, "DisputeResolved")
        .withArgs(0n, true, 5_000n * E, 1_000n * E);
      await expect(tx).to.changeTokenBalances(chain.ethers, f.open, [f.treasury], [4_000n * E]);
      expect(stakingBefore - (await f.open.balanceOf(await f.staking.getAddress()))).to.equal(5_000n * E);
      expect(await f.oracle.withdrawable(disputer.address)).to.equal(BOND + 1_000n * E);
      expect(await f.oracle.epochStatus(0n)).to.deep.equal([EpochStatus.Open, 1n, await now()]);
      // Round 1: the same oracles may attest again (a new bit), the banned root cannot be accepted.
      for (const o of f.oracles.slice(0, 4)) await f.oracle.connect(o).attest(r);
      await expect(f.oracle.connect(f.oracles[4]).attest(r))
        .to.be.revertedWithCustomError(f.oracle, "AttributionReportRejected")
        .withArgs(0n, r.cumulativeRewardsRoot);
    });

    it("upheld with a signer that has nothing left to slash: it is skipped", async function () {
      const { f, signers } = await disputed();
      // Signer 0 is slashed to zero by two equivocations at 100% before the ruling.
      await f.oracle.setParameter(name("equivocationSlashBps"), 10_000n);
      const o = f.oracles[0];
      const a = makeReport(9n, ROOT(1), 0n);
      const b = makeReport(9n, ROOT(2), 0n);
      await f.oracle.reportEquivocation(a, await signReport(o, f.domain, a), b, await signReport(o, f.domain, b));
      expect(await f.staking.slashableStake(o.address)).to.equal(0n);
      const tx = f.oracle.resolveDispute(0n, true, signers);
      await expect(tx)
        .to.emit(f.oracle, "DisputeResolved")
        .withArgs(0n, true, 4_000n * E, 800n * E);
      const receipt = await (await tx).wait();
      const slashedOracles = receipt!.logs
        .map((l) => f.oracle.interface.parseLog(l))
        .filter((l) => l?.name === "OracleSlashed")
        .map((l) => l!.args[0] as string);
      expect(slashedOracles).to.deep.equal(signers.slice(1));
    });

    it("reverts for a caller without RESOLVER_ROLE, an epoch not disputed, and a wrong signer list", async function () {
      const { f, signers } = await disputed();
      const RESOLVER = await f.oracle.RESOLVER_ROLE();
      await expect(f.oracle.connect(f.users[8]).resolveDispute(0n, true, signers))
        .to.be.revertedWithCustomError(f.oracle, "AccessControlUnauthorizedAccount")
        .withArgs(f.users[8].address, RESOLVER);
      for (const wrong of [signers.slice(1), [...signers].reverse(), [...signers, signers[0]]]) {
        await expect(f.oracle.resolveDispute(0n, true, wrong))
          .to.be.revertedWithCustomError(f.oracle, "AttributionSignersMismatch")
          .withArgs(0n);
      }
      await expect(f.oracle.resolveDispute(1n, true, signers))
        .to.be.revertedWithCustomError(f.oracle, "AttributionUnexpectedStatus")
        .withArgs(1n, EpochStatus.Open);
      // The admin appoints another resolver.
      await f.oracle.grantRole(RESOLVER, f.users[12].address);
      await expect(f.oracle.connect(f.users[12]).resolveDispute(0n, false, [])).to.emit(f.oracle, "DisputeResolved");
      await expect(f.oracle.resolveDispute(0n, false, []))
        .to.be.revertedWithCustomError(f.oracle, "AttributionUnexpectedStatus")
        .withArgs(0n, EpochStatus.Confirmed);
    });
  });

  describe("slashDeferred (upheld disputes with more than SLASH_PAGE signers)", function () {
    /** The default fixture plus 40 wallet oracles (47 oracles of ORACLE_STAKE: 32 of them reach the 66.67% quorum). */
    async function withWallets() {
      const f = await deployAttribution(chain);
      const wallets = await addWalletOracles(f, 40);
      return { f, wallets };
    }

    /** Epoch 0's report signed by `signers` (all wallet oracles), accepted and disputed by users[8]. */
    async function disputedBy(count: number) {
      const { f, wallets } = await chain.networkHelpers.loadFixture(withWallets);
      const disputer = f.users[8];
      await f.provision(disputer, BOND);
      await f.fund(5n * E);
      await f.openReports(0n);
      const r = makeReport(0n, ROOT(5), 5n * E);
      const signing = wallets.slice(0, count);
      const sigs = await signReportBy(signing, f.domain, r);
      await f.oracle.submit(r, sigs);
      await f.oracle.connect(disputer).dispute(0n);
      // The counted order: strictly increasing addresses (the ReportSubmitted event's list).
      const signers = signing.map((w) => w.address).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      return { f, disputer, r, sigs, signers };
    }

    async function stakesOf(f: AttributionFixture, accounts: string[]) {
      return Promise.all(accounts.map((a) => f.staking.slashableStake(a)));
    }

    it("SLASH_PAGE is 32, and 32 signers are still slashed inline", async function () {
      const { f, disputer, signers } = await disputedBy(32);
      expect(await f.oracle.SLASH_PAGE()).to.equal(32n);
      const tx = f.oracle.resolveDispute(0n, true, signers);
      await expect(tx)
        .to.emit(f.oracle, "DisputeResolved")
        .withArgs(0n, true, 32_000n * E, 6_400n * E);
      await expect(tx).not.to.emit(f.oracle, "SlashingDeferred");
      await expect(tx).to.changeTokenBalances(chain.ethers, f.open, [f.treasury], [25_600n * E]);
      expect(await stakesOf(f, signers)).to.deep.equal(signers.map(() => ORACLE_STAKE - 1_000n * E));
      expect(await f.oracle.withdrawable(disputer.address)).to.equal(BOND + 6_400n * E);
      await expect(f.oracle.slashDeferred(0n, 0, 0n, signers))
        .to.be.revertedWithCustomError(f.oracle, "AttributionSlashingPageOutOfRange")
        .withArgs(0n, 0n, 0n, 0n);
    });

    it("40 signers: the ruling slashes nothing, credits the bond, bans the root, reopens, defers 2 pages", async function () {
      const { f, disputer, r, sigs, signers } = await disputedBy(40);
      const stakingAddress = await f.staking.getAddress();
      const tx = f.oracle.resolveDispute(0n, true, signers);
      await expect(tx).to.emit(f.oracle, "DisputeResolved").withArgs(0n, true, 0n, 0n);
      await expect(tx).to.emit(f.oracle, "SlashingDeferred").withArgs(0n, 0n, 40n, 2n);
      await expect(tx).not.to.emit(f.oracle, "OracleSlashed");
      await expect(tx).to.changeTokenBalances(
        chain.ethers,
        f.open,
        [f.treasury, f.oracle, stakingAddress],
        [0n, 0n, 0n],
      );
      expect(await stakesOf(f, signers)).to.deep.equal(signers.map(() => ORACLE_STAKE));
      expect(await f.oracle.withdrawable(disputer.address)).to.equal(BOND);
      expect(await f.oracle.epochStatus(0n)).to.deep.equal([EpochStatus.Open, 1n, await now()]);
      await expect(f.oracle.submit(r, sigs))
        .to.be.revertedWithCustomError(f.oracle, "AttributionReportRejected")
        .withArgs(0n, r.cumulativeRewardsRoot);
    });

    it("each page slashes exactly its signers once, in any order, with the shares in force at the ruling", async function () {
      const { f, disputer, signers } = await disputedBy(40);
      await f.oracle.resolveDispute(0n, true, signers);
      // Governance changes the shares after the ruling: the job keeps 10% slash / 20% reward.
      await f.oracle.setParameter(name("disputeSlashBps"), 5_000n);
      await f.oracle.setParameter(name("disputerRewardBps"), 0n);
      const page0 = signers.slice(0, 32);
      const page1 = signers.slice(32);
      const stakingAddress = await f.staking.getAddress();
      const keeper = f.users[12];

      // Page 1 first (8 signers): 8,000 slashed, 1,600 to the disputer, 6,400 to the treasury.
      const tx1 = f.oracle.connect(keeper).slashDeferred(0n, 0, 1n, page1);
      await expect(tx1)
        .to.emit(f.oracle, "DeferredSlashed")
        .withArgs(0n, 0n, 1n, 8_000n * E, 1_600n * E);
      for (const s of page1)
        await expect(tx1)
          .to.emit(f.oracle, "OracleSlashed")
          .withArgs(s, 0n, 1_000n * E);
      await expect(tx1).to.changeTokenBalances(
        chain.ethers,
        f.open,
        [f.treasury, f.oracle, stakingAddress, keeper],
        [6_400n * E, 1_600n * E, -8_000n * E, 0n],
      );
      expect(await stakesOf(f, page1)).to.deep.equal(page1.map(() => ORACLE_STAKE - 1_000n * E));
      expect(await stakesOf(f, page0)).to.deep.equal(page0.map(() => ORACLE_STAKE));
      expect(await f.oracle.withdrawable(disputer.address)).to.equal(BOND + 1_600n * E);

      // Page 0 (32 signers): 32,000 slashed, 6,400 to the disputer, 25,600 to the treasury.
      const tx0 = f.oracle.connect(keeper).slashDeferred(0n, 0, 0n, page0);
      await expect(tx0)
        .to.emit(f.oracle, "DeferredSlashed")
        .withArgs(0n, 0n, 0n, 32_000n * E, 6_400n * E);
      await expect(tx0).to.changeTokenBalances(
        chain.ethers,
        f.open,
        [f.treasury, f.oracle, stakingAddress],
        [25_600n * E, 6_400n * E, -32_000n * E],
      );
      expect(await stakesOf(f, signers)).to.deep.equal(signers.map(() => ORACLE_STAKE - 1_000n * E));
      expect(await f.oracle.withdrawable(disputer.address)).to.equal(BOND + 8_000n * E);

      // A page is slashed once.
      for (const [page, list] of [
        [0n, page0],
        [1n, page1],
      ] as const) {
        await expect(f.oracle.slashDeferred(0n, 0, page, list))
          .to.be.revertedWithCustomError(f.oracle, "AttributionSlashingPageDone")
          .withArgs(0n, 0n, page);
      }
      expect(await stakesOf(f, signers)).to.deep.equal(signers.map(() => ORACLE_STAKE - 1_000n * E));
    });

    it("reverts on a wrong or reordered list, a page out of range and an unknown job, changing nothing", async function () {
      const { f, disputer, signers } = await disputedBy(40);
      // The ruling checks the whole list as for a short one; a refused ruling records no job.
      for (const wrong of [[...signers].reverse(), signers.slice(1), [...signers, signers[0]]]) {
        await expect(f.oracle.resolveDispute(0n, true, wrong))
          .to.be.revertedWithCustomError(f.oracle, "AttributionSignersMismatch")
          .withArgs(0n);
      }
      await expect(f.oracle.slashDeferred(0n, 0, 0n, signers.slice(0, 32)))
        .to.be.revertedWithCustomError(f.oracle, "AttributionSlashingPageOutOfRange")
        .withArgs(0n, 0n, 0n, 0n);
      await f.oracle.resolveDispute(0n, true, signers);

      const page0 = signers.slice(0, 32);
      const page1 = signers.slice(32);
      const swapped = [page0[1], page0[0], ...page0.slice(2)];
      const wrongLists: [bigint, string[]][] = [
        [0n, swapped],
        [0n, [...page0].reverse()],
        [0n, page0.slice(0, 31)],
        [0n, [...page0, page1[0]]],
        [0n, page1],
        [0n, signers],
        [0n, []],
        [1n, page0],
        [1n, page1.slice(1)],
        [1n, [...page1].reverse()],
        [1n, [page0[31], ...page1]],
      ];
      for (const [page, list] of wrongLists) {
        await expect(f.oracle.slashDeferred(0n, 0, page, list))
          .to.be.revertedWithCustomError(f.oracle, "AttributionSignersMismatch")
          .withArgs(0n);
      }
      await expect(f.oracle.slashDeferred(0n, 0, 2n, []))
        .to.be.revertedWithCustomError(f.oracle, "AttributionSlashingPageOutOfRange")
        .withArgs(0n, 0n, 2n, 2n);
      await expect(f.oracle.slashDeferred(0n, 0, 256n, page0))
        .to.be.revertedWithCustomError(f.oracle, "AttributionSlashingPageOutOfRange")
        .withArgs(0n, 0n, 256n, 2n);
      // Unknown jobs: the next round of epoch 0, and epoch 1.
      await expect(f.oracle.slashDeferred(0n, 1, 0n, page0))
        .to.be.revertedWithCustomError(f.oracle, "AttributionSlashingPageOutOfRange")
        .withArgs(0n, 1n, 0n, 0n);
      await expect(f.oracle.slashDeferred(1n, 0, 0n, page0))
        .to.be.revertedWithCustomError(f.oracle, "AttributionSlashingPageOutOfRange")
        .withArgs(1n, 0n, 0n, 0n);

      // Nothing changed: every stake whole, the disputer holds its bond only, both pages still open.
      expect(await stakesOf(f, signers)).to.deep.equal(signers.map(() => ORACLE_STAKE));
      expect(await f.oracle.withdrawable(disputer.address)).to.equal(BOND);
      await expect(f.oracle.slashDeferred(0n, 0, 0n, page0))
        .to.emit(f.oracle, "DeferredSlashed")
        .withArgs(0n, 0n, 0n, 32_000n * E, 6_400n * E);
      await expect(f.oracle.slashDeferred(0n, 0, 1n, page1))
        .to.emit(f.oracle, "DeferredSlashed")
        .withArgs(0n, 0n, 1n, 8_000n * E, 1_600n * E);
    });

    it("33 signers: a second page of one", async function () {
      const { f, signers } = await disputedBy(33);
      await expect(f.oracle.resolveDispute(0n, true, signers))
        .to.emit(f.oracle, "SlashingDeferred")
        .withArgs(0n, 0n, 33n, 2n);
      await expect(f.oracle.slashDeferred(0n, 0, 1n, signers.slice(32)))
        .to.emit(f.oracle, "DeferredSlashed")
        .withArgs(0n, 0n, 1n, 1_000n * E, 200n * E);
      expect(await f.staking.slashableStake(signers[32])).to.equal(ORACLE_STAKE - 1_000n * E);
      expect(await f.staking.slashableStake(signers[31])).to.equal(ORACLE_STAKE);
    });
  });

  describe("reportEquivocation", function () {
    const a = makeReport(0n, ROOT(9), 1n);
    const b = { ...a, cumulativeTotal: 2n };

    it("slashes the signer of two reports of one epoch, credits the reporter, once per (oracle, epoch)", async function () {
      const f = await load();
      const o = f.oracles[2];
      const [sa, sb] = [await signReport(o, f.domain, a), await signReport(o, f.domain, b)];
      const tx = f.oracle.connect(f.users[8]).reportEquivocation(a, sa, b, sb);
      await expect(tx)
        .to.emit(f.oracle, "OracleSlashed")
        .withArgs(o.address, 0n, 500n * E);
      await expect(tx)
        .to.emit(f.oracle, "EquivocationReported")
        .withArgs(o.address, 0n, f.users[8].address, 500n * E, 50n * E);
      await expect(tx).to.changeTokenBalances(chain.ethers, f.open, [f.treasury, f.oracle], [450n * E, 50n * E]);
      expect(await f.oracle.withdrawable(f.users[8].address)).to.equal(50n * E);
      const c = { ...a, dataURI: "third" };
      await expect(f.oracle.reportEquivocation(b, sb, c, await signReport(o, f.domain, c)))
        .to.be.revertedWithCustomError(f.oracle, "AttributionEquivocationAlreadyPunished")
        .withArgs(o.address, 0n);
      // Another epoch is another offence.
      const d = { ...a, epoch: 1n };
      const e = { ...b, epoch: 1n };
      await expect(
        f.oracle.reportEquivocation(d, await signReport(o, f.domain, d), e, await signReport(o, f.domain, e)),
      ).to.emit(f.oracle, "EquivocationReported");
    });

    it("an oracle with nothing at stake is marked punished without a slash; a zero reward sends all to the treasury", async function () {
      const f = await load();
      const stranger = Wallet.createRandom();
      const [sa, sb] = [await signReport(stranger, f.domain, a), await signReport(stranger, f.domain, b)];
      const tx = f.oracle.reportEquivocation(a, sa, b, sb);
      await expect(tx)
        .to.emit(f.oracle, "EquivocationReported")
        .withArgs(stranger.address, 0n, f.deployer.address, 0n, 0n);
      await expect(tx).not.to.emit(f.oracle, "OracleSlashed");
      await f.oracle.setParameter(name("reporterRewardBps"), 0n);
      const o = f.oracles[0];
      await expect(
        f.oracle.reportEquivocation(a, await signReport(o, f.domain, a), b, await signReport(o, f.domain, b)),
      ).to.changeTokenBalances(chain.ethers, f.open, [f.treasury, f.oracle], [500n * E, 0n]);
    });

    it("reverts unless two different reports of one epoch carry valid signatures of one key", async function () {
      const f = await load();
      const o = f.oracles[2];
      const [sa, sb] = [await signReport(o, f.domain, a), await signReport(o, f.domain, b)];
      const other = { ...b, epoch: 1n };
      const cases: [AttributionReport, string, AttributionReport, string][] = [
        [a, sa, a, sa], // the same report
        [a, sa, other, await signReport(o, f.domain, other)], // different epochs
        [a, sa, b, await signReport(f.oracles[3], f.domain, b)], // different signers
        [a, "0x" + "00".repeat(65), b, sb], // unrecoverable first signature
        [a, sa, b, sb.slice(0, -2)], // malformed second signature
      ];
      for (const [x, sx, y, sy] of cases) {
        await expect(f.oracle.reportEquivocation(x, sx, y, sy)).to.be.revertedWithCustomError(
          f.oracle,
          "AttributionNotEquivocation",
        );
      }
    });

    it("reports whose root an upheld dispute rejected do not count", async function () {
      const f = await load();
      const disputer = f.users[8];
      await f.provision(disputer, BOND);
      await f.fund(1n);
      await accept(f, a);
      await f.oracle.connect(disputer).dispute(0n);
      const signers = f.oracles.map((o) => o.address).sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
      await f.oracle.resolveDispute(0n, true, signers);
      const o = f.oracles[0];
      const c = makeReport(0n, ROOT(10), 1n);
      await expect(
        f.oracle.reportEquivocation(a, await signReport(o, f.domain, a), c, await signReport(o, f.domain, c)),
      ).to.be.revertedWithCustomError(f.oracle, "AttributionNotEquivocation");
      await expect(
        f.oracle.reportEquivocation(c, await signReport(o, f.domain, c), a, await signReport(o, f.domain, a)),
      ).to.be.revertedWithCustomError(f.oracle, "AttributionNotEquivocation");
    });

    it("reports whose root finalize discarded do not count: overtaken signers may sign the next report", async function () {
      const f = await load();
      const overtaken = await acceptOvertaken(f);
      const o = f.oracles[0];
      const next = makeReport(1n, ROOT(12), 20n * E);
      const [sOvertaken, sNext] = [await signReport(o, f.domain, overtaken), await signReport(o, f.domain, next)];
      // Before the discard, the same pair is an equivocation (checked on a copy of the chain).
      const beforeDiscard = await chain.networkHelpers.takeSnapshot();
      await expect(f.oracle.reportEquivocation(overtaken, sOvertaken, next, sNext)).to.emit(
        f.oracle,
        "EquivocationReported",
      );
      await beforeDiscard.restore();
      await expect(f.oracle.finalize(1n)).to.emit(f.oracle, "ReportDiscarded");
      for (const [x, sx, y, sy] of [
        [overtaken, sOvertaken, next, sNext],
        [next, sNext, overtaken, sOvertaken],
      ] as const) {
        await expect(f.oracle.reportEquivocation(x, sx, y, sy)).to.be.revertedWithCustomError(
          f.oracle,
          "AttributionNotEquivocation",
        );
      }
      // Two reports of the epoch that were not discarded still are one.
      const third = makeReport(1n, ROOT(13), 20n * E);
      await expect(f.oracle.reportEquivocation(next, sNext, third, await signReport(o, f.domain, third))).to.emit(
        f.oracle,
        "EquivocationReported",
      );
    });
  });

  describe("withdraw", function () {
    it("pays what was credited once, and reverts with nothing to withdraw", async function () {
      const f = await load();
      const reporter = f.users[8];
      const o = f.oracles[0];
      const a = makeReport(0n, ROOT(1), 0n);
      const b = makeReport(0n, ROOT(2), 0n);
      await f.oracle
        .connect(reporter)
        .reportEquivocation(a, await signReport(o, f.domain, a), b, await signReport(o, f.domain, b));
      const tx = f.oracle.connect(reporter).withdraw();
      await expect(tx)
        .to.emit(f.oracle, "Withdrawn")
        .withArgs(reporter.address, 50n * E);
      await expect(tx).to.changeTokenBalances(chain.ethers, f.open, [reporter, f.oracle], [50n * E, -50n * E]);
      expect(await f.oracle.withdrawable(reporter.address)).to.equal(0n);
      await expect(f.oracle.connect(reporter).withdraw())
        .to.be.revertedWithCustomError(f.oracle, "AttributionNothingToWithdraw")
        .withArgs(reporter.address);
    });
  });

  describe("finalize", function () {
    it("after the window: the root goes live, funds move, the next epoch opens", async function () {
      const f = await load();
      await f.fund(8n * E);
      const r = makeReport(0n, ROOT(6), 8n * E);
      await accept(f, r);
      const endsAt = (await now()) + WINDOW;
      await expect(f.oracle.finalize(0n))
        .to.be.revertedWithCustomError(f.oracle, "AttributionChallengeWindowOpen")
        .withArgs(0n, endsAt);
      await chain.networkHelpers.time.increaseTo(endsAt);
      const tx = f.oracle.connect(f.users[12]).finalize(0n);
      await expect(tx)
        .to.emit(f.oracle, "EpochFinalized")
        .withArgs(0n, r.cumulativeRewardsRoot, 8n * E);
      await expect(tx)
        .to.emit(f.rd, "RootUpdated")
        .withArgs(0n, r.cumulativeRewardsRoot, 8n * E, 8n * E);
      await expect(tx).to.changeTokenBalances(chain.ethers, f.open, [f.payments, f.rd], [-8n * E, 8n * E]);
      expect(await f.oracle.nextEpoch()).to.equal(1n);
      expect(await f.oracle.lastFinalizedTotal()).to.equal(8n * E);
      expect(await f.oracle.epochStatus(0n)).to.deep.equal([EpochStatus.Finalized, 0n, await now()]);
    });

    it("reverts for another epoch than the next and for an open or disputed epoch", async function () {
      const f = await load();
      await expect(f.oracle.finalize(1n))
        .to.be.revertedWithCustomError(f.oracle, "AttributionNotNextEpoch")
        .withArgs(1n, 0n);
      await expect(f.oracle.finalize(0n))
        .to.be.revertedWithCustomError(f.oracle, "AttributionUnexpectedStatus")
        .withArgs(0n, EpochStatus.Open);
      const disputer = f.users[8];
      await f.provision(disputer, BOND);
      await accept(f, makeReport(0n, ROOT(6), 0n));
      await f.oracle.connect(disputer).dispute(0n);
      await chain.networkHelpers.time.increase(WINDOW);
      await expect(f.oracle.finalize(0n))
        .to.be.revertedWithCustomError(f.oracle, "AttributionUnexpectedStatus")
        .withArgs(0n, EpochStatus.Disputed);
    });

    it("discards a report whose total fell below the last finalized one, and reopens its epoch", async function () {
      const f = await load();
      const r1 = await acceptOvertaken(f);
      const tx = f.oracle.finalize(1n);
      await expect(tx)
        .to.emit(f.oracle, "ReportDiscarded")
        .withArgs(1n, r1.cumulativeRewardsRoot, 10n * E);
      await expect(tx).not.to.emit(f.rd, "RootUpdated");
      expect(await f.oracle.epochStatus(1n)).to.deep.equal([EpochStatus.Open, 1n, await now()]);
      expect(await f.oracle.nextEpoch()).to.equal(1n);
      // Not banned: it was not wrong, only overtaken; a report with the cumulative total goes through in round 1.
      const again = makeReport(1n, ROOT(8), 20n * E);
      await f.oracle.submit(again, await signReportBy(f.oracles, f.domain, again));
      await chain.networkHelpers.time.increase(WINDOW);
      await expect(f.oracle.finalize(1n)).to.emit(f.oracle, "EpochFinalized");
    });

    it("discards a report whose total is above everything funded (checked at finalization)", async function () {
      const f = await load();
      await f.fund(5n * E);
      const r = makeReport(0n, ROOT(9), 6n * E);
      await accept(f, r); // accepted: the funded check is made when it would go live
      await chain.networkHelpers.time.increase(WINDOW);
      await expect(f.oracle.finalize(0n))
        .to.emit(f.oracle, "ReportDiscarded")
        .withArgs(0n, r.cumulativeRewardsRoot, 6n * E);
      expect(await f.rd.cumulativeTotal()).to.equal(0n);
      // Once the pools hold enough, the same report (round 1) can go live.
      await f.fund(E);
      await f.oracle.submit(r, await signReportBy(f.oracles, f.domain, r));
      await chain.networkHelpers.time.increase(WINDOW);
      await expect(f.oracle.finalize(0n))
        .to.emit(f.oracle, "EpochFinalized")
        .withArgs(0n, r.cumulativeRewardsRoot, 6n * E);
    });
  });

  describe("liveness: forceReport and skipEpoch", function () {
    it("forceReport finalizes the next epoch after its liveness deadline, with the total checks", async function () {
      const f = await load();
      await f.fund(3n * E);
      const at = f.epochEnd(0n) + 3n * EPOCH;
      const r = makeReport(0n, ROOT(11), 3n * E);
      await expect(f.oracle.forceReport(r))
        .to.be.revertedWithCustomError(f.oracle, "AttributionLivenessNotReached")
        .withArgs(0n, at);
      await chain.networkHelpers.time.increaseTo(at);
      await expect(f.oracle.connect(f.users[8]).forceReport(r)).to.be.revertedWithCustomError(
        f.oracle,
        "AccessControlUnauthorizedAccount",
      );
      await expect(f.oracle.forceReport({ ...r, epoch: 1n }))
        .to.be.revertedWithCustomError(f.oracle, "AttributionNotNextEpoch")
        .withArgs(1n, 0n);
      await expect(f.oracle.forceReport({ ...r, cumulativeTotal: 4n * E }))
        .to.be.revertedWithCustomError(f.oracle, "AttributionTotalAboveFunded")
        .withArgs(4n * E, 3n * E);
      const tx = f.oracle.forceReport(r);
      await expect(tx)
        .to.emit(f.oracle, "ReportForced")
        .withArgs(0n, r.cumulativeRewardsRoot, 3n * E, r.attributionRoot, r.dataURI);
      await expect(tx)
        .to.emit(f.oracle, "EpochFinalized")
        .withArgs(0n, r.cumulativeRewardsRoot, 3n * E);
      await expect(tx)
        .to.emit(f.rd, "RootUpdated")
        .withArgs(0n, r.cumulativeRewardsRoot, 3n * E, 3n * E);
      expect((await f.oracle.epochStatus(0n))[0]).to.equal(EpochStatus.Finalized);
      await chain.networkHelpers.time.increaseTo(f.epochEnd(1n) + 3n * EPOCH);
      await expect(f.oracle.forceReport(makeReport(1n, ROOT(12), 2n * E)))
        .to.be.revertedWithCustomError(f.oracle, "AttributionTotalDecreased")
        .withArgs(2n * E, 3n * E);
    });

    it("the liveness deadline is never before the log deadline", async function () {
      const f = await load();
      await f.oracle.setParameter(name("livenessEpochs"), 1n);
      await f.oracle.setParameter(name("logDeadline"), 7n * 86_400n); // 7 days > 1 epoch
      await expect(f.oracle.skipEpoch(0n))
        .to.be.revertedWithCustomError(f.oracle, "AttributionLivenessNotReached")
        .withArgs(0n, f.epochEnd(0n) + 7n * 86_400n);
    });

    it("skipEpoch moves to the next epoch; neither applies to an epoch that is not open", async function () {
      const f = await load();
      await accept(f, makeReport(0n, ROOT(13), 0n));
      await chain.networkHelpers.time.increaseTo(f.epochEnd(0n) + 3n * EPOCH);
      await expect(f.oracle.skipEpoch(0n))
        .to.be.revertedWithCustomError(f.oracle, "AttributionUnexpectedStatus")
        .withArgs(0n, EpochStatus.Accepted);
      await expect(f.oracle.forceReport(makeReport(0n, ROOT(13), 0n)))
        .to.be.revertedWithCustomError(f.oracle, "AttributionUnexpectedStatus")
        .withArgs(0n, EpochStatus.Accepted);
      await f.oracle.finalize(0n);
      await expect(f.oracle.skipEpoch(0n))
        .to.be.revertedWithCustomError(f.oracle, "AttributionNotNextEpoch")
        .withArgs(0n, 1n);
      await chain.networkHelpers.time.increaseTo(f.epochEnd(1n) + 3n * EPOCH);
      await expect(f.oracle.connect(f.users[8]).skipEpoch(1n)).to.be.revertedWithCustomError(
        f.oracle,
        "AccessControlUnauthorizedAccount",
      );
      await expect(f.oracle.skipEpoch(1n)).to.emit(f.oracle, "EpochSkipped").withArgs(1n);
      expect(await f.oracle.nextEpoch()).to.equal(2n);
      expect(await f.oracle.epochStatus(1n)).to.deep.equal([EpochStatus.Skipped, 0n, await now()]);
    });
  });

  describe("governance parameters", function () {
    for (const [n, , min, max] of PARAMETERS) {
      it(`${n}: accepts ${min} and ${max}, refuses values outside`, async function () {
        const f = await load();
        const index = PARAMETERS.findIndex(([m]) => m === n);
        await expect(f.oracle.setParameter(name(n), min))
          .to.emit(f.oracle, "ParameterSet")
          .withArgs(name(n), min);
        expect((await f.oracle.parameters())[index]).to.equal(min);
        await expect(f.oracle.setParameter(name(n), max))
          .to.emit(f.oracle, "ParameterSet")
          .withArgs(name(n), max);
        expect((await f.oracle.parameters())[index]).to.equal(max);
        if (min > 0n) {
          await expect(f.oracle.setParameter(name(n), min - 1n))
            .to.be.revertedWithCustomError(f.oracle, "ProtocolParameterOutOfBounds")
            .withArgs(name(n), min - 1n, min, max);
        }
        await expect(f.oracle.setParameter(name(n), max + 1n))
          .to.be.revertedWithCustomError(f.oracle, "ProtocolParameterOutOfBounds")
          .withArgs(name(n), max + 1n, min, max);
        await expect(f.oracle.connect(f.users[8]).setParameter(name(n), min))
          .to.be.revertedWithCustomError(f.oracle, "AccessControlUnauthorizedAccount")
          .withArgs(f.users[8].address, ZeroHash);
      });
    }

    it("an unknown name is out of bounds [0, 0]", async function () {
      const f = await load();
      await expect(f.oracle.setParameter(name("quorum"), 1n))
        .to.be.revertedWithCustomError(f.oracle, "ProtocolParameterOutOfBounds")
        .withArgs(name("quorum"), 1n, 0n, 0n);
    });

    it("the bond and the slash shares in force apply to the next dispute and equivocation", async function () {
      const f = await load();
      await f.oracle.setParameter(name("disputeBond"), 7n * E);
      await f.oracle.setParameter(name("equivocationSlashBps"), 10_000n);
      await f.oracle.setParameter(name("reporterRewardBps"), 5_000n);
      const disputer = f.users[8];
      await f.provision(disputer, 7n * E);
      await accept(f, makeReport(0n, ROOT(1), 0n));
      await expect(f.oracle.connect(disputer).dispute(0n))
        .to.emit(f.oracle, "ReportDisputed")
        .withArgs(0n, disputer.address, 7n * E);
      const o = f.oracles[6];
      const a = makeReport(3n, ROOT(1), 0n);
      const b = makeReport(3n, ROOT(2), 0n);
      await expect(
        f.oracle.reportEquivocation(a, await signReport(o, f.domain, a), b, await signReport(o, f.domain, b)),
      )
        .to.emit(f.oracle, "EquivocationReported")
        .withArgs(o.address, 3n, f.deployer.address, ORACLE_STAKE, ORACLE_STAKE / 2n);
    });

    it("setTreasury: admin only, never zero", async function () {
      const f = await load();
      await expect(f.oracle.setTreasury(f.users[12].address))
        .to.emit(f.oracle, "TreasurySet")
        .withArgs(f.users[12].address);
      expect(await f.oracle.treasury()).to.equal(f.users[12].address);
      await expect(f.oracle.setTreasury(ZeroAddress)).to.be.revertedWithCustomError(f.oracle, "ProtocolZeroAddress");
      await expect(f.oracle.connect(f.users[8]).setTreasury(f.users[8].address)).to.be.revertedWithCustomError(
        f.oracle,
        "AccessControlUnauthorizedAccount",
      );
    });
  });

  describe("views", function () {
    it("reportHash is the EIP-712 struct hash; snapshotTimestamp is the epoch's last second", async function () {
      const f = await load();
      for (const uri of ["", "ipfs://bafy-report", "x".repeat(100)]) {
        const r = makeReport(5n, ROOT(14), 123n, uri);
        expect(await f.oracle.reportHash(r)).to.equal(reportHash(r));
      }
      expect(await f.oracle.snapshotTimestamp(0n)).to.equal(f.epochEnd(0n) - 1n);
      expect(await f.oracle.snapshotTimestamp(9n)).to.equal(f.epochEnd(9n) - 1n);
    });

    it("epochStatus of an epoch whose ring record was reused reads Finalized; of a future one, Open", async function () {
      const f = await load();
      for (let e = 0n; e < 33n; e++) {
        await accept(f, makeReport(e, ROOT(15), 0n));
        await chain.networkHelpers.time.increase(WINDOW);
        await f.oracle.finalize(e);
      }
      // Epoch 32 reused epoch 0's record.
      expect(await f.oracle.epochStatus(0n)).to.deep.equal([EpochStatus.Finalized, 0n, 0n]);
      expect((await f.oracle.epochStatus(32n))[0]).to.equal(EpochStatus.Finalized);
      expect(await f.oracle.epochStatus(40n)).to.deep.equal([EpochStatus.Open, 0n, 0n]);
    });
  });

  describe("upgrade", function () {
    it("only the admin upgrades; the state is kept", async function () {
      const f = await load();
      await f.fund(E);
      await accept(f, makeReport(0n, ROOT(16), E));
      const v2 = await chain.ethers.deployContract("AttributionOracle", [
        await f.open.getAddress(),
        await f.staking.getAddress(),
        await f.payments.getAddress(),
        await f.models.getAddress(),
        await f.rd.getAddress(),
      ]);
      await expect(f.oracle.connect(f.users[8]).upgradeToAndCall(await v2.getAddress(), "0x"))
        .to.be.revertedWithCustomError(f.oracle, "AccessControlUnauthorizedAccount")
        .withArgs(f.users[8].address, ZeroHash);
      await expect(f.oracle.upgradeToAndCall(await v2.getAddress(), "0x"))
        .to.emit(f.oracle, "Upgraded")
        .withArgs(await v2.getAddress());
      const implSlot = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";
      const impl = await chain.ethers.provider.getStorage(await f.oracle.getAddress(), implSlot);
      expect(getBigInt(impl)).to.equal(getBigInt(await v2.getAddress()));
      expect((await f.oracle.epochStatus(0n))[0]).to.equal(EpochStatus.Accepted);
      expect(await f.oracle.treasury()).to.equal(f.treasury.address);
      await chain.networkHelpers.time.increase(WINDOW);
      await expect(f.oracle.finalize(0n)).to.emit(f.oracle, "EpochFinalized");
    });
  });
});
