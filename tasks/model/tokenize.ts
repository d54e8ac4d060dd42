import { ZeroAddress, formatUnits } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseId } from "../lib/parse.js";
import { eventsIn, mined, actorContext } from "../lib/context.js";
import { requireModel } from "./common.js";

interface Args {
  model: string;
  name: string;
  symbol: string;
  account: number | string;
  json: boolean;
}

/**
 * `model tokenize --model M`: creates the model's ModelShares token (fixed supply, all minted to the owner); from
 * then on the owner's revenue share goes to the token's holders. Once per model; allowed even when retired.
 */
export default async function modelTokenize(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const modelId = parseId("model", args.model);
    const name = args.name === "" ? `OpenLedger Model ${modelId} Shares` : args.name;
    const symbol = args.symbol === "" ? `OLM${modelId}` : args.symbol;
    const context = await actorContext(hre, args);
    const models = await context.modelRegistry();
    await requireModel(models, modelId);
    const owner = await models.ownerOf(modelId);
    if (owner !== context.signer.address) {
      throw new TaskError(`${context.signer.address} does not own model ${modelId} (its owner is ${owner})`);
    }
    const existing = await models.sharesOf(modelId);
    if (existing !== ZeroAddress) throw new TaskError(`model ${modelId} is already tokenized: shares ${existing}`);
    if ((await models.inferencePayments()) === ZeroAddress) {
      throw new TaskError("the ModelRegistry has no InferencePayments set: a shares token could not collect revenue");
    }
    const receipt = await mined(models.tokenize(modelId, name, symbol));
    const [tokenized] = eventsIn(receipt, models, "ModelTokenized");
    const shares = tokenized.args.shares as string;
    const supply = tokenized.args.supply as bigint;
    emit(args.json, { modelId, shares, name, symbol, supply, owner, transactionHash: receipt.hash }, [
      `model ${modelId} tokenized: ${name} (${symbol}) at ${shares}, ${formatUnits(supply)} shares minted to ${owner}`,
      `  the owner's revenue share now goes to the share holders (tx ${receipt.hash})`,
    ]);
  });
}
