/**
 * An epoch's claims from its finalized report's data document (lib/claims.ts reads and checks it), and the retry of a
 * document that could not be fetched (decision 0505).
 *
 * `indexEpochClaims` runs when the epoch finalizes and again on retries. Outcomes:
 * - the document is the chain's: its leaves become `claimable` rows and its per-model amounts `earning` rows, the
 *   epoch's claims are `available`;
 * - it is malformed, does not hash to its URI or rebuilds another root or total: `unavailable` with the reason, for
 *   good (the same bytes will never become the chain's);
 * - it is unreachable (missing from the content store, HTTP or IPFS error, time-out): `unavailable` with the reason,
 *   and the epoch joins the `claims_retry` list. The `ClaimsRetry` block handler (src/contracts/ClaimsRetry.ts) runs
 *   every `claimsRetryBlocks` blocks and fetches it again once the epoch's `claimsRetryBlock` is reached. The wait
 *   doubles after each failed attempt up to 64 times the base (bounded backoff), and never stops: an unreachable
 *   document is retried until it comes back.
 *
 * Every state (the list, the epoch's attempts and next block) is in tables, so a reorganization rolls a retry back
 * with its block and a restart resumes the list.
 */
import { ponder } from "ponder:registry";
import { claimable, claimsRetry, earning, epoch } from "ponder:schema";

import { ClaimsUnavailable, loadEpochClaims, retryDelay } from "./claims";
import { lc } from "./record";
import { loadSettings } from "./settings";

type Context = Parameters<Parameters<typeof ponder.on>[1]>[0]["context"];

const settings = loadSettings();
const RETRY_ID = "claims";
async function retryList(context: Context): Promise<bigint[]> {
  const row = await context.db.find(claimsRetry, { id: RETRY_ID });
  return ((row?.epochs as string[] | undefined) ?? []).map((e) => BigInt(e));
}

async function setRetryList(context: Context, epochs: bigint[]): Promise<void> {
  const list = [...new Set(epochs.map((e) => e.toString()))];
  await context.db.insert(claimsRetry).values({ id: RETRY_ID, epochs: list }).onConflictDoUpdate({ epochs: list });
}

/**
 * Fetches and checks epoch `epochId`'s data document (the row's `dataURI`, root and total) at block `blockNumber`, and
 * records the outcome. The epoch row must exist and carry its finalized root and total.
 */
export async function indexEpochClaims(context: Context, epochId: bigint, blockNumber: bigint): Promise<void> {
  const row = await context.db.find(epoch, { id: epochId });
  if (row === null || row.cumulativeRewardsRoot === null || row.cumulativeTotal === null) return;
  const attempts = row.claimsAttempts + 1;
  try {
    const claims = await loadEpochClaims(
      row.dataURI ?? "",
      { epoch: epochId, root: row.cumulativeRewardsRoot, total: row.cumulativeTotal },
      { contentDir: settings.contentDir, ipfsApiUrl: settings.ipfsApiUrl, timeoutMs: settings.fetchTimeoutMs },
    );
    for (const [address, entry] of claims.accounts) {
      await context.db.insert(claimable).values({
        epoch: epochId,
        account: lc(address),
        cumulativeAmount: entry.amount,
        proof: entry.proof,
      });
    }
    for (const [modelId, perAccount] of claims.earnings) {
      for (const [address, amount] of perAccount) {
        if (amount === 0n) continue;
        await context.db.insert(earning).values({ account: lc(address), epoch: epochId, modelId, amount });
      }
    }
    await context.db.update(epoch, { id: epochId }).set({
      claimsStatus: "available",
      claimsReason: null,
      claimsAttempts: attempts,
      claimsRetryBlock: null,
      claimants: claims.accounts.size,
    });
    if (attempts > 1) {
      console.warn(`[indexer] epoch ${epochId}: claims available after ${attempts} attempts`);
      await setRetryList(
        context,
        (await retryList(context)).filter((e) => e !== epochId),
      );
    }
  } catch (error) {
    const unavailable = error instanceof ClaimsUnavailable;
    const reason = unavailable ? error.message : `unexpected: ${(error as Error).message}`;
    const retry = unavailable && error.unreachable;
    const retryBlock = retry ? blockNumber + retryDelay(attempts, settings.claimsRetryBlocks) : null;
    if (attempts === 1 || !retry) {
      console.warn(
        `[indexer] epoch ${epochId}: claims unavailable: ${reason}${retry ? ` (retried from block ${retryBlock})` : ""}`,
      );
    }
    await context.db.update(epoch, { id: epochId }).set({
      claimsStatus: "unavailable",
      claimsReason: reason,
      claimsAttempts: attempts,
      claimsRetryBlock: retryBlock,
    });
    const list = await retryList(context);
    if (retry && !list.includes(epochId)) await setRetryList(context, [...list, epochId]);
    if (!retry && list.includes(epochId)) {
      await setRetryList(
        context,
        list.filter((e) => e !== epochId),
      );
    }
  }
}

/** The block handler's work: retries every listed epoch whose next attempt is due at `blockNumber`. */
export async function retryDueClaims(context: Context, blockNumber: bigint): Promise<void> {
  const list = await retryList(context);
  for (const epochId of list) {
    const row = await context.db.find(epoch, { id: epochId });
    if (row === null || row.claimsStatus !== "unavailable" || row.claimsRetryBlock === null) {
      await setRetryList(
        context,
        (await retryList(context)).filter((e) => e !== epochId),
      );
      continue;
    }
    if (row.claimsRetryBlock <= blockNumber) await indexEpochClaims(context, epochId, blockNumber);
  }
}
