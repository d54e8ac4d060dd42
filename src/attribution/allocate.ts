/**
 * Scores to integer token amounts, and roll-ups from examples/documents to contributors.
 *
 * allocatePool works on the exact rational value of every double (mantissa * 2^exponent, as BigInt), so the split
 * involves no rounding at all until the final largest-remainder step; the result sums to the pool exactly.
 */

const bits = new DataView(new ArrayBuffer(8));

/** Exact decomposition of a positive finite double into mantissa * 2^exp. */
function decompose(x: number): { mant: bigint; exp: number } {
  bits.setFloat64(0, x);
  const hi = bits.getUint32(0);
  const lo = bits.getUint32(4);
  const e = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (e === 0) return { mant: frac, exp: -1074 };
  return { mant: frac | (1n << 52n), exp: e - 1075 };
}

/**
 * Splits `pool` over the keys in proportion to their positive scores: keys with a score <= 0 get 0 ("only positive
 * influence earns"). Each key first gets floor(pool * s / S); the units left over go one each to the largest
 * remainders, ties broken by key in UTF-16 code-unit order. Returns every key, in that key order. When no score is
 * positive every amount is 0 and the caller's policy decides what happens to the pool.
 */
export function allocatePool(
  scores: ReadonlyMap<string, number> | Readonly<Record<string, number>>,
  pool: bigint,
): Map<string, bigint> {
  if (pool < 0n) throw new Error("pool must be non-negative");
  const entries: [string, number][] =
    scores instanceof Map ? [...scores.entries()] : Object.entries(scores as Record<string, number>);
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const parts: { key: string; mant: bigint; exp: number }[] = [];
  let minExp = Infinity;
  for (const [key, s] of entries) {
    if (typeof s !== "number" || Number.isNaN(s) || !Number.isFinite(s)) {
      throw new Error(`score for ${JSON.stringify(key)} is not a finite number`);
    }
    if (s > 0) {
      const { mant, exp } = decompose(s);
      parts.push({ key, mant, exp });
      if (exp < minExp) minExp = exp;
    }
  }
  const out = new Map<string, bigint>();
  for (const [key] of entries) out.set(key, 0n);
  if (parts.length === 0 || pool === 0n) return out;
  const weights = parts.map((q) => q.mant << BigInt(q.exp - minExp));
  let total = 0n;
  for (const w of weights) total += w;
  let given = 0n;
  const rems: { key: string; rem: bigint }[] = [];
  parts.forEach((q, k) => {
    const num = pool * weights[k];
    const amount = num / total;
    given += amount;
    out.set(q.key, amount);
    rems.push({ key: q.key, rem: num % total });
  });
  rems.sort((a, b) => (a.rem > b.rem ? -1 : a.rem < b.rem ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let left = pool - given;
  for (let k = 0; left > 0n; k++, left--) {
    const key = rems[k].key;
    out.set(key, (out.get(key) as bigint) + 1n);
  }
  return out;
}

/** Sums values per owner, owners in order of first appearance, additions in index order. */
export function rollup(owners: readonly string[], values: ArrayLike<number>): Map<string, number> {
  if (owners.length !== values.length) throw new Error("owners and values differ in length");
  const out = new Map<string, number>();
  for (let k = 0; k < owners.length; k++) out.set(owners[k], (out.get(owners[k]) ?? 0) + values[k]);
  return out;
}
