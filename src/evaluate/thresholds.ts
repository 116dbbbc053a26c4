/**
 * Verdicts. Every check has a value and a threshold: for "higher is better" metrics the value passes at or
 * above `pass`, warns at or above `warn`, fails below; for "lower is better" ones the other way round. A value
 * that cannot be computed (a constant column, an empty side) is `skip` and does not count. The report's
 * status is the worst verdict. A request overrides any threshold, e.g. `{quality: {pass: 0.9}}`.
 */
import { SdgError } from '../core/errors.js';
import { isPlainObject } from '../core/types.js';

export type Status = 'pass' | 'warn' | 'fail' | 'skip';
export type Direction = 'higher' | 'lower';

export interface Threshold {
  readonly direction: Direction;
  readonly pass: number;
  readonly warn: number;
}

export const DEFAULT_THRESHOLDS = {
  /** Rows in the data (an empty data set fails). */
  rows: { direction: 'higher', pass: 1, warn: 1 },
  /** SDMetrics-style overall quality: mean of column shapes and column pair trends. */
  quality: { direction: 'higher', pass: 0.8, warn: 0.6 },
  columnShapes: { direction: 'higher', pass: 0.8, warn: 0.6 },
  columnPairTrends: { direction: 'higher', pass: 0.8, warn: 0.6 },
  /** One column's KSComplement or TVComplement. */
  columnShape: { direction: 'higher', pass: 0.7, warn: 0.5 },
  /** One pair's CorrelationSimilarity or ContingencySimilarity. */
  pairTrend: { direction: 'higher', pass: 0.7, warn: 0.5 },
  /** Share of rows valid against the schema. */
  validity: { direction: 'higher', pass: 1, warn: 0.99 },
  /** |null rate − expected| (x-nullRate or the reference's), widened to 3σ / 5σ of sampling noise. */
  nullRate: { direction: 'lower', pass: 0.02, warn: 0.05 },
  /** Distinct share of the non-null values of an `x-unique` column. */
  uniqueness: { direction: 'higher', pass: 1, warn: 0.999 },
  /** Share of the expected categories (reference and enum) that appear. */
  categoryCoverage: { direction: 'higher', pass: 0.9, warn: 0.5 },
  /** Share of values within the reference's min…max (SDMetrics BoundaryAdherence). */
  boundaryAdherence: { direction: 'higher', pass: 0.95, warn: 0.8 },
  /** One-sample KS statistic against the declared x-distribution. */
  distribution: { direction: 'lower', pass: 0.05, warn: 0.1 },
  /** |Spearman ρ − declared x-correlations ρ|. */
  correlation: { direction: 'lower', pass: 0.1, warn: 0.2 },
  /** Share of non-null values that fit the column's kind (numbers in a numerical column, …). */
  typeConsistency: { direction: 'higher', pass: 0.999, warn: 0.95 },
  /** Share of rows equal to a reference row (all modelled columns). */
  exactCopyRate: { direction: 'lower', pass: 0, warn: 0.01 },
  /**
   * SDMetrics NewRowSynthesis on the row sample: share of rows matching no reference row (numbers within 1%).
   * Lenient: with few columns, new rows often land within 1% of some real row; exactCopyRate is the strict one.
   */
  newRowSynthesis: { direction: 'higher', pass: 0.8, warn: 0.5 },
  /** Median distance to the closest reference row ÷ the reference's own median nearest-neighbour distance. */
  dcrRatio: { direction: 'higher', pass: 0.5, warn: 0.2 },
} as const satisfies Record<string, Threshold>;

export type ThresholdId = keyof typeof DEFAULT_THRESHOLDS;
export type Thresholds = Record<ThresholdId, Threshold>;
export type ThresholdOverrides = Partial<Record<ThresholdId, Partial<Pick<Threshold, 'pass' | 'warn'>>>>;

export const THRESHOLD_IDS = Object.keys(DEFAULT_THRESHOLDS) as ThresholdId[];

/** The default thresholds with a request's overrides, checked: unknown names and inverted bounds are errors. */
export function resolveThresholds(overrides: unknown = {}): Thresholds {
  if (overrides === undefined || overrides === null) overrides = {};
  if (!isPlainObject(overrides)) {
    throw new SdgError('SDG_ERR_BAD_OPTION', 'thresholds must be an object such as {"quality": {"pass": 0.9, "warn": 0.7}}', {
      pointer: '/thresholds',
    });
  }
  const out = { ...DEFAULT_THRESHOLDS } as Record<ThresholdId, Threshold>;
  for (const [id, value] of Object.entries(overrides)) {
    const pointer = `/thresholds/${id}`;
    if (!(id in DEFAULT_THRESHOLDS)) {
      throw new SdgError('SDG_ERR_BAD_OPTION', `unknown threshold "${id}"`, { pointer, hint: `use one of ${THRESHOLD_IDS.join(', ')}` });
    }
    if (!isPlainObject(value))
      throw new SdgError('SDG_ERR_BAD_OPTION', `threshold "${id}" must be an object with "pass" and/or "warn"`, { pointer });
    const base = DEFAULT_THRESHOLDS[id as ThresholdId];
    for (const key of Object.keys(value)) {
      if (key !== 'pass' && key !== 'warn')
        throw new SdgError('SDG_ERR_BAD_OPTION', `threshold "${id}" has an unknown field "${key}"`, {
          pointer: `${pointer}/${key}`,
          hint: 'use "pass" and "warn"',
        });
      const v = value[key];
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new SdgError('SDG_ERR_BAD_OPTION', `threshold "${id}.${key}" must be a number`, { pointer: `${pointer}/${key}` });
    }
    const pass = typeof value.pass === 'number' ? value.pass : base.pass;
    // Moving only `pass` past the default `warn` drags `warn` along (no warn band left).
    const warn =
      typeof value.warn === 'number' ? value.warn : base.direction === 'higher' ? Math.min(base.warn, pass) : Math.max(base.warn, pass);
    if (base.direction === 'higher' ? warn > pass : warn < pass) {
      throw new SdgError(
        'SDG_ERR_BAD_OPTION',
        `threshold "${id}": warn (${warn}) must be ${base.direction === 'higher' ? 'at most' : 'at least'} pass (${pass}) — ${base.direction === 'higher' ? 'higher' : 'lower'} values are better`,
        { pointer },
      );
    }
    out[id as ThresholdId] = { direction: base.direction, pass, warn };
  }
  return out;
}

/** The verdict for a value (NaN or null: skip). */
export function judge(value: number | null, threshold: Threshold): Status {
  if (value === null || Number.isNaN(value)) return 'skip';
  if (threshold.direction === 'higher') return value >= threshold.pass ? 'pass' : value >= threshold.warn ? 'warn' : 'fail';
  return value <= threshold.pass ? 'pass' : value <= threshold.warn ? 'warn' : 'fail';
}

const ORDER: Record<Status, number> = { skip: 0, pass: 1, warn: 2, fail: 3 };

/** The worst of several verdicts (`pass` when there are none). */
export function worst(statuses: Iterable<Status>): 'pass' | 'warn' | 'fail' {
  let out: Status = 'pass';
  for (const s of statuses) if (ORDER[s] > ORDER[out]) out = s;
  return out === 'skip' ? 'pass' : out;
}
