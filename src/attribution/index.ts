/** Public entry of the attribution engine: the functions services, oracles and benchmarks call. */
export { allocatePool, rollup } from "./allocate.js";
export { dexp, dlog, dlog1p, logloss, quantize, sigmoid, softplus } from "./detmath.js";
export { DEFAULT_BUCKETS, featurize, fnv1a32 } from "./featurize.js";
export { influence, selfInfluence, type InfluenceOptions } from "./influence.js";
export { InputError, readLabelled, readTexts } from "./input.js";
export { stringify, writeJsonAtomic, type JsonValue } from "./json.js";
export {
  DEFAULT_LAMBDA,
  DEFAULT_TOL,
  pointLoss,
  trainLogistic,
  type Dataset,
  type LogisticModel,
  type TrainOptions,
} from "./logistic.js";
export { influenceReport, spansReport } from "./report.js";
export {
  DEFAULT_MIN_SPAN_TOKENS,
  attributeSpans,
  buildSpanIndex,
  type CorpusDoc,
  type OutputAttribution,
  type OutputText,
  type Span,
  type SpanIndex,
} from "./spans.js";
export { buildSuffixArray } from "./suffixArray.js";
export { tokenWords, tokenize } from "./tokenize.js";
