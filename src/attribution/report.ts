/**
 * From validated records to the OUT.json document of each method (the CLI's file format). Kept apart from the CLI
 * so that services and benchmarks can produce the identical document in-process.
 */
import { allocatePool, rollup } from "./allocate.js";
import { DEFAULT_BUCKETS, featurize } from "./featurize.js";
import { influence } from "./influence.js";
import { InputError, type LabelledFile, type TextRecord } from "./input.js";
import type { JsonObject, JsonValue } from "./json.js";
import { DEFAULT_LAMBDA, trainLogistic, type Dataset } from "./logistic.js";
import { DEFAULT_MIN_SPAN_TOKENS, attributeSpans, buildSpanIndex } from "./spans.js";

export type Progress = (message: string) => void;

export interface InfluenceReportOptions {
  lambda?: number;
  buckets?: number;
  pool?: bigint;
  trainFile?: string;
  onProgress?: Progress;
}

function toDataset(file: LabelledFile, buckets: number): Dataset {
  const n = file.records.length;
  const p = file.kind === "features" ? file.dim : buckets;
  const x = new Float64Array(n * p);
  const y = new Uint8Array(n);
  file.records.forEach((r, i) => {
    x.set(r.features ?? featurize(r.text as string, buckets), i * p);
    y[i] = r.label;
  });
  return { n, p, x, y };
}

function amounts(totals: Map<string, number>, pool: bigint | undefined): JsonValue {
  if (pool === undefined) return null;
  const out = new Map<string, JsonValue>();
  for (const [k, v] of allocatePool(totals, pool)) out.set(k, v.toString());
  return out;
}

export function influenceReport(
  train: LabelledFile,
  query: LabelledFile,
  opts: InfluenceReportOptions = {},
): JsonObject {
  const lambda = opts.lambda ?? DEFAULT_LAMBDA;
  const buckets = opts.buckets ?? DEFAULT_BUCKETS;
  const progress = opts.onProgress ?? (() => {});
  const data = toDataset(train, buckets);
  const queries = toDataset(query, buckets);
  const t0 = performance.now();
  let model;
  try {
    model = trainLogistic(data, { lambda });
  } catch (e) {
    if ((e as Error).message.includes("both 0 and 1")) {
      throw new InputError(opts.trainFile ?? "train", 0, "labels must include both 0 and 1");
    }
    throw e;
  }
  progress(
    `trained on ${data.n} examples x ${data.p} features: ${model.iterations} Newton steps, ` +
      `|grad| ${model.gradNorm.toExponential(2)}, ${Math.round(performance.now() - t0)} ms`,
  );
  const t1 = performance.now();
  const scores = influence(data, model, queries, {
    onProgress: (done, total) => {
      if (done % 10 === 0 || done === total) progress(`influence: ${done}/${total} queries`);
    },
  });
  progress(`influence computed in ${Math.round(performance.now() - t1)} ms`);

  const n = data.n;
  const ids = train.records.map((r) => r.id);
  const perExample = new Float64Array(n);
  const queryOut: JsonValue[] = query.records.map((q, k) => {
    const m = new Map<string, JsonValue>();
    for (let i = 0; i < n; i++) {
      m.set(ids[i], scores[k * n + i]);
      perExample[i] += scores[k * n + i];
    }
    return { id: q.id, influence: m };
  });
  const totals = rollup(
    train.records.map((r) => r.contributor as string),
    perExample,
  );
  const w: JsonValue[] = [];
  for (let j = 0; j < data.p; j++) w.push(model.theta[j]);
  return {
    method: "influence",
    model: {
      kind: "logistic-regression",
      lambda,
      features: data.p,
      featurizer: train.kind === "text" ? { kind: "hashed-word-set", hash: "fnv1a32", buckets } : null,
      examples: n,
      newtonSteps: model.iterations,
      converged: model.converged,
      intercept: model.theta[data.p],
      weights: w,
    },
    queries: queryOut,
    contributors: new Map<string, JsonValue>(totals),
    amounts: amounts(totals, opts.pool),
  };
}

export interface SpansReportOptions {
  minLength?: number;
  pool?: bigint;
  onProgress?: Progress;
}

export function spansReport(corpus: TextRecord[], outputs: TextRecord[], opts: SpansReportOptions = {}): JsonObject {
  const minLength = opts.minLength ?? DEFAULT_MIN_SPAN_TOKENS;
  const progress = opts.onProgress ?? (() => {});
  const docs = corpus.map((r) => ({ id: r.id, contributor: r.contributor as string, text: r.text }));
  const t0 = performance.now();
  const index = buildSpanIndex(docs, { onProgress: progress });
  progress(
    `indexed ${index.tokenCount} tokens of ${docs.length} documents in ${Math.round(performance.now() - t0)} ms`,
  );
  const t1 = performance.now();
  const results = attributeSpans(index, outputs, { minLength });
  progress(`attributed ${outputs.length} outputs in ${Math.round(performance.now() - t1)} ms`);

  const perDoc = new Float64Array(docs.length);
  const outs: JsonValue[] = results.map((r) => {
    const credit = new Map<string, JsonValue>();
    for (const [d, c] of r.credit) {
      credit.set(docs[d].id, c);
      perDoc[d] += c;
    }
    return {
      id: r.id,
      spans: r.spans.map((s) => ({
        start: s.start,
        end: s.end,
        tokens: s.tokens,
        docs: s.docs.map((d) => docs[d].id),
      })),
      credit,
    };
  });
  const totals = rollup(
    docs.map((d) => d.contributor),
    perDoc,
  );
  const duplicates = new Map<string, JsonValue>();
  for (let d = 0; d < docs.length; d++) {
    if (index.canonical[d] !== d) duplicates.set(docs[d].id, docs[index.canonical[d]].id);
  }
  return {
    method: "spans",
    minLength,
    outputs: outs,
    contributors: new Map<string, JsonValue>(totals),
    duplicates,
    amounts: amounts(totals, opts.pool),
  };
}
