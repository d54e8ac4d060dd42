import { formatUnits, verifyTypedData } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { open } from "../lib/asset.js";
import { actorContext, eventsIn, mined } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseId } from "../lib/parse.js";
import { checkNotPaused, modelTerms, paymentsContracts } from "./common.js";
import { formatTimestamp } from "../lib/time.js";
import { VOUCHER_TYPES, paymentsDomain, readVouchersFile, type SignedVoucher } from "./vouchers.js";

const MAX_UINT64 = (1n << 64n) - 1n;

/** redeemVouchers batches are capped so one transaction stays well inside a block (decision 0431). */
export const MAX_REDEEM_BATCH = 50;

interface Args {
  model: string;
  batchSize: number;
  files: string[];
  account: number | string;
  json: boolean;
}

interface Planned {
  voucher: SignedVoucher;
  file: string;
  /** What the voucher should pay now: min(cumulative - redeemed, escrow balance). */
  expected: bigint;
}

/**
 * `infer redeem --model ID FILE...`: the model's operator redeems vouchers files. Only the highest valid voucher of
 * each payer is sent (it covers the lower ones). Every signature is recovered first: a voucher signed by neither the
 * payer nor a signer the payer authorized (`infer signer`) is left out with its reason, as the contract would skip it
 * (decision 0260); so are vouchers that would pay nothing (already redeemed, empty escrow). A signer whose revocation
 * is under way is reported with the time its vouchers stop being redeemable.
 */
