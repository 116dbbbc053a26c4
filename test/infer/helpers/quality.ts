/**
 * A small SDMetrics-style quality scorer for the infer tests, following /work/shared/ANCHORS.md (read from
 * SDMetrics' `reports/single_table/_properties`):
 *
 * - Column Shapes: mean over columns of KSComplement (numerical, datetime: 1 − two-sample KS statistic) or
 *   TVComplement (categorical, boolean: 1 − ½ Σ|p_real − p_syn|); missing values dropped.
 * - Column Pair Trends: mean over pairs of CorrelationSimilarity (both numerical/datetime: 1 − |ρ_real −
 *   ρ_syn| / 2, Pearson over the rows where both are present; a pair constant on either side is skipped) or
 *   ContingencySimilarity (otherwise: 1 − total variation distance of the joint frequency tables, missing as its
 *   own category; a numerical column is binned with numpy.histogram_bin_edges defaults — 10 equal-width bins
 *   over the real column — and numpy.digitize, where a missing value lands past the last edge).
 * - Quality = mean of the two properties. Datetimes are compared as numbers (epoch milliseconds).
 *
 * `binEdges: 'own'` bins each table over its own range instead (what SDMetrics' report code does today).
 */
import type { JsonValue } from '../../../src/core/types.js';
import {
  isCategoricalColumn,
  isDatetimeColumn,
  isNumericColumn,
  numberFromText,
  parseDatetime,
  valueAt,
  type DataRow,
  type XModel,
} from '../../../src/infer/index.js';

export type SdType = 'numerical' | 'datetime' | 'categorical' | 'boolean';
export type Cell = number | string | null;

export interface ScoreColumn {
  readonly name: string;
  readonly sdtype: SdType;
  readonly real: readonly Cell[];
  readonly synthetic: readonly Cell[];
}

export interface QualityResult {
  readonly quality: number;
  readonly shapes: number;
  readonly pairs: number;
  readonly columnScores: Record<string, number>;
  readonly pairScores: Array<{ a: string; b: string; metric: string; score: number }>;
}

const continuous = (t: SdType): boolean => t === 'numerical' || t === 'datetime';

export function ksStatistic(a: readonly number[], b: readonly number[]): number {
  const x = a.slice().sort((p, q) => p - q);
  const y = b.slice().sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i] as number, y[j] as number);
    while (i < x.length && (x[i] as number) <= v) i++;
    while (j < y.length && (y[j] as number) <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

export function ksComplement(real: readonly Cell[], synthetic: readonly Cell[]): number {
  const a = real.filter((v): v is number => typeof v === 'number');
  const b = synthetic.filter((v): v is number => typeof v === 'number');
  if (a.length === 0 || b.length === 0) return 0;
  return 1 - ksStatistic(a, b);
}

function frequencies(values: readonly Cell[], keepNull: boolean): Map<string, number> {
  const counts = new Map<string, number>();
  let total = 0;
  for (const v of values) {
    if (v === null && !keepNull) continue;
    const key = v === null ? '\u0000nan' : String(v);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    total++;
  }
  for (const [k, c] of counts) counts.set(k, c / total);
  return counts;
}

function totalVariation(p: Map<string, number>, q: Map<string, number>): number {
  let sum = 0;
  for (const key of new Set([...p.keys(), ...q.keys()])) sum += Math.abs((p.get(key) ?? 0) - (q.get(key) ?? 0));
  return sum / 2;
}

export function tvComplement(real: readonly Cell[], synthetic: readonly Cell[]): number {
  return 1 - totalVariation(frequencies(real, false), frequencies(synthetic, false));
}

function pearsonPairs(a: readonly Cell[], b: readonly Cell[]): { r: number | undefined; constant: boolean } {
  const xs: number[] = [];
  const ys: number[] = [];
  const distinctA = new Set<number>();
  const distinctB = new Set<number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (typeof x === 'number') distinctA.add(x);
    if (typeof y === 'number') distinctB.add(y);
    if (typeof x !== 'number' || typeof y !== 'number') continue;
    xs.push(x);
    ys.push(y);
  }
  const constant = distinctA.size === 1 || distinctB.size === 1;
  if (xs.length < 2) return { r: undefined, constant };
  const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
  const my = ys.reduce((s, v) => s + v, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    sxx += ((xs[i] as number) - mx) ** 2;
    syy += ((ys[i] as number) - my) ** 2;
  }
  if (sxx === 0 || syy === 0) return { r: undefined, constant };
  return { r: sxy / Math.sqrt(sxx * syy), constant };
}

/** numpy.histogram_bin_edges(values) with the default 10 bins. */
export function histogramEdges(values: readonly number[]): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo)) return [];
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  return Array.from({ length: 11 }, (_, i) => lo + ((hi - lo) * i) / 10);
}

