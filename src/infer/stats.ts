/**
 * Numerical helpers shared by fitting (infer) and sampling (generate/model.ts): normal and bivariate normal
 * distribution functions, Pearson correlation, a symmetric eigen-solver, the repair of a correlation matrix
 * to positive definite, and its Cholesky factor. Plain arrays, no dependencies; sizes are a few dozen.
 */
import { normalCdf, normalQuantile } from '../generate/numbers.js';

export { normalCdf, normalQuantile };

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

export function normalPdf(x: number): number {
  return Number.isFinite(x) ? INV_SQRT_2PI * Math.exp(-0.5 * x * x) : 0;
}

/** Gauss–Legendre nodes and weights on [-1, 1] (Newton on the Legendre polynomial). */
function gaussLegendre(n: number): { x: number[]; w: number[] } {
  const x: number[] = [];
  const w: number[] = [];
  for (let i = 1; i <= n; i++) {
    let z = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5));
    let dp = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const step = p1 / dp;
      z -= step;
      if (Math.abs(step) < 1e-15) break;
    }
    x.push(z);
    w.push(2 / ((1 - z * z) * dp * dp));
  }
  return { x, w };
}

const GL = gaussLegendre(24);
/** A shorter rule for grids (the polychoric solver): the integrands are smooth, 16 nodes keep errors near 1e-9. */
const GL_GRID = gaussLegendre(16);

/** ∫_a^b f with 24-point Gauss–Legendre. */
function integrate(f: (t: number) => number, a: number, b: number): number {
  const half = (b - a) / 2;
  const mid = (a + b) / 2;
  let sum = 0;
  for (let i = 0; i < GL.x.length; i++) sum += (GL.w[i] as number) * f(mid + half * (GL.x[i] as number));
  return sum * half;
}

/**
 * P(X < h, Y < k) for standard normals with correlation rho. Moderate |rho|: Sheppard's integral over
 * θ ∈ [0, asin rho]; |rho| near 1: the distance to the degenerate case, ∫_rho^1 φ2 dt, with t = 1 − s² to
 * remove the singularity. Accurate to ~1e-9, ample for fitting and sampling.
 */
export function bivariateNormalCdf(h: number, k: number, rho: number): number {
  if (h === -Infinity || k === -Infinity) return 0;
  if (h === Infinity) return k === Infinity ? 1 : normalCdf(k);
  if (k === Infinity) return normalCdf(h);
  if (rho === 0) return normalCdf(h) * normalCdf(k);
  if (rho < -0.925) return Math.max(0, normalCdf(h) - bivariateNormalCdf(h, -k, -rho));
  if (rho < 0.925) {
    const limit = Math.asin(rho);
    const hk = h * k;
    const hh = h * h + k * k;
    const integral = integrate(
      (theta) => {
        const c = Math.cos(theta);
        return Math.exp(-(hh - 2 * hk * Math.sin(theta)) / (2 * c * c));
      },
      0,
      limit,
    );
    return Math.min(1, Math.max(0, normalCdf(h) * normalCdf(k) + integral / (2 * Math.PI)));
  }
  const upper = Math.sqrt(Math.max(0, 1 - rho));
  const hk = h * k;
  const hh = h * h + k * k;
  const tail = integrate(
    (s) => {
      if (s === 0) return 0;
      const s2 = s * s;
      const t = 1 - s2;
      const oneMinusT2 = s2 * (2 - s2);
      return Math.exp(-(hh - 2 * t * hk) / (2 * oneMinusT2)) / (Math.PI * Math.sqrt(2 - s2));
    },
    0,
    upper,
  );
  return Math.min(1, Math.max(0, normalCdf(Math.min(h, k)) - tail));
}

/**
 * Φ2(h, k; rho) for every h of `hs` and k of `ks` (row-major), the same quadrature as bivariateNormalCdf with
 * the nodes' trigonometry computed once per rho: the polychoric solver evaluates whole grids per step.
 */
