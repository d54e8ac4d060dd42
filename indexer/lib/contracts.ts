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

/**
 * Events that have no domain table on purpose and are queried from `protocol_event` alone: contract administration
 * (proxies, roles, pauses, EIP-712 domains, wiring to other contracts, governor settings, ERC-721 approvals of the
 * registries' tokens). Besides these, any event whose name ends in `Set` and that no handler file reads is taken as a
 * parameter setter (the typed `<Parameter>Set` events). test/indexer/events.test.ts checks that
 * every other event of every indexed contract has a handler that writes a domain table.
 */
export const RECORD_ONLY_EVENTS = new Set([
  "Initialized",
  "Upgraded",
  "AdminChanged",
  "BeaconUpgraded",
  "RoleGranted",
  "RoleRevoked",
  "RoleAdminChanged",
  "EIP712DomainChanged",
  "Paused",
  "Unpaused",
  "Approval",
  "ApprovalForAll",
  "TimelockChange",
  "QuorumNumeratorUpdated",
]);

/** True if `name` is an event the indexer keeps in `protocol_event` only (see RECORD_ONLY_EVENTS). */
export function isRecordOnly(name: string): boolean {
  return RECORD_ONLY_EVENTS.has(name) || name.endsWith("Set");
}
