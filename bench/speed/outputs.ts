/**
 * Model outputs for the span query benchmark: ~500 tokens each, three passages of 60-120 tokens copied from random
 * indexed documents (about 270 copied tokens) between stretches of unrelated e-mail text (SpamAssassin ham), the
 * shape the engine's author measured ("300 copied tokens inside filler").
 */
import { tokenize, type CorpusDoc, type OutputText } from "../../src/attribution/index.js";
import { pick, prng } from "./prng.js";

export const OUTPUT_TOKENS = 500;
const PASSAGES = 3;
const PASSAGE_MIN = 60;
const PASSAGE_MAX = 120;

export interface PlantedOutput {
  output: OutputText;
  /** Corpus indices of the documents the passages were copied from. */
  sources: number[];
}

/** `tokens` consecutive tokens of `text` from token `at`, as the original characters. */
function excerpt(text: string, starts: Int32Array, ends: Int32Array, at: number, tokens: number): string {
  return text.slice(starts[at], ends[at + tokens - 1]);
}

export function plantedOutputs(
  corpus: readonly CorpusDoc[],
  fillerText: string,
  count: number,
  seed: number,
): PlantedOutput[] {
  const filler = tokenize(fillerText);
  const out: PlantedOutput[] = [];
  for (let k = 0; k < count; k++) {
    const rnd = prng(seed + k);
    const pieces: string[] = [];
    const sources: number[] = [];
    let copied = 0;
    const passages: string[] = [];
    for (let p = 0; p < PASSAGES; p++) {
      const source = pick(rnd, corpus.length);
      const tk = tokenize(corpus[source].text);
      const len = PASSAGE_MIN + pick(rnd, PASSAGE_MAX - PASSAGE_MIN + 1);
      const at = pick(rnd, tk.words.length - len);
      passages.push(excerpt(corpus[source].text, tk.starts, tk.ends, at, len));
      sources.push(source);
      copied += len;
    }
    // Filler before, between and after the passages, sharing the remaining token budget.
    const fillerPieces = PASSAGES + 1;
    const fillerTokens = Math.floor((OUTPUT_TOKENS - copied) / fillerPieces);
    for (let p = 0; p < fillerPieces; p++) {
      const at = pick(rnd, filler.words.length - fillerTokens);
      pieces.push(excerpt(fillerText, filler.starts, filler.ends, at, fillerTokens));
      if (p < PASSAGES) pieces.push(passages[p]);
    }
    out.push({ output: { id: `out-${k}`, text: pieces.join("\n") }, sources });
  }
  return out;
}
