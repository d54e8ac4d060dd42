/**
 * Child process of the span benchmark (`node --import tsx bench/speed/spansWorker.ts`): builds the >= 10 M-token
 * index once, attributes the query outputs against it, and prints one JSON line (SpansResult) on stdout. Running in
 * its own process keeps the parent's memory out of the peak-RSS figure; progress goes to stderr.
 */
import { attributeSpans, buildSpanIndex, tokenize } from "../../src/attribution/index.js";
import { sotuCorpus } from "./corpus.js";
import { loadEmails } from "./emails.js";
import { plantedOutputs } from "./outputs.js";
import type { SpansResult } from "./spansResult.js";

const COPIES = 6;
const MIN_TOKENS = 10_000_000;
const QUERIES = 20;
const WARMUP = 3;

const log = (message: string) => process.stderr.write(`[spans] ${message}\n`);
const mib = (bytes: number) => bytes / 2 ** 20;

const rssStartMB = mib(process.memoryUsage.rss());
const corpus = sotuCorpus(COPIES);
const rssCorpusMB = mib(process.memoryUsage.rss());

const t0 = performance.now();
let tSuffixArray = t0;
const index = buildSpanIndex(corpus, {
  onProgress: (message) => {
    if (message.startsWith("building suffix array")) tSuffixArray = performance.now();
  },
});
const indexSeconds = (performance.now() - t0) / 1000;
// maxRSS (KiB) is the process's high-water mark; read right after the build it is the peak of loading + indexing.
const peakIndexMB = process.resourceUsage().maxRSS / 1024;
const duplicates = index.canonical.filter((c, d) => c !== d).length;
log(
  `${corpus.length} docs, ${index.tokenCount} tokens, ${index.vocab.size} distinct, ${duplicates} exact duplicates; ` +
    `index ${indexSeconds.toFixed(2)} s (tokenize ${((tSuffixArray - t0) / 1000).toFixed(2)} s, suffix array and ` +
    `buckets ${(indexSeconds - (tSuffixArray - t0) / 1000).toFixed(2)} s), peak RSS ${peakIndexMB.toFixed(0)} MiB ` +
    `(at start ${rssStartMB.toFixed(0)}, corpus loaded ${rssCorpusMB.toFixed(0)})`,
);
if (index.tokenCount < MIN_TOKENS) throw new Error(`corpus has ${index.tokenCount} tokens, need ${MIN_TOKENS}`);
if (duplicates > 0) throw new Error(`${duplicates} exact duplicates: perturbation too weak`);

const fillerText = loadEmails(["easy-ham-2"])
  .slice(0, 200)
  .map((e) => e.body)
  .join("\n");
const planted = plantedOutputs(corpus, fillerText, WARMUP + QUERIES, 500);
const times: number[] = [];
let outputTokens = 0;
let spans = 0;
planted.forEach((p, k) => {
  const t = performance.now();
  const [result] = attributeSpans(index, [p.output]);
  const ms = performance.now() - t;
  for (const s of p.sources) {
    if ((result.credit.get(index.canonical[s]) ?? 0) <= 0) throw new Error(`${p.output.id}: source ${s} got no credit`);
  }
  if (k < WARMUP) return;
  times.push(ms);
  outputTokens += tokenize(p.output.text).words.length;
  spans += result.spans.length;
});
times.sort((a, b) => a - b);
const queryMsMedian = (times[(QUERIES - 1) >> 1] + times[QUERIES >> 1]) / 2;
log(
  `${QUERIES} outputs of ${(outputTokens / QUERIES).toFixed(0)} tokens on average, ${spans} spans; ` +
    `median ${queryMsMedian.toFixed(2)} ms, min ${times[0].toFixed(2)}, max ${times[QUERIES - 1].toFixed(2)}`,
);

const result: SpansResult = {
  docs: corpus.length,
  tokens: index.tokenCount,
  indexSeconds,
  peakRssMB: process.resourceUsage().maxRSS / 1024,
  peakIndexMB,
  queryMsMedian,
  queries: QUERIES,
  meanOutputTokens: outputTokens / QUERIES,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
