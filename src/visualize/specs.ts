/**
 * Vega-Lite specs, one builder per chart kind, from data derived from the profiles (derive.ts). Every spec is
 * plain JSON with its data inline, a title, a subtitle for caveats, axis titles with units where known, and
 * its alt text as the `description`. The builders also write that alt text: they know what the chart shows.
 */
import type { JsonObject, JsonValue } from '../core/index.js';
import type { Bin, CorrelationMatrix, HistogramData, ScatterData, ValueCounts } from './derive.js';
import { describeCorrelation, formatNumber, formatShare, formatValue, plural, truncate } from './format.js';
import { COLORS, CONFIG, SOURCE_SCALE, type Source } from './theme.js';
import type { VegaLiteSpec } from './types.js';

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface Built {
  readonly spec: VegaLiteSpec;
  readonly alt: string;
}

/** Bars per value-count chart row and per null-rate row, in pixels. */
const BAND = 20;
/** Longest category label shown on an axis (the alt text and data keep the full value). */
const LABEL_CHARS = 32;

function frame(title: string, notes: readonly string[], alt: string, body: JsonObject): VegaLiteSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, ...(notes.length > 0 ? { subtitle: [...notes] } : {}) },
    description: alt,
    config: CONFIG,
    ...body,
  };
}

function axisFor(datetime: boolean, title: string, integer = false): JsonObject {
  return datetime
    ? { title: `${title} (UTC)`, type: 'temporal', scale: { type: 'utc' } }
    : { title, type: 'quantitative', scale: { zero: false }, ...(integer ? { axis: { tickMinStep: 1 } } : {}) };
}

/** Words into lines of at most `width` characters (a longer word gets a line of its own). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** A chart that says why there is nothing to draw (a message in an empty frame): never a blank image. */
export function messageSpec(title: string, message: string, notes: readonly string[], size: Size): Built {
  const alt = `${title}: ${message}`;
  const fontSize = 13;
  // Headless Vega measures text as 0.8 em per character: wrap so that no line is cut short.
  const lines = wrapText(message, Math.max(10, Math.floor((size.width - 16) / (0.8 * fontSize))));
  const height = Math.max(Math.min(size.height, 120), lines.length * 15 + 40);
  return {
    alt,
    spec: frame(title, notes, alt, {
      width: size.width,
      height,
      data: { values: [{ text: lines.join('\n') }] },
      mark: { type: 'text', fontSize, color: '#555555', lineBreak: '\n', baseline: 'middle' },
      encoding: {
        text: { field: 'text', type: 'nominal' },
        x: { value: size.width / 2 },
        y: { value: height / 2 - ((lines.length - 1) * 15) / 2 },
      },
    }),
  };
}

// ------------------------------------------------------------------------------------------ histograms

function tallest(bins: readonly Bin[]): Bin | undefined {
  let best: Bin | undefined;
  for (const bin of bins) if (best === undefined || bin.count > best.count) best = bin;
  return best;
}

function binText(bin: Bin, datetime: boolean): string {
  return `${formatValue(bin.start, datetime)} to ${formatValue(bin.end, datetime)}`;
}

export function histogramSpec(column: string, datetime: boolean, data: HistogramData, notes: readonly string[], size: Size): Built {
  const peak = tallest(data.bins);
  const single = data.min === data.max;
  const alt = single
    ? `Histogram of ${column}: all ${plural(data.count, 'value')} are ${formatValue(data.min, datetime)}.`
    : `Histogram of ${column}: ${plural(data.count, 'value')} in ${plural(data.bins.length, 'bin')} from ` +
      `${formatValue(data.min, datetime)} to ${formatValue(data.max, datetime)}, median ${formatValue(data.median, datetime)}` +
      `${datetime ? '' : `, mean ${formatNumber(data.mean)}`}. ` +
      (peak
        ? `The tallest bin, ${binText(peak, datetime)}, holds ${plural(peak.count, 'row')} (${formatShare(peak.count / data.count)}).`
        : '');
  const x = axisFor(datetime, column, data.integer);
  return {
    alt,
    spec: frame(`Distribution of ${column}`, notes, alt, {
      width: size.width,
      height: size.height,
      data: { values: data.bins.map((b) => ({ start: b.start, end: b.end, count: b.count })) },
      mark: { type: 'bar', color: COLORS.primary, stroke: 'white', strokeWidth: 0.5 },
      encoding: {
        x: { field: 'start', bin: 'binned', ...x },
        x2: { field: 'end' },
        y: { field: 'count', type: 'quantitative', title: 'rows' },
      },
    }),
  };
}

