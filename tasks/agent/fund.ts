import { formatUnits } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseAmount, parseId } from "../lib/parse.js";
import { mined, actorContext } from "../lib/context.js";
import { fundAndApprove, planAsset } from "../lib/asset.js";
import { requireAgent } from "./common.js";

interface Args {
  agent: string;
  amount: string;
  wrap: boolean;
  account: number | string;
  json: boolean;
}

/** A budget is stored in a uint96. */
const MAX_BUDGET = (1n << 96n) - 1n;

/**
 * `agent fund --agent A --amount X`: adds X WOPEN to the agent's budget (anyone may fund). Approves the
 * AgentRegistry for what the allowance lacks; with --wrap, wraps native OPEN first for what the WOPEN balance lacks.
 */
export default async function agentFund(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const agentId = parseId("agent", args.agent);
    const amount = parseAmount("amount", args.amount);
    if (amount === 0n) throw new TaskError("--amount must be more than 0");
    const context = await actorContext(hre, args);
    const agents = await context.agentRegistry();
    const { budget } = await requireAgent(agents, agentId);
    if (budget + amount > MAX_BUDGET) throw new TaskError(`agent ${agentId}'s budget would exceed its maximum`);
    const plan = await planAsset(context, amount, await agents.getAddress(), {
      wrap: args.wrap,
      wording: "purpose",
      purpose: `funding agent ${agentId} with ${args.amount} OPEN`,
    });
    const preparation = await fundAndApprove(plan);
    const receipt = await mined(agents.fund(agentId, amount));
    const [, newBudget] = await agents.agent(agentId);
    emit(
      args.json,
      {
        agentId,
        funder: context.signer.address,
        amount,
        wrapped: plan.wrap,
        budget: newBudget,
        preparationTransactions: preparation,
        transactionHash: receipt.hash,
      },
      [
        ...(plan.wrap > 0n ? [`wrapped ${formatUnits(plan.wrap)} native OPEN into WOPEN`] : []),
        ...(plan.approve ? [`approved ${formatUnits(amount)} WOPEN for the AgentRegistry`] : []),
        `funded agent ${agentId} with ${formatUnits(amount)} OPEN; budget ${formatUnits(newBudget)} OPEN ` +
          `(tx ${receipt.hash})`,
      ],
    );
  });
}
