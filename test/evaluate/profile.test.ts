/** Profiles: merge(profile(A), profile(B)) ≈ profile(A ∪ B), JSON round trips, plans. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import type { JsonSchema } from '../../src/core/types.js';
import { buildPlan, createProfiler, evaluateProfile, evaluateSync, Profiler, schemaColumns } from '../../src/evaluate/index.js';

const TIERS = ['free', 'pro', 'enterprise'];

function makeRows(seed: number, count: number): Array<Record<string, unknown>> {
  const rng = Rng.fromSeed(seed);
  return Array.from({ length: count }, (_, i) => {
    const z = rng.normal();
    const tier = rng.pick(TIERS);
    return {
      id: `row-${seed}-${i}`,
      age: rng.bool(0.05) ? null : Math.max(18, Math.round(42 + 12 * z)),
      income: Math.round(Math.exp(10 + 0.4 * z) * 100) / 100,
      tier,
      active: rng.bool(0.7),
      signup: new Date(Date.UTC(2020, 0, 1) + rng.int(0, 900) * 86_400_000).toISOString().slice(0, 10),
      address: { city: rng.pick(['Lyon', 'Oslo', 'Pune']), zip: String(rng.int(10000, 99999)) },
      ...(rng.bool(0.1) ? {} : { score: rng.bool(0.01) ? 'n/a' : Math.round(rng.normal() * 100) / 10 }),
    };
  });
}

const schema: JsonSchema = {
  type: 'object',
  required: ['id', 'income', 'tier', 'active', 'signup'],
  properties: {
    id: { type: 'string', 'x-unique': true },
    age: { type: ['integer', 'null'], minimum: 18 },
    income: { type: 'number', minimum: 0 },
    tier: { enum: TIERS },
    active: { type: 'boolean' },
    signup: { type: 'string', format: 'date' },
    address: { type: 'object', properties: { city: { type: 'string' }, zip: { type: 'string', pattern: '^[0-9]{5}$' } } },
    score: { type: 'number' },
  },
};

describe('profile merging', () => {
  const reference = makeRows(1, 3000);
  const data = [...makeRows(2, 12_000), ...reference.slice(0, 40)];
  const { plan } = buildPlan({ schema: schemaColumns(schema), reference });

  const profile = (rows: Array<Record<string, unknown>>, rowOffset: number): Profiler => {
    const p = createProfiler({ plan, schema, rowOffset, options: plan.options });
    for (const row of rows) p.add(row);
    return p;
  };

  it('gives the single-pass profile: exact parts equal, sketches within their error bound', () => {
    const whole = profile(data, 0);
    const a = profile(data.slice(0, 5000), 0);
    const b = profile(data.slice(5000), 5000);
    a.merge(b);
    expect(a.rows).toBe(whole.rows);
    const wj = whole.toJSON();
    const mj = a.toJSON();
    mj.columns.forEach((col, i) => {
      const w = wj.columns[i]!;
      expect([col.nulls, col.missing, col.invalid, col.types]).toEqual([w.nulls, w.missing, w.invalid, w.types]);
      expect(col.ks).toEqual(w.ks);
      if (w.categories) expect(new Map(col.categories!.others)).toEqual(new Map(w.categories.others));
      if (w.categories) expect(col.categories!.knownCounts).toEqual(w.categories.knownCounts);
      if (w.moments) {
        expect(col.moments!.n).toBe(w.moments.n);
        expect(col.moments!.mean / w.moments.mean).toBeCloseTo(1, 12);
        expect(col.moments!.m2 / w.moments.m2).toBeCloseTo(1, 10);
        expect([col.moments!.min, col.moments!.max]).toEqual([w.moments.min, w.moments.max]);
      }
    });
    expect(mj.contingency).toEqual(wj.contingency);
    expect(mj.sample).toEqual(wj.sample);
    expect(mj.copies).toEqual(wj.copies);
    expect(mj.copies!.exact).toBe(40);
    expect(mj.validity).toEqual(wj.validity);
    // Distinct counts: exact below the cap, so equal.
    whole.columns.forEach((col, i) => expect(a.columns[i]!.distinctCount()).toEqual(col.distinctCount()));
    // Quantiles: both within 1% rank error of the truth.
    const incomes = data.map((r) => r.income as number).sort((x, y) => x - y);
    const rankOf = (x: number): number => incomes.filter((v) => v <= x).length / incomes.length;
    for (const p of [0.05, 0.25, 0.5, 0.75, 0.95]) {
      const merged = a.column('income')!.distribution()!.quantile(p);
      expect(Math.abs(rankOf(merged) - p)).toBeLessThan(0.01);
    }
    // The reports agree on every exact figure.
    const fromMerged = evaluateProfile(a, { reference });
    const fromWhole = evaluateSync(data, { schema, reference });
    expect(fromMerged.summary.quality).toBeCloseTo(fromWhole.summary.quality!, 12);
    fromWhole.pairs.forEach((pair, i) => expect(fromMerged.pairs[i]!.score).toBeCloseTo(pair.score!, 12));
    expect(fromMerged.columns.map((c) => c.shape)).toEqual(fromWhole.columns.map((c) => c.shape));
    expect(fromMerged.privacy).toEqual(fromWhole.privacy);
    expect(fromMerged.validity).toEqual(fromWhole.validity);
  });

  it('round-trips through JSON to the same report', () => {
    const p = profile(data.slice(0, 4000), 0);
    const copy = Profiler.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    const json = (x: Profiler): unknown => JSON.parse(JSON.stringify(x.toJSON())); // JSON has no -0
    expect(json(copy)).toEqual(json(p));
    expect(evaluateProfile(copy, { reference })).toEqual(evaluateProfile(p, { reference }));
  });

  it('refuses to merge profiles of different plans', () => {
    const other = createProfiler({ reference: reference.slice(0, 100) });
    expect(() => profile(data.slice(0, 10), 0).merge(other)).toThrow(/different plans/);
  });

  it('refuses a reference the profile was not built against', () => {
    const p = createProfiler();
    p.add({ a: 1 });
    expect(() => evaluateProfile(p, { reference: [{ a: 1 }] })).toThrow(/not built against this reference/);
  });
});

describe('plans', () => {
  it('without schema or reference, infers kinds from the first rows (buffered), SDV style', () => {
    const p = createProfiler({ inferenceRows: 100 });
    const rows = makeRows(3, 300);
    rows.forEach((r) => p.add(r));
    const kinds = Object.fromEntries(p.plan.columns.map((c) => [c.name, c.kind]));
    expect(kinds).toEqual({
      id: 'id',
      age: 'numerical',
      income: 'numerical',
      tier: 'categorical',
      active: 'boolean',
      signup: 'datetime',
      'address.city': 'pii',
      'address.zip': 'numerical', // SDV's name list has zipcode/postcode, not zip; the values look numeric
      score: 'numerical', // decided on the first 100 rows; the rare "n/a" that come later are counted as invalid
    });
    expect(p.rows).toBe(300);
    expect(p.column('score')!.invalid).toBeGreaterThan(0);
  });

  it('takes kinds, enum categories, x-unique and x-distribution from the schema', () => {
    const { plan } = buildPlan({
      schema: schemaColumns({
        type: 'object',
        properties: {
          n: { type: 'integer', minimum: 0, maximum: 10, 'x-distribution': 'uniform' },
          e: { enum: ['a', 'b', null], 'x-nullRate': 0.2 },
          u: { type: 'string', format: 'uuid' },
          nested: { type: 'object', properties: { when: { type: 'string', format: 'date-time' } } },
          $ref_target: { $ref: '#/$defs/flag' },
        },
        $defs: { flag: { type: 'boolean' } },
      }),
    });
    expect(plan.columns.map((c) => [c.name, c.kind])).toEqual([
      ['n', 'numerical'],
      ['e', 'categorical'],
      ['u', 'id'],
      ['nested.when', 'datetime'],
      ['$ref_target', 'boolean'],
    ]);
    expect(plan.columns[1]!.categories).toEqual(['a', 'b']);
    expect(plan.columns[1]!.expect?.nullRate).toBe(0.2);
    expect(plan.columns[0]!.expect?.distribution).toMatchObject({ lo: 0, hi: 10, step: 1 });
  });
});

describe('per-run set-up shared across profilers', () => {
  it('compiles a schema validator once per distinct schema (by canonical JSON), within a bounded cache', () => {
    const text = JSON.stringify(schema);
    const validatorOf = (s: JsonSchema): unknown => Reflect.get(createProfiler({ schema: s }), 'validator');
    // The same schema parsed anew, keys in another order: the same compiled validator.
    const first = validatorOf(JSON.parse(text) as JsonSchema);
    const reordered = Object.fromEntries(Object.entries(JSON.parse(text) as Record<string, unknown>).reverse()) as JsonSchema;
    expect(validatorOf(reordered)).toBe(first);
    // Evicted after VALIDATOR_CACHE_SIZE others, then compiled again: the same verdicts either way.
    for (let i = 0; i < 40; i++) validatorOf({ type: 'object', properties: { [`f${i}`]: { type: 'integer' } } });
    expect(validatorOf(JSON.parse(text) as JsonSchema)).not.toBe(first);
    const rows = makeRows(3, 200);
    const a = createProfiler({ schema });
    const b = createProfiler({ schema: JSON.parse(text) as JsonSchema });
    for (const row of rows) {
      a.add(row);
      b.add(row);
    }
    expect(a.validityState()).toEqual(b.validityState());
    expect(a.validityState()!.valid).toBeLessThan(200); // 'n/a' scores
    // A schema Ajv cannot compile keeps its reason on a cache hit.
    const broken: JsonSchema = { type: 'object', properties: { a: { $ref: '#/nowhere' } } };
    createProfiler({ schema: broken });
    expect(createProfiler({ schema: broken }).validityState()!.error).toMatch(/cannot be compiled/);
  });

  it('profilers of one plan share its derived tables and count the same', () => {
    const reference = makeRows(5, 500);
    const { plan } = buildPlan({ reference });
    const a = createProfiler({ plan });
    const b = createProfiler({ plan });
    const income = plan.columns.findIndex((c) => c.name === 'income');
    expect(a.columns[income]!.gridIndex).toBe(b.columns[income]!.gridIndex);
    expect(a.columns[income]!.ksCounts).not.toBe(b.columns[income]!.ksCounts);
    for (const row of makeRows(6, 300)) a.add(row);
    expect(Array.from(b.columns[income]!.ksCounts!).every((n) => n === 0)).toBe(true);
  });
});
