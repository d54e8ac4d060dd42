/**
 * The TypeScript kernel: the protocol's rules, written once. Everything outside src/protocol imports this file (ESLint
 * refuses a deep import, docs/decisions/0541): generated ABIs, enums and the address book; the EIP-712 domain and the
 * typed structs (vouchers, reward authorizations, attribution reports) with their signing; the epoch clock; Datanet
 * version trees; OpenStaking's reward views.
 */
export * from "./abis.js";
export * from "./enums.js";
export { addressBook, type AddressBookEntry } from "./addresses.js";
export { protocolDomain } from "./eip712.js";
export * from "./vouchers.js";
export * from "./claims.js";
export * from "./report.js";
export * from "./epoch-clock.js";
export * from "./revert.js";
export { VERSION_LEAF_TYPES, buildVersionTree, type VersionEntry } from "./datanet-version-tree.js";
export {
  OPEN_STAKING_STORAGE_LOCATION,
  REWARD_PRECISION,
  pendingRewards,
  rewardPerShare,
  rewardRemainder,
  type StakingSlots,
} from "./staking-lens.js";
