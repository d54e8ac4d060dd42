/** What bench/speed/spansWorker.ts prints on stdout (one JSON line). */
export interface SpansResult {
  docs: number;
  /** Corpus tokens in the index (separators excluded). */
  tokens: number;
  /** Wall time of buildSpanIndex. */
  indexSeconds: number;
  /** Peak resident memory of the whole child (MiB), read at its end: loading, indexing and querying. */
  peakRssMB: number;
  /** Peak resident memory (MiB) read right after the index build. */
  peakIndexMB: number;
  /** Median wall time of attributeSpans on one ~500-token output. */
  queryMsMedian: number;
  queries: number;
  meanOutputTokens: number;
}
