/**
 * Fitting: per column a marginal or a safe generator's parameters, then the copula over the marginals and
 * the missingness indicators. The result is the `x-model` (see model.ts): a mixture of Gaussian copulas, one
 * component per frequent category of a key column when one is strongly associated with the others (species
 * for penguins), else a single copula over all rows.
 */
import { dimensionFromLevels, fitCopula, type Dimension } from './copula.js';
import { normalQuantile } from './stats.js';
import { ABSENT, NULL, PARENT_MISSING, PRESENT, type ColumnDecision, type ObjectNode } from './columns.js';
import { layoutResolution } from './datetime.js';
import { buildGuard, GUARD_MAX_ROWS, rowKey, type CopyGuard, type GuardCell } from './guard.js';
import { identifierSpec } from './pattern.js';
import { hashString } from '../core/rng.js';
import {
  MODEL_VERSION,
  type CategoricalColumn,
  type CopulaDimension,
  type Missingness,
  type ModelColumn,
  type ModelComponent,
  type SemanticColumn,
  type XModel,
} from './model.js';

export interface FitOptions {
  readonly minCategoryCount: number;
  /** Quantile cells for numbers and date-times (the model stores cells + 1 quantiles). */
  readonly quantiles?: number;
  /** Mixture key: automatic (undefined or true), none (false), or the dotted name of the column to use. */
  readonly mixture?: boolean | string;
  /** Store the copy guard when every column is fitted (default true). */
  readonly copyGuard?: boolean;
}

/** Linear-interpolation quantile (type 7) of sorted values at p. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 1) return sorted[0] as number;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** `cells + 1` equally spaced quantiles; the default grid is as fine as the sample allows (100–1000 cells). */
export function quantileGrid(sorted: ArrayLike<number>, cells: number, decimals?: number): number[] {
  const out: number[] = [];
  for (let i = 0; i <= cells; i++) {
    const q = quantileSorted(sorted, i / cells);
    out.push(decimals === undefined ? q : roundTo(q, decimals));
  }
  // Rounding keeps the grid monotone; the ends are the exact extremes.
  out[0] = sorted[0] as number;
  out[cells] = sorted[sorted.length - 1] as number;
  for (let i = 1; i <= cells; i++) if ((out[i] as number) < (out[i - 1] as number)) out[i] = out[i - 1] as number;
  return out;
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y > 0) [x, y] = [y, x % y];
  return x;
}

/** The largest step every value is a multiple of (at the column's decimals), when it exceeds one unit. */
export function valueStep(sorted: ArrayLike<number>, decimals: number): number | undefined {
  const scale = 10 ** decimals;
  let g = 0;
  for (let i = 0; i < sorted.length; i++) {
    const scaled = Math.round((sorted[i] as number) * scale);
    if (!Number.isSafeInteger(scaled)) return undefined;
    g = gcd(g, scaled);
    if (g === 1) return undefined;
  }
  return g > 1 ? g / scale : undefined;
}

/** `year` when every value is 1 January at midnight (UTC), `month` when every value is a first of the month. */
export function calendarUnit(values: ArrayLike<number>): 'year' | 'month' | undefined {
  let year = true;
  for (let i = 0; i < values.length; i++) {
    const date = new Date(values[i] as number);
    if (
      date.getUTCHours() !== 0 ||
      date.getUTCMinutes() !== 0 ||
      date.getUTCSeconds() !== 0 ||
      date.getUTCMilliseconds() !== 0 ||
      date.getUTCDate() !== 1
    )
      return undefined;
    if (date.getUTCMonth() !== 0) year = false;
  }
  return values.length < 2 ? undefined : year ? 'year' : 'month';
}

/** A column restricted to the rows of one component. */
interface ColumnView {
  readonly d: ColumnDecision;
  readonly state: Uint8Array;
  readonly values: (number | boolean | string | undefined)[];
  readonly parentCount: number;
  readonly nullCount: number;
  readonly absentCount: number;
  readonly presentCount: number;
}

