import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { fundAndApprove, open, planAsset } from "../lib/asset.js";
import { actorContext, mined } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseAddress, parseAmount, parseId } from "../lib/parse.js";
import { checkNotPaused, modelTerms, paymentsContracts } from "./common.js";

interface Args {
  model: string;
  amount: string;
  for: string;
  wrap: boolean;
  account: number | string;
  json: boolean;
}

/** `infer escrow-deposit --model ID --amount X [--for PAYER]`: escrows OPEN that the model's vouchers draw on. */
export default async function inferEscrowDeposit(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const modelId = parseId("model", args.model);
    const amount = parseAmount("amount", args.amount);
    if (amount === 0n) throw new TaskError("--amount must be above 0");
    const ctx = await actorContext(hre, args);
    const payer = args.for === "" ? ctx.signer.address : parseAddress("for", args.for);
    const c = await paymentsContracts(ctx);
    // Escrow is accepted for any known model (vouchers may be redeemed while it is paused).
    await modelTerms(c, modelId, false);
    await checkNotPaused(c);
    const plan = await planAsset(ctx, amount, await c.payments.getAddress(), {
      purpose: "the deposit",
      wrap: args.wrap,
    });
    const sent = await fundAndApprove(plan);
    const receipt = await mined(
      payer === ctx.signer.address
        ? c.payments.depositEscrow(modelId, amount)
        : c.payments.depositEscrowFor(payer, modelId, amount),
    );
    sent.push(receipt.hash);
    const [balance, redeemed, thawingAmount, thawEnd] = await c.payments.escrowAccount(payer, modelId);
    emit(
      args.json,
      {
        modelId,
        payer,
        funder: ctx.signer.address,
        amount,
        balance,
        redeemed,
        thawingAmount,
        thawEnd,
        transactions: sent,
      },
      [
        `escrowed ${open(amount)} for ${payer} on model ${modelId}; escrow balance ${open(balance)}`,
        `  tx ${receipt.hash}`,
      ],
    );
  });
}
