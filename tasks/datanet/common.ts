/**
 * What the `datanet` tasks share: policy names as the CLI spells them, existence and role checks that turn into
 * one-line errors before anything is sent, contribution ids, and the contribution records read from the event log
 * (a contribution's URI lives only in its `ContributionSubmitted` event, docs/decisions/0102).
 */
import type { ProtocolContract } from "../lib/contracts.js";
import { TaskError } from "../lib/errors.js";
import { queryEvents } from "../lib/contracts.js";

export const CONTRIBUTION_POLICIES = ["open", "allowlist"] as const;
export const USAGE_POLICIES = ["open", "approval"] as const;
/** RejectedBondPolicy: RefundContributor, ToDatanetOwner, ToTreasury. */
export const REJECTED_BOND_POLICIES = ["refund", "owner", "treasury"] as const;
/** Where a rejected contribution's bond goes, in words. */
export const REJECTED_BOND_TEXT: Record<string, string> = {
  refund: "back to the contributor",
  owner: "to the Datanet owner",
  treasury: "to the protocol treasury",
};
export const CONTRIBUTION_STATUSES = ["none", "pending", "accepted", "rejected", "withdrawn"] as const;

/** The registry stores a bond in a uint80. */
export const MAX_BOND = (1n << 80n) - 1n;

/** `datanetId << 32 | index` (docs/decisions/0101). */
export function contributionId(datanetId: bigint, index: bigint): bigint {
  return (datanetId << 32n) | index;
}

export function contributionIndex(id: bigint): bigint {
  return id & 0xffffffffn;
}

export function contributionDatanet(id: bigint): bigint {
  return id >> 32n;
}

/** Fails with "datanet N does not exist" unless it does. */
export async function requireDatanet(registry: ProtocolContract, datanetId: bigint): Promise<void> {
  // Datanets are numbered from 1 and never deleted.
  if (datanetId === 0n || datanetId > (await registry.datanetCount())) {
    throw new TaskError(`datanet ${datanetId} does not exist`);
  }
}

/** Fails unless `account` owns `datanetId`; returns the owner. */
export async function requireOwner(registry: ProtocolContract, datanetId: bigint, account: string): Promise<string> {
  await requireDatanet(registry, datanetId);
  const owner = await registry.ownerOf(datanetId);
  if (owner !== account) throw new TaskError(`${account} does not own datanet ${datanetId} (its owner is ${owner})`);
  return owner;
}

/** Fails unless `account` may curate `datanetId` (a curator or the owner). */
export async function requireCurator(registry: ProtocolContract, datanetId: bigint, account: string): Promise<void> {
  await requireDatanet(registry, datanetId);
  if (await registry.isCurator(datanetId, account)) return;
  const owner = await registry.ownerOf(datanetId);
  if (owner !== account) {
    throw new TaskError(`${account} is neither a curator nor the owner of datanet ${datanetId}`);
  }
}

/** A contribution as its `ContributionSubmitted` event recorded it. */
export interface SubmittedContribution {
  contributionId: bigint;
  index: bigint;
  contributor: string;
  contentHash: string;
  uri: string;
  bond: bigint;
  blockNumber: number;
  transactionHash: string;
}

/** Every contribution submitted to `datanetId`, by contribution id (in id order); events searched from `fromBlock`. */
export async function submittedContributions(
  registry: ProtocolContract,
  datanetId: bigint,
  fromBlock: number,
): Promise<Map<bigint, SubmittedContribution>> {
  const events = await queryEvents(registry, registry.filters.ContributionSubmitted(undefined, datanetId), fromBlock);
  const records = events.map((event) => ({
    contributionId: event.args.contributionId,
    index: contributionIndex(event.args.contributionId),
    contributor: event.args.contributor,
    contentHash: event.args.contentHash.toLowerCase(),
    uri: event.args.uri,
    bond: event.args.bond,
    blockNumber: event.blockNumber,
    transactionHash: event.transactionHash,
  }));
  records.sort((a, b) => (a.contributionId < b.contributionId ? -1 : a.contributionId > b.contributionId ? 1 : 0));
  return new Map(records.map((record) => [record.contributionId, record]));
}

/** `DatanetRegistry.datanetConfig`'s result, as the tasks read it. */
export interface DatanetConfig {
  metadataURI: string;
  licenseURI: string;
  contributionPolicy: bigint;
  usagePolicy: bigint;
  rejectedBondPolicy: bigint;
  contributionBond: bigint;
}

/** Datanet config as the tasks print it. */
export function describeConfig(config: DatanetConfig) {
  return {
    metadataURI: config.metadataURI,
    licenseURI: config.licenseURI,
    contributionPolicy: CONTRIBUTION_POLICIES[Number(config.contributionPolicy)],
    usagePolicy: USAGE_POLICIES[Number(config.usagePolicy)],
    rejectedBondPolicy: REJECTED_BOND_POLICIES[Number(config.rejectedBondPolicy)],
    contributionBond: config.contributionBond,
  };
}
