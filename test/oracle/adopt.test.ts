/**
 * The chain is the source of truth for finalized epochs (decision 0404): when the chain finalizes another report for
 * an epoch than the one a node computed (governance forced it, or the node's dispute was rejected), the node adopts
 * the finalized report from its published data and builds the next epochs on it.
 *
 * The protocol is test/helpers/attribution.ts's. Model 1's card and manifest URIs carry no content hash, so every
 * pool goes to the treasury's leaf: an epoch's report depends on the chain alone. Node B is faulty in epoch 0 only:
 * it credits SHIFT of the epoch's pool to another account (`other`), so its report of epoch 0 pays
 * {other: SHIFT, treasury: POOL0 - SHIFT} where an honest node pays {treasury: POOL0}; its later epochs are honest.
 */
import { mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import type { Signer } from "ethers";

import {
  OracleNode,
  fetchVerified,
  parseAttributionData,
  type ComputedEpoch,
  type EpochInput,
  type EpochRun,
  type OracleNodeOptions,
} from "../../src/oracle/index.js";
import { OracleState } from "../../src/oracle/state.js";
import { LocalContentStore, type ContentStore } from "../../src/storage/index.js";
import {
  BOND,
  EPOCH,
  EpochStatus,
  ORACLE_STAKE,
  WINDOW,
  deployAttribution,
  oracleDeployment,
  type AttributionFixture,
} from "../helpers/attribution.js";
import { createChain } from "../helpers/fixtures.js";

const chain = await createChain();
const { ethers, networkHelpers } = chain;
const { time } = networkHelpers;

const POOL0 = 1_000n;
const POOL1 = 2_000n;
const SHIFT = 300n;

/** Two oracles of equal stake: neither reaches the quorum alone. */
const equalPair = () => deployAttribution(chain, { oracleStakes: [ORACLE_STAKE, ORACLE_STAKE] });
/** A holds 25% of the oracle stake, B 75%: B's attestation alone is accepted. */
const bMajority = () => deployAttribution(chain, { oracleStakes: [ORACLE_STAKE, 3n * ORACLE_STAKE] });

/** Sorted [account, amount] pairs, for exact comparisons of cumulative maps. */
/** What `finalizedReport(0)` must say when epoch 0 went live with node B's report `b0`, as `kind`. */
function finalizedAsB(kind: "accepted" | "forced", b0: EpochRun) {
  return {
    kind,
    epoch: 0n,
    cumulativeRewardsRoot: b0.report!.cumulativeRewardsRoot,
    cumulativeTotal: POOL0,
    attributionRoot: b0.report!.attributionRoot,
    dataURI: b0.report!.dataURI,
  };
}

function entries(m: ReadonlyMap<string, bigint>): [string, bigint][] {
  return [...m].sort((a, b) => (a[0].toLowerCase() < b[0].toLowerCase() ? -1 : 1));
}

async function documentOf(store: ContentStore, uri: string) {
  return parseAttributionData(await fetchVerified(store, uri));
}

describe("Oracle node adopts finalized reports", function () {
  let dir: string;
  let runs = 0;
  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "oracle-adopt-"));
  });
  after(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * Deploys `fixture`, funds POOL0 in epoch 0, has honest A and faulty B run epoch 0 (attesting their reports), then
   * funds POOL1 in epoch 1. Each call gets its own state directories; B publishes to `storeB` if given.
   */
  async function scenario(fixture: () => Promise<AttributionFixture>, options: { storeB?: ContentStore } = {}) {
    const f = await networkHelpers.loadFixture(fixture);
    const run = path.join(dir, `run-${runs++}`);
    const store = new LocalContentStore(path.join(run, "content"));
    const deployment = await oracleDeployment(f);
    const other = f.users[7].address;
    const treasury = f.treasury.address;
    const lines: string[] = [];
    const node = (signer: Signer, name: string, extra: Partial<OracleNodeOptions> = {}) =>
      new OracleNode({
        provider: ethers.provider,
        signer,
        deployment,
        store,
        stateDir: path.join(run, `state-${name}`),
        log: (line) => lines.push(`${name}: ${line}`),
        ...extra,
      });
    const faulty = (input: EpochInput): EpochInput =>
      input.epoch !== 0n
        ? input
        : {
            ...input,
            previous: new Map([[other, SHIFT]]),
            models: input.models.map((m) => ({ ...m, pool: m.pool - SHIFT })),
          };
    const [oracleA, oracleB] = f.oracles;
    const A = node(oracleA, "A");
    const B = node(oracleB, "B", { transformInput: faulty, store: options.storeB ?? store });

    await f.fund(POOL0);
    await f.openReports(0n);
    const a0 = await A.runEpoch(0n);
    const b0 = await B.runEpoch(0n);
    expect([a0.action, b0.action]).to.deep.equal(["attested", "attested"]);
    expect(a0.report!.cumulativeTotal).to.equal(POOL0);
    expect(b0.report!.cumulativeTotal).to.equal(POOL0);
    expect(b0.report!.cumulativeRewardsRoot).to.not.equal(a0.report!.cumulativeRewardsRoot);
    await f.fund(POOL1); // epoch 1
    expect(await f.payments.currentEpoch()).to.equal(1n);
    const livenessAt = f.epochEnd(0n) + 3n * EPOCH;
    return { f, store, lines, node, A, B, a0, b0, other, treasury, oracleA, oracleB, run, livenessAt };
  }

  /** Epoch 0 stays open (A and B attest different reports, each with half the stake); governance forces `report`. */
  async function forced(
    options: {
      storeB?: ContentStore;
      report?: (s: Scenario) => ComputedReport;
      beforeForce?: (s: Scenario) => Promise<void>;
    } = {},
  ) {
    const s = await scenario(equalPair, options);
    expect((await s.f.oracle.epochStatus(0n)).status).to.equal(EpochStatus.Open);
    await time.increaseTo(s.livenessAt);
    await options.beforeForce?.(s);
    const report = options.report ? options.report(s) : s.b0.report!;
    await expect(s.f.oracle.forceReport(report))
      .to.emit(s.f.oracle, "ReportForced")
      .withArgs(0n, report.cumulativeRewardsRoot, report.cumulativeTotal, report.attributionRoot, report.dataURI);
    return { ...s, report };
  }

  type Scenario = Awaited<ReturnType<typeof scenario>>;
  type ComputedReport = NonNullable<Scenario["a0"]["report"]>;

  it("a forced report: the node builds epoch 1 on the forced amounts, is accepted with the others, and finalizes", async function () {
    this.timeout(60_000);
    let stale1: ComputedEpoch | undefined;
    const s = await forced({
      // A computed epoch 1 on its own epoch 0 meanwhile (without attesting it): {treasury: POOL0 + POOL1}.
      beforeForce: async (x) => {
        stale1 = await x.A.computeEpoch(1n);
        expect(entries(stale1.cumulative)).to.deep.equal([[x.treasury, POOL0 + POOL1]]);
      },
    });
    const { f, A, B, a0, b0, other, treasury, lines } = s;
    await A.chain.refreshHead();

    // The chain says what epoch 0 is: governance's report, whose data B published.
    expect(await A.chain.finalizedReport(0n)).to.deep.equal(finalizedAsB("forced", b0));
    expect(await A.chain.finalizedReport(1n)).to.equal(null);

    const a1 = await A.runEpoch(1n);
    expect([a1.action, a1.status]).to.deep.equal(["attested", "Open"]);
    const forced0 = (await documentOf(s.store, b0.report!.dataURI)).cumulative;
    expect(entries(forced0)).to.deep.equal(
      entries(
        new Map([
          [other, SHIFT],
          [treasury, POOL0 - SHIFT],
        ]),
      ),
    );
    const mine1 = await A.computeEpoch(1n);
    const epoch1Amounts = new Map([[treasury, POOL1]]); // every pool goes to the treasury's leaf
    // For every account: cumulative(1) = forced cumulative(0) + its epoch-1 amount.
    const expected = new Map<string, bigint>();
    for (const account of new Set([...forced0.keys(), ...epoch1Amounts.keys()])) {
      expected.set(account, (forced0.get(account) ?? 0n) + (epoch1Amounts.get(account) ?? 0n));
    }
    expect(entries(mine1.cumulative)).to.deep.equal(entries(expected));
    expect(entries(mine1.cumulative)).to.deep.equal(
      entries(
        new Map([
          [other, SHIFT],
          [treasury, POOL0 - SHIFT + POOL1],
        ]),
      ),
    );
    expect(mine1.report.cumulativeTotal).to.equal(POOL0 + POOL1);
    expect(mine1.reportHash).to.not.equal(stale1!.reportHash);
    // The published document of epoch 1 says the same.
    const doc1 = await documentOf(s.store, mine1.dataURI);
    expect(entries(doc1.cumulative)).to.deep.equal(entries(expected));

    expect(lines).to.include(
      `A: epoch 0: adopted the finalized report ${b0.report!.cumulativeRewardsRoot} ` +
        `(mine was ${a0.report!.cumulativeRewardsRoot})`,
    );
    expect(lines).to.include("A: epoch 0: forgot my records of epoch(s) 1, computed on my own report");
    const stateA = new OracleState(
      path.join(s.run, "state-A"),
      (await ethers.provider.getNetwork()).chainId,
      s.oracleA.address,
    );
    const adopted = (await stateA.readEpoch(0n))!;
    expect([adopted.adopted, adopted.report.dataURI, adopted.report.cumulativeRewardsRoot]).to.deep.equal([
      "forced",
      b0.report!.dataURI,
      b0.report!.cumulativeRewardsRoot,
    ]);
    // A's claimants' proofs of epoch 0 are now the forced tree's, byte for byte B's.
    expect(await readFile(stateA.proofsFile(0n))).to.deep.equal(
      await readFile(path.join(await B.stateDirectory(), "proofs", "0.json")),
    );

    // B's own epoch 0 is the forced one: it adopts nothing and computes the same epoch 1; together they reach quorum.
    const b1 = await B.runEpoch(1n);
    expect([b1.action, b1.status, b1.reportHash]).to.deep.equal(["attested", "Accepted", a1.reportHash]);
    expect(lines.filter((l) => l.startsWith("B: ") && l.includes("adopted"))).to.deep.equal([]);
    expect((await A.runEpoch(1n)).action).to.equal("agrees");
    await time.increase(WINDOW);
    expect(await A.finalize(1n)).to.equal(true);
    expect(await f.oracle.lastFinalizedTotal()).to.equal(POOL0 + POOL1);
    expect(await f.rd.merkleRoot()).to.equal(mine1.report.cumulativeRewardsRoot);
    expect(await A.chain.finalizedReport(1n)).to.deep.equal({
      kind: "accepted",
      epoch: 1n,
      cumulativeRewardsRoot: mine1.report.cumulativeRewardsRoot,
      cumulativeTotal: POOL0 + POOL1,
      attributionRoot: mine1.report.attributionRoot,
      dataURI: mine1.dataURI,
    });
    // Nobody disputed anything.
    expect(await f.disputes.queryFilter(f.disputes.filters.ReportDisputed())).to.have.length(0);
    expect(lines.filter((l) => /disput/.test(l))).to.deep.equal([]);
  });

  it("a rejected dispute: the disputer adopts the finalized report and agrees on the next epoch", async function () {
    this.timeout(60_000);
    const s = await scenario(bMajority);
    const { f, A, B, a0, b0, oracleA, lines } = s;
    // B's attestation alone accepted its report; A disputes it.
    expect((await f.oracle.epochStatus(0n)).status).to.equal(EpochStatus.Accepted);
    await f.open.transfer(oracleA.address, 2n * BOND);
    expect((await A.runEpoch(0n)).action).to.equal("disputed");
    expect(await f.open.balanceOf(oracleA.address)).to.equal(BOND);
    // The resolver rules against A: the bond goes to the treasury, B's report may finalize at once.
    await expect(f.disputes.rule(0n, false, []))
      .to.emit(f.disputes, "DisputeResolved")
      .withArgs(0n, false, 0n, 0n, f.admin.address);
    expect(await B.finalize(0n)).to.equal(true);
    await A.chain.refreshHead();
    expect(await A.chain.finalizedReport(0n)).to.deep.equal(finalizedAsB("accepted", b0));

    await f.openReports(1n);
    const a1 = await A.runEpoch(1n);
    expect([a1.action, a1.status]).to.deep.equal(["attested", "Open"]);
    expect(lines).to.include(
      `A: epoch 0: adopted the finalized report ${b0.report!.cumulativeRewardsRoot} ` +
        `(mine was ${a0.report!.cumulativeRewardsRoot})`,
    );
    expect(entries((await A.computeEpoch(1n)).cumulative)).to.deep.equal(
      entries(
        new Map([
          [s.other, SHIFT],
          [s.treasury, POOL0 - SHIFT + POOL1],
        ]),
      ),
    );
    const b1 = await B.runEpoch(1n);
    expect([b1.action, b1.status, b1.reportHash]).to.deep.equal(["attested", "Accepted", a1.reportHash]);
    // A agrees: no second dispute, the bond it has left stays with it.
    expect((await A.runEpoch(1n)).action).to.equal("agrees");
    expect((await f.oracle.epochStatus(1n)).status).to.equal(EpochStatus.Accepted);
    expect(await f.disputes.queryFilter(f.disputes.filters.ReportDisputed())).to.have.length(1);
    expect(await f.open.balanceOf(oracleA.address)).to.equal(BOND);
    await time.increase(WINDOW);
    expect(await A.finalize(1n)).to.equal(true);
    expect(await f.oracle.lastFinalizedTotal()).to.equal(POOL0 + POOL1);
  });

  it("a forced report whose data is not in the store: the node stalls, reports nothing, and adopts once it is", async function () {
    this.timeout(60_000);
    const storeB = new LocalContentStore(path.join(dir, "content-B")); // used by this test only
    const s = await forced({ storeB });
    const { f, A, b0, oracleA, lines } = s;
    const uri = b0.report!.dataURI;
    const message =
      `epoch 0: cannot adopt the finalized (forced) report ${b0.report!.cumulativeRewardsRoot}: ` +
      `content ${uri} is not in ${s.store.directory}`;
    const stalled = await A.tick();
    expect(stalled).to.deep.equal({ runs: [], finalized: [], stalled: message });
    expect(lines).to.include(`A: waiting for content: ${message}`);
    expect(await A.chain.hasAttested(oracleA.address, 1n, 0)).to.equal(false);
    expect((await f.oracle.epochStatus(1n)).status).to.equal(EpochStatus.Open);
    // Retried at the next tick: still missing, still nothing.
    expect((await A.tick()).stalled).to.equal(message);

    // The data reaches A's store: the next tick adopts it and reports epoch 1 on it.
    await s.store.put(await fetchVerified(storeB, uri));
    const tick = await A.tick();
    expect(tick.stalled).to.equal(undefined);
    expect([tick.runs[0].epoch, tick.runs[0].action, tick.runs[0].report?.cumulativeTotal]).to.deep.equal([
      1n,
      "attested",
      POOL0 + POOL1,
    ]);
    expect(lines).to.include(
      `A: epoch 0: adopted the finalized report ${b0.report!.cumulativeRewardsRoot} ` +
        `(mine was ${s.a0.report!.cumulativeRewardsRoot})`,
    );
  });

  it("a forced report whose data does not rebuild its root, or whose URI carries no hash: the node stalls", async function () {
    this.timeout(60_000);
    // Governance forces B's numbers with A's document.
    const s = await forced({ report: (x) => ({ ...x.b0.report!, dataURI: x.a0.report!.dataURI }) });
    const root = s.b0.report!.cumulativeRewardsRoot;
    const message =
      `epoch 0: cannot adopt the finalized (forced) report ${root}: its data ${s.a0.report!.dataURI} (epoch 0) ` +
      `rebuilds the root ${s.a0.report!.cumulativeRewardsRoot} and the total ${POOL0}, not the chain's ${root} and ` +
      `${POOL0}`;
    expect(await s.A.tick()).to.deep.equal({ runs: [], finalized: [], stalled: message });
    expect(await s.A.chain.hasAttested(s.oracleA.address, 1n, 0)).to.equal(false);
    await s.A.computeEpoch(1n).then(
      () => expect.fail("computed epoch 1 on data it could not verify"),
      (e: Error) => expect([e.name, e.message]).to.deep.equal(["ContentUnavailableError", message]),
    );
    expect(s.lines.filter((l) => l.includes("adopted"))).to.deep.equal([]);

    // A data URI without a content hash cannot be verified.
    const t = await forced({ report: (x) => ({ ...x.b0.report!, dataURI: "ipfs://bafy-forced" }) });
    expect((await t.A.tick()).stalled).to.equal(
      `epoch 0: cannot adopt the finalized (forced) report ${t.b0.report!.cumulativeRewardsRoot}: URI ` +
        `ipfs://bafy-forced carries no content hash (expected local://0x... or ...#keccak256=0x...)`,
    );
  });

  it("a restart after the adoption gives the same report of epoch 1; an older state file without the mark loads", async function () {
    this.timeout(60_000);
    const s = await forced();
    const first = await s.A.computeEpoch(1n);
    const sameState = { stateDir: path.join(s.run, "state-A") };
    const restarted = s.node(s.oracleA, "A'", sameState);
    expect((await restarted.computeEpoch(1n)).reportHash).to.equal(first.reportHash);
    // The state of epoch 1 lost: recomputed on the adopted epoch 0.
    const dirA = await s.A.stateDirectory();
    await unlink(path.join(dirA, "epochs", "1.json"));
    const again: ComputedEpoch = await s.node(s.oracleA, "A''", sameState).computeEpoch(1n);
    expect([again.reportHash, entries(again.cumulative)]).to.deep.equal([first.reportHash, entries(first.cumulative)]);
    // A state file written before decision 0480 (no digest; here also without the "adopted" mark of 0404) is not
    // trusted: it is moved aside, epoch 0 is computed again, differs from the forced report and is adopted again.
    const file = path.join(dirA, "epochs", "0.json");
    const json = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
    expect(json.adopted).to.equal("forced");
    delete json.adopted;
    delete json.digest;
    await writeFile(file, JSON.stringify(json));
    await unlink(path.join(dirA, "epochs", "1.json"));
    const old = s.node(s.oracleA, "A'''", sameState);
    expect((await old.computeEpoch(1n)).reportHash).to.equal(first.reportHash);
    const state = new OracleState(sameState.stateDir, (await ethers.provider.getNetwork()).chainId, s.oracleA.address);
    expect((await state.readEpoch(0n))!.adopted).to.equal("forced");
    expect(s.lines.filter((l) => l.includes("moved aside to 0.json.invalid"))).to.have.length(1);
    expect(s.lines.filter((l) => l.includes("adopted the finalized report"))).to.have.length(2); // A's, then the last node's
  });

  it("sign mode: a node that signed epoch 1 on its own epoch 0 refuses to sign the report built on the forced one", async function () {
    this.timeout(60_000);
    const signing = (x: Scenario) => x.node(x.oracleA, "S", { mode: "sign", stateDir: path.join(x.run, "state-A") });
    let signed: string | undefined;
    const s = await forced({
      beforeForce: async (x) => {
        const run = await signing(x).runEpoch(1n);
        expect(run.action).to.equal("signed");
        signed = run.reportHash;
      },
    });
    const S = signing(s);
    const refused = await S.runEpoch(1n);
    expect([refused.action, refused.signature]).to.deep.equal(["refused-to-sign", undefined]);
    const rebuilt = await S.computeEpoch(1n);
    expect(rebuilt.report.cumulativeTotal).to.equal(POOL0 + POOL1);
    expect(s.lines.slice(-4)).to.deep.equal([
      `S: epoch 0: adopted the finalized report ${s.b0.report!.cumulativeRewardsRoot} ` +
        `(mine was ${s.a0.report!.cumulativeRewardsRoot})`,
      `S: epoch 0: forgot my records of epoch(s) 1, computed on my own report`,
      `S: epoch 1: 1 model(s) with a pool, total ${POOL0 + POOL1}, report ${rebuilt.reportHash}`,
      `S: epoch 1: not signing ${rebuilt.reportHash}: I already signed ${signed} for this epoch and two ` +
        "signatures for one epoch are slashable; the epoch needs the other oracles (or governance)",
    ]);
  });

  it("a skipped epoch: nothing to adopt; the next report covers its pools on the node's own computation", async function () {
    this.timeout(60_000);
    const s = await scenario(equalPair);
    await time.increaseTo(s.livenessAt);
    await expect(s.f.oracle.skipEpoch(0n)).to.emit(s.f.oracle, "EpochSkipped").withArgs(0n);
    await s.A.chain.refreshHead();
    expect(await s.A.chain.finalizedReport(0n)).to.equal(null);
    expect(await s.A.chain.skippedEpochs()).to.deep.equal([0n]);
    const a1 = await s.A.runEpoch(1n);
    expect(a1.action).to.equal("attested");
    const mine1 = await s.A.computeEpoch(1n);
    expect(entries(mine1.cumulative)).to.deep.equal([[s.treasury, POOL0 + POOL1]]);
    // A node without any state computes the skipped epoch forward too.
    const fresh = s.node(s.oracleA, "fresh");
    expect((await fresh.computeEpoch(1n)).reportHash).to.equal(mine1.reportHash);
    expect(s.lines.filter((l) => l.includes("adopted"))).to.deep.equal([]);
  });
});
