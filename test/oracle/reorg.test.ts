/**
 * Reorganizations and confirmations (decision 0403), on Hardhat's in-process chain: a reorganization is an
 * `evm_revert` to a snapshot followed by other transactions, so the same block numbers get other hashes.
 *
 * The protocol is test/helpers/attribution.ts's (one oracle holding all the oracle stake, so its attestation alone
 * is accepted). Model 1's card and Datanet manifest URIs carry no content hash, so the pipeline refuses them and pays
 * each pool to the treasury: an epoch's report then depends on the chain alone (its pools), which is what a
 * reorganization changes.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { id as keccakId } from "ethers";

import { ChainFollower, OracleNode, type OracleNodeOptions } from "../../src/oracle/index.js";
import { OracleState } from "../../src/oracle/state.js";
import { reportHash } from "../../src/protocol/index.js";
import { LocalContentStore } from "../../src/storage/index.js";
import {
  BOND,
  ORACLE_STAKE,
  deployAttribution,
  makeReport,
  oracleDeployment,
  type AttributionFixture,
} from "../helpers/attribution.js";
import { createChain } from "../helpers/fixtures.js";

const chain = await createChain();
const { ethers, networkHelpers } = chain;
const provider = ethers.provider;

const single = () => deployAttribution(chain, { oracleStakes: [ORACLE_STAKE] });

/** Pays `units` inferences of model 1 (1 wei each) with the request hash keccak256(`tag`): one block. */
async function pay(f: AttributionFixture, tag: string, units: bigint): Promise<number> {
  const receipt = await (await f.payments.pay(f.modelId, units, units, keccakId(tag))).wait();
  return receipt!.blockNumber;
}

async function snapshot(): Promise<string> {
  return (await provider.send("evm_snapshot", [])) as string;
}

async function revertTo(id: string): Promise<void> {
  expect(await provider.send("evm_revert", [id])).to.equal(true);
}

async function blockTimestamp(n: number): Promise<bigint> {
  return BigInt((await provider.getBlock(n))!.timestamp);
}

