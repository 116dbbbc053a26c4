/**
 * The evaluation report (reportVersion 1; JSON Schema in docs/report.schema.json, prose in
 * docs/evaluation.md), built from a data profile and, when there is one, the reference's profile and cells.
 */
import { SdgError } from '../core/errors.js';
import { makeDistribution, type Distribution } from '../generate/numbers.js';
import { isContinuous, isModelled, type ColumnKind, type DeclaredDistribution, type JsonTypeName } from './columns.js';
import type { ColumnPlan, ProfilePlan } from './plan.js';
import { distanceToClosestRecord, newRowSynthesisOnSample, sampleReferenceRows, type DcrSummary } from './privacy.js';
import type { ColumnState, Profiler } from './profiler.js';
import { nanMean, pearson, tvComplementFromCounts, type Cell } from './sdmetrics.js';
import type { DistinctEstimate } from './sketch/distinct.js';
import type { ValueDistribution } from './sketch/grid.js';
import type { KllSketch } from './sketch/kll.js';
import { pearsonOf } from './sketch/moments.js';
import { GridIndex } from './search.js';
import { judge, worst, type Status, type Threshold, type ThresholdId, type Thresholds } from './thresholds.js';

export const REPORT_VERSION = 1;
/** Sampled rows for NewRowSynthesis and DCR. */
export const DEFAULT_PRIVACY_SAMPLE = 500;

export interface NumericStats {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly sd: number | null;
  readonly quantiles: {
    readonly p01: number;
    readonly p05: number;
    readonly p25: number;
    readonly p50: number;
    readonly p75: number;
    readonly p95: number;
    readonly p99: number;
  };
  /** False once the KLL sketch has compacted (quantiles are then estimates, rank error < 1%). */
  readonly quantilesExact: boolean;
  /** Datetimes are reported as milliseconds since 1970-01-01T00:00:00Z. */
  readonly unit: 'number' | 'epoch-ms';
}

export interface CategoryStats {
  readonly top: Array<{ readonly value: string; readonly count: number; readonly share: number }>;
  /** Values not among `top`. */
  readonly other: number;
  readonly exact: boolean;
  /** Expected categories (the reference's, and enum values) that appear. */
  readonly coverage: { readonly expected: number; readonly covered: number; readonly share: number; readonly missing: string[] } | null;
  /** Values outside the expected categories. */
  readonly unexpected: number | null;
}

export interface ReferenceColumn {
  readonly rows: number;
  readonly nullRate: number;
  readonly distinct: number;
  readonly stats: NumericStats | null;
  readonly top: Array<{ readonly value: string; readonly count: number; readonly share: number }> | null;
}

export interface ColumnReport {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly kindSource: 'schema' | 'reference' | 'data';
  readonly kindReason: string;
  readonly rows: number;
  readonly nulls: number;
  readonly missing: number;
  readonly nullRate: number | null;
  readonly types: Record<JsonTypeName, number>;
  readonly invalid: number;
  readonly invalidExamples: string[];
  readonly distinct: { readonly count: number; readonly exact: boolean; readonly ratio: number | null; readonly duplicates: number | null };
  readonly stats: NumericStats | null;
  readonly categories: CategoryStats | null;
  readonly shape: { readonly metric: 'KSComplement' | 'TVComplement'; readonly score: number | null; readonly exact: boolean } | null;
  readonly reference: ReferenceColumn | null;
}

/** A column the quality score leaves out (as SDMetrics' QualityReport leaves out SDV's id, pii and text columns). */
export interface ExcludedColumn {
  readonly column: string;
  readonly kind: ColumnKind;
  /** Why, e.g. "free text: x-faker lorem.sentence". */
  readonly reason: string;
}

export interface PairReport {
  readonly columns: [string, string];
  readonly metric: 'CorrelationSimilarity' | 'ContingencySimilarity';
  readonly score: number | null;
  readonly real: number | null;
  readonly synthetic: number | null;
}

export interface CorrelationReport {
  /** The numerical and datetime columns, in order. */
  readonly columns: string[];
  readonly pearson: Array<Array<number | null>>;
  readonly spearman: Array<Array<number | null>>;
  /** Rows the Spearman matrix is computed on (the uniform row sample). */
  readonly spearmanRows: number;
  readonly spearmanExact: boolean;
  readonly reference: { readonly pearson: Array<Array<number | null>>; readonly spearman: Array<Array<number | null>> } | null;
  readonly declared: Array<{ readonly columns: [string, string]; readonly rho: number; readonly spearman: number | null }>;
}

export interface PrivacyReport {
  readonly rowsChecked: number;
  readonly exactCopies: number;
  readonly exactCopyRate: number | null;
  readonly newRowSynthesis: { readonly score: number | null; readonly sampleRows: number; readonly matched: number } | null;
  readonly dcr: DcrSummary | null;
}

