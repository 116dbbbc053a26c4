import { describe, expect, it } from 'vitest';
import { SdgError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import type { JsonSchemaObject, JsonValue } from '../../src/core/types.js';
import { createModelSampler } from '../../src/generate/model.js';
import { MODEL_VERSION, parseModel, runsPattern, type ModelColumn, type XModel } from '../../src/infer/index.js';
import { invalidRows, mean, rowsOf } from './helpers/fixtures.js';

const none = { null: 0, absent: 0 };

type Dimensions = XModel['components'][number]['copula']['dimensions'];

function model(columns: ModelColumn[], dimensions: Dimensions = [], correlation: number[][] = [], objects: XModel['objects'] = []): XModel {
  return {
    version: MODEL_VERSION,
    type: 'gaussian-copula',
    rows: 100,
    minCategoryCount: 5,
    components: [{ weight: 1, rows: 100, columns, copula: { dimensions, correlation } }],
    objects,
  };
}

/** The one-column model `base` with its column (or its component) patched. */
function patched(base: XModel, column: Record<string, unknown> | undefined, component: Record<string, unknown> = {}): XModel {
  const c = base.components[0]!;
  return {
    ...base,
    components: [{ ...c, ...(column === undefined ? {} : { columns: [{ ...c.columns[0], ...column }] }), ...component }],
  } as XModel;
}

function sampler(m: unknown): ReturnType<typeof createModelSampler> {
  return createModelSampler({ type: 'object', 'x-model': m as JsonValue } as JsonSchemaObject, '');
}

function draw(m: unknown, count: number, seed = 1): Array<Record<string, JsonValue>> {
  const s = sampler(m);
  const root = Rng.fromSeed(seed);
  return Array.from({ length: count }, (_, i) => s.sample(root.forkIndex(i), i) as Record<string, JsonValue>);
}

function errorOf(fn: () => unknown): SdgError | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof SdgError) return error;
    throw error;
  }
  return undefined;
}

describe('x-model validation', () => {
  const good = model([{ name: 'a', path: ['a'], missing: none, type: 'number', generator: 'marginal', quantiles: [0, 1], decimals: 2 }]);

  it('accepts a well-formed model', () => {
    expect(parseModel(JSON.parse(JSON.stringify(good)), '/x-model')).toEqual(good);
  });

  const col = '/x-model/components/0/columns/0';
  it.each([
    ['not an object', 5, '/x-model'],
    ['another version', { ...good, version: 2 }, '/x-model/version'],
    ['another type', { ...good, type: 'ctgan' }, '/x-model/type'],
    ['no components', { ...good, components: [] }, '/x-model/components'],
    ['a component that is not an object', { ...good, components: [3] }, '/x-model/components/0'],
    ['a bad weight', patched(good, undefined, { weight: -1 }), '/x-model/components/0/weight'],
    ['all weights zero', patched(good, undefined, { weight: 0 }), '/x-model/components'],
    ['columns missing', patched(good, undefined, { columns: undefined }), '/x-model/components/0/columns'],
    [
      'components with other columns',
      { ...good, components: [good.components[0], patched(good, { path: ['z'] }).components[0]] },
      '/x-model/components/1/columns',
    ],
    ['a column that is not an object', patched(good, undefined, { columns: [7] }), col],
    ['a bad path', patched(good, { path: [] }), `${col}/path`],
    ['a bad null share', patched(good, { missing: { null: 2, absent: 0 } }), `${col}/missing/null`],
    ['shares above one', patched(good, { missing: { null: 0.6, absent: 0.6 } }), `${col}/missing`],
    ['decreasing quantiles', patched(good, { quantiles: [2, 1] }), `${col}/quantiles`],
    ['bad decimals', patched(good, { decimals: -1 }), `${col}/decimals`],
    ['unknown generator', patched(good, { generator: 'gan' }), `${col}/generator`],
    ['unknown marginal type', patched(good, { type: 'complex' }), `${col}/type`],
    ['no categories', patched(good, { type: 'categorical', values: [], weights: [] }), `${col}/values`],
    ['weights not matching values', patched(good, { type: 'categorical', values: ['x'], weights: [0.5, 0.5] }), `${col}/weights`],
    ['a semantic column without its kind', patched(good, { generator: 'semantic', type: 'string' }), `${col}/semantic`],
    ['a datetime without resolution', patched(good, { type: 'datetime', format: { layout: 'YYYY' } }), `${col}/resolution`],
    ['a datetime without layout', patched(good, { type: 'datetime', resolution: 1 }), `${col}/format`],
    ['no copula', patched(good, undefined, { copula: null }), '/x-model/components/0/copula'],
    ['no dimensions', patched(good, undefined, { copula: { correlation: [] } }), '/x-model/components/0/copula/dimensions'],
    [
      'a dimension out of range',
      patched(good, undefined, { copula: { dimensions: [{ column: 3, role: 'value' }], correlation: [[1]] } }),
      '/x-model/components/0/copula/dimensions/0',
    ],
    [
      'a bad role',
      patched(good, undefined, { copula: { dimensions: [{ column: 0, role: 'other' }], correlation: [[1]] } }),
      '/x-model/components/0/copula/dimensions/0/role',
    ],
    [
      'a matrix of the wrong size',
      patched(good, undefined, { copula: { dimensions: [{ column: 0, role: 'value' }], correlation: [] } }),
      '/x-model/components/0/copula/correlation',
    ],
    [
      'a non-square matrix',
      patched(good, undefined, { copula: { dimensions: [{ column: 0, role: 'value' }], correlation: [[1, 0]] } }),
      '/x-model/components/0/copula/correlation/0',
    ],
    ['objects missing', { ...good, objects: 1 }, '/x-model/objects'],
    ['an object entry that is not an object', { ...good, objects: [1] }, '/x-model/objects/0'],
    ['a bad object entry', { ...good, objects: [{ path: ['o'], missing: { null: 'x' } }] }, '/x-model/objects/0/missing/null'],
  ])('refuses %s, naming the pointer', (_name, value, pointer) => {
    const error = errorOf(() => sampler(value));
    expect(error?.code).toBe('SDG_ERR_INVALID_SCHEMA');
    expect(error?.pointer).toBe(pointer);
  });

  it('through generate, the error names the pointer too', () => {
    const error = errorOf(() => rowsOf({ type: 'object', 'x-model': { version: 9 } } as JsonSchemaObject, 1));
    expect(error?.pointer).toBe('/x-model/version');
  });
});

