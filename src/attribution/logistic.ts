/**
 * L2-regularized binary logistic regression with an unpenalized intercept, trained to the exact optimum of
 *
 *   f(w, b) = (1/n) * sum_i logloss(y_i, w.x_i + b) + (lambda/2) * |w|^2
 *
 * by Newton's method (exact Hessian, Cholesky, backtracking line search). f is strongly convex in w, and in b as
 * long as both labels occur, so Newton converges quadratically and a gradient norm of 1e-10 is reachable; that
 * precision is what lets influence estimates track real leave-one-out retraining.
 *
 * Parameters are stored as theta = [w_0 .. w_{p-1}, b] (length p + 1) everywhere in this module and influence.ts.
 */
import { cholesky, choleskySolve } from "./linalg.js";
import { logloss, sigmoid } from "./detmath.js";

export interface Dataset {
  /** Number of examples. */
  n: number;
  /** Number of features (without the intercept). */
  p: number;
  /** Row-major n x p feature matrix. */
  x: Float64Array;
  /** Labels, 0 or 1. */
  y: Uint8Array;
}

export interface LogisticModel {
  p: number;
  lambda: number;
  /** [w, b], length p + 1. */
  theta: Float64Array;
  iterations: number;
  /** Euclidean norm of the gradient of f at theta. */
  gradNorm: number;
  objective: number;
  converged: boolean;
}

export interface TrainOptions {
  lambda: number;
  /** Stop when |grad f|_2 <= tol. */
  tol?: number;
  maxIter?: number;
  /** Warm start, e.g. the full-data optimum when retraining leave-one-out. */
  init?: Float64Array;
}

export const DEFAULT_LAMBDA = 0.01;
export const DEFAULT_TOL = 1e-10;

/**
 * The feature matrix in whichever layout makes X^T D X cheaper: hashed text vectors are mostly zeros, so rows keep
 * only their non-zeros (plus the intercept's implicit 1) when under a third of the entries are set.
 */
export interface Design {
  n: number;
  p: number;
  dense: boolean;
  x: Float64Array;
  rowPtr: Int32Array;
  col: Int32Array;
  val: Float64Array;
}

export function makeDesign(data: Dataset): Design {
  const { n, p, x } = data;
  if (x.length !== n * p) throw new Error(`feature matrix has ${x.length} entries, expected ${n * p}`);
  let nnz = 0;
  for (let k = 0; k < x.length; k++) if (x[k] !== 0) nnz++;
  const dense = nnz * 3 > n * p;
  const rowPtr = new Int32Array(dense ? 0 : n + 1);
  const col = new Int32Array(dense ? 0 : nnz);
  const val = new Float64Array(dense ? 0 : nnz);
  if (!dense) {
    let c = 0;
    for (let i = 0; i < n; i++) {
      rowPtr[i] = c;
      const r = i * p;
      for (let j = 0; j < p; j++) {
        const v = x[r + j];
        if (v !== 0) {
          col[c] = j;
          val[c] = v;
          c++;
        }
      }
    }
    rowPtr[n] = c;
  }
  return { n, p, dense, x, rowPtr, col, val };
}

/** z_i = w.x_i + b for every row. */
export function margins(d: Design, theta: Float64Array): Float64Array {
  const { n, p } = d;
  const z = new Float64Array(n);
  const b = theta[p];
  for (let i = 0; i < n; i++) {
    let s = 0;
    if (d.dense) {
      const r = i * p;
      for (let j = 0; j < p; j++) s += d.x[r + j] * theta[j];
    } else {
      for (let c = d.rowPtr[i]; c < d.rowPtr[i + 1]; c++) s += d.val[c] * theta[d.col[c]];
    }
    z[i] = s + b;
  }
  return z;
}

/** out += alpha * [x_i, 1]. */
export function addRow(d: Design, i: number, alpha: number, out: Float64Array): void {
  const p = d.p;
  if (d.dense) {
    const r = i * p;
    for (let j = 0; j < p; j++) out[j] += alpha * d.x[r + j];
  } else {
    for (let c = d.rowPtr[i]; c < d.rowPtr[i + 1]; c++) out[d.col[c]] += alpha * d.val[c];
  }
  out[p] += alpha;
}

/** [x_i, 1] . v */
export function dotRow(d: Design, i: number, v: Float64Array): number {
  const p = d.p;
  let s = 0;
  if (d.dense) {
    const r = i * p;
    for (let j = 0; j < p; j++) s += d.x[r + j] * v[j];
  } else {
    for (let c = d.rowPtr[i]; c < d.rowPtr[i + 1]; c++) s += d.val[c] * v[d.col[c]];
  }
  return s + v[p];
}

function objective(d: Design, y: Uint8Array, theta: Float64Array, lambda: number): number {
  const z = margins(d, theta);
  let loss = 0;
  for (let i = 0; i < d.n; i++) loss += logloss(y[i], z[i]);
  let ww = 0;
  for (let j = 0; j < d.p; j++) ww += theta[j] * theta[j];
  return loss / d.n + 0.5 * lambda * ww;
}

