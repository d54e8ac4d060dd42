/**
 * The pure parts of `attribution verify` and `rewards explain` (src/oracle/verify.ts, src/oracle/document.ts) on the
 * spec's vectors: a published document is accepted only when it rebuilds the report's roots, the first difference
 * is the first model by id then the first account by address, and an account's explanation sums to its epoch amount.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { VECTORS_DIRECTORY } from "../../scripts/spec/vectors.js";
import { explainAccount } from "../../src/oracle/document.js";
import { computeEpoch, contentUri, type EpochResult } from "../../src/oracle/index.js";
import { vectorEpochInput, type Vector } from "../../src/oracle/vectors.js";
import { VerificationError, compareWithChain, verifiedDocument, type ChainReport } from "../../src/oracle/verify.js";
import { LocalContentStore } from "../../src/storage/index.js";

function run(name: string, edit?: (v: Vector) => void): EpochResult {
  const vector = JSON.parse(readFileSync(path.join(VECTORS_DIRECTORY, `${name}.json`), "utf8")) as Vector;
  edit?.(vector);
  return computeEpoch(vectorEpochInput(vector.input));
}

function reportOf(r: EpochResult, dataURI: string): ChainReport {
  return {
    epoch: r.epoch,
    status: "accepted",
    cumulativeRewardsRoot: r.cumulativeRewardsRoot.toLowerCase(),
    cumulativeTotal: r.cumulativeTotal,
    attributionRoot: r.attributionRoot.toLowerCase(),
    dataURI,
  };
}

describe("Epoch verification and explanations (pure)", function () {
  let dir: string;
  let store: LocalContentStore;
  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "verify-"));
    store = new LocalContentStore(dir);
  });
  after(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  it("finds no difference between an epoch and its own report", async function () {
    const honest = run("cumulative-three-methods");
    const uri = contentUri(await store.put(honest.data));
    expect(await compareWithChain(store, honest, reportOf(honest, uri))).to.equal(null);
  });

  it("names the first model (by id) and account (by address) whose amount differs", async function () {
    const honest = run("cumulative-three-methods");
    // The report was made with model 3's pool one unit larger: models 1 and 2 agree, model 3 differs.
    const altered = run("cumulative-three-methods", (v) => {
      v.input.models[2].pool = (BigInt(v.input.models[2].pool) + 1n).toString();
    });
    const uri = contentUri(await store.put(altered.data));
    const d = await compareWithChain(store, honest, reportOf(altered, uri));
    const expectedModel = honest.models[2];
    const foundModel = altered.models[2];
    const account = [...expectedModel.amounts.keys()].find(
      (a) => expectedModel.amounts.get(a) !== foundModel.amounts.get(a),
    )!;
    expect(d).to.deep.equal({
      modelId: 3n,
      account,
      field: "amount",
      expected: expectedModel.amounts.get(account)!.toString(),
      found: foundModel.amounts.get(account)!.toString(),
    });
  });

  it("falls back to the report field when the published data does not rebuild the report", async function () {
    const honest = run("cumulative-three-methods");
    const other = run("missing-log");
    const uri = contentUri(await store.put(other.data));
    const report = { ...reportOf(honest, uri), cumulativeTotal: honest.cumulativeTotal + 1n };
    const d = await compareWithChain(store, honest, report);
    expect(d).to.deep.include({ modelId: null, account: null, field: "cumulativeTotal" });
    expect(d!.note).to.match(/rebuilds the rewards root/);
    let error: unknown;
    try {
      await verifiedDocument(store, report);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(VerificationError);
  });

  it("explains every account: its models' amounts sum to its epoch amount, its contributions' to each amount", async function () {
    const r = run("cumulative-three-methods");
    const uri = contentUri(await store.put(r.data));
    const doc = await verifiedDocument(store, reportOf(r, uri));
    for (const [account, amount] of r.epochAmounts) {
      const e = explainAccount(doc, account);
      expect(e.total, account).to.equal(amount);
      for (const m of e.models) {
        if (m.outcome !== "attributed" || m.amount === 0n) continue;
        expect(
          m.contributions.reduce((s, c) => s + c.amount, 0n),
          `${account} model ${m.modelId}`,
        ).to.equal(m.amount);
        for (const c of m.contributions) expect(c.records.length).to.be.at.most(5);
      }
    }
    // A retrieval model's explanation carries the relevance of each record.
    const retrieval = explainAccount(doc, [...r.models[2].amounts.keys()][0]).models.find((m) => m.modelId === 3n)!;
    expect(retrieval.contributions[0].records[0].relevance).to.be.a("number");
  });
});