export default async function inferRedeem(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const modelId = parseId("model", args.model);
    if (args.files.length === 0) throw new TaskError("give at least one vouchers file (from `infer sign-vouchers`)");
    if (!Number.isInteger(args.batchSize) || args.batchSize < 1 || args.batchSize > MAX_REDEEM_BATCH) {
      throw new TaskError(`--batch-size must be between 1 and ${MAX_REDEEM_BATCH}`);
    }
    const ctx = await actorContext(hre, args);
    const c = await paymentsContracts(ctx);
    const paymentsAddress = await c.payments.getAddress();
    const terms = await modelTerms(c, modelId, false);
    await checkNotPaused(c);
    if (terms.operator !== ctx.signer.address) {
      throw new TaskError(
        `account ${ctx.signer.address} is not the operator of model ${modelId} (its operator is ${terms.operator})`,
      );
    }
    const domain = paymentsDomain(ctx.chainId, paymentsAddress);

    // The highest valid voucher of each payer, across all files.
    const best = new Map<string, { voucher: SignedVoucher; file: string }>();
    const rejected: { payer: string; cumulativeAmount: bigint; reason: string }[] = [];
    const revoking = new Map<string, { signer: string; validUntil: bigint }>();
    for (const file of args.files) {
      const doc = await readVouchersFile(file);
      if (doc.chainId !== ctx.chainId || doc.inferencePayments !== paymentsAddress || doc.modelId !== modelId) {
        throw new TaskError(
          `${file} holds vouchers for model ${doc.modelId} of ${doc.inferencePayments} on chain ${doc.chainId}, ` +
            `not model ${modelId} here`,
        );
      }
      for (const voucher of doc.vouchers) {
        const { payer, cumulativeAmount } = voucher;
        const signer = verifyTypedData(domain, VOUCHER_TYPES, { payer, modelId, cumulativeAmount }, voucher.signature);
        if (signer !== payer && !(await c.payments.isAuthorizedSigner(payer, signer))) {
          rejected.push({
            ...pick(voucher),
            reason: `${file}: signed by ${signer}, neither the payer nor a signer it authorized`,
          });
          continue;
        }
        if (signer !== payer) {
          const validUntil = await c.payments.signerValidUntil(payer, signer);
          if (validUntil !== MAX_UINT64) revoking.set(payer, { signer, validUntil });
        }
        const seen = best.get(payer);
        if (seen === undefined || cumulativeAmount > seen.voucher.cumulativeAmount) best.set(payer, { voucher, file });
      }
    }

    const planned: Planned[] = [];
    const skipped: { payer: string; cumulativeAmount: bigint; reason: string }[] = [...rejected];
    for (const { voucher, file } of best.values()) {
      const [balance, redeemed] = await c.payments.escrowAccount(voucher.payer, modelId);
      if (voucher.cumulativeAmount <= redeemed) {
        skipped.push({ ...pick(voucher), reason: `already redeemed up to ${open(redeemed)}` });
      } else if (balance === 0n) {
        skipped.push({ ...pick(voucher), reason: "the payer's escrow is empty" });
      } else {
        const owed = voucher.cumulativeAmount - redeemed;
        planned.push({ voucher, file, expected: owed < balance ? owed : balance });
      }
    }

    if (planned.length === 0 && rejected.length > 0) {
      const more = rejected.length > 1 ? ` (and ${rejected.length - 1} more)` : "";
      throw new TaskError(`nothing to redeem: the voucher of ${rejected[0].payer} in ${rejected[0].reason}${more}`);
    }
    const paid = new Map<string, bigint>();
    const batches: { transaction: string; vouchers: number; amount: bigint }[] = [];
    const split = { protocol: 0n, stakers: 0n, contributors: 0n, owner: 0n };
    for (let i = 0; i < planned.length; i += args.batchSize) {
      const batch = planned.slice(i, i + args.batchSize).map(({ voucher }) => ({
        payer: voucher.payer,
        cumulativeAmount: voucher.cumulativeAmount,
        r: voucher.r,
        vs: voucher.vs,
      }));
      const receipt = await mined(c.payments.redeemVouchers(modelId, batch));
      for (const e of eventsIn(receipt, c.payments, "VoucherRedeemed")) {
        const payer = e.args.payer as string;
        paid.set(payer, (paid.get(payer) ?? 0n) + (e.args.paid as bigint));
      }
      // A signer revoked between the check above and the transaction: the contract skipped the voucher.
      for (const e of eventsIn(receipt, c.payments, "VoucherSkipped")) {
        skipped.push({
          payer: e.args.payer as string,
          cumulativeAmount: e.args.cumulativeAmount as bigint,
          reason: `skipped on chain (signer ${e.args.signer as string} not authorized)`,
        });
      }
      let amount = 0n;
      for (const e of eventsIn(receipt, c.payments, "VouchersRedeemed")) {
        amount += e.args.amount as bigint;
        split.protocol += e.args.protocolFee as bigint;
        split.stakers += e.args.stakerFee as bigint;
        split.contributors += e.args.contributorAmount as bigint;
        split.owner += e.args.ownerAmount as bigint;
      }
      batches.push({ transaction: receipt.hash, vouchers: batch.length, amount });
    }
    const total = batches.reduce((sum, b) => sum + b.amount, 0n);
    const payers = planned.map(({ voucher, expected }) => ({
      ...pick(voucher),
      expected,
      paid: paid.get(voucher.payer) ?? 0n,
    }));
    const lines = [
      planned.length === 0
        ? `nothing to redeem for model ${modelId}: ${skipped.length} payer(s), none owes anything now`
        : `redeemed ${planned.length} voucher(s) for model ${modelId} in ${batches.length} batch(es): ` +
          `${open(total)} paid`,
      ...payers.map((p) => `  ${p.payer} paid ${formatUnits(p.paid)} (voucher ${formatUnits(p.cumulativeAmount)})`),
      ...skipped.map((s) => `  ${s.payer} skipped: ${s.reason}`),
      ...[...revoking].map(
        ([payer, r]) =>
          `  note: ${payer} revoked signer ${r.signer}; its vouchers are redeemable until ${formatTimestamp(r.validUntil)}`,
      ),
    ];
    if (total > 0n) {
      lines.push(
        `  split: protocol ${formatUnits(split.protocol)}, stakers ${formatUnits(split.stakers)}, ` +
          `contributors ${formatUnits(split.contributors)}, owner ${formatUnits(split.owner)} OPEN`,
      );
    }
    lines.push(...batches.map((b) => `  tx ${b.transaction} (${b.vouchers} voucher(s), ${formatUnits(b.amount)})`));
    emit(args.json, { modelId, operator: ctx.signer.address, total, split, payers, skipped, batches }, lines);
  });
}

function pick(voucher: SignedVoucher) {
  return { payer: voucher.payer, cumulativeAmount: voucher.cumulativeAmount };
}
