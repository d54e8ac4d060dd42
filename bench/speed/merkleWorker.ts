/**
 * Child process of the merkle benchmark (`node --import tsx bench/speed/merkleWorker.ts fast|library`): builds one
 * tree with every proof and prints the seconds as one JSON line on stdout. Its own process keeps the runner's heap
 * (the gas figures' in-process chains) out of the timing. Accounts and amounts come from a seeded PRNG (the same
 * inputs on every run); generating them is not timed.
 */
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";

import { buildRewardsTree, REWARDS_LEAF_ENCODING } from "../../src/rewards/index.js";
import { pick, prng } from "./prng.js";

function accounts(n: number, seed: number): Map<string, bigint> {
  const rnd = prng(seed);
  const word = () =>
    pick(rnd, 2 ** 32)
      .toString(16)
      .padStart(8, "0");
  const amounts = new Map<string, bigint>();
  while (amounts.size < n)
    amounts.set(`0x${word()}${word()}${word()}${word()}${word()}`, BigInt(`0x${word()}${word()}`) + 1n);
  return amounts;
}

/** The fast builder and the library agree on a sample of the benchmark's own inputs (guards the benchmark). */
function sampleCheck(amounts: Map<string, bigint>): void {
  const sample = new Map([...amounts].slice(0, 3_000));
  const fast = buildRewardsTree(sample, "fast").root;
  const library = StandardMerkleTree.of(
    [...sample].map(([a, v]) => [a, v.toString()]),
    REWARDS_LEAF_ENCODING,
  ).root;
  if (fast !== library) throw new Error(`fast builder root ${fast} != library root ${library}`);
}

/** The rewards tree builder (src/rewards/tree.ts, fast path) on 1,000,000 accounts, with every proof. */
function fast(): number {
  const amounts = accounts(1_000_000, 20);
  sampleCheck(amounts);
  const t0 = performance.now();
  const tree = buildRewardsTree(amounts, "fast");
  let elements = 0;
  for (const { proof } of tree.entries()) elements += proof.length;
  const seconds = (performance.now() - t0) / 1000;
  if (tree.length !== 1_000_000 || elements < 19 * 1_000_000) throw new Error("incomplete tree or proofs");
  return seconds;
}

/** @openzeppelin/merkle-tree's StandardMerkleTree.of on 100,000 accounts, with every proof. */
function library(): number {
  const values = [...accounts(100_000, 21)].map(([a, v]) => [a, v.toString()]);
  const t0 = performance.now();
  const tree = StandardMerkleTree.of(values, REWARDS_LEAF_ENCODING);
  let elements = 0;
  for (let i = 0; i < values.length; i++) elements += tree.getProof(i).length;
  const seconds = (performance.now() - t0) / 1000;
  if (elements < 16 * 100_000) throw new Error("incomplete proofs");
  return seconds;
}

const which = process.argv[2];
if (which !== "fast" && which !== "library") throw new Error("usage: merkleWorker.ts fast|library");
console.log(JSON.stringify(which === "fast" ? fast() : library()));
