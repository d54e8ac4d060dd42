import { formatUnits } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseAmount, parseId } from "../lib/parse.js";
import { mined, actorContext } from "../lib/context.js";
import { checkPrice, requireLiveOwnedModel } from "./common.js";

interface Args {
  model: string;
  price: string;
  account: number | string;
  json: boolean;
}

/** `model price --model M --price P`: sets the price per inference unit (owner; not once retired). */
export default async function modelPrice(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const modelId = parseId("model", args.model);
    const price = parseAmount("price", args.price);
    checkPrice("price", args.price, price);
    const context = await actorContext(hre, args);
    const models = await context.modelRegistry();
    await requireLiveOwnedModel(models, modelId, context.signer.address);
    const previous = (await models.paymentTerms(modelId)).pricePerUnit;
    if (previous === price) throw new TaskError(`model ${modelId} already costs ${formatUnits(price)} OPEN per unit`);
    const receipt = await mined(models.setPrice(modelId, price));
    emit(args.json, { modelId, previousPrice: previous, pricePerUnit: price, transactionHash: receipt.hash }, [
      `model ${modelId}: price ${formatUnits(previous)} -> ${formatUnits(price)} OPEN per unit (tx ${receipt.hash})`,
    ]);
  });
}
