/**
 * Numbers: bounds, multipleOf and `x-distribution`, as quantile functions.
 *
 * Every numeric generator maps a uniform u ∈ [0, 1) to a value, so the Gaussian copula behind
 * `x-correlations` can hand in a correlated u and get the declared marginal unchanged.
 */
import { SdgError } from '../core/errors.js';

export type DistributionSpec =
  | { type: 'uniform' }
  | { type: 'normal'; mean?: number; sd?: number }
  | { type: 'lognormal'; mu?: number; sigma?: number }
  | { type: 'exponential'; rate?: number }
  | { type: 'poisson'; lambda?: number }
  | { type: 'zipf'; s?: number; n?: number }
  | { type: 'empirical'; quantiles: number[] };

export const DISTRIBUTION_TYPES = ['uniform', 'normal', 'lognormal', 'exponential', 'poisson', 'zipf', 'empirical'] as const;

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf; |error| < 1.5e-7, ample for sampling). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return (
      -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** A distribution as (cdf, quantile) over the real line; discrete ones step. */
export interface Distribution {
  cdf(x: number): number;
  quantile(p: number): number;
  readonly discrete: boolean;
}

function poissonDistribution(lambda: number): Distribution {
  // The table covers all but ~1e-12 of the mass; beyond it the tail is clamped.
  const limit = Math.ceil(lambda + 12 * Math.sqrt(lambda) + 20);
  const cumulative: number[] = [];
  let term = Math.exp(-lambda);
  let logTerm = -lambda;
  let sum = 0;
  for (let k = 0; k <= limit; k++) {
    if (k > 0) {
      logTerm += Math.log(lambda) - Math.log(k);
      term = Math.exp(logTerm);
    }
    sum += term;
    cumulative.push(sum);
  }
  return {
    discrete: true,
    cdf: (x) => (x < 0 ? 0 : x >= limit ? 1 : (cumulative[Math.floor(x)] as number)),
    quantile: (p) => {
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((cumulative[mid] as number) < p) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
  };
}

function zipfDistribution(s: number, n: number): Distribution {
  // Ranks 1..n; beyond a million ranks the harmonic sums are approximated by their integral tail.
  const exact = Math.min(n, 1_000_000);
  const cumulative = new Float64Array(exact);
  let sum = 0;
  for (let k = 1; k <= exact; k++) {
    sum += Math.pow(k, -s);
    cumulative[k - 1] = sum;
  }
  for (let i = 0; i < exact; i++) cumulative[i] = (cumulative[i] as number) / sum;
  return {
    discrete: true,
    cdf: (x) => (x < 1 ? 0 : x >= exact ? 1 : (cumulative[Math.floor(x) - 1] as number)),
    quantile: (p) => {
      let lo = 0;
      let hi = exact - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((cumulative[mid] as number) < p) lo = mid + 1;
        else hi = mid;
      }
      return lo + 1;
    },
  };
}

function empiricalDistribution(quantiles: number[]): Distribution {
  // Piecewise-linear interpolation between equally spaced quantiles (what `infer` fits).
  const q = quantiles.slice().sort((a, b) => a - b);
  const m = q.length - 1;
  return {
    discrete: false,
    cdf: (x) => {
      if (m < 1) return x < (q[0] ?? 0) ? 0 : 1;
      if (x <= q[0]!) return 0;
      if (x >= q[m]!) return 1;
      let i = 0;
      while (i < m && q[i + 1]! < x) i++;
      const span = q[i + 1]! - q[i]!;
      return (i + (span === 0 ? 1 : (x - q[i]!) / span)) / m;
    },
    quantile: (p) => {
      if (m < 1) return q[0] ?? 0;
      const pos = p * m;
      const i = Math.min(m - 1, Math.floor(pos));
      return q[i]! + (q[i + 1]! - q[i]!) * (pos - i);
    },
  };
}

/** Builds a distribution from its spec, defaulting parameters from the bounds where that is natural. */
export function makeDistribution(spec: DistributionSpec, lo: number, hi: number, pointer: string): Distribution {
  const finiteLo = Number.isFinite(lo) ? lo : undefined;
  const finiteHi = Number.isFinite(hi) ? hi : undefined;
  const need = (value: number, name: string): number => {
    if (!Number.isFinite(value) || value <= 0) {
      throw new SdgError('SDG_ERR_INVALID_SCHEMA', `x-distribution ${spec.type}: ${name} must be a positive number`, {
        pointer,
        hint: `set ${name} to a number > 0`,
      });
    }
    return value;
  };
  switch (spec.type) {
    case 'uniform': {
      const a = finiteLo ?? (finiteHi !== undefined ? finiteHi - 1000 : 0);
      const b = finiteHi ?? a + 1000;
      return { discrete: false, cdf: (x) => (x <= a ? 0 : x >= b ? 1 : (x - a) / (b - a)), quantile: (p) => a + p * (b - a) };
    }
    case 'normal': {
      const mean =
        spec.mean ?? (finiteLo !== undefined && finiteHi !== undefined ? (finiteLo + finiteHi) / 2 : (finiteLo ?? finiteHi ?? 0));
      const sd = need(spec.sd ?? (finiteLo !== undefined && finiteHi !== undefined ? (finiteHi - finiteLo) / 6 : 1), 'sd');
      return { discrete: false, cdf: (x) => normalCdf((x - mean) / sd), quantile: (p) => mean + sd * normalQuantile(p) };
    }
    case 'lognormal': {
      const mu = spec.mu ?? 0;
      const sigma = need(spec.sigma ?? 1, 'sigma');
      return {
        discrete: false,
        cdf: (x) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma)),
        quantile: (p) => Math.exp(mu + sigma * normalQuantile(p)),
      };
    }
    case 'exponential': {
      const rate = need(spec.rate ?? 1, 'rate');
      return { discrete: false, cdf: (x) => (x <= 0 ? 0 : 1 - Math.exp(-rate * x)), quantile: (p) => -Math.log(1 - p) / rate };
    }
    case 'poisson':
      return poissonDistribution(need(spec.lambda ?? 4, 'lambda'));
    case 'zipf': {
      const n = Math.floor(spec.n ?? (finiteHi !== undefined ? Math.max(1, finiteHi) : 1000));
      return zipfDistribution(need(spec.s ?? 1.1, 's'), Math.max(1, n));
    }
    case 'empirical':
      if (!Array.isArray(spec.quantiles) || spec.quantiles.length === 0 || !spec.quantiles.every(Number.isFinite)) {
        throw new SdgError('SDG_ERR_INVALID_SCHEMA', 'x-distribution empirical: quantiles must be a non-empty array of numbers', {
          pointer,
        });
      }
      return empiricalDistribution(spec.quantiles);
  }
}

