/**
 * Histogram bin edges from what a profile knows about a column — its min, max, count and quartiles — since the
 * values themselves are gone (the counts per bin then come from the column's quantile sketch).
 *
 * Numbers: the Freedman–Diaconis width 2·IQR·n^(−1/3) (Sturges' rule when the IQR is 0), rounded up to a
 * "nice" step (1, 2, 2.5 or 5 × 10^k) so edges read well on an axis, between MIN_BINS and MAX_BINS bins.
 * Integers get whole steps, and with a step of 1 the bins are centred on the integers.
 * Datetimes: a calendar step (seconds … years) giving at most MAX_BINS bins, aligned to the unit (days at
 * midnight UTC, weeks on Mondays, months on the 1st).
 */

export const MIN_BINS = 5;
export const MAX_BINS = 40;

const NICE = [1, 2, 2.5, 5, 10];

/** The smallest nice step (1, 2, 2.5, 5 × 10^k) ≥ raw. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of NICE) {
    const step = m * power;
    // Rounding in log10/pow can land a hair under raw for exact powers of ten.
    if (step >= raw * (1 - 1e-12)) return step;
  }
  return 10 * power;
}

/** k · step without its float noise (0.30000000000000004 → 0.3): rounded to a tenth of the step's last digit. */
function edgeAt(k: number, step: number): number {
  const decimals = Math.min(100, Math.max(0, Math.ceil(-Math.log10(step)) + 1));
  return Number((k * step).toFixed(decimals));
}

export interface NumericBinInput {
  readonly min: number;
  readonly max: number;
  /** Values the bins will hold. */
  readonly count: number;
  /** Interquartile range (p75 − p25); NaN when unknown. */
  readonly iqr: number;
  /** Every value is an integer. */
  readonly integer: boolean;
}

/** Bin edges e₀ < e₁ < … < e_k with e₀ ≤ min and e_k ≥ max (the last bin closed). Needs min < max. */
export function numericBinEdges({ min, max, count, iqr, integer }: NumericBinInput): number[] {
  const span = max - min;
  if (!Number.isFinite(span)) {
    // Beyond ±1.8e308 apart: equal widths from min, computed so nothing overflows.
    return Array.from({ length: MAX_BINS + 1 }, (_, i) => (i === MAX_BINS ? max : min * (1 - i / MAX_BINS) + max * (i / MAX_BINS)));
  }
  const sturges = Math.ceil(Math.log2(Math.max(1, count)) + 1);
  let bins = iqr > 0 && Number.isFinite(iqr) ? Math.ceil((span * Math.cbrt(Math.max(1, count))) / (2 * iqr)) : sturges;
  bins = Math.min(MAX_BINS, Math.max(MIN_BINS, bins));
  let step = niceStep(span / bins);
  if (integer) {
    step = Math.max(1, Math.ceil(step));
    if (step === 1 && span + 1 <= MAX_BINS && Math.abs(min) < 2 ** 52) {
      // One bin per integer, centred on it.
      const edges: number[] = [];
      for (let v = min - 0.5; v <= max + 0.5; v++) edges.push(v);
      return edges;
    }
  }
  if (Math.abs(min / step) > 2 ** 52 || Math.abs(max / step) > 2 ** 52) {
    // The step is below the precision of the values themselves (a tiny spread far from zero): equal
    // widths between the ends, as many as the doubles in between allow.
    const edges = [min];
    for (let i = 1; i < bins; i++) {
      const edge = min + (span * i) / bins;
      if (edge > (edges[edges.length - 1] as number) && edge < max) edges.push(edge);
    }
    edges.push(max);
    return edges;
  }
  // A nice step can still give more than MAX_BINS bins once the ends are rounded out: widen it.
  for (;;) {
    const first = Math.floor(min / step);
    const last = Math.max(first + 1, Math.ceil(max / step));
    if (last - first <= MAX_BINS) {
      const edges: number[] = [];
      for (let i = first; i <= last; i++) edges.push(edgeAt(i, step));
      // Rounding (or a denormal min/step flushing to 0) can leave an end a hair inside the range.
      if ((edges[0] as number) > min) edges[0] = min;
      if ((edges[edges.length - 1] as number) < max) edges[edges.length - 1] = max;
      return edges;
    }
    step = niceStep(step * 1.0001);
  }
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** 1970-01-01 was a Thursday: Mondays fall 4 days after the epoch, modulo a week. */
const MONDAY = 4 * DAY;

export type TimeUnit = 'millisecond' | 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

interface TimeStep {
  readonly unit: TimeUnit;
  readonly every: number;
  /** Approximate length in ms (exact below a month). */
  readonly ms: number;
}

const TIME_STEPS: readonly TimeStep[] = [
  ...[1, 2, 5, 10, 15, 30].map((every) => ({ unit: 'second' as const, every, ms: every * SECOND })),
  ...[1, 2, 5, 10, 15, 30].map((every) => ({ unit: 'minute' as const, every, ms: every * MINUTE })),
  ...[1, 2, 3, 6, 12].map((every) => ({ unit: 'hour' as const, every, ms: every * HOUR })),
  ...[1, 2].map((every) => ({ unit: 'day' as const, every, ms: every * DAY })),
  { unit: 'week', every: 1, ms: WEEK },
  ...[1, 2, 3, 6].map((every) => ({ unit: 'month' as const, every, ms: every * 30.44 * DAY })),
  ...[1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000].map((every) => ({ unit: 'year' as const, every, ms: every * 365.25 * DAY })),
];

/** Most bins a time step may give before the next larger one is taken (calendar alignment adds up to two). */
const TIME_BINS = 30;

export interface TimeBins {
  readonly edges: number[];
  readonly unit: TimeUnit;
  readonly every: number;
}

/** Midnight UTC on the 1st of a month (months past 11 roll into later years; any year, even 0–99). */
function utcMonthStart(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 1);
  return date.getTime();
}

