import ProtocolModule from "../../deploy/modules/Protocol.js";
import type {
  AgentRegistry,
  AttributionOracle,
  DatanetRegistry,
  InferencePayments,
  ModelRegistry,
  NativeGateway,
  OpenGovernor,
  OpenStaking,
  RewardDistributor,
  TimelockController,
  Treasury,
  WOPEN,
} from "../../typechain-types/index.js";
import type { Chain } from "./fixtures.js";

/** Durations short enough for tests, with the production structure (timelock, governor, guardian). */
export const TEST_PARAMETERS = {
  epochLength: 86_400n,
  timelockDelay: 2n * 86_400n,
  votingDelay: 3_600n,
  votingPeriod: 86_400n,
  lateQuorumExtension: 3_600n,
};

/**
 * The whole protocol deployed by the same Ignition module as production (`deploy/modules/Protocol.ts`), with
 * account 0 as deployer and account 1 as guardian. Returns typed contracts and the named accounts.
 */
export async function deployProtocol(chain: Chain, overrides: Record<string, unknown> = {}) {
  const { ethers, ignition } = chain;
  const [deployer, guardian, ...users] = await ethers.getSigners();
  const latest = await ethers.provider.getBlock("latest");
  const deployed = await ignition.deploy(ProtocolModule, {
    parameters: {
      Protocol: {
        epochGenesis: BigInt(latest!.timestamp),
        guardian: guardian.address,
        ...TEST_PARAMETERS,
        ...overrides,
      },
    },
  });
  const at = async <T>(name: string, contract: { getAddress(): Promise<string> }) =>
    (await ethers.getContractAt(name, await contract.getAddress())) as unknown as T;
  return {
    deployer,
    guardian,
    users,
    wopen: await at<WOPEN>("WOPEN", deployed.wopen),
    treasury: await at<Treasury>("Treasury", deployed.treasury),
    datanetRegistry: await at<DatanetRegistry>("DatanetRegistry", deployed.datanetRegistry),
    modelRegistry: await at<ModelRegistry>("ModelRegistry", deployed.modelRegistry),
    agentRegistry: await at<AgentRegistry>("AgentRegistry", deployed.agentRegistry),
    inferencePayments: await at<InferencePayments>("InferencePayments", deployed.inferencePayments),
    staking: await at<OpenStaking>("OpenStaking", deployed.staking),
    rewardDistributor: await at<RewardDistributor>("RewardDistributor", deployed.rewardDistributor),
    attributionOracle: await at<AttributionOracle>("AttributionOracle", deployed.attributionOracle),
    timelock: await at<TimelockController>("TimelockController", deployed.timelock),
    governor: await at<OpenGovernor>("OpenGovernor", deployed.governor),
    nativeGateway: await at<NativeGateway>("NativeGateway", deployed.nativeGateway),
  };
}

export type Protocol = Awaited<ReturnType<typeof deployProtocol>>;
