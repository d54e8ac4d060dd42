import { keccak256 } from "ethers";

import { eventOf, read, write, type OpenLedgerClient } from "../client.js";

export interface ContributeParameters {
  datanetId: bigint;
  /** The content; its keccak256 is the content hash the registry records (the oracles verify it). */
  content: Uint8Array;
  /** Where the content can be fetched (content store URI). */
  uri: string;
}

export interface ContributeReturnType {
  contributionId: bigint;
  contentHash: string;
  transactionHash: string;
}

/**
 * Contributes to a Datanet at the terms read now (`contributeAtTerms`: a bond or policy changed in between makes it
 * revert instead of taking a different bond). Approve the asset for the DatanetRegistry first if the Datanet asks a
 * bond (`approveAsset`).
 */
export async function contribute(
  client: OpenLedgerClient,
  parameters: ContributeParameters,
): Promise<ContributeReturnType> {
  const config = await read<{ contributionBond: bigint; rejectedBondPolicy: bigint }>(
    client,
    "DatanetRegistry",
    "datanetConfig",
    [parameters.datanetId],
  );
  const contentHash = keccak256(parameters.content);
  const result = await write(client, "DatanetRegistry", "contributeAtTerms", [
    parameters.datanetId,
    contentHash,
    parameters.uri,
    config.contributionBond,
    config.rejectedBondPolicy,
  ]);
  const event = eventOf(result, "ContributionSubmitted");
  return { contributionId: event.args.contributionId as bigint, contentHash, transactionHash: result.transactionHash };
}
