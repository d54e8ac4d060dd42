/**
 * Exact influence functions for the model of logistic.ts.
 *
 * Removing training example i and retraining moves the optimum by approximately
 *   delta theta = (1/n) H^{-1} g_i,
 * where H is the Hessian of the averaged objective f at the optimum and
 *   g_i = (sigma_i - y_i) [x_i, 1] + lambda [w, 0].
 * The regularizer is not per-example; we give every example an equal 1/n share of it, which is the choice that
 * makes sum_i g_i = n grad f = 0 at the optimum and matches first-order leave-one-out retraining of
 * (1/(n-1)) sum_{j != i} logloss_j + (lambda/2)|w|^2 (dropping the lambda term would bias every score by the same
 * query-dependent constant). The change of query q's loss is then
 *   I(q, i) = grad_q^T (1/n) H^{-1} g_i,   grad_q = (sigma_q - y_q) [x_q, 1],
 * positive when removing i would raise the query's loss, i.e. when i helped.
 *
 * H is factored once (Cholesky); each query costs one solve and one pass over the training rows.
 */
import { cholesky, choleskySolve, forwardSolve } from "./linalg.js";
import { sigmoid } from "./detmath.js";
import {
  addRow,
  dotRow,
  hessian,
  makeDesign,
  margins,
  type Dataset,
  type Design,
  type LogisticModel,
} from "./logistic.js";

export interface InfluenceOptions {
  /** Called after each query with the number done, for progress reporting. */
  onProgress?: (done: number, total: number) => void;
}

interface Prepared {
  d: Design;
  /** Cholesky factor of H at the optimum. */
  l: Float64Array;
  /** sigma_i - y_i per training example. */
  resid: Float64Array;
  /** lambda [w, 0]: the regularizer's share in every g_i. */
  reg: Float64Array;
}

function prepare(data: Dataset, model: LogisticModel): Prepared {
  if (data.p !== model.p) throw new Error(`data has ${data.p} features, model ${model.p}`);
  const d = makeDesign(data);
  const z = margins(d, model.theta);
  const l = hessian(d, z, model.lambda);
  cholesky(l, d.p + 1);
  const resid = new Float64Array(d.n);
  for (let i = 0; i < d.n; i++) resid[i] = sigmoid(z[i]) - data.y[i];
  const reg = new Float64Array(d.p + 1);
  for (let j = 0; j < d.p; j++) reg[j] = model.lambda * model.theta[j];
  return { d, l, resid, reg };
}

/**
 * Influence of every training example on every query's loss. Returns a row-major (queries.n x data.n) matrix:
 * entry [q * data.n + i] is the estimated change of query q's loss when example i is removed.
 */
export function influence(
  data: Dataset,
  model: LogisticModel,
  queries: Dataset,
  opts: InfluenceOptions = {},
): Float64Array {
  if (queries.p !== model.p) throw new Error(`queries have ${queries.p} features, model ${model.p}`);
  const { d, l, resid, reg } = prepare(data, model);
  const n = d.n;
  const P = d.p + 1;
  const qd = makeDesign(queries);
  const qz = margins(qd, model.theta);
  const out = new Float64Array(queries.n * n);
  const inv = 1 / n;
  for (let q = 0; q < queries.n; q++) {
    const gq = new Float64Array(P);
    addRow(qd, q, sigmoid(qz[q]) - queries.y[q], gq);
    const v = choleskySolve(l, P, gq);
    let regDot = 0;
    for (let j = 0; j < P; j++) regDot += reg[j] * v[j];
    const base = q * n;
    for (let i = 0; i < n; i++) out[base + i] = (resid[i] * dotRow(d, i, v) + regDot) * inv;
    opts.onProgress?.(q + 1, queries.n);
  }
  return out;
}

/**
 * Self-influence: the estimated rise of example i's own loss when i is removed, (1/n) grad_i^T H^{-1} g_i with
 * grad_i the loss gradient alone. Mislabelled examples are the ones the rest of the data disagrees with, so they
 * score highest. One triangular solve per example.
 */
export function selfInfluence(data: Dataset, model: LogisticModel): Float64Array {
  const { d, l, resid, reg } = prepare(data, model);
  const n = d.n;
  const P = d.p + 1;
  const c = choleskySolve(l, P, reg);
  const out = new Float64Array(n);
  const u = new Float64Array(P);
  for (let i = 0; i < n; i++) {
    u.fill(0);
    addRow(d, i, 1, u);
    const xc = dotRow(d, i, c);
    forwardSolve(l, P, u);
    let uu = 0;
    for (let j = 0; j < P; j++) uu += u[j] * u[j];
    out[i] = (resid[i] * resid[i] * uu + resid[i] * xc) / n;
  }
  return out;
}
