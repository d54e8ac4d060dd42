import { expect } from "chai";
import {
  AbiCoder,
  Signature,
  TypedDataEncoder,
  Wallet,
  ZeroAddress,
  ZeroHash,
  encodeBytes32String,
  getBigInt,
  keccak256,
  toBeHex,
} from "ethers";

import { reportHash, signReportBy, attributionReportTypes } from "../../src/protocol/index.js";
import {
  acceptedReport,
  acceptOvertaken,
  acceptReport,
  BOND,
  deployAttribution,
  E,
  EPOCH,
  EpochStatus,
  LOG_DEADLINE,
  makeReport,
  RULING_PERIOD,
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
const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Every governance parameter: name, default, min, max (the contract's constants). */
const PARAMETERS: [string, bigint, bigint, bigint][] = [
  ["quorumBps", 6_667n, 5_001n, 10_000n],
  ["challengeWindow", 86_400n, 3_600n, 7n * 86_400n],
  ["logDeadline", 6n * 3_600n, 3_600n, 7n * 86_400n],
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

  async function now() {
    return BigInt(await chain.networkHelpers.time.latest());
  }

  describe("deployment", function () {
    it("wires the contracts, grants admin, sets the court and every default", async function () {
      const f = await load();
      expect(await f.oracle.hasRole(ZeroHash, f.admin.address)).to.equal(true);
      expect(await f.oracle.court()).to.equal(await f.disputes.getAddress());
      expect(await f.oracle.staking()).to.equal(await f.staking.getAddress());
      expect(await f.oracle.payments()).to.equal(await f.payments.getAddress());
      expect(await f.oracle.distributor()).to.equal(await f.rd.getAddress());
      expect(await f.oracle.nextEpoch()).to.equal(0n);
      expect(await f.oracle.lastFinalizedTotal()).to.equal(0n);
      expect((await f.oracle.parameters()).map((v) => v)).to.deep.equal(PARAMETERS.map(([, d]) => d));
      expect(await f.oracle.MAX_PENDING_EPOCHS()).to.equal(32n);
      expect(await f.oracle.challengeWindow()).to.equal(WINDOW);
      expect(await f.oracle.logDeadline()).to.equal(LOG_DEADLINE);
      expect(await f.oracle.disputeHorizon()).to.equal(WINDOW + RULING_PERIOD);
      expect(await f.open.balanceOf(await f.oracle.getAddress())).to.equal(0n);
    });

    it("initialization emits every parameter", async function () {
      const f = await load();
      const impl = await chain.ethers.deployContract("AttributionOracle", [
        await f.staking.getAddress(),
        await f.payments.getAddress(),
        await f.rd.getAddress(),
      ]);
      const init = impl.interface.encodeFunctionData("initialize", [f.admin.address]);
      const proxy = await chain.ethers.deployContract("ERC1967Proxy", [await impl.getAddress(), init]);
      const tx = proxy.deploymentTransaction()!;
      const oracle = await chain.ethers.getContractAt("AttributionOracle", await proxy.getAddress());
      for (const [n, d] of PARAMETERS)
        await expect(tx)
          .to.emit(oracle, `${capitalised(n)}Set`)
          .withArgs(d);
    });

    it("the constructor refuses each zero address", async function () {
      const f = await load();
      const args = [await f.staking.getAddress(), await f.payments.getAddress(), await f.rd.getAddress()];
      const factory = await chain.ethers.getContractFactory("AttributionOracle");
      for (let i = 0; i < args.length; i++) {
        const bad = [...args] as [string, string, string];
        bad[i] = ZeroAddress;
        await expect(factory.deploy(...bad)).to.be.revert(chain.ethers);
      }
    });

    it("initialize refuses a zero admin, a second call, and the bare implementation", async function () {
      const f = await load();
      const impl = await chain.ethers.deployContract("AttributionOracle", [
        await f.staking.getAddress(),
        await f.payments.getAddress(),
        await f.rd.getAddress(),
      ]);
      const proxyFactory = await chain.ethers.getContractFactory("ERC1967Proxy");
      const enc = (a: string) => impl.interface.encodeFunctionData("initialize", [a]);
      await expect(proxyFactory.deploy(await impl.getAddress(), enc(ZeroAddress))).to.be.revertedWithCustomError(
        f.oracle,
        "ProtocolZeroAddress",
      );
      await expect(f.oracle.initialize(f.admin.address)).to.be.revertedWithCustomError(
        f.oracle,
        "InvalidInitialization",
      );
      await expect(impl.getFunction("initialize")(f.admin.address)).to.be.revertedWithCustomError(
        f.oracle,
        "InvalidInitialization",
      );
    });

    it("setCourt: admin only, never zero, refused when the staking cooldown is below the dispute horizon", async function () {
      const f = await load();
      await expect(f.oracle.connect(f.users[8]).setCourt(f.users[8].address)).to.be.revertedWithCustomError(
        f.oracle,
        "AccessControlUnauthorizedAccount",
      );
      await expect(f.oracle.setCourt(ZeroAddress)).to.be.revertedWithCustomError(f.oracle, "ProtocolZeroAddress");
      await expect(f.oracle.setCourt(await f.disputes.getAddress()))
        .to.emit(f.oracle, "CourtSet")
        .withArgs(await f.disputes.getAddress());
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
      // Params: livenessEpochs (16) | court (160).
      const params = await at(1n);
      expect(params & MASK(16)).to.equal(3n);
      expect((params >> 16n) & MASK(160)).to.equal(getBigInt(await f.disputes.getAddress()));
      // The ring: 32 records of 3 slots from slot + 2, pre-filled with non-zero placeholders.
      for (const i of [0n, 31n]) {
        expect(await at(2n + 3n * i)).to.equal(MASK(64)); // head: a stale epoch
        expect(await at(3n + 3n * i)).to.equal(1n); // root
        expect(await at(4n + 3n * i)).to.equal(1n); // total and digest
      }
    });

    it("reads the attestation bitmap at the slot it hard-codes for submit (slot + 99)", async function () {
      const f = await load();
      await f.openReports(0n);
      const r = makeReport(0n, ROOT(3), 0n);
      await f.oracle.connect(f.oracles[0]).attest(r);
      expect(await f.oracle.hasAttested(f.oracles[0].address, 0n, 0)).to.equal(true);
      const base = BigInt(erc7201Slot(chain, "openledger.storage.AttributionOracle")) + 99n;
      const coder = AbiCoder.defaultAbiCoder();
      const inner = keccak256(coder.encode(["address", "uint256"], [f.oracles[0].address, base]));
      const word = keccak256(coder.encode(["uint256", "bytes32"], [0n, inner]));
      expect(getBigInt(await chain.ethers.provider.getStorage(await f.oracle.getAddress(), word))).to.equal(1n);
    });

    it("hard-codes the getPastOracleStake selector it calls in assembly", async function () {
      const f = await load();
      expect(f.staking.interface.getFunction("getPastOracleStake")!.selector).to.equal("0x69ac0ff5");
    });

    it("signs reports under a constant EIP-712 domain (name, version 1, chain, proxy)", async function () {
      const f = await load();
      const domain = await f.oracle.eip712Domain();
      const r = makeReport(2n, ROOT(9), 5n);
      expect(await f.oracle.reportDigest(r)).to.equal(
        TypedDataEncoder.hash(f.domain, { AttributionReport: [...attributionReportTypes.AttributionReport] }, r),
      );
      expect(domain.name).to.equal("OpenLedger AttributionOracle");
      expect(domain.version).to.equal("1");
      expect(domain.chainId).to.equal((await chain.ethers.provider.getNetwork()).chainId);
      expect(domain.verifyingContract).to.equal(await f.oracle.getAddress());
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
      await f.oracle.setQuorumBps(10_000n);
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
      await acceptReport(f, r);
      await expect(f.oracle.connect(f.oracles[0]).attest(r))
        .to.be.revertedWithCustomError(f.oracle, "AttributionUnexpectedStatus")
        .withArgs(0n, EpochStatus.Accepted);
      await chain.networkHelpers.time.increase(WINDOW);
      await f.oracle.finalize(await acceptedReport(f.oracle, 0n));
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
      await acceptReport(f, makeReport(0n, ROOT(1), 10n * E));
      await chain.networkHelpers.time.increase(WINDOW);
      await f.oracle.finalize(await acceptedReport(f.oracle, 0n));
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
      await f.disputes.connect(disputer).dispute(0n);
      const signers = f.oracles.map((o) => o.address).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      await f.disputes.rule(0n, true, signers);
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

  describe("finalize", function () {
    it("after the window: the root goes live, funds move, the next epoch opens", async function () {
      const f = await load();
      await f.fund(8n * E);
      const r = makeReport(0n, ROOT(6), 8n * E);
      await acceptReport(f, r);
      const endsAt = (await now()) + WINDOW;
      await expect(f.oracle.finalize(await acceptedReport(f.oracle, 0n)))
        .to.be.revertedWithCustomError(f.oracle, "AttributionChallengeWindowOpen")
        .withArgs(0n, endsAt);
      await chain.networkHelpers.time.increaseTo(endsAt);
      const tx = f.oracle.connect(f.users[12]).finalize(await acceptedReport(f.oracle, 0n));
      await expect(tx)
        .to.emit(f.oracle, "EpochFinalized")
        .withArgs(0n, r.cumulativeRewardsRoot, 8n * E, r.dataURI);
      await expect(tx)
        .to.emit(f.rd, "RootUpdated")
        .withArgs(0n, r.cumulativeRewardsRoot, 8n * E, 8n * E);
      await expect(tx).to.changeTokenBalances(chain.ethers, f.open, [f.payments, f.rd], [-8n * E, 8n * E]);
      expect(await f.oracle.nextEpoch()).to.equal(1n);
      expect(await f.oracle.lastFinalizedTotal()).to.equal(8n * E);
      expect(await f.oracle.epochStatus(0n)).to.deep.equal([EpochStatus.Finalized, 0n, await now()]);
    });

    it("takes only the accepted report: another data URI, attribution root, root or total is refused", async function () {
      const f = await load();
      await f.fund(8n * E);
      const r = makeReport(0n, ROOT(6), 8n * E, "ipfs://bafy-accepted");
      await acceptReport(f, r);
      await chain.networkHelpers.time.increase(WINDOW);
      const accepted = await f.oracle.reportHash(r);
      expect(await f.oracle.epochReportHash(0n)).to.equal(accepted);
      for (const other of [
        { ...r, dataURI: "ipfs://bafy-other" },
        { ...r, attributionRoot: ROOT(7) },
        { ...r, cumulativeRewardsRoot: ROOT(7) },
        { ...r, cumulativeTotal: 7n * E },
      ]) {
        await expect(f.oracle.finalize(other))
          .to.be.revertedWithCustomError(f.oracle, "AttributionNotAcceptedReport")
          .withArgs(0n, accepted, await f.oracle.reportHash(other));
      }
      await expect(f.oracle.finalize(r))
        .to.emit(f.oracle, "EpochFinalized")
        .withArgs(0n, r.cumulativeRewardsRoot, 8n * E, r.dataURI);
    });

    it("keeps every finalized report with its data URI (finalizedReport), beyond the ring of pending epochs", async function () {
      const f = await load();
      expect(await f.oracle.finalizedReport(0n)).to.deep.equal([false, ZeroHash, 0n, ""]);
      expect(await f.oracle.epochReportHash(0n)).to.equal(ZeroHash);
      await f.fund(8n * E);
      const r = makeReport(0n, ROOT(6), 8n * E, "ipfs://bafy-epoch-0");
      await acceptReport(f, r);
      expect(await f.oracle.finalizedReport(0n)).to.deep.equal([false, ZeroHash, 0n, ""]);
      await chain.networkHelpers.time.increase(WINDOW);
      await f.oracle.finalize(r);
      expect(await f.oracle.finalizedReport(0n)).to.deep.equal([true, r.cumulativeRewardsRoot, 8n * E, r.dataURI]);
      // A long URI (several storage words) is kept whole.
      const long = makeReport(1n, ROOT(7), 8n * E, "ipfs://" + "b".repeat(120));
      await acceptReport(f, long);
      await chain.networkHelpers.time.increase(WINDOW);
      await f.oracle.finalize(long);
      expect(await f.oracle.finalizedReport(1n)).to.deep.equal([
        true,
        long.cumulativeRewardsRoot,
        8n * E,
        long.dataURI,
      ]);
      expect(await f.oracle.finalizedReport(0n)).to.deep.equal([true, r.cumulativeRewardsRoot, 8n * E, r.dataURI]);
    });

    it("reverts for another epoch than the next and for an open or disputed epoch", async function () {
      const f = await load();
      await expect(f.oracle.finalize(await acceptedReport(f.oracle, 1n)))
        .to.be.revertedWithCustomError(f.oracle, "AttributionNotNextEpoch")
        .withArgs(1n, 0n);
      await expect(f.oracle.finalize(await acceptedReport(f.oracle, 0n)))
        .to.be.revertedWithCustomError(f.oracle, "AttributionUnexpectedStatus")
        .withArgs(0n, EpochStatus.Open);
      const disputer = f.users[8];
      await f.provision(disputer, BOND);
      await acceptReport(f, makeReport(0n, ROOT(6), 0n));
      await f.disputes.connect(disputer).dispute(0n);
      await chain.networkHelpers.time.increase(WINDOW);
      await expect(f.oracle.finalize(await acceptedReport(f.oracle, 0n)))
        .to.be.revertedWithCustomError(f.oracle, "AttributionUnexpectedStatus")
        .withArgs(0n, EpochStatus.Disputed);
    });

    it("discards a report whose total fell below the last finalized one, and reopens its epoch", async function () {
      const f = await load();
      const r1 = await acceptOvertaken(f);
      const tx = f.oracle.finalize(await acceptedReport(f.oracle, 1n));
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
      await expect(f.oracle.finalize(await acceptedReport(f.oracle, 1n))).to.emit(f.oracle, "EpochFinalized");
    });

    it("discards a report whose total is above everything funded (checked at finalization)", async function () {
      const f = await load();
      await f.fund(5n * E);
      const r = makeReport(0n, ROOT(9), 6n * E);
      await acceptReport(f, r); // accepted: the funded check is made when it would go live
      await chain.networkHelpers.time.increase(WINDOW);
      await expect(f.oracle.finalize(await acceptedReport(f.oracle, 0n)))
        .to.emit(f.oracle, "ReportDiscarded")
        .withArgs(0n, r.cumulativeRewardsRoot, 6n * E);
      expect(await f.rd.cumulativeTotal()).to.equal(0n);
      // Once the pools hold enough, the same report (round 1) can go live.
      await f.fund(E);
      await f.oracle.submit(r, await signReportBy(f.oracles, f.domain, r));
      await chain.networkHelpers.time.increase(WINDOW);
      await expect(f.oracle.finalize(await acceptedReport(f.oracle, 0n)))
        .to.emit(f.oracle, "EpochFinalized")
        .withArgs(0n, r.cumulativeRewardsRoot, 6n * E, r.dataURI);
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
        .withArgs(0n, r.cumulativeRewardsRoot, 3n * E, r.dataURI);
      expect(await f.oracle.finalizedReport(0n)).to.deep.equal([true, r.cumulativeRewardsRoot, 3n * E, r.dataURI]);
      expect(await f.oracle.epochReportHash(0n)).to.equal(await f.oracle.reportHash(r));
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
      await f.oracle.setLivenessEpochs(1n);
      await f.oracle.setLogDeadline(7n * 86_400n); // 7 days > 1 epoch
      await expect(f.oracle.skipEpoch(0n))
        .to.be.revertedWithCustomError(f.oracle, "AttributionLivenessNotReached")
        .withArgs(0n, f.epochEnd(0n) + 7n * 86_400n);
    });

    it("skipEpoch moves to the next epoch; neither applies to an epoch that is not open", async function () {
      const f = await load();
      await acceptReport(f, makeReport(0n, ROOT(13), 0n));
      await chain.networkHelpers.time.increaseTo(f.epochEnd(0n) + 3n * EPOCH);
      await expect(f.oracle.skipEpoch(0n))
        .to.be.revertedWithCustomError(f.oracle, "AttributionUnexpectedStatus")
        .withArgs(0n, EpochStatus.Accepted);
      await expect(f.oracle.forceReport(makeReport(0n, ROOT(13), 0n)))
        .to.be.revertedWithCustomError(f.oracle, "AttributionUnexpectedStatus")
        .withArgs(0n, EpochStatus.Accepted);
      await f.oracle.finalize(await acceptedReport(f.oracle, 0n));
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
        const set = f.oracle.getFunction(`set${capitalised(n)}`);
        const event = `${capitalised(n)}Set`;
        const tx = await set(min);
        await expect(tx).to.emit(f.oracle, event).withArgs(min);
        // The setter's typed event is the only log: the bound check emits nothing.
        expect((await tx.wait())!.logs.length).to.equal(1);
        expect((await f.oracle.parameters())[index]).to.equal(min);
        await expect(set(max)).to.emit(f.oracle, event).withArgs(max);
        expect((await f.oracle.parameters())[index]).to.equal(max);
        if (min > 0n) {
          await expect(set(min - 1n))
            .to.be.revertedWithCustomError(f.oracle, "ProtocolParameterOutOfBounds")
            .withArgs(name(n), min - 1n, min, max);
        }
        await expect(set(max + 1n))
          .to.be.revertedWithCustomError(f.oracle, "ProtocolParameterOutOfBounds")
          .withArgs(name(n), max + 1n, min, max);
        await expect(f.oracle.connect(f.users[8]).getFunction(`set${capitalised(n)}`)(min))
          .to.be.revertedWithCustomError(f.oracle, "AccessControlUnauthorizedAccount")
          .withArgs(f.users[8].address, ZeroHash);
      });
    }

    it("no string-keyed setter is left: setParameter and ParameterSet are not in the ABI", async function () {
      const f = await load();
      const names = f.oracle.interface.fragments.map((fragment) => ("name" in fragment ? fragment.name : ""));
      expect(names).to.not.include("setParameter");
      expect(names).to.not.include("ParameterSet");
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
        await acceptReport(f, makeReport(e, ROOT(15), 0n));
        await chain.networkHelpers.time.increase(WINDOW);
        await f.oracle.finalize(await acceptedReport(f.oracle, e));
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
      await acceptReport(f, makeReport(0n, ROOT(16), E));
      const v2 = await chain.ethers.deployContract("AttributionOracle", [
        await f.staking.getAddress(),
        await f.payments.getAddress(),
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
      expect(await f.oracle.court()).to.equal(await f.disputes.getAddress());
      await chain.networkHelpers.time.increase(WINDOW);
      await expect(f.oracle.finalize(await acceptedReport(f.oracle, 0n))).to.emit(f.oracle, "EpochFinalized");
    });
  });
});
