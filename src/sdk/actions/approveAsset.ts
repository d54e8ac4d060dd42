import { addressOf, read, write, type ContractName, type OpenLedgerClient } from "../client.js";

export interface ApproveAssetParameters {
  /** The protocol contract that will pull the asset (InferencePayments, DatanetRegistry, AgentRegistry, OpenStaking). */
  spender: ContractName;
  amount: bigint;
}

/** Lets a protocol contract pull `amount` of the asset from the client's account; skips when already allowed. */
export async function approveAsset(
  client: OpenLedgerClient,
  { spender, amount }: ApproveAssetParameters,
): Promise<{ transactionHash: string | undefined }> {
  const owner = await client.transport.account();
  const spenderAddress = addressOf(client, spender);
  if (owner !== undefined) {
    const allowance = await read<bigint>(client, "asset", "allowance", [owner, spenderAddress]);
    if (allowance >= amount) return { transactionHash: undefined };
  }
  const result = await write(client, "asset", "approve", [spenderAddress, amount]);
  return { transactionHash: result.transactionHash };
}
