/**
 * Tasks as an operator uses them (issue 19): value never sent to a chain that cannot take it, content checked with
 * the oracle's own parsers before it is registered, one-line errors for the cases that were stack traces, the
 * transmitter role of sign mode end to end, the state lock and the metrics endpoint.
 */
import { execFile } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";

import { expect } from "chai";
import { keccak256, parseUnits, toUtf8Bytes } from "ethers";
import hre from "hardhat";

import { OracleState } from "../../src/oracle/state.js";
import { ARB_SYS } from "../../src/orbit/constants.js";
import { reportHash } from "../../src/protocol/index.js";
import { taskArgs } from "../helpers/run-task.js";
import { deployWithTask, runFailing, runJson, runTask, temporaryDirectory } from "./task-harness.js";

const OPEN = (amount: string) => parseUnits(amount);
const A1 = "0x0000000000000000000000000000000000000001";
const ROOT = path.resolve(import.meta.dirname, "../..");

/** Runs tasks at once (each until SIGINT), capturing every printed line, until `until` matches one. */
async function runConcurrently(runs: [string[], Record<string, unknown>][], until: RegExp, timeoutMs = 30_000) {
  const lines: string[] = [];
  const errors: string[] = [];
  const { log, error } = console;
  console.log = (...parts: unknown[]) => lines.push(parts.map(String).join(" "));
  console.error = (...parts: unknown[]) => errors.push(parts.map(String).join(" "));
  process.exitCode = undefined;
  try {
    const running = runs.map(([id, args]) => hre.tasks.getTask(id).run(taskArgs(id, args)));
    const started = Date.now();
    while (!lines.some((l) => until.test(l)) && errors.length === 0 && Date.now() - started < timeoutMs) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return {
      lines,
      errors,
      stop: async () => {
        const restore = { log: console.log, error: console.error };
        console.log = (...parts: unknown[]) => lines.push(parts.map(String).join(" "));
        console.error = (...parts: unknown[]) => errors.push(parts.map(String).join(" "));
        try {
          process.emit("SIGINT", "SIGINT");
          await Promise.all(running);
        } finally {
          console.log = restore.log;
          console.error = restore.error;
        }
      },
    };
  } finally {
    console.log = log;
    console.error = error;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("tasks for operators", function () {
  this.timeout(120_000);
  let env: Awaited<ReturnType<typeof deployWithTask>>;
  let store: string;
  let files: string;
  const ORACLE_A = 1;
  const ORACLE_B = 2;
  const OWNER = 4;
  const CONTRIBUTOR = 5;
  const OPERATOR = 3;

  before(async function () {
    env = await deployWithTask();
    store = temporaryDirectory("ol-op-store-");
    files = temporaryDirectory("ol-op-files-");
  });

  after(function () {
    env.cleanup();
    rmSync(store, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  describe("orbit withdraw (failure 3)", function () {
    it("refuses on a chain that is not an Orbit chain, before sending anything", async function () {
      const [signer] = await env.ethers.getSigners();
      const nonce = await env.ethers.provider.getTransactionCount(signer.address);
      const message = await runFailing(["orbit", "withdraw"], { amount: "1", to: A1 });
      expect(message).to.equal(
        "chain 31337 (network default) is not a known Orbit chain (no deployments/orbit-31337.json): withdrawals " +
          "start on the Orbit chain, run with --network orbit; nothing was sent",
      );
      expect(await env.ethers.provider.getTransactionCount(signer.address)).to.equal(nonce);
      expect(await env.ethers.provider.getBalance(ARB_SYS)).to.equal(0n);
    });
  });

  describe("content checked with the node's parsers (failure 6)", function () {
    let datanetReady = false;
    async function dataAndOperator() {
      if (datanetReady) return;
      datanetReady = true;
      await runJson(["datanet", "create"], { metadata: "ipfs://op-datanet", account: OWNER });
      const file = path.join(files, "one.json");
      writeFileSync(file, JSON.stringify({ text: "a first email", label: 1 }));
      await runJson(["datanet", "contribute"], { path: file, datanet: "1", store, account: CONTRIBUTOR });
      await runJson(["datanet", "review"], { datanet: "1", ids: "1", account: OWNER });
      await runJson(["datanet", "publish"], { datanet: "1", store, account: OWNER });
      const signers = await env.ethers.getSigners();
      const wopen = await env.ethers.getContractAt("WOPEN", env.contracts.WOPEN, signers[OPERATOR]);
      await wopen.deposit({ value: OPEN("1000") });
      await wopen.approve(env.contracts.OpenStaking, OPEN("1000"));
      const staking = await env.ethers.getContractAt("OpenStaking", env.contracts.OpenStaking, signers[OPERATOR]);
      await staking.stake(OPEN("1000"));
      await staking.registerOperator(2);
    }
    const register = (card: string) => ({
      card,
      weightsHash: keccak256(toUtf8Bytes("weights")),
      datanetVersions: "1:1",
      operator: "",
      price: "1",
      contributorShare: "30%",
      store,
      account: OWNER,
    });

    it("datanet contribute refuses a folder holding a file the oracle cannot parse, and sends nothing", async function () {
      await dataAndOperator();
      const folder = path.join(files, "folder");
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, "a.json"), JSON.stringify({ text: "a good one", label: 0 }));
      writeFileSync(path.join(folder, "b.json"), JSON.stringify({ text: "no label is fine" }));
      writeFileSync(path.join(folder, "c.json"), JSON.stringify({ text: "a bad label", label: 7 }));
      const registry = await env.ethers.getContractAt("DatanetRegistry", env.contracts.DatanetRegistry);
      const before = (await registry.datanetCounts(1n)).toString();
      const message = await runFailing(["datanet", "contribute"], {
        path: folder,
        datanet: "1",
        store,
        account: CONTRIBUTOR,
      });
      expect(message).to.match(
        /^1 of 3 file\(s\) are not contributions the oracles can use \(c\.json: .*label.*\); nothing sent: each file must be JSON with "text" or "features"/,
      );
      expect((await registry.datanetCounts(1n)).toString()).to.equal(before);
    });

    it("model register refuses a card without an attribution section; model set-card replaces a card", async function () {
      await dataAndOperator();
      const noAttribution = path.join(files, "card-plain.json");
      writeFileSync(noAttribution, JSON.stringify({ name: "a model" }));
      expect(
        await runFailing(["model", "register"], {
          ...register(noAttribution),
          operator: (await env.ethers.getSigners())[OPERATOR].address,
        }),
      ).to.equal(
        `--card ${noAttribution}: "attribution" must be an object: the oracles would refuse this card and pay every ` +
          'pool of the model to the treasury; give it {"name": ..., "attribution": {"method": "influence" | ' +
          '"spans", ...}} (docs/oracle.md)',
      );
      const good = path.join(files, "card.json");
      writeFileSync(good, JSON.stringify({ name: "a model", attribution: { method: "spans" } }));
      const out = await runJson<{ modelId: string }>(["model", "register"], {
        ...register(good),
        operator: (await env.ethers.getSigners())[OPERATOR].address,
      });
      const modelId = out.modelId;

      // set-card: the same checks, then setMetadataURI.
      expect(
        await runFailing(["model", "set-card"], { model: modelId, card: noAttribution, store, account: OWNER }),
      ).to.contain('"attribution" must be an object: the oracles would refuse this card');
      expect(
        await runFailing(["model", "set-card"], { model: modelId, card: good, store, account: CONTRIBUTOR }),
      ).to.match(/does not own model/);
      const better = path.join(files, "card-2.json");
      const bytes = JSON.stringify({ name: "a model", attribution: { method: "influence", l2: 0.1 } });
      writeFileSync(better, bytes);
      const set = await runJson<{ metadataURI: string; method: string }>(["model", "set-card"], {
        model: modelId,
        card: better,
        store,
        account: OWNER,
      });
      expect([set.metadataURI, set.method]).to.deep.equal([`local://${keccak256(toUtf8Bytes(bytes))}`, "influence"]);
      const models = await env.ethers.getContractAt("ModelRegistry", env.contracts.ModelRegistry);
      expect((await models.model(BigInt(modelId))).metadataURI).to.equal(set.metadataURI);
      expect(await runFailing(["model", "set-card"], { model: modelId, card: better, store, account: OWNER })).to.equal(
        `model ${modelId} already has this card (${set.metadataURI})`,
      );
    });
  });

  describe("one-line errors (failure 7)", function () {
    it("a deployment record whose contracts are not on the chain (a restarted local node)", async function () {
      const dir = temporaryDirectory("ol-op-stale-");
      const previous = process.env.OPENLEDGER_DEPLOYMENTS_DIR;
      try {
        const record = JSON.parse(
          (await import("node:fs")).readFileSync(path.join(env.directory, "31337.json"), "utf8"),
        ) as { contracts: Record<string, string> };
        for (const name of Object.keys(record.contracts)) record.contracts[name] = `0x${"ab".repeat(20)}`;
        writeFileSync(path.join(dir, "31337.json"), JSON.stringify(record));
        process.env.OPENLEDGER_DEPLOYMENTS_DIR = dir;
        expect(await runFailing(["oracle", "status"], {})).to.equal(
          `${path.join(dir, "31337.json")} names contracts that are not on network default (no code at ` +
            `AttributionOracle 0x${"ab".repeat(20)}; a restarted local node, or another chain with the same id?): ` +
            "run `protocol deploy` on this network, or connect to the network that deployment is on",
        );
      } finally {
        process.env.OPENLEDGER_DEPLOYMENTS_DIR = previous;
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("oracle run --json: a failure that stops the node is an event of its own, and one error line", async function () {
      const state = temporaryDirectory("ol-op-bound-");
      try {
        const signers = await env.ethers.getSigners();
        // A state directory bound to another chain (another genesis block).
        await new OracleState(state, 31337n, signers[ORACLE_A].address).writeBinding({
          chainId: 31337n,
          genesisHash: `0x${"11".repeat(32)}`,
          attributionOracle: env.contracts.AttributionOracle,
          deploymentBlock: 1,
          deploymentBlockHash: `0x${"22".repeat(32)}`,
        });
        const run = await runTask(["oracle", "run"], { store, state, account: ORACLE_A, json: true, interval: 0.2 });
        expect(run.exitCode).to.equal(1);
        const events = run.stdout.split("\n").map((line) => JSON.parse(line) as { event: string; message: string });
        expect(events.map((e) => e.event)).to.deep.equal(["error"]);
        expect(events[0].message).to.match(
          /^the state directory \S+ was built on another chain or deployment \(this one has genesis block 0x[0-9a-f]{64}, not 0x(11){32} \(the chain was reset\)\): remove it or pass another --state$/,
        );
        expect(run.stderr).to.equal(`error: ${events[0].message}`);
      } finally {
        rmSync(state, { recursive: true, force: true });
      }
    });

    it("an RPC that hangs: a task gives up after the timeout with one line, not after 300 s", async function () {
      // A loopback server that accepts requests and never answers; it closes itself after a minute at most.
      const { createServer: createHttpServer } = await import("node:http");
      const held: import("node:http").ServerResponse[] = [];
      const server = createHttpServer((_request, response) => held.push(response));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const selfStop = setTimeout(() => server.close(), 60_000);
      selfStop.unref();
      const { port } = server.address() as { port: number };
      const run = promisify(execFile);
      const started = Date.now();
      let stderr = "";
      try {
        await run(path.join(ROOT, "node_modules/.bin/hardhat"), ["--network", "localhost", "oracle", "status"], {
          cwd: ROOT,
          timeout: 60_000,
          env: {
            ...process.env,
            PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ""}`,
            OPENLEDGER_RPC_URL: `http://127.0.0.1:${port}`,
            OPENLEDGER_RPC_TIMEOUT_MS: "1000",
          },
        });
      } catch (e) {
        stderr = ((e as { stderr?: string }).stderr ?? "").trimEnd();
      } finally {
        clearTimeout(selfStop);
        for (const r of held) r.destroy();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      expect(stderr).to.equal(
        "error: the network did not answer in time (RPC timeout: OPENLEDGER_RPC_TIMEOUT_MS, default 30 s; `oracle " +
          "run` and `oracle epoch` take --rpc-timeout): check that its node is up and answering",
      );
      expect(Date.now() - started).to.be.below(30_000);
    });

    it("--confirmations -5 and --account -1 from the command line", async function () {
      const run = promisify(execFile);
      const hardhat = path.join(ROOT, "node_modules/.bin/hardhat");
      const env2 = { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ""}` };
      const outcome = async (args: string[]) => {
        try {
          await run(hardhat, args, { cwd: ROOT, env: env2, timeout: 60_000 });
          return "";
        } catch (e) {
          return ((e as { stderr?: string }).stderr ?? "").trimEnd();
        }
      };
      const [confirmations, account] = await Promise.all([
        outcome(["oracle", "epoch", "--epoch", "0", "--confirmations", "-5"]),
        outcome(["model", "price", "--model", "1", "--price", "1", "--account", "-1"]),
      ]);
      expect(confirmations).to.equal(
        "error: --confirmations -5: not a number of blocks; give 0 (read the head) or more (stay that many blocks " +
          "behind it, safe from reorganizations that short)",
      );
      expect(account.split("\n")).to.have.length(1);
      expect(account).to.equal(
        "error: --account -1: not one of this network's accounts; give a number from 0 to 19 (the network has 20 " +
          "account(s))",
      );
    });
  });

  describe("liveness (docs/oracle.md)", function () {
    it("protocol deploy warns that no oracle is registered yet, and what surviving one failure needs", async function () {
      const out = await runJson<{ warnings?: string[] }>(["protocol", "deploy"], {});
      expect(out.warnings).to.deep.equal([
        "no attribution oracle is registered yet: reports need oracles holding 66.67% of the oracle stake, and " +
          "surviving one oracle down needs at least 4 equal stakes at this quorum (docs/oracle.md, Liveness)",
      ]);
      // The deployment under test stays the one the other tests use.
      env.cleanup();
      env = await deployWithTask();
    });
  });

  describe("sign mode end to end: transmitter, lock and metrics (failure 8)", function () {
    it("two nodes sign, the transmitter collects through a directory, then from a loopback peer, and submits at quorum", async function () {
      const signers = await env.ethers.getSigners();
      const staking = await env.ethers.getContractAt("OpenStaking", env.contracts.OpenStaking);
      const wopen = await env.ethers.getContractAt("WOPEN", env.contracts.WOPEN);
      for (const account of [ORACLE_A, ORACLE_B]) {
        await runJson(["dev", "set-balance"], { balance: "20000", account });
        await wopen.connect(signers[account]).deposit({ value: OPEN("10000") });
        await wopen.connect(signers[account]).approve(env.contracts.OpenStaking, OPEN("10000"));
        await staking.connect(signers[account]).stake(OPEN("10000"));
        await staking.connect(signers[account]).registerOperator(1);
      }
      const payments = await env.ethers.getContractAt("InferencePayments", env.contracts.InferencePayments);
      const oracle = await env.ethers.getContractAt("AttributionOracle", env.contracts.AttributionOracle);
      const epoch = await payments.currentEpoch();
      const end = (await payments.epochGenesis()) + (epoch + 1n) * (await payments.epochLength());
      await env.networkHelpers.time.increaseTo(end + (await oracle.parameters()).logDeadline);

      const signatures = temporaryDirectory("ol-op-signatures-");
      const stateA = temporaryDirectory("ol-op-state-a-");
      const stateB = temporaryDirectory("ol-op-state-b-");
      const port = await freePort();
      const common = { store, mode: "sign", signatures, interval: 0.2 };
      const { lines, errors, stop } = await runConcurrently(
        [
          [["oracle", "run"], { ...common, state: stateB, account: ORACLE_B, metricsPort: String(port) }],
          [["oracle", "run"], { ...common, state: stateA, account: ORACLE_A, transmit: true }],
        ],
        new RegExp(`epoch ${epoch}: submitted 0x[0-9a-f]{64} with 2 signature\\(s\\)`),
      );
      try {
        expect(errors, lines.join("\n")).to.deep.equal([]);
        expect(
          lines.some((l) => l.includes(`epoch ${epoch}: submitted`)),
          lines.join("\n"),
        ).to.equal(true);
        expect((await oracle.epochStatus(epoch)).status).to.equal(1n); // Accepted by the off-chain quorum
        // Two equal oracles at a 66.67% quorum: one down stops every report, and the nodes say so when they start.
        expect(lines.filter((l) => l.includes("cannot survive one failure")).length).to.equal(2);

        // The metrics endpoint on loopback, in the Prometheus text format.
        const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        expect(metrics).to.contain("# TYPE openledger_oracle_last_reported_epoch gauge");
        expect(metrics).to.contain(
          `openledger_oracle_last_reported_epoch{oracle="${signers[ORACLE_B].address}"} ${epoch}`,
        );
        expect(metrics).to.match(/openledger_oracle_rpc_errors_total\{oracle="0x[0-9a-fA-F]{40}"\} 0/);
        const signed = (await (await fetch(`http://127.0.0.1:${port}/signatures/${epoch}`)).json()) as {
          signature: string;
        };
        expect(signed.signature).to.match(/^0x[0-9a-f]{130}$/);

        // A second process with A's key and state: refused while A runs.
        const second = await runTask(["oracle", "run"], {
          ...common,
          state: stateA,
          account: ORACLE_A,
          transmit: true,
        });
        expect(second.exitCode).to.equal(1);
        expect(second.stderr).to.match(
          new RegExp(
            `^error: another process runs this oracle with the state directory \\S+ \\(pid ${process.pid} on `,
          ),
        );
      } finally {
        await stop();
        process.exitCode = undefined;
      }

      // The next epoch through the loopback endpoint only: B serves its signature, A collects it from --peers.
      const next = epoch + 1n;
      await env.networkHelpers.time.increase(await payments.epochLength());
      const peer = await runConcurrently(
        [
          [
            ["oracle", "run"],
            { store, mode: "sign", interval: 0.2, state: stateB, account: ORACLE_B, metricsPort: port },
          ],
          [
            ["oracle", "run"],
            {
              store,
              mode: "sign",
              interval: 0.2,
              state: stateA,
              account: ORACLE_A,
              transmit: true,
              peers: `http://127.0.0.1:${port}`,
            },
          ],
        ],
        new RegExp(`epoch ${next}: submitted 0x[0-9a-f]{64} with 2 signature\\(s\\)`),
      );
      try {
        expect(peer.errors, peer.lines.join("\n")).to.deep.equal([]);
        expect((await oracle.epochStatus(next)).status).to.equal(1n);
      } finally {
        await peer.stop();
        process.exitCode = undefined;
      }

      // Sign mode never signs a second, different report for an epoch: `oracle epoch` says so in one line.
      const third = next + 1n;
      await env.networkHelpers.time.increase(await payments.epochLength());
      const other = {
        epoch: third,
        cumulativeRewardsRoot: `0x${"12".repeat(32)}`,
        cumulativeTotal: 1n,
        attributionRoot: `0x${"34".repeat(32)}`,
        dataURI: "local://0x" + "56".repeat(32),
      };
      await new OracleState(stateA, 31337n, signers[ORACLE_A].address).writeSignature({
        epoch: third,
        reportHash: reportHash(other),
        report: other,
        signature: `0x${"78".repeat(65)}`,
      });
      try {
        const refused = await runFailing(["oracle", "epoch"], {
          epoch: third.toString(),
          store,
          state: stateA,
          mode: "sign",
          account: ORACLE_A,
        });
        expect(refused).to.match(
          new RegExp(
            `^epoch ${third}: this oracle already signed another report for the epoch \\(\\S+/signatures/${third}\\.json\\); ` +
              "not signing 0x[0-9a-f]{64} too \\(two signatures for one epoch are slashable\\): leave the epoch to the " +
              "other oracles, or to governance \\(`skipEpoch`/`forceReport`\\)$",
          ),
        );
      } finally {
        for (const dir of [signatures, stateA, stateB]) rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
