/**
 * Shared fixture of the payments suite: OPEN (the asset), WOPEN, a model registry, AgentRegistry, InferencePayments,
 * a staking stand-in and the NativeGateway, wired as the deployment wires them.
 *
 * The model registry is the ONE place to swap: `deployModelRegistry` and `setModel` use the test-only
 * ModelRegistryStandIn until the real ModelRegistry is merged; then only these two functions change.
 */
import { Signature, TypedDataEncoder, type Signer, type TypedDataField } from "ethers";

import { INFERENCE_PAYMENTS_DOMAIN_NAME, protocolDomain, voucherTypes } from "../../src/protocol/eip712.js";
import type {
  AgentRegistry,
  InferencePayments,
  ModelRegistryStandIn,
  NativeGateway,
  StakingStandIn,
} from "../../typechain-types/index.js";
import { createChain, deployTokens, type Chain } from "./fixtures.js";
import { deployUupsProxy } from "./proxy.js";

export const DAY = 86_400n;
export const EPOCH_LENGTH = DAY;
export const BPS = 10_000n;

/** IModelRegistry.ModelStatus */
export const ModelStatus = { None: 0, Active: 1, Paused: 2, Retired: 3 } as const;

export interface ModelTerms {
  operator: string;
  pricePerUnit: bigint;
  contributorShareBps: number;
  status: number;
  revenueRecipient: string;
}

/** Mirrors FeeSplit.split exactly (integer arithmetic, remainders to the owner). */
export function split(amount: bigint, protocolFeeBps = 500n, stakerFeeBps = 500n, contributorShareBps = 3_000n) {
  const protocol = (amount * protocolFeeBps) / BPS;
  const stakers = (amount * stakerFeeBps) / BPS;
  const rest = amount - protocol - stakers;
  const contributors = (rest * contributorShareBps) / BPS;
  return { protocol, stakers, contributors, owner: rest - contributors };
}

/**
 * Deploys the model registry the payments contracts read. Stand-in until the real ModelRegistry lands.
 * `behindProxy` puts the stand-in behind an ERC1967 proxy, as the real (UUPS) registry will be, for gas figures.
 */
async function deployModelRegistry(chain: Chain, behindProxy = false): Promise<ModelRegistryStandIn> {
  const standIn = await chain.ethers.deployContract("ModelRegistryStandIn");
  if (!behindProxy) return standIn as unknown as ModelRegistryStandIn;
  // OpenZeppelin 5.7's proxy refuses empty init data: a no-op call stands in for an initializer.
  const init = standIn.interface.encodeFunctionData("setRevenueRecipient", [0n, "0x" + "00".repeat(20)]);
  const proxy = await chain.ethers.deployContract("ERC1967Proxy", [standIn.target, init]);
  return (await chain.ethers.getContractAt("ModelRegistryStandIn", proxy.target)) as unknown as ModelRegistryStandIn;
}

/** Registers or updates model `modelId` with `terms`. Stand-in until the real ModelRegistry lands. */
export async function setModel(registry: ModelRegistryStandIn, modelId: bigint, terms: ModelTerms) {
  await registry.setTerms(modelId, terms.operator, terms.pricePerUnit, terms.contributorShareBps, terms.status);
  await registry.setRevenueRecipient(modelId, terms.revenueRecipient);
}

export async function deployPaymentsSystem(chain: Chain, options: { registryBehindProxy?: boolean } = {}) {
  const { ethers } = chain;
  const { deployer, users, open, wopen } = await deployTokens(chain);
  const [
    admin,
    guardian,
    treasury,
    distributor,
    modelOwner,
    operator,
    payer,
    payer2,
    agentOwner,
    agentOperator,
    other,
  ] = users;

  const modelRegistry = await deployModelRegistry(chain, options.registryBehindProxy);
  const agentRegistry = await deployUupsProxy<AgentRegistry>(chain, "AgentRegistry", [admin.address], [open.target]);
  const latest = await chain.networkHelpers.time.latest();
  const genesis = BigInt(latest);
  const payments = await deployUupsProxy<InferencePayments>(
    chain,
    "InferencePayments",
    [admin.address, genesis, EPOCH_LENGTH],
    [open.target, modelRegistry.target, agentRegistry.target],
  );
  const staking = (await ethers.deployContract("StakingStandIn", [open.target])) as unknown as StakingStandIn;

  await payments.connect(admin).grantRole(await payments.GUARDIAN_ROLE(), guardian.address);
  await payments.connect(admin).grantRole(await payments.REWARD_DISTRIBUTOR_ROLE(), distributor.address);
  await payments.connect(admin).setTreasury(treasury.address);
  await payments.connect(admin).setStakingContract(staking.target);
  await agentRegistry.connect(admin).grantRole(await agentRegistry.PAYMENTS_ROLE(), payments.target);

  const modelId = 1n;
  const price = 10n ** 15n; // 0.001 OPEN per unit
  const contributorShareBps = 3_000;
  await setModel(modelRegistry, modelId, {
    operator: operator.address,
    pricePerUnit: price,
    contributorShareBps,
    status: ModelStatus.Active,
    revenueRecipient: modelOwner.address,
  });

  // Every payer gets OPEN and approves the payments contract and the agent registry.
  const funding = 10n ** 24n;
  for (const account of [payer, payer2, agentOwner, other]) {
    await open.connect(deployer).transfer(account.address, funding);
    await open.connect(account).approve(payments.target, ethers.MaxUint256);
    await open.connect(account).approve(agentRegistry.target, ethers.MaxUint256);
  }

  const chainId = (await ethers.provider.getNetwork()).chainId;
  const domain = protocolDomain(INFERENCE_PAYMENTS_DOMAIN_NAME, chainId, await payments.getAddress());

  return {
    chain,
    ethers,
    deployer,
    admin,
    guardian,
    treasury,
    distributor,
    modelOwner,
    operator,
    payer,
    payer2,
    agentOwner,
    agentOperator,
    other,
    open,
    wopen,
    modelRegistry,
    agentRegistry,
    payments,
    staking,
    genesis,
    modelId,
    price,
    contributorShareBps,
    domain,
    funding,
  };
}

