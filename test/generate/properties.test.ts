/**
 * Laws that hold for every schema: every instance validates; the same seed gives the same bytes; any row
 * range equals the same slice of the whole run; a row does not depend on the rows generated before it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchema, generate } from '../../src/generate/index.js';
import { createAjv } from '../../src/schema/index.js';
import type { JsonSchemaObject } from '../../src/core/index.js';

const patterns = ['^[A-Z]{2}$', '^[0-9]{5}$', '^[a-z]+-[0-9]{2,4}$', '^(foo|bar)+$', '\\d{3}', '^\\p{L}{2,6}$'];
const formats = ['email', 'uuid', 'date', 'date-time', 'ipv4', 'ipv6', 'uri', 'hostname', 'time', 'duration'];

const leaf: fc.Arbitrary<JsonSchemaObject> = fc.oneof(
  fc
    .tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 500 }))
    .map(([min, span]) => ({ type: 'integer', minimum: min, maximum: min + span })),
  fc
    .tuple(fc.integer({ min: -100, max: 100 }), fc.constantFrom(0.01, 0.5, 0.25, 3, 0.1))
    .map(([min, m]) => ({ type: 'number', minimum: min, maximum: min + 1000, multipleOf: m })),
  fc
    .tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 20 }))
    .map(([min, extra]) => ({ type: 'string', minLength: min, maxLength: min + extra })),
  fc.constantFrom(...patterns).map((pattern) => ({ type: 'string', pattern })),
  fc.constantFrom(...formats).map((format) => ({ type: 'string', format })),
  fc.uniqueArray(fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), { minLength: 1, maxLength: 5 }).map((values) => ({ enum: values })),
  fc.constant({ type: 'boolean' }),
  fc.constant({ type: ['string', 'null'], maxLength: 4 }),
  fc.integer({ min: 1, max: 99 }).map((n) => ({ const: n })),
);

const schemaArb: fc.Arbitrary<JsonSchemaObject> = fc.letrec<{ node: JsonSchemaObject }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc
      .dictionary(fc.stringMatching(/^[a-z][a-z_]{0,8}$/), tie('node'), { minKeys: 1, maxKeys: 5 })
      .chain((properties) =>
        fc.subarray(Object.keys(properties)).map((required) => ({ type: 'object', properties, required, additionalProperties: false })),
      ),
    fc
      .tuple(tie('node'), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }))
      .map(([items, min, extra]) => ({ type: 'array', items, minItems: min, maxItems: min + extra })),
    fc.array(leaf, { minLength: 2, maxLength: 3 }).map((anyOf) => ({ anyOf })),
    fc
      .tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 51, max: 100 }))
      .map(([a, b]) => ({ allOf: [{ type: 'integer', minimum: a }, { maximum: b }, { not: { const: a } }] })),
  ),
})).node;

const ajv = createAjv('2020-12');

describe('generator laws (fast-check)', () => {
  it('every generated instance validates against its schema', () => {
    fc.assert(
      fc.property(schemaArb, fc.integer({ min: 0, max: 1e6 }), (schema, seed) => {
        const validate = ajv.compile(schema);
        for (const instance of generate(schema, { count: 8, seed })) {
          if (!validate(instance))
            throw new Error(`${JSON.stringify(instance)} invalid for ${JSON.stringify(schema)}: ${ajv.errorsText(validate.errors)}`);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('same seed ⇒ same bytes', () => {
    fc.assert(
      fc.property(schemaArb, fc.integer({ min: 0, max: 1e6 }), (schema, seed) => {
        const a = JSON.stringify([...generate(schema, { count: 6, seed })]);
        const b = JSON.stringify([...generate(schema, { count: 6, seed })]);
        expect(a).toBe(b);
      }),
      { numRuns: 80 },
    );
  });

  it('offset/count yields exactly that slice of the full run, and a row does not depend on earlier rows', () => {
    fc.assert(
      fc.property(
        schemaArb,
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 5 }),
        (schema, seed, offset, count) => {
          const full = [...generate(schema, { count: offset + count, seed })];
          const slice = [...generate(schema, { count, seed, offset })];
          expect(JSON.stringify(slice)).toBe(JSON.stringify(full.slice(offset)));
          const alone = compileSchema(schema, { seed }).row(offset + count - 1);
          expect(JSON.stringify(alone)).toBe(JSON.stringify(full[offset + count - 1]));
        },
      ),
      { numRuns: 80 },
    );
  });
});
