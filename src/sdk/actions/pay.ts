import { eventOf, read, write, type OpenLedgerClient } from "../client.js";

export interface PayParameters {
  modelId: bigint;
  /** Units of inference; the amount is the model's price per unit times this. */
  units: bigint;
  /** The most the caller accepts to pay (protects against a price change); default: the current price times units. */
  maxAmount?: bigint;
  /** Hash of the inference request, recorded in the `InferencePaid` event. */
  requestHash: string;
  /** Record another account as the payer (`payFor`: the caller still pays). */
  payer?: string;
}

export interface PayReturnType {
  amount: bigint;
  epoch: bigint;
  transactionHash: string;
}

/**
 * Pays for an inference directly (InferencePayments.pay, or payFor with a payer of record). Approve the asset for
 * InferencePayments first (`approveAsset`).
 */
export async function pay(client: OpenLedgerClient, parameters: PayParameters): Promise<PayReturnType> {
  let maxAmount = parameters.maxAmount;
  if (maxAmount === undefined) {
    const terms = await read<{ pricePerUnit: bigint }>(client, "ModelRegistry", "paymentTerms", [parameters.modelId]);
    maxAmount = terms.pricePerUnit * parameters.units;
  }
  const result =
    parameters.payer === undefined
      ? await write(client, "InferencePayments", "pay", [
          parameters.modelId,
          parameters.units,
          maxAmount,
          parameters.requestHash,
        ])
      : await write(client, "InferencePayments", "payFor", [
          parameters.payer,
          parameters.modelId,
          parameters.units,
          maxAmount,
          parameters.requestHash,
        ]);
  const paid = eventOf(result, "InferencePaid");
  return {
    amount: paid.args.amount as bigint,
    epoch: paid.args.epoch as bigint,
    transactionHash: result.transactionHash,
  };
}
