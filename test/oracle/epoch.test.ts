import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { ZeroHash, getAddress, id as keccakId } from "ethers";

import {
  ATTRIBUTION_DATA_FORMAT,
  ATTRIBUTION_LEAF_ENCODING,
  computeEpoch,
  proofsDocument,
  toReport,
  type EpochInput,
  type LogRecord,
  type ModelEpochInput,
  type TrainingContribution,
} from "../../src/oracle/index.js";
import { reportHash } from "../../src/protocol/index.js";
import { verifyRewardsProof } from "../../src/rewards/tree.js";
import { logRecords, spamEmails } from "./data.js";

const ALICE = getAddress("0x00000000000000000000000000000000000a11ce");
const BOB = getAddress("0x0000000000000000000000000000000000000b0b");
const CAROL = getAddress("0x00000000000000000000000000000000000ca401");
const TREASURY = getAddress("0x7700000000000000000000000000000000000077");
const CONTRIBUTORS = [ALICE, BOB, CAROL];
const E = 10n ** 18n;

const emails = spamEmails();

/** The 30 e-mails as contributions of Datanet 1, dealt round-robin to alice, bob and carol. */
function spamTraining(): TrainingContribution[] {
  return emails.training.map((e, k) => ({
    contributionId: (1n << 32n) | BigInt(k + 1),
    contributor: CONTRIBUTORS[k % 3],
    content: { value: { kind: "text", text: e.text, label: e.label } },
  }));
}

function spamLog(): LogRecord[] {
  return logRecords(
    emails.heldOut.map((e) => e.text),
    emails.heldOut.map((e) => String(e.label)),
  );
}

function influenceModel(modelId: bigint, pool: bigint, overrides: Partial<ModelEpochInput> = {}): ModelEpochInput {
  return {
    modelId,
    pool,
    trainedOn: [{ datanetId: 1n, version: 1 }],
    card: { value: { name: "spam classifier", attribution: { method: "influence", l2: 0.01, buckets: 256 } } },
    training: { value: spamTraining() },
    log: { value: { root: keccakId("log"), uri: "local://log", records: spamLog() } },
    ...overrides,
  };
}

const SPEECH = [
  "We hold these truths to be self-evident, that all men are created equal, that they are endowed by their Creator",
  "with certain unalienable Rights, that among these are Life, Liberty and the pursuit of Happiness. That to secure",
  "these rights, Governments are instituted among Men, deriving their just powers from the consent of the governed",
];

function spanModel(modelId: bigint, pool: bigint): ModelEpochInput {
  return {
    modelId,
    pool,
    trainedOn: [{ datanetId: 2n, version: 1 }],
    card: { value: { name: "speech generator", attribution: { method: "spans", minSpanLength: 8 } } },
    training: {
      value: SPEECH.map((text, k) => ({
        contributionId: (2n << 32n) | BigInt(k + 1),
        contributor: CONTRIBUTORS[k],
        content: { value: { kind: "text", text } },
      })),
    },
    log: {
      value: {
        root: keccakId("log2"),
        uri: "local://log2",
        // Both outputs copy a long passage of carol's text (the third sentence), the first also a bit of bob's.
        records: logRecords(
          ["Tell me about rights", "And governments?"],
          [
            "Governments are instituted among Men, deriving their just powers from the consent of the governed, as we know",
            "so they said: these rights, Governments are instituted among Men, deriving their just powers",
          ],
          "s",
        ),
      },
    },
  };
}

function epochInput(models: ModelEpochInput[], previous = new Map<string, bigint>()): EpochInput {
  return { epoch: 3n, fallbackAccount: TREASURY, previous, models };
}

function sum(m: Map<string, bigint>): bigint {
  let s = 0n;
  for (const v of m.values()) s += v;
  return s;
}

