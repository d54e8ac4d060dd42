import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { getAddress } from "ethers";

import {
  buildRewardsTree,
  LIBRARY_BUILDER_MAX_ACCOUNTS,
  REWARDS_LEAF_ENCODING,
  RewardsTreeInputError,
  verifyRewardsProof,
} from "../../../src/rewards/tree.js";

/** Deterministic generator (xorshift32) so that a failing tree can be rebuilt. */
function rng(seed: number) {
  let x = seed | 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

function randomAmounts(n: number, seed: number): Map<string, bigint> {
  const next = rng(seed);
  const amounts = new Map<string, bigint>();
  while (amounts.size < n) {
    let hex = "";
    for (let k = 0; k < 5; k++) hex += next().toString(16).padStart(8, "0");
    // Mixed case on purpose (checksummed for some), and amounts from 0 to ~2^256.
    const account = amounts.size % 3 === 0 ? getAddress("0x" + hex) : "0x" + hex;
    let amount = 0n;
    const words = next() % 9;
    for (let k = 0; k < words; k++) amount = (amount << 32n) | BigInt(next());
    amounts.set(account, amount);
  }
  return amounts;
}

describe("rewards tree", function () {
  for (const n of [1, 2, 3, 7, 100, 1000]) {
    it(`fast builder equals StandardMerkleTree.of on a random tree of ${n} accounts (root, nodes, proofs, dump)`, function () {
      const amounts = randomAmounts(n, 1000 + n);
      const library = StandardMerkleTree.of([...amounts], REWARDS_LEAF_ENCODING);
      const fast = buildRewardsTree(amounts, "fast");

      expect(fast.root).to.equal(library.root);
      expect(fast.length).to.equal(n);
      const dump = fast.dump();
      expect(dump.tree).to.deep.equal(library.dump().tree);
      expect(dump.values.map((v) => v.treeIndex)).to.deep.equal(library.dump().values.map((v) => v.treeIndex));
      let i = 0;
      for (const entry of fast.entries()) {
        expect(entry.proof, `proof ${i}`).to.deep.equal(library.getProof(i));
        expect(fast.getProof(entry.account.toUpperCase().replace("0X", "0x"))).to.deep.equal(entry.proof);
        i++;
      }
      expect(i).to.equal(n);
      // The dump loads in the library, which re-hashes every value.
      expect(StandardMerkleTree.load(dump).root).to.equal(library.root);
    });
  }

  it("auto uses the library up to the threshold and the fast builder beyond, with the same root", function () {
    const amounts = randomAmounts(LIBRARY_BUILDER_MAX_ACCOUNTS + 1, 5);
    const auto = buildRewardsTree(amounts);
    const library = buildRewardsTree(amounts, "library");
    expect(auto.root).to.equal(library.root);
    const [account] = amounts.keys();
    expect(auto.getProof(account)).to.deep.equal(library.getProof(account));
  });

  it("gives the sum, amounts and proofs that verify, and proofs fail for a changed amount", function () {
    const amounts = randomAmounts(50, 77);
    for (const builder of ["library", "fast"] as const) {
      const tree = buildRewardsTree(amounts, builder);
      expect(tree.total).to.equal([...amounts.values()].reduce((a, b) => a + b, 0n));
      for (const [account, amount] of amounts) {
        expect(tree.has(account)).to.equal(true);
        expect(tree.amountOf(account)).to.equal(amount);
        const proof = tree.getProof(account);
        expect(verifyRewardsProof(tree.root, account, amount, proof)).to.equal(true);
        expect(verifyRewardsProof(tree.root, account, amount + 1n, proof)).to.equal(false);
      }
      expect(tree.has("0x" + "00".repeat(20))).to.equal(false);
      expect(() => tree.getProof("0x" + "00".repeat(20))).to.throw(RewardsTreeInputError, "no leaf");
    }
  });

  describe("bad input", function () {
    for (const builder of ["library", "fast"] as const) {
      it(`refuses an empty map, a malformed address, a negative or too large amount, a repeated account (${builder})`, function () {
        const a = "0x" + "ab".repeat(20);
        expect(() => buildRewardsTree(new Map(), builder)).to.throw(RewardsTreeInputError, "at least one");
        expect(() => buildRewardsTree(new Map([["0x1234", 1n]]), builder)).to.throw(
          RewardsTreeInputError,
          "not an address",
        );
        expect(() => buildRewardsTree(new Map([[a, -1n]]), builder)).to.throw(RewardsTreeInputError, "uint256");
        expect(() => buildRewardsTree(new Map([[a, 1n << 256n]]), builder)).to.throw(RewardsTreeInputError, "uint256");
        expect(() =>
          buildRewardsTree(
            new Map([
              [a, 1n],
              ["0x" + "cd".repeat(20), 3n],
              [a.toUpperCase().replace("0X", "0x"), 2n],
            ]),
            builder,
          ),
        ).to.throw(RewardsTreeInputError, "twice");
      });
    }
  });
});
