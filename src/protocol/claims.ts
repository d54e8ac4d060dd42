/**
 * RewardDistributor's EIP-712 authorizations: `ClaimAuthorization` (claim to another address, RewardDistributor
 * .claimTo) and `RecipientAuthorization` (set the address every claim pays, setRewardRecipientWithAuthorization). Both
 * share the account's nonce (`RewardDistributor.nonces(account)`) and carry a deadline (unix seconds). The only
 * definition in TypeScript: tasks, SDK and tests import it.
 */
import { TypedDataEncoder } from "ethers";
import type { Signer, TypedDataDomain, TypedDataField } from "ethers";

import { protocolDomain } from "./eip712.js";

/** EIP-712 domain name of RewardDistributor. */
export const REWARD_DISTRIBUTOR_DOMAIN_NAME = "OpenLedger RewardDistributor";

/**
 * ClaimAuthorization(address account,address to,uint256 cumulativeAmount,uint256 nonce,uint256 deadline)
 *
 * `account` lets `to` receive its rewards up to `cumulativeAmount` (RewardDistributor.claimTo), and makes `to` its
 * reward recipient for every later claim.
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
 * `account` makes `recipient` the address every claim of its rewards pays (the zero address means the account itself).
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

/** The two types as ethers' mutable field lists. */
export const claimAuthorizationFields: Record<string, TypedDataField[]> = {
  ClaimAuthorization: claimAuthorizationTypes.ClaimAuthorization.map((field) => ({ ...field })),
};
export const recipientAuthorizationFields: Record<string, TypedDataField[]> = {
  RecipientAuthorization: recipientAuthorizationTypes.RecipientAuthorization.map((field) => ({ ...field })),
};

/** The domain of the RewardDistributor at `rewardDistributor` on chain `chainId`. */
export function rewardDistributorDomain(chainId: bigint, rewardDistributor: string): TypedDataDomain {
  return protocolDomain(REWARD_DISTRIBUTOR_DOMAIN_NAME, chainId, rewardDistributor);
}

/** The digest RewardDistributor recovers a claim authorization's signer from. */
export function claimAuthorizationDigest(domain: TypedDataDomain, authorization: ClaimAuthorization): string {
  return TypedDataEncoder.hash(domain, claimAuthorizationFields, authorization);
}

/** `account`'s 65-byte signature of a claim authorization. */
export async function signClaimAuthorization(
  signer: Signer,
  domain: TypedDataDomain,
  authorization: ClaimAuthorization,
): Promise<string> {
  return signer.signTypedData(domain, claimAuthorizationFields, authorization);
}

/** The digest RewardDistributor recovers a recipient authorization's signer from. */
export function recipientAuthorizationDigest(domain: TypedDataDomain, authorization: RecipientAuthorization): string {
  return TypedDataEncoder.hash(domain, recipientAuthorizationFields, authorization);
}

/** `account`'s 65-byte signature of a recipient authorization. */
export async function signRecipientAuthorization(
  signer: Signer,
  domain: TypedDataDomain,
  authorization: RecipientAuthorization,
): Promise<string> {
  return signer.signTypedData(domain, recipientAuthorizationFields, authorization);
}
