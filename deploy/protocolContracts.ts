/**
 * The contracts the `Protocol` Ignition module deploys, typed, and the names they are recorded under in
 * deployments/<chainId>.json. Shared by `protocol deploy`, the test fixture and the demo, so all three read a
 * deployment the same way.
 */
import type {
  AgentRegistry,
  AttributionDisputes,
  AttributionOracle,
  DatanetRegistry,
  InferenceLogs,
  InferencePayments,
  ModelRegistry,
  NativeGateway,
  OpenGovernor,
  OpenStaking,
  RewardDistributor,
  TimelockController,
  Treasury,
  WOPEN,
} from "../typechain-types/index.js";

/**
 * Every contract the protocol deploys (core proxies' implementations, tokens, periphery, Orbit, finance) with the
 * interface that specifies its whole external API (null: an OpenZeppelin contract used as is, specified by the
 * standard interfaces it implements). test/unit/ContractSizes.test.ts checks each one's size headroom,
 * test/unit/InterfaceCompleteness.test.ts that its interface declares every external function and event.
 */
export const DEPLOYABLE_CONTRACTS = [
  { name: "Treasury", interface: "ITreasury" },
  { name: "DatanetRegistry", interface: "IDatanetRegistry" },
  { name: "ModelRegistry", interface: "IModelRegistry" },
  { name: "AgentRegistry", interface: "IAgentRegistry" },
  { name: "InferencePayments", interface: "IInferencePayments" },
  { name: "OpenStaking", interface: "IOpenStaking" },
  { name: "RewardDistributor", interface: "IRewardDistributor" },
  { name: "AttributionOracle", interface: "IAttributionOracle" },
  { name: "AttributionDisputes", interface: "IAttributionDisputes" },
  { name: "InferenceLogs", interface: "IInferenceLogs" },
  { name: "OpenGovernor", interface: "IOpenGovernor" },
  { name: "OpenToken", interface: "IOpenToken" },
  { name: "WOPEN", interface: "IWOPEN" },
  { name: "ModelShares", interface: "IModelShares" },
  { name: "NativeGateway", interface: "INativeGateway" },
  { name: "GrantVestingWallet", interface: null },
  { name: "CrossChainTimelockProposer", interface: "ICrossChainTimelockProposer" },
  { name: "OpenFeeTokenPricer", interface: "IOpenFeeTokenPricer" },
] as const satisfies readonly { name: string; interface: string | null }[];

/** Ignition result key -> contract (artifact) name, which is also the key in deployments/<chainId>.json. */
export const PROTOCOL_CONTRACT_NAMES = {
  wopen: "WOPEN",
  treasury: "Treasury",
  datanetRegistry: "DatanetRegistry",
  modelRegistry: "ModelRegistry",
  agentRegistry: "AgentRegistry",
  inferencePayments: "InferencePayments",
  staking: "OpenStaking",
  rewardDistributor: "RewardDistributor",
  attributionOracle: "AttributionOracle",
  attributionDisputes: "AttributionDisputes",
  inferenceLogs: "InferenceLogs",
  timelock: "TimelockController",
  governor: "OpenGovernor",
  nativeGateway: "NativeGateway",
} as const;

export interface ProtocolContracts {
  wopen: WOPEN;
  treasury: Treasury;
  datanetRegistry: DatanetRegistry;
  modelRegistry: ModelRegistry;
  agentRegistry: AgentRegistry;
  inferencePayments: InferencePayments;
  staking: OpenStaking;
  rewardDistributor: RewardDistributor;
  attributionOracle: AttributionOracle;
  attributionDisputes: AttributionDisputes;
  inferenceLogs: InferenceLogs;
  timelock: TimelockController;
  governor: OpenGovernor;
  nativeGateway: NativeGateway;
}

interface Addressable {
  getAddress(): Promise<string>;
}

interface ContractFactoryLike {
  getContractAt(name: string, address: string): Promise<unknown>;
}

/** Attaches the typechain types to the contracts of an Ignition `Protocol` deployment result. */
export async function typedProtocol(
  ethers: ContractFactoryLike,
  deployed: Record<keyof ProtocolContracts, Addressable>,
): Promise<ProtocolContracts> {
  const entries = await Promise.all(
    (Object.keys(PROTOCOL_CONTRACT_NAMES) as (keyof ProtocolContracts)[]).map(async (key) => [
      key,
      await ethers.getContractAt(PROTOCOL_CONTRACT_NAMES[key], await deployed[key].getAddress()),
    ]),
  );
  return Object.fromEntries(entries) as ProtocolContracts;
}