describe("Oracle epoch pipeline (pure, deterministic)", function () {
  it("produces byte-identical data and the same report from two runs and any model order", function () {
    const models = [influenceModel(1n, 1000n * E + 7n), spanModel(2n, 333n * E + 1n)];
    const a = computeEpoch(epochInput(models));
    const b = computeEpoch(epochInput([...models].reverse()));
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).to.equal(true);
    expect(reportHash(toReport(a, "local://x"))).to.equal(reportHash(toReport(b, "local://x")));
    expect(Buffer.from(proofsDocument(a)).equals(Buffer.from(proofsDocument(b)))).to.equal(true);
    const doc = JSON.parse(new TextDecoder().decode(a.data));
    expect(doc.format).to.equal(ATTRIBUTION_DATA_FORMAT);
    expect(doc.epoch).to.equal("3");
  });

  it("splits each pool exactly and adds it to the previous cumulative amounts", function () {
    const pool1 = 1000n * E + 7n;
    const pool2 = 333n * E + 1n;
    const previous = new Map([
      [ALICE, 5n * E],
      [getAddress("0x00000000000000000000000000000000000000d0"), 2n],
    ]);
    const r = computeEpoch(epochInput([influenceModel(1n, pool1), spanModel(2n, pool2)], previous));
    expect(r.models.map((m) => m.outcome)).to.deep.equal(["attributed", "attributed"]);
    expect(sum(r.models[0].amounts)).to.equal(pool1);
    expect(sum(r.models[1].amounts)).to.equal(pool2);
    expect(sum(r.epochAmounts)).to.equal(pool1 + pool2);
    expect(r.cumulativeTotal).to.equal(pool1 + pool2 + 5n * E + 2n);
    expect(r.cumulative.get(ALICE)).to.equal(5n * E + (r.epochAmounts.get(ALICE) ?? 0n));
    expect(r.cumulative.get(getAddress("0x00000000000000000000000000000000000000d0"))).to.equal(2n);
    expect(r.tree?.total).to.equal(r.cumulativeTotal);
  });

  it("credits the span model's pool to the contributors whose text the outputs reuse", function () {
    const r = computeEpoch(epochInput([spanModel(2n, 1000n)]));
    const m = r.models[0];
    expect(m.outcome).to.equal("attributed");
    // Carol's sentence is copied by both outputs; bob's and alice's not (or below the minimum span).
    expect(m.topContributions[0].contributor).to.equal(CAROL);
    expect(m.amounts.get(CAROL)).to.equal(1000n);
    expect(m.amounts.has(ALICE)).to.equal(false);
  });

  it("pays a model's whole pool to the fallback account when its log is missing", function () {
    const pool = 123_456_789n;
    const r = computeEpoch(
      epochInput([
        influenceModel(1n, pool, {
          log: { refused: "no inference log was committed before the deadline", code: "log-missing" },
        }),
      ]),
    );
    expect(r.models[0].outcome).to.equal("fallback");
    expect(r.models[0].reason).to.equal("inference log: no inference log was committed before the deadline");
    expect(r.models[0].code).to.equal("log-missing");
    expect([...r.models[0].amounts]).to.deep.equal([[TREASURY, pool]]);
    expect([...r.cumulative]).to.deep.equal([[TREASURY, pool]]);
    const doc = JSON.parse(new TextDecoder().decode(r.data));
    expect(doc.models[0].outcome).to.equal("fallback");
    expect(doc.models[0].reason).to.equal("log-missing");
    expect(doc.models[0].amounts).to.deep.equal({ [TREASURY]: pool.toString() });
  });

  it("pays the fallback account when nothing is attributable (a training set with one label only)", function () {
    const onlyHam = spamTraining().filter((c) => "value" in c.content && c.content.value.label === 0);
    const r = computeEpoch(epochInput([influenceModel(1n, 1000n, { training: { value: onlyHam } })]));
    expect(r.models[0].outcome).to.equal("fallback");
    expect(r.models[0].reason).to.match(/nothing attributable: training labels must include both 0 and 1/);
    expect(r.cumulative.get(TREASURY)).to.equal(1000n);
  });

  it("pays the fallback account when the model card or the training set was refused", function () {
    const r = computeEpoch(
      epochInput([
        influenceModel(1n, 10n, { card: { refused: "malformed JSON" } }),
        influenceModel(2n, 20n, { training: { refused: "manifest root does not match" } }),
      ]),
    );
    expect(r.models.map((m) => m.reason)).to.deep.equal([
      "model card: malformed JSON",
      "training set: manifest root does not match",
    ]);
    expect(r.cumulative.get(TREASURY)).to.equal(30n);
  });

  it("excludes malformed contributions and records why, without changing the others' treatment", function () {
    const training = spamTraining();
    training[4] = { ...training[4], content: { refused: "contribution: malformed JSON" } };
    const r = computeEpoch(epochInput([influenceModel(1n, 1000n, { training: { value: training } })]));
    expect(r.models[0].outcome).to.equal("attributed");
    expect(r.models[0].excluded).to.deep.equal([
      {
        contributionId: training[4].contributionId,
        contributor: training[4].contributor,
        code: "content-refused",
        reason: "contribution: malformed JSON",
      },
    ]);
    expect(sum(r.models[0].amounts)).to.equal(1000n);
  });

  it("skips models with an empty pool and reports zero roots when nobody has earned anything", function () {
    const r = computeEpoch(epochInput([influenceModel(1n, 0n)]));
    expect(r.models).to.have.length(0);
    expect(r.cumulativeTotal).to.equal(0n);
    expect(r.cumulativeRewardsRoot).to.equal(ZeroHash);
    expect(r.attributionRoot).to.equal(ZeroHash);
    expect(r.tree).to.equal(null);
  });

  it("publishes proofs that verify against the rewards root, and a tree and attribution root anyone can rebuild", function () {
    const r = computeEpoch(epochInput([influenceModel(1n, 10n ** 21n), spanModel(2n, 999n)]));
    const doc = JSON.parse(new TextDecoder().decode(r.data));
    expect(doc.cumulativeRewardsRoot).to.equal(r.cumulativeRewardsRoot);
    for (const [account, p] of Object.entries(doc.accounts as Record<string, { amount: string; proof: string[] }>)) {
      expect(verifyRewardsProof(r.cumulativeRewardsRoot, account, BigInt(p.amount), p.proof)).to.equal(true);
    }
    expect(StandardMerkleTree.load(doc.rewardsTree).root).to.equal(r.cumulativeRewardsRoot);
    const leaves: [string, string, string, string][] = [];
    for (const m of doc.models) {
      for (const [account, amount] of Object.entries(m.amounts as Record<string, string>)) {
        leaves.push(["3", m.modelId, account, amount]);
      }
    }
    expect(StandardMerkleTree.of(leaves, ATTRIBUTION_LEAF_ENCODING).root).to.equal(r.attributionRoot);
  });

  it("gives a different report when an oracle's engine configuration differs (the faulty-oracle seam)", function () {
    const honest = computeEpoch(epochInput([influenceModel(1n, 10n ** 21n)]));
    const card = { value: { name: "spam", attribution: { method: "influence" as const, l2: 1, buckets: 256 } } };
    const faulty = computeEpoch(epochInput([influenceModel(1n, 10n ** 21n, { card })]));
    expect(faulty.cumulativeRewardsRoot).to.not.equal(honest.cumulativeRewardsRoot);
    expect(faulty.cumulativeTotal).to.equal(honest.cumulativeTotal);
  });
});