export interface ComparedHistogram {
  readonly real: HistogramData | null;
  readonly synthetic: HistogramData | null;
}

/** Real and synthetic histograms layered on the same bins, as shares of each side's rows (the sides differ in size). */
export function histogramOverlaySpec(
  column: string,
  datetime: boolean,
  data: ComparedHistogram,
  notes: readonly string[],
  size: Size,
): Built {
  const values: JsonValue[] = [];
  const sides: Array<[Source, HistogramData | null]> = [
    ['real', data.real],
    ['synthetic', data.synthetic],
  ];
  for (const [source, side] of sides) {
    if (side === null) continue;
    for (const b of side.bins)
      values.push({ source, start: b.start, end: b.end, share: side.count > 0 ? b.count / side.count : 0, count: b.count });
  }
  const describe = (name: string, side: HistogramData | null): string =>
    side === null
      ? `${name}: no values`
      : `${name} ${plural(side.count, 'value')}, median ${formatValue(side.median, datetime)}, range ${formatValue(side.min, datetime)} to ${formatValue(side.max, datetime)}`;
  const alt =
    `Histograms of ${column} on the same bins as shares of rows, real as filled blue bars and synthetic as an orange outline: ` +
    `${describe('real', data.real)}; ${describe('synthetic', data.synthetic)}.`;
  const x = axisFor(datetime, column, (data.real?.integer ?? true) && (data.synthetic?.integer ?? true));
  return {
    alt,
    spec: frame(`${column}: real vs synthetic`, notes, alt, {
      width: size.width,
      height: size.height,
      data: { values },
      encoding: {
        x: { field: 'start', bin: 'binned', ...x },
        x2: { field: 'end' },
        y: { field: 'share', type: 'quantitative', title: 'share of rows', stack: null, axis: { format: '.0%' } },
        color: { field: 'source', type: 'nominal', scale: SOURCE_SCALE, title: null },
      },
      // Real as filled bars, synthetic as an outline on top: where they overlap both stay visible, and the
      // two differ by more than colour.
      layer: [
        { transform: [{ filter: "datum.source === 'real'" }], mark: { type: 'bar', opacity: 0.55, stroke: 'white', strokeWidth: 0.5 } },
        { transform: [{ filter: "datum.source === 'synthetic'" }], mark: { type: 'bar', filled: false, strokeWidth: 2 } },
      ],
    }),
  };
}

// ------------------------------------------------------------------------------------------ value counts

function otherLabel(distinct: number): string {
  return `(other: ${plural(distinct, 'value')})`;
}

/** "" is a value too: show it as (empty). */
function label(value: string): string {
  return value === '' ? '(empty)' : truncate(value, LABEL_CHARS);
}

