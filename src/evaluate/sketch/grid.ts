/**
 * A column's distribution as counts along a sorted grid of values — the reference's distinct values — as
 * the profiler keeps them when a reference is known: counts[2i + 1] values equal to grid[i], counts[2i] values
 * strictly between grid[i−1] and grid[i] (below grid[0] for i = 0, above the last for i = grid.length).
 *
 * Ranks are exact at every grid value. Inside a gap the values are not kept; they are taken as spread evenly
 * between the gap's ends (min and max of the column for the outer gaps), so a quantile or rank that falls
 * inside a gap is interpolated — within one gap between two adjacent distinct reference values. When no value
 * fell in a gap (`exact`), quantiles are numpy's exactly.
 *
 * The same reading methods as KllSketch, so reports and charts use either.
 */
export interface ValueDistribution {
  readonly n: number;
  readonly min: number;
  readonly max: number;
  /** True when quantiles are exact. */
  readonly exact: boolean;
  rank(x: number): number;
  rankBelow(x: number): number;
  cdf(x: number): number;
  quantile(p: number): number;
  weightedValues(): { values: Float64Array; weights: Float64Array };
  histogram(edges: readonly number[]): number[];
}

interface Segment {
  readonly lo: number;
  readonly hi: number;
  readonly count: number;
  /** A single value (lo = hi), or an open gap (lo, hi). */
  readonly point: boolean;
}

export class GridCounts implements ValueDistribution {
  private readonly segments: Segment[] = [];
  private readonly cumulative: Float64Array;
  readonly n: number;
  readonly exact: boolean;

  constructor(
    grid: ArrayLike<number>,
    counts: ArrayLike<number>,
    readonly min: number,
    readonly max: number,
  ) {
    let gaps = 0;
    const g = grid.length;
    for (let s = 0; s < counts.length; s++) {
      const count = counts[s] as number;
      if (count === 0) continue;
      const i = s >> 1;
      if (s & 1) this.segments.push({ lo: grid[i] as number, hi: grid[i] as number, count, point: true });
      else {
        gaps += count;
        const lo = i === 0 ? Math.min(min, g > 0 ? (grid[0] as number) : min) : (grid[i - 1] as number);
        const hi = i === g ? Math.max(max, g > 0 ? (grid[g - 1] as number) : max) : (grid[i] as number);
        this.segments.push({ lo, hi, count, point: false });
      }
    }
    this.cumulative = new Float64Array(this.segments.length);
    let total = 0;
    this.segments.forEach((segment, k) => {
      total += segment.count;
      this.cumulative[k] = total;
    });
    this.n = total;
    this.exact = gaps === 0;
  }

  private countUpTo(x: number, inclusive: boolean): number {
    let total = 0;
    for (const s of this.segments) {
      if (s.point) {
        if (inclusive ? s.lo <= x : s.lo < x) total += s.count;
        else break;
      } else if (x >= s.hi) total += s.count;
      else {
        if (x > s.lo) total += (s.count * (x - s.lo)) / (s.hi - s.lo);
        break;
      }
    }
    return total;
  }

  rank(x: number): number {
    return this.countUpTo(x, true);
  }

  rankBelow(x: number): number {
    return this.countUpTo(x, false);
  }

  cdf(x: number): number {
    return this.n === 0 ? NaN : this.rank(x) / this.n;
  }

  /** The value of rank r (0-based) among the n values, gap values spread evenly across their gap. */
  private valueAtRank(rank: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] as number) > rank) hi = mid;
      else lo = mid + 1;
    }
    const s = this.segments[lo] as Segment;
    if (s.point) return s.lo;
    const before = lo === 0 ? 0 : (this.cumulative[lo - 1] as number);
    return s.lo + ((s.hi - s.lo) * (rank - before + 0.5)) / s.count;
  }

  quantile(p: number): number {
    if (this.n === 0) return NaN;
    if (p <= 0) return this.min;
    if (p >= 1) return this.max;
    const position = p * (this.n - 1);
    const below = Math.floor(position);
    const t = position - below;
    const a = this.valueAtRank(below);
    const b = this.valueAtRank(Math.min(this.n - 1, below + 1));
    const diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }

  /** Grid values with their counts; a gap's count sits at the gap's middle. */
  weightedValues(): { values: Float64Array; weights: Float64Array } {
    return {
      values: Float64Array.from(this.segments, (s) => (s.point ? s.lo : (s.lo + s.hi) / 2)),
      weights: Float64Array.from(this.segments, (s) => s.count),
    };
  }

  histogram(edges: readonly number[]): number[] {
    const counts: number[] = [];
    for (let i = 0; i + 1 < edges.length; i++) {
      const last = i + 2 === edges.length;
      const upper = last ? this.rank(edges[i + 1] as number) : this.rankBelow(edges[i + 1] as number);
      counts.push(upper - this.rankBelow(edges[i] as number));
    }
    return counts;
  }
}
