/** Shared by the `infer` tasks: the payments and registry contracts, model checks and the request hash. */
import { keccak256, toUtf8Bytes } from "ethers";

import type { ActorContext } from "../lib/context.js";
import { TaskError } from "../lib/errors.js";
import { parseBytes32 } from "../lib/parse.js";
import { protocolContract } from "../lib/contracts.js";

/** IModelRegistry.ModelStatus, by value. */
export const MODEL_STATUS = ["None", "Active", "Paused", "Retired"] as const;

export async function paymentsContracts(ctx: ActorContext) {
  const { signer } = ctx;
  return {
    payments: protocolContract("InferencePayments", ctx.address("InferencePayments"), signer),
    models: protocolContract("ModelRegistry", ctx.address("ModelRegistry"), signer),
    agents: protocolContract("AgentRegistry", ctx.address("AgentRegistry"), signer),
  };
}

export type PaymentsContracts = Awaited<ReturnType<typeof paymentsContracts>>;

/**
 * Payment terms of `modelId`: "model 7 does not exist" for an unknown id, and with `active` a refusal for a paused or
 * retired model.
 */
export async function modelTerms(c: PaymentsContracts, modelId: bigint, active: boolean) {
  const terms = await c.models.paymentTerms(modelId);
  const status = MODEL_STATUS[Number(terms.status)];
  if (status === "None") throw new TaskError(`model ${modelId} does not exist`);
  if (active && status !== "Active") {
    throw new TaskError(`model ${modelId} is ${status.toLowerCase()} and does not accept payments`);
  }
  return { operator: terms.operator, pricePerUnit: terms.pricePerUnit, status };
}

/** Payments, escrow deposits and redemptions stop under the guardian's pause (withdrawals stay open). */
export async function checkNotPaused(c: PaymentsContracts): Promise<void> {
  if (await c.payments.paused()) throw new TaskError("payments are paused by the guardian");
}

/** The request hash from `--request TEXT` (keccak256 of its UTF-8 bytes) or `--request-hash 0x...`. */
export function requestHashOf(request: string, requestHash: string): string {
  if (request !== "" && requestHash !== "") throw new TaskError("give either --request or --request-hash, not both");
  if (requestHash !== "") return parseBytes32("request-hash", requestHash);
  if (request !== "") return keccak256(toUtf8Bytes(request));
  throw new TaskError(
    "--request TEXT or --request-hash 0x... is required (the operator's inference log references it)",
  );
}