/** Calendar-aligned bin edges (epoch ms, UTC) covering [min, max]. Needs min < max. */
export function timeBinEdges(min: number, max: number): TimeBins {
  const span = max - min;
  const step = TIME_STEPS.find((s) => span / s.ms <= TIME_BINS);
  if (step === undefined || span < SECOND) {
    // Sub-second spans or beyond a million years: plain nice milliseconds.
    const ms = niceStep(span / 20);
    if (Math.abs(min / ms) > 2 ** 52) return { edges: [min, max], unit: 'millisecond', every: span };
    const first = Math.floor(min / ms);
    const last = Math.max(first + 1, Math.ceil(max / ms));
    const edges: number[] = [];
    for (let i = first; i <= last; i++) edges.push(i * ms);
    return { edges, unit: span < SECOND ? 'millisecond' : 'year', every: span < SECOND ? ms : Math.round(ms / (365.25 * DAY)) };
  }
  const edges: number[] = [];
  if (step.unit === 'month' || step.unit === 'year') {
    const start = new Date(min);
    const months = step.unit === 'month' ? step.every : 12 * step.every;
    let year = start.getUTCFullYear();
    let month = step.unit === 'month' ? Math.floor(start.getUTCMonth() / months) * months : 0;
    if (step.unit === 'year') year = Math.floor(year / step.every) * step.every;
    for (;;) {
      const edge = utcMonthStart(year, month);
      edges.push(edge);
      if (edge > max || (edges.length > 1 && edge === max)) break;
      month += months;
    }
    return { edges, unit: step.unit, every: step.every };
  }
  const offset = step.unit === 'week' ? MONDAY : 0;
  const first = Math.floor((min - offset) / step.ms);
  const last = Math.max(first + 1, Math.ceil((max - offset) / step.ms));
  for (let i = first; i <= last; i++) edges.push(i * step.ms + offset);
  return { edges, unit: step.unit, every: step.every };
}
