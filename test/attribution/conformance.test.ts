/**
 * Conformance of the engine with the spec's test vectors (docs/spec/attribution.md, section 12): every vector of
 * spec/vectors/ is run through the pipeline and must produce the expected report fields and, byte for byte, the
 * expected data document. The vectors themselves must be exactly what scripts/spec/vectors.ts generates, and cover
 * every method and every edge case the spec names.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";
import { keccak256 } from "ethers";

import { buildVectors, VECTORS_DIRECTORY } from "../../scripts/spec/vectors.js";
import { computeEpoch } from "../../src/oracle/epoch.js";
import { SPEC_VERSION, vectorEpochInput, type Vector } from "../../src/oracle/vectors.js";

interface Index {
  spec: string;
  vectors: { name: string; vectorKeccak256: string; dataKeccak256: string }[];
}

const index = JSON.parse(readFileSync(path.join(VECTORS_DIRECTORY, "index.json"), "utf8")) as Index;
const read = (name: string) => readFileSync(path.join(VECTORS_DIRECTORY, name));

describe("Attribution spec conformance (spec/vectors)", function () {
  it("lists every vector file of the directory, for spec openledger.attribution/1", function () {
    expect(index.spec).to.equal(SPEC_VERSION);
    const files = readdirSync(VECTORS_DIRECTORY).sort();
    const listed = index.vectors.flatMap((v) => [`${v.name}.json`, `${v.name}.data.json`]);
    expect(files).to.deep.equal([...listed, "index.json"].sort());
    expect(index.vectors.length).to.be.at.least(16);
  });

  for (const entry of index.vectors) {
    it(`${entry.name}: the engine produces the expected report and data bytes`, function () {
      const bytes = read(`${entry.name}.json`);
      expect(keccak256(bytes), "vector digest in index.json").to.equal(entry.vectorKeccak256);
      const vector = JSON.parse(bytes.toString("utf8")) as Vector;
      expect(vector.spec).to.equal(SPEC_VERSION);
      const expectedData = read(vector.expected.data);
      expect(keccak256(expectedData), "data digest").to.equal(vector.expected.dataKeccak256);
      expect(vector.expected.dataKeccak256).to.equal(entry.dataKeccak256);

      const result = computeEpoch(vectorEpochInput(vector.input));
      expect(result.cumulativeRewardsRoot.toLowerCase()).to.equal(vector.expected.cumulativeRewardsRoot);
      expect(result.cumulativeTotal.toString()).to.equal(vector.expected.cumulativeTotal);
      expect(result.attributionRoot.toLowerCase()).to.equal(vector.expected.attributionRoot);
      expect(Buffer.from(result.data).equals(expectedData), "data document bytes").to.equal(true);

      // Invariants the spec states: every paid pool is split exactly; the total is the previous total plus the pools.
      let previous = 0n;
      for (const amount of Object.values(vector.input.previous)) previous += BigInt(amount);
      let pools = 0n;
      for (const m of vector.input.models) pools += BigInt(m.pool);
      expect(result.cumulativeTotal).to.equal(previous + pools);
      for (const m of result.models) {
        let sum = 0n;
        for (const amount of m.amounts.values()) sum += amount;
        expect(sum, `model ${m.modelId}`).to.equal(m.pool);
      }
    });
  }

  it("the committed vectors are exactly what scripts/spec/vectors.ts generates", function () {
    const generated = buildVectors();
    expect([...generated.keys()].sort()).to.deep.equal(readdirSync(VECTORS_DIRECTORY).sort());
    for (const [name, bytes] of generated) {
      expect(Buffer.from(bytes).equals(read(name)), name).to.equal(true);
    }
  });

  it("cover every method and every edge case the spec names", function () {
    const docs = index.vectors.map((v) => JSON.parse(read(`${v.name}.data.json`).toString("utf8")));
    const models = docs.flatMap((d) => d.models as { method: string | null; reason: string | null }[]);
    const methods = new Set(models.map((m) => m.method));
    expect([...methods].filter((m) => m !== null).sort()).to.deep.equal(["influence", "retrieval", "spans"]);
    const reasons = new Set(models.map((m) => m.reason));
    for (const code of [
      "card-refused",
      "training-refused",
      "log-missing",
      "log-refused",
      "single-class",
      "no-positive-score",
    ]) {
      expect(reasons.has(code), code).to.equal(true);
    }
    const excluded = new Set(
      docs.flatMap((d) => d.models.flatMap((m: { excluded: { reason: string }[] }) => m.excluded.map((e) => e.reason))),
    );
    for (const code of ["content-refused", "no-label", "duplicate"]) expect(excluded.has(code), code).to.equal(true);
    const excludedRecords = docs.flatMap((d) =>
      d.models.flatMap((m: { excludedRecords: unknown[] }) => m.excludedRecords),
    );
    expect(excludedRecords.length).to.be.greaterThan(0);
    expect(docs.some((d) => d.models.length === 0 && d.cumulativeTotal === "0")).to.equal(true);
  });
});