function viewOf(d: ColumnDecision, rows?: Int32Array): ColumnView {
  if (rows === undefined)
    return {
      d,
      state: d.state,
      values: d.values,
      parentCount: d.parentCount,
      nullCount: d.nullCount,
      absentCount: d.absentCount,
      presentCount: d.presentCount,
    };
  const state = new Uint8Array(rows.length);
  const values: (number | boolean | string | undefined)[] = new Array(rows.length);
  let parentCount = 0;
  let nullCount = 0;
  let absentCount = 0;
  let presentCount = 0;
  rows.forEach((row, i) => {
    const s = d.state[row] as number;
    state[i] = s;
    if (s !== PARENT_MISSING) parentCount++;
    if (s === NULL) nullCount++;
    else if (s === ABSENT) absentCount++;
    else if (s === PRESENT) {
      presentCount++;
      values[i] = d.values[row];
    }
  });
  return { d, state, values, parentCount, nullCount, absentCount, presentCount };
}

function missingness(v: ColumnView): Missingness {
  return v.parentCount === 0 ? { null: 0, absent: 0 } : { null: v.nullCount / v.parentCount, absent: v.absentCount / v.parentCount };
}

function letterCase(texts: readonly string[]): 'lower' | 'upper' | 'title' | 'sentence' {
  let lower = 0;
  let upper = 0;
  let title = 0;
  let sentence = 0;
  for (const t of texts) {
    if (t === t.toLowerCase()) lower++;
    else if (t === t.toUpperCase()) upper++;
    else if (t.split(/\s+/).every((w) => w === '' || w[0] === w[0]?.toUpperCase())) title++;
    else sentence++;
  }
  const best = Math.max(lower, upper, title, sentence);
  return best === lower ? 'lower' : best === upper ? 'upper' : best === title ? 'title' : 'sentence';
}

/** A safe generator's parameters, from all the sample's values (never a component's: identifiers must stay out of all of them). */
function semanticColumn(d: ColumnDecision, base: { name: string; path: readonly string[]; missing: Missingness }): SemanticColumn {
  const kind = d.semantic ?? 'text';
  const present = d.values.filter((v) => v !== undefined);
  if (d.type === 'integer') {
    // Integers of the sample lie below 10^digits; the generated ones lie in the next decade, so none can repeat a sample value.
    let maxAbs = 0;
    for (const v of present) maxAbs = Math.max(maxAbs, Math.abs(v as number));
    const digits = Math.min(14, String(Math.floor(maxAbs)).length);
    const range: [number, number] = [10 ** digits, 10 ** (digits + 1) - 1];
    return { ...base, type: 'integer', generator: 'semantic', semantic: kind === 'zip' ? 'zip' : 'identifier', range, unique: true };
  }
  if (d.type === 'datetime') {
    return {
      ...base,
      type: 'datetime',
      generator: 'semantic',
      semantic: kind,
      ...(d.datetime !== undefined ? { format: d.datetime } : {}),
    };
  }
  if (kind === 'empty') {
    return {
      ...base,
      type: 'string',
      generator: 'semantic',
      semantic: 'empty',
      shape: d.jsonTypes?.includes('object') && !d.jsonTypes.includes('array') ? 'object' : 'array',
    };
  }
  const texts = present.map((v) => String(v));
  if (kind === 'identifier') {
    const distinct = [...new Set(texts)];
    const spec = identifierSpec(distinct);
    if (spec !== undefined)
      return {
        ...base,
        type: 'string',
        generator: 'semantic',
        semantic: 'identifier',
        identifier: spec,
        unique: distinct.length >= 0.9 * texts.length,
      };
    let longest = 0;
    for (const t of distinct) longest = Math.max(longest, [...t].length);
    return { ...base, type: 'string', generator: 'semantic', semantic: 'identifier', length: Math.min(64, longest + 1), unique: true };
  }
  if (kind === 'text') {
    const counts = texts.map((t) => t.split(/\s+/).filter((w) => w !== '').length).sort((a, b) => a - b);
    const words = quantileGrid(Float64Array.from(counts), 10, 2);
    return { ...base, type: 'string', generator: 'semantic', semantic: 'text', words, letterCase: letterCase(texts.slice(0, 2000)) };
  }
  return { ...base, type: 'string', generator: 'semantic', semantic: kind };
}

