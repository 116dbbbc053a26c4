/**
 * The Gaussian copula over normal scores (after SDV's GaussianCopula): every modelled dimension — a column's
 * values, or its missingness indicator — is a partition of [0, 1) into intervals (distinct values in order,
 * categories in copula order, missing/present); a row's score is Φ⁻¹ of the midpoint of its interval.
 *
 * Correlations: two continuous dimensions (many small intervals) use the Pearson correlation of their scores.
 * When either is discrete (few or large intervals), the Pearson correlation of midpoint scores understates
 * the latent one, so the latent ρ is solved for: the ρ under which the bivariate normal, cut at the same
 * points, gives the observed correlation of scores (a polychoric/polyserial estimate; exact for 2×2 tables).
 * Fine partitions are coarsened to at most 16 intervals for this. The matrix is repaired to positive
 * definite at the end.
 */
import { bivariateNormalGrid, normalCdf, normalQuantile, pearson, repairCorrelation, type Matrix } from './stats.js';

/** One dimension: per-row scores (NaN where undefined) and its partition of [0, 1). */
export interface Dimension {
  readonly scores: Float64Array;
  /** Upper ends of the intervals in u (ascending, the last is 1). */
  readonly uppers: readonly number[];
  /** Interval index per row (-1 where undefined). */
  readonly interval: Int32Array;
}

/** Interval uppers and per-row interval indices from per-row ordinal keys (-1: undefined) with `k` levels. */
export function dimensionFromLevels(levels: Int32Array, k: number): Dimension {
  const counts = new Float64Array(k);
  let total = 0;
  for (const level of levels) {
    if (level >= 0) {
      counts[level] = (counts[level] as number) + 1;
      total++;
    }
  }
  const uppers: number[] = [];
  const mids: number[] = [];
  let cumulative = 0;
  for (let j = 0; j < k; j++) {
    const lower = cumulative / total;
    cumulative += counts[j] as number;
    const upper = cumulative / total;
    uppers.push(upper);
    mids.push(normalQuantile(clampU((lower + upper) / 2)));
  }
  uppers[k - 1] = 1;
  const scores = new Float64Array(levels.length);
  levels.forEach((level, i) => (scores[i] = level >= 0 ? (mids[level] as number) : NaN));
  return { scores, uppers, interval: levels };
}

export function clampU(u: number): number {
  return Math.min(1 - 1e-9, Math.max(1e-9, u));
}

/** Intervals small and many enough that scores are as good as continuous. */
function isContinuous(dim: Dimension): boolean {
  if (dim.uppers.length < 30) return false;
  let lower = 0;
  for (const upper of dim.uppers) {
    if (upper - lower > 0.04) return false;
    lower = upper;
  }
  return true;
}

interface Coarse {
  /** Interval index → coarse group. */
  readonly group: Int32Array;
  /** z-values of the cut points between groups (ascending, finite). */
  readonly cuts: number[];
  /** Midpoint score per group and probability per group. */
  readonly scores: number[];
  readonly probs: number[];
}

const MAX_GROUPS = 16;

function coarsen(dim: Dimension): Coarse {
  const k = dim.uppers.length;
  const group = new Int32Array(k);
  const bounds: number[] = [];
  let groupStart = 0;
  let g = 0;
  const target = 1 / MAX_GROUPS;
  for (let j = 0; j < k; j++) {
    const upper = dim.uppers[j] as number;
    const nextWidth = j + 1 < k ? (dim.uppers[j + 1] as number) - upper : 0;
    group[j] = g;
    const width = upper - groupStart;
    // Close the group when it holds enough mass, or when the next interval is itself large.
    if (j === k - 1 || width >= target * 0.8 || nextWidth >= target) {
      bounds.push(upper);
      groupStart = upper;
      g++;
    }
  }
  const cuts: number[] = [];
  const scores: number[] = [];
  const probs: number[] = [];
  let prev = 0;
  for (const upper of bounds) {
    probs.push(upper - prev);
    scores.push(normalQuantile(clampU((prev + upper) / 2)));
    if (upper < 1) cuts.push(normalQuantile(clampU(upper)));
    prev = upper;
  }
  return { group, cuts, scores, probs };
}

function moments(c: Coarse): { mean: number; sd: number } {
  let mean = 0;
  let square = 0;
  c.probs.forEach((p, i) => {
    mean += p * (c.scores[i] as number);
    square += p * (c.scores[i] as number) ** 2;
  });
  return { mean, sd: Math.sqrt(Math.max(1e-12, square - mean * mean)) };
}

function bivariateDensity(h: number, k: number, rho: number): number {
  const one = 1 - rho * rho;
  return Math.exp(-(h * h - 2 * rho * h * k + k * k) / (2 * one)) / (2 * Math.PI * Math.sqrt(one));
}

