import { INFERENCE_PAYMENTS_DOMAIN_NAME, compactSignature, voucherTypes } from "../../protocol/index.js";
import { addressOf, type OpenLedgerClient } from "../client.js";

export interface SignVoucherParameters {
  modelId: bigint;
  /**
   * The payer whose escrow pays. By default the client's account; a key the payer approved with
   * `InferencePayments.authorizeSigner` (a smart wallet's signing key) signs for that payer.
   */
  payer?: string;
  /** Everything the payer owes the model so far: each voucher replaces the previous one (monotonic). */
  cumulativeAmount: bigint;
}

/** A signed voucher as `InferencePayments.redeemVouchers` takes it (EIP-2098 compact signature). */
export interface SignedVoucher {
  payer: string;
  cumulativeAmount: bigint;
  r: string;
  vs: string;
}

/**
 * The payer (the client's account), or a key it approved, signs an EIP-712 voucher for the model's operator:
 * `Voucher(address payer,uint256 modelId,uint128 cumulativeAmount)` under the InferencePayments domain.
 */
export async function signVoucher(
  client: OpenLedgerClient,
  { modelId, cumulativeAmount, payer: forPayer }: SignVoucherParameters,
): Promise<SignedVoucher> {
  const signer = await client.transport.account();
  if (signer === undefined) throw new Error("signing a voucher needs an account");
  const payer = forPayer ?? signer;
  const signature = await client.transport.signTypedData({
    domain: {
      name: INFERENCE_PAYMENTS_DOMAIN_NAME,
      version: "1",
      chainId: client.chainId,
      verifyingContract: addressOf(client, "InferencePayments"),
    },
    types: voucherTypes,
    primaryType: "Voucher",
    message: { payer, modelId, cumulativeAmount },
  });
  return { payer, cumulativeAmount, ...compactSignature(signature) };
}

export { compactSignature };