export interface ValidityReport {
  readonly checked: number;
  readonly valid: number;
  readonly invalid: number;
  readonly rate: number | null;
  readonly examples: Array<{ readonly row: number; readonly message: string }>;
  readonly error?: string;
}

export interface Check {
  readonly id: ThresholdId;
  /** What was measured, e.g. "KSComplement", "null rate vs x-nullRate". */
  readonly metric: string;
  readonly column?: string;
  readonly columns?: [string, string];
  readonly value: number | null;
  readonly expected?: number | null;
  readonly status: Status;
  /** The bounds applied (nullRate and uniqueness widen the configured ones for sampling noise). */
  readonly threshold: Threshold;
  readonly approximate?: boolean;
  readonly message: string;
}

export interface EvaluationReport {
  readonly reportVersion: 1;
  readonly status: 'pass' | 'warn' | 'fail';
  readonly rows: number;
  readonly reference: { readonly rows: number } | null;
  readonly summary: {
    readonly quality: number | null;
    readonly columnShapes: number | null;
    readonly columnPairTrends: number | null;
    readonly validity: number | null;
    readonly exactCopyRate: number | null;
    readonly checks: { readonly pass: number; readonly warn: number; readonly fail: number; readonly skip: number };
  };
  readonly columns: ColumnReport[];
  /**
   * Columns not in column shapes, pair trends or the privacy metrics, whatever the reference: identifiers,
   * personal data, free text, empty and nested columns. Their null-rate and uniqueness checks still run.
   */
  readonly excluded: ExcludedColumn[];
  readonly pairs: PairReport[];
  readonly correlations: CorrelationReport | null;
  readonly privacy: PrivacyReport | null;
  readonly validity: ValidityReport | null;
  readonly checks: Check[];
  readonly thresholds: Thresholds;
  readonly warnings: string[];
  readonly notes: string[];
}

