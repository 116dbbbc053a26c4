/**
 * visualize(rows | profile, options): the charts of a data set, drawn from its streaming profile.
 *
 *   source ─▶ profiles (source.ts) ─▶ chart plan: which charts, from which columns (here)
 *          ─▶ chart data (derive.ts) ─▶ Vega-Lite spec + alt text (specs.ts) ─▶ SVG, PNG@k (render.ts)
 *
 * Each column gets the chart its kind calls for (numbers and datetimes a histogram, categories and booleans
 * value counts); pairs of numeric columns a scatter plot (the most correlated by default); all of them one
 * correlation heatmap and one null-rate chart. With a reference every chart compares real and synthetic.
 * Nothing is ever blank: a chart without data says why, and a chart that cannot exist is listed in
 * `skipped` with the reason.
 */
import { SdgError } from '../core/index.js';
import { isContinuous, isDiscrete, type ColumnKind, type Profiler } from '../evaluate/index.js';
import {
  binEdgesFor,
  columnFacts,
  correlationOf,
  countsOf,
  histogramOf,
  rangeOf,
  scatterOf,
  valueCountsOf,
  type ColumnFacts,
  type CorrelationMatrix,
} from './derive.js';
import { formatNumber, plural } from './format.js';
import { dataUri, renderPng, renderSvg } from './render.js';
import { profilesOf, type Profiles } from './source.js';
import {
  correlationOverlaySpec,
  correlationSpec,
  histogramOverlaySpec,
  histogramSpec,
  messageSpec,
  nullsOverlaySpec,
  nullsSpec,
  scatterOverlaySpec,
  scatterSpec,
  valuesOverlaySpec,
  valuesSpec,
  type Built,
  type Size,
} from './specs.js';
import {
  CHART_KINDS,
  type Chart,
  type ChartImage,
  type ChartKind,
  type ChartSource,
  type SkippedChart,
  type VegaLiteSpec,
  type VisualizeOptions,
  type VisualizeResult,
} from './types.js';

const DEFAULT_SIZE: Size = { width: 480, height: 260 };
const DEFAULT_SCALES = [1, 2];
const DEFAULT_TOP_N = 10;
const DEFAULT_SCATTER_PAIRS = 3;
const DEFAULT_MAX_POINTS = 2000;
/** Most columns in one heatmap and one null-rate chart (beyond that they stop being readable). */
const MAX_MATRIX_COLUMNS = 20;
const MAX_NULL_COLUMNS = 40;

interface Settings {
  readonly kinds: ReadonlySet<ChartKind>;
  readonly size: Size;
  readonly scales: readonly number[];
  readonly dataUri: boolean;
  readonly topN: number;
  readonly scatterPairs: number;
  readonly maxPoints: number;
}

function bad(message: string, pointer: string, hint?: string): SdgError {
  return new SdgError('SDG_ERR_BAD_OPTION', message, { pointer, ...(hint === undefined ? {} : { hint }) });
}

