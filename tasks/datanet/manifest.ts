/**
 * The version manifest: the file at a published version's URI that lists the contributions the version freezes, so
 * that anyone (the oracle node first) can rebuild the version's merkle root and fetch every contribution.
 *
 * Format (the one the oracle node reads, docs/decisions/0400): a JSON array, in contribution id order, of
 *   {"contentHash": "0x<64 hex>", "contributionId": "<decimal>", "contributor": "0x<checksummed>", "uri": "<uri>"}
 * written canonically (keys sorted, two-space indentation, final newline), so the same version always gives the
 * same bytes and the same content hash. The root is the Datanet version tree over (contributionId, contentHash)
 * (src/protocol/datanet-version-tree.ts, docs/decisions/0105).
 */
import { getAddress } from "ethers";

import { buildVersionTree } from "../../src/protocol/index.js";

export interface ManifestEntry {
  contributionId: bigint;
  contentHash: string;
  uri: string;
  contributor: string;
}

export function buildManifest(entries: readonly ManifestEntry[]): { bytes: Uint8Array; root: string; count: number } {
  const sorted = [...entries].sort((a, b) =>
    a.contributionId < b.contributionId ? -1 : a.contributionId > b.contributionId ? 1 : 0,
  );
  const json = sorted.map((entry) => ({
    contentHash: entry.contentHash.toLowerCase(),
    contributionId: entry.contributionId.toString(),
    contributor: getAddress(entry.contributor),
    uri: entry.uri,
  }));
  const bytes = new TextEncoder().encode(`${JSON.stringify(json, null, 2)}\n`);
  return { bytes, root: buildVersionTree(sorted).root, count: sorted.length };
}
