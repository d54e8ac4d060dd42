import { write, type OpenLedgerClient } from "../client.js";

export interface DepositEscrowParameters {
  modelId: bigint;
  amount: bigint;
  /** Fund another payer's escrow (`depositEscrowFor`); by default the client's own. */
  payer?: string;
}

/** Adds to a payer's escrow for a model, from which the model's operator redeems vouchers. Approve the asset first. */
export async function depositEscrow(
  client: OpenLedgerClient,
  { modelId, amount, payer }: DepositEscrowParameters,
): Promise<{ transactionHash: string }> {
  const result =
    payer === undefined
      ? await write(client, "InferencePayments", "depositEscrow", [modelId, amount])
      : await write(client, "InferencePayments", "depositEscrowFor", [payer, modelId, amount]);
  return { transactionHash: result.transactionHash };
}
