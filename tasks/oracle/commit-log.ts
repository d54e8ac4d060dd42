import { readFile } from "node:fs/promises";

import { keccak256, toUtf8Bytes } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import {
  FormatError,
  contentUri,
  encodeInferenceLog,
  logRoot,
  parseInferenceLog,
  type LogRecord,
} from "../../src/oracle/index.js";
import { openTaskStore } from "../lib/content-store.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseId } from "../lib/parse.js";
import { mined, actorContext } from "../lib/context.js";
import { followerOf, formatWhen, parseEpoch } from "./common.js";
import { protocolContract } from "../lib/contracts.js";

interface Args {
  file: string;
  model: string;
  epoch: string;
  store: string;
  ipfs: string;
  account: number | string;
  json: boolean;
}

/** Most records one log file may hold (the whole file is read, hashed and kept in memory). */
const MAX_RECORDS = 100_000;

/**
 * `oracle commit-log <file> --model M --epoch E`: the model operator publishes what the model served in a closed
 * epoch. The file holds the records, a JSON array or JSONL of `{input, output, requestHash?, paymentRef?}`
 * (docs/decisions/0400); a record without `requestHash` gets keccak256 of its input (what `infer pay --request
 * <input>` pays for), one without `paymentRef` an empty one. The canonical log goes to the content store and its
 * root and URI (carrying its keccak256) to `InferenceLogs.commitInferenceLog`, once per model and epoch, between
 * the epoch's end and the log deadline.
 */
export default async function oracleCommitLog(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const modelId = parseId("model", args.model);
    const epoch = parseEpoch(args.epoch);
    const records = await readLogInput(args.file);
    const store = openTaskStore(args);

    const context = await actorContext(hre, args);
    const chain = followerOf(context);
    const models = await context.modelRegistry();
    const terms = await models.paymentTerms(modelId);
    if (terms.status === 0n) throw new TaskError(`model ${modelId} does not exist`);
    const operator = context.signer.address;
    if (terms.operator !== operator) {
      throw new TaskError(`${operator} is not the operator of model ${modelId} (its operator is ${terms.operator})`);
    }
    const [now, end, deadline] = await Promise.all([chain.now(), chain.epochEnd(epoch), chain.reportsOpenAt(epoch)]);
    if (now < end)
      throw new TaskError(`epoch ${epoch} is not over: its logs can be committed from ${formatWhen(end, now)}`);
    if (now >= deadline) {
      throw new TaskError(`the log window of epoch ${epoch} closed ${formatWhen(deadline, now)}`);
    }
    const committed = await chain.inferenceLog(modelId, epoch);
    if (committed !== null) {
      throw new TaskError(
        `model ${modelId} already has a log for epoch ${epoch}: root ${committed.root} at ${committed.uri}`,
      );
    }

    const root = logRoot(records);
    const stored = await store.put(encodeInferenceLog(records));
    const uri = contentUri(stored);
    const logs = protocolContract("InferenceLogs", await chain.logs.getAddress(), context.signer);
    const receipt = await mined(logs.commitInferenceLog(modelId, epoch, root, uri));
    emit(
      args.json,
      {
        modelId,
        epoch,
        operator,
        records: records.length,
        root,
        uri,
        size: stored.size,
        transactionHash: receipt.hash,
      },
      [
        `committed the inference log of model ${modelId} for epoch ${epoch}: ${records.length} record(s)`,
        `  root ${root}`,
        `  uri  ${uri}`,
        `  tx   ${receipt.hash}`,
      ],
    );
  });
}

/** Reads a log input file: records with defaults for `requestHash` and `paymentRef`, validated as a log. */
export async function readLogInput(file: string): Promise<LogRecord[]> {
  if (file === "") throw new TaskError("a log file is required (JSON array or JSONL of {input, output})");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new TaskError(`${file} cannot be read`);
  }
  let raw: unknown[];
  if (text.trimStart().startsWith("[")) {
    try {
      raw = JSON.parse(text) as unknown[];
    } catch {
      throw new TaskError(`${file} is not valid JSON`);
    }
  } else {
    raw = [];
    for (const [k, line] of text.split("\n").entries()) {
      if (line.trim() === "") continue;
      try {
        raw.push(JSON.parse(line));
      } catch {
        throw new TaskError(`${file} line ${k + 1} is not valid JSON`);
      }
    }
  }
  if (!Array.isArray(raw)) throw new TaskError(`${file} is neither a JSON array nor JSONL of records`);
  if (raw.length > MAX_RECORDS) throw new TaskError(`${file} has ${raw.length} records, at most ${MAX_RECORDS}`);
  const completed = raw.map((record) => {
    if (record === null || typeof record !== "object" || Array.isArray(record)) return record;
    const r = { ...(record as Record<string, unknown>) };
    if (r.requestHash === undefined && typeof r.input === "string") r.requestHash = keccak256(toUtf8Bytes(r.input));
    r.paymentRef ??= "";
    return r;
  });
  try {
    return parseInferenceLog(new TextEncoder().encode(JSON.stringify(completed)), file);
  } catch (error) {
    if (error instanceof FormatError) throw new TaskError(error.message);
    throw error;
  }
}
