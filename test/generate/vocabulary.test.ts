import { describe, expect, it } from 'vitest';
import { compileSchema, generate } from '../../src/generate/index.js';
import { SdgError } from '../../src/core/index.js';
import { createAjv } from '../../src/schema/index.js';

function rows<T = Record<string, unknown>>(schema: unknown, count: number, seed = 1): T[] {
  return [...generate(schema as object, { count, seed })] as T[];
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function sd(values: number[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1));
}

function ranks(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  order.forEach(([, i], r) => (out[i] = r));
  return out;
}

function pearson(a: number[], b: number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - ma) * (b[i]! - mb);
    da += (a[i]! - ma) ** 2;
    db += (b[i]! - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}

describe('statistics vocabulary', () => {
  it('x-distribution normal is truncated to the bounds and has the declared moments', () => {
    const values = rows<number>(
      { type: 'number', minimum: 0, maximum: 200, 'x-distribution': { type: 'normal', mean: 100, sd: 15 } },
      4000,
    );
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(200);
    expect(Math.abs(mean(values) - 100)).toBeLessThan(1.5);
    expect(Math.abs(sd(values) - 15)).toBeLessThan(1.5);
  });

  it('x-distribution exponential, lognormal, poisson and zipf have the right shape', () => {
    const exp = rows<number>({ type: 'number', minimum: 0, 'x-distribution': { type: 'exponential', rate: 0.5 } }, 4000);
    expect(Math.abs(mean(exp) - 2)).toBeLessThan(0.2);
    const logn = rows<number>({ type: 'number', minimum: 0, 'x-distribution': { type: 'lognormal', mu: 0, sigma: 0.5 } }, 4000);
    const median = logn.slice().sort((a, b) => a - b)[2000]!;
    expect(Math.abs(median - 1)).toBeLessThan(0.1);
    const pois = rows<number>({ type: 'integer', minimum: 0, 'x-distribution': { type: 'poisson', lambda: 3 } }, 4000);
    expect(pois.every(Number.isInteger)).toBe(true);
    expect(Math.abs(mean(pois) - 3)).toBeLessThan(0.2);
    const zipf = rows<number>({ type: 'integer', minimum: 1, maximum: 100, 'x-distribution': { type: 'zipf', s: 1.2 } }, 4000);
    const ones = zipf.filter((v) => v === 1).length;
    const twos = zipf.filter((v) => v === 2).length;
    expect(ones).toBeGreaterThan(twos);
    expect(ones / 4000).toBeGreaterThan(0.2);
  });

  it('x-distribution uniform with multipleOf stays on the grid', () => {
    const values = rows<number>({ type: 'number', minimum: 0, maximum: 10, multipleOf: 0.25, 'x-distribution': 'uniform' }, 500);
    expect(values.every((v) => Number.isInteger(v / 0.25))).toBe(true);
  });

  it('x-weights skews an enum', () => {
    const values = rows<string>({ enum: ['a', 'b', 'c'], 'x-weights': [8, 1, 1] }, 5000);
    const share = values.filter((v) => v === 'a').length / values.length;
    expect(share).toBeGreaterThan(0.77);
    expect(share).toBeLessThan(0.83);
  });

  it('x-nullRate sets the share of nulls', () => {
    const values = rows<string | null>({ type: ['string', 'null'], 'x-nullRate': 0.3 }, 5000);
    const share = values.filter((v) => v === null).length / values.length;
    expect(Math.abs(share - 0.3)).toBeLessThan(0.03);
  });

  it('x-unique gives distinct values for integers, strings, emails and uuids', () => {
    const schema = {
      type: 'object',
      required: ['id', 'code', 'email', 'uuid', 'small'],
      properties: {
        id: { type: 'integer', minimum: 1, 'x-unique': true },
        code: { type: 'string', maxLength: 12, 'x-unique': true },
        email: { type: 'string', format: 'email', 'x-unique': true },
        uuid: { type: 'string', format: 'uuid', 'x-unique': true },
        small: { type: 'integer', minimum: 0, maximum: 2999, 'x-unique': true },
      },
    };
    const data = rows(schema, 3000);
    for (const key of ['id', 'code', 'email', 'uuid', 'small']) expect(new Set(data.map((r) => r[key])).size).toBe(3000);
    expect(new Set(data.map((r) => r.small))).toEqual(new Set(Array.from({ length: 3000 }, (_, i) => i)));
  });

  it('x-unique beyond the domain is a clear error', () => {
    expect(() => rows({ type: 'integer', minimum: 0, maximum: 9, 'x-unique': true }, 11)).toThrow(/only 10 distinct values/);
  });

  it('x-correlations reaches the target rank correlation', () => {
    const schema = {
      type: 'object',
      required: ['income', 'spend', 'age'],
      properties: {
        income: { type: 'number', minimum: 0, maximum: 200000, 'x-distribution': { type: 'lognormal', mu: 10.5, sigma: 0.5 } },
        spend: { type: 'number', minimum: 0, maximum: 10000 },
        age: { type: 'integer', minimum: 18, maximum: 90 },
      },
      'x-correlations': [
        { fields: ['income', 'spend'], rho: 0.8 },
        { fields: ['income', 'age'], rho: -0.3 },
      ],
    };
    const data = rows<{ income: number; spend: number; age: number }>(schema, 4000);
    const rho = pearson(ranks(data.map((r) => r.income)), ranks(data.map((r) => r.spend)));
    expect(Math.abs(rho - 0.8)).toBeLessThan(0.04);
    const rho2 = pearson(ranks(data.map((r) => r.income)), ranks(data.map((r) => r.age)));
    expect(Math.abs(rho2 + 0.3)).toBeLessThan(0.05);
  });
});

