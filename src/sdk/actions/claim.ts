import { eventOf, write, type OpenLedgerClient } from "../client.js";
import type { Claim } from "./getClaim.js";

/**
 * Claims what `getClaim` found claimable (RewardDistributor.claim: pays the difference between the cumulative amount
 * and what was claimed before). Anyone may send it for any account; the rewards go to the account's reward
 * recipient (the account itself unless it set another with `setRewardRecipient`).
 */
export async function claim(
  client: OpenLedgerClient,
  found: Pick<Claim, "account" | "cumulativeAmount" | "proof">,
): Promise<{ paid: bigint; transactionHash: string }> {
  const result = await write(client, "RewardDistributor", "claim", [
    found.account,
    found.cumulativeAmount,
    found.proof,
  ]);
  return { paid: eventOf(result, "Claimed").args.amount as bigint, transactionHash: result.transactionHash };
}
