import { write, type OpenLedgerClient } from "../client.js";

/** Stakes `amount` of the asset (approve the asset for OpenStaking first). Voting power follows delegation. */
export async function stake(
  client: OpenLedgerClient,
  { amount }: { amount: bigint },
): Promise<{ transactionHash: string }> {
  const result = await write(client, "OpenStaking", "stake", [amount]);
  return { transactionHash: result.transactionHash };
}

/** Delegates the client's voting units (its stake) to `delegatee` (itself to vote with them). */
export async function delegate(
  client: OpenLedgerClient,
  { delegatee }: { delegatee: string },
): Promise<{ transactionHash: string }> {
  const result = await write(client, "OpenStaking", "delegate", [delegatee]);
  return { transactionHash: result.transactionHash };
}
