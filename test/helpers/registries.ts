import { id as keccakId } from "ethers";

import type {
  DatanetRegistry,
  MockInferencePayments,
  ModelRegistry,
  ModelShares,
} from "../../typechain-types/index.js";
import { type Chain, deployTokens } from "./fixtures.js";
import { deployUupsProxy } from "./proxy.js";

export const ContributionPolicy = { Open: 0, AllowListed: 1 } as const;
export const UsagePolicy = { Open: 0, ApprovalRequired: 1 } as const;
export const RejectedBondPolicy = { RefundContributor: 0, ToDatanetOwner: 1, ToTreasury: 2 } as const;
export const ContributionStatus = { None: 0, Pending: 1, Accepted: 2, Rejected: 3, Withdrawn: 4 } as const;
export const ModelStatus = { None: 0, Active: 1, Paused: 2, Retired: 3 } as const;
export const OperatorRole = { None: 0, AttributionOracle: 1, ComputeProvider: 2 } as const;

export const ONE = 10n ** 18n;
export const SHARES_SUPPLY = 1_000_000n * ONE;

/** A deterministic content hash for test contribution `n`. */
export function contentHash(n: number | string): string {
  return keccakId(`content-${n}`);
}

export interface DatanetConfigInput {
  metadataURI: string;
  licenseURI: string;
  contributionPolicy: number;
  usagePolicy: number;
  rejectedBondPolicy: number;
  contributionBond: bigint;
}

export function datanetConfig(overrides: Partial<DatanetConfigInput> = {}): DatanetConfigInput {
  return {
    metadataURI: "ipfs://bafkreidatanetmetadata",
    licenseURI: "https://spdx.org/licenses/CC-BY-4.0",
    contributionPolicy: ContributionPolicy.Open,
    usagePolicy: UsagePolicy.Open,
    rejectedBondPolicy: RejectedBondPolicy.RefundContributor,
    contributionBond: 0n,
    ...overrides,
  };
}

/** OPEN, DatanetRegistry and ModelRegistry behind UUPS proxies, the ModelShares implementation and a mock
 * InferencePayments wired to the ModelRegistry. Signers: admin (timelock stand-in), treasury, then users. */
export async function deployRegistries(chain: Chain) {
  const { ethers } = chain;
  const { deployer, users, open } = await deployTokens(chain);
  const [admin, treasury, ...rest] = users;
  const datanets = await deployUupsProxy<DatanetRegistry>(chain, "DatanetRegistry", [
    admin.address,
    await open.getAddress(),
    treasury.address,
  ]);
  const sharesImplementation = (await ethers.deployContract("ModelShares")) as unknown as ModelShares;
  const models = await deployUupsProxy<ModelRegistry>(chain, "ModelRegistry", [
    admin.address,
    await datanets.getAddress(),
    await sharesImplementation.getAddress(),
    await open.getAddress(),
  ]);
  const payments = (await ethers.deployContract("MockInferencePayments", [
    await open.getAddress(),
    await models.getAddress(),
  ])) as unknown as MockInferencePayments;
  await models.connect(admin).setInferencePayments(await payments.getAddress());
  // Every user gets 10,000 OPEN.
  for (const user of rest.slice(0, 8)) await open.transfer(user.address, 10_000n * ONE);
  return { deployer, admin, treasury, users: rest, open, datanets, models, sharesImplementation, payments };
}

export type Registries = Awaited<ReturnType<typeof deployRegistries>>;

/** Contribution id of the `index`-th contribution (from 1) to `datanetId`: `datanetId << 32 | index`. */
export function cid(datanetId: number | bigint, index: number | bigint): bigint {
  return (BigInt(datanetId) << 32n) | BigInt(index);
}

export interface ModelRegistrationInput {
  metadataURI: string;
  weightsHash: string;
  trainedOn: { datanetId: bigint | number; version: bigint | number }[];
  baseModelId: bigint | number;
  operator: string;
  pricePerUnit: bigint;
  contributorShareBps: number;
}

export function modelRegistration(
  operator: string,
  overrides: Partial<ModelRegistrationInput> = {},
): ModelRegistrationInput {
  return {
    metadataURI: "ipfs://bafkreimodelcard",
    weightsHash: keccakId("weights"),
    trainedOn: [{ datanetId: 1, version: 1 }],
    baseModelId: 0,
    operator,
    pricePerUnit: 10n ** 15n,
    contributorShareBps: 2000,
    ...overrides,
  };
}

/** Creates a Datanet owned by `owner` with `config`, accepts `count` contributions from `contributor` and publishes
 * version 1 (a placeholder root: the registries never read leaves). Returns the Datanet id. */
export async function datanetWithVersion(
  r: Pick<Registries, "datanets">,
  owner: Registries["users"][number],
  contributor: Registries["users"][number],
  config: Partial<DatanetConfigInput> = {},
  count = 2,
): Promise<bigint> {
  const { datanets } = r;
  await datanets.connect(owner).createDatanet(datanetConfig(config));
  const datanetId = await datanets.datanetCount();
  const ids: bigint[] = [];
  for (let i = 1; i <= count; i++) {
    await datanets.connect(contributor).contribute(datanetId, contentHash(`${datanetId}-${i}`), `ipfs://c${i}`);
    ids.push(cid(datanetId, i));
  }
  await datanets.connect(owner).reviewBatch(
    ids,
    ids.map(() => true),
  );
  await datanets.connect(owner).publishVersion(datanetId, keccakId(`root-${datanetId}`), count, "ipfs://v1");
  return datanetId;
}

/** A struct returned by a contract call as a plain object (ethers' `Result.toObject`, which typechain hides). */
export function asObject(result: unknown): Record<string, unknown> {
  return (result as { toObject(): Record<string, unknown> }).toObject();
}