/**
 * Association of a categorical (per-row levels, k levels) with another column: bias-corrected Cramér's V
 * against categorical levels, the correlation ratio η against numeric scores.
 */
function association(la: Int32Array, ka: number, other: { levels: Int32Array; k: number } | Float64Array): number {
  if (!(other instanceof Float64Array)) {
    const lb = other.levels;
    const kb = other.k;
    const table = new Float64Array(ka * kb);
    let n = 0;
    for (let r = 0; r < la.length; r++) {
      const x = la[r] as number;
      const y = lb[r] as number;
      if (x < 0 || y < 0) continue;
      table[x * kb + y] = (table[x * kb + y] as number) + 1;
      n++;
    }
    if (n < 3) return 0;
    const rows = new Float64Array(ka);
    const cols = new Float64Array(kb);
    for (let x = 0; x < ka; x++) {
      for (let y = 0; y < kb; y++) {
        rows[x] = (rows[x] as number) + (table[x * kb + y] as number);
        cols[y] = (cols[y] as number) + (table[x * kb + y] as number);
      }
    }
    let chi2 = 0;
    for (let x = 0; x < ka; x++) {
      for (let y = 0; y < kb; y++) {
        const expected = ((rows[x] as number) * (cols[y] as number)) / n;
        if (expected > 0) chi2 += ((table[x * kb + y] as number) - expected) ** 2 / expected;
      }
    }
    const r0 = rows.filter((v) => v > 0).length;
    const c0 = cols.filter((v) => v > 0).length;
    // Bergsma's bias correction keeps sparse high-cardinality tables from looking associated.
    const phi2 = Math.max(0, chi2 / n - ((r0 - 1) * (c0 - 1)) / (n - 1));
    const rr = r0 - (r0 - 1) ** 2 / (n - 1);
    const cc = c0 - (c0 - 1) ** 2 / (n - 1);
    const denominator = Math.min(rr - 1, cc - 1);
    return denominator > 0 ? Math.sqrt(phi2 / denominator) : 0;
  }
  const sums = new Float64Array(ka);
  const ns = new Float64Array(ka);
  let total = 0;
  let square = 0;
  let n = 0;
  for (let r = 0; r < la.length; r++) {
    const x = la[r] as number;
    const y = other[r] as number;
    if (x < 0 || Number.isNaN(y)) continue;
    sums[x] = (sums[x] as number) + y;
    ns[x] = (ns[x] as number) + 1;
    total += y;
    square += y * y;
    n++;
  }
  if (n < 3) return 0;
  const mean = total / n;
  const ssTotal = square - n * mean * mean;
  let ssBetween = 0;
  for (let x = 0; x < ka; x++)
    if ((ns[x] as number) > 0) ssBetween += (ns[x] as number) * ((sums[x] as number) / (ns[x] as number) - mean) ** 2;
  return ssTotal > 0 ? Math.sqrt(Math.min(1, ssBetween / ssTotal)) : 0;
}

/** A fitted column waiting for the copula: categorical levels (frequency order) or a numeric value dimension. */
interface Pending {
  readonly view: ColumnView;
  readonly index: number;
  readonly levels?: Int32Array;
  /** Categories with rows in the copula (seen ≥ k times here), then back-off categories (no rows). */
  readonly categories?: Array<{ value: string | boolean; weight: number }>;
  readonly kept?: number;
  readonly valueDim?: Dimension;
}