/** numpy.digitize(x, edges): the number of edges ≤ x (searchsorted right); NaN (missing) lands past the last. */
export function digitize(values: readonly Cell[], edges: readonly number[]): Cell[] {
  return values.map((v) => {
    if (typeof v !== 'number') return edges.length;
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((edges[mid] as number) <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  });
}

function joint(a: readonly Cell[], b: readonly Cell[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < a.length; i++) {
    const key = `${a[i] === null ? '\u0000nan' : String(a[i])}\u0001${b[i] === null ? '\u0000nan' : String(b[i])}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [k, c] of counts) counts.set(k, c / a.length);
  return counts;
}

export function qualityScore(columns: readonly ScoreColumn[], options: { binEdges?: 'real' | 'own' } = {}): QualityResult {
  const columnScores: Record<string, number> = {};
  for (const c of columns)
    columnScores[c.name] = continuous(c.sdtype) ? ksComplement(c.real, c.synthetic) : tvComplement(c.real, c.synthetic);
  const binned = new Map<string, { real: Cell[]; synthetic: Cell[] }>();
  for (const c of columns) {
    if (!continuous(c.sdtype)) continue;
    const realEdges = histogramEdges(c.real.filter((v): v is number => typeof v === 'number'));
    const synEdges = options.binEdges === 'own' ? histogramEdges(c.synthetic.filter((v): v is number => typeof v === 'number')) : realEdges;
    binned.set(c.name, { real: digitize(c.real, realEdges), synthetic: digitize(c.synthetic, synEdges) });
  }
  const pairScores: QualityResult['pairScores'] = [];
  for (let i = 0; i < columns.length; i++) {
    for (let j = i + 1; j < columns.length; j++) {
      const a = columns[i] as ScoreColumn;
      const b = columns[j] as ScoreColumn;
      if (continuous(a.sdtype) && continuous(b.sdtype)) {
        const real = pearsonPairs(a.real, b.real);
        const syn = pearsonPairs(a.synthetic, b.synthetic);
        if (real.constant || syn.constant || real.r === undefined || syn.r === undefined) continue;
        pairScores.push({ a: a.name, b: b.name, metric: 'CorrelationSimilarity', score: 1 - Math.abs(real.r - syn.r) / 2 });
        continue;
      }
      const ar = continuous(a.sdtype) ? binned.get(a.name)!.real : a.real;
      const as = continuous(a.sdtype) ? binned.get(a.name)!.synthetic : a.synthetic;
      const br = continuous(b.sdtype) ? binned.get(b.name)!.real : b.real;
      const bs = continuous(b.sdtype) ? binned.get(b.name)!.synthetic : b.synthetic;
      pairScores.push({ a: a.name, b: b.name, metric: 'ContingencySimilarity', score: 1 - totalVariation(joint(ar, br), joint(as, bs)) });
    }
  }
  const mean = (xs: number[]): number => (xs.length === 0 ? NaN : xs.reduce((s, v) => s + v, 0) / xs.length);
  const shapes = mean(Object.values(columnScores));
  const pairs = mean(pairScores.map((p) => p.score));
  const quality = Number.isNaN(pairs) ? shapes : (shapes + pairs) / 2;
  return { quality, shapes, pairs, columnScores, pairScores };
}

/** A cell of a row as the scorer sees it, for a fitted column of the model. */
function cellOf(value: JsonValue | undefined, column: XModel['columns'][number]): Cell {
  if (value === null || value === undefined) return null;
  if (isNumericColumn(column)) {
    if (typeof value === 'number') return value;
    return typeof value === 'string' ? (numberFromText(value) ?? null) : null;
  }
  if (isDatetimeColumn(column)) return typeof value === 'string' ? (parseDatetime(value.trim(), column.format.layout) ?? null) : null;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string' && column.type === 'boolean') return value.trim().toLowerCase();
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Score columns for every fitted (marginal) column of the model: what SDMetrics scores with sdtypes numerical, datetime, categorical, boolean. */
export function scoreColumns(model: XModel, real: readonly DataRow[], synthetic: readonly DataRow[]): ScoreColumn[] {
  const out: ScoreColumn[] = [];
  for (const column of model.components[0]!.columns) {
    if (column.generator !== 'marginal') continue;
    const sdtype: SdType = isNumericColumn(column)
      ? 'numerical'
      : isDatetimeColumn(column)
        ? 'datetime'
        : isCategoricalColumn(column) && column.type === 'boolean'
          ? 'boolean'
          : 'categorical';
    const path = column.path;
    const get = (row: DataRow): JsonValue | undefined => {
      let node: JsonValue | undefined = row;
      for (const key of path) {
        if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
        node = (node as DataRow)[key];
      }
      return node;
    };
    out.push({
      name: column.name,
      sdtype,
      real: real.map((r) => cellOf(get(r), column)),
      synthetic: synthetic.map((r) => cellOf(get(r), column)),
    });
  }
  return out;
}

/** Share of synthetic rows equal to some real row on every column of the model (values compared as the scorer reads them). */
export function exactCopyRate(model: XModel, real: readonly DataRow[], synthetic: readonly DataRow[]): number {
  const key = (row: DataRow): string =>
    JSON.stringify(
      model.components[0]!.columns.map((column) => {
        const value = valueAt(row, column.path.join('.'));
        return column.generator === 'marginal' ? cellOf(value, column) : value === undefined || value === null ? null : String(value);
      }),
    );
  const seen = new Set(real.map(key));
  let copies = 0;
  for (const row of synthetic) if (seen.has(key(row))) copies++;
  return synthetic.length === 0 ? 0 : copies / synthetic.length;
}