/** Labels unique after truncation (two long values sharing a prefix must stay two bars). */
function uniqueLabels(values: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return values.map((value) => {
    const base = label(value);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base} (${count + 1})`;
  });
}

export function valuesSpec(column: string, data: ValueCounts, notes: readonly string[], size: Size): Built {
  const labels = uniqueLabels(data.top.map((t) => t.value));
  const rows: Array<{ label: string; count: number; share: number; group: string }> = data.top.map((t, i) => ({
    label: labels[i] as string,
    count: t.count,
    share: t.count / data.total,
    group: 'value',
  }));
  if (data.other > 0)
    rows.push({ label: otherLabel(data.otherDistinct), count: data.other, share: data.other / data.total, group: 'other' });
  const listed = data.top
    .slice(0, 5)
    .map((t) => `${t.value === '' ? '(empty)' : t.value} ${formatShare(t.count / data.total)} (${formatNumber(t.count)})`)
    .join(', ');
  const alt =
    `Bar chart of the ${data.top.length === 1 ? 'value' : `${data.top.length} most frequent values`} of ${column} ` +
    `among ${plural(data.total, 'value')} (${plural(data.distinct, 'distinct value')}): ${listed}` +
    `${data.top.length > 5 ? ', …' : ''}${data.other > 0 ? `; ${plural(data.otherDistinct, 'other value')} make up ${formatShare(data.other / data.total)}` : ''}.`;
  return {
    alt,
    spec: frame(`Most frequent values of ${column}`, notes, alt, {
      width: size.width,
      height: { step: BAND },
      data: { values: rows },
      encoding: {
        y: { field: 'label', type: 'nominal', sort: null, title: column, axis: { labelLimit: 220 } },
        x: { field: 'count', type: 'quantitative', title: 'rows' },
      },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            color: {
              field: 'group',
              type: 'nominal',
              scale: { domain: ['value', 'other'], range: [COLORS.primary, COLORS.muted] },
              legend: null,
            },
          },
        },
        {
          mark: { type: 'text', align: 'left', dx: 3, fontSize: 10, color: COLORS.text },
          encoding: { text: { field: 'share', type: 'quantitative', format: '.1%' } },
        },
      ],
    }),
  };
}

export interface ComparedValues {
  readonly values: readonly string[];
  readonly real: { readonly counts: readonly number[]; readonly total: number };
  readonly synthetic: { readonly counts: readonly number[]; readonly total: number };
}

/** Real and synthetic shares of the same values side by side (grouped bars). */
export function valuesOverlaySpec(column: string, data: ComparedValues, notes: readonly string[], size: Size): Built {
  const labels = uniqueLabels(data.values);
  const rows: JsonValue[] = [];
  const sides: Array<[Source, ComparedValues['real']]> = [
    ['real', data.real],
    ['synthetic', data.synthetic],
  ];
  for (const [source, side] of sides) {
    const listed = side.counts.reduce((a, b) => a + b, 0);
    data.values.forEach((_, i) => {
      const count = side.counts[i] as number;
      rows.push({ source, label: labels[i] as string, count, share: side.total > 0 ? count / side.total : 0 });
    });
    if (side.total > listed)
      rows.push({ source, label: '(other values)', count: side.total - listed, share: (side.total - listed) / side.total });
  }
  const pairs = data.values
    .slice(0, 5)
    .map((v, i) => {
      const real = data.real.total > 0 ? (data.real.counts[i] as number) / data.real.total : 0;
      const synthetic = data.synthetic.total > 0 ? (data.synthetic.counts[i] as number) / data.synthetic.total : 0;
      return `${v === '' ? '(empty)' : v} ${formatShare(real)} real vs ${formatShare(synthetic)} synthetic`;
    })
    .join(', ');
  const alt =
    `Grouped bar chart of the shares of ${column}'s most frequent values, real (${plural(data.real.total, 'value')}) ` +
    `next to synthetic (${plural(data.synthetic.total, 'value')}): ${pairs}${data.values.length > 5 ? ', …' : ''}.`;
  return {
    alt,
    spec: frame(`${column}: real vs synthetic`, notes, alt, {
      width: size.width,
      height: { step: BAND * 1.6 },
      data: { values: rows },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'label', type: 'nominal', sort: null, title: column, axis: { labelLimit: 220 } },
        yOffset: { field: 'source', type: 'nominal', sort: ['real', 'synthetic'] },
        x: { field: 'share', type: 'quantitative', title: 'share of values', axis: { format: '.0%' } },
        color: { field: 'source', type: 'nominal', scale: SOURCE_SCALE, title: null },
      },
    }),
  };
}

