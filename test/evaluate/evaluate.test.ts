/** evaluate(): verdicts and thresholds, schema-declared expectations, bad input, and the report's JSON Schema. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import type { JsonSchema } from '../../src/core/types.js';
import { SdgError } from '../../src/core/errors.js';
import { generate } from '../../src/generate/index.js';
import { createAjv } from '../../src/schema/index.js';
import {
  DEFAULT_THRESHOLDS,
  evaluate,
  evaluateSync,
  formatReportText,
  judge,
  resolveThresholds,
  worst,
  type EvaluationReport,
} from '../../src/evaluate/index.js';

const reportSchema = JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8')) as object;
const validateReport = createAjv('2020-12', { allErrors: true }).compile(reportSchema);

function expectValidReport(report: EvaluationReport): void {
  // Through JSON, as a client receives it.
  const ok = validateReport(JSON.parse(JSON.stringify(report)));
  expect(validateReport.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

const customerSchema: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['id', 'age', 'income', 'tier', 'active', 'joined'],
  properties: {
    id: { type: 'integer', minimum: 1, 'x-unique': true },
    age: { type: 'integer', minimum: 18, maximum: 90, 'x-distribution': { type: 'normal', mean: 45, sd: 12 } },
    income: { type: 'number', minimum: 0, maximum: 200000, 'x-distribution': { type: 'lognormal', mu: 10.5, sigma: 0.5 } },
    score: { type: 'number', minimum: 0, maximum: 100 },
    tier: { enum: ['free', 'pro', 'enterprise'], 'x-weights': [70, 25, 5] },
    active: { type: 'boolean' },
    joined: { type: 'string', format: 'date' },
    email: { type: ['string', 'null'], format: 'email', 'x-nullRate': 0.2 },
  },
  'x-correlations': [
    { fields: ['age', 'income'], rho: 0.6 },
    { fields: ['income', 'score'], rho: -0.4 },
  ],
};

function customers(count: number, seed: number): Array<Record<string, unknown>> {
  return [...generate(customerSchema, { count, seed })] as Array<Record<string, unknown>>;
}

describe('thresholds and verdicts', () => {
  it('judges higher-is-better and lower-is-better values', () => {
    const higher = { direction: 'higher' as const, pass: 0.8, warn: 0.6 };
    expect([0.9, 0.8, 0.7, 0.6, 0.5].map((v) => judge(v, higher))).toEqual(['pass', 'pass', 'warn', 'warn', 'fail']);
    const lower = { direction: 'lower' as const, pass: 0.02, warn: 0.05 };
    expect([0, 0.02, 0.03, 0.05, 0.06].map((v) => judge(v, lower))).toEqual(['pass', 'pass', 'warn', 'warn', 'fail']);
    expect(judge(null, higher)).toBe('skip');
    expect(judge(NaN, higher)).toBe('skip');
    expect(worst(['pass', 'skip', 'warn'])).toBe('warn');
    expect(worst(['pass', 'fail', 'warn'])).toBe('fail');
    expect(worst(['skip'])).toBe('pass');
    expect(worst([])).toBe('pass');
  });

  it('merges overrides and refuses unknown names, non-numbers and inverted bounds', () => {
    expect(resolveThresholds({ quality: { pass: 0.9 } }).quality).toEqual({ direction: 'higher', pass: 0.9, warn: 0.6 });
    // Moving pass past the default warn drags warn along.
    expect(resolveThresholds({ quality: { pass: 0.5 } }).quality).toEqual({ direction: 'higher', pass: 0.5, warn: 0.5 });
    expect(resolveThresholds({ exactCopyRate: { pass: 0.001, warn: 0.1 } }).exactCopyRate).toEqual({
      direction: 'lower',
      pass: 0.001,
      warn: 0.1,
    });
    expect(resolveThresholds(undefined)).toEqual(DEFAULT_THRESHOLDS);
    const error = (value: unknown): SdgError => {
      try {
        resolveThresholds(value);
      } catch (e) {
        return e as SdgError;
      }
      throw new Error('no error');
    };
    expect(error({ qualty: { pass: 1 } })).toMatchObject({ code: 'SDG_ERR_BAD_OPTION', pointer: '/thresholds/qualty' });
    expect(error({ quality: { pass: '0.9' } }).message).toMatch(/must be a number/);
    expect(error({ quality: { pass: 0.5, warn: 0.7 } }).message).toMatch(/warn \(0.7\) must be at most pass \(0.5\)/);
    expect(error({ nullRate: { pass: 0.1, warn: 0.05 } }).message).toMatch(/must be at least pass/);
    expect(error({ quality: { fail: 0.1 } }).message).toMatch(/unknown field "fail"/);
    expect(error([1]).code).toBe('SDG_ERR_BAD_OPTION');
  });

  it('thresholds decide the statuses and the overall status is the worst', () => {
    const reference = customers(2000, 1);
    const data = customers(4000, 2);
    const report = evaluateSync(data, { schema: customerSchema, reference });
    expect(report.summary.quality).toBeGreaterThan(0.85);
    expect(report.checks.find((c) => c.id === 'quality')!.status).toBe('pass');
    const strict = evaluateSync(data, { schema: customerSchema, reference, thresholds: { quality: { pass: 0.999, warn: 0.99 } } });
    expect(strict.checks.find((c) => c.id === 'quality')!.status).toBe('fail');
    expect(strict.status).toBe('fail');
    expect(strict.thresholds.quality).toEqual({ direction: 'higher', pass: 0.999, warn: 0.99 });
    const order = { pass: 0, warn: 1, fail: 2 } as const;
    const worstCheck = Math.max(
      ...strict.checks.filter((c) => c.status !== 'skip').map((c) => order[c.status as 'pass' | 'warn' | 'fail']),
    );
    expect(order[strict.status]).toBe(worstCheck);
    expectValidReport(report);
  });
});

describe('schema expectations on generated data', () => {
  const data = customers(20_000, 3);
  const report = evaluateSync(data, { schema: customerSchema });
  const check = (id: string, column?: string) => report.checks.find((c) => c.id === id && (column === undefined || c.column === column));

  it('passes validity, x-nullRate, x-unique, enum coverage, x-distribution and x-correlations', () => {
    expect(report.validity).toMatchObject({ checked: 20_000, valid: 20_000, rate: 1 });
    expect(check('nullRate', 'email')).toMatchObject({ status: 'pass', expected: 0.2 });
    expect(check('uniqueness', 'id')).toMatchObject({ status: 'pass', value: 1 });
    expect(check('categoryCoverage', 'tier')).toMatchObject({ status: 'pass', value: 1 });
    expect(check('distribution', 'age')!.status).toBe('pass');
    expect(check('distribution', 'income')!.status).toBe('pass');
    expect(check('distribution', 'age')!.value).toBeLessThan(0.02);
    const correlations = report.checks.filter((c) => c.id === 'correlation');
    expect(correlations.map((c) => c.status)).toEqual(['pass', 'pass']);
    expect(report.correlations!.declared[0]!.spearman).toBeGreaterThan(0.5);
    expect(report.status).toBe('pass');
    expectValidReport(report);
  });

  it('catches duplicates, invalid rows, a wrong null rate and a wrong distribution', () => {
    const broken = data.slice(0, 5000).map((row, i) => ({
      ...row,
      id: i % 100 === 0 ? 1 : row.id, // 50 duplicates of id 1
      age: i % 2 === 0 ? 18 + (i % 73) : row.age, // half uniform instead of normal
      email: i % 2 === 0 ? null : row.email, // ~60% null instead of 20%
      tier: i === 7 ? 'platinum' : row.tier, // one invalid row
    }));
    const bad = evaluateSync(broken, { schema: customerSchema });
    expect(bad.validity!.valid).toBe(4999);
    expect(bad.validity!.examples[0]).toMatchObject({ row: 7 });
    expect(bad.checks.find((c) => c.id === 'validity')!.status).toBe('warn'); // 99.98% ≥ 0.99
    expect(bad.checks.find((c) => c.id === 'uniqueness')).toMatchObject({ status: 'fail' });
    expect(bad.checks.find((c) => c.id === 'uniqueness')!.message).toMatch(/49 duplicates/);
    expect(bad.checks.find((c) => c.id === 'nullRate' && c.column === 'email')!.status).toBe('fail');
    expect(bad.checks.find((c) => c.id === 'distribution' && c.column === 'age')!.status).toBe('fail');
    expect(bad.status).toBe('fail');
    expect(bad.columns.find((c) => c.name === 'tier')!.categories!.unexpected).toBe(1);
  });

  it('renders a text table with marks', () => {
    const text = formatReportText(report, { names: { data: 'customers.jsonl', schema: 'customer.json' } });
    expect(text).toMatch(/^synthdatagen evaluate: PASS ✓\n/);
    expect(text).toMatch(/data customers\.jsonl: 20,000 rows · schema customer\.json/);
    expect(text).toMatch(/validity 100\.0% ✓/);
    expect(text).toMatch(/\nage +numerical +0\.0%/);
    expect(text).toMatch(/checks: \d+ pass, 0 warn, 0 fail/);
  });
});

describe('bad input: clear messages or documented behaviour, never a crash', () => {
  it('empty data: a report whose rows check fails', async () => {
    const report = await evaluate([], { reference: [{ a: 1 }, { a: 2 }] });
    expect(report.rows).toBe(0);
    expect(report.status).toBe('fail');
    expect(report.checks.find((c) => c.id === 'rows')).toMatchObject({ status: 'fail', message: 'the data has no rows' });
    expectValidReport(report);
    const alone = evaluateSync([]);
    expect(alone.rows).toBe(0);
    expect(alone.columns).toEqual([]);
    expectValidReport(alone);
  });

  it('an empty or malformed reference, or rows that are not iterable, are errors that say so', () => {
    expect(() => evaluateSync([{ a: 1 }], { reference: [] })).toThrow(/reference sample has no rows/);
    expect(() => evaluateSync([{ a: 1 }], { reference: [1, 2] as unknown[] })).toThrow(/reference row 0 is not an object/);
    expect(() => evaluateSync(42 as unknown as unknown[])).toThrow(/iterable/);
    expect(() => evaluateSync([], { schema: 'nope' as unknown as JsonSchema })).toThrow(/must be a JSON object/);
    expect(() => evaluateSync([], { privacySampleSize: 0 })).toThrow(/positive integer/);
  });

  it('one column: no pairs, quality is the column shape', () => {
    const report = evaluateSync(
      [1.5, 2, 3, 4, 5, 6].map((x) => ({ x })),
      { reference: [1.5, 2, 3, 4, 5, 7].map((x) => ({ x })) },
    );
    expect(report.pairs).toEqual([]);
    expect(report.summary.columnPairTrends).toBeNull();
    expect(report.summary.quality).toBe(report.summary.columnShapes);
    expect(report.notes.join()).toMatch(/one modelled column/);
    expect(report.checks.find((c) => c.id === 'columnPairTrends')!.status).toBe('skip');
    expectValidReport(report);
  });

  it('mixed types in a column: counted, reported, left out of the statistics', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ n: i === 3 ? 'abc' : i === 4 ? true : i % 10 }));
    const report = evaluateSync(rows, { schema: { type: 'object', properties: { n: { type: 'number' } } } });
    const column = report.columns[0]!;
    expect(column.types).toMatchObject({ integer: 98, string: 1, boolean: 1 });
    expect(column.invalid).toBe(2);
    expect(column.invalidExamples).toEqual(['"abc"', 'true']);
    expect(column.stats!.count).toBe(98);
    expect(report.warnings.join()).toMatch(/2 values are not numbers/);
    expect(report.checks.find((c) => c.id === 'typeConsistency')!.status).toBe('warn'); // 98% ≥ 95%
    expect(report.validity!.valid).toBe(98);
    // Without a schema, a mixed column is categorical: every value compared by its text.
    const inferred = evaluateSync(rows, { reference: rows });
    expect(inferred.columns[0]!.kind).toBe('categorical');
    expectValidReport(report);
  });

  it('huge categorical cardinality: text beyond the category cap, estimates beyond it in the data', () => {
    const reference = Array.from({ length: 500 }, (_, i) => ({ word: `w${i % 300}`, k: i % 3 }));
    const report = evaluateSync(reference, { reference, profile: { categoryCap: 100 } });
    expect(report.columns[0]!.kind).toBe('text');
    expect(report.warnings.join()).toMatch(/"word": 300 distinct values \(more than 100\) in the reference; profiled as text/);
    const data = Array.from({ length: 5000 }, (_, i) => ({ word: `w${i}` }));
    const wide = evaluateSync(data, {
      schema: { type: 'object', properties: { word: { enum: ['w0', 'w1'] } } },
      profile: { categoryCap: 100 },
    });
    expect(wide.columns[0]!.categories!.exact).toBe(false);
    expect(wide.columns[0]!.categories!.top.length).toBe(20);
    expect(wide.columns[0]!.distinct.exact).toBe(false);
    expect(Math.abs(wide.columns[0]!.distinct.count / 5000 - 1)).toBeLessThan(0.03);
    expect(wide.warnings.join()).toMatch(/more than 100 distinct values/);
    expectValidReport(wide);
  });

  it('all-null columns and non-object rows', () => {
    const report = evaluateSync([{ a: null, b: 1 }, { a: null, b: 2 }, 7, null, { b: 3 }], {
      reference: [
        { a: null, b: 1 },
        { a: null, b: 5 },
      ],
    });
    const a = report.columns.find((c) => c.name === 'a')!;
    expect(a.kind).toBe('empty');
    expect(a.nullRate).toBe(1);
    expect(a.missing).toBe(3);
    expect(report.warnings.join()).toMatch(/column "a" is null in every row/);
    expect(report.rows).toBe(5);
    expectValidReport(report);
  });

  it('a schema Ajv cannot compile: validity skipped with the reason', () => {
    const report = evaluateSync([{ a: 1 }], { schema: { type: 'object', properties: { a: { $ref: '#/nowhere' } } } });
    expect(report.validity!.error).toMatch(/cannot be compiled/);
    expect(report.checks.find((c) => c.id === 'validity')!.status).toBe('skip');
    expectValidReport(report);
  });

  it('accepts async iterables', async () => {
    async function* rows(): AsyncGenerator<Record<string, unknown>> {
      for (let i = 0; i < 50; i++) yield { x: i, t: i % 2 === 0 ? 'a' : 'b' };
    }
    const report = await evaluate(rows(), { reference: Array.from({ length: 50 }, (_, i) => ({ x: i, t: i % 2 === 0 ? 'a' : 'b' })) });
    expect(report.summary.quality).toBe(1);
    expect(report.privacy!.exactCopyRate).toBe(1);
    expect(report.checks.find((c) => c.id === 'exactCopyRate')!.status).toBe('fail');
  });
});

describe('columns the quality score leaves out (SDMetrics scores numerical, datetime, categorical and boolean only)', () => {
  const schema: JsonSchema = {
    type: 'object',
    properties: {
      name: { type: 'string', 'x-faker': 'person.fullName' },
      motto: { type: ['string', 'null'], 'x-faker': 'lorem.sentence', 'x-nullRate': 0.5 },
      code: { type: 'string', 'x-faker': { 'string.alphanumeric': 8 } },
      colour: { type: 'string', 'x-faker': { 'helpers.arrayElement': [['red', 'green']] } },
      rating: { type: 'integer', 'x-faker': { 'number.int': { min: 1, max: 5 } } },
      lat: { type: 'number', faker: 'location.latitude' },
      ref: { type: 'string', 'x-unique': true },
      mail: { type: 'string', format: 'email' },
      size: { type: 'integer' },
    },
  };
  const reference = Array.from({ length: 400 }, (_, i) => ({
    name: `Real Person ${i % 50}`,
    motto: i % 2 === 0 ? null : `motto ${i % 7}`,
    code: `c${i % 9}`,
    colour: i % 3 === 0 ? 'red' : 'green',
    rating: 1 + (i % 5),
    lat: (i % 90) - 45,
    ref: `r${i}`,
    mail: `p${i % 20}@example.com`,
    size: i % 17,
  }));
  // Made-up values in the excluded columns: nothing like the reference's.
  const data = reference.map((row, i) => ({ ...row, name: `Fake ${i}`, motto: i % 2 === 0 ? `x ${i}` : null, code: `z${i}`, lat: i }));

  it('classifies x-faker, x-unique and identifier formats, lists them as excluded, and scores only the rest', () => {
    const report = evaluateSync(data, { schema, reference });
    const kinds = Object.fromEntries(report.columns.map((c) => [c.name, c.kind]));
    expect(kinds).toEqual({
      name: 'pii',
      motto: 'text',
      code: 'id',
      colour: 'categorical',
      rating: 'numerical',
      lat: 'pii',
      ref: 'id',
      mail: 'pii',
      size: 'numerical',
    });
    expect(report.excluded).toEqual([
      { column: 'name', kind: 'pii', reason: 'personal data: x-faker person.fullName' },
      { column: 'motto', kind: 'text', reason: 'free text: x-faker lorem.sentence' },
      { column: 'code', kind: 'id', reason: 'identifier: x-faker string.alphanumeric' },
      { column: 'lat', kind: 'pii', reason: 'personal data: x-faker location.latitude' },
      { column: 'ref', kind: 'id', reason: 'identifier: x-unique' },
      { column: 'mail', kind: 'pii', reason: 'personal data: format: email' },
    ]);
    for (const e of report.excluded) {
      const column = report.columns.find((c) => c.name === e.column)!;
      expect(column.shape).toBeNull();
      expect(column.kindReason).toBe(e.reason.slice(e.reason.indexOf(': ') + 2));
      expect(report.pairs.some((p) => p.columns.includes(e.column))).toBe(false);
    }
    // The data equals the reference on every scored column.
    expect(report.summary.columnShapes).toBe(1);
    expect(report.summary.quality).toBe(1);
    expect(report.pairs).toHaveLength(3); // colour, rating, size
    // Null-rate and uniqueness checks still run on excluded columns.
    expect(report.checks.find((c) => c.id === 'nullRate' && c.column === 'motto')).toMatchObject({ expected: 0.5, status: 'pass' });
    expect(report.checks.find((c) => c.id === 'uniqueness' && c.column === 'ref')).toMatchObject({ value: 1, status: 'pass' });
    expect(formatReportText(report)).toMatch(/not scored \(SDMetrics scores .*\):\n {2}- name: personal data: x-faker person\.fullName\n/);
    expectValidReport(report);
  });

  it('without the schema the same columns are guessed from the reference and scored as categories', () => {
    const report = evaluateSync(data, { reference });
    expect(report.columns.find((c) => c.name === 'name')!.kind).toBe('categorical');
    expect(report.summary.quality).toBeLessThan(0.9);
    // Kinds guessed as id/pii are listed too, with the reason.
    expect(report.excluded).toEqual([{ column: 'ref', kind: 'id', reason: 'identifier: every value distinct (primary key)' }]);
  });

  it("follows the columns infer's x-model fills from safe generators, whatever their type says", () => {
    const semantic = (path: string[], kind: string, type: string) => ({
      name: path.join('.'),
      path,
      missing: { null: 0, absent: 0 },
      type,
      generator: 'semantic',
      semantic: kind,
    });
    const tagged: JsonSchema = {
      type: 'object',
      properties: {
        customer: { type: 'integer', minimum: 1, maximum: 2147483647 },
        born: { type: 'string', format: 'date' },
        who: { type: 'object', properties: { handle: { type: 'string', pattern: '^[a-z]{3}[0-9]{2}$' } } },
        n: { type: 'number' },
      },
      'x-model': {
        version: 1,
        components: [
          {
            weight: 1,
            columns: [
              semantic(['customer'], 'identifier', 'integer'),
              semantic(['born'], 'birthDate', 'datetime'),
              semantic(['who', 'handle'], 'username', 'string'),
              { name: 'n', path: ['n'], generator: 'marginal', type: 'number' },
            ],
          },
        ],
      },
    };
    const rows = Array.from({ length: 50 }, (_, i) => ({ customer: i, born: '1990-01-01', who: { handle: 'abc12' }, n: i }));
    const report = evaluateSync(rows, { schema: tagged, reference: rows });
    expect(report.excluded.map((e) => [e.column, e.kind])).toEqual([
      ['customer', 'id'],
      ['born', 'pii'],
      ['who.handle', 'pii'],
    ]);
    expect(report.excluded[1]!.reason).toBe("personal data: x-model: a safe birthDate generator, not the sample's values");
    expect(report.columns.find((c) => c.name === 'n')!.kind).toBe('numerical');
    // A model it cannot read tags nothing.
    const broken = evaluateSync(rows, { schema: { ...(tagged as object), 'x-model': { components: 'no' } }, reference: rows });
    expect(broken.excluded).toEqual([]);
  });
});

describe('datetimes', () => {
  it('compares datetimes as numbers, whatever the ISO spelling or time zone', () => {
    const rng = Rng.fromSeed(5);
    const reference = Array.from({ length: 200 }, () => ({
      when: new Date(Date.UTC(2021, 0, 1) + rng.int(0, 1e6) * 60_000).toISOString(),
    }));
    const data = reference.map((r) => ({ when: r.when.replace('.000Z', '+00:00').replace('T', ' ') }));
    const report = evaluateSync(data, { reference });
    expect(report.columns[0]!.kind).toBe('datetime');
    expect(report.columns[0]!.shape!.score).toBe(1);
    expect(report.columns[0]!.stats!.unit).toBe('epoch-ms');
    expect(formatReportText(report)).toMatch(/when +datetime +0\.0% +200 +2021-\d\d-\d\dT\d\d:\d\d:00Z … 2022-/);
  });
});
