import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { getAddress, id as keccakId, keccak256, toUtf8Bytes } from "ethers";

import {
  FormatError,
  LOG_LEAF_ENCODING,
  buildLogTree,
  buildVersionManifest,
  canonicalJson,
  contentUri,
  encodeContribution,
  encodeInferenceLog,
  logRoot,
  parseContentUri,
  parseContribution,
  parseInferenceLog,
  parseModelCard,
  parseVersionManifest,
  type ManifestEntry,
} from "../../src/oracle/index.js";
import { buildVersionTree } from "../../src/protocol/index.js";
import { logRecords } from "./data.js";

const enc = (v: unknown) => new TextEncoder().encode(typeof v === "string" ? v : JSON.stringify(v));
const ALICE = getAddress("0x00000000000000000000000000000000000a11ce");

function entries(n: number): ManifestEntry[] {
  return Array.from({ length: n }, (_, k) => ({
    contributionId: (7n << 32n) | BigInt(n - k),
    contentHash: keccakId(`c${k}`),
    uri: `local://${keccakId(`c${k}`)}`,
    contributor: ALICE,
  }));
}

describe("Oracle data formats (decision 0400)", function () {
  describe("Datanet version manifest", function () {
    it("round-trips, sorts entries by id and has the DatanetRegistry version root", function () {
      const list = entries(5);
      const m = buildVersionManifest(7n, 2, list);
      expect(m.count).to.equal(5);
      expect(m.root).to.equal(buildVersionTree(list).root);
      const parsed = parseVersionManifest(m.bytes);
      expect(parsed.datanetId).to.equal(7n);
      expect(parsed.version).to.equal(2);
      expect(parsed.contributions.map((e) => e.contributionId)).to.deep.equal(
        [...list].map((e) => e.contributionId).sort((a, b) => (a < b ? -1 : 1)),
      );
      // A bare array is accepted too.
      const bare = parseVersionManifest(enc(JSON.parse(new TextDecoder().decode(m.bytes)).contributions));
      expect(bare.contributions).to.deep.equal(parsed.contributions);
    });

    it("refuses malformed manifests with a one-line reason", function () {
      const good = JSON.parse(new TextDecoder().decode(buildVersionManifest(7n, 1, entries(2)).bytes));
      const cases: [unknown, RegExp][] = [
        ["{", /malformed JSON/],
        [{ ...good, format: "other/1" }, /unknown format/],
        [{ ...good, contributions: [] }, /no contributions/],
        [{ ...good, contributions: [good.contributions[0], good.contributions[0]] }, /listed twice/],
        [{ ...good, contributions: [{ ...good.contributions[0], contributor: "0x1234" }] }, /must be an address/],
        [{ ...good, contributions: [{ ...good.contributions[0], contentHash: "0xab" }] }, /32 bytes/],
        [{ ...good, contributions: [{ ...good.contributions[0], contributionId: -1 }] }, /non-negative integer/],
      ];
      for (const [doc, reason] of cases) {
        expect(() => parseVersionManifest(enc(doc))).to.throw(FormatError, reason);
      }
    });
  });

  describe("contribution content", function () {
    it("accepts text or features with an optional 0/1 label", function () {
      expect(parseContribution(encodeContribution({ text: "hi", label: 1 }))).to.deep.equal({
        kind: "text",
        text: "hi",
        label: 1,
      });
      expect(parseContribution(enc({ features: [0.5, 1] }))).to.deep.equal({ kind: "features", features: [0.5, 1] });
    });

    it("refuses content with both or neither kind, a bad label or bad features", function () {
      expect(() => parseContribution(enc({ text: "a", features: [1] }))).to.throw(FormatError, /exactly one/);
      expect(() => parseContribution(enc({}))).to.throw(FormatError, /exactly one/);
      expect(() => parseContribution(enc({ text: "a", label: 2 }))).to.throw(FormatError, /label must be 0 or 1/);
      expect(() => parseContribution(enc({ features: [1, "x"] }))).to.throw(FormatError, /features\[1\]/);
      expect(() => parseContribution(new Uint8Array([0xff, 0xfe]))).to.throw(FormatError, /UTF-8/);
    });
  });

  describe("model card", function () {
    it("validates the attribution block and ignores other fields", function () {
      const card = parseModelCard(
        enc({ name: "m", weights: "x", attribution: { method: "influence", l2: 0.1, buckets: 64 } }),
      );
      expect(card).to.deep.equal({ name: "m", attribution: { method: "influence", l2: 0.1, buckets: 64 } });
      expect(() => parseModelCard(enc({ name: "m", attribution: { method: "magic" } }))).to.throw(
        FormatError,
        /method/,
      );
      expect(() => parseModelCard(enc({ name: "m", attribution: { method: "influence", l2: 0 } }))).to.throw(/l2/);
      expect(() => parseModelCard(enc({ name: "m", attribution: { method: "spans", minSpanLength: 1.5 } }))).to.throw(
        /minSpanLength/,
      );
      expect(() => parseModelCard(enc({ attribution: { method: "spans" } }))).to.throw(/name/);
    });
  });

  describe("inference log", function () {
    const records = logRecords(["hello", "world", "again"], ["1", "0", "1"]);

    it("reads JSONL and a JSON array alike, and the root is the StandardMerkleTree of the documented leaves", function () {
      const jsonl = encodeInferenceLog(records);
      const array = enc(records.map((r, k) => ({ ...r, output: k === 1 ? 0 : r.output })));
      expect(parseInferenceLog(jsonl)).to.deep.equal(records);
      expect(parseInferenceLog(array)).to.deep.equal(records);
      const leaves = records.map((r, i) => [
        BigInt(i),
        r.requestHash,
        keccak256(toUtf8Bytes(r.input)),
        keccak256(toUtf8Bytes(r.output)),
        keccak256(toUtf8Bytes(r.paymentRef)),
      ]);
      expect(logRoot(records)).to.equal(StandardMerkleTree.of(leaves, LOG_LEAF_ENCODING).root);
      // A single record is provable against the committed root.
      const tree = buildLogTree(records);
      expect(StandardMerkleTree.verify(logRoot(records), LOG_LEAF_ENCODING, leaves[1], tree.getProof(1))).to.equal(
        true,
      );
    });

    it("commits to order and content: swapping or editing a record changes the root", function () {
      const root = logRoot(records);
      expect(logRoot([records[1], records[0], records[2]])).to.not.equal(root);
      expect(logRoot([records[0], { ...records[1], output: "1" }, records[2]])).to.not.equal(root);
    });

    it("refuses malformed logs naming the line", function () {
      expect(() => parseInferenceLog(enc('{"requestHash":"0x12"}\n'))).to.throw(FormatError, /line 1: requestHash/);
      const good = JSON.stringify({ ...records[0] });
      expect(() => parseInferenceLog(enc(`${good}\n\nnot json\n`))).to.throw(FormatError, /line 3: malformed JSON/);
      expect(() => parseInferenceLog(enc("\n"))).to.throw(FormatError, /no records/);
      expect(() => parseInferenceLog(enc([{ ...records[0], output: 2 }]))).to.throw(FormatError, /output/);
    });
  });

  describe("content URIs and canonical JSON", function () {
    it("carries the keccak256 in the URI and refuses URIs without one", function () {
      const hash = keccakId("x");
      expect(contentUri({ hash, uri: `local://${hash}`, size: 1 })).to.equal(`local://${hash}`);
      expect(contentUri({ hash, uri: "ipfs://bafyabc", size: 1 })).to.equal(`ipfs://bafyabc#keccak256=${hash}`);
      expect(parseContentUri(`ipfs://bafyabc#keccak256=${hash}`)).to.deep.equal({ location: "ipfs://bafyabc", hash });
      expect(() => parseContentUri("ipfs://bafyabc")).to.throw(FormatError, /carries no content hash/);
    });

    it("writes sorted keys, bigints as strings and quantized numbers", function () {
      const text = canonicalJson({ b: 1, a: new Map([["z", 2n ** 70n]]), c: 0.1 + 0.2, d: undefined, e: -0 });
      expect(text).to.equal(
        '{\n  "a": {\n    "z": "1180591620717411303424"\n  },\n  "b": 1,\n  "c": 0.3,\n  "e": 0\n}\n',
      );
      expect(() => canonicalJson({ x: NaN })).to.throw(/non-finite/);
    });
  });
});
