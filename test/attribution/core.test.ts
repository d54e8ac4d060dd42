import { expect } from "chai";

import { expectClose } from "./close.js";

import {
  allocatePool,
  buildSuffixArray,
  dexp,
  dlog,
  dlog1p,
  featurize,
  fnv1a32,
  logloss,
  sigmoid,
  stringify,
  tokenize,
} from "../../src/attribution/index.js";
import { prng } from "./data.js";

describe("attribution: building blocks", function () {
  it("deterministic exp/log agree with Math to about 1 ulp", function () {
    let worst = 0;
    for (let k = 0; k <= 20000; k++) {
      const x = -700 + (1400 * k) / 20000;
      worst = Math.max(worst, Math.abs(dexp(x) / Math.exp(x) - 1));
      const y = Math.exp(x);
      if (Math.abs(x) > 1e-3) worst = Math.max(worst, Math.abs(dlog(y) / Math.log(y) - 1));
      const u = k / 20000;
      if (u > 0) worst = Math.max(worst, Math.abs(dlog1p(u) / Math.log1p(u) - 1));
    }
    expect(worst).to.be.below(1e-15);
    expect(dexp(0)).to.equal(1);
    expect(dlog(1)).to.equal(0);
    expect(dexp(1000)).to.equal(Infinity);
    expect(dexp(-1000)).to.equal(0);
    expect(dlog(0)).to.equal(-Infinity);
    expectClose(dlog(5e-324), Math.log(5e-324), 1e-12);
    expect(sigmoid(-800)).to.equal(0);
    expect(sigmoid(800)).to.equal(1);
    expect(logloss(1, 800)).to.equal(0);
    expectClose(logloss(0, 800), 800, 1e-12);
  });

  it("tokenizes ASCII case-insensitively and keeps non-ASCII runs whole", function () {
    const t = tokenize("Hello, WORLD! café-au-lait 42x");
    expect(t.words).to.deep.equal(["hello", "world", "café", "au", "lait", "42x"]);
    expect([...t.starts]).to.deep.equal([0, 7, 14, 19, 22, 27]);
    expect([...t.ends]).to.deep.equal([5, 12, 18, 21, 26, 30]);
  });

  it("hashes words with FNV-1a into unit-norm binary features", function () {
    expect(fnv1a32("")).to.equal(0x811c9dc5);
    expect(fnv1a32("a")).to.equal(0xe40c292c);
    expect(fnv1a32("foobar")).to.equal(0xbf9cf968);
    const v = featurize("the cat the hat", 16);
    let nnz = 0;
    let sq = 0;
    for (const x of v) {
      if (x !== 0) nnz++;
      sq += x * x;
    }
    expect(nnz).to.be.within(1, 3);
    expectClose(sq, 1, 1e-15);
  });

  it("builds suffix arrays identical to a brute-force sort", function () {
    const rnd = prng(3);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(rnd() * 80);
      const alphabet = 1 + Math.floor(rnd() * 4);
      const s = Int32Array.from({ length: n }, () => Math.floor(rnd() * alphabet));
      const cmp = (a: number, b: number): number => {
        for (let k = 0; ; k++) {
          if (a + k >= n) return b + k >= n ? 0 : -1;
          if (b + k >= n) return 1;
          if (s[a + k] !== s[b + k]) return s[a + k] - s[b + k];
        }
      };
      const ref = Array.from({ length: n }, (_, i) => i).sort(cmp);
      expect([...buildSuffixArray(s, alphabet)]).to.deep.equal(ref);
    }
  });

  it("allocates a pool exactly, only to positive scores, largest remainder, ties by key", function () {
    const a = allocatePool({ bob: 1, alice: 1, carol: 1, dave: -5, erin: 0 }, 100n);
    expect([...a.entries()]).to.deep.equal([
      ["alice", 34n],
      ["bob", 33n],
      ["carol", 33n],
      ["dave", 0n],
      ["erin", 0n],
    ]);
    const b = allocatePool(
      new Map([
        ["x", 0.1],
        ["y", 0.2],
        ["z", 0.7],
      ]),
      10n ** 27n,
    );
    expect(b.get("x")! + b.get("y")! + b.get("z")!).to.equal(10n ** 27n);
    const dz = b.get("z")! - 7n * 10n ** 26n;
    expect(dz < 10n ** 12n && dz > -(10n ** 12n)).to.equal(true);
    expect(allocatePool({ x: 1e-300, y: 1e300 }, 7n).get("y")).to.equal(7n);
    expect([...allocatePool({ x: -1 }, 5n).values()]).to.deep.equal([0n]);
    expect(() => allocatePool({ x: NaN }, 5n)).to.throw(/finite/);
    const rnd = prng(9);
    for (let t = 0; t < 50; t++) {
      const scores = new Map<string, number>();
      for (let k = 0; k < 20; k++) scores.set(`c${k}`, rnd() - 0.3);
      const pool = BigInt(Math.floor(rnd() * 1e9));
      let sum = 0n;
      for (const [k, v] of allocatePool(scores, pool)) {
        sum += v;
        if ((scores.get(k) as number) <= 0) expect(v).to.equal(0n);
      }
      expect(sum).to.equal(pool);
    }
  });

  it("writes canonical JSON: insertion order, quantized numbers, safe odd keys", function () {
    const m = new Map<string, number>([
      ["10", 1 / 3],
      ["2", -0],
      ["__proto__", 1e-20 / 3],
    ]);
    expect(stringify({ a: m, b: [1, 2.5], c: null })).to.equal(
      '{\n  "a": {\n    "10": 0.333333333333,\n    "2": 0,\n    "__proto__": 3.33333333333e-21\n  },\n' +
        '  "b": [\n    1,\n    2.5\n  ],\n  "c": null\n}',
    );
  });
});