export type PaymentsSystem = Awaited<ReturnType<typeof deployPaymentsSystem>>;

/** A fresh chain with the payments system, snapshotted by the chain's loadFixture. */
export async function paymentsFixture(options: { registryBehindProxy?: boolean } = {}) {
  const chain = await createChain();
  const fixture = () => deployPaymentsSystem(chain, options);
  return { chain, load: () => chain.networkHelpers.loadFixture(fixture) };
}

/** Deploys the native gateway against a system whose asset is WOPEN (the Orbit configuration). */
export async function deployGatewaySystem(chain: Chain) {
  const { ethers } = chain;
  const { users, wopen } = await deployTokens(chain);
  const [admin, operator, modelOwner, payer, agentOwner, agentOperator, other] = users;
  const modelRegistry = await deployModelRegistry(chain);
  const agentRegistry = await deployUupsProxy<AgentRegistry>(chain, "AgentRegistry", [admin.address], [wopen.target]);
  const payments = await deployUupsProxy<InferencePayments>(
    chain,
    "InferencePayments",
    [admin.address, BigInt(await chain.networkHelpers.time.latest()), EPOCH_LENGTH],
    [wopen.target, modelRegistry.target, agentRegistry.target],
  );
  await agentRegistry.connect(admin).grantRole(await agentRegistry.PAYMENTS_ROLE(), payments.target);
  const staking = (await ethers.deployContract("StakingStandIn", [wopen.target])) as unknown as StakingStandIn;
  const gateway = (await ethers.deployContract("NativeGateway", [
    wopen.target,
    payments.target,
    agentRegistry.target,
    staking.target,
  ])) as unknown as NativeGateway;
  const modelId = 1n;
  const price = 10n ** 15n;
  await setModel(modelRegistry, modelId, {
    operator: operator.address,
    pricePerUnit: price,
    contributorShareBps: 3_000,
    status: ModelStatus.Active,
    revenueRecipient: modelOwner.address,
  });
  return {
    ethers,
    admin,
    operator,
    modelOwner,
    payer,
    agentOwner,
    agentOperator,
    other,
    wopen,
    modelRegistry,
    agentRegistry,
    payments,
    staking,
    gateway,
    modelId,
    price,
  };
}

/** The shared voucher type as ethers' mutable `TypedDataField` lists (the module exports it `as const`). */
const VOUCHER_TYPES: Record<string, TypedDataField[]> = {
  Voucher: voucherTypes.Voucher.map((field) => ({ ...field })),
};

/** Signs a voucher with the shared EIP-712 module and returns the calldata item (EIP-2098 compact signature). */
export async function signVoucher(
  signer: Signer,
  domain: ReturnType<typeof protocolDomain>,
  modelId: bigint,
  cumulativeAmount: bigint,
  payer?: string,
) {
  const payerAddress = payer ?? (await signer.getAddress());
  const signature = Signature.from(
    await signer.signTypedData(domain, VOUCHER_TYPES, { payer: payerAddress, modelId, cumulativeAmount }),
  );
  return { payer: payerAddress, cumulativeAmount, r: signature.r, vs: signature.yParityAndS };
}

/** The digest the contract recovers, computed off chain. */
export function voucherDigest(
  domain: ReturnType<typeof protocolDomain>,
  payer: string,
  modelId: bigint,
  cumulativeAmount: bigint,
) {
  return TypedDataEncoder.hash(domain, VOUCHER_TYPES, { payer, modelId, cumulativeAmount });
}

/** Epoch of a timestamp, as the contract computes it. */
export function epochOf(timestamp: bigint, genesis: bigint) {
  return (timestamp - genesis) / EPOCH_LENGTH;
}
