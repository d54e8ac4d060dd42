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

/** EIP-712 domain name of AttributionOracle. */
export const ATTRIBUTION_ORACLE_DOMAIN_NAME = "OpenLedger AttributionOracle";

/** EIP-712 domain name of RewardDistributor. */
export const REWARD_DISTRIBUTOR_DOMAIN_NAME = "OpenLedger RewardDistributor";

/**
 * AttributionReport(uint64 epoch,bytes32 cumulativeRewardsRoot,uint256 cumulativeTotal,bytes32 attributionRoot,string dataURI)
 *
 * What an oracle signs (off-chain quorum) and what two conflicting signatures prove (equivocation). The struct hash
 * (`TypedDataEncoder.hashStruct`) is the report's id on chain (`IAttributionOracle.reportHash`).
 */
export const attributionReportTypes = {
  AttributionReport: [
    { name: "epoch", type: "uint64" },
    { name: "cumulativeRewardsRoot", type: "bytes32" },
    { name: "cumulativeTotal", type: "uint256" },
    { name: "attributionRoot", type: "bytes32" },
    { name: "dataURI", type: "string" },
  ],
} as const;

export interface AttributionReport {
  epoch: bigint;
  cumulativeRewardsRoot: string;
  cumulativeTotal: bigint;
  attributionRoot: string;
  dataURI: string;
}

/**
 * ClaimAuthorization(address account,address to,uint256 cumulativeAmount,uint256 nonce,uint256 deadline)
 *
 * `account` lets `to` receive its rewards up to `cumulativeAmount` (RewardDistributor.claimTo), and makes `to` its
 * reward recipient for every later claim. `nonce` is the account's current nonce (`RewardDistributor.nonces(account)`,
 * shared with RecipientAuthorization); `deadline` a timestamp.
 */
export const claimAuthorizationTypes = {
  ClaimAuthorization: [
    { name: "account", type: "address" },
    { name: "to", type: "address" },
    { name: "cumulativeAmount", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

export interface ClaimAuthorization {
  account: string;
  to: string;
  cumulativeAmount: bigint;
  nonce: bigint;
  deadline: bigint;
}

/**
 * RecipientAuthorization(address account,address recipient,uint256 nonce,uint256 deadline)
 *
 * `account` makes `recipient` the address every claim of its rewards pays (RewardDistributor
 * .setRewardRecipientWithAuthorization; the zero address means the account itself). `nonce` is the account's current
 * nonce (`RewardDistributor.nonces(account)`, shared with ClaimAuthorization); `deadline` a timestamp.
 */
export const recipientAuthorizationTypes = {
  RecipientAuthorization: [
    { name: "account", type: "address" },
    { name: "recipient", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

export interface RecipientAuthorization {
  account: string;
  recipient: string;
  nonce: bigint;
  deadline: bigint;
}
