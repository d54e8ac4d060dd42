/**
 * The claimants' proofs file the oracle node publishes for each finalized epoch (`proofs/<epoch>.json`, written by
 * src/oracle as canonical JSON): `{ "<account>": { "amount": "<cumulative amount, decimal>", "proof": ["0x..."] } }`.
 *
 * The root a proof leads to is recomputed here exactly as RewardDistributor verifies it (OpenZeppelin MerkleProof over
 * the StandardMerkleTree leaf, see src/rewards/tree.ts):
 *   leaf = keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))))
 *   node = keccak256(abi.encodePacked(min(a, b), max(a, b)))      // Hashes.commutativeKeccak256
 */
import { readFile } from "node:fs/promises";

import { AbiCoder, concat, getAddress, isAddress, keccak256 } from "ethers";

import { TaskError } from "../lib/errors.js";

export interface ProofEntry {
  account: string;
  amount: bigint;
  proof: string[];
}

/** Reads a proofs file; accounts are checksummed, so look them up with `getAddress`. */
export async function readProofsFile(file: string): Promise<Map<string, ProofEntry>> {
  if (file === "") throw new TaskError("--proofs is required (the oracle node's proofs/<epoch>.json)");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new TaskError(`--proofs: ${file} cannot be read`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new TaskError(`--proofs: ${file} is not valid JSON`);
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new TaskError(`--proofs: ${file} is not a proofs file ({account: {amount, proof}})`);
  }
  const entries = new Map<string, ProofEntry>();
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    const entry = value as { amount?: unknown; proof?: unknown };
    const amountOk = typeof entry?.amount === "string" && /^\d+$/.test(entry.amount);
    const proofOk =
      Array.isArray(entry?.proof) && entry.proof.every((p) => typeof p === "string" && /^0x[0-9a-fA-F]{64}$/.test(p));
    if (!isAddress(key) || !amountOk || !proofOk) {
      throw new TaskError(`--proofs: ${file} has a malformed entry for "${key}" (expected {amount, proof})`);
    }
    const account = getAddress(key);
    entries.set(account, { account, amount: BigInt(entry.amount as string), proof: entry.proof as string[] });
  }
  if (entries.size === 0) throw new TaskError(`--proofs: ${file} has no accounts`);
  return entries;
}

/** The root `proof` leads to from the leaf of (account, cumulativeAmount). */
export function rootOf(account: string, cumulativeAmount: bigint, proof: string[]): string {
  let node = keccak256(
    keccak256(AbiCoder.defaultAbiCoder().encode(["address", "uint256"], [account, cumulativeAmount])),
  );
  for (const sibling of proof) {
    const sorted = BigInt(node) < BigInt(sibling) ? [node, sibling] : [sibling, node];
    node = keccak256(concat(sorted));
  }
  return node;
}