describe('sampling', () => {
  it('repairs a correlation matrix that is not positive definite', () => {
    const column = (name: string): ModelColumn => ({
      name,
      path: [name],
      missing: none,
      type: 'number',
      generator: 'marginal',
      quantiles: [0, 1],
      decimals: 6,
    });
    const bad = model(
      [column('a'), column('b'), column('c')],
      [0, 1, 2].map((c) => ({ column: c, role: 'value' as const })),
      [
        [1, 0.9, 0.9],
        [0.9, 1, -0.9],
        [0.9, -0.9, 1],
      ],
    );
    const rows = draw(bad, 500);
    expect(rows.every((r) => typeof r.a === 'number' && (r.a as number) >= 0 && (r.a as number) <= 1)).toBe(true);
  });

  it('identifiers follow the pattern, stay unique and keep out of the sample space', () => {
    const identifier = {
      runs: [{ literal: 'AB-' }, { class: 'digit' as const, min: 4, max: 4 }],
      exclusive: { run: 1, position: 0, chars: '0' },
    };
    const rows = draw(
      model([
        {
          name: 'id',
          path: ['id'],
          missing: none,
          type: 'string',
          generator: 'semantic',
          semantic: 'identifier',
          identifier,
          unique: true,
        },
      ]),
      1000,
    );
    const ids = rows.map((r) => r.id as string);
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^AB-0[0-9]{3}$/);
    // More rows than the space holds: still values of the pattern (no longer unique).
    const over = draw(
      model([
        {
          name: 'id',
          path: ['id'],
          missing: none,
          type: 'string',
          generator: 'semantic',
          semantic: 'identifier',
          identifier,
          unique: true,
        },
      ]),
      1005,
    );
    expect(over[1004]?.id).toMatch(/^AB-0[0-9]{3}$/);
  });

  it('identifiers with variable runs or an extra length', () => {
    const identifier = {
      runs: [
        { class: 'upper' as const, min: 1, max: 3 },
        { class: 'digit' as const, min: 2, max: 3 },
      ],
      extraLength: { run: 1, length: 3 },
    };
    const rows = draw(
      model([
        {
          name: 'id',
          path: ['id'],
          missing: none,
          type: 'string',
          generator: 'semantic',
          semantic: 'identifier',
          identifier,
          unique: false,
        },
      ]),
      200,
    );
    for (const r of rows) expect(r.id).toMatch(new RegExp(runsPattern(identifier.runs)));
    for (const r of rows) expect(r.id).toMatch(/^[A-Z]{1,3}[0-9]{3}$/);
    const plain = draw(
      model([
        { name: 'k', path: ['k'], missing: none, type: 'string', generator: 'semantic', semantic: 'identifier', length: 9, unique: true },
      ]),
      300,
    );
    expect(new Set(plain.map((r) => r.k)).size).toBe(300);
    for (const r of plain) expect(r.k).toMatch(/^[a-z0-9]{9}$/);
    const long = draw(
      model([{ name: 'k', path: ['k'], missing: none, type: 'string', generator: 'semantic', semantic: 'identifier', length: 40 }]),
      5,
    );
    for (const r of long) expect(r.k).toMatch(/^[a-z0-9]{40}$/);
  });

  it('integer identifiers lie in their range, unique', () => {
    const rows = draw(
      model([
        {
          name: 'n',
          path: ['n'],
          missing: none,
          type: 'integer',
          generator: 'semantic',
          semantic: 'identifier',
          range: [1000, 9999],
          unique: true,
        },
      ]),
      2000,
    );
    const values = rows.map((r) => r.n as number);
    expect(new Set(values).size).toBe(2000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...values)).toBeLessThanOrEqual(9999);
  });

  it('the run key reorders unique identifiers', () => {
    const m = model([
      {
        name: 'n',
        path: ['n'],
        missing: none,
        type: 'integer',
        generator: 'semantic',
        semantic: 'identifier',
        range: [1000, 9999],
        unique: true,
      },
    ]);
    const a = createModelSampler({ 'x-model': m as unknown as JsonValue }, '', 1).sample(Rng.fromSeed(1), 0);
    const b = createModelSampler({ 'x-model': m as unknown as JsonValue }, '', 2).sample(Rng.fromSeed(1), 0);
    expect(a).not.toEqual(b);
  });

  it('free text, birth dates, empty values, JSON categories and semantic kinds', () => {
    const columns: ModelColumn[] = [
      {
        name: 't',
        path: ['t'],
        missing: none,
        type: 'string',
        generator: 'semantic',
        semantic: 'text',
        words: [2, 2, 3],
        letterCase: 'title',
      },
      { name: 'u', path: ['u'], missing: none, type: 'string', generator: 'semantic', semantic: 'text', letterCase: 'upper' },
      {
        name: 'b',
        path: ['b'],
        missing: none,
        type: 'datetime',
        generator: 'semantic',
        semantic: 'birthDate',
        format: { layout: 'DD.MM.YYYY' },
      },
      { name: 'e', path: ['e'], missing: none, type: 'string', generator: 'semantic', semantic: 'empty', shape: 'object' },
      {
        name: 'j',
        path: ['j'],
        missing: none,
        type: 'categorical',
        generator: 'marginal',
        values: ['[1,2]', '{"a":true}'],
        weights: [0.5, 0.5],
        json: true,
      },
      { name: 'm', path: ['m'], missing: none, type: 'string', generator: 'semantic', semantic: 'mac' },
      { name: 'g', path: ['g'], missing: none, type: 'string', generator: 'semantic', semantic: 'uuid' },
      { name: 'x', path: ['x'], missing: none, type: 'null', generator: 'none' },
    ];
    const rows = draw(model(columns), 100);
    for (const r of rows) {
      expect(r.t).toMatch(/^[A-Z][a-z]+( [A-Z][a-z]+){1,2}$/);
      expect(r.u).toMatch(/^[A-Z ]+$/);
      expect(r.b).toMatch(/^\d\d\.\d\d\.(19[4-9]\d|200[0-6])$/);
      expect(r.e).toEqual({});
      expect([[1, 2], { a: true }]).toContainEqual(r.j);
      expect(r.m).toMatch(/^00:00:5e:00:53:[0-9a-f]{2}$/);
      expect(r.g).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(r.x).toBeNull();
    }
    // JSON values are copies: mutating one row does not touch the next.
    (rows[0]!.j as unknown as { push?: (v: number) => void }).push?.(3);
    expect(draw(model(columns), 1)[0]?.j).not.toEqual([1, 2, 3]);
  });

  it('refuses a semantic kind it has no generator for', () => {
    const error = errorOf(() =>
      sampler(model([{ name: 's', path: ['s'], missing: none, type: 'string', generator: 'semantic', semantic: 'teleport' as never }])),
    );
    expect(error?.code).toBe('SDG_ERR_INVALID_SCHEMA');
    expect(error?.pointer).toBe('/x-model/components/0/columns/0');
  });

  it('numbers: rounded to decimals and step, clamped, calendar dates', () => {
    const columns: ModelColumn[] = [
      { name: 'n', path: ['n'], missing: none, type: 'number', generator: 'marginal', quantiles: [0, 10, 100], decimals: 1, step: 2.5 },
      {
        name: 'd',
        path: ['d'],
        missing: none,
        type: 'datetime',
        generator: 'marginal',
        quantiles: [Date.UTC(1970, 0, 1), Date.UTC(1980, 0, 1)],
        resolution: 86_400_000,
        calendar: 'year',
        format: { layout: 'YYYY-MM-DD' },
      },
      {
        name: 'm',
        path: ['m'],
        missing: none,
        type: 'datetime',
        generator: 'marginal',
        quantiles: [Date.UTC(1970, 0, 1), Date.UTC(1971, 0, 1)],
        resolution: 86_400_000,
        calendar: 'month',
        format: { layout: 'MMM YYYY DD' },
      },
    ];
    const rows = draw(model(columns), 300);
    for (const r of rows) {
      expect(Number.isInteger((r.n as number) / 2.5)).toBe(true);
      expect(r.n as number).toBeGreaterThanOrEqual(0);
      expect(r.n as number).toBeLessThanOrEqual(100);
      expect(r.d).toMatch(/^19[78]\d-01-01$/);
      expect(r.m).toMatch(/^[A-Z][a-z]{2} 197[01] 01$/);
    }
  });

  it('missingness in the copula keeps the value marginal exact', () => {
    // A value strongly tied to another column whose missingness depends on that column.
    const columns: ModelColumn[] = [
      { name: 'a', path: ['a'], missing: none, type: 'number', generator: 'marginal', quantiles: [0, 1], decimals: 6 },
      {
        name: 'b',
        path: ['b'],
        missing: { null: 0.3, absent: 0.2 },
        type: 'number',
        generator: 'marginal',
        quantiles: [0, 1],
        decimals: 6,
      },
    ];
    const dims = [
      { column: 0, role: 'value' as const },
      { column: 1, role: 'value' as const },
      { column: 1, role: 'missing' as const },
    ];
    const corr = [
      [1, 0.8, 0.8],
      [0.8, 1, 0.6],
      [0.8, 0.6, 1],
    ];
    const rows = draw(model(columns, dims, corr), 20000);
    const present = rows.filter((r) => typeof r.b === 'number').map((r) => r.b as number);
    expect(present.length / rows.length).toBeCloseTo(0.5, 1);
    expect(rows.filter((r) => r.b === null).length / rows.length).toBeCloseTo(0.3, 1);
    expect(rows.filter((r) => !('b' in r)).length / rows.length).toBeCloseTo(0.2, 1);
    // Uniform on [0, 1] among present rows, though presence correlates with the value's neighbours.
    expect(mean(present)).toBeCloseTo(0.5, 1);
    expect(present.filter((v) => v < 0.25).length / present.length).toBeCloseTo(0.25, 1);
  });

  it('nested objects that are sometimes null or absent', () => {
    const columns: ModelColumn[] = [
      { name: 'o.p.q', path: ['o', 'p', 'q'], missing: none, type: 'categorical', generator: 'marginal', values: ['x'], weights: [1] },
      {
        name: 'o.r',
        path: ['o', 'r'],
        missing: { null: 0, absent: 1 },
        type: 'categorical',
        generator: 'marginal',
        values: ['y'],
        weights: [1],
      },
    ];
    const rows = draw(model(columns, [], [], [{ name: 'o', path: ['o'], missing: { null: 0.5, absent: 0.5 } }]), 400);
    const nulls = rows.filter((r) => r.o === null).length;
    const absent = rows.filter((r) => !('o' in r)).length;
    expect(nulls + absent).toBe(400);
    expect(nulls).toBeGreaterThan(150);
    const kept = draw(model(columns), 3);
    expect(kept[0]).toEqual({ o: { p: { q: 'x' } } });
  });

  it('a schema without correlations or columns', () => {
    expect(draw(model([]), 2)).toEqual([{}, {}]);
    expect(invalidRows({ type: 'object' }, draw(model([]), 1))).toEqual([]);
  });
});