/** Gradient of f at theta, given the margins there. */
function gradient(d: Design, y: Uint8Array, theta: Float64Array, z: Float64Array, lambda: number): Float64Array {
  const g = new Float64Array(d.p + 1);
  for (let i = 0; i < d.n; i++) addRow(d, i, sigmoid(z[i]) - y[i], g);
  const inv = 1 / d.n;
  for (let j = 0; j <= d.p; j++) g[j] *= inv;
  for (let j = 0; j < d.p; j++) g[j] += lambda * theta[j];
  return g;
}

const BLOCK = 64;

/**
 * Hessian of f, (1/n) X~^T diag(s_i (1 - s_i)) X~ + lambda * diag(1,..,1,0), lower triangle only (X~ = [X, 1]).
 * Dense rows are processed in blocks so each inner product runs over contiguous memory.
 */
export function hessian(d: Design, z: Float64Array, lambda: number): Float64Array {
  const { n, p } = d;
  const P = p + 1;
  const h = new Float64Array(P * P);
  const inv = 1 / n;
  if (d.dense) {
    const zt = new Float64Array(P * BLOCK);
    const dt = new Float64Array(P * BLOCK);
    for (let i0 = 0; i0 < n; i0 += BLOCK) {
      const m = Math.min(BLOCK, n - i0);
      for (let r = 0; r < m; r++) {
        const i = i0 + r;
        const s = sigmoid(z[i]);
        const wgt = s * (1 - s) * inv;
        const row = i * p;
        for (let j = 0; j < p; j++) {
          const v = d.x[row + j];
          zt[j * BLOCK + r] = v;
          dt[j * BLOCK + r] = wgt * v;
        }
        zt[p * BLOCK + r] = 1;
        dt[p * BLOCK + r] = wgt;
      }
      for (let k = 0; k < P; k++) {
        const kb = k * BLOCK;
        const hk = k * P;
        for (let j = 0; j <= k; j++) {
          const jb = j * BLOCK;
          let s = 0;
          for (let r = 0; r < m; r++) s += dt[kb + r] * zt[jb + r];
          h[hk + j] += s;
        }
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      const s = sigmoid(z[i]);
      const wgt = s * (1 - s) * inv;
      const c0 = d.rowPtr[i];
      const c1 = d.rowPtr[i + 1];
      for (let a = c0; a < c1; a++) {
        const ha = d.col[a] * P;
        const va = wgt * d.val[a];
        for (let b = c0; b <= a; b++) h[ha + d.col[b]] += va * d.val[b];
        h[p * P + d.col[a]] += va; // intercept row: column index p is larger than every feature index
      }
      h[p * P + p] += wgt;
    }
  }
  for (let j = 0; j < p; j++) h[j * P + j] += lambda;
  return h;
}

function norm2(v: Float64Array): number {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j] * v[j];
  return Math.sqrt(s);
}

export function trainLogistic(data: Dataset, opts: TrainOptions): LogisticModel {
  const lambda = opts.lambda;
  if (!(lambda > 0) || !Number.isFinite(lambda)) throw new Error("lambda must be a positive finite number");
  const tol = opts.tol ?? DEFAULT_TOL;
  const maxIter = opts.maxIter ?? 100;
  const { n, p, y } = data;
  if (n < 1) throw new Error("no training examples");
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i];
  // With a single class the unpenalized intercept has no finite optimum.
  if (pos === 0 || pos === n) throw new Error("training labels must include both 0 and 1");
  const d = makeDesign(data);
  const P = p + 1;
  let theta = opts.init ? Float64Array.from(opts.init) : new Float64Array(P);
  if (theta.length !== P) throw new Error(`init has length ${theta.length}, expected ${P}`);

  let f = objective(d, y, theta, lambda);
  let iterations = 0;
  let gn = Infinity;
  let converged = false;
  for (;;) {
    const z = margins(d, theta);
    const g = gradient(d, y, theta, z, lambda);
    gn = norm2(g);
    if (gn <= tol) {
      converged = true;
      break;
    }
    if (iterations >= maxIter) break;
    iterations++;
    const h = hessian(d, z, lambda);
    cholesky(h, P);
    const step = choleskySolve(h, P, g);
    let gd = 0;
    for (let j = 0; j < P; j++) gd -= g[j] * step[j];
    let t = 1;
    let accepted = false;
    const next = new Float64Array(P);
    for (let ls = 0; ls < 60; ls++) {
      for (let j = 0; j < P; j++) next[j] = theta[j] - t * step[j];
      const fn = objective(d, y, next, lambda);
      // The last term absorbs rounding in f once the true decrease is below machine precision.
      if (fn <= f + 1e-4 * t * gd + 1e-15 * Math.abs(f)) {
        theta = Float64Array.from(next);
        f = fn;
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) break;
  }
  return { p, lambda, theta, iterations, gradNorm: gn, objective: f, converged };
}

/** Loss of one labelled point under the model (no regularizer). */
export function pointLoss(model: LogisticModel, x: ArrayLike<number>, y: number): number {
  let z = model.theta[model.p];
  for (let j = 0; j < model.p; j++) z += x[j] * model.theta[j];
  return logloss(y, z);
}
