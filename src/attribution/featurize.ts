/**
 * Text to a fixed-length numeric vector for the influence method.
 *
 * Hashed set of words: each distinct token (see tokenize.ts) is hashed with FNV-1a 32-bit over its UTF-8 bytes into
 * one of `buckets` slots; a slot is 1 when any token lands in it, and the vector is then scaled to unit L2 norm
 * (divided by the square root of the number of set slots). Binary presence keeps one long or repetitive text from
 * dominating, unit norm makes the L2 penalty mean the same for short and long texts, and only + * / sqrt are used.
 */
import { tokenWords } from "./tokenize.js";

export const DEFAULT_BUCKETS = 1024;

const utf8 = new TextEncoder();

/** FNV-1a, 32-bit, over the UTF-8 encoding of s. */
export function fnv1a32(s: string): number {
  const bytes = utf8.encode(s);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function featurize(text: string, buckets: number = DEFAULT_BUCKETS): Float64Array {
  if (!Number.isInteger(buckets) || buckets < 1) throw new Error("buckets must be a positive integer");
  const v = new Float64Array(buckets);
  let set = 0;
  for (const w of tokenWords(text)) {
    const b = fnv1a32(w) % buckets;
    if (v[b] === 0) {
      v[b] = 1;
      set++;
    }
  }
  if (set > 0) {
    const s = 1 / Math.sqrt(set);
    for (let j = 0; j < buckets; j++) if (v[j] !== 0) v[j] = s;
  }
  return v;
}
