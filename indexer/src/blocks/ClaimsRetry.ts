/**
 * The ClaimsRetry block source (ponder.config.ts): every OPENLEDGER_INDEXER_CLAIMS_RETRY_BLOCKS blocks, fetches again
 * the data documents of finalized epochs that were unreachable and are due (lib/epochClaims.ts, decision 0505).
 */
import { ponder } from "ponder:registry";

import { retryDueClaims } from "../../lib/epochClaims";

ponder.on("ClaimsRetry:block", async ({ event, context }) => {
  await retryDueClaims(context, event.block.number);
});
