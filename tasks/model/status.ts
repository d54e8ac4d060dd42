import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { TaskError, runTask } from "../lib/errors.js";
import { parseChoice } from "../lib/list-options.js";
import { emit } from "../lib/output.js";
import { parseId } from "../lib/parse.js";
import { mined, actorContext } from "../lib/context.js";
import { MODEL_STATUSES, requireLiveOwnedModel } from "./common.js";

interface Args {
  model: string;
  status: string;
  account: number | string;
  json: boolean;
}

/**
 * `model status --model M --status active|paused|retired`: only active models accept payments; paused is temporary;
 * retired is final (the model's status and terms can never change again).
 */
export default async function modelStatus(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const modelId = parseId("model", args.model);
    const status = parseChoice("status", args.status, ["active", "paused", "retired"]) + 1;
    const context = await actorContext(hre, args);
    const models = await context.modelRegistry();
    const previous = await requireLiveOwnedModel(models, modelId, context.signer.address);
    if (previous === MODEL_STATUSES[status]) throw new TaskError(`model ${modelId} is already ${previous}`);
    const receipt = await mined(models.setStatus(modelId, status));
    emit(
      args.json,
      { modelId, previousStatus: previous, status: MODEL_STATUSES[status], transactionHash: receipt.hash },
      [
        `model ${modelId}: ${previous} -> ${MODEL_STATUSES[status]} (tx ${receipt.hash})` +
          (MODEL_STATUSES[status] === "retired" ? "; retirement is final" : ""),
      ],
    );
  });
}
