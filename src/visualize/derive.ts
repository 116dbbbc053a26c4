/**
 * Chart data derived from a profile — what the profile does not hold directly is computed from what it does:
 * histogram counts from the column's quantile sketch (KLL, or exact counts along the reference's values),
 * value counts from its category counter, scatter points from its uniform row sample, Pearson's r from its
 * co-moments, null rates from its counts.
 */
import { isContinuous, isDiscrete, type ColumnKind, type ColumnState, type Profiler } from '../evaluate/index.js';
import { numericBinEdges, timeBinEdges, type TimeUnit } from './bins.js';

/** What a chart needs to know about one column of one profile. */
export interface ColumnFacts {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly rows: number;
  readonly nulls: number;
  /** Values that did not fit the column's kind (non-finite or non-numeric numbers, unparsable dates, …). */
  readonly invalid: number;
  /** Usable values (neither null nor invalid). */
  readonly values: number;
  readonly state: ColumnState;
  /**
   * A continuous column's values, sorted, when the profile's row sample holds every row (up to its size,
   * 10,000 by default): then histograms are exact instead of sketch estimates. Null otherwise.
   */
  exactValues(): Float64Array | null;
}

export function columnFacts(profiler: Profiler): Map<string, ColumnFacts> {
  const out = new Map<string, ColumnFacts>();
  // Reading the sample settles the profile (rows buffered for kind inference are counted only then).
  const sample = profiler.rowSample();
  const rows = profiler.rows;
  const complete = rows > 0 && sample.size === rows;
  profiler.columns.forEach((state, c) => {
    const kind = state.plan.kind;
    const values = isContinuous(kind)
      ? (state.moments?.n ?? 0)
      : isDiscrete(kind)
        ? (state.categories?.total ?? 0)
        : rows - state.nulls - state.invalid;
    let exact: Float64Array | null | undefined;
    const exactValues = (): Float64Array | null => {
      if (exact === undefined) {
        exact = null;
        if (complete && isContinuous(kind)) {
          const xs: number[] = [];
          for (const row of sample.rows()) {
            const x = row.values[c];
            if (typeof x === 'number') xs.push(x);
          }
          exact = Float64Array.from(xs).sort();
        }
      }
      return exact;
    };
    out.set(state.plan.name, { name: state.plan.name, kind, rows, nulls: state.nulls, invalid: state.invalid, values, state, exactValues });
  });
  return out;
}

