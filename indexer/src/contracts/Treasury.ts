/** Treasury: vesting grants, transfers out, fees taken in. */
import { ponder } from "ponder:registry";
import { feeFlow, grant, treasuryTransfer } from "ponder:schema";

import { TreasuryAbi } from "../../generated/abis";
import { lc, recordEvent, registerRest } from "../../lib/record";

const C = "Treasury";

/** ITreasury.GrantKind, by value. */
const GRANT_KINDS = ["other", "datanet", "model"];

ponder.on("Treasury:GrantCreated", async ({ event, context }) => {
  await recordEvent(C, "GrantCreated", event, context);
  const a = event.args;
  await context.db.insert(grant).values({
    id: a.grantId,
    wallet: lc(a.wallet),
    beneficiary: lc(a.beneficiary),
    amount: a.amount,
    start: BigInt(a.start),
    cliffSeconds: BigInt(a.cliffSeconds),
    durationSeconds: BigInt(a.durationSeconds),
    purpose: { kind: GRANT_KINDS[a.purpose.kind] ?? `kind ${a.purpose.kind}`, id: a.purpose.id.toString() },
    createdAt: event.block.timestamp,
  });
});

ponder.on("Treasury:Transferred", async ({ event, context }) => {
  await recordEvent(C, "Transferred", event, context);
  const a = event.args;
  await context.db.insert(treasuryTransfer).values({
    id: event.id,
    token: lc(a.token),
    to: lc(a.to),
    amount: a.amount,
    blockNumber: event.block.number,
  });
});

ponder.on("Treasury:FeesCollected", async ({ event, context }) => {
  await recordEvent(C, "FeesCollected", event, context);
  await context.db.insert(feeFlow).values({
    id: event.id,
    kind: "treasury-fees",
    contract: C,
    recipient: null,
    modelId: null,
    amount: event.args.amount,
    blockNumber: event.block.number,
  });
});

registerRest(C, TreasuryAbi, ["GrantCreated", "Transferred", "FeesCollected"]);
