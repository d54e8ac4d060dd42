/**
 * Inference vouchers (docs/decisions on InferencePayments' voucher path): the EIP-712 type, its domain, the digest the
 * contract recovers, signing, recovery and the EIP-2098 compact form `InferencePayments.redeemVouchers` takes. The only
 * definition of the voucher in TypeScript: tasks, SDK, demo, bench and tests import it.
 *
 * Solidity (InferencePayments): `Voucher(address payer,uint256 modelId,uint128 cumulativeAmount)` under the domain
 * ("OpenLedger InferencePayments", "1", chainId, InferencePayments). A voucher is cumulative: each one replaces the
 * payer's previous voucher for the model, and redeeming pays the difference.
 */
import { Signature, TypedDataEncoder, verifyTypedData } from "ethers";
import type { Signer, TypedDataDomain, TypedDataField } from "ethers";

import { protocolDomain } from "./eip712.js";

/** EIP-712 domain name of InferencePayments. */
export const INFERENCE_PAYMENTS_DOMAIN_NAME = "OpenLedger InferencePayments";

/** The type string the contract hashes. */
export const VOUCHER_TYPE = "Voucher(address payer,uint256 modelId,uint128 cumulativeAmount)";

/** Voucher(address payer,uint256 modelId,uint128 cumulativeAmount), `as const` for viem and abitype. */
export const voucherTypes = {
  Voucher: [
    { name: "payer", type: "address" },
    { name: "modelId", type: "uint256" },
    { name: "cumulativeAmount", type: "uint128" },
  ],
} as const;

/** The same type as ethers' mutable field lists. */
export const voucherFields: Record<string, TypedDataField[]> = {
  Voucher: voucherTypes.Voucher.map((field) => ({ ...field })),
};

export interface Voucher {
  payer: string;
  modelId: bigint;
  /** Everything the payer owes the model so far (uint128). */
  cumulativeAmount: bigint;
}

/** A voucher as `InferencePayments.redeemVouchers` takes it: the signature in EIP-2098 form. */
export interface CompactVoucher {
  payer: string;
  cumulativeAmount: bigint;
  r: string;
  vs: string;
}

/** The domain of the InferencePayments at `inferencePayments` on chain `chainId`. */
export function voucherDomain(chainId: bigint, inferencePayments: string): TypedDataDomain {
  return protocolDomain(INFERENCE_PAYMENTS_DOMAIN_NAME, chainId, inferencePayments);
}

/** The digest the contract recovers the signer from (`InferencePayments.voucherDigest`). */
export function voucherDigest(domain: TypedDataDomain, voucher: Voucher): string {
  return TypedDataEncoder.hash(domain, voucherFields, voucher);
}

/** The 65-byte signature of `voucher` by `signer` (the payer, or a key the payer authorized). */
export async function signVoucherTypedData(signer: Signer, domain: TypedDataDomain, voucher: Voucher): Promise<string> {
  return signer.signTypedData(domain, voucherFields, voucher);
}

/** The address that signed `voucher` with `signature` under `domain`. */
export function recoverVoucherSigner(domain: TypedDataDomain, voucher: Voucher, signature: string): string {
  return verifyTypedData(domain, voucherFields, voucher, signature);
}

/** Splits a 65-byte signature into EIP-2098 `(r, vs)`. */
export function compactSignature(signature: string): { r: string; vs: string } {
  const parsed = Signature.from(signature);
  return { r: parsed.r, vs: parsed.yParityAndS };
}

/** Signs `voucher` and returns it as `redeemVouchers` takes it. */
export async function signCompactVoucher(
  signer: Signer,
  domain: TypedDataDomain,
  voucher: Voucher,
): Promise<CompactVoucher> {
  const signature = await signVoucherTypedData(signer, domain, voucher);
  return { payer: voucher.payer, cumulativeAmount: voucher.cumulativeAmount, ...compactSignature(signature) };
}
