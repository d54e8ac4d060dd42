/**
 * One measurement per figure key. Each returns the figure's value (gas or the unit in bench/figures.ts).
 */
import { measurePay, measurePerInference, measureRedeemPerVoucher } from "./gas/payments.js";
import { measureOpenTransfer } from "./gas/tokens.js";
import { measureInfluence } from "./speed/influence.js";
import { measureSpanIndexRssMB, measureSpanIndexSeconds, measureSpanQueryMs } from "./speed/spans.js";

export const MEASURES: Record<string, () => Promise<number>> = {
  "open.transfer": measureOpenTransfer,
  "infer.pay": measurePay,
  "infer.redeemBatch50.perVoucher": measureRedeemPerVoucher,
  "infer.perInference.at100PerVoucher": measurePerInference,
  "spans.index10M.s": measureSpanIndexSeconds,
  "spans.index10M.rssMB": measureSpanIndexRssMB,
  "spans.query500.ms": measureSpanQueryMs,
  "influence.n5000p1024q100.s": measureInfluence,
};