/**
 * Latent correlation of two coarse partitions whose midpoint scores correlate `observed`: Newton on
 * Cov(ρ) = Σ Δa Δb (Φ2(ca, cb; ρ) − Φ(ca)Φ(cb)), bracketed by bisection.
 */
function latentCorrelation(a: Coarse, b: Coarse, observed: number): number {
  const da = a.cuts.map((_, i) => (a.scores[i + 1] as number) - (a.scores[i] as number));
  const db = b.cuts.map((_, i) => (b.scores[i + 1] as number) - (b.scores[i] as number));
  const pa = a.cuts.map((c) => normalCdf(c));
  const pb = b.cuts.map((c) => normalCdf(c));
  const target = observed * moments(a).sd * moments(b).sd;
  const kb = b.cuts.length;
  const cov = (rho: number): number => {
    const grid = bivariateNormalGrid(a.cuts, b.cuts, rho);
    let sum = 0;
    for (let i = 0; i < a.cuts.length; i++) {
      let inner = 0;
      for (let j = 0; j < kb; j++) inner += (db[j] as number) * ((grid[i * kb + j] as number) - (pa[i] as number) * (pb[j] as number));
      sum += (da[i] as number) * inner;
    }
    return sum;
  };
  const slope = (rho: number): number => {
    let sum = 0;
    for (let i = 0; i < a.cuts.length; i++) {
      let inner = 0;
      for (let j = 0; j < b.cuts.length; j++) inner += (db[j] as number) * bivariateDensity(a.cuts[i] as number, b.cuts[j] as number, rho);
      sum += (da[i] as number) * inner;
    }
    return sum;
  };
  // Newton from the observed value (the latent one is larger in size), kept inside a shrinking bracket; a
  // target beyond reach drives ρ to the bracket's end.
  let lo = -0.999;
  let hi = 0.999;
  let rho = Math.max(lo, Math.min(hi, observed));
  const tolerance = 1e-6 * Math.max(1e-3, Math.abs(target));
  for (let iteration = 0; iteration < 30; iteration++) {
    const f = cov(rho) - target;
    if (Math.abs(f) < tolerance) break;
    if (f > 0) hi = rho;
    else lo = rho;
    const d = slope(rho);
    let next = d > 1e-12 ? rho - f / d : (lo + hi) / 2;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - rho) < 1e-6 || hi - lo < 1e-6) {
      rho = next;
      break;
    }
    rho = next;
  }
  return rho;
}

export interface CopulaFit {
  readonly correlation: Matrix;
  /** The pairwise estimates were not a valid correlation matrix and had to be repaired. */
  readonly repaired: boolean;
}

/** Pairs of dimensions that must stay uncorrelated (a column's value and its own missingness). */
export function fitCopula(dims: readonly Dimension[], independent: ReadonlySet<string> = new Set()): CopulaFit {
  const d = dims.length;
  const matrix: Matrix = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j): number => (i === j ? 1 : 0)));
  const continuous = dims.map(isContinuous);
  const coarse: Array<Coarse | undefined> = dims.map(() => undefined);
  const coarseOf = (i: number): Coarse => (coarse[i] ??= coarsen(dims[i] as Dimension));
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      if (independent.has(`${i},${j}`)) continue;
      const a = dims[i] as Dimension;
      const b = dims[j] as Dimension;
      let rho: number | undefined;
      if (continuous[i] && continuous[j]) rho = pearson(a.scores, b.scores);
      else {
        const ca = coarseOf(i);
        const cb = coarseOf(j);
        if (ca.cuts.length === 0 || cb.cuts.length === 0) continue;
        // Observed correlation of the coarse midpoint scores over the rows where both are defined.
        const sa = new Float64Array(a.scores.length);
        const sb = new Float64Array(b.scores.length);
        for (let r = 0; r < sa.length; r++) {
          const ia = a.interval[r] as number;
          const ib = b.interval[r] as number;
          sa[r] = ia < 0 ? NaN : (ca.scores[ca.group[ia] as number] as number);
          sb[r] = ib < 0 ? NaN : (cb.scores[cb.group[ib] as number] as number);
        }
        const observed = pearson(sa, sb);
        if (observed !== undefined) rho = latentCorrelation(ca, cb, observed);
      }
      if (rho === undefined || !Number.isFinite(rho)) continue;
      matrix[i]![j] = rho;
      matrix[j]![i] = rho;
    }
  }
  const repairedMatrix = repairCorrelation(matrix);
  const repaired = repairedMatrix.some((row, i) => row.some((v, j) => Math.abs(v - (matrix[i]![j] as number)) > 1e-9));
  return { correlation: repairedMatrix, repaired };
}