/**
 * Copula order of the categories. The copula can only represent monotone dependence, so each categorical's
 * categories are sorted by the mean normal score, per category, of the column it is most associated with
 * (correlation ratio η against numbers and date-times, bias-corrected Cramér's V against other categoricals);
 * a few rounds let categorical partners settle on consistent orders (an airport sorted by its state, the
 * states by their airports).
 */
function orderCategories(pending: readonly Pending[]): number[][] {
  const m = pending.length;
  const orders: number[][] = pending.map((p) => Array.from({ length: p.kept ?? 0 }, (_, i) => i));
  const otherOf = (b: number): { levels: Int32Array; k: number } | Float64Array | undefined => {
    const p = pending[b] as Pending;
    if (p.levels !== undefined) return (p.kept ?? 0) >= 2 ? { levels: p.levels, k: p.kept as number } : undefined;
    return p.valueDim?.scores;
  };
  const partner: number[] = new Array<number>(m).fill(-1);
  const strength: number[] = new Array<number>(m).fill(0);
  for (let a = 0; a < m; a++) {
    const p = pending[a] as Pending;
    if (p.levels === undefined || (p.kept ?? 0) < 3) continue;
    for (let b = 0; b < m; b++) {
      const other = b === a ? undefined : otherOf(b);
      if (other === undefined) continue;
      const v = association(p.levels, p.kept as number, other);
      if (v > (strength[a] as number)) {
        strength[a] = v;
        partner[a] = b;
      }
    }
  }
  const sequence = [...Array(m).keys()]
    .filter((a) => (partner[a] as number) >= 0)
    .sort((x, y) => (strength[y] as number) - (strength[x] as number));
  const positionScores = (b: number): Float64Array => {
    const p = pending[b] as Pending;
    if (p.levels === undefined) return p.valueDim?.scores as Float64Array;
    // Midpoint normal scores of b's categories under b's current order.
    const kb = p.kept as number;
    const frequency = new Float64Array(kb);
    let n = 0;
    for (const level of p.levels) {
      if (level < 0) continue;
      frequency[level] = (frequency[level] as number) + 1;
      n++;
    }
    const score = new Float64Array(kb);
    let cumulative = 0;
    for (const level of orders[b] as number[]) {
      const share = (frequency[level] as number) / n;
      score[level] = normalQuantile(Math.min(1 - 1e-9, Math.max(1e-9, cumulative + share / 2)));
      cumulative += share;
    }
    const out = new Float64Array(p.levels.length);
    p.levels.forEach((level, r) => (out[r] = level >= 0 ? (score[level] as number) : NaN));
    return out;
  };
  for (let round = 0; round < 4; round++) {
    for (const a of sequence) {
      const sb = positionScores(partner[a] as number);
      const p = pending[a] as Pending;
      const la = p.levels as Int32Array;
      const ka = p.kept as number;
      const sums = new Float64Array(ka);
      const ns = new Float64Array(ka);
      for (let r = 0; r < la.length; r++) {
        const x = la[r] as number;
        const y = sb[r] as number;
        if (x < 0 || Number.isNaN(y)) continue;
        sums[x] = (sums[x] as number) + y;
        ns[x] = (ns[x] as number) + 1;
      }
      const means = Array.from({ length: ka }, (_, x) => ((ns[x] as number) > 0 ? (sums[x] as number) / (ns[x] as number) : 0));
      orders[a] = Array.from({ length: ka }, (_, x) => x).sort((x, y) => (means[x] as number) - (means[y] as number) || x - y);
    }
  }
  return orders;
}

/**
 * One component's columns and pending copula dimensions. Categories: those seen at least k times in the
 * component keep their frequency there; the rest of the component's mass goes to the other (globally kept)
 * categories in their overall proportions, so nothing rarer than k is ever stored.
 */
