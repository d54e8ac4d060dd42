/**
 * Benchmark of the rewards tree builder: build a tree of N accounts (default 1,000,000) and every account's proof.
 * Run: `node --import tsx bench/rewards-tree.ts [N]`. Prints the times; asserts nothing (no timed tests).
 */
import { randomBytes } from "node:crypto";

import { buildRewardsTree } from "../src/rewards/index.js";

const n = Number(process.argv[2] ?? 1_000_000);
const amounts = new Map<string, bigint>();
const seed = randomBytes(20 * n);
for (let i = 0; i < n; i++) {
  amounts.set("0x" + seed.toString("hex", 20 * i, 20 * i + 20), BigInt(1 + (i % 1_000_003)) * 10n ** 12n);
}

const t0 = performance.now();
const tree = buildRewardsTree(amounts, "fast");
const t1 = performance.now();
let proofElements = 0;
for (const { proof } of tree.entries()) proofElements += proof.length;
const t2 = performance.now();
console.log(`accounts: ${n}, root: ${tree.root}`);
console.log(
  `build: ${((t1 - t0) / 1000).toFixed(2)} s, every proof (${proofElements} elements): ${((t2 - t1) / 1000).toFixed(2)} s`,
);
console.log(`total: ${((t2 - t0) / 1000).toFixed(2)} s`);
