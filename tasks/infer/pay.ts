import { formatUnits } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { fundAndApprove, open, planAsset } from "../lib/asset.js";
import { actorContext, eventsIn, mined } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseAmount, parseId } from "../lib/parse.js";
import { checkNotPaused, modelTerms, paymentsContracts, requestHashOf } from "./common.js";

interface Args {
  model: string;
  units: string;
  max: string;
  request: string;
  requestHash: string;
  agent: string;
  wrap: boolean;
  account: number | string;
  json: boolean;
}

/**
 * `infer pay --model ID --units N --request TEXT`: pays `price x units` now. Directly from the account's WOPEN
 * (approved, wrapped from native OPEN with --wrap), or with --agent from an agent's budget, the account acting as the
 * agent's operator.
 */
export default async function inferPay(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const modelId = parseId("model", args.model);
    const units = parseId("units", args.units);
    if (units === 0n) throw new TaskError("--units must be at least 1");
    const requestHash = requestHashOf(args.request, args.requestHash);
    const agentId = args.agent === "" ? undefined : parseId("agent", args.agent);
    if (agentId !== undefined && args.wrap) throw new TaskError("--wrap does not apply to --agent (the budget pays)");
    const ctx = await actorContext(hre, args);
    const c = await paymentsContracts(ctx);
    const terms = await modelTerms(c, modelId, true);
    await checkNotPaused(c);
    const amount = terms.pricePerUnit * units;
    if (amount === 0n) throw new TaskError(`model ${modelId} is free (price 0): there is nothing to pay`);
    const maxAmount = args.max === "" ? amount : parseAmount("max", args.max);
    if (amount > maxAmount) {
      throw new TaskError(
        `${units} unit(s) of model ${modelId} cost ${open(amount)} at the current price, above --max ${args.max}`,
      );
    }
    const payer = ctx.signer.address;
    const sent: string[] = [];
    let receipt;
    if (agentId !== undefined) {
      const [operator, budget] = await c.agents.agent(agentId);
      if (operator === "0x0000000000000000000000000000000000000000") {
        throw new TaskError(`agent ${agentId} does not exist`);
      }
      if (operator !== payer) {
        throw new TaskError(`account ${payer} is not the operator of agent ${agentId} (its operator is ${operator})`);
      }
      if (!(await c.agents.isModelAllowed(agentId, modelId))) {
        throw new TaskError(`agent ${agentId} is not allowed to use model ${modelId}`);
      }
      if (budget < amount) {
        throw new TaskError(`agent ${agentId} has a budget of ${open(budget)}, the payment needs ${open(amount)}`);
      }
      receipt = await mined(c.payments.payFromAgent(agentId, modelId, units, maxAmount, requestHash));
    } else {
      const plan = await planAsset(ctx, amount, await c.payments.getAddress(), {
        purpose: "the payment",
        wrap: args.wrap,
      });
      sent.push(...(await fundAndApprove(plan)));
      receipt = await mined(c.payments.pay(modelId, units, maxAmount, requestHash));
    }
    sent.push(receipt.hash);
    const [paid] = eventsIn(receipt, c.payments, "InferencePaid");
    const e = paid.args;
    const result = {
      modelId,
      payer,
      agentId: agentId ?? 0n,
      units,
      amount: e.amount as bigint,
      epoch: e.epoch as bigint,
      requestHash,
      split: {
        protocol: e.protocolFee as bigint,
        stakers: e.stakerFee as bigint,
        contributors: e.contributorAmount as bigint,
        owner: e.ownerAmount as bigint,
      },
      transactions: sent,
    };
    const from = agentId === undefined ? payer : `agent ${agentId}'s budget (operator ${payer})`;
    emit(args.json, result, [
      `paid ${open(result.amount)} for ${units} unit(s) of model ${modelId} from ${from}, epoch ${result.epoch}`,
      `  request ${requestHash}`,
      `  split: protocol ${formatUnits(result.split.protocol)}, stakers ${formatUnits(result.split.stakers)}, ` +
        `contributors ${formatUnits(result.split.contributors)}, owner ${formatUnits(result.split.owner)} OPEN`,
      `  tx ${receipt.hash}`,
    ]);
  });
}
