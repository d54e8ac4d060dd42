import { eventOf, write, type OpenLedgerClient } from "../client.js";

export interface RegisterAgentParameters {
  /** The account that runs the agent and spends its budget on inference. */
  operator: string;
  metadataURI: string;
  /** Models the agent may pay for from its budget. */
  modelIds: readonly bigint[];
}

/** Registers an agent owned by the client's account (AgentRegistry.register). */
export async function registerAgent(
  client: OpenLedgerClient,
  { operator, metadataURI, modelIds }: RegisterAgentParameters,
): Promise<{ agentId: bigint; transactionHash: string }> {
  const result = await write(client, "AgentRegistry", "register", [operator, metadataURI, [...modelIds]]);
  return {
    agentId: eventOf(result, "AgentRegistered").args.agentId as bigint,
    transactionHash: result.transactionHash,
  };
}

/** Adds `amount` of the asset to an agent's budget (approve the asset for the AgentRegistry first). */
export async function fundAgent(
  client: OpenLedgerClient,
  { agentId, amount }: { agentId: bigint; amount: bigint },
): Promise<{ transactionHash: string }> {
  const result = await write(client, "AgentRegistry", "fund", [agentId, amount]);
  return { transactionHash: result.transactionHash };
}

/** The agent's operator pays for an inference from the agent's budget (InferencePayments.payFromAgent). */
export async function payFromAgent(
  client: OpenLedgerClient,
  parameters: { agentId: bigint; modelId: bigint; units: bigint; maxAmount: bigint; requestHash: string },
): Promise<{ amount: bigint; transactionHash: string }> {
  const result = await write(client, "InferencePayments", "payFromAgent", [
    parameters.agentId,
    parameters.modelId,
    parameters.units,
    parameters.maxAmount,
    parameters.requestHash,
  ]);
  return { amount: eventOf(result, "InferencePaid").args.amount as bigint, transactionHash: result.transactionHash };
}
