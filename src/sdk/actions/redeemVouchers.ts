import { write, type OpenLedgerClient } from "../client.js";
import type { SignedVoucher } from "./signVoucher.js";

export interface RedeemVouchersParameters {
  modelId: bigint;
  /** The latest voucher of each payer (a batch may hold many payers). */
  vouchers: readonly SignedVoucher[];
}

export interface RedeemVouchersReturnType {
  /** What the batch paid in total (the increase of each voucher since its payer's last redemption). */
  amount: bigint;
  /** Per payer: what its voucher paid. */
  paid: { payer: string; amount: bigint }[];
  transactionHash: string;
}

/** The model's operator redeems a batch of vouchers; the batch is split once between the protocol's recipients. */
export async function redeemVouchers(
  client: OpenLedgerClient,
  { modelId, vouchers }: RedeemVouchersParameters,
): Promise<RedeemVouchersReturnType> {
  const result = await write(client, "InferencePayments", "redeemVouchers", [
    modelId,
    vouchers.map((v) => ({ payer: v.payer, cumulativeAmount: v.cumulativeAmount, r: v.r, vs: v.vs })),
  ]);
  const paid = result.events
    .filter((e) => e.name === "VoucherRedeemed")
    .map((e) => ({ payer: e.args.payer as string, amount: e.args.paid as bigint }));
  const batch = result.events.find((e) => e.name === "VouchersRedeemed");
  return { amount: (batch?.args.amount as bigint | undefined) ?? 0n, paid, transactionHash: result.transactionHash };
}
