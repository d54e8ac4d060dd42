/**
 * EIP-712 domains and types of the protocol, in one place: tests, tasks and the oracle node all import this module,
 * so a signature made here is exactly what the contracts verify.
 *
 * Each `*Types` object mirrors a Solidity type hash; the string in the comment above it is the type the contract hashes.
 */
import type { TypedDataDomain } from "ethers";

/** Domain of a protocol contract: name and version as passed to the contract's EIP712 initializer. */
export function protocolDomain(name: string, chainId: bigint, verifyingContract: string): TypedDataDomain {
  return { name, version: "1", chainId, verifyingContract };
}

/** EIP-712 domain name of InferencePayments. */
export const INFERENCE_PAYMENTS_DOMAIN_NAME = "OpenLedger InferencePayments";

/** Voucher(address payer,uint256 modelId,uint128 cumulativeAmount) */
export const voucherTypes = {
  Voucher: [
    { name: "payer", type: "address" },
    { name: "modelId", type: "uint256" },
    { name: "cumulativeAmount", type: "uint128" },
  ],
} as const;

export interface Voucher {
  payer: string;
  modelId: bigint;
  cumulativeAmount: bigint;
}
