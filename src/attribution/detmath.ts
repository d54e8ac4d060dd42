/**
 * Deterministic elementary functions.
 *
 * ECMAScript leaves Math.exp/log/pow implementation-defined, so two oracles on different engines could disagree in
 * the last bit and then sign different reward trees. Everything here uses only + - * / and exact bit manipulation,
 * which IEEE 754 makes identical everywhere. Accuracy is about 1-2 ulp, far below anything that reaches an output.
 */

// fdlibm's split of ln 2: LN2_HI has trailing zero bits, so k * LN2_HI is exact for |k| < 2^11.
const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.9082149292705877e-10;
const INV_LN2 = 1.4426950408889634;
const SQRT2 = 1.4142135623730951;

const scratch = new DataView(new ArrayBuffer(8));

// Powers of two built by repeated exact doubling/halving, so the table itself is engine-independent.
const POW2_MIN = -1074;
const POW2_MAX = 1023;
const POW2 = new Float64Array(POW2_MAX - POW2_MIN + 1);
{
  let v = 1;
  for (let e = 0; e <= POW2_MAX; e++) {
    POW2[e - POW2_MIN] = v;
    v *= 2;
  }
  v = 1;
  for (let e = 0; e >= POW2_MIN; e--) {
    POW2[e - POW2_MIN] = v;
    v *= 0.5;
  }
}

function pow2(e: number): number {
  if (e > POW2_MAX) return Infinity;
  if (e < POW2_MIN) return 0;
  return POW2[e - POW2_MIN];
}

/** x * 2^k; split in two steps so that 2^k itself never over- or underflows. */
function scale2(x: number, k: number): number {
  const k1 = Math.trunc(k / 2);
  return x * pow2(k1) * pow2(k - k1);
}

/** e^x. */
export function dexp(x: number): number {
  if (x !== x) return NaN;
  if (x > 709.782712893384) return Infinity;
  if (x < -745.1332191019412) return 0;
  const k = Math.round(x * INV_LN2);
  const r = x - k * LN2_HI - k * LN2_LO;
  // |r| <= 0.35: 18 Taylor terms leave a truncation error below 1e-20.
  let p = 1;
  for (let i = 18; i >= 1; i--) p = 1 + (r / i) * p;
  return scale2(p, k);
}

/** Natural logarithm. */
export function dlog(x: number): number {
  if (x !== x || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  let e = 0;
  if (x < 2.2250738585072014e-308) {
    // Subnormal: bring into the normal range exactly before reading the exponent bits.
    x *= 18014398509481984; // 2^54
    e = -54;
  }
  scratch.setFloat64(0, x);
  const hi = scratch.getUint32(0);
  e += ((hi >>> 20) & 0x7ff) - 1023;
  scratch.setUint32(0, (hi & 0x800fffff) | (1023 << 20));
  let m = scratch.getFloat64(0); // in [1, 2)
  if (m > SQRT2) {
    m *= 0.5;
    e += 1;
  }
  return e * LN2_HI + (atanhSeries((m - 1) / (m + 1)) + e * LN2_LO);
}

/** 2 * atanh(s) = log((1 + s) / (1 - s)), for |s| <= 1/3. */
function atanhSeries(s: number): number {
  const z = s * s;
  // (1/3)^(2k+1)/(2k+1) < 1e-19 by k = 19.
  let p = 0;
  for (let k = 19; k >= 0; k--) p = 2 / (2 * k + 1) + z * p;
  return s * p;
}

/** log(1 + u) for u >= 0, accurate also for tiny u. */
export function dlog1p(u: number): number {
  if (u > 1) return dlog(1 + u);
  return atanhSeries(u / (2 + u));
}

/** 1 / (1 + e^-z), evaluated on the side that cannot overflow. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + dexp(-z));
  const e = dexp(z);
  return e / (1 + e);
}

/** log(1 + e^t) without overflow. */
export function softplus(t: number): number {
  const a = t >= 0 ? t : -t;
  return (t > 0 ? t : 0) + dlog1p(dexp(-a));
}

/** Binary cross-entropy of label y in {0,1} against the logit z. */
export function logloss(y: number, z: number): number {
  return y === 1 ? softplus(-z) : softplus(z);
}

/**
 * Rounds to `digits` significant decimal digits. toPrecision is specified exactly by ECMAScript (nearest decimal,
 * ties away from zero), so the result is the same double on every engine; -0 becomes 0.
 */
export function quantize(x: number, digits = 12): number {
  if (!Number.isFinite(x)) throw new Error(`cannot quantize non-finite number ${x}`);
  if (x === 0) return 0;
  return Number(x.toPrecision(digits));
}
