/** The epoch row, created by whichever event mentions the epoch first. */
import { epoch } from "ponder:schema";

interface Db {
  insert: (table: typeof epoch) => {
    values: (row: typeof epoch.$inferInsert) => { onConflictDoNothing: () => Promise<unknown> };
  };
}

export async function ensureEpoch(context: { db: unknown }, id: bigint): Promise<void> {
  await (context.db as Db)
    .insert(epoch)
    .values({
      id,
      pool: 0n,
      revenue: 0n,
      payments: 0,
      status: "open",
      disputes: 0,
      claimsStatus: "pending",
      claimsAttempts: 0,
      claimants: 0,
    })
    .onConflictDoNothing();
}
