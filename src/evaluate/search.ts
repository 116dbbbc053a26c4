/**
 * Constant-time lookups for the per-value hot path (a binary search over 10,000 values costs ~90 ns in
 * branch mispredictions; these cost a few):
 *
 * - `GridIndex.lowerBound(v)`: the first index of a sorted array whose value is ≥ v, via equal-width buckets
 *   over the array's range — each bucket remembers the first index that falls in it, and the answer lies
 *   between that and the next bucket's first index, so at most a short binary search remains;
 * - `binOf(x, edges)`: numpy.digitize over equal-width edges (numpy.histogram_bin_edges) by division, then
 *   corrected against the actual edges so the result is exactly what the binary search would give.
 */

export class GridIndex {
  private readonly start: Int32Array;
  private readonly lo: number;
  private readonly hi: number;
  private readonly scale: number;
  private readonly buckets: number;

  constructor(readonly grid: Float64Array) {
    const n = grid.length;
    this.lo = n > 0 ? (grid[0] as number) : 0;
    this.hi = n > 0 ? (grid[n - 1] as number) : 0;
    this.buckets = Math.max(1, Math.min(1 << 16, 2 * n));
    const span = this.hi - this.lo;
    this.scale = span > 0 && Number.isFinite(span) ? this.buckets / span : 0;
    // start[b] = first index whose bucket is ≥ b; start[buckets] = n.
    this.start = new Int32Array(this.buckets + 1);
    let i = 0;
    for (let b = 0; b <= this.buckets; b++) {
      while (i < n && this.bucket(grid[i] as number) < b) i++;
      this.start[b] = i;
    }
  }

  private bucket(v: number): number {
    const b = Math.floor((v - this.lo) * this.scale);
    // NaN (an infinite value over an unbounded range, where the scale is 0) falls in the first bucket.
    return b >= 0 ? (b < this.buckets ? b : this.buckets - 1) : 0;
  }

  /** First index i with grid[i] ≥ v (grid.length when every value is below v). */
  lowerBound(v: number): number {
    const grid = this.grid;
    if (!(v > this.lo)) return 0; // also NaN
    if (v > this.hi) return grid.length;
    const b = this.bucket(v);
    let lo = this.start[b] as number;
    let hi = this.start[b + 1] as number;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((grid[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * numpy.digitize(x, edges) for the 11 equal-width edges of numpy.histogram_bin_edges: 0 below edges[0],
 * edges.length at or above the last edge (and for NaN), else i with edges[i−1] ≤ x < edges[i].
 */
export function binOf(x: number, edges: Float64Array): number {
  const n = edges.length;
  if (x !== x) return n;
  const first = edges[0] as number;
  const last = edges[n - 1] as number;
  if (x < first) return 0;
  if (x >= last) return n;
  let k = Math.floor(((x - first) / (last - first)) * (n - 1));
  if (k < 0) k = 0;
  if (k > n - 2) k = n - 2;
  while (k > 0 && x < (edges[k] as number)) k--;
  while (k < n - 2 && x >= (edges[k + 1] as number)) k++;
  return k + 1;
}
