import { ZeroAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { TaskError, runTask } from "../lib/errors.js";
import { parseIdList } from "../lib/list-options.js";
import { emit } from "../lib/output.js";
import { parseAddress } from "../lib/parse.js";
import { eventsIn, mined, actorContext } from "../lib/context.js";

interface Args {
  operator: string;
  models: string;
  metadata: string;
  account: number | string;
  json: boolean;
}

/**
 * `agent register`: an agent owned by the signer, run by `--operator` (who may spend its budget on inference), allowed
 * to use `--models`. Each model must exist (the registry does not check it; a typo would allow an unrelated future
 * model).
 */
export default async function agentRegister(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const modelIds = args.models.trim() === "" ? [] : parseIdList("models", args.models);
    const context = await actorContext(hre, args);
    const operator = args.operator === "" ? context.signer.address : parseAddress("operator", args.operator);
    if (operator === ZeroAddress) throw new TaskError("--operator: the zero address cannot operate an agent");
    const models = await context.modelRegistry();
    for (const modelId of modelIds) {
      if ((await models.paymentTerms(modelId)).status === 0n) throw new TaskError(`model ${modelId} does not exist`);
    }
    const agents = await context.agentRegistry();
    const receipt = await mined(agents.register(operator, args.metadata, modelIds));
    const [registered] = eventsIn(receipt, agents, "AgentRegistered");
    const agentId = registered.args.agentId as bigint;
    emit(
      args.json,
      {
        agentId,
        owner: context.signer.address,
        operator,
        metadataURI: args.metadata,
        models: modelIds,
        transactionHash: receipt.hash,
      },
      [
        `registered agent ${agentId}, owned by ${context.signer.address}, operated by ${operator} (tx ${receipt.hash})`,
        `  models allowed: ${modelIds.length === 0 ? "none yet" : modelIds.join(", ")}`,
        ...(args.metadata === "" ? [] : [`  metadata ${args.metadata}`]),
      ],
    );
  });
}
