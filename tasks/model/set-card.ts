import { readFile } from "node:fs/promises";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { openTaskStore, verifiableUri } from "../lib/content-store.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseId } from "../lib/parse.js";
import { mined, actorContext } from "../lib/context.js";
import { checkCard, requireLiveOwnedModel } from "./common.js";

interface Args {
  model: string;
  card: string;
  store: string;
  ipfs: string;
  account: number | string;
  json: boolean;
}

/**
 * `model set-card --model M --card FILE`: replaces a model's card (owner; not once retired). The card is checked with
 * the oracle's own parser first (a card the oracles refuse sends every pool of the model to the treasury), stored in
 * the content store, and its verifiable URI set with `ModelRegistry.setMetadataURI`. Oracles use the card in force at
 * an epoch's end, so the new card applies from the epoch in progress on.
 */
export default async function modelSetCard(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const modelId = parseId("model", args.model);
    if (args.card === "") throw new TaskError("--card is required (the model card, a JSON file)");
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(args.card));
    } catch {
      throw new TaskError(`--card: ${args.card} cannot be read`);
    }
    const card = checkCard(bytes, args.card);
    const store = openTaskStore(args);
    const context = await actorContext(hre, args);
    const models = await context.modelRegistry();
    await requireLiveOwnedModel(models, modelId, context.signer.address);
    const stored = await store.put(bytes);
    const metadataURI = verifiableUri(stored);
    const previous = (await models.model(modelId)).metadataURI;
    if (previous === metadataURI) throw new TaskError(`model ${modelId} already has this card (${metadataURI})`);
    const receipt = await mined(models.setMetadataURI(modelId, metadataURI));
    emit(
      args.json,
      {
        modelId,
        previousMetadataURI: previous,
        metadataURI,
        method: card.attribution.method,
        transactionHash: receipt.hash,
      },
      [
        `model ${modelId}: card set to ${metadataURI} (attribution: ${card.attribution.method}; tx ${receipt.hash})`,
        `  previous card ${previous}; oracles use the new one from the epoch in progress on`,
      ],
    );
  });
}
