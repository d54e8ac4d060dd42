/**
 * Three oracle nodes against one in-process chain running the real protocol, deployed by the production Ignition
 * module (deploy/modules/Protocol.ts through test/helpers/protocol.ts: WOPEN is the asset, the timelock holds every
 * admin role and RESOLVER_ROLE, the deployer none), on real
 * data: 30 SpamAssassin e-mails contributed by alice, bob and carol (10 each), a logistic spam
 * classifier trained on the published version, paid inferences and the operator's committed log.
 *
 * How the scenario is arranged (stakes are oracle stakes at each epoch's snapshot; quorum is 66.67%):
 * - Epoch 0. A, B and C stake 10,000 OPEN each. Each node attests its own report: A and B alone hold 66.66%, below
 *   quorum, so the report is accepted only with C's attestation, which proves the three computed the same report
 *   hash. A second model (a span model) gets a payment but no log: its pool goes to the treasury's leaf. The window
 *   passes, a node finalizes, the top earner claims with the proof from `proofs/0.json`, the treasury with its own.
 * - Epoch 1. Before the epoch ends C stakes 40,000 more (50,000 of 70,000 = 71.4%, above quorum alone). C's node is
 *   faulty: its view of the inputs is altered (it does not see the classifier's committed log, so it pays that pool
 *   to the treasury), so it computes a different report, and its single attestation gets it accepted. A's node sees an accepted report that differs from
 *   its own and disputes it (bond 1,000 OPEN); B's sees the dispute pending. Governance (the timelock, via an
 *   OpenGovernor proposal voted by a staker) upholds the dispute with the signer list read from the chain: C is
 *   slashed 10% of its stake, A is credited its bond plus 20% of the slash, the epoch reopens in round 1. A and B
 *   attest again (20,000 of 70,000: not enough); C's operator fixes the node (restarted without the alteration, same
 *   state directory): it sees that its stored report was rejected, recomputes, and its attestation completes the
 *   quorum on the honest report. The window passes, the epoch finalizes, every account claims exactly the
 *   difference to what it claimed before, and the distributor ends empty.
 * - Epoch 2. The nodes run in "sign" mode; A transmits the three signatures with `transmit` (the off-chain quorum).
 * - Restarts: a node whose last state file was lost (crash after publishing), and a node with an empty state
 *   directory, compute the same report hashes from the chain and the content store alone.
 */
