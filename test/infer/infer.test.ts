import { describe, expect, it } from 'vitest';
import { SdgError } from '../../src/core/errors.js';
import type { JsonSchemaObject } from '../../src/core/types.js';
import { infer, parseDataset, type DataRow, type XModel } from '../../src/infer/index.js';
import { correlatedSample, invalidRows, mean, pearson, quantile, rowsOf } from './helpers/fixtures.js';
import { qualityScore, scoreColumns } from './helpers/quality.js';

const sample = correlatedSample(3000);
const fitted = infer(sample, { title: 'customers' });
const props = fitted.schema.properties as Record<string, JsonSchemaObject>;

function numbers(rows: readonly DataRow[], key: string): number[] {
  return rows.map((r) => r[key]).filter((v): v is number => typeof v === 'number');
}

describe('infer: the schema', () => {
  it('is a 2020-12 object schema with one property per column and the model at the root', () => {
    expect(fitted.schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(fitted.schema.title).toBe('customers');
    expect(Object.keys(props)).toEqual(['income', 'spend', 'age', 'tier', 'active', 'signup', 'address']);
    expect(fitted.schema.required).toEqual(['income', 'spend', 'age', 'tier', 'active', 'signup']);
    const model = fitted.schema['x-model'] as unknown as XModel;
    expect(model.version).toBe(1);
    expect(model.type).toBe('gaussian-copula');
    expect(model.rows).toBe(3000);
    expect(model).toBe(fitted.model);
  });

  it('types and annotates each column', () => {
    expect(props.income).toMatchObject({ type: 'integer', 'x-distribution': { type: 'empirical' } });
    expect((props.income!['x-distribution'] as { quantiles: number[] }).quantiles).toHaveLength(101);
    expect(props.spend?.type).toEqual(['number', 'null']);
    expect(props.spend?.['x-nullRate']).toBeGreaterThan(0.05);
    expect(props.spend?.minimum).toBe(Math.min(...numbers(sample, 'spend')));
    expect(props.spend?.maximum).toBe(Math.max(...numbers(sample, 'spend')));
    expect(props.tier).toMatchObject({ type: 'string' });
    expect([...(props.tier!.enum as string[])].sort()).toEqual(['bronze', 'gold', 'silver']);
    expect((props.tier!['x-weights'] as number[]).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(props.active).toMatchObject({ type: 'boolean' });
    expect(props.signup).toEqual({ type: 'string', format: 'date' });
    const address = props.address!;
    expect(address.type).toEqual(['object', 'null']);
    expect(address.required).toEqual(['city', 'floor']);
    expect((address.properties as Record<string, JsonSchemaObject>).floor).toMatchObject({ type: 'integer', minimum: 0, maximum: 12 });
  });

  it('reports every decision', () => {
    const byName = Object.fromEntries(fitted.report.columns.map((c) => [c.name, c]));
    expect(byName.income).toMatchObject({ type: 'integer', generator: 'marginal', unique: false });
    expect(byName['address.city']).toMatchObject({ type: 'categorical', categories: 4 });
    expect(byName.signup).toMatchObject({ type: 'datetime', layout: 'YYYY-MM-DD' });
    expect(byName.spend?.nullRate).toBeGreaterThan(0.05);
    expect(fitted.report.rows).toBe(3000);
    expect(fitted.report.format).toBe('rows');
    expect(fitted.report.copulaDimensions).toBeGreaterThan(6);
  });
});

describe('infer → generate', () => {
  const generated = rowsOf(fitted.schema, 4000, 7);

  it('every row is valid against the inferred schema', () => {
    expect(invalidRows(fitted.schema, generated)).toEqual([]);
  });

  it('reproduces the marginals', () => {
    for (const key of ['income', 'spend', 'age']) {
      const real = numbers(sample, key);
      const syn = numbers(generated, key);
      expect(Math.abs(mean(syn) - mean(real)) / mean(real), key).toBeLessThan(0.03);
      for (const p of [0.1, 0.5, 0.9])
        expect(Math.abs(quantile(syn, p) - quantile(real, p)) / quantile(real, p), `${key} q${p}`).toBeLessThan(0.05);
    }
    const share = (rows: readonly DataRow[], value: string): number => rows.filter((r) => r.tier === value).length / rows.length;
    for (const tier of ['gold', 'silver', 'bronze']) expect(Math.abs(share(generated, tier) - share(sample, tier))).toBeLessThan(0.03);
    const nullShare = (rows: readonly DataRow[]): number => rows.filter((r) => r.spend === null).length / rows.length;
    expect(Math.abs(nullShare(generated) - nullShare(sample))).toBeLessThan(0.02);
    const activeShare = (rows: readonly DataRow[]): number => rows.filter((r) => r.active === true).length / rows.length;
    expect(Math.abs(activeShare(generated) - activeShare(sample))).toBeLessThan(0.03);
  });

  it('reproduces the correlations, including with missingness', () => {
    const pairs = (rows: readonly DataRow[]): [number[], number[]] => {
      const both = rows.filter((r) => typeof r.spend === 'number');
      return [both.map((r) => Math.log(r.income as number)), both.map((r) => Math.log(r.spend as number))];
    };
    expect(Math.abs(pearson(...pairs(generated)) - pearson(...pairs(sample)))).toBeLessThan(0.05);
    // Low incomes lose their spend more often: the missingness indicator keeps that.
    const missingBelowMedian = (rows: readonly DataRow[]): number => {
      const median = quantile(numbers(rows, 'income'), 0.5);
      const low = rows.filter((r) => (r.income as number) < median);
      return low.filter((r) => r.spend === null).length / low.length;
    };
    expect(Math.abs(missingBelowMedian(generated) - missingBelowMedian(sample))).toBeLessThan(0.04);
    const tierIncome = (rows: readonly DataRow[], tier: string): number =>
      mean(rows.filter((r) => r.tier === tier).map((r) => r.income as number));
    expect(tierIncome(generated, 'gold')).toBeGreaterThan(tierIncome(generated, 'silver'));
    expect(tierIncome(generated, 'silver')).toBeGreaterThan(tierIncome(generated, 'bronze'));
  });

  it('scores high on the SDMetrics-style quality', () => {
    const q = qualityScore(scoreColumns(fitted.model, sample, generated));
    expect(q.quality).toBeGreaterThan(0.92);
  });

  it('rebuilds nested objects, null or absent at their rates', () => {
    const nulls = generated.filter((r) => r.address === null).length / generated.length;
    const absent = generated.filter((r) => !('address' in r)).length / generated.length;
    expect(nulls).toBeGreaterThan(0.07);
    expect(nulls).toBeLessThan(0.13);
    expect(absent).toBeGreaterThan(0.03);
    expect(absent).toBeLessThan(0.07);
    const present = generated.find((r) => r.address !== null && r.address !== undefined)!.address as DataRow;
    expect(Object.keys(present)).toEqual(['city', 'floor']);
  });

  it('is deterministic: same seed, same rows; another seed, other rows; any slice alone', () => {
    expect(rowsOf(fitted.schema, 50, 7)).toEqual(generated.slice(0, 50));
    expect(rowsOf(fitted.schema, 50, 8)).not.toEqual(generated.slice(0, 50));
    expect(rowsOf(fitted.schema, 20, 7, 100)).toEqual(generated.slice(100, 120));
  });

  it('the fitted model round-trips through JSON', () => {
    const copy = JSON.parse(JSON.stringify(fitted.schema)) as JsonSchemaObject;
    expect(copy).toEqual(fitted.schema);
    expect(rowsOf(copy, 200, 7)).toEqual(generated.slice(0, 200));
    // And inference itself is deterministic.
    expect(JSON.stringify(infer(sample, { title: 'customers' }).schema)).toBe(JSON.stringify(fitted.schema));
  });
});

describe('infer: CSV text', () => {
  const csv = ['date,precipitation,temp,weather,flag', '2012-01-01,0.0,12.8,drizzle,true', '2012-01-02,10.9,10.6,rain,false'];
  for (let i = 3; i <= 60; i++)
    csv.push(
      `2012-01-${String((i % 28) + 1).padStart(2, '0')},${(i % 7) * 1.5},${(i % 13) + 0.5},${['rain', 'sun', 'fog'][i % 3]},${i % 2 === 0}`,
    );
  const dataset = parseDataset(csv.join('\n'), { name: 'weather.csv' });
  const { schema, report } = infer(dataset);

  it('reads numbers, booleans and dates from text', () => {
    const p = schema.properties as Record<string, JsonSchemaObject>;
    expect(p.date).toEqual({ type: 'string', format: 'date' });
    expect(p.precipitation?.type).toBe('number');
    expect(p.temp?.type).toBe('number');
    expect(p.weather?.enum).toBeDefined();
    expect(p.flag?.type).toBe('boolean');
    expect(report.format).toBe('csv');
  });

  it('generates typed values in the same layouts', () => {
    const rows = rowsOf(schema, 100, 1);
    expect(invalidRows(schema, rows)).toEqual([]);
    for (const row of rows) {
      expect(row.date).toMatch(/^2012-01-\d\d$/);
      expect(typeof row.precipitation).toBe('number');
      expect(Number.isInteger((row.precipitation as number) * 10)).toBe(true);
      expect(typeof row.flag).toBe('boolean');
    }
  });
});

describe('infer: bad and odd inputs', () => {
  const code = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (error) {
      return error instanceof SdgError ? error.code : 'not-sdg';
    }
    return undefined;
  };

  it('refuses an empty sample, a header-only CSV and records without fields, clearly', () => {
    expect(code(() => infer([]))).toBe('SDG_ERR_INVALID_DATA');
    expect(code(() => infer(parseDataset('', { name: 'x.csv' })))).toBe('SDG_ERR_INVALID_DATA');
    expect(code(() => infer(parseDataset('a,b\n', { name: 'x.csv' })))).toBe('SDG_ERR_INVALID_DATA');
    expect(code(() => infer([{}, {}]))).toBe('SDG_ERR_INVALID_DATA');
    expect(code(() => infer([1, 2] as unknown as DataRow[]))).toBe('SDG_ERR_INVALID_DATA');
    expect(code(() => infer('rows' as unknown as DataRow[]))).toBe('SDG_ERR_INVALID_DATA');
    expect(code(() => infer([{ a: 1 }], { minCategoryCount: 0 }))).toBe('SDG_ERR_BAD_OPTION');
    expect(code(() => infer([{ a: 1 }], { quantiles: 2.5 }))).toBe('SDG_ERR_BAD_OPTION');
  });

  it('fits one column, and one row, without crashing', () => {
    const one = infer(Array.from({ length: 40 }, (_, i) => ({ v: i % 9 })));
    expect(Object.keys(one.schema.properties as object)).toEqual(['v']);
    expect(invalidRows(one.schema, rowsOf(one.schema, 50))).toEqual([]);
    const single = infer([{ a: 1.5, b: 'x', c: true }]);
    expect(single.report.warnings.some((w) => w.includes('only 1 row'))).toBe(true);
    const rows = rowsOf(single.schema, 10);
    expect(invalidRows(single.schema, rows)).toEqual([]);
    expect(rows.every((r) => r.a === 1.5 && r.c === true && r.b !== 'x')).toBe(true);
  });

  it('pads ragged CSV rows and says so', () => {
    const { schema, report } = infer(parseDataset('a,b,c\n1,2\n3,4,5,6\n7,8,9\n10,11,12\n', { name: 'x.csv' }));
    expect(report.warnings.some((w) => w.includes('fewer cells'))).toBe(true);
    expect(report.warnings.some((w) => w.includes('more cells'))).toBe(true);
    expect((schema.properties as Record<string, JsonSchemaObject>).c?.type).toEqual(['integer', 'null']);
  });

  it('mixed types: the 95% majority wins and the rest become missing; otherwise text', () => {
    const mostly = infer(Array.from({ length: 100 }, (_, i) => ({ a: i === 3 ? 'oops' : i === 5 ? 'n/a' : i * 1.5 })));
    expect(mostly.report.columns[0]).toMatchObject({ type: 'number', nullRate: 0.02 });
    expect(mostly.report.warnings.some((w) => w.includes('1 value(s) that are not numbers'))).toBe(true);
    const half = infer(Array.from({ length: 100 }, (_, i) => ({ a: i % 2 ? `w${i % 3}` : i })));
    expect(half.report.columns[0]?.type).toBe('string');
    expect(invalidRows(half.schema, rowsOf(half.schema, 50))).toEqual([]);
  });

  it('huge cardinality: never a categorical', () => {
    const unique = infer(Array.from({ length: 3000 }, (_, i) => ({ code: `K${i}`, title: `the item number ${i} of many` })));
    expect(unique.report.columns.map((c) => [c.type, c.semantic])).toEqual([
      ['string', 'identifier'],
      ['string', 'text'],
    ]);
    // A long tail: categories seen ≥ 5 times cover under half the rows.
    const tail = infer(Array.from({ length: 3000 }, (_, i) => ({ label: i < 1000 ? `common ${i % 10}` : `rare ${i % 1500}` })));
    expect(tail.report.columns[0]?.semantic).toBe('text');
    // A usable head: rare categories are dropped, not reproduced.
    const head = infer(Array.from({ length: 3000 }, (_, i) => ({ label: i < 2800 ? `c${i % 20}` : `r${i}` })));
    expect(head.report.columns[0]).toMatchObject({ type: 'categorical', categories: 20 });
    expect(head.report.columns[0]?.droppedShare).toBeCloseTo(200 / 3000, 5);
    const rows = rowsOf(head.schema, 500);
    expect(rows.every((r) => /^c\d+$/.test(r.label as string))).toBe(true);
  });

  it('non-UTF-8 bytes are read as Windows-1252 with a warning', () => {
    const bytes = Buffer.concat([
      Buffer.from('name,n\n'),
      ...Array.from({ length: 12 }, (_, i) => Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2c, 0x30 + (i % 10), 0x0a])),
    ]);
    const { schema, report } = infer(parseDataset(bytes, { name: 'x.csv' }));
    expect(report.warnings[0]).toContain('not valid UTF-8');
    expect((schema.properties as Record<string, JsonSchemaObject>).name?.enum).toEqual(['café']);
  });

  it('columns that are always null, constant, or hold arrays', () => {
    const { schema, report } = infer(
      Array.from({ length: 40 }, (_, i) => ({
        nothing: null,
        same: 'x',
        n: 3,
        tags: i % 2 ? ['a', 'b'] : [],
        blob: { deep: i % 2 ? [i] : [] },
        once: [i],
      })),
    );
    const p = schema.properties as Record<string, JsonSchemaObject>;
    expect(p.nothing).toEqual({ type: 'null' });
    expect(p.same?.enum).toEqual(['x']);
    expect(p.tags).toEqual({ type: 'array', enum: [['a', 'b'], []] });
    expect(p.once).toEqual({ type: 'array', maxItems: 0 });
    expect(report.warnings.some((w) => w.includes('generated empty'))).toBe(true);
    const rows = rowsOf(schema, 30);
    expect(invalidRows(schema, rows)).toEqual([]);
    expect(rows.every((r) => r.nothing === null && r.same === 'x' && r.n === 3 && Array.isArray(r.tags) && Array.isArray(r.once))).toBe(
      true,
    );
  });

  it('CSV headers with dots stay flat columns', () => {
    const { schema } = infer(parseDataset('a.b,c\n1,2\n3,4\n5,6\n', { name: 'x.csv' }));
    expect(Object.keys(schema.properties as object)).toEqual(['a.b', 'c']);
    expect(Object.keys(rowsOf(schema, 1)[0]!)).toEqual(['a.b', 'c']);
  });

  it('honours the pii option both ways', () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({ maker: ['Anna Smith', 'John Brown', 'Mary Jones'][i % 3], code: `c${i % 4}` }));
    expect(infer(rows).report.columns[0]?.semantic).toBe('fullName');
    expect(infer(rows, { pii: { maker: false } }).report.columns[0]?.type).toBe('categorical');
    expect(infer(rows, { pii: { code: 'identifier' } }).report.columns[1]?.semantic).toBe('identifier');
  });
});
