/**
 * SDMetrics' single-table metrics, on in-memory arrays, exactly as sdv-dev/SDMetrics defines them
 * (single_column/statistical/{kscomplement,tv_complement}.py, column_pairs/statistical/
 * {correlation_similarity,contingency_similarity}.py, single_table/new_row_synthesis.py) and as the numpy and
 * scipy calls they make compute. The streaming evaluator (profiler.ts, report.ts) computes the same numbers from
 * accumulators; these array versions are the definitions the tests pin, and what the reference side uses.
 *
 * Cells: a number (numerical, or a datetime as epoch milliseconds — SDMetrics compares datetimes as numbers,
 * and every metric here is invariant under the ms/ns change of scale), a string (a category), or null (missing).
 */
import { GridIndex } from './search.js';

export type Cell = number | string | null;

/** numpy.rint: round half to even. */
export function rint(y: number): number {
  if (!Number.isFinite(y)) return y;
  const f = Math.floor(y);
  const diff = y - f;
  if (diff < 0.5) return f;
  if (diff > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** numpy.round(x, decimals) for decimals ≥ 0: rint(x · 10^d) / 10^d (pandas' Series.round). */
export function numpyRound(x: number, decimals = 14): number {
  const f = 10 ** decimals;
  return rint(x * f) / f;
}

/** KSComplement rounds both columns to sys.float_info.dig − 1 = 14 decimals before the test. */
export const KS_DECIMALS = 14;

function finiteNumbers(values: readonly Cell[]): number[] {
  const out: number[] = [];
  for (const v of values) if (typeof v === 'number' && !Number.isNaN(v)) out.push(v);
  return out;
}

/**
 * The two-sample Kolmogorov–Smirnov statistic D = sup |F₁ − F₂| (scipy.stats.ks_2samp's statistic: the
 * right-continuous empirical CDFs compared at every pooled value).
 */
export function ksStatistic(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) return NaN;
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length || j < y.length) {
    const v = j >= y.length || (i < x.length && (x[i] as number) <= (y[j] as number)) ? (x[i] as number) : (y[j] as number);
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    const diff = Math.abs(i / x.length - j / y.length);
    if (diff > d) d = diff;
  }
  return d;
}

/** KSComplement: 1 − D over the non-missing values rounded to 14 decimals; NaN when a side is empty. */
export function ksComplement(real: readonly Cell[], synthetic: readonly Cell[], round = true): number {
  const r = finiteNumbers(real);
  const s = finiteNumbers(synthetic);
  if (r.length === 0 || s.length === 0) return NaN;
  const d = round
    ? ksStatistic(
        r.map((v) => numpyRound(v, KS_DECIMALS)),
        s.map((v) => numpyRound(v, KS_DECIMALS)),
      )
    : ksStatistic(r, s);
  return 1 - d;
}

/** Counts of the non-missing values, in first-seen order (what `collections.Counter` holds). */
export function countValues(values: readonly Cell[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values)
    if (v !== null && !(typeof v === 'number' && Number.isNaN(v))) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  return counts;
}

/**
 * TVComplement from category counts, with SDMetrics' regularization: a category seen only in the synthetic
 * data gets a count of 1e-6 on the real side (`get_frequencies`), so the real frequencies are over
 * n_real + K·1e-6. Score = 1 − ½ Σ |f_syn − f_real| over every category; NaN when a side has no values.
 *
 * `syntheticOnly` may summarize the synthetic-only categories when their individual counts are not known
 * (a streaming profile past its category cap): `{count, distinct}`.
 */
export function tvComplementFromCounts(
  real: ReadonlyMap<string, number>,
  synthetic: ReadonlyMap<string, number>,
  syntheticOnly?: { readonly count: number; readonly distinct: number },
): number {
  let realTotal = 0;
  for (const c of real.values()) realTotal += c;
  let synTotal = 0;
  for (const c of synthetic.values()) synTotal += c;
  if (syntheticOnly) synTotal += syntheticOnly.count;
  if (realTotal === 0 || synTotal === 0) return NaN;
  const newKeys: string[] = [];
  for (const key of synthetic.keys()) if (!real.has(key)) newKeys.push(key);
  const extra = syntheticOnly?.distinct ?? 0;
  let regularizedTotal = realTotal;
  for (let i = 0; i < newKeys.length + extra; i++) regularizedTotal += 1e-6;
  let tv = 0;
  for (const [key, count] of real) tv += Math.abs((synthetic.get(key) ?? 0) / synTotal - count / regularizedTotal);
  const epsilon = 1e-6 / regularizedTotal;
  for (const key of newKeys) tv += Math.abs((synthetic.get(key) as number) / synTotal - epsilon);
  if (syntheticOnly && syntheticOnly.distinct > 0) tv += Math.abs(syntheticOnly.count / synTotal - syntheticOnly.distinct * epsilon);
  return 1 - 0.5 * tv;
}

export function tvComplement(real: readonly Cell[], synthetic: readonly Cell[]): number {
  return tvComplementFromCounts(countValues(real), countValues(synthetic));
}

/**
 * numpy.histogram_bin_edges(values) with the default bins=10: equal-width edges from min to max of the
 * non-missing values (±0.5 around a constant; 0…1 when there are none), computed as numpy.linspace does
 * (edge i = i·step + min, the last edge exactly max).
 */
export function histogramBinEdges(values: readonly Cell[], bins = 10): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (typeof v !== 'number' || Number.isNaN(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) {
    lo = 0;
    hi = 1;
  } else if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const step = (hi - lo) / bins;
  const edges: number[] = [];
  for (let i = 0; i < bins; i++) edges.push(step === 0 ? (i / bins) * (hi - lo) + lo : i * step + lo);
  edges.push(hi);
  return edges;
}

/**
 * numpy.digitize(x, edges) for increasing edges (right=False): i such that edges[i−1] ≤ x < edges[i]; 0 below
 * the first edge, edges.length at or above the last. NaN (a missing value) sorts last: edges.length.
 */
export function digitize(x: number, edges: readonly number[]): number {
  if (Number.isNaN(x)) return edges.length;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((edges[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A cell as a contingency-table key: the category, `null` for missing (pandas groupby(dropna=False)). */
function contingencyKey(v: Cell): string {
  return v === null || (typeof v === 'number' && Number.isNaN(v)) ? '\u0000null' : String(v);
}

/**
 * ContingencySimilarity: 1 − total variation distance between the joint frequency tables of two columns,
 * missing values kept as their own category. A numerical column (`continuous[i]`) is binned first with
 * numpy.digitize over numpy.histogram_bin_edges of the REAL column (10 equal-width bins; missing → bin 11).
 */
export function contingencySimilarity(
  real: readonly (readonly [Cell, Cell])[],
  synthetic: readonly (readonly [Cell, Cell])[],
  continuous: readonly [boolean, boolean] = [false, false],
): number {
  if (real.length === 0 || synthetic.length === 0) return NaN;
  const edges = [0, 1].map((side) => (continuous[side] ? histogramBinEdges(real.map((pair) => pair[side] as Cell)) : undefined));
  const key = (pair: readonly [Cell, Cell]): string =>
    [0, 1]
      .map((side) => {
        const v = pair[side] as Cell;
        const e = edges[side];
        return e === undefined ? contingencyKey(v) : String(digitize(typeof v === 'number' ? v : NaN, e));
      })
      .join('\u0001');
  const realCounts = new Map<string, number>();
  for (const pair of real) realCounts.set(key(pair), (realCounts.get(key(pair)) ?? 0) + 1);
  const synCounts = new Map<string, number>();
  for (const pair of synthetic) synCounts.set(key(pair), (synCounts.get(key(pair)) ?? 0) + 1);
  let tv = 0;
  for (const [k, c] of realCounts) tv += Math.abs(c / real.length - (synCounts.get(k) ?? 0) / synthetic.length);
  for (const [k, c] of synCounts) if (!realCounts.has(k)) tv += c / synthetic.length;
  return 1 - tv / 2;
}

/** Pearson's r over two equally long arrays (NaN when undefined), mean-centred as scipy.stats.pearsonr. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2 || y.length !== n) return NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] as number;
    my += y[i] as number;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (!(sxx > 0) || !(syy > 0)) return NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Ranks 1…n with ties given their average rank (scipy.stats.rankdata, method 'average'). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  // Runs of equal values in sorted order: run d holds positions first … last, whose ranks (1-based) share the
  // mean (first + last + 2) / 2. Each value then finds its run by a bucketed lower bound over the run values
  // (constant time) instead of two binary searches over all n values.
  const runValues = new Float64Array(n);
  const runRanks = new Float64Array(n);
  let runs = 0;
  // The sort puts NaNs last; they take no part in the runs.
  for (let i = 0; i < n && sorted[i] === sorted[i];) {
    const v = sorted[i] as number;
    let j = i + 1;
    while (j < n && sorted[j] === v) j++;
    runValues[runs] = v;
    runRanks[runs] = (i + j + 1) / 2;
    runs++;
    i = j;
  }
  const index = new GridIndex(runValues.subarray(0, runs));
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    // NaN compares false with everything: the binary searches this replaces put it at rank 0.5.
    ranks[i] = v === v ? (runRanks[index.lowerBound(v)] as number) : 0.5;
  }
  return ranks;
}

/** Spearman's ρ: Pearson's r of the average ranks. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return pearson(averageRanks(x), averageRanks(y));
}

/** The rows where both cells are numbers (pandas dropna over the pair). */
export function completePairs(x: readonly Cell[], y: readonly Cell[]): [number[], number[]] {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const u = x[i];
    const v = y[i];
    if (typeof u === 'number' && typeof v === 'number' && !Number.isNaN(u) && !Number.isNaN(v)) {
      a.push(u);
      b.push(v);
    }
  }
  return [a, b];
}

function distinctNumbers(values: readonly Cell[]): number {
  return new Set(finiteNumbers(values)).size;
}

export interface CorrelationSimilarityResult {
  readonly score: number;
  readonly real: number;
  readonly synthetic: number;
}

/**
 * CorrelationSimilarity: 1 − |ρ_real − ρ_syn| / 2 with ρ Pearson's r (default) or Spearman's ρ over the
 * rows where both columns are present. NaN when a column is constant (exactly one distinct value) on either
 * side, or when a correlation is undefined.
 */
export function correlationSimilarity(
  real: readonly [readonly Cell[], readonly Cell[]],
  synthetic: readonly [readonly Cell[], readonly Cell[]],
  coefficient: 'pearson' | 'spearman' = 'pearson',
): CorrelationSimilarityResult {
  const constant = [real[0], real[1], synthetic[0], synthetic[1]].some((column) => distinctNumbers(column) === 1);
  if (constant) return { score: NaN, real: NaN, synthetic: NaN };
  const f = coefficient === 'pearson' ? pearson : spearman;
  const r = f(...completePairs(real[0], real[1]));
  const s = f(...completePairs(synthetic[0], synthetic[1]));
  if (Number.isNaN(r) || Number.isNaN(s)) return { score: NaN, real: r, synthetic: s };
  return { score: 1 - Math.abs(r - s) / 2, real: r, synthetic: s };
}

/**
 * NewRowSynthesis: the share of synthetic rows that match no real row. A real row matches when every
 * column matches: missing ↔ missing, a category exactly, a number within `tolerance`·|synthetic value|.
 * `continuous[c]` says which columns are numbers.
 */
export function newRowSynthesis(
  real: readonly (readonly Cell[])[],
  synthetic: readonly (readonly Cell[])[],
  continuous: readonly boolean[],
  tolerance = 0.01,
): { score: number; newRows: number; matchedRows: number } {
  let matched = 0;
  for (const row of synthetic) if (real.some((candidate) => rowsMatch(candidate, row, continuous, tolerance))) matched++;
  const n = synthetic.length;
  return { score: n === 0 ? NaN : (n - matched) / n, newRows: n - matched, matchedRows: matched };
}

export function rowsMatch(real: readonly Cell[], synthetic: readonly Cell[], continuous: readonly boolean[], tolerance: number): boolean {
  for (let c = 0; c < continuous.length; c++) {
    const s = synthetic[c] ?? null;
    const r = real[c] ?? null;
    if (s === null) {
      if (r !== null) return false;
    } else if (continuous[c]) {
      if (typeof r !== 'number' || typeof s !== 'number' || !(Math.abs(r - s) <= Math.abs(tolerance * s))) return false;
    } else if (r !== s) return false;
  }
  return true;
}

/** numpy.nanmean: the mean of the non-NaN values, NaN when there are none. */
export function nanMean(values: readonly number[]): number {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    sum += v;
    n++;
  }
  return n === 0 ? NaN : sum / n;
}