/** Index of the first value ≥ x (or > x when `after`) in sorted values. */
function lowerBound(sorted: Float64Array, x: number, after: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid] as number;
    if (v < x || (after && v === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** numpy.quantile's default (linear) on sorted values. */
function sortedQuantile(sorted: Float64Array, p: number): number {
  const position = p * (sorted.length - 1);
  const below = Math.floor(position);
  const a = sorted[below] as number;
  const b = sorted[Math.min(sorted.length - 1, below + 1)] as number;
  return a + (b - a) * (position - below);
}

type Distribution = NonNullable<ReturnType<ColumnState['distribution']>>;

export interface Bin {
  readonly start: number;
  readonly end: number;
  readonly count: number;
}

export interface HistogramData {
  readonly bins: Bin[];
  /** True when the counts are exact (no sketch compaction). */
  readonly exact: boolean;
  readonly min: number;
  readonly max: number;
  readonly count: number;
  readonly median: number;
  readonly mean: number;
  readonly integer: boolean;
  /** Datetimes: the calendar unit of one bin. */
  readonly timeUnit?: { readonly unit: TimeUnit; readonly every: number };
}

function distributionOf(facts: ColumnFacts): Distribution | null {
  const dist = facts.state.distribution();
  return dist !== null && dist.n > 0 ? dist : null;
}

/** Every value an integer (JSON integers only: a 2.0 written as such counts as an integer too). */
function integerColumn(facts: ColumnFacts): boolean {
  const types = facts.state.typeCounts();
  return facts.kind === 'numerical' && types.integer > 0 && types.number === 0;
}

/** Range facts of a continuous column, or null when it has no usable value. */
export function rangeOf(facts: ColumnFacts): { min: number; max: number; count: number; iqr: number; integer: boolean } | null {
  const dist = distributionOf(facts);
  const m = facts.state.moments;
  if (dist === null || m === null || m.n === 0) return null;
  return { min: m.min, max: m.max, count: m.n, iqr: dist.quantile(0.75) - dist.quantile(0.25), integer: integerColumn(facts) };
}

/**
 * Bin edges for one or two sides of a column: the range spans both; the bin width follows the first side
 * (the reference when there is one). Null when no side has a value or every value is the same (one bar).
 */
export function binEdgesFor(
  kind: ColumnKind,
  sides: ReadonlyArray<ReturnType<typeof rangeOf>>,
): { edges: number[]; timeUnit?: { unit: TimeUnit; every: number } } | null {
  const present = sides.filter((s): s is NonNullable<typeof s> => s !== null);
  const first = present[0];
  if (first === undefined) return null;
  const min = Math.min(...present.map((s) => s.min));
  const max = Math.max(...present.map((s) => s.max));
  if (!(min < max)) {
    // One distinct value: a single bar one unit wide (a day for dates), centred on it.
    const half = kind === 'datetime' ? 43_200_000 : first.integer || min === 0 ? 0.5 : Math.abs(min) * 0.05;
    return { edges: [min - half, min + half], ...(kind === 'datetime' ? { timeUnit: { unit: 'day' as const, every: 1 } } : {}) };
  }
  if (kind === 'datetime') {
    const bins = timeBinEdges(min, max);
    return { edges: bins.edges, timeUnit: { unit: bins.unit, every: bins.every } };
  }
  return {
    edges: numericBinEdges({ min, max, count: first.count, iqr: first.iqr, integer: present.every((s) => s.integer) }),
  };
}

/**
 * A column's counts over the given bin edges ([e_i, e_i+1), the last bin closed): exact from the row sample
 * when it holds every row, else from the column's sketch (rounded: grid counts interpolate inside gaps).
 */
export function histogramOf(facts: ColumnFacts, edges: readonly number[]): HistogramData | null {
  const dist = distributionOf(facts);
  const m = facts.state.moments;
  if (dist === null || m === null || m.n === 0) return null;
  const sorted = facts.exactValues();
  const last = edges.length - 2;
  const counts =
    sorted !== null
      ? edges.slice(0, -1).map((start, i) => lowerBound(sorted, edges[i + 1] as number, i === last) - lowerBound(sorted, start, false))
      : dist.histogram(edges);
  const bins = counts.map((count, i) => ({ start: edges[i] as number, end: edges[i + 1] as number, count: Math.round(count) }));
  return {
    bins,
    exact: sorted !== null || dist.exact,
    min: m.min,
    max: m.max,
    count: m.n,
    median: sorted !== null ? sortedQuantile(sorted, 0.5) : dist.quantile(0.5),
    mean: m.mean,
    integer: integerColumn(facts),
  };
}

export interface ValueCounts {
  readonly top: Array<{ readonly value: string; readonly count: number }>;
  /** Values not among the top ones, and how many distinct values they are. */
  readonly other: number;
  readonly otherDistinct: number;
  readonly total: number;
  readonly distinct: number;
  readonly exact: boolean;
}

export function valueCountsOf(facts: ColumnFacts, topN: number): ValueCounts | null {
  const counter = facts.state.categories;
  if (counter === null || counter.total === 0) return null;
  const { top, other } = counter.top(topN);
  const distinct = counter.distinct();
  return {
    top: top.map((c) => ({ value: c.value, count: c.count })),
    other,
    otherDistinct: Math.max(0, distinct.value - top.length),
    total: counter.total,
    distinct: distinct.value,
    exact: !counter.approximate,
  };
}

/** Count of each given value (for the other side of a compared value chart). */
export function countsOf(facts: ColumnFacts, values: readonly string[]): { counts: number[]; total: number } {
  const counter = facts.state.categories;
  if (counter === null) return { counts: values.map(() => 0), total: 0 };
  return { counts: values.map((v) => counter.count(v)), total: counter.total };
}

/** Slots per pair in the profile's co-moment store: [n, Σdx, Σdy, Σdx², Σdy², Σdx·dy] (ProfileJson.coMoments). */
const CO_SLOTS = 6;

export interface CorrelationMatrix {
  readonly columns: string[];
  /** r[i][j]; null where undefined (a constant or empty column, fewer than 2 rows). */
  readonly r: Array<Array<number | null>>;
  /** Rows each coefficient is computed from (pairwise complete). */
  readonly n: number[][];
  /** True when computed from the uniform row sample, not all rows. */
  readonly sampled: boolean;
}

function pearsonFromSums(n: number, sx: number, sy: number, sxx: number, syy: number, sxy: number): number | null {
  if (n < 2) return null;
  const cxx = sxx - (sx * sx) / n;
  const cyy = syy - (sy * sy) / n;
  const cxy = sxy - (sx * sy) / n;
  // A side constant up to rounding noise has no correlation (as the evaluator decides).
  if (!(cxx > 1e-24 * Math.abs(sxx)) || !(cyy > 1e-24 * Math.abs(syy))) return null;
  return Math.max(-1, Math.min(1, cxy / Math.sqrt(cxx * cyy)));
}

/**
 * Pearson's r of every pair of continuous columns: exact from the profile's co-moments (every row), or from
 * the row sample should the co-moment store ever not have the documented layout.
 */
export function correlationOf(profiler: Profiler, names: readonly string[]): CorrelationMatrix {
  const { store, a, b } = profiler.coMoments();
  if (store.length !== a.length * CO_SLOTS) return sampleCorrelation(profiler, names);
  const index = new Map(profiler.plan.columns.map((c, i) => [c.name, i]));
  const k = names.length;
  const r: Array<Array<number | null>> = names.map(() => new Array<number | null>(k).fill(null));
  const n: number[][] = names.map(() => new Array<number>(k).fill(0));
  const position = new Map(names.map((name, i) => [index.get(name) as number, i]));
  const facts = columnFacts(profiler);
  names.forEach((name, i) => {
    const f = facts.get(name) as ColumnFacts;
    n[i]![i] = f.values;
    const sd = f.state.moments?.sd ?? NaN;
    r[i]![i] = f.values >= 2 && sd > 0 ? 1 : null;
  });
  for (let p = 0; p < a.length; p++) {
    const i = position.get(a[p] as number);
    const j = position.get(b[p] as number);
    if (i === undefined || j === undefined) continue;
    const o = p * CO_SLOTS;
    const value = pearsonFromSums(
      store[o] as number,
      store[o + 1] as number,
      store[o + 2] as number,
      store[o + 3] as number,
      store[o + 4] as number,
      store[o + 5] as number,
    );
    r[i]![j] = r[j]![i] = value;
    n[i]![j] = n[j]![i] = store[o] as number;
  }
  return { columns: [...names], r, n, sampled: false };
}

/** Pearson's r of every pair from the profile's uniform row sample (exact when the sample holds every row). */
export function sampleCorrelation(profiler: Profiler, names: readonly string[]): CorrelationMatrix {
  const index = new Map(profiler.plan.columns.map((c, i) => [c.name, i]));
  const k = names.length;
  const r: Array<Array<number | null>> = names.map(() => new Array<number | null>(k).fill(null));
  const n: number[][] = names.map(() => new Array<number>(k).fill(0));
  const rows = profiler.rowSample().rows();
  const cols = names.map((name) => index.get(name) as number);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const xs: number[] = [];
      const ys: number[] = [];
      for (const row of rows) {
        const x = row.values[cols[i] as number];
        const y = row.values[cols[j] as number];
        if (typeof x === 'number' && typeof y === 'number') {
          xs.push(x);
          ys.push(y);
        }
      }
      // Shifted by the first pair so datetimes (≈1.7e12 ms) keep their precision in the sums.
      const x0 = xs[0] ?? 0;
      const y0 = ys[0] ?? 0;
      let sx = 0;
      let sy = 0;
      let sxx = 0;
      let syy = 0;
      let sxy = 0;
      for (let t = 0; t < xs.length; t++) {
        const dx = (xs[t] as number) - x0;
        const dy = (ys[t] as number) - y0;
        sx += dx;
        sy += dy;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
      }
      r[i]![j] = r[j]![i] = pearsonFromSums(xs.length, sx, sy, sxx, syy, sxy);
      n[i]![j] = n[j]![i] = xs.length;
    }
  }
  return { columns: [...names], r, n, sampled: true };
}

export interface ScatterData {
  readonly points: Array<readonly [number, number]>;
  /** Sampled rows looked at (the points are those with both values). */
  readonly sampled: number;
  /** Rows in the profile. */
  readonly rows: number;
}

/** Points of a pair from the profile's uniform row sample; any prefix of it is itself uniform, so the first `max` with both values. */
export function scatterOf(profiler: Profiler, x: string, y: string, max: number): ScatterData {
  const index = new Map(profiler.plan.columns.map((c, i) => [c.name, i]));
  const cx = index.get(x) as number;
  const cy = index.get(y) as number;
  const rows = profiler.rowSample().rows();
  const points: Array<readonly [number, number]> = [];
  let sampled = 0;
  for (const row of rows) {
    if (points.length >= max) break;
    sampled++;
    const vx = row.values[cx];
    const vy = row.values[cy];
    if (typeof vx === 'number' && typeof vy === 'number') points.push([vx, vy]);
  }
  return { points, sampled, rows: profiler.rows };
}
