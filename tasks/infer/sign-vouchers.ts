import { existsSync } from "node:fs";

import { TypedDataEncoder } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { open } from "../lib/asset.js";
import { actorContext } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseAddress, parseAmount, parseId } from "../lib/parse.js";
import { formatTimestamp } from "../lib/time.js";
import { modelTerms, paymentsContracts } from "./common.js";
import {
  MAX_UINT128,
  VOUCHERS_FORMAT,
  VOUCHER_TYPES,
  paymentsDomain,
  readVouchersFile,
  signedVoucher,
  writeVouchersFile,
  type SignedVoucher,
} from "./vouchers.js";

interface Args {
  model: string;
  payer: string;
  amounts: string;
  out: string;
  account: number | string;
  json: boolean;
}

/**
 * `infer sign-vouchers --model ID --amounts 1.5,3`: the payer signs one EIP-712 cumulative voucher per amount (what it
 * owes the model in all so far) and adds them to the vouchers file the model's operator redeems. Nothing is sent.
 * With `--payer ADDR` the account signs for that payer as a key it authorized (a smart account's signer, decision
 * 0260); a key that is not authorized, or whose revocation is under way, is refused.
 */
export default async function inferSignVouchers(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const modelId = parseId("model", args.model);
    if (args.amounts === "") throw new TaskError("--amounts is required (cumulative OPEN amounts, comma-separated)");
    const amounts = args.amounts.split(",").map((text) => parseAmount("amounts", text.trim()));
    for (const amount of amounts) {
      if (amount > MAX_UINT128) throw new TaskError(`--amounts: ${open(amount)} exceeds a voucher's uint128 range`);
    }
    const ctx = await actorContext(hre, args);
    const c = await paymentsContracts(ctx);
    await modelTerms(c, modelId, false);
    const payer = args.payer === "" ? ctx.signer.address : parseAddress("payer", args.payer);
    if (payer !== ctx.signer.address) {
      const validUntil = await c.payments.signerValidUntil(payer, ctx.signer.address);
      if (validUntil === 0n) {
        throw new TaskError(
          `${ctx.signer.address} is not a voucher signer of ${payer} (the payer runs \`infer signer\`)`,
        );
      }
      if (validUntil !== (1n << 64n) - 1n) {
        throw new TaskError(
          `${payer} revoked ${ctx.signer.address} as a signer: its vouchers stop being redeemable at ` +
            formatTimestamp(validUntil),
        );
      }
    }
    const [balance, redeemed] = await c.payments.escrowAccount(payer, modelId);
    for (const amount of amounts) {
      if (amount <= redeemed) {
        throw new TaskError(
          `a voucher for ${open(amount)} would pay nothing: ${open(redeemed)} of ${payer}'s vouchers for model ` +
            `${modelId} are already redeemed (vouchers are cumulative)`,
        );
      }
    }
    const paymentsAddress = await c.payments.getAddress();
    const file = args.out !== "" ? args.out : `vouchers-model${modelId}-${payer}.json`;
    let kept: SignedVoucher[] = [];
    if (existsSync(file)) {
      const existing = await readVouchersFile(file);
      if (
        existing.chainId !== ctx.chainId ||
        existing.inferencePayments !== paymentsAddress ||
        existing.modelId !== modelId
      ) {
        throw new TaskError(
          `${file} holds vouchers for model ${existing.modelId} of ${existing.inferencePayments} on chain ` +
            `${existing.chainId}, not model ${modelId} here: choose another --out`,
        );
      }
      kept = existing.vouchers;
    }

    const domain = paymentsDomain(ctx.chainId, paymentsAddress);
    const signed: SignedVoucher[] = [];
    for (const cumulativeAmount of amounts) {
      const value = { payer, modelId, cumulativeAmount };
      // The digest the contract will recover from must be the one signed (same domain and type on both sides).
      const onChain = await c.payments.voucherDigest(payer, modelId, cumulativeAmount);
      if (onChain !== TypedDataEncoder.hash(domain, VOUCHER_TYPES, value)) {
        throw new TaskError("the contract's voucher digest differs from src/protocol/vouchers.ts: refusing to sign");
      }
      signed.push(signedVoucher(payer, cumulativeAmount, await ctx.signer.signTypedData(domain, VOUCHER_TYPES, value)));
    }
    const key = (v: SignedVoucher) => `${v.payer.toLowerCase()}:${v.cumulativeAmount}`;
    const replaced = new Set(signed.map(key));
    const vouchers = [...kept.filter((v) => !replaced.has(key(v))), ...signed].sort(byPayerThenAmount);
    await writeVouchersFile(file, {
      format: VOUCHERS_FORMAT,
      chainId: ctx.chainId,
      inferencePayments: paymentsAddress,
      modelId,
      vouchers,
    });

    const highest = amounts.reduce((a, b) => (a > b ? a : b));
    const covered = redeemed + balance;
    const lines = [
      `signed ${signed.length} voucher(s) of ${payer} for model ${modelId}, up to ${open(highest)} in all; ` +
        `${file} now holds ${vouchers.length}`,
    ];
    if (highest > covered) {
      lines.push(
        `  note: the escrow covers vouchers up to ${open(covered)}; above that a voucher pays what the escrow holds ` +
          "(top it up with `infer escrow-deposit`)",
      );
    }
    emit(args.json, { file, modelId, payer, signed, vouchers: vouchers.length, escrowCoversUpTo: covered }, lines);
  });
}

/** File order: by payer address, then by cumulative amount. */
function byPayerThenAmount(a: SignedVoucher, b: SignedVoucher): number {
  const pa = a.payer.toLowerCase();
  const pb = b.payer.toLowerCase();
  if (pa !== pb) return pa < pb ? -1 : 1;
  return a.cumulativeAmount === b.cumulativeAmount ? 0 : a.cumulativeAmount < b.cumulativeAmount ? -1 : 1;
}
