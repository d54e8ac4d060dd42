/**
 * Span attribution for text outputs.
 *
 * Index: every distinct contribution is tokenized (tokenize.ts), tokens become integer ids, and the documents are
 * concatenated with a separator id (0) that no output token can equal, so no match crosses a document boundary.
 * Exact duplicates (same token sequence: identical up to ASCII case, punctuation and spacing) are resolved to the
 * earliest submission and left out of the index, so a later copy can never earn credit.
 *
 * Matching: for each output position j, the longest prefix of output[j..] that occurs in the corpus (its length
 * L[j] and the suffix-array interval of its occurrences) is found by narrowing the interval one token at a time
 * with binary search, switching to direct comparison once few candidates remain. Span [j, j + L[j]) is maximal
 * when it is not inside the span starting at j - 1, i.e. when L[j - 1] <= L[j]. Spans shorter than minLength
 * tokens are ignored.
 *
 * Credit: a span of `len` tokens held by `df` distinct documents has weight len / df (longer and rarer spans are
 * stronger evidence), split equally over those documents; each output's credit is then normalized to sum to 1.
 */
import { buildSuffixArray } from "./suffixArray.js";
import { tokenize } from "./tokenize.js";

export const DEFAULT_MIN_SPAN_TOKENS = 8;

export interface CorpusDoc {
  id: string;
  contributor: string;
  text: string;
}

export interface OutputText {
  id: string;
  text: string;
}

export interface SpanIndex {
  docs: readonly CorpusDoc[];
  /** For each doc, the index of the earliest doc with the same token sequence (itself when first or unique). */
  canonical: Int32Array;
  vocab: Map<string, number>;
  /** Concatenated token ids of the indexed docs, each followed by the separator 0. */
  tokens: Int32Array;
  sa: Int32Array;
  /** Doc index owning each position of `tokens` (-1 on separators). */
  docOf: Int32Array;
  /** sa[bucket[t] .. bucket[t + 1]) are the suffixes starting with token id t. */
  bucket: Int32Array;
  tokenCount: number;
}

export interface IndexOptions {
  onProgress?: (message: string) => void;
}

function hashIds(ids: Int32Array): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < ids.length; k++) h = Math.imul(h ^ ids[k], 0x01000193);
  return (Math.imul(h ^ ids.length, 0x01000193) >>> 0) as number;
}

