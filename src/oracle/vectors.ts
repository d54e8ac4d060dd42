/**
 * Test vectors of the attribution spec (docs/spec/attribution.md, section 12): the file format, and how a vector's
 * input becomes the pipeline's `EpochInput` with exactly the verification steps of the spec that need no chain
 * (contribution, card and log bytes parsed; the log's records rebuilt into the committed root).
 *
 * A vector (`spec/vectors/<name>.json`) holds the raw bytes of every input as UTF-8 text, so that an independent
 * implementation exercises its own parsers; the expected outputs are the report fields and the exact bytes of the
 * data document (`spec/vectors/<name>.data.json`), with their keccak256.
 */
import { getAddress, keccak256, toUtf8Bytes } from "ethers";

import type { Checked, EpochInput, InferenceLogInput, ModelEpochInput, TrainingContribution } from "./epoch.js";
import {
  FormatError,
  logRoot,
  parseContribution,
  parseInferenceLog,
  parseModelCard,
  type ContributionContent,
  type ModelCard,
} from "./formats.js";

/** The spec version every vector is written for. */
export const SPEC_VERSION = "openledger.attribution/1";

export interface VectorContribution {
  contributionId: string;
  contributor: string;
  /** The content's bytes as UTF-8 text; its keccak256 is the on-chain content hash. */
  content: string;
}

export interface VectorModel {
  modelId: string;
  pool: string;
  trainedOn: { datanetId: string; version: number }[];
  /** The model card's bytes as UTF-8 text. */
  card: string;
  /**
   * The contributions of the training versions in submission order, or `{"refused": true}` when a version failed
   * the chain checks (manifest root, count, content hash or contributor differ from the chain).
   */
  training: VectorContribution[] | { refused: true };
  /** The committed log (its URI, committed root and bytes as UTF-8 text), or null when none was committed. */
  log: { uri: string; root: string; content: string } | null;
}

export interface VectorInput {
  epoch: string;
  fallbackAccount: string;
  /** Cumulative amounts up to the previous epoch. */
  previous: Record<string, string>;
  models: VectorModel[];
}

export interface VectorExpected {
  cumulativeRewardsRoot: string;
  cumulativeTotal: string;
  attributionRoot: string;
  /** File name (next to the vector) of the expected data document, and the keccak256 of its bytes. */
  data: string;
  dataKeccak256: string;
}

export interface Vector {
  spec: string;
  name: string;
  description: string;
  /** The spec sections the vector exercises. */
  covers: string[];
  input: VectorInput;
  expected: VectorExpected;
}

function checked<T>(parse: () => T): Checked<T> {
  try {
    return { value: parse() };
  } catch (e) {
    if (e instanceof FormatError) return { refused: e.message };
    throw e;
  }
}

const utf8 = (text: string) => new TextEncoder().encode(text);

function trainingOf(model: VectorModel): Checked<TrainingContribution[]> {
  if (!Array.isArray(model.training)) return { refused: "a training version does not match the chain" };
  return {
    value: model.training.map((c) => ({
      contributionId: BigInt(c.contributionId),
      contributor: getAddress(c.contributor),
      contentHash: keccak256(toUtf8Bytes(c.content)),
      content: checked<ContributionContent>(() =>
        parseContribution(utf8(c.content), `contribution ${c.contributionId}`),
      ),
    })),
  };
}

function logOf(model: VectorModel): Checked<InferenceLogInput> {
  const log = model.log;
  if (log === null) return { refused: "no inference log was committed before the deadline", code: "log-missing" };
  return checked(() => {
    const records = parseInferenceLog(utf8(log.content), `model ${model.modelId} log`);
    const root = logRoot(records).toLowerCase();
    if (root !== log.root.toLowerCase()) {
      throw new FormatError(`records rebuild root ${root}, the committed root is ${log.root.toLowerCase()}`);
    }
    return { root, uri: log.uri, records };
  });
}

/** The pipeline input of a vector. */
export function vectorEpochInput(input: VectorInput): EpochInput {
  const models: ModelEpochInput[] = input.models.map((m) => ({
    modelId: BigInt(m.modelId),
    pool: BigInt(m.pool),
    trainedOn: m.trainedOn.map((v) => ({ datanetId: BigInt(v.datanetId), version: v.version })),
    card: checked<ModelCard>(() => parseModelCard(utf8(m.card), `model ${m.modelId} card`)),
    training: trainingOf(m),
    log: logOf(m),
  }));
  return {
    epoch: BigInt(input.epoch),
    fallbackAccount: input.fallbackAccount,
    previous: new Map(Object.entries(input.previous).map(([account, amount]) => [account, BigInt(amount)])),
    models,
  };
}