function prepare(
  views: readonly ColumnView[],
  globals: readonly ModelColumn[] | undefined,
  options: FitOptions,
): { columns: ModelColumn[]; pending: Pending[] } {
  const columns: ModelColumn[] = [];
  const pending: Pending[] = [];
  views.forEach((view, index) => {
    const d = view.d;
    const base = { name: d.leaf.name, path: d.leaf.path, missing: missingness(view) };
    const global = globals?.[index];
    if (d.role === 'none') {
      columns.push({ ...base, type: 'null', generator: 'none' });
      return;
    }
    if (d.role === 'semantic') {
      columns.push(global !== undefined ? { ...global, missing: base.missing } : semanticColumn(d, base));
      return;
    }
    const n = view.state.length;
    if (d.type === 'integer' || d.type === 'number' || d.type === 'datetime') {
      const present: number[] = [];
      for (let i = 0; i < n; i++) if (view.state[i] === PRESENT) present.push(view.values[i] as number);
      if (present.length === 0 && global !== undefined) {
        // Always missing in this component: the overall marginal stands in (never drawn).
        columns.push({ ...global, missing: base.missing });
        return;
      }
      const sorted = Float64Array.from(present).sort();
      // Components of a mixture hold a share of the rows: 250 cells keep their grids fine and the model small.
      const cells = options.quantiles ?? Math.min(globals === undefined ? 1000 : 250, Math.max(100, sorted.length - 1));
      if (d.type === 'datetime') {
        const quantiles = quantileGrid(sorted, cells, 0);
        const calendar = calendarUnit(sorted);
        columns.push({
          ...base,
          type: 'datetime',
          generator: 'marginal',
          quantiles,
          resolution: layoutResolution(d.datetime?.layout ?? 'YYYY-MM-DD'),
          ...(calendar !== undefined ? { calendar } : {}),
          format: d.datetime!,
        });
      } else {
        const decimals = d.type === 'integer' ? 0 : (d.decimals ?? 0);
        const quantiles = quantileGrid(sorted, cells, Math.min(15, decimals + 3));
        const step = valueStep(sorted, decimals);
        columns.push({ ...base, type: d.type, generator: 'marginal', quantiles, decimals, ...(step !== undefined ? { step } : {}) });
      }
      const distinct = [...new Set(sorted)];
      let valueDim: Dimension | undefined;
      if (distinct.length >= 2) {
        const rank = new Map<number, number>(distinct.map((v, i) => [v, i]));
        const levels = new Int32Array(n).fill(-1);
        for (let i = 0; i < n; i++) if (view.state[i] === PRESENT) levels[i] = rank.get(view.values[i] as number) as number;
        valueDim = dimensionFromLevels(levels, distinct.length);
      }
      pending.push({ view, index, ...(valueDim !== undefined ? { valueDim } : {}) });
      return;
    }
    // Categorical or boolean.
    const all = d.categories ?? [];
    const local = new Map<string | boolean, number>();
    let presentCount = 0;
    for (let i = 0; i < n; i++) {
      if (view.state[i] !== PRESENT) continue;
      presentCount++;
      const v = view.values[i] as string | boolean;
      local.set(v, (local.get(v) ?? 0) + 1);
    }
    const keptCats = all.filter((c) => (local.get(c.value) ?? 0) >= (globals === undefined ? 1 : options.minCategoryCount));
    const keptCount = keptCats.reduce((sum, c) => sum + (local.get(c.value) as number), 0);
    const backoff = all.filter((c) => !keptCats.includes(c));
    const backoffTotal = backoff.reduce((sum, c) => sum + c.count, 0);
    const rest = presentCount === 0 ? 1 : 1 - keptCount / presentCount;
    const categories: Array<{ value: string | boolean; weight: number }> = [];
    for (const c of keptCats)
      categories.push({ value: c.value, weight: (local.get(c.value) as number) / (backoffTotal > 0 ? presentCount : keptCount) });
    if (backoffTotal > 0 && rest > 1e-12)
      for (const c of backoff) categories.push({ value: c.value, weight: (rest * c.count) / backoffTotal });
    const position = new Map<string | boolean, number>(keptCats.map((c, i) => [c.value, i]));
    const levels = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      if (view.state[i] !== PRESENT) continue;
      const level = position.get(view.values[i] as string | boolean);
      if (level !== undefined) levels[i] = level;
    }
    // Filled in once the copula has settled the order (fitComponentCopula).
    columns.push(undefined as unknown as ModelColumn);
    pending.push({ view, index, levels, categories, kept: keptCats.length });
  });
  return { columns, pending };
}