// ------------------------------------------------------------------------------------------ scatter

export interface ScatterAxes {
  readonly x: string;
  readonly y: string;
  readonly xDatetime: boolean;
  readonly yDatetime: boolean;
  /** Pearson's r over all rows (null when undefined). */
  readonly r: number | null;
}

function pointOpacity(points: number): number {
  return points <= 300 ? 0.8 : points <= 1500 ? 0.55 : 0.35;
}

function rText(r: number | null): string {
  return r === null ? 'Pearson r undefined (a constant column)' : `Pearson r = ${r.toFixed(2)}, a ${describeCorrelation(r)}`;
}

export function scatterSpec(axes: ScatterAxes, data: ScatterData, notes: readonly string[], size: Size): Built {
  const sampled = data.sampled < data.rows ? ` from a uniform sample of ${formatNumber(data.sampled)} of ${plural(data.rows, 'row')}` : '';
  const alt =
    `Scatter plot of ${axes.y} against ${axes.x}: ${plural(data.points.length, 'point')}${sampled}` +
    `${data.points.length < data.sampled ? ' (rows with a null left out)' : ''}; ${rText(axes.r)}.`;
  return {
    alt,
    spec: frame(`${axes.y} vs ${axes.x}`, notes, alt, {
      width: size.width,
      height: size.height,
      data: { values: data.points.map(([x, y]) => ({ x, y })) },
      mark: { type: 'point', filled: true, size: 22, opacity: pointOpacity(data.points.length), color: COLORS.primary },
      encoding: { x: { field: 'x', ...axisFor(axes.xDatetime, axes.x) }, y: { field: 'y', ...axisFor(axes.yDatetime, axes.y) } },
    }),
  };
}

export function scatterOverlaySpec(
  axes: ScatterAxes & { readonly realR: number | null },
  data: { readonly real: ScatterData; readonly synthetic: ScatterData },
  notes: readonly string[],
  size: Size,
): Built {
  const values: JsonValue[] = [];
  for (const [x, y] of data.real.points) values.push({ source: 'real', x, y });
  for (const [x, y] of data.synthetic.points) values.push({ source: 'synthetic', x, y });
  const alt =
    `Scatter plot of ${axes.y} against ${axes.x}, real (${plural(data.real.points.length, 'point')}, ` +
    `${axes.realR === null ? 'r undefined' : `r = ${axes.realR.toFixed(2)}`}) as blue circles and synthetic ` +
    `(${plural(data.synthetic.points.length, 'point')}, ${axes.r === null ? 'r undefined' : `r = ${axes.r.toFixed(2)}`}) as orange squares.`;
  const total = data.real.points.length + data.synthetic.points.length;
  return {
    alt,
    spec: frame(`${axes.y} vs ${axes.x}: real vs synthetic`, notes, alt, {
      width: size.width,
      height: size.height,
      data: { values },
      mark: { type: 'point', filled: true, size: 22, opacity: pointOpacity(total) },
      encoding: {
        x: { field: 'x', ...axisFor(axes.xDatetime, axes.x) },
        y: { field: 'y', ...axisFor(axes.yDatetime, axes.y) },
        color: { field: 'source', type: 'nominal', scale: SOURCE_SCALE, title: null },
        shape: { field: 'source', type: 'nominal', scale: { domain: ['real', 'synthetic'], range: ['circle', 'square'] }, title: null },
      },
    }),
  };
}

// ------------------------------------------------------------------------------------------ correlation

function strongestPairs(m: CorrelationMatrix): Array<{ a: string; b: string; r: number }> {
  const pairs: Array<{ a: string; b: string; r: number }> = [];
  for (let i = 0; i < m.columns.length; i++)
    for (let j = i + 1; j < m.columns.length; j++) {
      const r = m.r[i]![j];
      if (r !== null && r !== undefined) pairs.push({ a: m.columns[i] as string, b: m.columns[j] as string, r });
    }
  return pairs.sort((p, q) => Math.abs(q.r) - Math.abs(p.r));
}

