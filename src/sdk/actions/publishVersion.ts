import { buildVersionTree } from "../../protocol/index.js";
import { eventOf, write, type OpenLedgerClient } from "../client.js";

export interface PublishVersionParameters {
  datanetId: bigint;
  /** The accepted contributions the version freezes, with their content hashes. */
  contributions: readonly { contributionId: bigint; contentHash: string }[];
  /** Where the version's manifest is published. */
  uri: string;
}

export interface PublishVersionReturnType {
  version: number;
  merkleRoot: string;
  transactionHash: string;
}

/** Publishes the next version of a Datanet over `contributions` (merkle root as the registry defines its leaves). */
export async function publishVersion(
  client: OpenLedgerClient,
  parameters: PublishVersionParameters,
): Promise<PublishVersionReturnType> {
  const tree = buildVersionTree(
    parameters.contributions.map((c) => ({ contributionId: c.contributionId, contentHash: c.contentHash })),
  );
  const result = await write(client, "DatanetRegistry", "publishVersion", [
    parameters.datanetId,
    tree.root,
    parameters.contributions.length,
    parameters.uri,
  ]);
  return {
    version: Number(eventOf(result, "VersionPublished").args.version),
    merkleRoot: tree.root,
    transactionHash: result.transactionHash,
  };
}
