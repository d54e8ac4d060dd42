import { write, type OpenLedgerClient } from "../client.js";

/**
 * Where the client's account's attribution rewards are paid: every claim path (`claim` by anyone, `claimBatch` by a
 * relayer, `claimTo`) pays this recipient, so a claim sent by someone else cannot leave rewards where the account
 * cannot use them.
 */
export async function setRewardRecipient(
  client: OpenLedgerClient,
  { recipient }: { recipient: string },
): Promise<{ transactionHash: string }> {
  const result = await write(client, "RewardDistributor", "setRewardRecipient", [recipient]);
  return { transactionHash: result.transactionHash };
}