function cellsOf(m: CorrelationMatrix, source?: Source): JsonValue[] {
  const cells: JsonValue[] = [];
  m.columns.forEach((a, i) =>
    m.columns.forEach((b, j) => {
      const r = m.r[i]![j] ?? null;
      cells.push({ ...(source ? { source } : {}), x: a, y: b, r, label: r === null ? '–' : r.toFixed(2) });
    }),
  );
  return cells;
}

function heatmapLayers(columns: readonly string[], size: Size): JsonObject {
  const step = Math.max(24, Math.min(56, Math.floor(size.width / Math.max(1, columns.length))));
  const sort = [...columns];
  return {
    width: { step },
    height: { step },
    encoding: {
      x: { field: 'x', type: 'nominal', sort, title: null, axis: { labelAngle: -40, labelLimit: 140 } },
      y: { field: 'y', type: 'nominal', sort, title: null, axis: { labelLimit: 140 } },
    },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          color: {
            condition: { test: 'datum.r === null', value: '#EEEEEE' },
            field: 'r',
            type: 'quantitative',
            scale: { domain: [-1, 1], scheme: 'blueorange' },
            title: 'Pearson r',
            legend: { orient: 'right', gradientLength: Math.max(80, step * columns.length - 20) },
          },
        },
      },
      {
        mark: { type: 'text', fontSize: step >= 36 ? 11 : 9 },
        encoding: {
          text: { field: 'label', type: 'nominal' },
          color: { condition: { test: 'datum.r !== null && abs(datum.r) > 0.6', value: 'white' }, value: '#222222' },
        },
      },
    ],
  };
}

export function correlationSpec(m: CorrelationMatrix, notes: readonly string[], size: Size): Built {
  const pairs = strongestPairs(m);
  const strongest = pairs
    .slice(0, 3)
    .map((p) => `${p.a}–${p.b} r = ${p.r.toFixed(2)}`)
    .join(', ');
  const alt =
    `Heatmap of Pearson correlations between ${plural(m.columns.length, 'numeric column')} (${m.columns.join(', ')}); ` +
    (pairs.length > 0 ? `strongest: ${strongest}.` : 'no pair has a defined correlation.');
  return {
    alt,
    spec: frame('Correlations between numeric columns', notes, alt, { data: { values: cellsOf(m) }, ...heatmapLayers(m.columns, size) }),
  };
}

export function correlationOverlaySpec(real: CorrelationMatrix, synthetic: CorrelationMatrix, notes: readonly string[], size: Size): Built {
  const diffs: Array<{ a: string; b: string; d: number }> = [];
  synthetic.columns.forEach((a, i) =>
    synthetic.columns.forEach((b, j) => {
      const rs = synthetic.r[i]![j];
      const rr = real.r[i]![j];
      if (j > i && rs !== null && rs !== undefined && rr !== null && rr !== undefined) diffs.push({ a, b, d: rs - rr });
    }),
  );
  diffs.sort((p, q) => Math.abs(q.d) - Math.abs(p.d));
  const alt =
    `Two heatmaps of Pearson correlations between ${plural(synthetic.columns.length, 'numeric column')}, real next to synthetic` +
    (diffs.length > 0
      ? `; the largest difference is ${diffs[0]!.a}–${diffs[0]!.b} (${diffs[0]!.d >= 0 ? '+' : ''}${diffs[0]!.d.toFixed(2)} in synthetic).`
      : '.');
  const layers = heatmapLayers(synthetic.columns, { width: size.width / 2, height: size.height });
  return {
    alt,
    spec: frame('Correlations: real vs synthetic', notes, alt, {
      data: { values: [...cellsOf(real, 'real'), ...cellsOf(synthetic, 'synthetic')] },
      facet: { column: { field: 'source', type: 'nominal', sort: ['real', 'synthetic'], title: null, header: { labelFontSize: 12 } } },
      spec: layers,
      resolve: { scale: { color: 'shared' } },
    }),
  };
}

