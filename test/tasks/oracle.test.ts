/**
 * The `oracle` and `dev` tasks, in-process against a protocol deployed by `protocol deploy`: the walkthrough's data
 * (examples/walkthrough) contributed, reviewed and published with the datanet tasks, a model registered on it, paid
 * inferences, then `oracle commit-log`, `oracle epoch` for two oracles, `oracle status`, `oracle dispute` (rejected by
 * the resolver, so the epoch finalizes at once), a contributor's claim with the proofs file, and `oracle run` stopped
 * by SIGINT and SIGTERM.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";
import { keccak256, parseUnits, toUtf8Bytes } from "ethers";
import hre from "hardhat";

import { logRoot, parseInferenceLog } from "../../src/oracle/index.js";
import { type AttributionReport, attributionOracleDomain, signReport } from "../../src/protocol/index.js";
import { LocalContentStore } from "../../src/storage/index.js";
import { localConnection } from "../../tasks/dev/common.js";
import { readLogInput } from "../../tasks/oracle/commit-log.js";
import type {
  AttributionDisputes,
  AttributionOracle,
  InferenceLogs,
  InferencePayments,
  RewardDistributor,
  WOPEN,
} from "../../typechain-types/index.js";
import { taskArgs } from "../helpers/run-task.js";
import { deployWithTask, runFailing, runJson, runTask, temporaryDirectory } from "./task-harness.js";

const OPEN = (amount: string) => parseUnits(amount);
const EXAMPLES = path.join("examples", "walkthrough");
const LOG_FILE = path.join(EXAMPLES, "inference-log.jsonl");
const HOUR = 3_600n;
const DAY = 24n * HOUR;

interface EpochOutput {
  action: string;
  status: string;
  reportHash: string;
  acceptedReportHash: string | null;
  matchesChain: boolean | null;
  cumulativeTotal: string;
  accounts: number;
  dataURI: string;
  proofsFile: string;
  quorum: { weight: string; totalStake: string; reached: boolean } | null;
  challengeWindowEndsAt: string | null;
}

interface StatusOutput {
  currentEpoch: string;
  nextEpochToFinalize: string;
  epochs: {
    epoch: string;
    status: string;
    phase?: string;
    reportHash?: string;
    quorum?: { weight: string; totalStake: string; reached: boolean; oracles: string[] };
    challengeWindowEndsAt?: string;
    dispute?: { disputer: string; bond: string };
  }[];
}

/** Runs `oracle run` until `until` matches a printed line, then sends `signal`; returns the lines and exit code. */
async function runUntil(args: Record<string, unknown>, until: RegExp, signal: NodeJS.Signals) {
  const lines: string[] = [];
  const errors: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...parts: unknown[]) => lines.push(parts.map(String).join(" "));
  console.error = (...parts: unknown[]) => errors.push(parts.map(String).join(" "));
  try {
    const running = hre.tasks.getTask(["oracle", "run"]).run(taskArgs(["oracle", "run"], args));
    // The node prints as it works; give up (and fail) if the expected line never comes.
    for (let k = 0; k < 600 && !lines.some((line) => until.test(line)); k++) {
      if (errors.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    process.emit(signal, signal);
    await running;
  } finally {
    console.log = log;
    console.error = error;
  }
  const exitCode = process.exitCode === undefined ? undefined : Number(process.exitCode);
  process.exitCode = undefined;
  return { lines, errors, exitCode };
}

describe("oracle tasks", function () {
  this.timeout(60_000);
  let env: Awaited<ReturnType<typeof deployWithTask>>;
  let oracle: AttributionOracle;
  let court: AttributionDisputes;
  let logs: InferenceLogs;
  let payments: InferencePayments;
  let distributor: RewardDistributor;
  let wopen: WOPEN;
  let accounts: string[];
  let store: string;
  let state: string;
  let genesis: bigint;
  let epochLength: bigint;
  const ORACLE_A = 1;
  const ORACLE_B = 2;
  const OPERATOR = 3;
  const OWNER = 4;
  const ALICE = 5;
  const BOB = 6;
  const CAROL = 7;
  const TRAINER = 8;
  const PAYER = 9;
  const STRANGER = 12;
  const PRICE = OPEN("1");
  const node = (account: number) => ({ store, state, account });
  const end = (epoch: bigint) => genesis + (epoch + 1n) * epochLength;

  /** The payer pays one unit for each input (request hash = keccak256 of the input, as `infer pay --request`). */
  async function pay(inputs: string[]) {
    const payer = (await env.ethers.getSigners())[PAYER];
    for (const input of inputs) {
      await payments.connect(payer).pay(1n, 1n, PRICE, keccak256(toUtf8Bytes(input)));
    }
  }

  before(async function () {
    env = await deployWithTask();
    oracle = await env.ethers.getContractAt("AttributionOracle", env.contracts.AttributionOracle);
    court = await env.ethers.getContractAt("AttributionDisputes", env.contracts.AttributionDisputes);
    logs = await env.ethers.getContractAt("InferenceLogs", env.contracts.InferenceLogs);
    payments = await env.ethers.getContractAt("InferencePayments", env.contracts.InferencePayments);
    distributor = await env.ethers.getContractAt("RewardDistributor", env.contracts.RewardDistributor);
    wopen = await env.ethers.getContractAt("WOPEN", env.contracts.WOPEN);
    const signers = await env.ethers.getSigners();
    accounts = signers.map((signer) => signer.address);
    store = temporaryDirectory("ol-store-");
    state = temporaryDirectory("ol-oracle-");
    genesis = await payments.epochGenesis();
    epochLength = await payments.epochLength();

    // Two oracles with 10,000 OPEN each (the minimum; more than a default account holds, hence dev set-balance) and
    // the model's compute provider.
    const staking = await env.ethers.getContractAt("OpenStaking", env.contracts.OpenStaking);
    for (const [account, amount, role] of [
      [ORACLE_A, "10000", 1],
      [ORACLE_B, "10000", 1],
      [OPERATOR, "1000", 2],
    ] as const) {
      await runJson(["dev", "set-balance"], { balance: "20000", account });
      await wopen.connect(signers[account]).deposit({ value: OPEN(amount) });
      await wopen.connect(signers[account]).approve(env.contracts.OpenStaking, OPEN(amount));
      await staking.connect(signers[account]).stake(OPEN(amount));
      await staking.connect(signers[account]).registerOperator(role);
    }

    // The walkthrough's Datanet, contributions, version and model, through the tasks.
    await runJson(["datanet", "create"], { metadata: "ipfs://walkthrough-emails", account: OWNER });
    for (const [who, account] of [
      ["alice", ALICE],
      ["bob", BOB],
      ["carol", CAROL],
    ] as const) {
      const out = await runJson<{ contributed: number; files: unknown[] }>(["datanet", "contribute"], {
        path: path.join(EXAMPLES, "contributions", who),
        datanet: "1",
        store,
        account,
      });
      expect(out.contributed).to.equal(out.files.length);
    }
    await runJson(["datanet", "review"], { datanet: "1", ids: "pending", account: OWNER });
    await runJson(["datanet", "publish"], { datanet: "1", store, account: OWNER });
    await runJson(["model", "register"], {
      card: path.join(EXAMPLES, "model-card.json"),
      weightsHash: keccak256(toUtf8Bytes("weights")),
      datanetVersions: "1:1",
      operator: accounts[OPERATOR],
      price: "1",
      contributorShare: "30%",
      store,
      account: TRAINER,
    });

    const payer = signers[PAYER];
    await wopen.connect(payer).deposit({ value: OPEN("100") });
    await wopen.connect(payer).approve(env.contracts.InferencePayments, OPEN("100"));
    const records = await readLogInput(LOG_FILE);
    await pay(records.map((r) => r.input));
  });

  after(function () {
    env.cleanup();
    rmSync(store, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
  });

  describe("commit-log", function () {
    const args = () => ({ file: LOG_FILE, model: "1", epoch: "0", store, account: OPERATOR });

    it("refuses an epoch that is not over", async function () {
      expect(await runFailing(["oracle", "commit-log"], args())).to.match(
        /^epoch 0 is not over: its logs can be committed from \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in /,
      );
    });

    it("refuses a caller that is not the model's operator, an unknown model and a malformed file", async function () {
      await env.networkHelpers.time.increaseTo(end(0n));
      expect(await runFailing(["oracle", "commit-log"], { ...args(), account: TRAINER })).to.equal(
        `${accounts[TRAINER]} is not the operator of model 1 (its operator is ${accounts[OPERATOR]})`,
      );
      expect(await runFailing(["oracle", "commit-log"], { ...args(), model: "9" })).to.equal("model 9 does not exist");
      const bad = path.join(store, "bad.jsonl");
      writeFileSync(bad, '{"input": "hello"}\n');
      expect(await runFailing(["oracle", "commit-log"], { ...args(), file: bad })).to.contain(
        "output must be a string (or the label 0 or 1)",
      );
      writeFileSync(bad, "not json\n");
      expect(await runFailing(["oracle", "commit-log"], { ...args(), file: bad })).to.equal(
        `${bad} line 1 is not valid JSON`,
      );
      expect(await runFailing(["oracle", "commit-log"], { ...args(), epoch: "x" })).to.contain("--epoch:");
      expect(await logs.inferenceLog(1n, 0n)).to.equal(`0x${"0".repeat(64)}`);
    });

    it("stores the canonical log and commits its root; request hashes default to keccak256 of the input", async function () {
      const out = await runJson<{ records: number; root: string; uri: string }>(["oracle", "commit-log"], args());
      const records = await readLogInput(LOG_FILE);
      expect(records[0].requestHash).to.equal(keccak256(toUtf8Bytes(records[0].input)));
      expect(records[0].paymentRef).to.equal("direct");
      expect(out.records).to.equal(4);
      expect(out.root).to.equal(logRoot(records));
      expect(await logs.inferenceLog(1n, 0n)).to.equal(out.root);
      const [, hash] = /^local:\/\/(0x[0-9a-f]{64})$/.exec(out.uri)!;
      const bytes = await new LocalContentStore(store).get(out.uri, hash);
      expect(logRoot(parseInferenceLog(bytes))).to.equal(out.root);
    });

    it("refuses a second log for the same model and epoch", async function () {
      expect(await runFailing(["oracle", "commit-log"], args())).to.match(
        /^model 1 already has a log for epoch 0: root 0x[0-9a-f]{64} at local:\/\/0x/,
      );
    });
  });

  describe("epoch", function () {
    let reportA: EpochOutput;

    it("refuses an epoch whose reports are not open yet, and says when they open", async function () {
      expect(await runFailing(["oracle", "epoch"], { ...node(ORACLE_A), epoch: "0" })).to.match(
        /^reports for epoch 0 open \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in (5h|6h)/,
      );
    });

    it("refuses an account without oracle stake, an unknown mode and a bad epoch", async function () {
      await env.networkHelpers.time.increaseTo(end(0n) + 6n * HOUR);
      expect(await runFailing(["oracle", "epoch"], { ...node(STRANGER), epoch: "0" })).to.contain(
        `${accounts[STRANGER]} had no oracle stake at epoch 0's snapshot`,
      );
      expect(await runFailing(["oracle", "epoch"], { ...node(ORACLE_A), epoch: "0", mode: "vote" })).to.equal(
        '--mode: "vote" is not one of attest, sign',
      );
      expect(await runFailing(["oracle", "epoch"], { ...node(ORACLE_A), epoch: "" })).to.equal("--epoch is required");
      expect(await runFailing(["oracle", "epoch"], { ...node(ORACLE_A), epoch: "99" })).to.contain(
        "reports for epoch 99 open",
      );
      expect((await oracle.epochStatus(0n)).status).to.equal(0n);
    });

    it("refuses a state directory written for another deployment of the chain (a restarted local node)", async function () {
      const other = temporaryDirectory("ol-oracle-old-");
      mkdirSync(path.join(other, "31337"));
      const marker = path.join(other, "31337", "deployment.json");
      writeFileSync(
        marker,
        JSON.stringify({ AttributionOracle: oracle.target, deployedAt: "2000-01-01T00:00:00.000Z" }),
      );
      expect(await runFailing(["oracle", "epoch"], { ...node(ORACLE_A), state: other, epoch: "0" })).to.equal(
        `the state directory ${path.join(other, "31337")} belongs to another deployment on chain 31337 (deployed ` +
          "2000-01-01T00:00:00.000Z, this one " +
          `${JSON.parse(readFileSync(path.join(env.directory, "31337.json"), "utf8")).deployedAt}; a restarted ` +
          "local node?): remove it or pass another --state",
      );
      rmSync(other, { recursive: true, force: true });
    });

    it("the first oracle attests: half the oracle stake, below the quorum", async function () {
      reportA = await runJson<EpochOutput>(["oracle", "epoch"], { ...node(ORACLE_A), epoch: "0" });
      expect(reportA.action).to.equal("attested");
      expect(reportA.status).to.equal("open");
      expect(reportA.quorum).to.deep.include({
        weight: OPEN("10000").toString(),
        totalStake: OPEN("20000").toString(),
      });
      expect(reportA.quorum!.reached).to.equal(false);
      // The pools: 4 payments of 1 OPEN, 90% after the protocol and staker fees, 30% of that to contributors.
      expect(BigInt(reportA.cumulativeTotal)).to.equal(await payments.attributionPool(1n, 0n));
      expect(BigInt(reportA.cumulativeTotal)).to.be.greaterThan(0n);
      expect(reportA.proofsFile).to.equal(
        path.join(state, "31337", accounts[ORACLE_A].toLowerCase(), "proofs", "0.json"),
      );
      // Alice's and Bob's e-mails explain the served predictions; Carol's off-topic ones do not (negative influence
      // earns nothing). The whole pool is split between the first two.
      const proofs = JSON.parse(readFileSync(reportA.proofsFile, "utf8")) as Record<string, { amount: string }>;
      expect(Object.keys(proofs).sort()).to.deep.equal([accounts[ALICE], accounts[BOB]].sort());
      expect(BigInt(proofs[accounts[ALICE]].amount) + BigInt(proofs[accounts[BOB]].amount)).to.equal(
        BigInt(reportA.cumulativeTotal),
      );
      expect(reportA.accounts).to.equal(2);
    });

    it("the second oracle attests the same report: accepted, challenge window running", async function () {
      const out = await runTask(["oracle", "epoch"], { ...node(ORACLE_B), epoch: "0" });
      expect(out.exitCode).to.equal(undefined);
      expect(out.stderr).to.equal("");
      const lines = out.stdout.split("\n");
      expect(lines[0]).to.equal(
        `epoch 0 (oracle ${accounts[ORACLE_B]}, attest mode): attested - attested the report on chain`,
      );
      expect(lines[1]).to.equal(`  report ${reportA.reportHash}`);
      expect(out.stdout).to.contain("  status accepted");
      expect(out.stdout).to.match(/ {2}challenge window ends .* \(in 1d\): run this task again then to finalize/);
      expect((await oracle.epochStatus(0n)).status).to.equal(1n);
    });

    it("running again sends nothing: the accepted report is this oracle's", async function () {
      const block = await env.ethers.provider.getBlockNumber();
      const out = await runJson<EpochOutput>(["oracle", "epoch"], { ...node(ORACLE_A), epoch: "0" });
      expect(out.action).to.equal("agrees");
      expect(out.matchesChain).to.equal(true);
      expect(await env.ethers.provider.getBlockNumber()).to.equal(block);
    });
  });

  describe("status", function () {
    it("shows an accepted epoch: report hash, quorum reached, challenge window end", async function () {
      const out = await runJson<StatusOutput>(["oracle", "status"], { epoch: "0" });
      expect(out.currentEpoch).to.equal("1");
      expect(out.nextEpochToFinalize).to.equal("0");
      const [epoch] = out.epochs;
      const chain = await oracle.epochStatus(0n);
      expect(epoch).to.deep.include({ epoch: "0", status: "accepted" });
      expect(epoch.quorum).to.deep.include({ weight: OPEN("20000").toString(), reached: true });
      expect(epoch.quorum!.oracles).to.deep.equal([accounts[ORACLE_A], accounts[ORACLE_B]]);
      expect(epoch.challengeWindowEndsAt).to.equal((chain.since + DAY).toString());
    });

    it("lists the last epochs in words by default", async function () {
      const out = await runTask(["oracle", "status"], { epoch: "", count: 5 });
      expect(out.exitCode).to.equal(undefined);
      expect(out.stdout).to.match(/^current epoch 1 \(ends .*\); next epoch to finalize: 0\n/);
      expect(out.stdout).to.contain("epoch 0: accepted\n  report 0x");
      expect(out.stdout).to.contain(
        "  quorum 20000.0 OPEN of 20000.0 OPEN oracle stake (100%; needs 66.67%), reached; attested by",
      );
      expect(out.stdout).to.contain("epoch 1: open (epoch running)");
    });

    it("refuses a count out of range", async function () {
      expect(await runFailing(["oracle", "status"], { epoch: "", count: 0 })).to.equal(
        "--count: 0 is not a number of epochs between 1 and 64",
      );
    });
  });

  describe("dispute", function () {
    it("refuses an epoch without an accepted report", async function () {
      expect(await runFailing(["oracle", "dispute"], { epoch: "1", account: STRANGER })).to.equal(
        "epoch 1 cannot be disputed: no report has been accepted yet (status open)",
      );
    });

    it("refuses without the bond in WOPEN, and says --wrap would wrap it", async function () {
      expect(await runFailing(["oracle", "dispute"], { epoch: "0", account: STRANGER })).to.match(
        /^disputing epoch 0 \(bond 1000\.0 OPEN\) needs 1000\.0 WOPEN and 0x[0-9a-fA-F]{40} holds 0\.0; you hold .* native OPEN: add --wrap/,
      );
      expect((await oracle.epochStatus(0n)).status).to.equal(1n);
    });

    it("with --wrap, wraps and approves the bond and disputes the accepted report", async function () {
      const held = await wopen.balanceOf(env.contracts.AttributionDisputes);
      const out = await runJson<{ bond: string; reportHash: string; preparationTransactions: string[] }>(
        ["oracle", "dispute"],
        { epoch: "0", wrap: true, account: STRANGER },
      );
      expect(out.bond).to.equal(OPEN("1000").toString());
      expect(out.preparationTransactions).to.have.length(2);
      expect(await wopen.balanceOf(env.contracts.AttributionDisputes)).to.equal(held + OPEN("1000"));
      expect((await oracle.epochStatus(0n)).status).to.equal(2n);
      const status = await runJson<StatusOutput>(["oracle", "status"], { epoch: "0" });
      expect(status.epochs[0].status).to.equal("disputed");
      expect(status.epochs[0].dispute).to.deep.include({ disputer: accounts[STRANGER], bond: out.bond });
      expect(await runFailing(["oracle", "dispute"], { epoch: "0", account: STRANGER })).to.contain(
        "it is disputed already",
      );
    });

    it("after the resolver rejects the dispute, `oracle epoch` finalizes at once and a contributor claims", async function () {
      const timelock = env.contracts.TimelockController;
      await env.networkHelpers.impersonateAccount(timelock);
      await env.networkHelpers.setBalance(timelock, OPEN("1"));
      await court.connect(await env.ethers.getSigner(timelock)).rule(0n, false, []);
      await env.networkHelpers.stopImpersonatingAccount(timelock);
      expect((await oracle.epochStatus(0n)).status).to.equal(3n);

      const out = await runJson<EpochOutput>(["oracle", "epoch"], { ...node(ORACLE_A), epoch: "0" });
      expect(out.action).to.equal("finalized-now");
      expect(out.status).to.equal("finalized");
      expect(await oracle.nextEpoch()).to.equal(1n);
      expect(await distributor.cumulativeTotal()).to.equal(BigInt(out.cumulativeTotal));

      const proofs = JSON.parse(readFileSync(out.proofsFile, "utf8")) as Record<
        string,
        { amount: string; proof: string[] }
      >;
      const alice = proofs[accounts[ALICE]];
      const before = await wopen.balanceOf(accounts[ALICE]);
      const signer = (await env.ethers.getSigners())[ALICE];
      await distributor.connect(signer).claim(accounts[ALICE], alice.amount, alice.proof);
      expect(await wopen.balanceOf(accounts[ALICE])).to.equal(before + BigInt(alice.amount));

      // A finalized epoch: the report and proofs are recomputed from the chain and the store, nothing is sent.
      rmSync(path.join(state, "31337", accounts[ORACLE_B].toLowerCase()), { recursive: true, force: true });
      const again = await runJson<EpochOutput>(["oracle", "epoch"], { ...node(ORACLE_B), epoch: "0" });
      expect(again.action).to.equal("finalized");
      expect(again.reportHash).to.equal(out.reportHash);
      expect(again.matchesChain).to.equal(true);
      expect(readFileSync(again.proofsFile, "utf8")).to.equal(readFileSync(out.proofsFile, "utf8"));
    });
  });

  describe("run", function () {
    before(async function () {
      // Epoch 1: two more payments, the operator's log, then the reports open.
      await pay(["one more free prize, click now", "see you at the planning meeting"]);
      await env.networkHelpers.time.increaseTo(end(1n));
      await runJson(["oracle", "commit-log"], { file: LOG_FILE, model: "1", epoch: "1", store, account: OPERATOR });
      await env.networkHelpers.time.increaseTo(end(1n) + 6n * HOUR);
    });

    it("refuses an interval out of range", async function () {
      expect(await runFailing(["oracle", "run"], { ...node(ORACLE_A), interval: 0 })).to.equal(
        "--interval: 0 is not a number of seconds in [0.1, 86400]",
      );
    });

    it("refuses a negative number of confirmations", async function () {
      expect(await runFailing(["oracle", "run"], { ...node(ORACLE_A), confirmations: -1 })).to.equal(
        "--confirmations -1: not a number of blocks; give 0 (read the head) or more (stay that many blocks behind it, " +
          "safe from reorganizations that short)",
      );
    });

    it("reports the open epoch, prints one line per action, and stops on SIGINT", async function () {
      const { lines, errors, exitCode } = await runUntil(
        { ...node(ORACLE_A), interval: 0.2 },
        /epoch 1: attested/,
        "SIGINT",
      );
      expect(errors).to.deep.equal([]);
      expect(exitCode).to.equal(undefined);
      expect(lines[0]).to.match(new RegExp(`^\\S+ oracle ${accounts[ORACLE_A]} running in attest mode`));
      expect(lines.some((line) => / epoch 1: 1 model\(s\) with a pool, total \d+, report 0x/.test(line))).to.equal(
        true,
      );
      expect(lines.some((line) => / epoch 1: attested 0x[0-9a-f]{64} in round 0$/.test(line))).to.equal(true);
      expect(lines.at(-2)).to.match(/ SIGINT: stopping after the current step$/);
      expect(lines.at(-1)).to.match(/ stopped$/);
      expect(process.listenerCount("SIGINT")).to.equal(0);
      expect((await oracle.epochStatus(1n)).status).to.equal(0n);
    });

    it("in sign mode signs the report for a transmitter and sends nothing", async function () {
      const block = await env.ethers.provider.getBlockNumber();
      const out = await runJson<EpochOutput & { signature: string }>(["oracle", "epoch"], {
        ...node(ORACLE_B),
        epoch: "1",
        mode: "sign",
      });
      expect(out.action).to.equal("signed");
      expect(out.signature).to.match(/^0x[0-9a-f]{130}$/);
      expect(await env.ethers.provider.getBlockNumber()).to.equal(block);
    });

    it("with --json prints JSON lines, and stops on SIGTERM; the second oracle gets epoch 1 accepted", async function () {
      const { lines, exitCode } = await runUntil(
        { ...node(ORACLE_B), interval: 0.2, json: true },
        /epoch 1: attested/,
        "SIGTERM",
      );
      expect(exitCode).to.equal(undefined);
      const events = lines.map((line) => JSON.parse(line) as { event: string; message: string });
      expect(events[0].event).to.equal("started");
      expect(events.some((e) => e.event === "action" && /^epoch 1: attested/.test(e.message))).to.equal(true);
      expect(events.at(-1)!.event).to.equal("stopped");
      expect(process.listenerCount("SIGTERM")).to.equal(0);
      expect((await oracle.epochStatus(1n)).status).to.equal(1n);
    });
  });

  describe("equivocation and withdraw", function () {
    const sigFile = () => path.join(state, "31337", accounts[ORACLE_B].toLowerCase(), "signatures", "1.json");
    let other: string;

    before(async function () {
      // Oracle B signed epoch 1 in sign mode (its state holds the signed report); here it also signs another one.
      const signed = JSON.parse(readFileSync(sigFile(), "utf8")) as { report: AttributionReport };
      const report = { ...signed.report, cumulativeTotal: BigInt(signed.report.cumulativeTotal) + 1n };
      const domain = attributionOracleDomain(31337n, env.contracts.AttributionOracle);
      const signature = await signReport((await env.ethers.getSigners())[ORACLE_B], domain, report);
      other = path.join(store, "other-report.json");
      writeFileSync(
        other,
        JSON.stringify({ report: { ...report, cumulativeTotal: report.cumulativeTotal.toString() }, signature }),
      );
    });

    it("refuses files that are not one key's two reports of one epoch, before sending anything", async function () {
      const block = await env.ethers.provider.getBlockNumber();
      const write = (name: string, doc: unknown) => {
        const file = path.join(store, name);
        writeFileSync(file, JSON.stringify(doc));
        return file;
      };
      const mine = JSON.parse(readFileSync(sigFile(), "utf8")) as { report: Record<string, string>; signature: string };
      expect(await runFailing(["oracle", "equivocation"], { second: other })).to.equal(
        "--first is required: a signed report file (JSON with report and signature)",
      );
      expect(await runFailing(["oracle", "equivocation"], { first: sigFile(), second: sigFile() })).to.equal(
        "the two files hold the same report: an equivocation is two different reports",
      );
      const otherEpoch = write("epoch-2.json", { ...mine, report: { ...mine.report, epoch: "2" } });
      expect(await runFailing(["oracle", "equivocation"], { first: sigFile(), second: otherEpoch })).to.equal(
        "the reports are for epochs 1 and 2: an equivocation is two reports of one epoch",
      );
      // Oracle A's signature over B's second report: two different keys.
      const byA = await signReport(
        (await env.ethers.getSigners())[ORACLE_A],
        attributionOracleDomain(31337n, env.contracts.AttributionOracle),
        { ...mine.report, epoch: 1n, cumulativeTotal: BigInt(mine.report.cumulativeTotal) + 1n } as AttributionReport,
      );
      const fromA = write("from-a.json", { ...JSON.parse(readFileSync(other, "utf8")), signature: byA });
      expect(await runFailing(["oracle", "equivocation"], { first: sigFile(), second: fromA })).to.equal(
        `the reports were signed by ${accounts[ORACLE_B]} and ${accounts[ORACLE_A]} for this AttributionOracle ` +
          "(chain 31337): an equivocation is one key signing both",
      );
      const broken = write("broken.json", { report: mine.report, signature: "0x1234" });
      expect(await runFailing(["oracle", "equivocation"], { first: broken, second: other })).to.equal(
        `--first ${broken}: signature must be 65 bytes of 0x hex`,
      );
      expect(
        await runFailing(["oracle", "equivocation"], { first: path.join(store, "missing.json"), second: other }),
      ).to.equal(`--first: cannot read ${path.join(store, "missing.json")}`);
      expect(await env.ethers.provider.getBlockNumber()).to.equal(block);
    });

    it("slashes the oracle that signed both, credits the reporter, and refuses the same offence twice", async function () {
      const staking = await env.ethers.getContractAt("OpenStaking", env.contracts.OpenStaking);
      const params = await court.parameters();
      const stake = await staking.slashableStake(accounts[ORACLE_B]);
      const slashed = (stake * params.equivocationSlashBps) / 10_000n;
      const reward = (slashed * params.reporterRewardBps) / 10_000n;
      expect(reward).to.be.greaterThan(0n);
      const out = await runJson<{ oracle: string; epoch: string; slashed: string; reward: string }>(
        ["oracle", "equivocation"],
        { first: sigFile(), second: other, account: STRANGER },
      );
      expect(out).to.deep.include({
        oracle: accounts[ORACLE_B],
        epoch: "1",
        slashed: slashed.toString(),
        reward: reward.toString(),
      });
      expect(await staking.slashableStake(accounts[ORACLE_B])).to.equal(stake - slashed);
      expect(await court.withdrawable(accounts[STRANGER])).to.equal(reward);
      expect(await runFailing(["oracle", "equivocation"], { first: other, second: sigFile() })).to.equal(
        `${accounts[ORACLE_B]} was already punished for an equivocation in epoch 1`,
      );
    });

    it("withdraw pays what AttributionDisputes credited, once", async function () {
      const credited = await court.withdrawable(accounts[STRANGER]);
      const before = await wopen.balanceOf(accounts[STRANGER]);
      const out = await runJson<{ account: string; amount: string }>(["oracle", "withdraw"], { account: STRANGER });
      expect(out).to.deep.include({ account: accounts[STRANGER], amount: credited.toString() });
      expect(await wopen.balanceOf(accounts[STRANGER])).to.equal(before + credited);
      expect(await runFailing(["oracle", "withdraw"], { account: STRANGER })).to.equal(
        `${accounts[STRANGER]} has nothing to withdraw from AttributionDisputes (it credits disputes upheld or not ` +
          "ruled in time, and equivocation reports)",
      );
    });
  });

  describe("dev", function () {
    it("advance-time moves the clock by --seconds or to --to, and checks its options", async function () {
      const before = BigInt((await env.ethers.provider.getBlock("latest"))!.timestamp);
      const out = await runJson<{ advanced: string; after: string }>(["dev", "advance-time"], {
        seconds: "3600",
        to: "",
      });
      expect(out.advanced).to.equal("3600");
      expect(out.after).to.equal((before + 3600n).toString());
      const to = await runJson<{ after: string }>(["dev", "advance-time"], { seconds: "", to: `${before + 7200n}` });
      expect(to.after).to.equal((before + 7200n).toString());
      expect(await runFailing(["dev", "advance-time"], { seconds: "", to: "" })).to.equal(
        "give either --seconds or --to",
      );
      expect(await runFailing(["dev", "advance-time"], { seconds: "1.5", to: "" })).to.equal(
        '--seconds: "1.5" is not a whole number',
      );
      expect(await runFailing(["dev", "advance-time"], { seconds: "", to: `${before}` })).to.contain(
        `is not after the chain's time ${before + 7200n}`,
      );
    });

    it("set-balance sets an account's native balance", async function () {
      const out = await runJson<{ address: string; balance: string }>(["dev", "set-balance"], {
        balance: "12.5",
        address: accounts[STRANGER],
      });
      expect(out.address).to.equal(accounts[STRANGER]);
      expect(await env.ethers.provider.getBalance(accounts[STRANGER])).to.equal(OPEN("12.5"));
      expect(await runFailing(["dev", "set-balance"], { balance: "1", address: "0x1234" })).to.equal(
        '--address: "0x1234" is not an address',
      );
    });

    it("the dev tasks refuse a chain whose id is not 31337", async function () {
      const remote = {
        network: { getOrCreate: async () => ({ ethers: { provider: { getNetwork: async () => ({ chainId: 1n }) } } }) },
      } as unknown as typeof hre;
      let message = "";
      await localConnection(remote, "dev advance-time").catch((e: Error) => (message = e.message));
      expect(message).to.equal(
        "dev advance-time is for local development nodes only (chain id 31337); this chain's id is 1",
      );
    });
  });
});
