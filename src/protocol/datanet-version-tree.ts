import { StandardMerkleTree } from "@openzeppelin/merkle-tree";

/**
 * Merkle tree of a Datanet version: one leaf per accepted contribution, `[contributionId, contentHash]`.
 *
 * Solidity (DatanetRegistry.versionLeaf):
 *   keccak256(bytes.concat(keccak256(abi.encode(contributionId, contentHash))))
 * which is exactly StandardMerkleTree's leaf for the types ["uint256", "bytes32"].
 */
export const VERSION_LEAF_TYPES = ["uint256", "bytes32"] as const;

export interface VersionEntry {
  contributionId: bigint;
  contentHash: string;
}

/** Builds the version tree; entries are sorted by contribution id first so that every builder gets the same root. */
export function buildVersionTree(entries: readonly VersionEntry[]): StandardMerkleTree<[bigint, string]> {
  const sorted = [...entries].sort((a, b) =>
    a.contributionId < b.contributionId ? -1 : a.contributionId > b.contributionId ? 1 : 0,
  );
  return StandardMerkleTree.of(
    sorted.map((e): [bigint, string] => [e.contributionId, e.contentHash]),
    [...VERSION_LEAF_TYPES],
  );
}
