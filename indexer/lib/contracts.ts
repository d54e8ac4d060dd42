/**
 * The contracts the indexer follows: name in deployments/<chainId>.json (and artifact name) -> source path under
 * contracts/. Adding a contract is one line here and one handler file in src/contracts/.
 */
export const INDEXED_CONTRACTS = {
  DatanetRegistry: "DatanetRegistry.sol",
  ModelRegistry: "ModelRegistry.sol",
  AgentRegistry: "AgentRegistry.sol",
  InferencePayments: "InferencePayments.sol",
  OpenStaking: "OpenStaking.sol",
  RewardDistributor: "RewardDistributor.sol",
  AttributionOracle: "AttributionOracle.sol",
  AttributionDisputes: "AttributionDisputes.sol",
  InferenceLogs: "InferenceLogs.sol",
  Treasury: "Treasury.sol",
  OpenGovernor: "governance/OpenGovernor.sol",
} as const;

export type IndexedContract = keyof typeof INDEXED_CONTRACTS;