export interface ReportInput {
  readonly synthetic: Profiler;
  readonly reference?: { readonly profiler: Profiler; readonly cells: Cell[][]; readonly rows: number };
  readonly thresholds: Thresholds;
  readonly warnings?: readonly string[];
  /** Rows of the sample used for NewRowSynthesis and DCR (default 500). */
  readonly privacySampleSize?: number;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
const QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const;

function numericStats(st: ColumnState): NumericStats | null {
  const m = st.moments;
  const sketch = st.distribution();
  if (!m || !sketch || m.n === 0) return null;
  const [p01, p05, p25, p50, p75, p95, p99] = QUANTILES.map((p) => sketch.quantile(p)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return {
    count: m.n,
    min: m.min,
    max: m.max,
    mean: m.mean,
    sd: finite(m.sd),
    quantiles: { p01, p05, p25, p50, p75, p95, p99 },
    quantilesExact: sketch.exact,
    unit: st.plan.kind === 'datetime' ? 'epoch-ms' : 'number',
  };
}

/** Exact two-sample KS statistic from counts along the reference's distinct values (see profiler.ts). */
export function ksFromGrid(ref: ColumnState, syn: ColumnState): number {
  const r = ref.ksCounts as Uint32Array;
  const s = syn.ksCounts as Uint32Array;
  let nR = 0;
  let nS = 0;
  for (let i = 0; i < r.length; i++) {
    nR += r[i] as number;
    nS += s[i] as number;
  }
  if (nR === 0 || nS === 0) return NaN;
  // Walking the counts in order walks the real line; the CDFs are compared after every step, which covers
  // every pooled value (right-continuous) exactly as scipy's ks_2samp does.
  let cr = 0;
  let cs = 0;
  let d = 0;
  for (let i = 0; i < r.length; i++) {
    cr += r[i] as number;
    cs += s[i] as number;
    const gap = Math.abs(cr / nR - cs / nS);
    if (gap > d) d = gap;
  }
  return d;
}

/** KS statistic between two sketches, evaluated at every value either holds (an estimate). */
export function ksFromSketches(a: KllSketch, b: KllSketch): number {
  if (a.n === 0 || b.n === 0) return NaN;
  let d = 0;
  for (const sketch of [a, b]) {
    for (const x of sketch.weightedValues().values) d = Math.max(d, Math.abs(a.rank(x) / a.n - b.rank(x) / b.n));
  }
  return d;
}

/** The CDF of what the generator draws for a declared x-distribution: truncated to the bounds, snapped to the grid. */
export function declaredCdf(declared: DeclaredDistribution): { cdf: (x: number) => number; left: (x: number) => number } {
  const dist: Distribution = makeDistribution(declared.spec, declared.lo, declared.hi, declared.pointer);
  const step = declared.step;
  const kLo = step !== undefined && Number.isFinite(declared.lo) ? Math.ceil(declared.lo / step - 1e-9) : -Infinity;
  const kHi = step !== undefined && Number.isFinite(declared.hi) ? Math.floor(declared.hi / step + 1e-9) : Infinity;
  const fLo = Number.isFinite(declared.lo) ? dist.cdf(dist.discrete && step !== undefined ? kLo * step - step : declared.lo) : 0;
  const fHi = Number.isFinite(declared.hi) ? dist.cdf(declared.hi) : 1;
  const span = fHi - fLo;
  const truncated = (x: number): number => (span > 0 ? Math.min(1, Math.max(0, (dist.cdf(x) - fLo) / span)) : x < declared.lo ? 0 : 1);
  if (step === undefined) return { cdf: truncated, left: truncated };
  const onGrid = (x: number): number => {
    const k = Math.floor(x / step + 1e-9);
    if (k < kLo) return 0;
    if (k >= kHi) return 1;
    return truncated((k + 0.5) * step);
  };
  return { cdf: onGrid, left: (x) => onGrid(x - step * 1e-6) };
}

/** One-sample KS statistic of a value distribution against a CDF (with left limits for step CDFs). */
export function ksAgainstCdf(sketch: ValueDistribution, g: { cdf: (x: number) => number; left: (x: number) => number }): number {
  if (sketch.n === 0) return NaN;
  const { values, weights } = sketch.weightedValues();
  let cumulative = 0;
  let previous = 0;
  let d = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    d = Math.max(d, Math.abs(previous - g.left(x)));
    cumulative += weights[i] as number;
    const f = cumulative / sketch.n;
    d = Math.max(d, Math.abs(f - g.cdf(x)));
    previous = f;
  }
  return d;
}

function categoryMaps(st: ColumnState): { counts: Map<string, number>; pruned?: { count: number; distinct: number } } {
  const categories = st.categories!;
  const counts = new Map<string, number>();
  categories.known.forEach((key, i) => {
    const c = categories.knownCounts[i] as number;
    if (c > 0) counts.set(key, c);
  });
  for (const [key, c] of categories.otherEntries()) counts.set(key, c);
  if (!categories.approximate || categories.otherPruned === 0) return { counts };
  return { counts, pruned: { count: categories.otherPruned, distinct: Math.max(1, categories.distinct().value - counts.size) } };
}

function topOf(st: ColumnState, k: number): { top: Array<{ value: string; count: number; share: number }>; other: number } {
  const categories = st.categories!;
  const { top, other } = categories.top(k);
  return {
    top: top.map(({ value, count }) => ({ value, count, share: categories.total === 0 ? 0 : count / categories.total })),
    other,
  };
}

/**
 * A column's values grouped into runs of equal values, in ascending order: the run of each row (-1 where the
 * cell is not a number, -2 for NaN). Lets the ranks over any subset of rows be counted in one pass, without
 * sorting the subset again.
 */
interface RankRuns {
  readonly runOf: Int32Array;
  readonly runs: number;
}

function rankRuns(cells: readonly Cell[]): RankRuns {
  const n = cells.length;
  const values: number[] = [];
  for (const v of cells) if (typeof v === 'number' && v === v) values.push(v);
  const sorted = Float64Array.from(values).sort();
  const runValues = new Float64Array(sorted.length);
  let runs = 0;
  for (let i = 0; i < sorted.length;) {
    const v = sorted[i] as number;
    let j = i + 1;
    while (j < sorted.length && sorted[j] === v) j++;
    runValues[runs++] = v;
    i = j;
  }
  const index = new GridIndex(runValues.subarray(0, runs));
  const runOf = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const v = cells[r];
    runOf[r] = typeof v !== 'number' ? -1 : v !== v ? -2 : index.lowerBound(v);
  }
  return { runOf, runs };
}

/**
 * averageRanks of a column restricted to the rows where `included` is 1 (the first included.length rows), in
 * row order: run by run, the
 * included rows of a run share the mean of their positions among the included rows — the same integers, so
 * the same doubles, as sorting the subset and ranking it (NaN, which compares false with everything, takes
 * rank 0.5 and moves no one, as there).
 */
function subsetRanks(runs: RankRuns, included: Uint8Array, size: number): Float64Array {
  const { runOf } = runs;
  const counts = new Int32Array(runs.runs);
  for (let r = 0; r < included.length; r++) if (included[r] === 1 && (runOf[r] as number) >= 0) counts[runOf[r] as number]!++;
  const before = new Int32Array(runs.runs);
  let total = 0;
  for (let d = 0; d < runs.runs; d++) {
    before[d] = total;
    total += counts[d] as number;
  }
  const ranks = new Float64Array(size);
  let k = 0;
  for (let r = 0; r < included.length; r++) {
    if (included[r] !== 1) continue;
    const d = runOf[r] as number;
    ranks[k++] = d >= 0 ? (2 * (before[d] as number) + (counts[d] as number) + 1) / 2 : 0.5;
  }
  return ranks;
}

