/**
 * Dense symmetric positive-definite solves on row-major Float64Arrays. Loops run in a fixed order with plain
 * + - * / and Math.sqrt, so factors and solutions are bit-identical everywhere.
 */

/** In-place Cholesky: reads the lower triangle of the n x n matrix a, leaves L (lower) there. */
export function cholesky(a: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let s = a[rj + j];
    for (let k = 0; k < j; k++) s -= a[rj + k] * a[rj + k];
    if (!(s > 0)) throw new Error(`matrix is not positive definite (pivot ${j})`);
    const d = Math.sqrt(s);
    a[rj + j] = d;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let t = a[ri + j];
      for (let k = 0; k < j; k++) t -= a[ri + k] * a[rj + k];
      a[ri + j] = t / d;
    }
  }
}

/** Solves L y = b in place (b becomes y). */
export function forwardSolve(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[ri + k] * b[k];
    b[i] = s / l[ri + i];
  }
}

/** Solves L^T x = y in place; column-oriented so that L is still read row by row. */
export function backwardSolve(l: Float64Array, n: number, y: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const xi = y[i] / l[ri + i];
    y[i] = xi;
    for (let k = 0; k < i; k++) y[k] -= l[ri + k] * xi;
  }
}

/** Solves (L L^T) x = b, returning a new array. */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const x = Float64Array.from(b);
  forwardSolve(l, n, x);
  backwardSolve(l, n, x);
  return x;
}