function integerIn(value: number | undefined, fallback: number, min: number, max: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max)
    throw bad(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`, `/${name}`);
  return value;
}

function settingsOf(options: VisualizeOptions): Settings {
  const kinds = options.charts ?? CHART_KINDS;
  if (!Array.isArray(kinds)) throw bad('charts must be an array of chart kinds', '/charts', `use any of ${CHART_KINDS.join(', ')}`);
  kinds.forEach((kind, i) => {
    if (!CHART_KINDS.includes(kind))
      throw bad(`unknown chart kind ${JSON.stringify(kind)}`, `/charts/${i}`, `use any of ${CHART_KINDS.join(', ')}`);
  });
  const scaleOption = options.scale ?? DEFAULT_SCALES;
  const scales = typeof scaleOption === 'number' ? [scaleOption] : [...scaleOption];
  scales.forEach((s, i) => {
    if (typeof s !== 'number' || !(s > 0 && s <= 8))
      throw bad(`PNG scale must be a number above 0 and at most 8, got ${JSON.stringify(s)}`, `/scale/${i}`);
  });
  return {
    kinds: new Set(kinds),
    size: {
      width: integerIn(options.size?.width, DEFAULT_SIZE.width, 80, 4000, 'size/width'),
      height: integerIn(options.size?.height, DEFAULT_SIZE.height, 60, 4000, 'size/height'),
    },
    scales: [...new Set(scales)],
    dataUri: options.dataUri === true,
    topN: integerIn(options.topN, DEFAULT_TOP_N, 1, 100, 'topN'),
    scatterPairs: integerIn(options.scatterPairs, DEFAULT_SCATTER_PAIRS, 0, 50, 'scatterPairs'),
    maxPoints: integerIn(options.maxPoints, DEFAULT_MAX_POINTS, 1, 100_000, 'maxPoints'),
  };
}

/** A chart decided on, not yet rendered. */
export interface PlannedChart {
  readonly id: string;
  readonly kind: ChartKind;
  readonly columns: readonly string[];
  readonly compared: boolean;
  readonly title: string;
  readonly alt: string;
  readonly notes: readonly string[];
  readonly empty?: string;
  readonly spec: VegaLiteSpec;
}

export interface ChartPlan {
  readonly rows: number;
  readonly reference: { readonly rows: number } | null;
  readonly charts: PlannedChart[];
  readonly skipped: SkippedChart[];
}

function titleOf(spec: VegaLiteSpec): string {
  const title = spec.title as { text?: unknown } | undefined;
  return typeof title?.text === 'string' ? title.text : '';
}

function slug(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9._]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 60);
  return s === '' ? 'column' : s;
}

/** Why a column of this kind gets no chart of its values. */
function unchartedReason(kind: ColumnKind, facts: ColumnFacts): string {
  switch (kind) {
    case 'id':
      return 'an identifier column (every value distinct): value counts would say nothing';
    case 'pii':
      return 'looks like personal data (its name says so): its values are never charted';
    case 'text':
      return `free text (${facts.state.plan.kindReason}): too many distinct values to chart`;
    default:
      return 'arrays or objects: not charted';
  }
}

function invalidNote(kind: ColumnKind, invalid: number): string {
  return kind === 'datetime'
    ? `${plural(invalid, 'value')} that are not dates left out`
    : kind === 'numerical'
      ? `${plural(invalid, 'value')} that are not finite numbers left out`
      : `${plural(invalid, 'value')} of another type left out`;
}

/** Why a column has nothing to draw: all nulls, or nothing usable. */
function emptyReason(f: ColumnFacts): string {
  if (f.rows === 0) return 'no rows';
  if (f.nulls === f.rows) return `all ${plural(f.rows, 'value')} are null`;
  return `no usable value: ${[
    f.invalid > 0 ? invalidNote(f.kind, f.invalid).replace(' left out', '') : '',
    f.nulls > 0 ? plural(f.nulls, 'null') : '',
  ]
    .filter((s) => s !== '')
    .join(', ')}`;
}

function leftOutNotes(f: ColumnFacts, side?: string): string[] {
  const prefix = side === undefined ? '' : `${side}: `;
  const notes: string[] = [];
  if (f.nulls > 0) notes.push(`${prefix}${plural(f.nulls, 'null')} not shown`);
  if (f.invalid > 0) notes.push(`${prefix}${invalidNote(f.kind, f.invalid)}`);
  return notes;
}

class Planner {
  readonly charts: PlannedChart[] = [];
  readonly skipped: SkippedChart[] = [];
  private readonly ids = new Set<string>();
  readonly data: Map<string, ColumnFacts>;
  readonly real: Map<string, ColumnFacts> | null;

  constructor(
    readonly profiles: Profiles,
    readonly settings: Settings,
  ) {
    this.data = columnFacts(profiles.data);
    this.real = profiles.reference ? columnFacts(profiles.reference) : null;
  }

  get compared(): boolean {
    return this.real !== null;
  }

  add(kind: ChartKind, columns: readonly string[], built: Built, notes: readonly string[], empty?: string): void {
    // Charts over many columns are named by their kind alone; the others by their columns too.
    const base = kind === 'correlation' || kind === 'nulls' ? kind : `${kind}-${slug(columns.join('-'))}`;
    let id = base;
    for (let n = 2; this.ids.has(id); n++) id = `${base}-${n}`;
    this.ids.add(id);
    this.charts.push({
      id,
      kind,
      columns: [...columns],
      compared: this.compared,
      title: titleOf(built.spec),
      alt: built.alt,
      notes: [...notes],
      ...(empty === undefined ? {} : { empty }),
      spec: built.spec,
    });
  }

  skip(kind: ChartKind | 'all', columns: readonly string[], reason: string): void {
    this.skipped.push({ kind, columns: [...columns], reason });
  }

  message(kind: ChartKind, columns: readonly string[], title: string, reason: string, notes: readonly string[] = []): void {
    this.add(kind, columns, messageSpec(title, reason, notes, this.settings.size), notes, reason);
  }

  histogram(name: string): void {
    const f = this.data.get(name) as ColumnFacts;
    const r = this.real?.get(name);
    const datetime = f.kind === 'datetime';
    const size = this.settings.size;
    if (r === undefined) {
      const range = rangeOf(f);
      const edges = binEdgesFor(f.kind, [range]);
      const data = edges === null ? null : histogramOf(f, edges.edges);
      if (data === null) return this.message('histogram', [name], `Distribution of ${name}`, emptyReason(f));
      const notes = leftOutNotes(f);
      if (data.min === data.max) notes.unshift(`a single distinct value: ${data.count === 1 ? 'one row' : `every value is the same`}`);
      if (!data.exact) notes.push('counts estimated from a quantile sketch (within 1% of rows)');
      return this.add('histogram', [name], histogramSpec(name, datetime, data, notes, size), notes);
    }
    const edges = binEdgesFor(f.kind, [rangeOf(r), rangeOf(f)]);
    if (edges === null)
      return this.message(
        'histogram',
        [name],
        `${name}: real vs synthetic`,
        `no values on either side (real: ${emptyReason(r)}; synthetic: ${emptyReason(f)})`,
      );
    const real = histogramOf(r, edges.edges);
    const synthetic = histogramOf(f, edges.edges);
    const notes = [...leftOutNotes(r, 'real'), ...leftOutNotes(f, 'synthetic')];
    if (real === null) notes.unshift(`real: ${emptyReason(r)}`);
    if (synthetic === null) notes.unshift(`synthetic: ${emptyReason(f)}`);
    if ((real !== null && !real.exact) || (synthetic !== null && !synthetic.exact))
      notes.push('counts estimated from quantile sketches (within 1% of rows)');
    this.add('histogram', [name], histogramOverlaySpec(name, datetime, { real, synthetic }, notes, size), notes);
  }

  values(name: string): void {
    const f = this.data.get(name) as ColumnFacts;
    const r = this.real?.get(name);
    const { size, topN } = this.settings;
    if (r === undefined) {
      const counts = valueCountsOf(f, topN);
      if (counts === null) return this.message('values', [name], `Most frequent values of ${name}`, emptyReason(f));
      const notes = leftOutNotes(f);
      if (counts.distinct === 1) notes.unshift('a single distinct value');
      if (!counts.exact) notes.push('counts approximate: more distinct values than the profile counts exactly');
      return this.add('values', [name], valuesSpec(name, counts, notes, size), notes);
    }
    const realTop = valueCountsOf(r, topN);
    const synTop = valueCountsOf(f, topN);
    if (realTop === null && synTop === null)
      return this.message(
        'values',
        [name],
        `${name}: real vs synthetic`,
        `no values on either side (real: ${emptyReason(r)}; synthetic: ${emptyReason(f)})`,
      );
    // The real side's most frequent values first, then synthetic values the real data lacks.
    const values = [...(realTop?.top ?? []).map((t) => t.value)];
    for (const t of synTop?.top ?? []) if (values.length < topN && !values.includes(t.value)) values.push(t.value);
    const notes = [...leftOutNotes(r, 'real'), ...leftOutNotes(f, 'synthetic')];
    this.add(
      'values',
      [name],
      valuesOverlaySpec(name, { values, real: countsOf(r, values), synthetic: countsOf(f, values) }, notes, size),
      notes,
    );
  }

  scatter(
    continuous: readonly string[],
    matrix: CorrelationMatrix | null,
    pairs: ReadonlyArray<readonly [string, string]> | undefined,
  ): void {
    const { size, maxPoints, scatterPairs } = this.settings;
    let chosen: Array<readonly [string, string]>;
    if (pairs !== undefined) chosen = [...pairs];
    else {
      if (continuous.length < 2) {
        this.skip('scatter', continuous, `needs two numeric or datetime columns; there ${continuous.length === 1 ? 'is one' : 'are none'}`);
        return;
      }
      const candidates: Array<{ pair: readonly [string, string]; r: number }> = [];
      const m = matrix as CorrelationMatrix;
      for (let i = 0; i < m.columns.length; i++)
        for (let j = i + 1; j < m.columns.length; j++) {
          const r = m.r[i]![j];
          candidates.push({ pair: [m.columns[i] as string, m.columns[j] as string], r: r === null || r === undefined ? -1 : Math.abs(r) });
        }
      // Most correlated first; pairs without a defined r (constant or empty columns) last, in column order.
      chosen = candidates
        .map((c, order) => ({ ...c, order }))
        .sort((a, b) => b.r - a.r || a.order - b.order)
        .slice(0, scatterPairs)
        .map((c) => c.pair);
    }
    const rOf = (profiler: Profiler, x: string, y: string): number | null => correlationOf(profiler, [x, y]).r[0]![1] ?? null;
    for (const [x, y] of chosen) {
      const fx = this.data.get(x) as ColumnFacts;
      const fy = this.data.get(y) as ColumnFacts;
      const axes = { x, y, xDatetime: fx.kind === 'datetime', yDatetime: fy.kind === 'datetime', r: rOf(this.profiles.data, x, y) };
      const synthetic = scatterOf(this.profiles.data, x, y, maxPoints);
      const reference = this.profiles.reference;
      const real = reference === null ? null : scatterOf(reference, x, y, maxPoints);
      if (synthetic.points.length === 0 && (real === null || real.points.length === 0)) {
        this.message('scatter', [x, y], `${y} vs ${x}`, `no row has values in both ${x} and ${y}`);
        continue;
      }
      const notes: string[] = [];
      const sampleNote = (d: typeof synthetic, side: string): void => {
        if (d.points.length > 0 && d.sampled < d.rows)
          notes.push(`${side}a uniform sample of ${formatNumber(d.sampled)} of ${plural(d.rows, 'row')}`);
      };
      if (real === null || reference === null) {
        sampleNote(synthetic, '');
        this.add('scatter', [x, y], scatterSpec(axes, synthetic, notes, size), notes);
      } else {
        sampleNote(real, 'real: ');
        sampleNote(synthetic, 'synthetic: ');
        this.add('scatter', [x, y], scatterOverlaySpec({ ...axes, realR: rOf(reference, x, y) }, { real, synthetic }, notes, size), notes);
      }
    }
  }

  correlation(continuous: readonly string[], matrix: CorrelationMatrix | null): void {
    if (continuous.length < 2 || matrix === null) {
      this.skip(
        'correlation',
        continuous,
        `needs two numeric or datetime columns; there ${continuous.length === 1 ? 'is one' : 'are none'}`,
      );
      return;
    }
    const notes: string[] = [];
    if (continuous.length > MAX_MATRIX_COLUMNS) notes.push(`the first ${MAX_MATRIX_COLUMNS} of ${continuous.length} numeric columns`);
    if (matrix.r.some((row) => row.some((r) => r === null))) notes.push('– : undefined (a constant or empty column)');
    const columns = matrix.columns;
    if (this.profiles.reference === null) this.add('correlation', columns, correlationSpec(matrix, notes, this.settings.size), notes);
    else {
      const real = correlationOf(this.profiles.reference, columns);
      if (real.r.some((row) => row.some((r) => r === null)) && !notes.some((n) => n.startsWith('–')))
        notes.push('– : undefined (a constant or empty column)');
      this.add('correlation', columns, correlationOverlaySpec(real, matrix, notes, this.settings.size), notes);
    }
  }

  nulls(columns: readonly string[]): void {
    if (columns.length === 0) return;
    const shown = columns.slice(0, MAX_NULL_COLUMNS);
    const notes: string[] = [];
    if (columns.length > shown.length) notes.push(`the first ${shown.length} of ${columns.length} columns`);
    const ratesOf = (facts: Map<string, ColumnFacts>): Array<{ column: string; rows: number; nulls: number }> =>
      shown.map((column) => {
        const f = facts.get(column) as ColumnFacts;
        return { column, rows: f.rows, nulls: f.nulls };
      });
    const data = ratesOf(this.data);
    if (this.real === null) {
      if (data.every((d) => d.nulls === 0)) notes.push('no column has nulls');
      this.add('nulls', shown, nullsSpec(data, notes, this.settings.size), notes);
    } else this.add('nulls', shown, nullsOverlaySpec(ratesOf(this.real), data, notes, this.settings.size), notes);
  }
}

function selectedColumns(profiler: Profiler, requested: readonly string[] | undefined): string[] {
  const all = profiler.plan.columns.map((c) => c.name);
  if (requested === undefined) return all;
  if (!Array.isArray(requested)) throw bad('columns must be an array of column names', '/columns');
  requested.forEach((name, i) => {
    if (!all.includes(name))
      throw bad(
        `unknown column ${JSON.stringify(name)}`,
        `/columns/${i}`,
        all.length > 0 ? `the columns are ${all.slice(0, 20).join(', ')}${all.length > 20 ? ', …' : ''}` : 'the data has no columns',
      );
  });
  return [...new Set(requested)];
}

function checkPairs(pairs: VisualizeOptions['pairs'], kinds: Map<string, ColumnFacts>): void {
  if (pairs === undefined) return;
  if (!Array.isArray(pairs)) throw bad('pairs must be an array of [x, y] column pairs', '/pairs');
  pairs.forEach((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2) throw bad('each pair must be [x, y]', `/pairs/${i}`);
    pair.forEach((name, j) => {
      const f = kinds.get(name);
      if (f === undefined || !isContinuous(f.kind))
        throw bad(
          `${JSON.stringify(name)} is not a numeric or datetime column`,
          `/pairs/${i}/${j}`,
          'scatter plots pair two numeric or datetime columns',
        );
    });
  });
}

/** Decides the charts and builds their specs and alt texts (no rendering). */
export async function planCharts(source: ChartSource, options: VisualizeOptions = {}): Promise<ChartPlan> {
  const settings = settingsOf(options);
  const profiles = await profilesOf(source, options.reference, options.schema);
  const planner = new Planner(profiles, settings);
  const rows = profiles.data.rows;
  const reference = profiles.reference === null ? null : { rows: profiles.reference.rows };
  const columns = selectedColumns(profiles.data, options.columns);
  checkPairs(options.pairs, planner.data);
  if (rows === 0) {
    planner.skip('all', [], 'the data set has no rows: there is nothing to chart');
    return { rows, reference, charts: planner.charts, skipped: planner.skipped };
  }
  const wants = settings.kinds;
  for (const name of columns) {
    const f = planner.data.get(name) as ColumnFacts;
    if (isContinuous(f.kind) || f.kind === 'empty') {
      if (wants.has('histogram')) planner.histogram(name);
    } else if (isDiscrete(f.kind)) {
      if (wants.has('values')) planner.values(name);
    } else if (wants.has('values') || wants.has('histogram'))
      planner.skip(wants.has('values') ? 'values' : 'histogram', [name], unchartedReason(f.kind, f));
  }
  const continuous = columns.filter((name) => isContinuous((planner.data.get(name) as ColumnFacts).kind));
  const matrixColumns = continuous.slice(0, MAX_MATRIX_COLUMNS);
  const needMatrix = (wants.has('scatter') && options.pairs === undefined) || wants.has('correlation');
  const matrix = needMatrix && matrixColumns.length >= 2 ? correlationOf(profiles.data, matrixColumns) : null;
  if (wants.has('scatter')) planner.scatter(continuous.length > MAX_MATRIX_COLUMNS ? matrixColumns : continuous, matrix, options.pairs);
  if (wants.has('correlation')) planner.correlation(continuous, matrix);
  if (wants.has('nulls')) planner.nulls(columns);
  return { rows, reference, charts: planner.charts, skipped: planner.skipped };
}

/** Renders one planned chart: SVG, then a PNG per scale (and data URIs when asked). */
export async function renderChart(planned: PlannedChart, scales: readonly number[] = DEFAULT_SCALES, withDataUri = false): Promise<Chart> {
  const { svg, width, height } = await renderSvg(planned.spec, planned.title, planned.alt);
  const images: ChartImage[] = await Promise.all(
    scales.map(async (scale) => {
      const { png, width: w, height: h } = await renderPng(svg, scale);
      return { scale, width: w, height: h, png, ...(withDataUri ? { dataUri: dataUri('image/png', png) } : {}) };
    }),
  );
  return { ...planned, svg, width, height, images, ...(withDataUri ? { svgDataUri: dataUri('image/svg+xml', svg) } : {}) };
}

/**
 * The charts of a data set: rows are profiled in one pass; a profiler or a profile's JSON is used as it is.
 *
 *   const { charts, skipped } = await visualize(rows, { reference: realRows, scale: [1, 2] });
 *   charts[0].svg; charts[0].images[1].png; charts[0].spec; charts[0].alt
 */
export async function visualize(source: ChartSource, options: VisualizeOptions = {}): Promise<VisualizeResult> {
  const plan = await planCharts(source, options);
  const settings = settingsOf(options);
  const charts = await Promise.all(plan.charts.map((planned) => renderChart(planned, settings.scales, settings.dataUri)));
  return { rows: plan.rows, reference: plan.reference, charts, skipped: plan.skipped };
}
