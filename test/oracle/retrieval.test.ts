/**
 * Retrieval attribution (docs/spec/attribution.md, section 6.3): a record's credit follows the relevance scores
 * exactly, ids outside the model's training versions exclude the record, and the log format commits to the
 * retrieved ids and relevances.
 */
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { AbiCoder, getAddress, keccak256, id as keccakId } from "ethers";

import {
  FormatError,
  LOG_LEAF_ENCODING,
  computeEpoch,
  encodeInferenceLog,
  logRoot,
  parseInferenceLog,
  parseModelCard,
  type LogRecord,
  type ModelEpochInput,
} from "../../src/oracle/index.js";

const ALICE = getAddress("0x00000000000000000000000000000000000a11ce");
const BOB = getAddress("0x0000000000000000000000000000000000000b0b");
const CAROL = getAddress("0x00000000000000000000000000000000000ca401");
const TREASURY = getAddress("0x7700000000000000000000000000000000000077");
const enc = (s: string) => new TextEncoder().encode(s);

const cid = (datanet: bigint, k: number) => (datanet << 32n) | BigInt(k);

function rec(k: number, retrieved?: [bigint, number][]): LogRecord {
  const r: LogRecord = {
    requestHash: keccakId(`q${k}`),
    input: `question ${k}`,
    output: `answer ${k}`,
    paymentRef: "p",
  };
  if (retrieved) r.retrieved = retrieved.map(([contributionId, relevance]) => ({ contributionId, relevance }));
  return r;
}

function model(pool: bigint, records: LogRecord[]): ModelEpochInput {
  return {
    modelId: 5n,
    pool,
    trainedOn: [{ datanetId: 1n, version: 1 }],
    card: { value: { name: "help desk", attribution: { method: "retrieval" } } },
    training: {
      value: [ALICE, BOB, CAROL].map((contributor, k) => ({
        contributionId: cid(1n, k + 1),
        contributor,
        contentHash: keccakId(`doc ${k}`),
        content: { value: { kind: "text" as const, text: `document ${k}` } },
      })),
    },
    log: { value: { root: logRoot(records), uri: "local://log", records } },
  };
}

const run = (pool: bigint, records: LogRecord[]) =>
  computeEpoch({ epoch: 1n, fallbackAccount: TREASURY, previous: new Map(), models: [model(pool, records)] }).models[0];

