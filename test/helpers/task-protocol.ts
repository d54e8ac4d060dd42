/**
 * The protocol deployed by `protocol deploy` (test/helpers/run-task.ts), seen from the task tests: typed contracts at
 * the recorded addresses, and the setup the task groups under test do not do themselves (a Datanet version and a
 * registered model served by a staked compute provider).
 */
import { keccak256, toUtf8Bytes } from "ethers";
import hre from "hardhat";

import type { Deployment } from "../../tasks/lib/deployments.js";
import { cid, contentHash, datanetConfig, modelRegistration } from "./registries.js";

export const OPEN = 10n ** 18n;
export const OperatorRole = { None: 0, AttributionOracle: 1, ComputeProvider: 2 } as const;

export async function protocolAt(deployment: Deployment) {
  const connection = await hre.network.getOrCreate();
  const { ethers } = connection;
  const at = deployment.contracts;
  return {
    connection,
    ethers,
    time: connection.networkHelpers.time,
    signers: await ethers.getSigners(),
    wopen: await ethers.getContractAt("WOPEN", at.WOPEN),
    staking: await ethers.getContractAt("OpenStaking", at.OpenStaking),
    payments: await ethers.getContractAt("InferencePayments", at.InferencePayments),
    models: await ethers.getContractAt("ModelRegistry", at.ModelRegistry),
    datanets: await ethers.getContractAt("DatanetRegistry", at.DatanetRegistry),
    agents: await ethers.getContractAt("AgentRegistry", at.AgentRegistry),
    distributor: await ethers.getContractAt("RewardDistributor", at.RewardDistributor),
    oracle: await ethers.getContractAt("AttributionOracle", at.AttributionOracle),
    governor: await ethers.getContractAt("OpenGovernor", at.OpenGovernor),
  };
}

export type ProtocolAt = Awaited<ReturnType<typeof protocolAt>>;
type Account = ProtocolAt["signers"][number];

/** Wraps `amount` of native OPEN and stakes it for `account` (topping up its native balance first). */
export async function stakeDirect(p: ProtocolAt, account: Account, amount: bigint, role?: number) {
  const balance = await p.ethers.provider.getBalance(account.address);
  if (balance < amount + 100n * OPEN) {
    await p.connection.networkHelpers.setBalance(account.address, amount + 1_000n * OPEN);
  }
  await p.wopen.connect(account).deposit({ value: amount });
  await p.wopen.connect(account).approve(await p.staking.getAddress(), amount);
  await p.staking.connect(account).stake(amount);
  if (role !== undefined) await p.staking.connect(account).registerOperator(role);
}

/**
 * Registers a model owned by `owner`, trained on a fresh Datanet version of `owner`, served by `operator` (staked and
 * registered as a compute provider on first use). Returns the model id.
 */
export async function registerModel(
  p: ProtocolAt,
  owner: Account,
  operator: Account,
  pricePerUnit: bigint,
  contributorShareBps = 3_000,
): Promise<bigint> {
  if ((await p.staking.operatorRole(operator.address)) === 0n) {
    await stakeDirect(p, operator, await p.staking.minOperatorStake(OperatorRole.ComputeProvider), 2);
  }
  const datanets = p.datanets.connect(owner);
  await datanets.createDatanet(datanetConfig());
  const datanetId = await datanets.datanetCount();
  await datanets.contribute(datanetId, contentHash(`tasks-${datanetId}`), "ipfs://contribution");
  await datanets.reviewBatch([cid(datanetId, 1n)], [true]);
  await datanets.publishVersion(datanetId, keccak256(toUtf8Bytes(`version-${datanetId}`)), 1, "ipfs://version");
  await p.models.connect(owner).registerModel(
    modelRegistration(operator.address, {
      trainedOn: [{ datanetId, version: 1 }],
      pricePerUnit,
      contributorShareBps,
    }),
  );
  return p.models.modelCount();
}
