/**
 * Suffix array of an integer string by prefix doubling with radix (counting) sort: O(n log L) for longest repeat
 * L, only typed arrays, about 24 bytes per token of working memory. Rounds stop as soon as every suffix has a rank
 * of its own, so natural text needs a handful of rounds.
 */

/** Sorts the suffixes of s, whose values lie in [0, alphabetSize). A shorter suffix sorts before its extensions. */
export function buildSuffixArray(s: Int32Array, alphabetSize: number): Int32Array {
  const n = s.length;
  const sa = new Int32Array(n);
  if (n === 0) return sa;
  let rank = new Int32Array(n);
  let next = new Int32Array(n);
  const tmp = new Int32Array(n);
  const cnt = new Int32Array(Math.max(alphabetSize, n) + 1);

  for (let i = 0; i < n; i++) {
    const c = s[i];
    if (c < 0 || c >= alphabetSize) throw new Error(`symbol ${c} at ${i} outside [0, ${alphabetSize})`);
    cnt[c + 1]++;
  }
  for (let c = 1; c <= alphabetSize; c++) cnt[c] += cnt[c - 1];
  for (let i = 0; i < n; i++) sa[cnt[s[i]]++] = i;
  let classes = 1;
  rank[sa[0]] = 0;
  for (let k = 1; k < n; k++) {
    if (s[sa[k]] !== s[sa[k - 1]]) classes++;
    rank[sa[k]] = classes - 1;
  }

  for (let h = 1; classes < n; h *= 2) {
    // Order by the second key (rank of i + h): suffixes without one come first, the rest follow sa's order.
    let t = 0;
    for (let i = n - h; i < n; i++) tmp[t++] = i;
    for (let k = 0; k < n; k++) if (sa[k] >= h) tmp[t++] = sa[k] - h;
    // Stable counting sort by the first key.
    cnt.fill(0, 0, classes + 1);
    for (let i = 0; i < n; i++) cnt[rank[i] + 1]++;
    for (let c = 1; c <= classes; c++) cnt[c] += cnt[c - 1];
    for (let k = 0; k < n; k++) {
      const i = tmp[k];
      sa[cnt[rank[i]]++] = i;
    }
    next[sa[0]] = 0;
    classes = 1;
    for (let k = 1; k < n; k++) {
      const a = sa[k - 1];
      const b = sa[k];
      const ra = a + h < n ? rank[a + h] : -1;
      const rb = b + h < n ? rank[b + h] : -1;
      if (rank[a] !== rank[b] || ra !== rb) classes++;
      next[b] = classes - 1;
    }
    const swap = rank;
    rank = next;
    next = swap;
  }
  return sa;
}
