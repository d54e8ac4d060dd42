import { ContributionPolicy, RejectedBondPolicy, UsagePolicy } from "../../protocol/index.js";
import { eventOf, write, type OpenLedgerClient } from "../client.js";

export interface CreateDatanetParameters {
  metadataURI: string;
  licenseURI: string;
  /** `ContributionPolicy` (default Open). */
  contributionPolicy?: number;
  /** `UsagePolicy` (default Open). */
  usagePolicy?: number;
  /** `RejectedBondPolicy` (default RefundContributor). */
  rejectedBondPolicy?: number;
  /** Bond pulled from each contributor (0 for none). */
  contributionBond?: bigint;
}

export interface CreateDatanetReturnType {
  datanetId: bigint;
  transactionHash: string;
}

/** Creates a Datanet owned by the client's account (DatanetRegistry.createDatanet). */
export async function createDatanet(
  client: OpenLedgerClient,
  parameters: CreateDatanetParameters,
): Promise<CreateDatanetReturnType> {
  const config = {
    metadataURI: parameters.metadataURI,
    licenseURI: parameters.licenseURI,
    contributionPolicy: parameters.contributionPolicy ?? ContributionPolicy.Open,
    usagePolicy: parameters.usagePolicy ?? UsagePolicy.Open,
    rejectedBondPolicy: parameters.rejectedBondPolicy ?? RejectedBondPolicy.RefundContributor,
    contributionBond: parameters.contributionBond ?? 0n,
  };
  const result = await write(client, "DatanetRegistry", "createDatanet", [config]);
  return {
    datanetId: eventOf(result, "DatanetCreated").args.datanetId as bigint,
    transactionHash: result.transactionHash,
  };
}
