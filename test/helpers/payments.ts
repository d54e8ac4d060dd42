/**
 * Shared fixture of the payments suite: OPEN (the asset), WOPEN, the real DatanetRegistry and ModelRegistry,
 * AgentRegistry, InferencePayments, a staking stand-in and the NativeGateway, wired as the deployment wires them.
 *
 * The model registry is reached only through `deployModelRegistry` and `setModel` (the one place that knows how models
 * are registered). Tests of a misbehaving registry (a share above 100%, no revenue recipient) deploy the test-only
 * PaymentsModelRegistryStandIn themselves.
 */
import type { Signer, TypedDataDomain } from "ethers";

import { ModelStatus, signCompactVoucher, voucherDomain, type CompactVoucher } from "../../src/protocol/index.js";
import type {
  AgentRegistry,
  DatanetRegistry,
  InferencePayments,
  ModelRegistry,
  ModelShares,
  NativeGateway,
  PaymentsStakingStandIn,
} from "../../typechain-types/index.js";
import { createChain, deployTokens, type Chain } from "./fixtures.js";
import { deployUupsProxy } from "./proxy.js";
import { cid, contentHash, datanetConfig, modelRegistration } from "./registries.js";

export const DAY = 86_400n;
export const EPOCH_LENGTH = DAY;
export const BPS = 10_000n;

/** IModelRegistry.ModelStatus, from the kernel's generated enums. */
export { ModelStatus };

