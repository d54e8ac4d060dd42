/**
 * The oracle node as an operator runs it (issue 19, decisions 0480-0483): state bound to the chain it reads, reports
 * discarded at finalization, stored items checked on read, a stalled RPC, and one process per state directory.
 *
 * The protocol is test/helpers/attribution.ts's with one oracle holding all the oracle stake (its attestation alone is
 * accepted). Model 1's card and manifest URIs carry no content hash, so each pool goes to the treasury: a report
 * depends on the chain alone.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { mkdtemp, readFile, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { keccak256 } from "ethers";

import { OracleNode, jsonRpcProvider, type OracleNodeOptions } from "../../src/oracle/index.js";
import { ChainMismatchError, readChainBinding } from "../../src/oracle/binding.js";
import { failuresSurvived } from "../../src/oracle/liveness.js";
import { StateLockedError } from "../../src/oracle/lock.js";
import { OracleState, StateError } from "../../src/oracle/state.js";
import { LocalContentStore } from "../../src/storage/index.js";
import { ORACLE_STAKE, WINDOW, deployAttribution, oracleDeployment } from "../helpers/attribution.js";
import { createChain, type Chain } from "../helpers/fixtures.js";

const chain = await createChain();
const { networkHelpers } = chain;
const provider = chain.ethers.provider;
const single = () => deployAttribution(chain, { oracleStakes: [ORACLE_STAKE] });

/** The error `promise` rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a rejection");
}

describe("Oracle node for operators", function () {
  let dir: string;
  let count = 0;
  /** A fresh state directory and content store under the test directory. */
  const fresh = () => {
    count++;
    return {
      stateDir: path.join(dir, `state-${count}`),
      store: new LocalContentStore(path.join(dir, `content-${count}`)),
    };
  };
  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "oracle-operator-"));
  });
  after(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  describe("state bound to the chain (failure 1)", function () {
    it("stops without attesting when the chain is reset and the protocol redeployed at the same addresses", async function () {
      // A chain of its own: the test reverts it to before the deployment.
      const own: Chain = await createChain();
      const ownProvider = own.ethers.provider;
      const beforeDeployment = (await ownProvider.send("evm_snapshot", [])) as string;
      const f = await deployAttribution(own, { oracleStakes: [ORACLE_STAKE] });
      await f.fund(1_000n);
      await f.openReports(0n);
      const lines: string[] = [];
      const { stateDir, store } = fresh();
      const options: OracleNodeOptions = {
        provider: ownProvider,
        signer: f.oracles[0],
        deployment: await oracleDeployment(f),
        store,
        stateDir,
        log: (line) => lines.push(line),
      };
      const node = new OracleNode(options);
      expect((await node.computeEpoch(0n)).report.cumulativeTotal).to.equal(1_000n);

      // The chain is reset and the protocol deployed again: same deployer, same nonces, same addresses; nothing paid.
      expect(await ownProvider.send("evm_revert", [beforeDeployment])).to.equal(true);
      await own.networkHelpers.time.increase(3_600);
      const g = await deployAttribution(own, { oracleStakes: [ORACLE_STAKE] });
      expect(await oracleDeployment(g)).to.deep.equal(options.deployment);
      await g.openReports(0n);

      const stopped = await rejection(node.tick());
      expect(stopped).to.be.instanceOf(ChainMismatchError);
      expect(stopped.message).to.match(
        /^the chain changed under the node: block \d+, where the AttributionOracle was deployed, is (now 0x[0-9a-f]{64}|gone)/,
      );
      // `watch` stops on it too, instead of retrying.
      expect(await rejection(node.watch({ intervalMs: 10 }))).to.be.instanceOf(ChainMismatchError);
      expect(await g.oracle.queryFilter(g.oracle.filters.Attested())).to.deep.equal([]);
      expect((await g.oracle.epochStatus(0n)).status).to.equal(0n);

      // A node started again on that state directory refuses to start.
      const again = await rejection(new OracleNode(options).runEpoch(0n));
      expect(again).to.be.instanceOf(ChainMismatchError);
      expect(again.message).to.include(`the state directory ${path.join(stateDir, "31337")}`);
      expect(again.message).to.include("another deployment at the same address");
      expect(again.message).to.match(/remove it or pass another --state$/);
      // With a fresh state directory the node works on the new deployment (and reports the 0 paid).
      const clean = new OracleNode({ ...options, stateDir: path.join(dir, "state-after-reset") });
      const run = await clean.runEpoch(0n);
      expect([run.action, run.report?.cumulativeTotal]).to.deep.equal(["attested", 0n]);
    });
  });

  describe("the deployment block on a node without old state", function () {
    it("is the block of the oracle's first event when historical state reads fail (a pruned node)", async function () {
      const f = await networkHelpers.loadFixture(single);
      const address = await f.oracle.getAddress();
      const archive = await readChainBinding(provider, address, 0);
      const head = await provider.getBlockNumber();
      // A provider that refuses state reads below the head, as a pruned full node does.
      const pruned = new Proxy(provider, {
        get(target, name, receiver) {
          if (name === "getCode") {
            return async (a: string, tag?: number) => {
              if (tag !== undefined && tag !== head) throw new Error("missing trie node (state is pruned)");
              return target.getCode(a, tag);
            };
          }
          const value = Reflect.get(target, name, receiver) as unknown;
          return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
      expect(await readChainBinding(pruned, address, 0)).to.deep.equal(archive);
      expect(archive.deploymentBlock).to.be.greaterThan(0);
      expect(await provider.getCode(address, archive.deploymentBlock - 1)).to.equal("0x");
    });
  });

  describe("reports discarded at finalization (failure 2)", function () {
    it("reads ReportDiscarded, says why, and never backs the discarded report again", async function () {
      const f = await networkHelpers.loadFixture(single);
      await f.fund(1_000n);
      await f.openReports(0n);
      const lines: string[] = [];
      // A node whose inputs claim 1 OPEN carried over from before: its total is above what was ever funded.
      const node = new OracleNode({
        provider,
        signer: f.oracles[0],
        deployment: await oracleDeployment(f),
        ...fresh(),
        log: (line) => lines.push(line),
        transformInput: (input) => ({ ...input, previous: new Map([[f.users[7].address, 10n ** 18n]]) }),
      });
      const first = await node.tick();
      expect(first.runs.map((r) => r.action)).to.deep.equal(["attested"]);
      expect((await f.oracle.epochStatus(0n)).status).to.equal(1n); // Accepted
      await networkHelpers.time.increase(WINDOW);

      const second = await node.tick();
      expect(second.finalized).to.deep.equal([]);
      expect((await f.oracle.queryFilter(f.oracle.filters.ReportDiscarded())).length).to.equal(1);
      const total = 10n ** 18n + 1_000n;
      expect(lines).to.include(
        `epoch 0: finalize discarded the accepted report ${first.runs[0].reportHash} (its total ${total} is above ` +
          "the 1000 ever paid into attribution pools); the epoch reopened in round 1 and this node will not back " +
          "that report again",
      );

      // The next passes do not attest it again in the new round.
      for (let k = 0; k < 2; k++) {
        const again = await node.tick();
        expect(again.runs.filter((r) => r.epoch === 0n).map((r) => r.action)).to.deep.equal(["own-report-discarded"]);
      }
      const attested = await f.oracle.queryFilter(f.oracle.filters.Attested());
      expect(attested.filter((log) => log.args.epoch === 0n).length).to.equal(1);
      expect((await f.oracle.epochStatus(0n)).status).to.equal(0n); // Open, round 1
      // Said once, when it happened.
      expect(lines.filter((l) => l.includes("discarded")).length).to.equal(1);
    });
  });

  describe("stored items checked on read (failure 4)", function () {
    it("repairs a corrupted published document on recompute", async function () {
      const f = await networkHelpers.loadFixture(single);
      await f.fund(1_000n);
      await f.openReports(0n);
      const { stateDir, store } = fresh();
      const lines: string[] = [];
      const node = new OracleNode({
        provider,
        signer: f.oracles[0],
        deployment: await oracleDeployment(f),
        store,
        stateDir,
        log: (line) => lines.push(line),
      });
      const computed = await node.computeEpoch(0n);
      const hash = computed.dataURI.slice("local://".length);
      const file = path.join(store.directory, hash);
      const good = await readFile(file);
      await writeFile(file, good.subarray(0, good.length - 10)); // truncated on disk
      lines.length = 0;
      const again = await node.computeEpoch(0n);
      expect(again.reportHash).to.equal(computed.reportHash);
      expect(keccak256(await readFile(file))).to.equal(hash);
      expect(lines[0]).to.match(/^epoch 0: my published data is unusable \(.*\); recomputing and publishing again$/);
    });

    it("drops a state record edited to other valid JSON, or unreadable, and recomputes that epoch only", async function () {
      const f = await networkHelpers.loadFixture(single);
      await f.fund(1_000n);
      await f.openReports(1n); // reports of epochs 0 and 1 are open
      const { stateDir, store } = fresh();
      const lines: string[] = [];
      const node = new OracleNode({
        provider,
        signer: f.oracles[0],
        deployment: await oracleDeployment(f),
        store,
        stateDir,
        log: (line) => lines.push(line),
      });
      const one = await node.computeEpoch(1n);
      const zero = await node.computeEpoch(0n);
      const state = new OracleState(stateDir, 31337n, f.oracles[0].address);
      const file = path.join(state.dir, "epochs", "0.json");
      const record = JSON.parse(await readFile(file, "utf8")) as { cumulative: Record<string, string> };
      const [account] = Object.keys(record.cumulative);
      record.cumulative[account] = "999999";
      await writeFile(file, JSON.stringify(record, null, 2)); // valid JSON, one amount changed

      lines.length = 0;
      const recomputed = await node.computeEpoch(0n);
      expect(recomputed.cumulative).to.deep.equal(zero.cumulative);
      expect(lines[0]).to.equal(
        `state: ${file}: its content does not match its digest (edited or corrupted); moved aside to 0.json.invalid, ` +
          "epoch 0 is recomputed",
      );
      expect(lines.slice(1)).to.deep.equal([`epoch 0: 1 model(s) with a pool, total 1000, report ${zero.reportHash}`]);
      expect(await readdir(path.join(state.dir, "epochs"))).to.have.members(["0.json", "0.json.invalid", "1.json"]);

      // Not JSON at all: the same, and epoch 1's record is used as it is.
      await writeFile(file, "{ half a rec");
      lines.length = 0;
      expect((await node.computeEpoch(0n)).reportHash).to.equal(zero.reportHash);
      expect((await node.computeEpoch(1n)).reportHash).to.equal(one.reportHash);
      expect(lines.map((l) => l.replace(/^state: .*: /, "state: "))).to.deep.equal([
        "state: not valid JSON; moved aside to 0.json.invalid, epoch 0 is recomputed",
        `epoch 0: 1 model(s) with a pool, total 1000, report ${zero.reportHash}`,
      ]);
    });

    it("refuses to sign when the signature record fails its check", async function () {
      const f = await networkHelpers.loadFixture(single);
      await f.fund(1_000n);
      await f.openReports(0n);
      const { stateDir, store } = fresh();
      const node = new OracleNode({
        provider,
        signer: f.oracles[0],
        deployment: await oracleDeployment(f),
        store,
        stateDir,
        mode: "sign",
      });
      expect((await node.runEpoch(0n)).action).to.equal("signed");
      const state = new OracleState(stateDir, 31337n, f.oracles[0].address);
      const file = path.join(state.dir, "signatures", "0.json");
      const text = await readFile(file, "utf8");
      await writeFile(file, text.replace(/"reportHash": "0x[0-9a-f]{4}/, '"reportHash": "0x0000'));
      const error = await rejection(node.runEpoch(0n));
      expect(error).to.be.instanceOf(StateError);
      expect(error.message).to.equal(
        `${file}: its content does not match its digest (edited or corrupted); not signing epoch 0 (a second, ` +
          "different signature is slashable): check which report this oracle signed, then restore or remove the file",
      );
    });

    it("removes temporary files a crash left, when it takes the lock", async function () {
      const f = await networkHelpers.loadFixture(single);
      const { stateDir, store } = fresh();
      const node = new OracleNode({
        provider,
        signer: f.oracles[0],
        deployment: await oracleDeployment(f),
        store,
        stateDir,
      });
      const dirOfState = await node.stateDirectory();
      const { mkdir } = await import("node:fs/promises");
      await mkdir(path.join(dirOfState, "epochs"), { recursive: true });
      await mkdir(store.directory, { recursive: true });
      const leftover = path.join(dirOfState, "epochs", "3.json.1234.abcd.tmp");
      const oldInStore = path.join(store.directory, "0xabc.99.x.tmp");
      const youngInStore = path.join(store.directory, "0xdef.99.y.tmp");
      for (const file of [leftover, oldInStore, youngInStore]) await writeFile(file, "partial");
      const twoHoursAgo = new Date(Date.now() - 7_200_000);
      await utimes(oldInStore, twoHoursAgo, twoHoursAgo);
      await node.lock();
      try {
        expect(await readdir(path.join(dirOfState, "epochs"))).to.deep.equal([]);
        // Another process may be writing the young one (stores are shared).
        expect(await readdir(store.directory)).to.deep.equal(["0xdef.99.y.tmp"]);
      } finally {
        await node.unlock();
      }
    });
  });

  describe("one process per state directory (failure 8)", function () {
    it("a second node on the same state refuses to take the lock; a lock left by a dead process is taken over", async function () {
      const f = await networkHelpers.loadFixture(single);
      const options = {
        provider,
        signer: f.oracles[0],
        deployment: await oracleDeployment(f),
        ...fresh(),
      };
      const a = new OracleNode(options);
      const b = new OracleNode(options);
      await a.lock();
      const refused = await rejection(b.lock());
      expect(refused).to.be.instanceOf(StateLockedError);
      expect(refused.message).to.match(
        new RegExp(`^another process runs this oracle with the state directory .* \\(pid ${process.pid} on `),
      );
      await a.unlock();
      await b.lock();
      await b.unlock();

      const { hostname } = await import("node:os");
      const lockFile = path.join(await a.stateDirectory(), "lock");
      // pid 2^22 + 1 is above Linux's pid_max: no such process.
      await writeFile(lockFile, JSON.stringify({ pid: 4_194_305, host: hostname(), since: "2026-01-01T00:00:00Z" }));
      await a.lock();
      expect(JSON.parse(await readFile(lockFile, "utf8")).pid).to.equal(process.pid);
      await a.unlock();
    });
  });

  describe("the 32-pending-epochs limit (failure 7)", function () {
    it("says which closed epochs the limit holds back, once, and counts them in the metrics", async function () {
      this.timeout(60_000);
      const f = await networkHelpers.loadFixture(single);
      await f.openReports(33n); // epochs 0..33 are closed: 34, and reports are accepted for 32
      const lines: string[] = [];
      const node = new OracleNode({
        provider,
        signer: f.oracles[0],
        deployment: await oracleDeployment(f),
        ...fresh(),
        finalize: false,
        log: (line, event) => lines.push(`${event ?? "action"}: ${line}`),
      });
      const result = await node.tick();
      expect(result.runs.map((r) => r.epoch)).to.deep.equal(Array.from({ length: 32 }, (_, k) => BigInt(k)));
      expect(result.blocked).to.deep.equal({ from: 32n, to: 33n });
      const blocked =
        "blocked: epochs 32..33 are closed but blocked: the contract accepts reports for at most 32 epochs past the " +
        "last finalized one (next to finalize: 0); they are reported once epoch 0 finalizes (see `oracle status " +
        "--epoch 0`)";
      expect(lines).to.include(blocked);
      expect([node.metrics.blockedEpochs, node.metrics.pendingEpochs, node.metrics.lastReportedEpoch]).to.deep.equal([
        2n,
        34n,
        31n,
      ]);
      await node.tick();
      expect(lines.filter((l) => l.startsWith("blocked: ")).length).to.equal(1);
    });
  });

  describe("liveness (docs/oracle.md)", function () {
    it("counts the failures a set of oracle stakes survives at a quorum", function () {
      expect(failuresSurvived([10n, 10n, 10n], 6_667n)).to.equal(0);
      expect(failuresSurvived([10n, 10n, 10n, 10n], 6_667n)).to.equal(1);
      expect(failuresSurvived([40n, 10n, 10n, 10n, 10n], 6_667n)).to.equal(0); // the largest alone is 50%
      expect(
        failuresSurvived(
          Array.from({ length: 7 }, () => 1n),
          6_667n,
        ),
      ).to.equal(2);
      expect(failuresSurvived([], 6_667n)).to.equal(-1);
    });
  });

  describe("a stalled RPC (failure 5)", function () {
    it("logs the stall, backs off, and recovers by itself when the RPC answers again", async function () {
      this.timeout(30_000);
      const f = await networkHelpers.loadFixture(single);
      await f.fund(1_000n);
      await f.openReports(0n);
      // A JSON-RPC proxy on 127.0.0.1 in front of the in-process chain, which can be made to hang.
      let hang = true;
      const held: ServerResponse[] = [];
      const server = createServer((request: IncomingMessage, response: ServerResponse) => {
        const chunks: Buffer[] = [];
        request.on("data", (c: Buffer) => chunks.push(c));
        request.on("end", () => {
          if (hang) {
            held.push(response);
            return;
          }
          const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
            id: number;
            method: string;
            params: unknown[];
          };
          provider
            .send(body.method, body.params)
            .then(
              (result: unknown) => ({ jsonrpc: "2.0", id: body.id, result }),
              (error: Error) => ({ jsonrpc: "2.0", id: body.id, error: { code: -32000, message: error.message } }),
            )
            .then((reply) => {
              response.setHeader("content-type", "application/json");
              response.end(JSON.stringify(reply));
            });
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as { port: number };
      const rpc = jsonRpcProvider(`http://127.0.0.1:${port}`, { timeoutMs: 200, chainId: 31337 });
      const lines: string[] = [];
      const node = new OracleNode({
        provider: rpc,
        signer: f.oracles[0],
        deployment: await oracleDeployment(f),
        ...fresh(),
        log: (line) => lines.push(line),
      });
      const controller = new AbortController();
      try {
        const watching = node.watch({ intervalMs: 50, maxBackoffMs: 400, signal: controller.signal });
        const started = Date.now();
        while (lines.length < 4 && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 50));
        expect(lines.slice(0, 4).map((l) => l.replace(/\(.*\)/, "(...)"))).to.deep.equal([
          "RPC stalled or unreachable (...); retrying in 0.1s",
          "RPC stalled or unreachable (...); retrying in 0.2s",
          "RPC stalled or unreachable (...); retrying in 0.4s",
          "RPC stalled or unreachable (...); retrying in 0.4s",
        ]);
        expect(lines[0]).to.match(/timeout/i);
        expect(node.metrics.rpcErrors).to.be.at.least(4);
        hang = false;
        const recoveredLine = () => lines.findIndex((l) => l.startsWith("the chain answers again after"));
        while (recoveredLine() < 0 && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 50));
        const recovered = recoveredLine();
        expect(recovered, lines.join("\n")).to.be.greaterThan(3);
        // The pass that worked again attested epoch 0, then said the chain answers again.
        expect(
          lines.slice(0, recovered).some((l) => l.startsWith("epoch 0: attested")),
          lines.join("\n"),
        ).to.equal(true);
        expect(node.metrics.consecutiveFailures).to.equal(0);
        controller.abort();
        await watching;
      } finally {
        controller.abort();
        for (const r of held) r.destroy();
        rpc.destroy();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      expect((await f.oracle.epochStatus(0n)).status).to.equal(1n);
    });
  });
});