describe('realism', () => {
  it('property names pick semantic generators from safe spaces', () => {
    const data = rows<Record<string, string>>(
      {
        type: 'object',
        required: ['first_name', 'last_name', 'email', 'phone', 'city'],
        properties: {
          first_name: { type: 'string' },
          last_name: { type: 'string' },
          email: { type: 'string' },
          phone: { type: 'string' },
          city: { type: 'string' },
        },
      },
      200,
    );
    for (const r of data) {
      expect(r.first_name).toMatch(/^[A-Z][\p{L}'’ -]+$/u);
      expect(r.email).toMatch(/@(example\.(com|org|net)|[a-z0-9.-]+\.(test|example|invalid))$/);
    }
    expect(new Set(data.map((r) => r.first_name)).size).toBeGreaterThan(50);
  });

  it('x-faker and the json-schema-faker faker keyword call faker methods', () => {
    const data = rows<Record<string, unknown>>(
      {
        type: 'object',
        required: ['a', 'b'],
        properties: {
          a: { type: 'string', 'x-faker': 'person.jobTitle' },
          b: { type: 'integer', faker: { 'number.int': { min: 5, max: 7 } } },
        },
      },
      100,
    );
    for (const r of data) {
      expect(typeof r.a).toBe('string');
      expect([5, 6, 7]).toContain(r.b);
    }
  });
});

describe('x-faker beside a format', () => {
  const ajv = createAjv('2020-12');
  const fakerOnly = (keyword: unknown, count: number): string[] =>
    [...generate({ type: 'string', 'x-faker': keyword } as object, { count, seed: 1 })] as string[];

  it('uses the faker value when the format accepts it', () => {
    const schema = { type: 'string', format: 'email', 'x-faker': 'internet.email' };
    const values = rows<string>(schema, 200);
    // Exactly the faker method's values, as without the format: none needed replacing.
    expect(values).toEqual(fakerOnly('internet.email', 200));
    const validate = ajv.compile(schema);
    expect(values.every((v) => validate(v))).toBe(true);
  });

  it('falls back to the format generator, per value and deterministically, when the faker value is invalid', () => {
    const never = {
      type: 'object',
      required: ['e'],
      properties: { e: { type: 'string', format: 'email', 'x-faker': 'person.firstName' } },
    };
    const data = rows<{ e: string }>(never, 200);
    const validEmail = ajv.compile({ type: 'string', format: 'email' });
    expect(data.every((r) => validEmail(r.e))).toBe(true);
    expect(rows(never, 200)).toEqual(data);
    expect(compileSchema(never, { seed: 1 }).row(137)).toEqual(data[137]);

    const sometimes = {
      type: 'string',
      format: 'uri',
      'x-faker': { 'helpers.arrayElement': [['https://a.example/kept', 'not a uri']] },
    };
    const values = rows<string>(sometimes, 300);
    const validUri = ajv.compile(sometimes);
    expect(values.every((v) => validUri(v))).toBe(true);
    expect(values).not.toContain('not a uri');
    const kept = values.filter((v) => v === 'https://a.example/kept').length;
    // The faker picks each value half the time: the valid half is kept as is, the other half replaced.
    expect(kept).toBeGreaterThan(100);
    expect(kept).toBeLessThan(200);
    const alone = compileSchema(sometimes, { seed: 1 });
    values.forEach((v, i) => expect(alone.row(i)).toBe(v));
  });

  it('needs no per-row Ajv check: the checked faker value makes the schema exact', () => {
    expect(compileSchema({ type: 'string', format: 'email', 'x-faker': 'person.firstName' }).exact).toBe(true);
    // date.past gives date-times: every value is the date generator's, checked or not.
    const schema = { type: 'string', format: 'date', faker: 'date.past' };
    const values = rows<string>(schema, 50, 3);
    expect([...generate(schema, { count: 50, seed: 3, validate: false })]).toEqual(values);
    const validate = ajv.compile(schema);
    expect(values.every((v) => validate(v))).toBe(true);
  });
});

describe('errors name the place', () => {
  function error(schema: unknown): SdgError {
    try {
      rows(schema, 3);
    } catch (e) {
      return e as SdgError;
    }
    throw new Error('expected an error');
  }

  it('unsatisfiable constraints', () => {
    const e = error({ type: 'object', required: ['a'], properties: { a: { type: 'integer', minimum: 5, maximum: 1 } } });
    expect(e).toBeInstanceOf(SdgError);
    expect(e.code).toBe('SDG_ERR_GENERATION_FAILED');
    expect(e.pointer).toBe('/properties/a');
  });

  it('unresolvable refs', () => {
    const e = error({ properties: { a: { $ref: '#/$defs/nope' } }, required: ['a'] });
    expect(e.code).toBe('SDG_ERR_UNRESOLVED_REF');
    expect(e.pointer).toBe('/properties/a');
  });

  it('invalid patterns and x- keywords', () => {
    expect(error({ type: 'string', pattern: '(' }).code).toBe('SDG_ERR_INVALID_SCHEMA');
    expect(error({ type: 'number', 'x-distribution': 'gamma' }).pointer).toBe('/x-distribution');
    expect(error({ type: 'string', 'x-faker': 'no.such.method' }).code).toBe('SDG_ERR_INVALID_SCHEMA');
  });

  it('bad counts', () => {
    expect(() => [...generate({}, { count: -1 })]).toThrow(/count must be a non-negative integer/);
    expect(() => [...generate({}, { count: 1.5 })]).toThrow(SdgError);
  });

  it('never fetches a remote ref that was not supplied', () => {
    expect(error({ $ref: 'https://example.com/schema.json' }).code).toBe('SDG_ERR_UNRESOLVED_REF');
    const supplied = [
      ...generate(
        { $ref: 'https://example.com/schema.json' },
        { count: 2, refs: { 'https://example.com/schema.json': { type: 'integer', minimum: 3, maximum: 3 } } },
      ),
    ];
    expect(supplied).toEqual([3, 3]);
  });
});
