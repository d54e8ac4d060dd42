/**
 * L2-to-L1 (child-to-parent) message hashing and merkle proofs in the format the parent chain's Outbox verifies.
 *
 * Solidity it mirrors:
 *   AbsOutbox.calculateItemHash = keccak256(abi.encodePacked(l2Sender, to, l2Block, l1Block, l2Timestamp, value, data))
 *   AbsOutbox.calculateMerkleRoot(proof, index, item) = MerkleLib.calculateRoot(proof, index, keccak256(item))
 *   ArbOS MerkleAccumulator: leaf = keccak256(itemHash); a partial subtree is padded on the right with ZERO hashes
 *   (bytes32(0), not hashes of empty leaves).
 * So the tree over n sends has depth ceil(log2 n); a node covering only indices >= n is bytes32(0).
 */
import { ZeroHash, concat, keccak256, solidityPacked, zeroPadValue, toBeHex } from "ethers";

export interface L2ToL1Message {
  /** `L2ToL1Tx.position`: the leaf index (level 0). */
  position: bigint;
  caller: string;
  destination: string;
  arbBlockNum: bigint;
  ethBlockNum: bigint;
  timestamp: bigint;
  callvalue: bigint;
  data: string;
  /** `L2ToL1Tx.hash`, the item hash. */
  hash: string;
}

export function itemHash(m: Omit<L2ToL1Message, "hash" | "position">): string {
  return keccak256(
    solidityPacked(
      ["address", "address", "uint256", "uint256", "uint256", "uint256", "bytes"],
      [m.caller, m.destination, m.arbBlockNum, m.ethBlockNum, m.timestamp, m.callvalue, m.data],
    ),
  );
}

const hashPair = (a: string, b: string) => keccak256(concat([a, b]));

function depth(size: number): number {
  let d = 0;
  while (1 << d < size) d++;
  return d;
}

/** Node at `level` and `index` of the send tree over `leaves` (already keccak256(itemHash)). */
function node(leaves: string[], level: number, index: number): string {
  const first = index << level;
  if (first >= leaves.length) return ZeroHash;
  if (level === 0) return leaves[index];
  return hashPair(node(leaves, level - 1, 2 * index), node(leaves, level - 1, 2 * index + 1));
}

function leavesOf(itemHashes: string[]): string[] {
  return itemHashes.map((h) => keccak256(zeroPadValue(h, 32)));
}

/** Send root after `itemHashes.length` sends, equal to ArbSys.sendMerkleTreeState().root. */
export function sendRoot(itemHashes: string[]): string {
  if (itemHashes.length === 0) return ZeroHash;
  const leaves = leavesOf(itemHashes);
  return node(leaves, depth(leaves.length), 0);
}

/** Sibling path of leaf `index` in the tree of `itemHashes` (the `proof` argument of Outbox.executeTransaction). */
export function outboxProof(itemHashes: string[], index: number): string[] {
  if (index < 0 || index >= itemHashes.length) throw new Error(`no send at index ${index}`);
  const leaves = leavesOf(itemHashes);
  const proof: string[] = [];
  for (let level = 0; level < depth(leaves.length); level++) {
    proof.push(node(leaves, level, (index >> level) ^ 1));
  }
  return proof;
}

/** Normalizes the uint256 `hash` topic of L2ToL1Tx to bytes32 hex. */
export function hashFromTopic(value: bigint): string {
  return toBeHex(value, 32);
}