export function bivariateNormalGrid(hs: readonly number[], ks: readonly number[], rho: number): Float64Array {
  const out = new Float64Array(hs.length * ks.length);
  const ph = hs.map(normalCdf);
  const pk = ks.map(normalCdf);
  const nodes = GL_GRID.x.length;
  if (Math.abs(rho) < 0.925) {
    const limit = Math.asin(rho);
    const half = limit / 2;
    const sines = new Float64Array(nodes);
    const scales = new Float64Array(nodes);
    const weights = new Float64Array(nodes);
    for (let i = 0; i < nodes; i++) {
      const theta = half + half * (GL_GRID.x[i] as number);
      const c = Math.cos(theta);
      sines[i] = Math.sin(theta);
      scales[i] = 1 / (2 * c * c);
      weights[i] = ((GL_GRID.w[i] as number) * half) / (2 * Math.PI);
    }
    for (let a = 0; a < hs.length; a++) {
      const h = hs[a] as number;
      for (let b = 0; b < ks.length; b++) {
        const k = ks[b] as number;
        const hh = h * h + k * k;
        const hk2 = 2 * h * k;
        let sum = 0;
        for (let i = 0; i < nodes; i++)
          sum += (weights[i] as number) * Math.exp(-(hh - hk2 * (sines[i] as number)) * (scales[i] as number));
        out[a * ks.length + b] = Math.min(1, Math.max(0, (ph[a] as number) * (pk[b] as number) + sum));
      }
    }
    return out;
  }
  // Near ±1: the distance to the degenerate case (see bivariateNormalCdf); negative rho by reflection in k.
  const sign = rho < 0 ? -1 : 1;
  const upper = Math.sqrt(Math.max(0, 1 - Math.abs(rho)));
  const half = upper / 2;
  const ts = new Float64Array(nodes);
  const scales = new Float64Array(nodes);
  const weights = new Float64Array(nodes);
  for (let i = 0; i < nodes; i++) {
    const s2 = (half + half * (GL_GRID.x[i] as number)) ** 2;
    ts[i] = 1 - s2;
    scales[i] = s2 === 0 ? 0 : 1 / (2 * s2 * (2 - s2));
    weights[i] = s2 === 0 ? 0 : ((GL_GRID.w[i] as number) * half) / (Math.PI * Math.sqrt(2 - s2));
  }
  for (let a = 0; a < hs.length; a++) {
    const h = hs[a] as number;
    for (let b = 0; b < ks.length; b++) {
      const k = sign * (ks[b] as number);
      const hh = h * h + k * k;
      const hk2 = 2 * h * k;
      let tail = 0;
      for (let i = 0; i < nodes; i++) tail += (weights[i] as number) * Math.exp(-(hh - hk2 * (ts[i] as number)) * (scales[i] as number));
      const positive = Math.max(0, normalCdf(Math.min(h, k)) - tail);
      out[a * ks.length + b] = Math.min(1, Math.max(0, sign > 0 ? positive : (ph[a] as number) - positive));
    }
  }
  return out;
}

/** Pearson correlation over the positions where both are finite; undefined when fewer than 3 or constant. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number | undefined {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    n++;
    sa += x;
    sb += y;
  }
  if (n < 3) return undefined;
  const ma = sa / n;
  const mb = sb / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    const dx = x - ma;
    const dy = y - mb;
    sab += dx * dy;
    saa += dx * dx;
    sbb += dy * dy;
  }
  if (saa <= 1e-300 || sbb <= 1e-300) return undefined;
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}

export type Matrix = number[][];

export function identity(n: number): Matrix {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

/** Eigen-decomposition of a symmetric matrix (cyclic Jacobi): values and column eigenvectors. */
export function symmetricEigen(matrix: Matrix): { values: number[]; vectors: Matrix } {
  const n = matrix.length;
  const a = matrix.map((row) => row.slice());
  const v = identity(n);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += (a[i]![j] as number) ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q] as number;
        if (Math.abs(apq) < 1e-300) continue;
        const app = a[p]![p] as number;
        const aqq = a[q]![q] as number;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p] as number;
          const akq = a[k]![q] as number;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k] as number;
          const aqk = a[q]![k] as number;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p] as number;
          const vkq = v[k]![q] as number;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: a.map((row, i) => row[i] as number), vectors: v };
}

/** Lower-triangular L with L·Lᵀ = matrix, or undefined when the matrix is not (numerically) positive definite. */
export function cholesky(matrix: Matrix, tolerance = 1e-10): Matrix | undefined {
  const n = matrix.length;
  const l: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i]![j] as number;
      for (let k = 0; k < j; k++) sum -= (l[i]![k] as number) * (l[j]![k] as number);
      if (i === j) {
        if (!(sum > tolerance)) return undefined;
        l[i]![i] = Math.sqrt(sum);
      } else {
        l[i]![j] = sum / (l[j]![j] as number);
      }
    }
  }
  return l;
}

/**
 * The nearest-ish valid correlation matrix: symmetrised, entries clamped to [-1, 1], eigenvalues clipped to
 * at least `floor` and the diagonal rescaled to 1 (repeated until Cholesky succeeds). A matrix that is already
 * positive definite comes back unchanged.
 */
export function repairCorrelation(matrix: Matrix, floor = 1e-4): Matrix {
  const n = matrix.length;
  let m: Matrix = matrix.map((row, i) =>
    row.map((value, j) => {
      if (i === j) return 1;
      const v = ((value + (matrix[j]![i] as number)) / 2) as number;
      return Number.isFinite(v) ? Math.max(-1, Math.min(1, v)) : 0;
    }),
  );
  if (cholesky(m) !== undefined) return m;
  for (let attempt = 0; attempt < 20; attempt++) {
    const { values, vectors } = symmetricEigen(m);
    const clipped = values.map((v) => Math.max(v, floor * (attempt + 1)));
    const rebuilt: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += (vectors[i]![k] as number) * (clipped[k] as number) * (vectors[j]![k] as number);
        rebuilt[i]![j] = sum;
        rebuilt[j]![i] = sum;
      }
    }
    const d = rebuilt.map((row, i) => Math.sqrt(row[i] as number));
    m = rebuilt.map((row, i) => row.map((v, j) => (i === j ? 1 : v / ((d[i] as number) * (d[j] as number)))));
    if (cholesky(m) !== undefined) return m;
  }
  // Shrink towards the identity as a last resort (always ends positive definite).
  for (let shrink = 0.9; shrink > 0; shrink -= 0.1) {
    const s = m.map((row, i) => row.map((v, j) => (i === j ? 1 : v * shrink)));
    if (cholesky(s) !== undefined) return s;
  }
  return identity(n);
}
