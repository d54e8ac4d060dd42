import { ZeroAddress, formatUnits } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseAddress, parseAmount, parseId } from "../lib/parse.js";
import { mined, actorContext } from "../lib/context.js";
import { requireAgentOwner } from "./common.js";

interface Args {
  agent: string;
  amount: string;
  to: string;
  unwrap: boolean;
  account: number | string;
  json: boolean;
}

/**
 * `agent withdraw --agent A --amount X|all`: the owner takes X of the budget back as WOPEN, to itself or `--to`;
 * with --unwrap (to itself only), the WOPEN is then unwrapped into native OPEN.
 */
export default async function agentWithdraw(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const agentId = parseId("agent", args.agent);
    const all = args.amount.trim().toLowerCase() === "all";
    const requested = all ? 0n : parseAmount("amount", args.amount);
    if (!all && requested === 0n) throw new TaskError("--amount must be more than 0");
    const context = await actorContext(hre, args);
    const to = args.to === "" ? context.signer.address : parseAddress("to", args.to);
    if (to === ZeroAddress) throw new TaskError("--to: cannot withdraw to the zero address");
    if (args.unwrap && to !== context.signer.address) throw new TaskError("--unwrap works only without --to");
    const agents = await context.agentRegistry();
    const { budget } = await requireAgentOwner(agents, agentId, context.signer.address);
    const amount = all ? budget : requested;
    if (amount === 0n) throw new TaskError(`agent ${agentId} has an empty budget`);
    if (amount > budget) {
      throw new TaskError(
        `agent ${agentId}'s budget is ${formatUnits(budget)} OPEN, less than the ${formatUnits(amount)} asked for`,
      );
    }
    const receipt = await mined(agents.withdrawBudget(agentId, amount, to));
    const unwrapHash = args.unwrap ? (await mined((await context.wopen()).withdraw(amount))).hash : undefined;
    emit(
      args.json,
      {
        agentId,
        amount,
        to,
        budget: budget - amount,
        unwrapped: args.unwrap,
        transactionHash: receipt.hash,
        ...(unwrapHash === undefined ? {} : { unwrapTransaction: unwrapHash }),
      },
      [
        `withdrew ${formatUnits(amount)} OPEN from agent ${agentId} to ${to}` +
          `${args.unwrap ? " as native OPEN" : " as WOPEN"}; budget ${formatUnits(budget - amount)} OPEN (tx ${
            receipt.hash
          })`,
      ],
    );
  });
}
