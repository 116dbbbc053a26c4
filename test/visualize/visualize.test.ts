import { beforeAll, describe, expect, it } from 'vitest';
import { SdgError } from '../../src/core/errors.js';
import { createProfiler } from '../../src/evaluate/index.js';
import { correlationOf, sampleCorrelation } from '../../src/visualize/derive.js';
import { planCharts, visualize, type Chart, type VisualizeResult } from '../../src/visualize/index.js';
import { allTexts, axisLabels, axisTitles, customers, markCount, markGroups, pngSize, titleTexts } from './helpers.js';

function chart(result: VisualizeResult, id: string): Chart {
  const found = result.charts.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no chart ${id}; have ${result.charts.map((c) => c.id).join(', ')}`);
  return found;
}

/** Bars of a histogram: the non-empty rect items (Vega draws zero-height bins as zero-height paths). */
function rects(svg: string): number {
  return markCount(svg, 'rect');
}

describe('visualize: one data set, every default chart', () => {
  const rows = customers(1000, 1);
  let result: VisualizeResult;

  beforeAll(async () => {
    result = await visualize(rows, { scale: [1, 2] });
  });

  it('draws the chart each column kind calls for, and skips the id column with a reason', () => {
    expect(result.rows).toBe(1000);
    expect(result.reference).toBeNull();
    expect(result.charts.map((c) => c.id)).toEqual([
      'histogram-age',
      'histogram-income',
      'values-tier',
      'values-active',
      'histogram-signup',
      'histogram-balance',
      'scatter-income-balance',
      'scatter-age-balance',
      'scatter-age-income',
      'correlation',
      'nulls',
    ]);
    expect(result.skipped).toEqual([{ kind: 'values', columns: ['id'], reason: expect.stringContaining('identifier') }]);
  });

  it('histogram: one bar per bin, axis titles, title, alt text in the SVG', () => {
    const c = chart(result, 'histogram-age');
    const bins = (c.spec.data as { values: Array<{ count: number }> }).values;
    expect(rects(c.svg)).toBe(bins.length);
    // Counts are exact here (the row sample holds every row) and add up to the values.
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(1000);
    expect(c.notes).toEqual([]);
    expect(axisTitles(c.svg)).toEqual(['age', 'rows']);
    expect(titleTexts(c.svg)).toContain('Distribution of age');
    expect(c.title).toBe('Distribution of age');
    expect(c.alt).toMatch(/^Histogram of age: 1,000 values in \d+ bins from 18 to \d+, median \d+/);
    expect(c.svg).toContain(`<desc>${c.alt}</desc>`);
    expect(c.svg).toContain('<title>Distribution of age</title>');
    expect(c.spec.description).toBe(c.alt);
  });

  it('PNGs decode with the SVG size times the scale, text included (fonts loaded)', () => {
    for (const c of result.charts) {
      expect(c.images.map((i) => i.scale)).toEqual([1, 2]);
      for (const image of c.images) {
        const size = pngSize(image.png);
        expect(size).toEqual({ width: image.width, height: image.height });
        expect(size.width).toBe(Math.round(c.width * image.scale));
        expect(size.height).toBe(Math.round(c.height * image.scale));
      }
    }
    // With no font the PNG would hold bars only; text makes the 2x image clearly larger than bars alone.
    expect(chart(result, 'values-tier').images[1]!.png.length).toBeGreaterThan(8000);
  });

  it('datetime histogram: a UTC time axis', () => {
    const c = chart(result, 'histogram-signup');
    expect(axisTitles(c.svg)).toEqual(['signup (UTC)', 'rows']);
    expect(axisLabels(c.svg).some((l) => /^20\d\d$/.test(l))).toBe(true);
    expect(c.alt).toContain('from 2020-01-');
  });

  it('a column with nulls says how many were left out', () => {
    const c = chart(result, 'histogram-balance');
    expect(c.notes[0]).toMatch(/^\d+ nulls not shown$/);
    expect(titleTexts(c.svg)).toContain(c.notes[0]);
  });

  it('value counts: one bar per value with its share printed', () => {
    const c = chart(result, 'values-tier');
    expect(rects(c.svg)).toBe(3);
    expect(axisLabels(c.svg)).toEqual(expect.arrayContaining(['free', 'pro', 'enterprise']));
    expect(markGroups(c.svg, 'text')[0]).toHaveLength(3);
    expect(markGroups(c.svg, 'text')[0]!.every((t) => /^\d+\.\d%$/.test(t))).toBe(true);
    expect(axisTitles(c.svg)).toEqual(['rows', 'tier']);
  });

  it('scatter: the most correlated pairs, one point per row with both values', () => {
    const c = chart(result, 'scatter-income-balance');
    const withBoth = rows.filter((r) => r.balance !== null).length;
    expect(markCount(c.svg, 'symbol')).toBe(withBoth);
    expect(axisTitles(c.svg)).toEqual(['income', 'balance']);
    expect(c.alt).toContain('Pearson r = 1.00');
    expect(c.alt).toContain('rows with a null left out');
  });

  it('correlation heatmap: k² cells, each labelled', () => {
    const c = chart(result, 'correlation');
    expect(c.columns).toEqual(['age', 'income', 'signup', 'balance']);
    expect(rects(c.svg)).toBe(16);
    expect(markGroups(c.svg, 'text')[0]).toHaveLength(16);
    expect(markGroups(c.svg, 'text')[0]).toContain('1.00');
  });

  it('null rates: one bar per column', () => {
    const c = chart(result, 'nulls');
    expect(rects(c.svg)).toBe(7);
    expect(c.alt).toContain('balance');
    expect(c.alt).toContain('6 columns have no nulls');
  });
});

describe('visualize: real vs synthetic', () => {
  const synthetic = customers(600, 3);
  const real = customers(900, 4, 0.2);
  let result: VisualizeResult;

  beforeAll(async () => {
    result = await visualize(synthetic, { reference: real, scale: [1] });
  });

  it('every chart compares', () => {
    expect(result.reference).toEqual({ rows: 900 });
    expect(result.charts.every((c) => c.compared)).toBe(true);
  });

  it('histograms: real filled and synthetic outlined on the same bins, as shares', () => {
    const c = chart(result, 'histogram-income');
    const groups = markGroups(c.svg, 'rect');
    expect(groups).toHaveLength(2);
    expect(groups[0]!.length).toBe(groups[1]!.length);
    expect(axisTitles(c.svg)).toEqual(['income', 'share of rows']);
    expect(allTexts(c.svg)).toEqual(expect.arrayContaining(['real', 'synthetic']));
    const values = (c.spec.data as { values: Array<{ source: string; share: number }> }).values;
    for (const source of ['real', 'synthetic']) {
      const total = values.filter((v) => v.source === source).reduce((a, v) => a + v.share, 0);
      expect(total).toBeCloseTo(1, 9);
    }
  });

  it('value counts side by side', () => {
    const c = chart(result, 'values-tier');
    expect(rects(c.svg)).toBe(6);
    expect(c.alt).toMatch(/free [\d.]+% real vs [\d.]+% synthetic/);
  });

  it('scatter: both sides, told apart by colour and shape', () => {
    const c = chart(result, 'scatter-age-income');
    expect(markCount(c.svg, 'symbol')).toBe(1500);
    expect(c.alt).toContain('blue circles');
    expect(c.alt).toContain('orange squares');
  });

  it('correlation heatmaps side by side, null rates grouped', () => {
    expect(rects(chart(result, 'correlation').svg)).toBe(2 * 16);
    expect(rects(chart(result, 'nulls').svg)).toBe(2 * 7);
  });

  it('takes the reference as a profiler, and the data as a profiler or its JSON: same charts as from rows', async () => {
    const byRows = await planCharts(synthetic, { reference: real, charts: ['histogram', 'values'] });
    const refProfiler = createProfiler({ validate: false });
    for (const row of real) refProfiler.add(row);
    const byProfile = await planCharts(synthetic, { reference: refProfiler, charts: ['histogram', 'values'] });
    expect(byProfile.charts.map((c) => c.id)).toEqual(byRows.charts.map((c) => c.id));
    const profiler = createProfiler({ plan: refProfiler.plan, validate: false });
    for (const row of synthetic) profiler.add(row);
    const fromJson = await planCharts(profiler.toJSON(), { reference: refProfiler.toJSON(), charts: ['histogram', 'values'] });
    expect(fromJson.charts.map((c) => c.spec)).toEqual(byProfile.charts.map((c) => c.spec));
    const withRows = await planCharts(profiler, { reference: real, charts: ['values'] });
    expect(withRows.charts.map((c) => c.spec)).toEqual(byProfile.charts.filter((c) => c.kind === 'values').map((c) => c.spec));
  });

  it('one side without values still draws the other', async () => {
    const plan = await planCharts(
      synthetic.map((r) => ({ ...r, income: null, tier: null })),
      { reference: real, charts: ['histogram', 'values'], columns: ['income', 'tier'] },
    );
    expect(plan.charts.map((c) => c.empty)).toEqual([undefined, undefined]);
    expect(plan.charts[0]!.notes).toContain('synthetic: all 600 values are null');
    const both = await planCharts([{ x: null, c: null }], { reference: [{ x: null, c: null }], charts: ['histogram'] });
    expect(both.charts[0]!.empty).toContain('no values on either side');
  });
});

describe('visualize: large profiles', () => {
  it('a histogram of 30,000 rows comes from the quantile sketch and says so', async () => {
    const profiler = createProfiler({ schema: { type: 'object', properties: { x: { type: 'number' } } }, validate: false });
    for (let i = 0; i < 30_000; i++) profiler.add({ x: (i * 7919) % 1000 });
    const plan = await planCharts(profiler, { charts: ['histogram'] });
    const c = plan.charts[0]!;
    expect(c.notes).toContain('counts estimated from a quantile sketch (within 1% of rows)');
    const bins = (c.spec.data as { values: Array<{ count: number }> }).values;
    const total = bins.reduce((a, b) => a + b.count, 0);
    expect(Math.abs(total - 30_000)).toBeLessThanOrEqual(30);
    // Uniform over 0..999: every bin within 1% of rows of its true count.
    const width = (bins[1] as unknown as { start: number; end: number }).end - (bins[1] as unknown as { start: number }).start;
    for (const bin of bins.slice(1, -1)) expect(Math.abs(bin.count - 30 * width)).toBeLessThanOrEqual(300);
  });

  it('scatter plots sample at most maxPoints rows, and say so', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => ({ x: i, y: (i * 37) % 101 }));
    const schema = { type: 'object', properties: { x: { type: 'number' }, y: { type: 'number' } } };
    const plan = await planCharts(rows, { schema, charts: ['scatter'], maxPoints: 500 });
    const c = plan.charts[0]!;
    expect((c.spec.data as { values: unknown[] }).values).toHaveLength(500);
    expect(c.notes).toEqual(['a uniform sample of 500 of 12,000 rows']);
    expect(c.alt).toContain('from a uniform sample of 500 of 12,000 rows');
  });
});

describe('visualize: degenerate input', () => {
  it('an empty data set: no chart, one clear reason', async () => {
    const result = await visualize([], {});
    expect(result.charts).toEqual([]);
    expect(result.skipped).toEqual([{ kind: 'all', columns: [], reason: 'the data set has no rows: there is nothing to chart' }]);
  });

  it('an all-null column: a chart that says so (numbers, categories, unknown type)', async () => {
    const schema = {
      type: 'object',
      properties: { n: { type: ['number', 'null'] }, c: { enum: ['a', 'b', null] }, u: {} },
    };
    const rows = Array.from({ length: 50 }, () => ({ n: null, c: null, u: null }));
    const result = await visualize(rows, { schema, charts: ['histogram', 'values'], scale: [1] });
    expect(result.charts.map((c) => [c.id, c.empty])).toEqual([
      ['histogram-n', 'all 50 values are null'],
      ['values-c', 'all 50 values are null'],
      ['histogram-u', 'all 50 values are null'],
    ]);
    for (const c of result.charts) {
      expect(allTexts(c.svg)).toContain('all 50 values are null');
      expect(pngSize(c.images[0]!.png).width).toBe(Math.round(c.width));
    }
  });

  it('a single distinct value: one bar, and a note saying so', async () => {
    const schema = {
      type: 'object',
      properties: { x: { type: 'number' }, d: { type: 'string', format: 'date' }, c: { enum: ['only', 'other'] } },
    };
    const result = await visualize(
      Array.from({ length: 20 }, () => ({ x: 42, d: '2024-05-01', c: 'only' })),
      { schema, charts: ['histogram', 'values'], scale: [1] },
    );
    const [x, d, c] = result.charts;
    expect(rects(x!.svg)).toBe(1);
    expect(x!.notes[0]).toContain('a single distinct value');
    expect(x!.alt).toBe('Histogram of x: all 20 values are 42.');
    expect(rects(d!.svg)).toBe(1);
    expect(d!.alt).toContain('2024-05-01');
    expect(c!.notes).toContain('a single distinct value');
    const one = await planCharts([{ x: 7.5 }], { schema, charts: ['histogram'] });
    expect(one.charts[0]!.notes[0]).toBe('a single distinct value: one row');
  });

  it('non-finite numbers are left out and counted; all non-finite says so', async () => {
    const rows = [
      ...Array.from({ length: 30 }, (_, i) => ({ x: i, y: Number.NaN })),
      { x: Number.POSITIVE_INFINITY, y: Number.NEGATIVE_INFINITY },
      { x: Number.NaN, y: Number.POSITIVE_INFINITY },
    ];
    const schema = { type: 'object', properties: { x: { type: 'number' }, y: { type: 'number' } } };
    const result = await visualize(rows, { schema, charts: ['histogram', 'scatter'], scale: [1] });
    const [x, y, scatter] = result.charts;
    expect(x!.notes).toContain('2 values that are not finite numbers left out');
    expect((x!.spec.data as { values: Array<{ count: number }> }).values.reduce((a, b) => a + b.count, 0)).toBe(30);
    expect(y!.empty).toBe('no usable value: 32 values that are not finite numbers');
    expect(allTexts(y!.svg)).toContain('no usable value: 32 values that are not finite numbers');
    expect(scatter!.empty).toBe('no row has values in both x and y');
  });

  it('too few numeric columns: scatter and heatmap skipped with the reason', async () => {
    const result = await planCharts(
      [
        { x: 1, c: 'a' },
        { x: 2, c: 'b' },
      ],
      { charts: ['scatter', 'correlation'] },
    );
    expect(result.charts).toEqual([]);
    expect(result.skipped.map((s) => [s.kind, s.reason])).toEqual([
      ['scatter', 'needs two numeric or datetime columns; there is one'],
      ['correlation', 'needs two numeric or datetime columns; there is one'],
    ]);
  });

  it('constant columns: r undefined, the heatmap marks it', async () => {
    const schema = { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' }, c: { type: 'number' } } };
    const plan = await planCharts(
      Array.from({ length: 10 }, (_, i) => ({ a: i, b: 5, c: i * i })),
      { schema, charts: ['correlation', 'scatter'], scatterPairs: 3 },
    );
    const heat = plan.charts.find((c) => c.kind === 'correlation')!;
    expect(heat.notes).toContain('– : undefined (a constant or empty column)');
    const scatters = plan.charts.filter((c) => c.kind === 'scatter').map((c) => c.columns.join('-'));
    expect(scatters[0]).toBe('a-c');
    expect(plan.charts.find((c) => c.id === 'scatter-a-b')!.alt).toContain('Pearson r undefined');
  });

  it('personal-data and text columns are never charted', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ email: `u${i}@example.com`, n: i }));
    const plan = await planCharts(rows, { charts: ['values', 'histogram'] });
    expect(plan.skipped.map((s) => s.reason)).toEqual([expect.stringContaining('personal data'), expect.stringContaining('identifier')]);
    const other = await planCharts([{ tags: ['a'] }, { tags: ['b'] }], { charts: ['histogram'] });
    expect(other.skipped[0]!.reason).toContain('arrays or objects');
  });

  it('no column has nulls: the null chart says so', async () => {
    const plan = await planCharts([{ a: 1 }, { a: 2 }], { charts: ['nulls'] });
    expect(plan.charts[0]!.notes).toEqual(['no column has nulls']);
    expect(plan.charts[0]!.alt).toContain('no column has nulls');
  });

  it('many values: top N plus an "other" bar; long and empty labels stay distinct', async () => {
    const long = 'x'.repeat(50);
    const rows = Array.from({ length: 200 }, (_, i) => ({ c: i < 50 ? `${long}A` : i < 90 ? `${long}B` : i < 100 ? '' : `v${i % 30}` }));
    const result = await visualize(rows, { charts: ['values'], topN: 4, scale: [1] });
    const c = result.charts[0]!;
    const labels = (c.spec.data as { values: Array<{ label: string; group: string }> }).values;
    expect(labels).toHaveLength(5);
    expect(new Set(labels.map((l) => l.label)).size).toBe(5);
    expect(labels.map((l) => l.label)).toContain('(empty)');
    expect(labels[4]).toMatchObject({ group: 'other', label: '(other: 29 values)' });
    expect(rects(c.svg)).toBe(5);
  });
});

describe('visualize: options', () => {
  const rows = customers(200, 5);

  it('columns, charts, pairs, size, scale and data URIs', async () => {
    const result = await visualize(rows, {
      columns: ['income', 'age'],
      charts: ['histogram', 'scatter'],
      pairs: [['age', 'income']],
      size: { width: 300, height: 200 },
      scale: 1.5,
      dataUri: true,
    });
    expect(result.charts.map((c) => c.id)).toEqual(['histogram-income', 'histogram-age', 'scatter-age-income']);
    const c = result.charts[0]!;
    expect(c.spec.width).toBe(300);
    expect(c.images).toHaveLength(1);
    expect(pngSize(c.images[0]!.png).width).toBe(Math.round(c.width * 1.5));
    expect(Buffer.from(c.images[0]!.dataUri!.replace('data:image/png;base64,', ''), 'base64').equals(Buffer.from(c.images[0]!.png))).toBe(
      true,
    );
    expect(Buffer.from(c.svgDataUri!.replace('data:image/svg+xml;base64,', ''), 'base64').toString('utf8')).toBe(c.svg);
  });

  it('scale [] renders SVG only; async iterables are profiled too', async () => {
    async function* stream(): AsyncGenerator<unknown> {
      for (const row of rows) yield row;
    }
    const result = await visualize(stream(), { charts: ['values'], scale: [] });
    expect(result.rows).toBe(200);
    expect(result.charts.every((c) => c.images.length === 0 && c.svg.startsWith('<svg'))).toBe(true);
    const fromIterable = await planCharts(new Set(rows), { charts: ['values'] });
    expect(fromIterable.rows).toBe(200);
  });

  it('a reference given as an iterable, the data as a profile', async () => {
    const profiler = createProfiler({ validate: false });
    for (const row of rows) profiler.add(row);
    const plan = await planCharts(profiler, { reference: new Set(customers(100, 6)), charts: ['nulls'] });
    expect(plan.reference).toEqual({ rows: 100 });
    const both = await planCharts(new Set(rows), { reference: new Set(customers(100, 6)), charts: ['nulls'] });
    expect(both.reference).toEqual({ rows: 100 });
  });

  it('bad options are SdgErrors that name the option', async () => {
    const cases: Array<[unknown, string]> = [
      [{ charts: ['pie'] }, '/charts/0'],
      [{ charts: 'histogram' }, '/charts'],
      [{ scale: [0] }, '/scale/0'],
      [{ size: { width: 10 } }, '/size/width'],
      [{ topN: 0 }, '/topN'],
      [{ columns: ['nope'] }, '/columns/0'],
      [{ columns: 'age' }, '/columns'],
      [{ pairs: [['age', 'tier']] }, '/pairs/0/1'],
      [{ pairs: [['age']] }, '/pairs/0'],
      [{ pairs: 'age' }, '/pairs'],
      [{ reference: 42 }, '/reference'],
    ];
    for (const [options, pointer] of cases) {
      const error = await planCharts(rows, options as never).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, JSON.stringify(options)).toBeInstanceOf(SdgError);
      expect((error as SdgError).pointer).toBe(pointer);
    }
    await expect(planCharts(42 as never)).rejects.toThrow(/rows \(an array or iterable of objects\), a Profiler or a profile's JSON/);
    await expect(planCharts([], { columns: ['a'] })).rejects.toThrow(/unknown column/);
  });
});

describe('correlation from the profile', () => {
  it('co-moments (all rows) and the row sample agree when the sample holds every row', () => {
    const profiler = createProfiler({ validate: false });
    for (const row of customers(500, 7)) profiler.add(row);
    const names = ['age', 'income', 'signup', 'balance'];
    const exact = correlationOf(profiler, names);
    const sampled = sampleCorrelation(profiler, names);
    expect(exact.sampled).toBe(false);
    expect(sampled.sampled).toBe(true);
    exact.r.forEach((row, i) => row.forEach((r, j) => expect(sampled.r[i]![j]).toBeCloseTo(r as number, 9)));
    expect(sampled.n).toEqual(exact.n);
  });
});