/** Spearman matrix over the rows given (cells by column index), pairwise-complete; ranks reused when a column has no gaps. */
function spearmanMatrix(columns: readonly number[], cellsOf: (c: number) => readonly Cell[]): Array<Array<number | null>> {
  const cells = new Map(columns.map((c) => [c, cellsOf(c)]));
  const runs = new Map<number, RankRuns>();
  const runsOf = (c: number): RankRuns => {
    let r = runs.get(c);
    if (r === undefined) runs.set(c, (r = rankRuns(cells.get(c) as readonly Cell[])));
    return r;
  };
  // A column without gaps ranked over all its rows: from its runs, so each column is sorted once (the same
  // numbers as averageRanks: run d's rows share (2·before + count + 1) / 2).
  const full = new Map<number, Float64Array | null>();
  for (const c of columns) {
    const column = cells.get(c) as readonly Cell[];
    full.set(
      c,
      column.every((v) => typeof v === 'number') ? subsetRanks(runsOf(c), new Uint8Array(column.length).fill(1), column.length) : null,
    );
  }
  // Upper triangle only; `symmetric` mirrors it.
  return columns.map((a, i) =>
    columns.map((b, j) => {
      if (j <= i) return null;
      const ra = full.get(a);
      const rb = full.get(b);
      if (ra && rb) return finite(pearson(ra, rb));
      // Pairwise-complete rows: ranked within that subset, as ranking the subset's own arrays would.
      const ca = cells.get(a) as readonly Cell[];
      const cb = cells.get(b) as readonly Cell[];
      const n = Math.min(ca.length, cb.length);
      const included = new Uint8Array(n);
      let size = 0;
      for (let r = 0; r < n; r++) {
        if (typeof ca[r] === 'number' && typeof cb[r] === 'number') {
          included[r] = 1;
          size++;
        }
      }
      return finite(pearson(subsetRanks(runsOf(a), included, size), subsetRanks(runsOf(b), included, size)));
    }),
  );
}

function symmetric(matrix: Array<Array<number | null>>, diagonal: (i: number) => number | null): Array<Array<number | null>> {
  return matrix.map((row, i) => row.map((v, j) => (i === j ? diagonal(i) : j < i ? (matrix[j]![i] ?? null) : v)));
}

/**
 * n.toLocaleString('en-US') — the same text, without Intl for whole numbers (every count in a report is one):
 * Intl formatting was a noticeable share of a small run's report.
 */
