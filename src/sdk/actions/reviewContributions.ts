import { write, type OpenLedgerClient } from "../client.js";

export interface ReviewContributionsParameters {
  /** Contribution ids with the decision for each. */
  decisions: readonly { contributionId: bigint; accept: boolean }[];
}

/** Accepts or rejects pending contributions in one transaction (a curator's or the Datanet owner's call). */
export async function reviewContributions(
  client: OpenLedgerClient,
  { decisions }: ReviewContributionsParameters,
): Promise<{ transactionHash: string }> {
  const result = await write(client, "DatanetRegistry", "reviewBatch", [
    decisions.map((d) => d.contributionId),
    decisions.map((d) => d.accept),
  ]);
  return { transactionHash: result.transactionHash };
}