export function parseDistribution(value: unknown, pointer: string): DistributionSpec {
  const spec = typeof value === 'string' ? { type: value } : value;
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new SdgError('SDG_ERR_INVALID_SCHEMA', 'x-distribution must be a name or an object with "type"', {
      pointer,
      hint: `use one of ${DISTRIBUTION_TYPES.join(', ')}, e.g. {"type": "normal", "mean": 40, "sd": 12}`,
    });
  }
  const type = (spec as { type?: unknown }).type;
  if (typeof type !== 'string' || !(DISTRIBUTION_TYPES as readonly string[]).includes(type)) {
    throw new SdgError('SDG_ERR_INVALID_SCHEMA', `unknown x-distribution type ${JSON.stringify(type)}`, {
      pointer,
      hint: `use one of ${DISTRIBUTION_TYPES.join(', ')}`,
    });
  }
  return spec as DistributionSpec;
}

/** Decimal places of a number's shortest representation (1e-7 → 7, 0.125 → 3). */
export function decimalPlaces(value: number): number {
  const text = String(value);
  const exp = text.match(/e([+-]\d+)$/);
  const mantissa = exp ? text.slice(0, exp.index) : text;
  const dot = mantissa.indexOf('.');
  const frac = dot === -1 ? 0 : mantissa.length - dot - 1;
  return Math.max(0, frac - (exp ? Number(exp[1]) : 0));
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y) [x, y] = [y, x % y];
  return x;
}

/** Ajv's own multipleOf test: the quotient must survive `parseInt` unchanged. */
export function ajvMultipleOf(value: number, divisor: number): boolean {
  const quotient = value / divisor;
  // Same verdict as Ajv's `q === parseInt(q)` without the string round trip: parseInt only returns q for an
  // integer whose String() has no exponent, i.e. |q| < 1e21.
  return Number.isInteger(quotient) && Math.abs(quotient) < 1e21;
}

/**
 * The grid every multipleOf (and integer-ness) allows, as `k * numerator / scale`: one integer step over a
 * decimal scale, so large k stay exact in double precision.
 */
export interface Grid {
  readonly numerator: number;
  readonly scale: number;
}

export function gridFor(divisors: readonly number[], integer: boolean): Grid | undefined {
  const all = integer ? [...divisors, 1] : divisors.slice();
  if (all.length === 0) return undefined;
  const places = Math.min(15, Math.max(...all.map(decimalPlaces)));
  const scale = Math.pow(10, places);
  let lcm = 1;
  for (const divisor of all) {
    const scaled = Math.round(divisor * scale);
    if (scaled <= 0) return undefined;
    lcm = (lcm / gcd(lcm, scaled)) * scaled;
    if (!Number.isSafeInteger(lcm)) return undefined;
  }
  return { numerator: lcm, scale };
}

export function gridValue(k: number, grid: Grid): number {
  return grid.scale === 1 ? k * grid.numerator : (k * grid.numerator) / grid.scale;
}
