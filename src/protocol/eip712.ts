/**
 * The EIP-712 domain every protocol contract signs under: name, version "1", chain id and the contract's address, as
 * passed to the contract's EIP712 initializer. The typed structs live with their rules: vouchers.ts (InferencePayments),
 * claims.ts (RewardDistributor's authorizations), report.ts (AttributionOracle's report).
 */
import type { TypedDataDomain } from "ethers";

/** Domain of a protocol contract: name and version as passed to the contract's EIP712 initializer. */
export function protocolDomain(name: string, chainId: bigint, verifyingContract: string): TypedDataDomain {
  return { name, version: "1", chainId, verifyingContract };
}
