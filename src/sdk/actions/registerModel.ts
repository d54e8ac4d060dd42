import { eventOf, write, type OpenLedgerClient } from "../client.js";

export interface RegisterModelParameters {
  /** The model card's URI (weights hash, attribution method and its parameters). */
  metadataURI: string;
  weightsHash: string;
  /** The Datanet versions the model was trained on. */
  trainedOn: readonly { datanetId: bigint; version: number }[];
  /** Base model id for lineage (0 for none). */
  baseModelId?: bigint;
  /** The compute provider that serves the model and commits its inference logs. */
  operator: string;
  /** Price of one unit of inference, in the asset's smallest unit. */
  pricePerUnit: bigint;
  /** Share of each payment's owner-and-contributor part that goes to the data contributors, in basis points. */
  contributorShareBps: number;
}

export interface RegisterModelReturnType {
  modelId: bigint;
  transactionHash: string;
}

/** Registers a model owned by the client's account (ModelRegistry.registerModel). */
export async function registerModel(
  client: OpenLedgerClient,
  parameters: RegisterModelParameters,
): Promise<RegisterModelReturnType> {
  const result = await write(client, "ModelRegistry", "registerModel", [
    {
      metadataURI: parameters.metadataURI,
      weightsHash: parameters.weightsHash,
      trainedOn: parameters.trainedOn.map((t) => ({ datanetId: t.datanetId, version: t.version })),
      baseModelId: parameters.baseModelId ?? 0n,
      operator: parameters.operator,
      pricePerUnit: parameters.pricePerUnit,
      contributorShareBps: parameters.contributorShareBps,
    },
  ]);
  return {
    modelId: eventOf(result, "ModelRegistered").args.modelId as bigint,
    transactionHash: result.transactionHash,
  };
}
