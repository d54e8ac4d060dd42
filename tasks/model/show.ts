import { ZeroAddress, formatUnits } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseId } from "../lib/parse.js";
import { actorContext } from "../lib/context.js";
import { MODEL_STATUSES, percent, requireModel } from "./common.js";

interface Args {
  model: string;
  json: boolean;
}

/** `model show --model M`: everything the registry stores about a model. Without --model: one line per model. */
export default async function modelShow(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const context = await actorContext(hre, 0);
    const models = await context.modelRegistry();
    if (args.model === "") {
      const total = await models.modelCount();
      const list = [];
      for (let id = 1n; id <= total; id++) {
        const info = await models.model(id);
        list.push({
          modelId: id,
          owner: info.owner,
          status: MODEL_STATUSES[Number(info.status)],
          pricePerUnit: info.pricePerUnit,
          metadataURI: info.metadataURI,
        });
      }
      emit(args.json, { models: list }, [
        `${total} model(s)`,
        ...list.map(
          (m) =>
            `  ${m.modelId}: ${m.status}, ${formatUnits(m.pricePerUnit)} OPEN per unit, owned by ${m.owner}, ` +
            m.metadataURI,
        ),
      ]);
      return;
    }
    const modelId = parseId("model", args.model);
    await requireModel(models, modelId);
    const info = await models.model(modelId);
    const model = {
      modelId,
      owner: info.owner,
      operator: info.operator,
      status: MODEL_STATUSES[Number(info.status)],
      pricePerUnit: info.pricePerUnit,
      contributorShareBps: info.contributorShareBps,
      shares: info.shares === ZeroAddress ? null : info.shares,
      revenueRecipient: await models.revenueRecipient(modelId),
      baseModelId: info.baseModelId,
      weightsHash: info.weightsHash,
      metadataURI: info.metadataURI,
      trainedOn: (info.trainedOn as { datanetId: bigint; version: bigint }[]).map((v) => ({
        datanetId: v.datanetId,
        version: v.version,
      })),
    };
    emit(args.json, model, [
      `model ${modelId} (${model.status}) owned by ${model.owner}`,
      `  model card ${model.metadataURI}`,
      `  weights ${model.weightsHash}`,
      `  trained on ${model.trainedOn.map((v) => `datanet ${v.datanetId} v${v.version}`).join(", ")}` +
        (model.baseModelId === 0n ? "" : `; derived from model ${model.baseModelId}`),
      `  operator ${model.operator}`,
      `  price ${formatUnits(model.pricePerUnit)} OPEN per unit; contributors get ${percent(model.contributorShareBps)}`,
      `  owner revenue to ${model.revenueRecipient}` + (model.shares === null ? " (not tokenized)" : " (shares token)"),
    ]);
  });
}
