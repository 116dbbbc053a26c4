/**
 * Compiled row programs and the exactness proof.
 *
 * - Proof: schemas built only from keywords the generators meet by construction are marked exact, and then
 *   skip the per-row Ajv check; so an independent Ajv must accept every row they produce (fast-check over
 *   that fragment, with length bounds, patterns, formats, nesting, optional members, x- vocabulary).
 * - Program: a compiled program is an optimisation, not a second generator: every row equals the general
 *   path's row, and its JSONL bytes equal JSON.stringify of that row.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchema, Engine, JsonOut } from '../../src/generate/index.js';
import { createAjv } from '../../src/schema/index.js';
import type { JsonSchema, JsonSchemaObject } from '../../src/core/index.js';

const EXACT_PATTERNS = [
  '^[A-Z]{2}$',
  '^[0-9]{5}$',
  '^SKU-[A-Z]{3}-[0-9]{4}$',
  '^[a-z]+-[0-9]{2,4}$',
  '^(foo|bar)+$',
  '\\d{3}',
  '^\\p{L}{2,6}$',
];
const EXACT_FORMATS = ['email', 'uuid', 'date', 'date-time', 'time', 'ipv4', 'ipv6', 'uri', 'uri-reference', 'hostname', 'duration'];
const NAMES = ['first_name', 'last_name', 'email', 'city', 'street', 'zip', 'price', 'age', 'created_at', 'status', 'note', 'x'];

const lengths = fc.option(
  fc
    .tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 40 }))
    .map(([min, extra]) => ({ minLength: min, maxLength: min + extra })),
  { nil: undefined },
);

/** Leaves of the exact fragment, every keyword in a form the proof accepts. */
const exactLeaf: fc.Arbitrary<JsonSchemaObject> = fc.oneof(
  fc
    .tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 500 }), fc.boolean())
    .map(([min, span, exclusive]) =>
      exclusive
        ? { type: 'integer', exclusiveMinimum: min, maximum: min + span + 1 }
        : { type: 'integer', minimum: min, maximum: min + span },
    ),
  fc
    .tuple(
      fc.integer({ min: -100, max: 100 }),
      fc.constantFrom(0.01, 0.05, 0.1, 0.25, 0.5, 3, 0.001, 1e-7),
      fc.integer({ min: 1, max: 100000 }),
    )
    .map(([min, multipleOf, span]) => ({ type: 'number', minimum: min, maximum: min + span, multipleOf })),
  fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true })).map(([lo, span]) => ({
    type: 'number',
    exclusiveMinimum: lo,
    maximum: lo + span + 1,
  })),
  fc.constant({ type: 'number' }),
  fc.constant({ type: 'integer', 'x-distribution': { type: 'poisson', lambda: 3 }, minimum: 0, maximum: 40 }),
  fc.constant({ type: 'number', 'x-distribution': { type: 'normal', mean: 50, sd: 10 }, minimum: 0, maximum: 100, multipleOf: 0.5 }),
  lengths.map((l) => ({ type: 'string', ...l })),
  fc.constantFrom(...EXACT_PATTERNS).map((pattern) => ({ type: 'string', pattern })),
  fc.constant({ type: 'string', pattern: '^[a-z]+-[0-9]{2,4}$', minLength: 6, maxLength: 12 }),
  // Bounds every format can meet somewhere in [10, 40] (a fixed-length uuid or date inside them too).
  fc
    .tuple(
      fc.constantFrom(...EXACT_FORMATS),
      fc.option(fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 40, max: 80 })), { nil: undefined }),
    )
    .map(([format, b]) => ({ type: 'string', format, ...(b === undefined ? {} : { minLength: b[0], maxLength: b[1] }) })),
  fc.constant({ type: 'string', format: 'uuid', 'x-unique': true }),
  fc.constant({ type: 'integer', minimum: 1, 'x-unique': true }),
  fc
    .uniqueArray(fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant(null)), { minLength: 1, maxLength: 5 })
    .map((values) => ({ enum: values })),
  fc.constant({ enum: ['a', 'b', 'c'], 'x-weights': [5, 1, 0] }),
  fc.constant({ type: 'string', enum: ['red', 'green', 3], maxLength: 3 }),
  fc.constant({ type: 'boolean' }),
  fc.constant({ type: 'null' }),
  fc.constant({ type: ['string', 'null'], maxLength: 4, 'x-nullRate': 0.3 }),
  fc.constant({ type: ['integer', 'string'], minimum: 5, maximum: 9, pattern: '^[a-c]{3}$' }),
  fc.integer({ min: 1, max: 99 }).map((n) => ({ const: n, title: 'a constant', description: 'annotated' })),
  fc.constant({ const: { nested: [1, 'two'] } }),
  fc.constant({ 'x-faker': 'person.jobTitle', type: 'string', maxLength: 60 }),
  // x-faker beside a format: faker values the format rejects (always, or sometimes) fall back to its generator.
  fc.constant({ type: 'string', format: 'email', 'x-faker': 'person.firstName' }),
  fc.constant({ type: 'string', format: 'email', 'x-faker': 'internet.email', maxLength: 24 }),
  fc.constant({ type: 'string', format: 'uri', 'x-faker': { 'helpers.arrayElement': [['https://a.example/x', 'not a uri']] } }),
  fc.constant({ type: 'string', format: 'date', faker: 'date.past' }),
  fc.constant(true as unknown as JsonSchemaObject),
);