function categoricalColumn(p: Pending, order: readonly number[]): CategoricalColumn {
  const d = p.view.d;
  const kept = p.kept as number;
  const categories = [...order.map((i) => p.categories![i]!), ...p.categories!.slice(kept)];
  const total = categories.reduce((s, c) => s + c.weight, 0);
  return {
    name: d.leaf.name,
    path: d.leaf.path,
    missing: missingness(p.view),
    type: d.type === 'boolean' ? 'boolean' : 'categorical',
    generator: 'marginal',
    values: categories.map((c) => c.value),
    weights: categories.map((c) => Math.round((c.weight / total) * 1e9) / 1e9),
    ...(d.json ? { json: true } : {}),
  };
}

/** The copula of one component over its pending columns (and fills in its categorical columns). */
function fitComponentCopula(
  columns: ModelColumn[],
  pending: readonly Pending[],
  options: FitOptions,
): { copula: ModelComponent['copula']; repaired: boolean } {
  const orders = orderCategories(pending);
  const dims: Dimension[] = [];
  const dimInfo: CopulaDimension[] = [];
  const independent = new Set<string>();
  pending.forEach((p, k) => {
    const view = p.view;
    const n = view.state.length;
    let valueDim = p.valueDim;
    if (p.levels !== undefined) {
      const order = orders[k] as number[];
      columns[p.index] = categoricalColumn(p, order);
      if (order.length >= 2) {
        const rank = new Int32Array(order.length);
        order.forEach((level, position) => (rank[level] = position));
        valueDim = dimensionFromLevels(
          p.levels.map((level) => (level < 0 ? -1 : (rank[level] as number))),
          order.length,
        );
      }
    }
    let valueIndex = -1;
    if (valueDim !== undefined) {
      valueIndex = dims.length;
      dims.push(valueDim);
      dimInfo.push({ column: p.index, role: 'value' });
    }
    // Missingness joins the copula when both states occur often enough to estimate anything.
    const missingCount = view.nullCount + view.absentCount;
    if (missingCount >= options.minCategoryCount && view.presentCount >= options.minCategoryCount) {
      const levels = new Int32Array(n).fill(-1);
      for (let i = 0; i < n; i++) {
        const s = view.state[i];
        if (s === NULL || s === ABSENT) levels[i] = 0;
        else if (s === PRESENT) levels[i] = 1;
      }
      const missingIndex = dims.length;
      dims.push(dimensionFromLevels(levels, 2));
      dimInfo.push({ column: p.index, role: 'missing' });
      if (valueIndex >= 0) independent.add(`${valueIndex},${missingIndex}`);
    }
  });
  const { correlation, repaired } = fitCopula(dims, independent);
  return { copula: { dimensions: dimInfo, correlation: correlation.map((row) => row.map((v) => Math.round(v * 1e6) / 1e6)) }, repaired };
}

/** A component must have at least this many rows; smaller groups of the key are pooled into one. */
export function minComponentRows(minCategoryCount: number): number {
  return Math.max(50, 10 * minCategoryCount);
}

const MAX_COMPONENTS = 12;
/** Mean association of the key with the other fitted columns below which one copula is kept. */
const MIN_KEY_ASSOCIATION = 0.1;

interface Strata {
  readonly key: number;
  readonly groups: Array<{ label: string; rows: Int32Array }>;
  readonly score: number;
}