import { mkdtemp, readFile, rm, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { id as keccakId, type Signer } from "ethers";

import { featurize, trainLogistic } from "../../src/attribution/index.js";
import {
  OracleNode,
  fetchVerified,
  type EpochInput,
  type LogRecord,
  type OracleNodeOptions,
} from "../../src/oracle/index.js";
import { reportHash } from "../../src/protocol/index.js";
import { LocalContentStore } from "../../src/storage/index.js";
import { createChain } from "../helpers/fixtures.js";
import { datanetConfig } from "../helpers/registries.js";
import { logRecords, spamEmails, storeContributions, storeJson, storeLog, storeManifest } from "./data.js";
import { TEST_PARAMETERS, deployProtocol } from "../helpers/protocol.js";

const chain = await createChain();
const { ethers, networkHelpers } = chain;
const { time } = networkHelpers;

const OPEN = 10n ** 18n;
const HOUR = 3_600n;
const DAY = 24n * HOUR;
const EPOCH_LENGTH = TEST_PARAMETERS.epochLength;
const ORACLE_ROLE = 1;
const COMPUTE_ROLE = 2;
const BUCKETS = 128;
const LOG_DEADLINE = 6n * HOUR;
const PRICE = 2n * OPEN;

describe("Three oracle nodes on one chain: agreement, a faulty report disputed and slashed, restarts", function () {
  let dir: string;
  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "oracle-three-"));
  });
  after(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  it("agree byte for byte, dispute the faulty oracle's report, get it slashed, and pay claimants", async function () {
    this.timeout(120_000);
    const p = await deployProtocol(chain);
    const [alice, bob, carol, curator, modelOwner, operator, payer, oracleA, oracleB, oracleC, voter] = p.users;
    const genesis = await p.inferencePayments.epochGenesis();
    const store = new LocalContentStore(path.join(dir, "content"));
    const stateDir = path.join(dir, "state");
    const treasury = await p.treasury.getAddress();
    const asset = p.wopen;
    /** What `protocol deploy` writes to deployments/<chainId>.json (the part the node reads). */
    const deployment = {
      asset: await asset.getAddress(),
      contracts: {
        WOPEN: await asset.getAddress(),
        Treasury: treasury,
        DatanetRegistry: await p.datanetRegistry.getAddress(),
        ModelRegistry: await p.modelRegistry.getAddress(),
        InferencePayments: await p.inferencePayments.getAddress(),
        OpenStaking: await p.staking.getAddress(),
        RewardDistributor: await p.rewardDistributor.getAddress(),
        AttributionOracle: await p.attributionOracle.getAddress(),
        AttributionDisputes: await p.attributionDisputes.getAddress(),
        InferenceLogs: await p.inferenceLogs.getAddress(),
      },
    };

    // ------------------------------------------------------------------ accounts (native OPEN wrapped) and stakes
    for (const u of [payer, oracleA, oracleB, oracleC, voter, operator]) {
      await networkHelpers.setBalance(u.address, 300_000n * OPEN);
      await asset.connect(u).deposit({ value: 200_000n * OPEN });
    }
    for (const u of [oracleA, oracleB, oracleC, voter, operator]) {
      await asset.connect(u).approve(await p.staking.getAddress(), ethers.MaxUint256);
    }
    await p.staking.connect(operator).stake(1_000n * OPEN);
    await p.staking.connect(operator).registerOperator(COMPUTE_ROLE);
    for (const o of [oracleA, oracleB, oracleC]) {
      await p.staking.connect(o).stake(10_000n * OPEN);
      await p.staking.connect(o).registerOperator(ORACLE_ROLE);
    }
    await p.staking.connect(voter).stake(100_000n * OPEN);
    await p.staking.connect(voter).delegate(voter.address);

    // ------------------------------------------------------------------ data: one Datanet, version 1
    const emails = spamEmails();
    const contributors = [alice, bob, carol];
    const items = emails.training.map((e, k) => ({
      content: { text: e.text, label: e.label },
      contributor: contributors[Math.floor(k / 10)].address,
    }));
    await p.datanetRegistry.connect(curator).createDatanet(datanetConfig());
    const datanetId = await p.datanetRegistry.datanetCount();
    const entries = await storeContributions(store, datanetId, items);
    for (let k = 0; k < entries.length; k++) {
      await p.datanetRegistry
        .connect(contributors[Math.floor(k / 10)])
        .contribute(datanetId, entries[k].contentHash, entries[k].uri);
    }
    await p.datanetRegistry.connect(curator).reviewBatch(
      entries.map((e) => e.contributionId),
      entries.map(() => true),
    );
    const manifest = await storeManifest(store, datanetId, 1, entries);
    await p.datanetRegistry.connect(curator).publishVersion(datanetId, manifest.root, manifest.count, manifest.uri);

    // ------------------------------------------------------------------ models: a classifier, and a span model
    const card = { name: "spam classifier", attribution: { method: "influence", l2: 0.01, buckets: BUCKETS } };
    const registration = {
      metadataURI: await storeJson(store, card),
      weightsHash: keccakId("weights"),
      trainedOn: [{ datanetId, version: 1 }],
      baseModelId: 0,
      operator: operator.address,
      pricePerUnit: PRICE,
      contributorShareBps: 3_000,
    };
    await p.modelRegistry.connect(modelOwner).registerModel(registration);
    await p.modelRegistry.connect(modelOwner).registerModel({
      ...registration,
      metadataURI: await storeJson(store, { name: "e-mail writer", attribution: { method: "spans" } }),
      weightsHash: keccakId("weights-2"),
    });
    const [spamModel, spanModel] = [1n, 2n];

    // The classifier really is trained on the version: its outputs are its own predictions.
    const training = items.map((i) => i.content);
    const model = trainLogistic(
      {
        n: training.length,
        p: BUCKETS,
        x: Float64Array.from(training.flatMap((t) => [...featurize(t.text, BUCKETS)])),
        y: Uint8Array.from(training.map((t) => t.label)),
      },
      { lambda: 0.01 },
    );
    const predict = (text: string) => {
      const x = featurize(text, BUCKETS);
      let z = model.theta[BUCKETS];
      for (let j = 0; j < BUCKETS; j++) z += model.theta[j] * x[j];
      return z > 0 ? "1" : "0";
    };

    await asset.connect(payer).approve(await p.inferencePayments.getAddress(), ethers.MaxUint256);
    /** Pays one inference per input and returns the log records the operator will publish. */
    async function serve(inputs: string[], tag: string): Promise<LogRecord[]> {
      const records = logRecords(inputs, inputs.map(predict), tag);
      for (const r of records) {
        const tx = await p.inferencePayments.connect(payer).pay(spamModel, 1, PRICE, r.requestHash);
        r.paymentRef = tx.hash;
      }
      return records;
    }
    async function commitLog(epoch: bigint, records: LogRecord[]) {
      await time.increaseTo(genesis + (epoch + 1n) * EPOCH_LENGTH);
      const log = await storeLog(store, records);
      await p.inferenceLogs.connect(operator).commitInferenceLog(spamModel, epoch, log.root, log.uri);
    }
    const reportsOpen = (epoch: bigint) => time.increaseTo(genesis + (epoch + 1n) * EPOCH_LENGTH + LOG_DEADLINE);

    const lines: string[] = [];
    const node = (signer: Signer, name: string, extra: Partial<OracleNodeOptions> = {}) =>
      new OracleNode({
        provider: ethers.provider,
        signer,
        deployment,
        store,
        stateDir,
        log: (line) => lines.push(`${name}: ${line}`),
        ...extra,
      });
    /** C's fault: in epoch 1 its node does not see the classifier's log (a broken fetch taken for a missing log). */
    const blind = (input: EpochInput): EpochInput =>
      input.epoch !== 1n
        ? input
        : { ...input, models: input.models.map((m) => ({ ...m, log: { refused: "no inference log was committed" } })) };
    const A = node(oracleA, "A");
    const B = node(oracleB, "B");
    let C = node(oracleC, "C", { transformInput: blind });

    // ================================================================== epoch 0: agreement
    const records0 = await serve(
      emails.heldOut.map((e) => e.text),
      "e0",
    );
    await p.inferencePayments.connect(payer).pay(spanModel, 1, PRICE, keccakId("unlogged"));
    const pool0 = await p.inferencePayments.attributionPool(spamModel, 0);
    const unlogged = await p.inferencePayments.attributionPool(spanModel, 0);
    expect(pool0).to.equal((PRICE * 6n * 9_000n * 3_000n) / 10_000n / 10_000n);
    await commitLog(0n, records0);

    expect((await A.runEpoch(0n)).action).to.equal("not-open");
    await reportsOpen(0n);
    const a0 = await A.runEpoch(0n);
    const b0 = await B.runEpoch(0n);
    expect([a0.action, a0.status, b0.action, b0.status]).to.deep.equal(["attested", "Open", "attested", "Open"]);
    const c0 = await C.runEpoch(0n);
    expect([c0.action, c0.status]).to.deep.equal(["attested", "Accepted"]);
    expect(b0.reportHash).to.equal(a0.reportHash);
    expect(c0.reportHash).to.equal(a0.reportHash);
    // Idempotent: running again does nothing new.
    expect((await A.runEpoch(0n)).action).to.equal("agrees");
    const proofs0 = await Promise.all(
      [A, B, C].map(async (n) => readFile(path.join(await n.stateDirectory(), "proofs", "0.json"))),
    );
    expect(proofs0[1].equals(proofs0[0]) && proofs0[2].equals(proofs0[0])).to.equal(true);
    const doc0 = JSON.parse(new TextDecoder().decode(await fetchVerified(store, a0.report!.dataURI)));
    expect(doc0.models.map((m: { modelId: string; outcome: string }) => [m.modelId, m.outcome])).to.deep.equal([
      ["1", "attributed"],
      ["2", "fallback"],
    ]);
    expect(doc0.models[1].reason).to.equal("log-missing");
    expect(BigInt(doc0.epochAmounts[treasury])).to.equal(unlogged);
    expect(a0.report!.cumulativeTotal).to.equal(pool0 + unlogged);
    // Only contributors with a positive summed influence earn, and the pool is split exactly.
    const model0 = doc0.models[0] as { amounts: Record<string, string>; contributorScores: Record<string, number> };
    let paid0 = 0n;
    for (const [account, amount] of Object.entries(model0.amounts)) {
      expect(model0.contributorScores[account]).to.be.greaterThan(0);
      paid0 += BigInt(amount);
    }
    expect(paid0).to.equal(pool0);
    console.log(`      epoch 0 scores: ${JSON.stringify(model0.contributorScores)}`);

    expect(await A.finalize(0n)).to.equal(false); // window still open

    // Epoch 1 runs meanwhile (epochs and challenge windows are both one day): C stakes more, inferences are paid.
    await p.staking.connect(oracleC).stake(40_000n * OPEN);
    const records1 = await serve(
      emails.training.slice(0, 8).map((e) => e.text),
      "e1",
    );
    await commitLog(1n, records1);
    await reportsOpen(1n);
    await time.increase(HOUR); // epoch 0's window is over too

    expect(await B.finalize(0n)).to.equal(true);
    expect(await p.rewardDistributor.merkleRoot()).to.equal(a0.report!.cumulativeRewardsRoot);
    const claims0 = JSON.parse(proofs0[0].toString()) as Record<string, { amount: string; proof: string[] }>;
    // The top earner claims with the proof its oracle wrote; anyone may claim for the treasury's leaf.
    const earner = Object.keys(model0.amounts)[0];
    await expect(
      p.rewardDistributor.claim(earner, claims0[earner].amount, claims0[earner].proof),
    ).to.changeTokenBalance(ethers, asset, earner, BigInt(claims0[earner].amount));
    await expect(
      p.rewardDistributor.claim(treasury, claims0[treasury].amount, claims0[treasury].proof),
    ).to.changeTokenBalance(ethers, asset, treasury, unlogged);

    // ================================================================== epoch 1: a faulty report, disputed
    // B attests first (10,000: no quorum); C's faulty attestation alone reaches quorum, over B's competing report.
    const b1 = await B.runEpoch(1n);
    expect([b1.action, b1.status]).to.deep.equal(["attested", "Open"]);
    const c1 = await C.runEpoch(1n);
    expect([c1.action, c1.status]).to.deep.equal(["attested", "Accepted"]);
    expect(c1.reportHash).to.not.equal(b1.reportHash);
    expect([...c1.competing!]).to.deep.equal([[b1.reportHash, [oracleB.address]]]);
    const a1 = await A.runEpoch(1n);
    expect([a1.action, a1.status, a1.reportHash]).to.deep.equal(["disputed", "Accepted", b1.reportHash]);
    expect((await p.attributionOracle.epochStatus(1n)).status).to.equal(2n); // Disputed
    expect((await B.runEpoch(1n)).action).to.equal("dispute-pending");
    // C's report paid the classifier's pool to the treasury; the honest one pays contributors.
    const faultyDoc = JSON.parse(new TextDecoder().decode(await fetchVerified(store, c1.report!.dataURI)));
    expect(faultyDoc.models[0].outcome).to.equal("fallback");

    // The resolver rules: a security council that governance appointed (RESOLVER_ROLE of AttributionDisputes; here
    // the grant is made by the timelock, impersonated: a full proposal takes longer than the court's ruling period,
    // which is why a fast resolver exists). The signers come from the chain (the accepted report's Attested events).
    const signers = await A.chain.acceptedSigners(1n);
    expect(signers).to.deep.equal([oracleC.address]);
    const council = voter;
    const timelockAddress = await p.timelock.getAddress();
    await networkHelpers.impersonateAccount(timelockAddress);
    await networkHelpers.setBalance(timelockAddress, OPEN);
    await p.attributionDisputes
      .connect(await ethers.getSigner(timelockAddress))
      .grantRole(await p.attributionDisputes.RESOLVER_ROLE(), council.address);
    await networkHelpers.stopImpersonatingAccount(timelockAddress);
    const slashed = (50_000n * OPEN) / 10n;
    await expect(p.attributionDisputes.connect(council).rule(1n, true, signers))
      .to.emit(p.attributionDisputes, "OracleSlashed")
      .withArgs(oracleC.address, 1n, slashed)
      .and.to.emit(p.attributionDisputes, "DisputeResolved")
      .withArgs(1n, true, slashed, slashed / 5n, council.address);
    expect(await p.staking.activeStake(oracleC.address)).to.equal(50_000n * OPEN - slashed);
    expect(await p.attributionDisputes.withdrawable(oracleA.address)).to.equal(1_000n * OPEN + slashed / 5n);
    await expect(p.attributionDisputes.connect(oracleA).withdraw()).to.changeTokenBalance(
      ethers,
      asset,
      oracleA,
      1_000n * OPEN + slashed / 5n,
    );

    // Round 1: the honest nodes attest again, without quorum; C, fixed and restarted, completes it.
    const a1b = await A.runEpoch(1n);
    const b1b = await B.runEpoch(1n);
    expect([a1b.action, a1b.status, b1b.action, b1b.status]).to.deep.equal(["attested", "Open", "attested", "Open"]);
    C = node(oracleC, "C");
    const c1b = await C.runEpoch(1n);
    expect([c1b.action, c1b.status, c1b.reportHash]).to.deep.equal(["attested", "Accepted", a1.reportHash]);
    expect(lines).to.include("C: epoch 1: my report was rejected by an upheld dispute; recomputing");

    await time.increase(DAY);
    expect(await C.finalize(1n)).to.equal(true);
    expect(await p.rewardDistributor.merkleRoot()).to.equal(a1.report!.cumulativeRewardsRoot);
    const claims1 = JSON.parse(
      await readFile(path.join(await A.stateDirectory(), "proofs", "1.json"), "utf8"),
    ) as Record<string, { amount: string; proof: string[] }>;
    // Every account claims: each is paid exactly its cumulative amount minus what it claimed before, and the
    // distributor ends empty (everything paid in to the pools of epochs 0 and 1 reached someone).
    for (const [account, { amount, proof }] of Object.entries(claims1)) {
      const due = BigInt(amount) - (await p.rewardDistributor.claimed(account));
      if (account === earner) expect(due).to.equal(BigInt(amount) - BigInt(claims0[earner].amount));
      if (due === 0n) {
        await expect(p.rewardDistributor.claim(account, amount, proof)).to.be.revertedWithCustomError(
          p.rewardDistributor,
          "DistributorNothingToClaim",
        );
      } else {
        await expect(p.rewardDistributor.claim(account, amount, proof)).to.changeTokenBalance(
          ethers,
          asset,
          account,
          due,
        );
      }
    }
    expect(await asset.balanceOf(await p.rewardDistributor.getAddress())).to.equal(0n);
    expect(a1.report!.cumulativeTotal).to.equal(await p.inferencePayments.totalAttributionFunded());

    // ================================================================== epoch 2: signatures and a transmitter
    const signing = [oracleA, oracleB, oracleC].map((s, k) => node(s, `S${k}`, { mode: "sign" }));
    const runs2 = await Promise.all(signing.map((n) => n.runEpoch(2n)));
    expect(runs2.map((r) => r.action)).to.deep.equal(["signed", "signed", "signed"]);
    expect(new Set(runs2.map((r) => r.reportHash)).size).to.equal(1);
    // Signing again returns the same signature (never a second one).
    expect((await signing[0].runEpoch(2n)).signature).to.equal(runs2[0].signature);
    // A node that now computes something else for epoch 2 (state lost, inputs altered) refuses to sign it: two
    // signatures for one epoch are slashable equivocation.
    await unlink(path.join(await A.stateDirectory(), "epochs", "2.json"));
    const altered = node(oracleA, "A*", {
      mode: "sign",
      transformInput: (input) => ({ ...input, previous: new Map([...input.previous, [oracleA.address, 1n]]) }),
    });
    const refused = await altered.runEpoch(2n);
    expect([refused.action, refused.signature]).to.deep.equal(["refused-to-sign", undefined]);
    await unlink(path.join(await A.stateDirectory(), "epochs", "2.json"));
    const collected = await Promise.all(
      runs2.map(async (r, k) => ({ signer: await signing[k].address(), signature: r.signature! })),
    );
    expect(await signing[0].transmit(2n, collected)).to.equal(true);
    expect((await p.attributionOracle.epochStatus(2n)).status).to.equal(1n); // Accepted
    // No pool in epoch 2: the cumulative tree is epoch 1's.
    expect(runs2[0].report!.cumulativeRewardsRoot).to.equal(a1.report!.cumulativeRewardsRoot);
    // One pass of the watch loop a day later: finalizes epoch 2 and attests every later closed epoch.
    await time.increase(DAY);
    const tick = await A.tick();
    expect(tick.finalized).to.deep.equal([2n]);
    const [first, ...later] = tick.runs;
    expect([first.epoch, first.action]).to.deep.equal([2n, "agrees"]);
    expect(later.length).to.be.greaterThan(0);
    expect(later.every((r) => r.action === "attested" && r.status === "Open")).to.equal(true);

    // ================================================================== restarts
    // A crash after publishing but before the epoch file was written: the restarted node computes the same report.
    await unlink(path.join(await A.stateDirectory(), "epochs", "1.json"));
    const restarted = node(oracleA, "A'");
    expect((await restarted.computeEpoch(1n)).reportHash).to.equal(a1.reportHash);
    expect(await readFile(path.join(await A.stateDirectory(), "proofs", "1.json"))).to.deep.equal(
      await readFile(path.join(await B.stateDirectory(), "proofs", "1.json")),
    );
    // A node with no state at all recomputes every epoch from the chain and the content store.
    const fresh = new OracleNode({
      provider: ethers.provider,
      signer: oracleB,
      deployment,
      store,
      stateDir: path.join(dir, "fresh-state"),
    });
    const fresh1 = await fresh.computeEpoch(1n);
    expect(fresh1.reportHash).to.equal(a1.reportHash);
    expect(reportHash(fresh1.report)).to.equal(a1.reportHash);
    expect((await fresh.computeEpoch(0n)).reportHash).to.equal(a0.reportHash);
  });
});