describe("Oracle node and reorganizations", function () {
  let dir: string;
  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "oracle-reorg-"));
  });
  after(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  describe("ChainFollower.events", function () {
    it("returns the logs that replaced the scanned ones after a reorganization, and reports it once", async function () {
      const f = await networkHelpers.loadFixture(single);
      const reported: number[] = [];
      const follower = new ChainFollower(provider, await oracleDeployment(f), {
        onReorg: (block) => reported.push(block),
      });
      const paid = async () =>
        (await follower.events(follower.payments, "InferencePaid")).map((log) => [
          log.blockNumber,
          log.args.requestHash,
        ]);

      const fork = await snapshot();
      const base = await provider.getBlockNumber();
      expect(await pay(f, "a", 1_000n)).to.equal(base + 1);
      expect(await pay(f, "b", 2_000n)).to.equal(base + 2);
      await follower.refreshHead();
      expect(await paid()).to.deep.equal([
        [base + 1, keccakId("a")],
        [base + 2, keccakId("b")],
      ]);
      // New blocks on the same chain: only they are scanned, nothing is reported.
      expect(await pay(f, "c", 3_000n)).to.equal(base + 3);
      await follower.refreshHead();
      expect(await paid()).to.deep.equal([
        [base + 1, keccakId("a")],
        [base + 2, keccakId("b")],
        [base + 3, keccakId("c")],
      ]);
      expect([follower.reorgs, reported]).to.deep.equal([0, []]);

      // The chain reorganizes: blocks base + 1 .. base + 3 are replaced by blocks with other payments.
      const hashBefore = (await provider.getBlock(base + 3))!.hash;
      await revertTo(fork);
      expect(await pay(f, "d", 4_000n)).to.equal(base + 1);
      expect(await pay(f, "e", 5_000n)).to.equal(base + 2);
      await networkHelpers.mine(2);
      expect((await provider.getBlock(base + 3))!.hash).to.not.equal(hashBefore);
      await follower.refreshHead();
      expect(await paid()).to.deep.equal([
        [base + 1, keccakId("d")],
        [base + 2, keccakId("e")],
      ]);
      expect([follower.reorgs, reported]).to.deep.equal([1, [base + 4]]);
      // Reported once: the other filters rebuilt with it, and reading again reports nothing new.
      expect((await follower.events(follower.payments, "InferencePaid", f.modelId)).length).to.equal(2);
      await follower.refreshHead();
      expect((await paid()).length).to.equal(2);
      expect([follower.reorgs, reported]).to.deep.equal([1, [base + 4]]);
    });

    it("rescans when the block it scanned to is gone (a shorter chain)", async function () {
      const f = await networkHelpers.loadFixture(single);
      const follower = new ChainFollower(provider, await oracleDeployment(f));
      const fork = await snapshot();
      const base = await provider.getBlockNumber();
      await pay(f, "a", 1_000n);
      await networkHelpers.mine(3);
      await follower.refreshHead();
      expect(
        (await follower.events(follower.payments, "InferencePaid")).map((log) => log.args.requestHash),
      ).to.deep.equal([keccakId("a")]);

      await revertTo(fork);
      expect(await pay(f, "b", 2_000n)).to.equal(base + 1);
      await follower.refreshHead();
      expect(
        (await follower.events(follower.payments, "InferencePaid")).map((log) => [
          log.blockNumber,
          log.args.requestHash,
        ]),
      ).to.deep.equal([[base + 1, keccakId("b")]]);
      expect(follower.reorgs).to.equal(1);
    });
  });

  describe("confirmations", function () {
    it("reads logs, time and views at the head minus N blocks", async function () {
      const f = await networkHelpers.loadFixture(single);
      const follower = new ChainFollower(provider, await oracleDeployment(f), { confirmations: 3 });
      const paid = async () =>
        (await follower.events(follower.payments, "InferencePaid")).map((log) => log.args.requestHash);

      const first = await pay(f, "a", 1_000n);
      expect((await follower.refreshHead()).number).to.equal(first - 3);
      expect(await paid()).to.deep.equal([]);
      expect(await follower.now()).to.equal(await blockTimestamp(first - 3));
      expect(await follower.totalAttributionFunded()).to.equal(0n);

      await networkHelpers.mine(2);
      expect((await follower.refreshHead()).number).to.equal(first - 1);
      expect(await paid()).to.deep.equal([]);
      await networkHelpers.mine(1);
      expect((await follower.refreshHead()).number).to.equal(first);
      expect(await paid()).to.deep.equal([keccakId("a")]);
      expect(await follower.now()).to.equal(await blockTimestamp(first));
      expect(await follower.totalAttributionFunded()).to.equal(await f.payments.totalAttributionFunded());

      // An epoch accepted in the last N blocks is still open in the follower's view, with no accepted report.
      await f.openReports(0n);
      const report = makeReport(0n, keccakId("root"), 0n);
      const accepted = (await (await f.oracle.connect(f.oracles[0]).attest(report)).wait())!.blockNumber;
      expect((await f.oracle.epochStatus(0n)).status).to.equal(1n); // Accepted, at the head
      expect((await follower.refreshHead()).number).to.equal(accepted - 3);
      expect((await follower.epochState(0n)).status).to.equal("Open");
      expect(await follower.currentAccepted(0n)).to.equal(null);
      await networkHelpers.mine(3);
      expect((await follower.refreshHead()).number).to.equal(accepted);
      expect((await follower.epochState(0n)).status).to.equal("Accepted");
      expect((await follower.currentAccepted(0n))?.reportHash).to.equal(reportHash(report));
    });

    it("never views below fromBlock - 1, and refuses a negative number", async function () {
      const f = await networkHelpers.loadFixture(single);
      const head = await provider.getBlockNumber();
      const follower = new ChainFollower(provider, await oracleDeployment(f), {
        confirmations: 1_000_000,
        fromBlock: head - 5,
      });
      expect((await follower.refreshHead()).number).to.equal(head - 6);
      const deployment = await oracleDeployment(f);
      expect(() => new ChainFollower(provider, deployment, { confirmations: -1 })).to.throw(
        "confirmations: -1 is not a number of blocks",
      );
    });

    it("a node with confirmations reports only on what is N blocks deep", async function () {
      const f = await networkHelpers.loadFixture(single);
      await f.fund(1_000n);
      await f.openReports(0n);
      const node = new OracleNode({
        provider,
        signer: f.oracles[0],
        deployment: await oracleDeployment(f),
        store: new LocalContentStore(path.join(dir, "content-confirmations")),
        stateDir: path.join(dir, "state-confirmations"),
        confirmations: 2,
      });
      // The block that opened the reports is not 2 blocks deep yet.
      expect((await node.runEpoch(0n)).action).to.equal("not-open");
      await networkHelpers.mine(2);
      const run = await node.runEpoch(0n);
      // Attested; the node's view (2 blocks back) does not show the acceptance yet.
      expect([run.action, run.status, run.report?.cumulativeTotal]).to.deep.equal(["attested", "Open", 1_000n]);
      expect((await f.oracle.epochStatus(0n)).status).to.equal(1n);
      await networkHelpers.mine(2);
      expect((await node.runEpoch(0n)).action).to.equal("agrees");
    });
  });

  describe("OracleNode: recompute before disputing", function () {
    it("does not dispute a right report its stale computation disagrees with; still disputes a wrong one", async function () {
      const f = await networkHelpers.loadFixture(single);
      const oracle = f.oracles[0];
      await f.open.transfer(oracle.address, BOND); // the bond, so that a dispute would go through
      const deployment = await oracleDeployment(f);
      const store = new LocalContentStore(path.join(dir, "content"));
      const lines: string[] = [];
      const node = (name: string, extra: Partial<OracleNodeOptions> = {}) =>
        new OracleNode({
          provider,
          signer: oracle,
          deployment,
          store,
          stateDir: path.join(dir, `state-${name}`),
          log: (line) => lines.push(`${name}: ${line}`),
          ...extra,
        });

      // A computes epoch 0 on a chain where the epoch's pool is 1,000.
      const fork = await snapshot();
      const base = await provider.getBlockNumber();
      await f.fund(1_000n);
      await f.openReports(0n);
      const A = node("A");
      const stale = await A.computeEpoch(0n);
      expect(stale.report.cumulativeTotal).to.equal(1_000n);

      // The chain reorganizes from before the payment: the pool is 2,500 on the chain that wins, and B (the same
      // oracle key, another state directory) gets its report accepted there.
      await revertTo(fork);
      await f.fund(2_500n);
      await f.openReports(0n);
      expect(await provider.getBlockNumber()).to.equal(base + 2);
      const B = node("B");
      const b = await B.runEpoch(0n);
      expect([b.action, b.status, b.report?.cumulativeTotal]).to.deep.equal(["attested", "Accepted", 2_500n]);

      // A's stored report differs from the accepted one; recomputed from the chain as it is now, it agrees.
      const a = await A.runEpoch(0n);
      expect([a.action, a.status, a.reportHash]).to.deep.equal(["agrees", "Accepted", b.reportHash]);
      expect((await f.oracle.epochStatus(0n)).status).to.equal(1n); // not disputed
      expect(await f.open.balanceOf(oracle.address)).to.equal(BOND);
      expect(A.chain.reorgs).to.equal(1);
      expect(lines.filter((line) => line.startsWith("A: "))).to.deep.equal([
        `A: epoch 0: 1 model(s) with a pool, total 1000, report ${stale.reportHash}`,
        // Seen when the node checks the finalized epochs below 0 (decision 0404), before it compares the reports.
        `A: chain reorganized below block ${base + 3}; rescanning`,
        `A: epoch 0: accepted report ${b.reportHash} differs from mine ${stale.reportHash}`,
        `A: epoch 0: 1 model(s) with a pool, total 2500, report ${b.reportHash}`,
        `A: epoch 0: recomputed from fresh inputs, my report ${b.reportHash} agrees with the accepted one (the ` +
          `stored ${stale.reportHash} did not): not disputing`,
      ]);
      // The stored record is the fresh one now.
      expect((await A.computeEpoch(0n)).reportHash).to.equal(b.reportHash);

      // Without a reorganization: a stored record that went wrong (here edited) is recomputed, not disputed.
      const stateB = new OracleState(path.join(dir, "state-B"), (await provider.getNetwork()).chainId, oracle.address);
      const storedB = (await stateB.readEpoch(0n))!;
      const edited = { ...storedB.report, cumulativeTotal: 1n };
      await stateB.writeEpoch({ ...storedB, report: edited, reportHash: reportHash(edited) });
      const b2 = await B.runEpoch(0n);
      expect([b2.action, b2.reportHash, B.chain.reorgs]).to.deep.equal(["agrees", b.reportHash, 0]);
      expect((await stateB.readEpoch(0n))!.reportHash).to.equal(b.reportHash);

      // A node whose inputs really differ still disputes (and posts the bond).
      const C = node("C", {
        transformInput: (input) => ({ ...input, previous: new Map([[oracle.address, 1n]]) }),
      });
      const c = await C.runEpoch(0n);
      expect([c.action, c.report?.cumulativeTotal]).to.deep.equal(["disputed", 2_501n]);
      expect((await f.oracle.epochStatus(0n)).status).to.equal(2n); // Disputed
      expect(await f.open.balanceOf(oracle.address)).to.equal(0n);
    });
  });
});
