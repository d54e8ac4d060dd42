import { expect } from "chai";
import { keccak256, hexlify } from "ethers";

import { KECCAK_RATE, keccak256Into, keccak256Short } from "../../../src/rewards/keccak.js";

/** Deterministic pseudo-random bytes (xorshift), so a failure reproduces. */
function bytes(len: number, seed: number): Uint8Array {
  const out = new Uint8Array(len);
  let x = seed | 1;
  for (let i = 0; i < len; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe("keccak256Short (generated single-block keccak)", function () {
  it("equals ethers' keccak256 on every input length 0..135", function () {
    for (let len = 0; len < KECCAK_RATE; len++) {
      for (const seed of [1, 7, 12345]) {
        const data = bytes(len, seed + len);
        expect(hexlify(keccak256Short(data)), `length ${len}`).to.equal(keccak256(data));
      }
    }
  });

  it("equals ethers on all-zero and all-0xff 32- and 64-byte inputs (the tree's fast path)", function () {
    for (const len of [32, 64]) {
      for (const fill of [0, 0xff]) {
        const data = new Uint8Array(len).fill(fill);
        expect(hexlify(keccak256Short(data))).to.equal(keccak256(data));
      }
    }
  });

  it("reads and writes at offsets, also in place over its own input", function () {
    const buf = bytes(200, 99);
    const expected = keccak256(buf.subarray(50, 114));
    keccak256Into(buf, 50, 64, buf, 50);
    expect(hexlify(buf.subarray(50, 82))).to.equal(expected);
  });

  it("refuses an input of a whole block or more", function () {
    expect(() => keccak256Short(new Uint8Array(KECCAK_RATE))).to.throw(RangeError);
  });
});
