/**
 * The two models the demo trains for real, on the contents of published Datanet versions:
 *
 * - `SpamClassifier`: L2-regularized logistic regression on hashed word features, trained by the attribution
 *   engine's own `trainLogistic` and `featurize` (src/attribution), so the model the operator serves is exactly the
 *   model whose influence the oracles compute (same buckets, same penalty, same training order).
 * - `SpeechWriter`: a word n-gram model (Markov chain over whitespace-separated words, backing off to shorter
 *   contexts) trained on State of the Union addresses. With a three-word context on a few hundred thousand words,
 *   most contexts continue in only one way, so its outputs splice together long passages of the speeches: exactly
 *   what span attribution credits. Sampling uses a PRNG seeded by the request, so outputs are reproducible.
 */
import { featurize, trainLogistic, type LogisticModel } from "../../src/attribution/index.js";
import { prng } from "./data.js";

export class SpamClassifier {
  readonly model: LogisticModel;

  private constructor(
    readonly buckets: number,
    readonly l2: number,
    model: LogisticModel,
  ) {
    this.model = model;
  }

  /** Trains on `examples` in the given order (the version's contribution order). */
  static train(examples: { text: string; label: 0 | 1 }[], buckets: number, l2: number): SpamClassifier {
    const n = examples.length;
    const x = new Float64Array(n * buckets);
    examples.forEach((e, i) => x.set(featurize(e.text, buckets), i * buckets));
    const y = Uint8Array.from(examples.map((e) => e.label));
    return new SpamClassifier(buckets, l2, trainLogistic({ n, p: buckets, x, y }, { lambda: l2 }));
  }

  /** The margin w.x + b: positive means spam. */
  margin(text: string): number {
    const x = featurize(text, this.buckets);
    const theta = this.model.theta;
    let z = theta[this.buckets];
    for (let j = 0; j < this.buckets; j++) z += theta[j] * x[j];
    return z;
  }

  predict(text: string): 0 | 1 {
    return this.margin(text) > 0 ? 1 : 0;
  }

  accuracy(examples: { text: string; label: 0 | 1 }[]): number {
    let right = 0;
    for (const e of examples) if (this.predict(e.text) === e.label) right++;
    return right / examples.length;
  }

  /** The weights as published (their keccak256 is the model's on-chain weights hash). */
  weights(): unknown {
    return {
      format: "openledger.demo.logistic-regression/1",
      features: `hashed word presence, ${this.buckets} buckets, unit L2 norm (src/attribution/featurize.ts)`,
      l2: this.l2,
      theta: Array.from(this.model.theta),
    };
  }
}

/** Word n-gram text generator. */
export class SpeechWriter {
  /** tables[k]: k-word context (joined by spaces) -> next word -> count, in first-seen order. */
  private readonly tables: Map<string, Map<string, number>>[];
  private words = 0;

  constructor(readonly order: number) {
    if (!Number.isInteger(order) || order < 2) throw new Error("order must be an integer >= 2");
    this.tables = Array.from({ length: order }, () => new Map());
  }

  /** Adds `text` to the counts (documents are not joined: no context crosses from one to the next). */
  train(text: string): void {
    const w = text.split(/\s+/).filter((t) => t !== "");
    for (let i = 0; i < w.length; i++) {
      for (let k = 0; k < this.order && k <= i; k++) {
        const context = w.slice(i - k, i).join(" ");
        let next = this.tables[k].get(context);
        if (next === undefined) {
          next = new Map();
          this.tables[k].set(context, next);
        }
        next.set(w[i], (next.get(w[i]) ?? 0) + 1);
      }
    }
    this.words += w.length;
  }

  get trainedWords(): number {
    return this.words;
  }

  get contexts(): number {
    return this.tables[this.order - 1].size;
  }

  /**
   * Continues `prompt` with about `words` words, ending at a sentence end when one comes within 40 more words.
   * `seed` fixes the sampling. Returns the continuation only (what the model produced).
   */
  generate(prompt: string, words: number, seed: number): string {
    const random = prng(seed);
    const out = prompt.split(/\s+/).filter((t) => t !== "");
    const start = out.length;
    while (out.length - start < words + 40) {
      let next: Map<string, number> | undefined;
      for (let k = Math.min(this.order - 1, out.length); k >= 0 && next === undefined; k--) {
        next = this.tables[k].get(out.slice(out.length - k).join(" "));
      }
      if (next === undefined) break; // untrained model
      let total = 0;
      for (const c of next.values()) total += c;
      let r = random() * total;
      let pick = "";
      for (const [word, c] of next) {
        pick = word;
        r -= c;
        if (r < 0) break;
      }
      out.push(pick);
      if (out.length - start >= words && /[.!?]["'\u201d]?$/.test(pick)) break;
    }
    return out.slice(start).join(" ");
  }
}