export function thousands(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

function plural(n: number, word: string): string {
  return `${thousands(n)} ${word}${n === 1 ? '' : 's'}`;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(x !== 0 && Math.abs(x) < 0.001 ? 3 : 1)}%`;
}

const UNSCORED: Partial<Record<ColumnKind, string>> = {
  id: 'identifier',
  pii: 'personal data',
  text: 'free text',
  empty: 'no values',
  other: 'arrays or objects',
};

function exclusionReason(column: ColumnPlan): string {
  const what = UNSCORED[column.kind] ?? column.kind;
  return column.kindReason === what ? what : `${what}: ${column.kindReason}`;
}

export function buildReport(input: ReportInput): EvaluationReport {
  const syn = input.synthetic;
  const plan: ProfilePlan = syn.plan;
  const thresholds = input.thresholds;
  const ref = input.reference;
  const refCols = ref?.profiler.columns;
  const synCols = syn.columns;
  const rows = syn.rows;
  const checks: Check[] = [];
  const warnings = [...(input.warnings ?? [])];
  const notes: string[] = [];
  // A distinct count can be a HyperLogLog estimate over 16,384 registers: each column's is read once.
  const distincts = new Map<ColumnState, DistinctEstimate>();
  const distinctOf = (st: ColumnState): DistinctEstimate => {
    let d = distincts.get(st);
    if (d === undefined) distincts.set(st, (d = st.distinctCount()));
    return d;
  };
  const check = (id: ThresholdId, metric: string, value: number | null, message: string, extra: Partial<Check> = {}): void => {
    const threshold = extra.threshold ?? thresholds[id];
    const v = value === null || Number.isNaN(value) ? null : value;
    checks.push({ id, metric, value: v, status: judge(v, threshold), threshold, message, ...extra });
  };

  check('rows', 'rows', rows, rows === 0 ? 'the data has no rows' : `${plural(rows, 'row')}`);

  // ------------------------------------------------------------------ columns
  const shapeScores: number[] = [];
  const columns: ColumnReport[] = plan.columns.map((column: ColumnPlan, c: number) => {
    const st = synCols[c] as ColumnState;
    const rs = refCols?.[c];
    const name = column.name;
    const kind = column.kind;
    const nonNull = rows - st.nulls;
    const distinct = distinctOf(st);
    if (rows > 0 && st.missing === rows) warnings.push(`column "${name}" never appears in the data`);
    else if (rows > 0 && st.nulls === rows) warnings.push(`column "${name}" is null in every row`);
    if (st.invalid > 0) {
      const what = kind === 'numerical' ? 'numbers' : kind === 'datetime' ? 'dates' : kind === 'boolean' ? 'true/false' : kind;
      warnings.push(
        `column "${name}": ${plural(st.invalid, 'value')} are not ${what} (e.g. ${st.invalidExamples.join(', ')}); they are left out of its statistics`,
      );
      check(
        'typeConsistency',
        `share of values that are ${what}`,
        nonNull === 0 ? null : 1 - st.invalid / nonNull,
        `${plural(st.invalid, 'value')} of ${thousands(nonNull)} are not ${what}`,
        { column: name },
      );
    }
    if (st.categories?.approximate)
      warnings.push(
        `column "${name}": more than ${thousands(plan.options.categoryCap)} distinct values; counts beyond the most frequent are estimates`,
      );

    // Null rate.
    const expectedRate = column.expect?.nullRate;
    if (expectedRate !== undefined && rows > 0) {
      const present = rows - st.missing;
      const rate = present === 0 ? NaN : (st.nulls - st.missing) / present;
      const sigma = present === 0 ? 0 : Math.sqrt((expectedRate * (1 - expectedRate)) / present);
      const base = thresholds.nullRate;
      const bounds = { direction: 'lower' as const, pass: Math.max(base.pass, 3 * sigma), warn: Math.max(base.warn, 5 * sigma, 3 * sigma) };
      check('nullRate', 'null rate vs x-nullRate', Math.abs(rate - expectedRate), `${pct(rate)} null (x-nullRate ${pct(expectedRate)})`, {
        column: name,
        expected: expectedRate,
        threshold: bounds,
      });
    } else if (rs && rows > 0 && ref!.rows > 0) {
      const p = rs.nulls / ref!.rows;
      const rate = st.nulls / rows;
      const sigma = Math.sqrt(p * (1 - p) * (1 / rows + 1 / ref!.rows));
      const base = thresholds.nullRate;
      const bounds = { direction: 'lower' as const, pass: Math.max(base.pass, 3 * sigma), warn: Math.max(base.warn, 5 * sigma, 3 * sigma) };
      check('nullRate', 'null rate vs the reference', Math.abs(rate - p), `${pct(rate)} null (reference ${pct(p)})`, {
        column: name,
        expected: p,
        threshold: bounds,
      });
    }

    // Uniqueness.
    const values = nonNull - st.invalid;
    if (column.expect?.unique === true && values > 0) {
      const ratio = Math.min(1, distinct.value / values);
      const base = thresholds.uniqueness;
      const slack = distinct.exact ? 0 : 3 * distinct.relativeError;
      const bounds = { direction: 'higher' as const, pass: base.pass - slack, warn: base.warn - slack };
      const duplicates = values - distinct.value;
      check(
        'uniqueness',
        'distinct share (x-unique)',
        ratio,
        distinct.exact
          ? duplicates === 0
            ? `all ${thousands(values)} values distinct`
            : `${plural(duplicates, 'duplicate')} among ${thousands(values)} values`
          : `about ${thousands(distinct.value)} distinct of ${thousands(values)} (HyperLogLog estimate, ±${pct(distinct.relativeError)})`,
        { column: name, expected: 1, threshold: bounds, ...(distinct.exact ? {} : { approximate: true }) },
      );
    }

    // Shape vs the reference.
    let shape: ColumnReport['shape'] = null;
    if (rs && isModelled(kind)) {
      if (isContinuous(kind)) {
        const exact = st.ksCounts !== null && rs.ksCounts !== null;
        const d = exact ? ksFromGrid(rs, st) : ksFromSketches(rs.sketch as KllSketch, st.sketch as KllSketch);
        shape = { metric: 'KSComplement', score: finite(1 - d), exact };
      } else {
        const real = categoryMaps(rs);
        const synthetic = categoryMaps(st);
        const score = tvComplementFromCounts(real.counts, synthetic.counts, synthetic.pruned);
        shape = { metric: 'TVComplement', score: finite(score), exact: synthetic.pruned === undefined };
      }
      shapeScores.push(shape.score ?? NaN);
      check(
        'columnShape',
        shape.metric,
        shape.score,
        shape.score === null ? 'not computable (no values on one side)' : `${shape.metric} ${shape.score.toFixed(3)}`,
        {
          column: name,
          ...(shape.exact ? {} : { approximate: true }),
        },
      );
    }

    // Boundary adherence.
    if (rs && isContinuous(kind) && rs.moments && rs.moments.n > 0 && st.moments && st.moments.n > 0) {
      let outside: number;
      if (st.ksCounts !== null) outside = (st.ksCounts[0] as number) + (st.ksCounts[st.ksCounts.length - 1] as number);
      else {
        const sk = st.sketch as KllSketch;
        outside = sk.rankBelow(rs.moments.min) + (sk.n - sk.rank(rs.moments.max));
      }
      const share = 1 - outside / st.moments.n;
      check('boundaryAdherence', 'BoundaryAdherence', share, `${pct(share)} of values within the reference's range`, {
        column: name,
        ...(st.ksCounts === null ? { approximate: true } : {}),
      });
    }

    // Declared distribution.
    const declared = column.expect?.distribution;
    const spread = st.distribution();
    if (declared && kind === 'numerical' && spread && spread.n > 0) {
      try {
        const d = ksAgainstCdf(spread, declaredCdf(declared));
        check(
          'distribution',
          `KS statistic vs x-distribution ${declared.spec.type}`,
          d,
          `D = ${d.toFixed(4)} against the declared ${declared.spec.type}`,
          {
            column: name,
            ...(spread.exact ? {} : { approximate: true }),
          },
        );
      } catch (error) {
        const message = error instanceof SdgError ? error.message : String(error);
        check('distribution', 'KS statistic vs x-distribution', null, `not computable: ${message}`, { column: name });
      }
    }

    // Categories and coverage.
    let categories: CategoryStats | null = null;
    if (st.categories) {
      const counter = st.categories;
      const expectedCats = column.categories ?? [];
      let coverage: CategoryStats['coverage'] = null;
      if (expectedCats.length > 0) {
        const missing: string[] = [];
        let covered = 0;
        expectedCats.forEach((key, i) => {
          if ((counter.knownCounts[i] as number) > 0) covered++;
          else if (missing.length < 10) missing.push(key);
        });
        coverage = { expected: expectedCats.length, covered, share: covered / expectedCats.length, missing };
        if (rows > 0)
          check(
            'categoryCoverage',
            'CategoryCoverage',
            coverage.share,
            `${covered} of ${expectedCats.length} expected categories appear${
              missing.length > 0
                ? ` (missing: ${missing
                    .slice(0, 3)
                    .map((m) => JSON.stringify(m))
                    .join(', ')}${missing.length > 3 ? ', …' : ''})`
                : ''
            }`,
            {
              column: name,
            },
          );
      }
      const { top, other } = topOf(st, plan.options.topK);
      categories = {
        top,
        other,
        exact: !counter.approximate,
        coverage,
        unexpected: expectedCats.length > 0 ? counter.otherTotal : null,
      };
    }

    let reference: ReferenceColumn | null = null;
    if (rs && ref) {
      reference = {
        rows: ref.rows,
        nullRate: ref.rows === 0 ? 0 : rs.nulls / ref.rows,
        distinct: distinctOf(rs).value,
        stats: numericStats(rs),
        top: rs.categories ? topOf(rs, plan.options.topK).top : null,
      };
    }

    return {
      name,
      kind,
      kindSource: column.kindSource,
      kindReason: column.kindReason,
      rows,
      nulls: st.nulls,
      missing: st.missing,
      nullRate: rows === 0 ? null : st.nulls / rows,
      types: st.typeCounts(),
      invalid: st.invalid,
      invalidExamples: [...st.invalidExamples],
      distinct: {
        count: distinct.value,
        exact: distinct.exact,
        ratio: nonNull - st.invalid > 0 ? Math.min(1, distinct.value / (nonNull - st.invalid)) : null,
        duplicates: distinct.exact && nonNull - st.invalid > 0 ? nonNull - st.invalid - distinct.value : null,
      },
      stats: numericStats(st),
      categories,
      shape,
      reference,
    };
  });

  const excluded: ExcludedColumn[] = plan.columns
    .filter((column) => !isModelled(column.kind))
    .map((column) => ({ column: column.name, kind: column.kind, reason: exclusionReason(column) }));

  // ------------------------------------------------------------------ pairs
  const modelled = plan.columns.map((col, c) => (isModelled(col.kind) ? c : -1)).filter((c) => c >= 0);
  const { store: synCo, a: pairA, b: pairB } = syn.coMoments();
  const pairIndex = new Map<string, number>();
  for (let p = 0; p < pairA.length; p++) pairIndex.set(`${pairA[p]},${pairB[p]}`, p);
  const pairs: PairReport[] = [];
  const pairScores: number[] = [];
  if (ref) {
    const refCo = ref.profiler.coMoments().store;
    const tableIndex = new Map(plan.contingency.map((t, i) => [`${t.a},${t.b}`, i]));
    const synTables = syn.jointTables();
    const refTables = ref.profiler.jointTables();
    for (let i = 0; i < modelled.length; i++) {
      for (let j = i + 1; j < modelled.length; j++) {
        const a = modelled[i] as number;
        const b = modelled[j] as number;
        const names: [string, string] = [plan.columns[a]!.name, plan.columns[b]!.name];
        let report: PairReport;
        if (isContinuous(plan.columns[a]!.kind) && isContinuous(plan.columns[b]!.kind)) {
          const p = pairIndex.get(`${a},${b}`) as number;
          const constant = [refCols![a], refCols![b], synCols[a], synCols[b]].some((st) => distinctOf(st as ColumnState).value === 1);
          const r = pearsonOf(refCo, p);
          const s = pearsonOf(synCo, p);
          const score = constant || Number.isNaN(r) || Number.isNaN(s) ? NaN : 1 - Math.abs(r - s) / 2;
          report = {
            columns: names,
            metric: 'CorrelationSimilarity',
            score: finite(score),
            real: constant ? null : finite(r),
            synthetic: constant ? null : finite(s),
          };
        } else {
          const t = tableIndex.get(`${a},${b}`) as number;
          const rt = refTables[t]!;
          const stb = synTables[t]!;
          let nR = rt.unmatched;
          let nS = stb.unmatched;
          for (let k = 0; k < rt.counts.length; k++) {
            nR += rt.counts[k] as number;
            nS += stb.counts[k] as number;
          }
          let score = NaN;
          if (nR > 0 && nS > 0) {
            let tv = rt.unmatched / nR + stb.unmatched / nS;
            for (let k = 0; k < rt.counts.length; k++) tv += Math.abs((rt.counts[k] as number) / nR - (stb.counts[k] as number) / nS);
            score = 1 - tv / 2;
          }
          report = { columns: names, metric: 'ContingencySimilarity', score: finite(score), real: null, synthetic: null };
        }
        pairs.push(report);
        pairScores.push(report.score ?? NaN);
        check(
          'pairTrend',
          report.metric,
          report.score,
          report.score === null ? 'not computable (a constant or empty column)' : `${report.metric} ${report.score.toFixed(3)}`,
          {
            columns: names,
          },
        );
      }
    }
  }

  // ------------------------------------------------------------------ correlations
  const continuous = plan.columns.map((col, c) => (isContinuous(col.kind) ? c : -1)).filter((c) => c >= 0);
  let correlations: CorrelationReport | null = null;
  const sampleRows = syn.rowSample().rows();
  if (continuous.length > 0) {
    const pearsonMatrix = (store: Float64Array, cols: readonly ColumnState[]): Array<Array<number | null>> =>
      continuous.map((a, i) =>
        continuous.map((b, j) => {
          if (i === j) return (cols[a]?.moments?.m2 ?? 0) > 0 ? 1 : null;
          const p = pairIndex.get(i < j ? `${a},${b}` : `${b},${a}`) as number;
          return finite(pearsonOf(store, p));
        }),
      );
    const diagonal = (cols: readonly ColumnState[]) => (i: number) => ((cols[continuous[i] as number]?.moments?.m2 ?? 0) > 0 ? 1 : null);
    const synSpearman = symmetric(
      spearmanMatrix(continuous, (c) => sampleRows.map((r) => r.values[c] ?? null)),
      diagonal(synCols),
    );
    const declared = plan.correlations.map((decl) => {
      const a = plan.columns.findIndex((col) => col.name === decl.columns[0]);
      const b = plan.columns.findIndex((col) => col.name === decl.columns[1]);
      const ia = continuous.indexOf(a);
      const ib = continuous.indexOf(b);
      const value = ia >= 0 && ib >= 0 && ia !== ib ? (synSpearman[ia]![ib] ?? null) : null;
      check(
        'correlation',
        'Spearman ρ vs x-correlations',
        value === null ? null : Math.abs(value - decl.rho),
        value === null
          ? `not computable (${ia < 0 || ib < 0 ? 'a column is not numerical' : 'constant column'})`
          : `ρ = ${value.toFixed(3)} (declared ${decl.rho})`,
        { columns: [decl.columns[0], decl.columns[1]], expected: decl.rho, ...(sampleRows.length < rows ? { approximate: true } : {}) },
      );
      return { columns: [decl.columns[0], decl.columns[1]] as [string, string], rho: decl.rho, spearman: value };
    });
    correlations = {
      columns: continuous.map((c) => plan.columns[c]!.name),
      pearson: pearsonMatrix(synCo, synCols),
      spearman: synSpearman,
      spearmanRows: sampleRows.length,
      spearmanExact: sampleRows.length === rows,
      reference: ref
        ? {
            pearson: pearsonMatrix(ref.profiler.coMoments().store, refCols!),
            spearman: symmetric(
              spearmanMatrix(continuous, (c) => ref.cells[c] ?? []),
              diagonal(refCols!),
            ),
          }
        : null,
      declared,
    };
    if (sampleRows.length < rows)
      notes.push(
        `Spearman correlations of the data come from a uniform sample of ${thousands(sampleRows.length)} of ${thousands(rows)} rows`,
      );
  }

  // ------------------------------------------------------------------ privacy
  let privacy: PrivacyReport | null = null;
  if (ref && modelled.length > 0) {
    const copies = syn.exactCopies() ?? { checked: 0, exact: 0 };
    const m = Math.min(input.privacySampleSize ?? DEFAULT_PRIVACY_SAMPLE, sampleRows.length);
    const sample = sampleRows.slice(0, m).map((r) => r.values);
    const kinds = plan.columns.map((col) => col.kind);
    const nrs = m > 0 ? newRowSynthesisOnSample({ kinds, modelled }, ref.cells, ref.rows, sample) : null;
    const refIndexes = sampleReferenceRows(ref.cells, ref.rows, 10_000, plan.options.seed);
    const baselineIndexes = sampleReferenceRows(ref.cells, ref.rows, m, plan.options.seed + 1);
    const dcr = m > 0 ? distanceToClosestRecord({ kinds, modelled }, ref.cells, refIndexes, baselineIndexes, sample) : null;
    const rate = copies.checked === 0 ? null : copies.exact / copies.checked;
    privacy = {
      rowsChecked: copies.checked,
      exactCopies: copies.exact,
      exactCopyRate: rate,
      newRowSynthesis: nrs ? { score: finite(nrs.score), sampleRows: nrs.sampleRows, matched: nrs.matched } : null,
      dcr,
    };
    check(
      'exactCopyRate',
      'exact copies of reference rows',
      rate,
      rate === null ? 'no rows' : `${plural(copies.exact, 'row')} of ${thousands(copies.checked)} copy a reference row`,
    );
    if (nrs)
      check(
        'newRowSynthesis',
        'NewRowSynthesis',
        nrs.score,
        `${plural(nrs.matched, 'row')} of ${thousands(nrs.sampleRows)} sampled match a reference row (numbers within 1%)`,
        {
          ...(nrs.sampleRows < rows ? { approximate: true } : {}),
        },
      );
    if (dcr)
      check(
        'dcrRatio',
        'distance to closest record ÷ reference baseline',
        dcr.ratio,
        dcr.ratio === null
          ? 'not computable (the reference rows have duplicates at median distance 0)'
          : `median DCR ${dcr.median.toFixed(4)} vs reference ${dcr.baselineMedian.toFixed(4)}`,
        { ...(dcr.sampleRows < rows ? { approximate: true } : {}) },
      );
  }

  // ------------------------------------------------------------------ validity
  let validity: ValidityReport | null = null;
  const vs = syn.validityState();
  if (vs) {
    const rate = vs.error !== undefined || vs.checked === 0 ? null : vs.valid / vs.checked;
    validity = {
      checked: vs.checked,
      valid: vs.valid,
      invalid: vs.checked - vs.valid,
      rate,
      examples: vs.examples.map((e) => ({ ...e })),
      ...(vs.error === undefined ? {} : { error: vs.error }),
    };
    check(
      'validity',
      'rows valid against the schema',
      rate,
      vs.error ??
        `${plural(vs.valid, 'row')} of ${thousands(vs.checked)} valid${vs.examples[0] ? `; row ${vs.examples[0].row}: ${vs.examples[0].message}` : ''}`,
    );
  }

  // ------------------------------------------------------------------ summary
  const columnShapes = ref ? finite(nanMean(shapeScores)) : null;
  const columnPairTrends = ref ? finite(nanMean(pairScores)) : null;
  const quality = ref ? finite(nanMean([columnShapes ?? NaN, columnPairTrends ?? NaN])) : null;
  if (ref) {
    check(
      'quality',
      'quality (mean of column shapes and column pair trends)',
      quality,
      quality === null ? 'no modelled columns to score' : `quality ${quality.toFixed(3)}`,
    );
    check(
      'columnShapes',
      'column shapes (mean KSComplement / TVComplement)',
      columnShapes,
      columnShapes === null ? 'no modelled columns' : `column shapes ${columnShapes.toFixed(3)}`,
    );
    check(
      'columnPairTrends',
      'column pair trends (mean CorrelationSimilarity / ContingencySimilarity)',
      columnPairTrends,
      columnPairTrends === null
        ? modelled.length < 2
          ? 'fewer than two modelled columns: no pairs'
          : 'no pair could be scored'
        : `column pair trends ${columnPairTrends.toFixed(3)}`,
    );
    if (modelled.length === 0) warnings.push('no numerical, datetime, categorical or boolean column to compare with the reference');
    else if (modelled.length === 1) notes.push('one modelled column: no column pairs, so quality is the column shape score');
  }
  const inexact = plan.columns.filter((_, c) => columns[c]!.stats !== null && !columns[c]!.stats!.quantilesExact);
  if (inexact.some((col) => col.ksGrid === undefined))
    notes.push(`quantiles estimated with a KLL sketch (k = ${plan.options.sketchK}; rank error below 1%)`);
  if (inexact.some((col) => col.ksGrid !== undefined))
    notes.push(
      "quantiles of columns compared with a reference: exact ranks along the reference's distinct values, interpolated between two of them",
    );
  if (columns.some((c) => !c.distinct.exact))
    notes.push(`distinct counts above the exact cap estimated with HyperLogLog (±0.8% standard error)`);

  const counts = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const c of checks) counts[c.status]++;
  return {
    reportVersion: REPORT_VERSION,
    status: worst(checks.map((c) => c.status)),
    rows,
    reference: ref ? { rows: ref.rows } : null,
    summary: {
      quality,
      columnShapes,
      columnPairTrends,
      validity: validity?.rate ?? null,
      exactCopyRate: privacy?.exactCopyRate ?? null,
      checks: counts,
    },
    columns,
    excluded,
    pairs,
    correlations,
    privacy,
    validity,
    checks,
    thresholds,
    warnings,
    notes,
  };
}
