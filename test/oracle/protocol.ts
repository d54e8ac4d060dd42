/**
 * The protocol for the oracle tests: every real contract behind UUPS proxies (deployUupsProxy, as the Ignition
 * deployment does), wired as deploy/modules/Protocol.ts wires them, with OPEN as the asset. Governance is real where
 * the oracle flow needs it: a TimelockController driven by OpenGovernor (votes from OpenStaking) holds RESOLVER_ROLE
 * on the AttributionOracle, and the deployer renounced it, so only a passed proposal can rule on a dispute. The
 * deployer stays admin of the rest (parameter changes are not what these tests exercise).
 */
import { ZeroAddress, id } from "ethers";

import type {
  AgentRegistry,
  AttributionOracle,
  DatanetRegistry,
  InferencePayments,
  ModelRegistry,
  ModelShares,
  OpenGovernor,
  OpenStaking,
  RewardDistributor,
  TimelockController,
  Treasury,
} from "../../typechain-types/index.js";
import { deployTokens, type Chain } from "../helpers/fixtures.js";
import { deployUupsProxy } from "../helpers/proxy.js";

export const DAY = 86_400n;
export const HOUR = 3_600n;
export const OPEN = 10n ** 18n;
export const EPOCH_LENGTH = DAY;
export const GOVERNANCE = { votingDelay: HOUR, votingPeriod: DAY, timelockDelay: 2n * DAY, lateQuorumExtension: HOUR };

export async function deployOracleProtocol(chain: Chain) {
  const { ethers } = chain;
  const { deployer, users, open } = await deployTokens(chain);
  const admin = deployer.address;
  const asset = await open.getAddress();
  const genesis = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);

  const treasury = await deployUupsProxy<Treasury>(chain, "Treasury", [admin, asset, ZeroAddress]);
  const datanetRegistry = await deployUupsProxy<DatanetRegistry>(chain, "DatanetRegistry", [
    admin,
    asset,
    await treasury.getAddress(),
  ]);
  const shares = (await ethers.deployContract("ModelShares")) as unknown as ModelShares;
  const modelRegistry = await deployUupsProxy<ModelRegistry>(chain, "ModelRegistry", [
    admin,
    await datanetRegistry.getAddress(),
    await shares.getAddress(),
    asset,
  ]);
  const agentRegistry = await deployUupsProxy<AgentRegistry>(chain, "AgentRegistry", [admin], [asset]);
  const inferencePayments = await deployUupsProxy<InferencePayments>(
    chain,
    "InferencePayments",
    [admin, genesis, EPOCH_LENGTH],
    [asset, await modelRegistry.getAddress(), await agentRegistry.getAddress()],
  );
  const payments = await inferencePayments.getAddress();
  const staking = await deployUupsProxy<OpenStaking>(chain, "OpenStaking", [admin, payments, ZeroAddress], [asset]);
  const rewardDistributor = await deployUupsProxy<RewardDistributor>(chain, "RewardDistributor", [
    admin,
    asset,
    payments,
    admin,
  ]);
  const attributionOracle = await deployUupsProxy<AttributionOracle>(chain, "AttributionOracle", [
    {
      admin,
      asset,
      staking: await staking.getAddress(),
      payments,
      modelRegistry: await modelRegistry.getAddress(),
      distributor: await rewardDistributor.getAddress(),
      treasury: await treasury.getAddress(),
    },
  ]);
  const oracleAddress = await attributionOracle.getAddress();

  const timelock = (await ethers.deployContract("TimelockController", [
    GOVERNANCE.timelockDelay,
    [],
    [ZeroAddress],
    admin,
  ])) as unknown as TimelockController;
  const governor = await deployUupsProxy<OpenGovernor>(chain, "OpenGovernor", [
    await staking.getAddress(),
    await timelock.getAddress(),
    GOVERNANCE.votingDelay,
    GOVERNANCE.votingPeriod,
    10_000n * OPEN,
    4n,
    GOVERNANCE.lateQuorumExtension,
  ]);

  await modelRegistry.setInferencePayments(payments);
  await modelRegistry.setStaking(await staking.getAddress());
  await agentRegistry.grantRole(id("PAYMENTS_ROLE"), payments);
  await inferencePayments.setTreasury(await treasury.getAddress());
  await inferencePayments.setStakingContract(await staking.getAddress());
  await inferencePayments.grantRole(id("REWARD_DISTRIBUTOR_ROLE"), await rewardDistributor.getAddress());
  await staking.grantRole(id("SLASHER_ROLE"), oracleAddress);
  await rewardDistributor.grantRole(id("ORACLE_ROLE"), oracleAddress);
  await rewardDistributor.renounceRole(id("ORACLE_ROLE"), admin);
  await attributionOracle.grantRole(id("RESOLVER_ROLE"), await timelock.getAddress());
  await attributionOracle.renounceRole(id("RESOLVER_ROLE"), admin);
  await timelock.grantRole(id("PROPOSER_ROLE"), await governor.getAddress());
  await timelock.grantRole(id("CANCELLER_ROLE"), await governor.getAddress());
  await timelock.renounceRole(ethers.ZeroHash, admin);

  /** The address map the oracle node reads (the shape of deployments/<chainId>.json). */
  const deployment = {
    asset,
    contracts: {
      OpenToken: asset,
      Treasury: await treasury.getAddress(),
      DatanetRegistry: await datanetRegistry.getAddress(),
      ModelRegistry: await modelRegistry.getAddress(),
      AgentRegistry: await agentRegistry.getAddress(),
      InferencePayments: payments,
      OpenStaking: await staking.getAddress(),
      RewardDistributor: await rewardDistributor.getAddress(),
      AttributionOracle: oracleAddress,
      TimelockController: await timelock.getAddress(),
      OpenGovernor: await governor.getAddress(),
    },
  };
  return {
    deployer,
    users,
    open,
    genesis,
    treasury,
    datanetRegistry,
    modelRegistry,
    agentRegistry,
    inferencePayments,
    staking,
    rewardDistributor,
    attributionOracle,
    timelock,
    governor,
    deployment,
  };
}

export type OracleProtocol = Awaited<ReturnType<typeof deployOracleProtocol>>;
