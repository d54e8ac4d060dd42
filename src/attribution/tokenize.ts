/**
 * The one tokenizer both methods share.
 *
 * A token is a maximal run of "word" UTF-16 code units: ASCII letters and digits, plus every code unit >= 0x80.
 * ASCII letters are lowercased. Nothing depends on Unicode tables (which differ between engine versions), so the
 * same text gives the same tokens on every machine; non-ASCII scripts stay intact as opaque word characters.
 */

function isWordUnit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 128;
}

export interface Tokens {
  /** Lowercased token strings. */
  words: string[];
  /** UTF-16 offset of each token's first code unit. */
  starts: Int32Array;
  /** UTF-16 offset just past each token's last code unit. */
  ends: Int32Array;
}

export function tokenize(text: string): Tokens {
  const words: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isWordUnit(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const s = i;
    while (i < n && isWordUnit(text.charCodeAt(i))) i++;
    starts.push(s);
    ends.push(i);
    words.push(lowerAscii(text.slice(s, i)));
  }
  return { words, starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

/** Token strings only; cheaper when offsets are not needed. */
export function tokenWords(text: string): string[] {
  return tokenize(text).words;
}

function lowerAscii(w: string): string {
  for (let k = 0; k < w.length; k++) {
    const c = w.charCodeAt(k);
    if (c >= 65 && c <= 90) {
      let out = "";
      for (let j = 0; j < w.length; j++) {
        const d = w.charCodeAt(j);
        out += String.fromCharCode(d >= 65 && d <= 90 ? d + 32 : d);
      }
      return out;
    }
  }
  return w;
}
