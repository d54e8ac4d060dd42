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
export const ContributionStatus = { None: 0, Pending: 1, Accepted: 2, Rejected: 3 } as const;
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