export interface ModelTerms {
  operator: string;
  pricePerUnit: bigint;
  contributorShareBps: number;
  status: number;
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
 * Deploys the DatanetRegistry and ModelRegistry (UUPS proxies) and publishes version 1 of one Datanet owned by
 * `modelOwner`, which every model of the suite names as its training data.
 */
async function deployModelRegistry(chain: Chain, asset: string, admin: Signer, modelOwner: Signer, treasury: string) {
  const adminAddress = await admin.getAddress();
  const datanets = await deployUupsProxy<DatanetRegistry>(chain, "DatanetRegistry", [adminAddress, asset, treasury]);
  const sharesImplementation = (await chain.ethers.deployContract("ModelShares")) as unknown as ModelShares;
  const modelRegistry = await deployUupsProxy<ModelRegistry>(chain, "ModelRegistry", [
    adminAddress,
    datanets.target,
    sharesImplementation.target,
    asset,
  ]);
  const owned = datanets.connect(modelOwner);
  await owned.createDatanet(datanetConfig());
  await owned.contribute(1n, contentHash("payments-1"), "ipfs://c1");
  await owned.reviewBatch([cid(1n, 1n)], [true]);
  await owned.publishVersion(1n, contentHash("payments-root"), 1n, "ipfs://v1");
  return modelRegistry;
}

/**
 * Makes model `modelId` exist with `terms`: registers models (owned by `modelOwner`) up to `modelId`, then sets the
 * operator, price, contributor share and status through the owner's ModelRegistry calls.
 */
export async function setModel(
  s: { modelRegistry: ModelRegistry; modelOwner: Signer },
  modelId: bigint,
  terms: ModelTerms,
) {
  const registry = s.modelRegistry.connect(s.modelOwner);
  while ((await registry.modelCount()) < modelId) {
    await registry.registerModel(
      modelRegistration(terms.operator, {
        pricePerUnit: terms.pricePerUnit,
        contributorShareBps: terms.contributorShareBps,
      }),
    );
  }
  const current = await registry.paymentTerms(modelId);
  if (current.operator !== terms.operator) await registry.setOperator(modelId, terms.operator);
  if (current.pricePerUnit !== terms.pricePerUnit) await registry.setPrice(modelId, terms.pricePerUnit);
  if (current.contributorShareBps !== BigInt(terms.contributorShareBps)) {
    await registry.setContributorShare(modelId, terms.contributorShareBps);
  }
  if (current.status !== BigInt(terms.status)) await registry.setStatus(modelId, terms.status);
}

export async function deployPaymentsSystem(chain: Chain) {
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

  const modelRegistry = await deployModelRegistry(chain, await open.getAddress(), admin, modelOwner, treasury.address);
  const agentRegistry = await deployUupsProxy<AgentRegistry>(chain, "AgentRegistry", [admin.address], [open.target]);
  const latest = await chain.networkHelpers.time.latest();
  const genesis = BigInt(latest);
  const payments = await deployUupsProxy<InferencePayments>(
    chain,
    "InferencePayments",
    [admin.address, genesis, EPOCH_LENGTH],
    [open.target, modelRegistry.target, agentRegistry.target],
  );
  const staking = (await ethers.deployContract("PaymentsStakingStandIn", [
    open.target,
  ])) as unknown as PaymentsStakingStandIn;

  await payments.connect(admin).grantRole(await payments.GUARDIAN_ROLE(), guardian.address);
  await payments.connect(admin).grantRole(await payments.REWARD_DISTRIBUTOR_ROLE(), distributor.address);
  await payments.connect(admin).setTreasury(treasury.address);
  await payments.connect(admin).setStakingContract(staking.target);
  await agentRegistry.connect(admin).grantRole(await agentRegistry.PAYMENTS_ROLE(), payments.target);
  await modelRegistry.connect(admin).setInferencePayments(payments.target);

  const modelId = 1n;
  const price = 10n ** 15n; // 0.001 OPEN per unit
  const contributorShareBps = 3_000;
  await setModel({ modelRegistry, modelOwner }, modelId, {
    operator: operator.address,
    pricePerUnit: price,
    contributorShareBps,
    status: ModelStatus.Active,
  });

  // Every payer gets OPEN and approves the payments contract and the agent registry.
  const funding = 10n ** 24n;
  for (const account of [payer, payer2, agentOwner, other]) {
    await open.connect(deployer).transfer(account.address, funding);
    await open.connect(account).approve(payments.target, ethers.MaxUint256);
    await open.connect(account).approve(agentRegistry.target, ethers.MaxUint256);
  }

  const chainId = (await ethers.provider.getNetwork()).chainId;
  const domain = voucherDomain(chainId, await payments.getAddress());

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
export async function paymentsFixture() {
  const chain = await createChain();
  const fixture = () => deployPaymentsSystem(chain);
  return { chain, load: () => chain.networkHelpers.loadFixture(fixture) };
}

/** Deploys the native gateway against a system whose asset is WOPEN (the Orbit configuration). */
export async function deployGatewaySystem(chain: Chain) {
  const { ethers } = chain;
  const { users, wopen } = await deployTokens(chain);
  const [admin, operator, modelOwner, payer, agentOwner, agentOperator, other] = users;
  const modelRegistry = await deployModelRegistry(chain, await wopen.getAddress(), admin, modelOwner, admin.address);
  const agentRegistry = await deployUupsProxy<AgentRegistry>(chain, "AgentRegistry", [admin.address], [wopen.target]);
  const payments = await deployUupsProxy<InferencePayments>(
    chain,
    "InferencePayments",
    [admin.address, BigInt(await chain.networkHelpers.time.latest()), EPOCH_LENGTH],
    [wopen.target, modelRegistry.target, agentRegistry.target],
  );
  await agentRegistry.connect(admin).grantRole(await agentRegistry.PAYMENTS_ROLE(), payments.target);
  const staking = (await ethers.deployContract("PaymentsStakingStandIn", [
    wopen.target,
  ])) as unknown as PaymentsStakingStandIn;
  const gateway = (await ethers.deployContract("NativeGateway", [
    wopen.target,
    payments.target,
    agentRegistry.target,
    staking.target,
  ])) as unknown as NativeGateway;
  const modelId = 1n;
  const price = 10n ** 15n;
  await setModel({ modelRegistry, modelOwner }, modelId, {
    operator: operator.address,
    pricePerUnit: price,
    contributorShareBps: 3_000,
    status: ModelStatus.Active,
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

/** Signs a voucher with the kernel (src/protocol/vouchers.ts) and returns the calldata item (EIP-2098 compact). */
export async function signVoucher(
  signer: Signer,
  domain: TypedDataDomain,
  modelId: bigint,
  cumulativeAmount: bigint,
  payer?: string,
): Promise<CompactVoucher> {
  return signCompactVoucher(signer, domain, { payer: payer ?? (await signer.getAddress()), modelId, cumulativeAmount });
}