function sameIds(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

export function buildSpanIndex(corpus: readonly CorpusDoc[], opts: IndexOptions = {}): SpanIndex {
  const vocab = new Map<string, number>();
  const docIds: Int32Array[] = [];
  const canonical = new Int32Array(corpus.length);
  const seen = new Map<number, number[]>();
  let total = 0;
  let indexed = 0;
  for (let d = 0; d < corpus.length; d++) {
    const words = tokenize(corpus[d].text).words;
    const ids = new Int32Array(words.length);
    for (let k = 0; k < words.length; k++) {
      let id = vocab.get(words[k]);
      if (id === undefined) {
        id = vocab.size + 1;
        vocab.set(words[k], id);
      }
      ids[k] = id;
    }
    canonical[d] = d;
    const h = hashIds(ids);
    const same = seen.get(h);
    const first = same?.find((e) => sameIds(docIds[e], ids));
    if (first !== undefined) {
      canonical[d] = first;
      docIds.push(new Int32Array(0));
      continue;
    }
    if (same) same.push(d);
    else seen.set(h, [d]);
    docIds.push(ids);
    if (ids.length > 0) {
      total += ids.length + 1;
      indexed++;
    }
    if (opts.onProgress && (d + 1) % 10000 === 0) opts.onProgress(`tokenized ${d + 1}/${corpus.length} documents`);
  }
  const tokens = new Int32Array(total);
  const docOf = new Int32Array(total);
  let pos = 0;
  for (let d = 0; d < corpus.length; d++) {
    const ids = docIds[d];
    if (ids.length === 0) continue;
    tokens.set(ids, pos);
    docOf.fill(d, pos, pos + ids.length);
    pos += ids.length;
    tokens[pos] = 0;
    docOf[pos] = -1;
    pos++;
  }
  opts.onProgress?.(`building suffix array over ${total} tokens`);
  const alphabet = vocab.size + 1;
  const sa = buildSuffixArray(tokens, alphabet);
  const bucket = new Int32Array(alphabet + 1);
  for (let k = 0; k < total; k++) bucket[tokens[k] + 1]++;
  for (let t = 1; t <= alphabet; t++) bucket[t] += bucket[t - 1];
  return { docs: corpus, canonical, vocab, tokens, sa, docOf, bucket, tokenCount: total - indexed };
}

export interface Span {
  /** UTF-16 offsets into the output text. */
  start: number;
  end: number;
  /** Length in tokens. */
  tokens: number;
  /** Indices (corpus order) of the documents holding the span. */
  docs: number[];
}

export interface OutputAttribution {
  id: string;
  spans: Span[];
  /** Doc index -> credit, in corpus order; sums to 1 when any span was found, empty otherwise. */
  credit: Map<number, number>;
}

export interface AttributeOptions {
  minLength?: number;
}

/** Below this many candidates, extend each candidate by direct comparison instead of binary search. */
const SCAN_BELOW = 8;

export function attributeSpans(
  index: SpanIndex,
  outputs: readonly OutputText[],
  opts: AttributeOptions = {},
): OutputAttribution[] {
  const minLength = opts.minLength ?? DEFAULT_MIN_SPAN_TOKENS;
  if (!Number.isInteger(minLength) || minLength < 1) throw new Error("minLength must be a positive integer");
  const stamp = new Int32Array(index.docs.length).fill(-1);
  let stampValue = 0;
  return outputs.map((out) => {
    const tk = tokenize(out.text);
    const m = tk.words.length;
    const o = new Int32Array(m);
    for (let k = 0; k < m; k++) o[k] = index.vocab.get(tk.words[k]) ?? -1;
    const spans: Span[] = [];
    const raw = new Map<number, number>();
    let prevLen = 0;
    for (let j = 0; j < m; j++) {
      const [len, lo, hi] = longestMatch(index, o, j);
      const maximal = j === 0 || prevLen <= len;
      prevLen = len;
      if (!maximal || len < minLength) continue;
      const docs: number[] = [];
      stampValue++;
      for (let c = lo; c < hi; c++) {
        const d = index.docOf[index.sa[c]];
        if (stamp[d] !== stampValue) {
          stamp[d] = stampValue;
          docs.push(d);
        }
      }
      docs.sort((a, b) => a - b);
      spans.push({ start: tk.starts[j], end: tk.ends[j + len - 1], tokens: len, docs });
      const share = len / docs.length / docs.length;
      for (const d of docs) raw.set(d, (raw.get(d) ?? 0) + share);
    }
    const order = [...raw.keys()].sort((a, b) => a - b);
    let sum = 0;
    for (const d of order) sum += raw.get(d) as number;
    const credit = new Map<number, number>();
    for (const d of order) credit.set(d, (raw.get(d) as number) / sum);
    return { id: out.id, spans, credit };
  });
}

/** Length of the longest prefix of o[j..] in the corpus, and the suffix-array interval [lo, hi) of its occurrences. */
function longestMatch(index: SpanIndex, o: Int32Array, j: number): [number, number, number] {
  const { tokens, sa, bucket } = index;
  const m = o.length;
  const first = o[j];
  if (first < 1) return [0, 0, 0];
  let lo = bucket[first];
  let hi = bucket[first + 1];
  if (lo >= hi) return [0, 0, 0];
  let k = 1;
  while (hi - lo > SCAN_BELOW) {
    if (j + k >= m) return [k, lo, hi];
    const t = o[j + k];
    if (t < 1) return [k, lo, hi];
    // Within [lo, hi) the suffixes agree on k tokens and are sorted by the token at offset k.
    let a = lo;
    let b = hi;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (tokens[sa[mid] + k] < t) a = mid + 1;
      else b = mid;
    }
    const nlo = a;
    b = hi;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (tokens[sa[mid] + k] <= t) a = mid + 1;
      else b = mid;
    }
    if (nlo === a) return [k, lo, hi];
    lo = nlo;
    hi = a;
    k++;
  }
  // Few candidates left: extend each directly; those reaching the best length form a contiguous sub-interval.
  let best = k;
  let blo = lo;
  let bhi = hi;
  for (let c = lo; c < hi; c++) {
    const s = sa[c];
    let l = k;
    while (j + l < m && tokens[s + l] === o[j + l]) l++;
    if (l > best) {
      best = l;
      blo = c;
      bhi = c + 1;
    } else if (l === best && best > k) {
      bhi = c + 1;
    }
  }
  return [best, blo, bhi];
}
