/** InferenceLogs: each model operator's commitment of a closed epoch's inference log (root and URI). */
import { ponder } from "ponder:registry";
import { inferenceLog } from "ponder:schema";

import { InferenceLogsAbi } from "../../generated/abis";
import { lc, recordEvent, registerRest } from "../../lib/record";

const C = "InferenceLogs";

ponder.on("InferenceLogs:InferenceLogCommitted", async ({ event, context }) => {
  await recordEvent(C, "InferenceLogCommitted", event, context);
  const a = event.args;
  // One commitment per (model, epoch): the contract refuses a second one.
  await context.db
    .insert(inferenceLog)
    .values({ modelId: a.modelId, epoch: a.epoch, operator: lc(a.operator), root: a.root, uri: a.uri });
});

registerRest(C, InferenceLogsAbi, ["InferenceLogCommitted"]);