const exactSchema: fc.Arbitrary<JsonSchemaObject> = fc.letrec<{ node: JsonSchemaObject }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    exactLeaf,
    fc.dictionary(fc.constantFrom(...NAMES), tie('node'), { minKeys: 1, maxKeys: 6 }).chain((properties) =>
      fc
        .tuple(
          fc.subarray(Object.keys(properties)),
          fc.constantFrom<boolean | JsonSchemaObject | undefined>(undefined, false, true, { type: 'integer' }),
        )
        .map(([required, additionalProperties]) => ({
          type: 'object',
          properties,
          required,
          ...(additionalProperties === undefined ? {} : { additionalProperties }),
        })),
    ),
    fc
      .tuple(tie('node'), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }))
      .map(([items, min, extra]) => ({ type: 'array', items, minItems: min, maxItems: min + extra })),
    fc.constant({ type: 'array' }),
    // required names outside `properties`: a free value, or the additionalProperties schema
    fc.constant({ type: 'object', properties: { a: { type: 'integer' } }, required: ['a', 'b'] }),
    fc.constant({
      type: 'object',
      properties: { a: { type: 'boolean' } },
      required: ['b'],
      additionalProperties: { type: 'string', format: 'ipv4' },
    }),
    fc.constant({
      type: 'object',
      properties: { code: { type: 'string' } },
      patternProperties: { '^x-': { type: 'integer' } },
      required: ['code'],
    }),
  ),
})).node;

/** Constructs outside the fragment: each must keep the per-row Ajv check. */
const INEXACT: readonly JsonSchema[] = [
  { anyOf: [{ type: 'string' }, { type: 'integer' }] },
  { type: 'integer', not: { const: 3 } },
  { $defs: { a: { type: 'integer' } }, $ref: '#/$defs/a' },
  { type: 'object', properties: { a: { $ref: '#/$defs/a' } }, $defs: { a: { type: 'string' } } },
  { type: 'integer', format: 'int32' },
  { type: 'object', properties: { a: { type: 'integer' } }, minProperties: 1 },
  { type: 'object', properties: { a: { type: 'integer' } }, dependentRequired: { a: ['b'] } },
  { type: 'object', properties: { x1: { type: 'string' } }, patternProperties: { '^x': { minLength: 2 } } },
  { type: 'array', items: { type: 'integer' }, uniqueItems: true },
  { type: 'array', contains: { type: 'integer' } },
  { type: 'array', prefixItems: [{ type: 'integer' }] },
  { type: 'string', contentMediaType: 'application/json' },
  { type: 'integer', minimum: '3' } as unknown as JsonSchema,
  { type: 'string', nullable: true },
  { type: 'object', properties: { a: { type: 'integer' } }, 'x-correlations': [] },
  // an own "__proto__" member cannot be made by assignment (it sets the prototype, which Ajv then sees)
  JSON.parse('{"type": "object", "properties": {"__proto__": {"type": "number"}, "a": {"type": "integer"}}}') as JsonSchema,
];

const ajv = createAjv('2020-12');

function jsonlText(schema: JsonSchema, seed: number, offset: number, count: number): string {
  return new TextDecoder().decode(compileSchema(schema, { seed }).jsonl(offset, count));
}

