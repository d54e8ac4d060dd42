/**
 * What the `model` tasks share: status names, and existence and ownership checks that fail with one line before
 * anything is sent.
 */
import { formatUnits } from "ethers";

import { FormatError, parseModelCard, type ModelCard } from "../../src/oracle/index.js";
import type { ProtocolContract } from "../lib/contracts.js";
import { TaskError } from "../lib/errors.js";

export const MODEL_STATUSES = ["none", "active", "paused", "retired"] as const;

/** The registry stores a price in a uint96. */
export const MAX_PRICE = (1n << 96n) - 1n;

/** Fails with "model N does not exist" unless it does; returns its status name. */
export async function requireModel(models: ProtocolContract, modelId: bigint): Promise<string> {
  const status = MODEL_STATUSES[Number((await models.paymentTerms(modelId)).status)];
  if (status === "none") throw new TaskError(`model ${modelId} does not exist`);
  return status;
}

/** Fails unless `account` owns `modelId` and it is not retired (retired models can no longer change). */
export async function requireLiveOwnedModel(
  models: ProtocolContract,
  modelId: bigint,
  account: string,
): Promise<string> {
  const status = await requireModel(models, modelId);
  const owner = await models.ownerOf(modelId);
  if (owner !== account) throw new TaskError(`${account} does not own model ${modelId} (its owner is ${owner})`);
  if (status === "retired") throw new TaskError(`model ${modelId} is retired: its terms can no longer change`);
  return status;
}

export function checkPrice(option: string, value: string, price: bigint): void {
  if (price > MAX_PRICE) {
    throw new TaskError(`--${option}: ${value} OPEN is above the largest price, ${formatUnits(MAX_PRICE)} OPEN`);
  }
}

/** "15%" for 1500 bps, "12.5%" for 1250. */
export function percent(bps: bigint | number): string {
  return `${Number(bps) / 100}%`;
}

/**
 * The model card checked with the oracle node's own parser (src/oracle/formats.ts): a card it refuses (no
 * "attribution" section, an unknown method, bad parameters) would send every pool of the model to the treasury.
 */
export function checkCard(bytes: Uint8Array, file: string): ModelCard {
  try {
    return parseModelCard(bytes, `--card ${file}`);
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    throw new TaskError(
      `${error.message}: the oracles would refuse this card and pay every pool of the model to the treasury; ` +
        'give it {"name": ..., "attribution": {"method": "influence" | "spans", ...}} (docs/oracle.md)',
    );
  }
}
