import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { open } from "../lib/asset.js";
import { actorContext, chainNow, eventsIn, mined } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseAmount, parseId } from "../lib/parse.js";
import { formatWhen } from "../lib/time.js";
import { modelTerms, paymentsContracts } from "./common.js";

interface Args {
  model: string;
  amount: string;
  cancel: boolean;
  account: number | string;
  json: boolean;
}

/**
 * `infer escrow-withdraw --model ID` in three modes:
 * - `--amount X` (or `all`) requests a withdrawal, starting the notice period (a new request replaces the old one);
 * - `--cancel` cancels the pending request;
 * - no option withdraws the requested amount once the notice period is over.
 * The escrow stays redeemable by vouchers until it is withdrawn.
 */
export default async function inferEscrowWithdraw(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const modelId = parseId("model", args.model);
    if (args.cancel && args.amount !== "") throw new TaskError("give either --amount or --cancel, not both");
    const ctx = await actorContext(hre, args);
    const c = await paymentsContracts(ctx);
    await modelTerms(c, modelId, false);
    const payer = ctx.signer.address;
    const [balance, , thawingAmount, thawEnd] = await c.payments.escrowAccount(payer, modelId);
    const now = await chainNow(ctx.ethers);

    if (args.amount !== "" || args.cancel) {
      const amount = args.cancel ? 0n : args.amount === "all" ? balance : parseAmount("amount", args.amount);
      if (args.cancel && thawEnd === 0n) throw new TaskError(`no withdrawal of model ${modelId}'s escrow is pending`);
      if (!args.cancel && amount === 0n) {
        throw new TaskError(
          balance === 0n ? `${payer} has no escrow for model ${modelId}` : "--amount must be above 0 (use --cancel)",
        );
      }
      if (amount > balance) {
        throw new TaskError(
          `the escrow of ${payer} for model ${modelId} holds ${open(balance)}, less than the ${open(amount)} requested`,
        );
      }
      const receipt = await mined(c.payments.requestEscrowWithdrawal(modelId, amount));
      const [, , , newThawEnd] = await c.payments.escrowAccount(payer, modelId);
      const result = { mode: args.cancel ? "cancel" : "request", modelId, payer, amount, thawEnd: newThawEnd };
      const lines = args.cancel
        ? [`cancelled the pending withdrawal of ${open(thawingAmount)} from model ${modelId}'s escrow`]
        : [
            `requested the withdrawal of ${open(amount)} from model ${modelId}'s escrow`,
            `  withdraw from ${formatWhen(newThawEnd, now)} with \`infer escrow-withdraw --model ${modelId}\``,
          ];
      emit(args.json, { ...result, transactions: [receipt.hash] }, [...lines, `  tx ${receipt.hash}`]);
      return;
    }

    if (thawEnd === 0n) {
      throw new TaskError(`no withdrawal requested from model ${modelId}'s escrow (request one with --amount)`);
    }
    if (now < thawEnd) {
      throw new TaskError(
        `the withdrawal of ${open(thawingAmount)} from model ${modelId}'s escrow is possible from ` +
          formatWhen(thawEnd, now),
      );
    }
    const receipt = await mined(c.payments.withdrawEscrow(modelId));
    const [event] = eventsIn(receipt, c.payments, "EscrowWithdrawn");
    const withdrawn = event.args.amount as bigint;
    const [left] = await c.payments.escrowAccount(payer, modelId);
    emit(
      args.json,
      { mode: "withdraw", modelId, payer, amount: withdrawn, balance: left, transactions: [receipt.hash] },
      [
        `withdrew ${open(withdrawn)} from model ${modelId}'s escrow; ${open(left)} remains escrowed`,
        `  tx ${receipt.hash}`,
      ],
    );
  });
}
