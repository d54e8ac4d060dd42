import { write, type OpenLedgerClient } from "../client.js";

/**
 * The payer (the client's account) approves `signer` to sign vouchers on its escrows: how a smart wallet (ERC-1271)
 * pays by voucher. A voucher an operator holds stays redeemable through the escrow notice even if the key is revoked.
 */
export async function authorizeSigner(
  client: OpenLedgerClient,
  { signer }: { signer: string },
): Promise<{ transactionHash: string }> {
  const result = await write(client, "InferencePayments", "authorizeSigner", [signer]);
  return { transactionHash: result.transactionHash };
}

/** Revokes an approved voucher key; it stops counting once the escrow notice has passed. */
export async function revokeSigner(
  client: OpenLedgerClient,
  { signer }: { signer: string },
): Promise<{ transactionHash: string }> {
  const result = await write(client, "InferencePayments", "revokeSigner", [signer]);
  return { transactionHash: result.transactionHash };
}