describe('exactness proof', () => {
  it('marks the exact fragment exact, and an independent Ajv accepts every row of it', () => {
    fc.assert(
      fc.property(exactSchema, fc.integer({ min: 0, max: 1e6 }), (schema, seed) => {
        const compiled = compileSchema(schema, { seed });
        expect(compiled.exact, JSON.stringify(schema)).toBe(true);
        const validate = ajv.compile(schema);
        for (let i = 0; i < 12; i++) {
          const row = compiled.row(i);
          if (!validate(row))
            throw new Error(`${JSON.stringify(row)} invalid for ${JSON.stringify(schema)}: ${ajv.errorsText(validate.errors)}`);
        }
        // The JSONL path writes without building rows: check what it wrote, parsed back.
        for (const line of jsonlText(schema, seed, 100, 8).split('\n').slice(0, -1)) {
          const row = JSON.parse(line) as unknown;
          if (!validate(row)) throw new Error(`JSONL ${line} invalid for ${JSON.stringify(schema)}: ${ajv.errorsText(validate.errors)}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the Ajv check for everything outside the fragment', () => {
    for (const schema of INEXACT) expect(compileSchema(schema, { seed: 1 }).exact, JSON.stringify(schema)).toBe(false);
    // Well-formed draft-04 boolean exclusives are in the fragment; a numeric one there is not.
    const draft4 = 'http://json-schema.org/draft-04/schema#';
    expect(compileSchema({ $schema: draft4, type: 'integer', minimum: 1, exclusiveMinimum: true }).exact).toBe(true);
    expect(compileSchema({ $schema: draft4, type: 'integer', exclusiveMinimum: 1 }).exact).toBe(false);
  });

  it('the bench customer schema and the orders example are exact', async () => {
    const { readFile } = await import('node:fs/promises');
    for (const file of ['../../bench/customer-schema.json', '../../examples/schemas/orders.json']) {
      const schema = JSON.parse(await readFile(new URL(file, import.meta.url), 'utf8')) as JsonSchema;
      expect(compileSchema(schema).exact, file).toBe(true);
    }
  });
});

describe('compiled row programs', () => {
  const anySchema: fc.Arbitrary<JsonSchema> = fc.oneof(
    exactSchema,
    fc.constantFrom(...INEXACT),
    // Recursive: compiled down to the recursion, which stays on the general path.
    fc.constant({
      $defs: {
        node: {
          type: 'object',
          required: ['v'],
          properties: { v: { type: 'integer' }, kids: { type: 'array', items: { $ref: '#/$defs/node' }, maxItems: 3 } },
        },
      },
      $ref: '#/$defs/node',
    }),
    fc.constant({
      type: 'object',
      required: ['id', 'tags', 'alt'],
      properties: {
        id: { type: 'integer', minimum: 1, 'x-unique': true },
        tags: { type: 'array', items: { enum: ['a', 'b'] }, uniqueItems: true, maxItems: 2 },
        alt: { anyOf: [{ type: 'string', maxLength: 3 }, { type: 'null' }] },
        short: { type: 'string', format: 'email', maxLength: 9 },
      },
    }),
  );

  it('gives exactly the general path’s rows, and JSONL bytes equal to JSON.stringify of them', () => {
    fc.assert(
      fc.property(anySchema, fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 1000 }), (schema, seed, offset) => {
        const general = new Engine(schema, { seed, compile: false });
        const compiled = compileSchema(schema, { seed });
        // A row is its JSON text, or the error that stopped it: both paths must agree on either.
        const outcome = (make: () => unknown): string => {
          try {
            return JSON.stringify(make());
          } catch (error) {
            return `error: ${(error as Error).message}`;
          }
        };
        const expected: string[] = [];
        for (let i = offset; i < offset + 10; i++) {
          const row = outcome(() => general.row(i));
          expected.push(row);
          expect(outcome(() => compiled.row(i))).toBe(row);
        }
        if (expected.every((r) => !r.startsWith('error: '))) {
          expect(jsonlText(schema, seed, offset, 10)).toBe(expected.map((r) => `${r}\n`).join(''));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('writes the same JSONL whatever the chunking', () => {
    const schema = { type: 'object', required: ['n'], properties: { n: { type: 'integer' }, s: { type: 'string' } } };
    const whole = jsonlText(schema, 3, 0, 50);
    const compiled = compileSchema(schema, { seed: 3 });
    const parts = [compiled.jsonl(0, 7), compiled.jsonl(7, 1), compiled.jsonl(8, 42)].map((b) => new TextDecoder().decode(b));
    expect(parts.join('')).toBe(whole);
    expect(compiled.jsonl(0, 0).length).toBe(0);
  });

  it('falls back to the general path per row (retries, rows that do not fit the first draw)', () => {
    // maxLength 9 leaves emails that are usually too long: the program deoptimises and the row is rebuilt.
    const schema = { type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email', maxLength: 9 } } };
    const general = new Engine(schema, { seed: 5, compile: false });
    const compiled = new Engine(schema, { seed: 5 });
    const out = new JsonOut(16);
    for (let i = 0; i < 40; i++) {
      expect(compiled.row(i)).toEqual(general.row(i));
      compiled.writeJsonl(i, out);
    }
    const lines = new TextDecoder().decode(out.take()).split('\n');
    expect(lines.slice(0, -1).map((l) => JSON.parse(l) as unknown)).toEqual(Array.from({ length: 40 }, (_, i) => general.row(i)));
  });

  it('surfaces generation errors as the general path does', () => {
    const schema = { type: 'object', required: ['n'], properties: { n: { type: 'integer', minimum: 5, maximum: 1 } } };
    expect(() => compileSchema(schema).row(0)).toThrow(/could not generate/);
    expect(() => compileSchema(schema).jsonl(0, 1)).toThrow(/could not generate/);
  });
});