// ------------------------------------------------------------------------------------------ null rates

export interface NullRate {
  readonly column: string;
  readonly rows: number;
  readonly nulls: number;
}

function rateOf(n: NullRate): number {
  return n.rows > 0 ? n.nulls / n.rows : 0;
}

function describeNulls(rates: readonly NullRate[]): string {
  const withNulls = rates.filter((n) => n.nulls > 0).sort((a, b) => rateOf(b) - rateOf(a));
  if (withNulls.length === 0) return `no column has nulls`;
  const listed = withNulls
    .slice(0, 5)
    .map((n) => `${n.column} ${formatShare(rateOf(n))}`)
    .join(', ');
  return `${listed}${withNulls.length > 5 ? ', …' : ''}; ${plural(rates.length - withNulls.length, 'column has', 'columns have')} no nulls`;
}

export function nullsSpec(rates: readonly NullRate[], notes: readonly string[], size: Size): Built {
  const alt = `Bar chart of the share of null values in each of ${plural(rates.length, 'column')}: ${describeNulls(rates)}.`;
  return {
    alt,
    spec: frame('Null rate per column', notes, alt, {
      width: size.width,
      height: { step: BAND },
      data: { values: rates.map((n) => ({ column: truncate(n.column, LABEL_CHARS), rate: rateOf(n), nulls: n.nulls })) },
      encoding: {
        y: { field: 'column', type: 'nominal', sort: null, title: 'column', axis: { labelLimit: 220 } },
        x: {
          field: 'rate',
          type: 'quantitative',
          title: 'share of rows that are null',
          scale: { domain: [0, 1] },
          axis: { format: '.0%' },
        },
      },
      layer: [
        { mark: { type: 'bar', color: COLORS.primary } },
        {
          mark: { type: 'text', align: 'left', dx: 3, fontSize: 10, color: COLORS.text },
          encoding: { text: { field: 'rate', type: 'quantitative', format: '.1%' } },
        },
      ],
    }),
  };
}

export function nullsOverlaySpec(real: readonly NullRate[], synthetic: readonly NullRate[], notes: readonly string[], size: Size): Built {
  const values: JsonValue[] = [
    ...real.map((n) => ({ source: 'real', column: truncate(n.column, LABEL_CHARS), rate: rateOf(n) })),
    ...synthetic.map((n) => ({ source: 'synthetic', column: truncate(n.column, LABEL_CHARS), rate: rateOf(n) })),
  ];
  const alt =
    `Grouped bar chart of the share of null values per column, real next to synthetic. ` +
    `Real: ${describeNulls(real)}. Synthetic: ${describeNulls(synthetic)}.`;
  return {
    alt,
    spec: frame('Null rate per column: real vs synthetic', notes, alt, {
      width: size.width,
      height: { step: BAND * 1.6 },
      data: { values },
      encoding: {
        y: { field: 'column', type: 'nominal', sort: null, title: 'column', axis: { labelLimit: 220 } },
        yOffset: { field: 'source', type: 'nominal', sort: ['real', 'synthetic'] },
        x: {
          field: 'rate',
          type: 'quantitative',
          title: 'share of rows that are null',
          scale: { domain: [0, 1] },
          axis: { format: '.0%' },
        },
        color: { field: 'source', type: 'nominal', scale: SOURCE_SCALE, title: null },
      },
      layer: [
        { mark: { type: 'bar' } },
        {
          mark: { type: 'text', align: 'left', dx: 3, fontSize: 9, color: COLORS.text },
          encoding: { text: { field: 'rate', type: 'quantitative', format: '.1%' }, color: { value: COLORS.text } },
        },
      ],
    }),
  };
}
