import { write, type OpenLedgerClient } from "../client.js";
import { encodeInferenceLog, logRoot, type LogRecord } from "../formats.js";

export interface CommitInferenceLogParameters {
  modelId: bigint;
  /** The closed epoch the log covers. */
  epoch: bigint;
  /** The epoch's served inferences, in order. */
  records: readonly LogRecord[];
  /** Where the log's bytes (`encodeInferenceLog(records)`) are published. */
  uri: string;
}

/**
 * The model's operator commits a closed epoch's inference log (its merkle root on chain, its URI in the event), in
 * the window after the epoch ends. Publish `encodeInferenceLog(records)` at `uri` first.
 */
export async function commitInferenceLog(
  client: OpenLedgerClient,
  { modelId, epoch, records, uri }: CommitInferenceLogParameters,
): Promise<{ root: string; bytes: Uint8Array; transactionHash: string }> {
  const root = logRoot(records);
  const result = await write(client, "InferenceLogs", "commitInferenceLog", [modelId, epoch, root, uri]);
  return { root, bytes: encodeInferenceLog(records), transactionHash: result.transactionHash };
}
