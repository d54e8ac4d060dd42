/**
 * influence.n5000p1024q100.s: train + exact influence of 5,000 training examples on 100 queries, 1,024 features, on
 * real data: SpamAssassin e-mail bodies (all 6,046 messages, deterministically shuffled; 5,000 train, the next 100
 * are the queries) hashed into 1,024 buckets by the engine's featurizer. Loading and featurizing are not timed.
 */
import { DEFAULT_LAMBDA, featurize, influence, trainLogistic, type Dataset } from "../../src/attribution/index.js";
import { loadEmails, type Email } from "./emails.js";
import { pick, prng } from "./prng.js";

const N = 5000;
const P = 1024;
const Q = 100;

function dataset(emails: readonly Email[]): Dataset {
  const x = new Float64Array(emails.length * P);
  emails.forEach((e, i) => x.set(featurize(e.body, P), i * P));
  return { n: emails.length, p: P, x, y: Uint8Array.from(emails, (e) => (e.spam ? 1 : 0)) };
}

function shuffled<T>(items: T[], seed: number): T[] {
  const rnd = prng(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = pick(rnd, i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

export async function measureInfluence(): Promise<number> {
  const emails = shuffled(loadEmails(), 1024);
  const train = dataset(emails.slice(0, N));
  const queries = dataset(emails.slice(N, N + Q));
  let nnz = 0;
  for (let k = 0; k < train.x.length; k++) if (train.x[k] !== 0) nnz++;

  const t0 = performance.now();
  const model = trainLogistic(train, { lambda: DEFAULT_LAMBDA });
  const t1 = performance.now();
  const scores = influence(train, model, queries);
  const t2 = performance.now();

  if (!model.converged) throw new Error(`training did not converge (gradient norm ${model.gradNorm})`);
  if (scores.length !== N * Q || !scores.every(Number.isFinite)) throw new Error("influence returned bad scores");
  process.stderr.write(
    `[influence] ${N} e-mails (${train.y.reduce((a, b) => a + b, 0)} spam), ${(nnz / N).toFixed(1)} of ${P} ` +
      `buckets set on average; train ${((t1 - t0) / 1000).toFixed(2)} s (${model.iterations} Newton steps, ` +
      `gradient norm ${model.gradNorm.toExponential(1)}), influence ${((t2 - t1) / 1000).toFixed(2)} s\n`,
  );
  return Math.round((t2 - t0) / 10) / 100;
}
