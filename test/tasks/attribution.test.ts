/**
 * `attribution verify` and `rewards explain`, in-process against a protocol deployed by `protocol deploy`, with the
 * walkthrough's data (examples/walkthrough) published through the datanet tasks and a spam classifier registered on
 * it. Epoch 0 is reported by two honest oracles (`oracle epoch`), accepted, then finalized: verify says it matches
 * (from the chain and the content store alone: a fresh store directory copy, no oracle state), and explain's amounts
 * sum to what each contributor can claim. Epoch 1 is reported by two oracle nodes whose inputs were altered (alice's
 * contributions credited to carol): the chain accepts it, and verify names the first difference and exits 1.
 */
import { cpSync, rmSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";
import { keccak256, parseUnits, toUtf8Bytes } from "ethers";

import { ChainFollower, OracleNode, type EpochInput } from "../../src/oracle/index.js";
import { chainReport, recomputeEpoch, verifiedDocument } from "../../src/oracle/verify.js";
import { LocalContentStore } from "../../src/storage/index.js";
import { readLogInput } from "../../tasks/oracle/commit-log.js";
import type { AttributionOracle, InferencePayments, RewardDistributor, WOPEN } from "../../typechain-types/index.js";
import { deployWithTask, runFailing, runJson, runTask, temporaryDirectory } from "./task-harness.js";
import { acceptedReport } from "../helpers/attribution.js";

const OPEN = (amount: string) => parseUnits(amount);
const EXAMPLES = path.join("examples", "walkthrough");
const LOG_FILE = path.join(EXAMPLES, "inference-log.jsonl");
const HOUR = 3_600n;
const DAY = 24n * HOUR;

interface VerifyOutput {
  epoch: string;
  status: string;
  matches: boolean;
  report: { cumulativeRewardsRoot: string; cumulativeTotal: string; attributionRoot: string };
  recomputed: { cumulativeRewardsRoot: string; cumulativeTotal: string; attributionRoot: string };
  firstDifference: { modelId: string | null; account: string | null; field: string; expected: string; found: string };
}

interface ExplainOutput {
  epoch: string;
  status: string;
  account: string;
  earned: string;
  cumulative: string;
  models: {
    modelId: string;
    method: string;
    outcome: string;
    amount: string;
    contributions: {
      contributionId: string;
      score: number;
      share: number;
      amount: string;
      records: { record: number; value: number; requestHash?: string; output?: string }[];
    }[];
  }[];
}

describe("attribution verify and rewards explain", function () {
  this.timeout(120_000);
  let env: Awaited<ReturnType<typeof deployWithTask>>;
  let oracle: AttributionOracle;
  let payments: InferencePayments;
  let distributor: RewardDistributor;
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
  const end = (epoch: bigint) => genesis + (epoch + 1n) * epochLength;
  const node = (account: number) => ({ store, state, account });

  async function pay(inputs: string[]) {
    const payer = (await env.ethers.getSigners())[PAYER];
    for (const input of inputs) await payments.connect(payer).pay(1n, 1n, OPEN("1"), keccak256(toUtf8Bytes(input)));
  }

  before(async function () {
    env = await deployWithTask();
    oracle = await env.ethers.getContractAt("AttributionOracle", env.contracts.AttributionOracle);
    payments = await env.ethers.getContractAt("InferencePayments", env.contracts.InferencePayments);
    distributor = await env.ethers.getContractAt("RewardDistributor", env.contracts.RewardDistributor);
    const wopen: WOPEN = await env.ethers.getContractAt("WOPEN", env.contracts.WOPEN);
    const signers = await env.ethers.getSigners();
    accounts = signers.map((signer) => signer.address);
    store = temporaryDirectory("ol-verify-store-");
    state = temporaryDirectory("ol-verify-oracle-");
    genesis = await payments.epochGenesis();
    epochLength = await payments.epochLength();

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
    await runJson(["datanet", "create"], { metadata: "ipfs://walkthrough-emails", account: OWNER });
    for (const [who, account] of [
      ["alice", ALICE],
      ["bob", BOB],
      ["carol", CAROL],
    ] as const) {
      await runJson(["datanet", "contribute"], {
        path: path.join(EXAMPLES, "contributions", who),
        datanet: "1",
        store,
        account,
      });
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
    await wopen.connect(signers[PAYER]).deposit({ value: OPEN("100") });
    await wopen.connect(signers[PAYER]).approve(env.contracts.InferencePayments, OPEN("100"));
    await pay((await readLogInput(LOG_FILE)).map((r) => r.input));

    // Epoch 0: the operator's log, two honest oracles: accepted.
    await env.networkHelpers.time.increaseTo(end(0n));
    await runJson(["oracle", "commit-log"], { file: LOG_FILE, model: "1", epoch: "0", store, account: OPERATOR });
    await env.networkHelpers.time.increaseTo(end(0n) + 6n * HOUR);
    for (const account of [ORACLE_A, ORACLE_B]) await runJson(["oracle", "epoch"], { ...node(account), epoch: "0" });
    expect((await oracle.epochStatus(0n)).status).to.equal(1n);
  });

  after(function () {
    env.cleanup();
    rmSync(store, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
  });

  describe("verify", function () {
    it("refuses a missing or malformed epoch and an epoch without a report", async function () {
      expect(await runFailing(["attribution", "verify"], { store })).to.equal("--epoch is required");
      expect(await runFailing(["attribution", "verify"], { epoch: "x", store })).to.equal(
        '--epoch: "x" is not a non-negative integer',
      );
      expect(await runFailing(["attribution", "verify"], { epoch: "1", store })).to.equal(
        "epoch 1 has no accepted or finalized report (status open)",
      );
    });

    it("says the accepted epoch matches, from the chain and a copy of the content store alone", async function () {
      const copy = temporaryDirectory("ol-verify-copy-");
      cpSync(store, copy, { recursive: true });
      const run = await runTask(["attribution", "verify"], { epoch: "0", store: copy });
      expect(run.stderr).to.equal("");
      expect(run.exitCode).to.equal(undefined);
      expect(run.stdout).to.match(
        /^epoch 0: matches the accepted report \(rewards root 0x[0-9a-f]{64}, total \d+, attribution root 0x[0-9a-f]{64}\)$/,
      );
      const out = await runJson<VerifyOutput>(["attribution", "verify"], { epoch: "0", store: copy });
      expect(out.matches).to.equal(true);
      expect(out.recomputed.cumulativeRewardsRoot).to.equal(out.report.cumulativeRewardsRoot);
      expect(out.recomputed.cumulativeTotal).to.equal((await payments.attributionPool(1n, 0n)).toString());
      rmSync(copy, { recursive: true, force: true });
    });

    it("cannot recompute without the content (and says so, exit 1)", async function () {
      const empty = temporaryDirectory("ol-verify-empty-");
      expect(await runFailing(["attribution", "verify"], { epoch: "0", store: empty })).to.match(
        /^cannot recompute epoch 0: /,
      );
      rmSync(empty, { recursive: true, force: true });
    });
  });

  describe("once epoch 0 is finalized", function () {
    before(async function () {
      // Epoch 1's payments and log (its log deadline comes before epoch 0's challenge window ends).
      await pay(["one more free prize, click now", "see you at the planning meeting"]);
      await env.networkHelpers.time.increaseTo(end(1n));
      await runJson(["oracle", "commit-log"], { file: LOG_FILE, model: "1", epoch: "1", store, account: OPERATOR });
      const since = (await oracle.epochStatus(0n)).since;
      await env.networkHelpers.time.increaseTo(since + DAY + 1n);
      const out = await runJson<{ action: string }>(["oracle", "epoch"], { ...node(ORACLE_A), epoch: "0" });
      expect(out.action).to.equal("finalized-now");
    });

    it("verify matches the finalized report", async function () {
      const out = await runJson<VerifyOutput>(["attribution", "verify"], { epoch: "0", store });
      expect(out).to.deep.include({ status: "finalized", matches: true });
      expect(out.report.cumulativeRewardsRoot).to.equal(await distributor.merkleRoot());
    });

    it("explain: each contributor's amounts sum to what it can claim for the epoch", async function () {
      let explained = 0n;
      for (const who of [ALICE, BOB, CAROL]) {
        const out = await runJson<ExplainOutput>(["rewards", "explain"], { account: accounts[who], store });
        expect(out).to.deep.include({ epoch: "0", status: "finalized", account: accounts[who] });
        let sum = 0n;
        for (const m of out.models) {
          sum += BigInt(m.amount);
          let parts = 0n;
          for (const c of m.contributions) parts += BigInt(c.amount);
          if (m.outcome === "attributed" && BigInt(m.amount) > 0n) expect(parts).to.equal(BigInt(m.amount));
        }
        expect(sum.toString()).to.equal(out.earned);
        // Nothing claimed yet and epoch 0 is the first: the claimable amount is the cumulative amount.
        const claimed = await distributor.claimed(accounts[who]);
        expect(claimed).to.equal(0n);
        expect(BigInt(out.cumulative) - claimed).to.equal(sum);
        explained += sum;
      }
      expect(explained).to.be.greaterThan(0n);
      expect(explained).to.equal(await distributor.cumulativeTotal());
    });

    it("explain names the top inferences of each contribution, with their request and output", async function () {
      const out = await runJson<ExplainOutput>(["rewards", "explain"], {
        account: ALICE.toString(),
        store,
        epoch: "0",
      });
      const model = out.models[0];
      expect(model).to.deep.include({ modelId: "1", method: "influence", outcome: "attributed" });
      const top = model.contributions.flatMap((c) => c.records);
      expect(top.length).to.be.greaterThan(0);
      const log = await readLogInput(LOG_FILE);
      for (const r of top) {
        expect(r.requestHash).to.equal(log[r.record].requestHash);
        expect(log[r.record].output.startsWith(r.output!)).to.equal(true);
      }
      const text = await runTask(["rewards", "explain"], { account: accounts[ALICE], store });
      expect(text.exitCode).to.equal(undefined);
      expect(text.stdout).to.match(
        new RegExp(`^epoch 0 \\(finalized\\): ${accounts[ALICE]} earned [0-9.]+ OPEN from 1 model\\(s\\)`),
      );
      expect(text.stdout).to.contain("  model 1 (influence, attributed): ");
      expect(text.stdout).to.match(/\n {6}record \d: influence -?[0-9.e-]+ "/);
    });

    it("explain refuses a bad account and an epoch without a report", async function () {
      expect(await runFailing(["rewards", "explain"], { store })).to.equal(
        "--account is required (an address, or an account index)",
      );
      expect(await runFailing(["rewards", "explain"], { account: "bob", store })).to.equal(
        '--account: "bob" is not an address or an account index',
      );
      expect(await runFailing(["rewards", "explain"], { account: accounts[ALICE], store, epoch: "5" })).to.equal(
        "epoch 5 has no accepted or finalized report",
      );
    });
  });

  describe("an epoch whose report was made from altered data", function () {
    before(async function () {
      const now = BigInt(await env.networkHelpers.time.latest());
      if (now < end(1n) + 6n * HOUR) await env.networkHelpers.time.increaseTo(end(1n) + 6n * HOUR);
      // Both oracles' view of epoch 1 credits alice's contributions to carol: the chain accepts their report.
      const alter = (input: EpochInput): EpochInput =>
        input.epoch !== 1n
          ? input
          : {
              ...input,
              models: input.models.map((m) =>
                "refused" in m.training
                  ? m
                  : {
                      ...m,
                      training: {
                        value: m.training.value.map((c) =>
                          c.contributor === accounts[ALICE] ? { ...c, contributor: accounts[CAROL] } : c,
                        ),
                      },
                    },
              ),
            };
      const signers = await env.ethers.getSigners();
      const faulty = temporaryDirectory("ol-verify-faulty-");
      for (const account of [ORACLE_A, ORACLE_B]) {
        const oracleNode = new OracleNode({
          provider: env.ethers.provider,
          signer: signers[account],
          deployment: { contracts: env.contracts },
          store: new LocalContentStore(store),
          stateDir: faulty,
          transformInput: alter,
        });
        await oracleNode.runEpoch(1n);
      }
      rmSync(faulty, { recursive: true, force: true });
      expect((await oracle.epochStatus(1n)).status).to.equal(1n);
    });

    it("verify names the first difference (model, account, expected, found) and exits 1", async function () {
      const run = await runTask(["attribution", "verify"], { epoch: "1", store });
      expect(run.exitCode).to.equal(1);
      const lines = run.stdout.split("\n");
      expect(lines[0]).to.equal("epoch 1: does not match the accepted report");
      const [, account, expected, found] =
        /^first difference: model 1, account (0x[0-9a-fA-F]{40}): expected (\d+), found (\d+)$/.exec(lines[1])!;
      // The honest amounts (recomputed here) and the accepted report's (its published data): alice earns under the
      // honest rule and nothing in the altered report; the first account in address order whose amount differs is
      // the one named.
      const chain = new ChainFollower(env.ethers.provider, { contracts: env.contracts });
      const honest = (await recomputeEpoch(chain, new LocalContentStore(store), 1n)).models[0].amounts;
      const accepted = (await verifiedDocument(new LocalContentStore(store), (await chainReport(chain, 1n))!)).models[0]
        .amounts;
      expect(honest.get(accounts[ALICE])).to.be.greaterThan(0n);
      expect(accepted.has(accounts[ALICE])).to.equal(false);
      const first = [accounts[ALICE], accounts[BOB], accounts[CAROL]]
        .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))
        .find((a) => (honest.get(a) ?? 0n) !== (accepted.get(a) ?? 0n))!;
      expect(account).to.equal(first);
      expect(expected).to.equal((honest.get(first) ?? 0n).toString());
      expect(found).to.equal((accepted.get(first) ?? 0n).toString());
      const out = await runTask(["attribution", "verify"], { epoch: "1", store, json: true });
      expect(out.exitCode).to.equal(1);
      const json = out.json<VerifyOutput>();
      expect(json.matches).to.equal(false);
      expect(json.firstDifference).to.deep.include({ modelId: "1", account, field: "amount", expected, found });
    });

    it("once epoch 1 is finalized, explain's amounts are exactly what a claim of epoch 1 pays after one of epoch 0", async function () {
      const chain = new ChainFollower(env.ethers.provider, { contracts: env.contracts });
      const local = new LocalContentStore(store);
      const proofsOf = async (epoch: bigint) => {
        const report = (await chainReport(chain, epoch))!;
        const bytes = await local.get(report.dataURI, report.dataURI.slice("local://".length));
        return JSON.parse(new TextDecoder().decode(bytes)).accounts as Record<
          string,
          { amount: string; proof: string[] }
        >;
      };
      const signers = await env.ethers.getSigners();
      const wopen: WOPEN = await env.ethers.getContractAt("WOPEN", env.contracts.WOPEN);
      // Bob claims epoch 0, then epoch 1 (the report the chain accepted) is finalized.
      const bob = accounts[BOB];
      const epoch0 = (await proofsOf(0n))[bob];
      await distributor.connect(signers[BOB]).claim(bob, epoch0.amount, epoch0.proof);
      await env.networkHelpers.time.increaseTo((await oracle.epochStatus(1n)).since + DAY + 1n);
      await oracle.finalize(await acceptedReport(oracle, 1n));
      expect((await oracle.epochStatus(1n)).status).to.equal(4n);

      const out = await runJson<ExplainOutput>(["rewards", "explain"], { account: bob, store });
      expect(out).to.deep.include({ epoch: "1", status: "finalized" });
      const sum = out.models.reduce((s, m) => s + BigInt(m.amount), 0n);
      expect(sum).to.be.greaterThan(0n);
      expect(BigInt(out.cumulative) - (await distributor.claimed(bob))).to.equal(sum);
      const epoch1 = (await proofsOf(1n))[bob];
      const before = await wopen.balanceOf(bob);
      await distributor.connect(signers[BOB]).claim(bob, epoch1.amount, epoch1.proof);
      expect((await wopen.balanceOf(bob)) - before).to.equal(sum);
    });

    it("verify still says the finalized epoch 0 matches, and the finalized epoch 1 does not", async function () {
      expect((await runJson<VerifyOutput>(["attribution", "verify"], { epoch: "0", store })).matches).to.equal(true);
      const run = await runTask(["attribution", "verify"], { epoch: "1", store });
      expect(run.exitCode).to.equal(1);
      expect(run.stdout.split("\n")[0]).to.equal("epoch 1: does not match the finalized report");
    });
  });
});