describe("Retrieval attribution", function () {
  it("accepts a model card declaring the retrieval method", function () {
    const card = parseModelCard(enc(JSON.stringify({ name: "rag", attribution: { method: "retrieval" } })));
    expect(card.attribution.method).to.equal("retrieval");
  });

  it("splits a record's credit exactly by relevance", function () {
    const r = run(8000n, [
      rec(0, [
        [cid(1n, 1), 0.625],
        [cid(1n, 2), 0.25],
        [cid(1n, 3), 0.125],
      ]),
    ]);
    expect(r.outcome).to.equal("attributed");
    expect(Object.fromEntries(r.amounts)).to.deep.equal({ [ALICE]: 5000n, [BOB]: 2000n, [CAROL]: 1000n });
    // Relevances need not sum to 1: only their ratios count.
    const scaled = run(8000n, [
      rec(0, [
        [cid(1n, 1), 5],
        [cid(1n, 2), 2],
        [cid(1n, 3), 1],
      ]),
    ]);
    expect(Object.fromEntries(scaled.amounts)).to.deep.equal(Object.fromEntries(r.amounts));
  });

  it("weighs every used record equally and lists each contribution's records with its relevance", function () {
    const r = run(4000n, [
      rec(0, [[cid(1n, 1), 3]]),
      rec(1, [
        [cid(1n, 1), 1],
        [cid(1n, 2), 1],
      ]),
    ]);
    // Record 0 gives alice 1, record 1 gives alice and bob 1/2 each: 3/4 and 1/4 of the pool.
    expect(Object.fromEntries(r.amounts)).to.deep.equal({ [ALICE]: 3000n, [BOB]: 1000n });
    const alice = r.contributions.find((c) => c.contributor === ALICE)!;
    expect(alice.score).to.equal(1.5);
    expect(alice.records).to.deep.equal([
      { record: 0, value: 1, relevance: 3 },
      { record: 1, value: 0.5, relevance: 1 },
    ]);
  });

  it("excludes and lists a record that cites a contribution of another Datanet; it credits nobody", function () {
    const r = run(100n, [
      rec(0, [[cid(1n, 1), 1]]),
      rec(1, [
        [cid(1n, 2), 1],
        [cid(2n, 1), 1],
      ]),
    ]);
    expect(r.excludedRecords).to.deep.equal([
      { record: 1, contributionId: cid(2n, 1), code: "cites-outside-training-set" },
    ]);
    expect(Object.fromEntries(r.amounts)).to.deep.equal({ [ALICE]: 100n });
    expect(r.recordsUsed).to.equal(1);
    expect(r.recordsSkipped).to.equal(0);
  });

  it("pays the fallback account when every record cites outside the training versions", function () {
    const r = run(100n, [rec(0, [[cid(7n, 1), 1]]), rec(1)]);
    expect(r.outcome).to.equal("fallback");
    expect(r.code).to.equal("no-usable-record");
    expect(Object.fromEntries(r.amounts)).to.deep.equal({ [TREASURY]: 100n });
  });

  it("commits the retrieved ids and relevances in the log root; plain logs keep the five-value leaf", function () {
    const plain = [rec(0), rec(1)];
    const leaves = plain.map((r, i) => [
      BigInt(i),
      r.requestHash,
      keccakId(r.input),
      keccakId(r.output),
      keccakId(r.paymentRef),
    ]);
    expect(logRoot(plain)).to.equal(StandardMerkleTree.of(leaves, LOG_LEAF_ENCODING).root);

    const withRetrieval = [rec(0, [[cid(1n, 1), 0.5]]), rec(1)];
    const bits = (x: number) => {
      const v = new DataView(new ArrayBuffer(8));
      v.setFloat64(0, x);
      return v.getBigUint64(0);
    };
    const retrievedHash = keccak256(
      AbiCoder.defaultAbiCoder().encode(["uint256[]", "uint64[]"], [[cid(1n, 1)], [bits(0.5)]]),
    );
    const six = withRetrieval.map((r, i) => [...leaves[i], i === 0 ? retrievedHash : `0x${"0".repeat(64)}`]);
    expect(logRoot(withRetrieval)).to.equal(StandardMerkleTree.of(six, [...LOG_LEAF_ENCODING, "bytes32"]).root);
    const changed = [rec(0, [[cid(1n, 1), 0.25]]), rec(1)];
    expect(logRoot(changed)).to.not.equal(logRoot(withRetrieval));

    // The canonical JSONL round-trips to the same records and root.
    const parsed = parseInferenceLog(encodeInferenceLog(withRetrieval));
    expect(parsed).to.deep.equal(withRetrieval);
    expect(logRoot(parsed)).to.equal(logRoot(withRetrieval));
  });

  it("refuses malformed retrieval lists", function () {
    const line = (retrieved: unknown) =>
      enc(JSON.stringify({ requestHash: keccakId("x"), input: "i", output: "o", paymentRef: "p", retrieved }) + "\n");
    const items = (...xs: unknown[]) => ({ format: "openledger.retrieval/1", items: xs });
    for (const [retrieved, reason] of [
      [{ items: [] }, 'format must be "openledger.retrieval/1"'],
      [items({ contributionId: "1", relevance: -1 }), "relevance must be a finite number >= 0"],
      [items({ contributionId: "1", relevance: "0.5" }), "relevance must be a finite number >= 0"],
      [items({ contributionId: "x", relevance: 1 }), "contributionId must be a non-negative integer"],
      [items({ contributionId: "1", relevance: 1 }, { contributionId: 1, relevance: 2 }), "cited twice"],
      [{ format: "openledger.retrieval/1", items: {} }, "items must be an array"],
    ] as const) {
      expect(() => parseInferenceLog(line(retrieved)), reason).to.throw(FormatError, reason);
    }
  });
});