/** Rows per stratum of a categorical key: frequent categories alone, missing together, the rest pooled. */
function strataOf(p: Pending, n: number, minRows: number): Strata['groups'] | undefined {
  const d = p.view.d;
  const byLabel = new Map<string, number[]>();
  const label = (i: number): string => {
    const s = d.state[i];
    if (s !== PRESENT) return '\u0000missing';
    const v = d.values[i] as string | boolean;
    return (d.categories ?? []).some((c) => c.value === v) ? JSON.stringify(v) : '\u0000other';
  };
  for (let i = 0; i < n; i++) {
    const l = label(i);
    let list = byLabel.get(l);
    if (list === undefined) byLabel.set(l, (list = []));
    list.push(i);
  }
  const groups = [...byLabel.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  let big = groups.filter(([l, rows]) => rows.length >= minRows && l !== '\u0000other').slice(0, MAX_COMPONENTS - 1);
  let rest = groups.filter((g) => !big.includes(g)).flatMap(([, rows]) => rows);
  // The pooled group is empty or a component of its own size; fold the smallest strata into it until it is.
  while (rest.length > 0 && rest.length < minRows && big.length > 0) {
    const smallest = big[big.length - 1] as [string, number[]];
    big = big.slice(0, -1);
    rest = rest.concat(smallest[1]);
  }
  if (big.length + (rest.length > 0 ? 1 : 0) < 2 || big.length === 0) return undefined;
  const out = big.map(([l, rows]) => ({ label: l === '\u0000missing' ? '(missing)' : String(JSON.parse(l)), rows: Int32Array.from(rows) }));
  if (rest.length > 0) out.push({ label: '(other)', rows: Int32Array.from(rest.sort((a, b) => a - b)) });
  return out;
}

function chooseStrata(pending: readonly Pending[], n: number, options: FitOptions): Strata | undefined {
  if (options.mixture === false) return undefined;
  const minRows = minComponentRows(options.minCategoryCount);
  let best: Strata | undefined;
  pending.forEach((p, k) => {
    if (p.levels === undefined || (p.kept ?? 0) < 2) return;
    if (typeof options.mixture === 'string' && options.mixture !== p.view.d.leaf.name) return;
    const groups = strataOf(p, n, minRows);
    if (groups === undefined) return;
    let sum = 0;
    let count = 0;
    pending.forEach((q, j) => {
      if (j === k) return;
      const other =
        q.levels !== undefined ? ((q.kept ?? 0) >= 2 ? { levels: q.levels, k: q.kept as number } : undefined) : q.valueDim?.scores;
      if (other === undefined) return;
      sum += association(p.levels as Int32Array, p.kept as number, other);
      count++;
    });
    const score = count === 0 ? 0 : sum / count;
    if ((typeof options.mixture === 'string' || score >= MIN_KEY_ASSOCIATION) && (best === undefined || score > best.score))
      best = { key: p.index, groups, score };
  });
  return best;
}

/** The guard is built when at least this share of the (reproducible) sample rows are distinct. */
const GUARD_MIN_DISTINCT = 0.95;

/**
 * The copy guard over the rows the model could reproduce and that fewer than k sample rows share: only when
 * every column is fitted (a semantic column already rules copies out), and without rows holding a category
 * the model dropped (they cannot come back).
 */
function copyGuardFor(
  decisions: readonly ColumnDecision[],
  columns: readonly ModelColumn[],
  rows: number,
  options: FitOptions,
): CopyGuard | undefined {
  if (options.copyGuard === false || rows > GUARD_MAX_ROWS || decisions.length === 0) return undefined;
  if (!decisions.every((d) => d.role === 'marginal' || d.role === 'none')) return undefined;
  const kept = columns.map((c) =>
    c.generator === 'marginal' && (c.type === 'categorical' || c.type === 'boolean') ? new Set<unknown>(c.values) : undefined,
  );
  const keys: string[] = [];
  for (let i = 0; i < rows; i++) {
    const cells: GuardCell[] = [];
    let reproducible = true;
    decisions.forEach((d, j) => {
      if (d.state[i] !== PRESENT || d.role === 'none') {
        cells.push(null);
        return;
      }
      const v = d.values[i] as string | number | boolean;
      const categories = kept[j];
      if (categories !== undefined && !categories.has(v)) reproducible = false;
      cells.push(v);
    });
    if (reproducible) keys.push(rowKey(cells));
  }
  // A row shared by at least k sample rows identifies no one (the rule categories follow): it may come out.
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  // Only where rows identify someone: when sample rows repeat a lot, equal rows are the nature of the data, and
  // redrawing them would bend every distribution.
  if (counts.size < GUARD_MIN_DISTINCT * keys.length) return undefined;
  const rare = [...counts.entries()].filter(([, c]) => c < options.minCategoryCount).map(([key]) => key);
  if (rare.length === 0) return undefined;
  return buildGuard(rare, hashString(JSON.stringify(decisions.map((d) => d.leaf.name)), rows));
}

export interface FitResult {
  readonly model: XModel;
  /** Columns fitted on all rows (what the schema's properties describe). */
  readonly columns: readonly ModelColumn[];
  readonly repaired: boolean;
  /** Dotted name of the mixture key, when there is one. */
  readonly mixtureKey?: string;
  readonly copulaDimensions: number;
}

/** Builds the x-model from the column decisions. */
export function fitModel(
  decisions: readonly ColumnDecision[],
  objects: readonly ObjectNode[],
  rows: number,
  options: FitOptions,
): FitResult {
  const globalViews = decisions.map((d) => viewOf(d));
  const global = prepare(globalViews, undefined, options);
  const strata = chooseStrata(global.pending, rows, options);
  const objectList = objects
    .filter((o) => o.missing.null > 0 || o.missing.absent > 0)
    .map((o) => ({ name: o.name, path: o.path, missing: o.missing }));
  const header = {
    version: MODEL_VERSION as typeof MODEL_VERSION,
    type: 'gaussian-copula' as const,
    rows,
    minCategoryCount: options.minCategoryCount,
  };
  if (strata === undefined) {
    const { copula, repaired } = fitComponentCopula(global.columns, global.pending, options);
    const guard = copyGuardFor(decisions, global.columns, rows, options);
    const model: XModel = {
      ...header,
      components: [{ weight: 1, rows, columns: global.columns, copula }],
      objects: objectList,
      ...(guard !== undefined ? { copyGuard: guard } : {}),
    };
    return { model, columns: global.columns, repaired, copulaDimensions: copula.dimensions.length };
  }
  // Overall columns (for the schema and the report): categories in frequency order, no copula needed.
  const overall = global.columns.slice();
  for (const p of global.pending)
    if (p.levels !== undefined)
      overall[p.index] = categoricalColumn(
        p,
        Array.from({ length: p.kept ?? 0 }, (_, i) => i),
      );
  const components: ModelComponent[] = [];
  let repaired = false;
  let dimensions = 0;
  for (const group of strata.groups) {
    const views = decisions.map((d) => viewOf(d, group.rows));
    const part = prepare(views, overall, options);
    const fit = fitComponentCopula(part.columns, part.pending, options);
    repaired ||= fit.repaired;
    dimensions = Math.max(dimensions, fit.copula.dimensions.length);
    components.push({
      weight: Math.round((group.rows.length / rows) * 1e9) / 1e9,
      rows: group.rows.length,
      label: group.label,
      columns: part.columns,
      copula: fit.copula,
    });
  }
  const key = decisions[strata.key] as ColumnDecision;
  const guard = copyGuardFor(decisions, overall, rows, options);
  const model: XModel = {
    ...header,
    mixture: { column: key.leaf.name, path: key.leaf.path },
    components,
    objects: objectList,
    ...(guard !== undefined ? { copyGuard: guard } : {}),
  };
  return { model, columns: overall, repaired, mixtureKey: key.leaf.name, copulaDimensions: dimensions };
}
