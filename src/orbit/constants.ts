/** Arbitrum precompile addresses, identical on every Arbitrum chain (Orbit chains included). */
export const ARB_SYS = "0x0000000000000000000000000000000000000064";
export const ARB_OWNER_PUBLIC = "0x000000000000000000000000000000000000006b";
export const ARB_GAS_INFO = "0x000000000000000000000000000000000000006C";
export const ARB_RETRYABLE_TX = "0x000000000000000000000000000000000000006E";
export const ARB_OWNER = "0x0000000000000000000000000000000000000070";

/** AddressAliasHelper.OFFSET: a parent-chain contract `a` appears on the child chain as `a + OFFSET` (mod 2^160). */
export const ALIAS_OFFSET = 0x1111000000000000000000000000000000001111n;
const ADDRESS_SPACE = 1n << 160n;

function toAddress(value: bigint): string {
  return "0x" + value.toString(16).padStart(40, "0");
}

/** AddressAliasHelper.applyL1ToL2Alias. */
export function applyL1ToL2Alias(parentAddress: string): string {
  return toAddress((BigInt(parentAddress) + ALIAS_OFFSET) % ADDRESS_SPACE);
}

/** AddressAliasHelper.undoL1ToL2Alias. */
export function undoL1ToL2Alias(childAddress: string): string {
  return toAddress((BigInt(childAddress) - ALIAS_OFFSET + ADDRESS_SPACE) % ADDRESS_SPACE);
}

/** Nitro message kinds (nitro-contracts src/libraries/MessageTypes.sol). */
export const L1MessageType = {
  L2_MSG: 3,
  L2_FUNDED_BY_L1: 7,
  ROLLUP_EVENT: 8,
  SUBMIT_RETRYABLE_TX: 9,
  INITIALIZATION_MSG: 11,
  ETH_DEPOSIT: 12,
  BATCH_POSTING_REPORT: 13,
} as const;
