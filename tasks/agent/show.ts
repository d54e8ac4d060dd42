import { formatUnits } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseId } from "../lib/parse.js";
import { actorContext } from "../lib/context.js";
import { requireAgent } from "./common.js";
import { queryEvents } from "../lib/contracts.js";

interface Args {
  agent: string;
  json: boolean;
}

/**
 * `agent show --agent A`: owner, operator, budget, metadata and the models it may use (rebuilt from the
 * AgentModelAllowed events and checked against the current state).
 */
export default async function agentShow(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const agentId = parseId("agent", args.agent);
    const context = await actorContext(hre, 0);
    const agents = await context.agentRegistry();
    const { operator, budget } = await requireAgent(agents, agentId);
    const named = (await queryEvents(agents, agents.filters.AgentModelAllowed(agentId), context.fromBlock)).map(
      (e) => e.args.modelId,
    );
    const models: bigint[] = [];
    for (const modelId of new Set(named)) if (await agents.isModelAllowed(agentId, modelId)) models.push(modelId);
    models.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const agent = {
      agentId,
      owner: await agents.ownerOf(agentId),
      operator,
      budget,
      metadataURI: await agents.metadataURI(agentId),
      models,
    };
    emit(args.json, agent, [
      `agent ${agentId} owned by ${agent.owner}, operated by ${operator}`,
      `  budget ${formatUnits(budget)} OPEN`,
      `  models allowed: ${models.length === 0 ? "none" : models.join(", ")}`,
      `  metadata ${agent.metadataURI === "" ? "(none)" : agent.metadataURI}`,
    ]);
  });
}
