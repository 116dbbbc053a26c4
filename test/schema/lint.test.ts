import { describe, expect, it } from 'vitest';
import { lintSchema } from '../../src/schema/index.js';

function codes(schema: unknown): Array<[string, string, string]> {
  return lintSchema(schema).issues.map((i) => [i.severity, i.code, i.pointer]);
}

describe('lintSchema', () => {
  it('accepts a clean schema', () => {
    const result = lintSchema({ type: 'object', properties: { age: { type: 'integer', minimum: 18, maximum: 90 } }, required: ['age'] });
    expect(result.valid).toBe(true);
    expect(result.issues).toEqual([]);
    expect(result.draft).toBe('2020-12');
  });

  it('names unsatisfiable constraints by pointer', () => {
    expect(codes({ properties: { a: { minimum: 5, maximum: 1 } } })).toContainEqual(['error', 'min-above-max', '/properties/a']);
    expect(codes({ minLength: 5, maxLength: 2 })).toContainEqual(['error', 'min-length-above-max', '']);
    expect(codes({ minItems: 3, maxItems: 1 })).toContainEqual(['error', 'min-items-above-max', '']);
    expect(codes({ minProperties: 3, maxProperties: 1 })).toContainEqual(['error', 'min-properties-above-max', '']);
    expect(codes({ enum: [] })).toContainEqual(['error', 'empty-enum', '/enum']);
    expect(codes({ exclusiveMinimum: 3, maximum: 3 })).toContainEqual(['error', 'min-above-max', '']);
    expect(codes({ type: 'integer', minimum: 1.2, maximum: 1.8 })).toContainEqual(['error', 'no-integer-in-range', '']);
    expect(codes({ minimum: 1, maximum: 2, multipleOf: 5 })).toContainEqual(['error', 'no-multiple-in-range', '']);
    expect(codes({ allOf: [{ type: 'string' }, { type: 'integer' }] })).toContainEqual(['error', 'contradictory-types', '']);
    expect(codes({ type: 'string', const: 3 })).toContainEqual(['error', 'const-type-mismatch', '/const']);
  });

  it('finds a required property that is forbidden', () => {
    expect(codes({ properties: { a: false }, required: ['a'] })).toContainEqual(['error', 'required-forbidden', '/required/0']);
    expect(codes({ properties: { a: {} }, required: ['a', 'b'], additionalProperties: false })).toContainEqual([
      'error',
      'required-forbidden',
      '/required/1',
    ]);
  });

  it('reports unresolvable refs, bad patterns and unknown formats', () => {
    expect(codes({ properties: { a: { $ref: '#/$defs/missing' } } })).toContainEqual(['error', 'unresolved-ref', '/properties/a/$ref']);
    expect(codes({ pattern: '[a-' })).toContainEqual(['error', 'bad-pattern', '/pattern']);
    expect(codes({ type: 'string', format: 'colour' })).toContainEqual(['warning', 'unknown-format', '/format']);
    expect(lintSchema({ type: 'string', format: 'colour' }).valid).toBe(true);
  });

  it('checks the meta-schema of the declared draft', () => {
    const result = lintSchema({ type: 'object', properties: { a: { type: 'strin' } }, minLength: -1 });
    expect(result.valid).toBe(false);
    expect(result.issues.some((i) => i.code === 'meta-schema')).toBe(true);
    expect(lintSchema({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'string' }).draft).toBe('draft7');
  });

  it('checks the x- vocabulary', () => {
    expect(codes({ enum: ['a', 'b'], 'x-weights': [1] })).toContainEqual(['error', 'bad-weights', '/x-weights']);
    expect(codes({ type: 'string', 'x-nullRate': 0.2 })).toContainEqual(['warning', 'null-rate-without-null', '/x-nullRate']);
    expect(codes({ type: ['string', 'null'], 'x-nullRate': 2 })).toContainEqual(['error', 'bad-null-rate', '/x-nullRate']);
    expect(codes({ type: 'number', 'x-distribution': { type: 'gamma' } })).toContainEqual(['error', 'bad-distribution', '/x-distribution']);
    expect(codes({ type: 'string', pattern: '^a+$', 'x-unique': true })).toContainEqual(['error', 'unique-with-pattern', '/x-unique']);
  });

  it('warns when an x-faker method cannot produce values valid for the declared format', () => {
    const never = lintSchema({
      type: 'object',
      properties: { contact: { type: 'string', format: 'email', 'x-faker': 'person.firstName' } },
    });
    expect(never.valid).toBe(true);
    const issue = never.issues.find((i) => i.code === 'faker-format-mismatch');
    expect(issue).toMatchObject({ severity: 'warning', pointer: '/properties/contact/x-faker' });
    expect(issue?.message).toMatch(/person\.firstName.*no valid "email"/);
    expect(issue?.hint).toContain('internet.email');

    // json-schema-faker's spelling, and a method that is only sometimes valid.
    const sometimes = lintSchema({ type: 'string', format: 'uri', faker: { 'helpers.arrayElement': [['https://a.example', 'nope']] } });
    expect(sometimes.issues.map((i) => [i.code, i.pointer])).toEqual([['faker-format-mismatch', '/faker']]);
    expect(sometimes.issues[0]?.message).toMatch(/invalid "uri" in \d+ of 64 tries \(e\.g\. "nope"\)/);

    // Methods whose values satisfy the format, formats the validator does not assert, non-string schemas and
    // unknown methods (generation reports those itself) draw no warning.
    for (const schema of [
      { type: 'string', format: 'email', 'x-faker': 'internet.email' },
      { type: 'string', format: 'date-time', 'x-faker': 'date.past' },
      { type: 'string', format: 'uuid', 'x-faker': 'string.uuid' },
      { type: 'string', format: 'colour', 'x-faker': 'color.human' },
      { type: 'integer', format: 'int32', 'x-faker': 'number.int' },
      { type: 'string', format: 'email', 'x-faker': 'no.such.method' },
    ])
      expect(
        codes(schema).filter(([, code]) => code === 'faker-format-mismatch'),
        JSON.stringify(schema),
      ).toEqual([]);
  });

  it('warns that draft-07 ignores keywords beside $ref', () => {
    const result = lintSchema({
      $schema: 'http://json-schema.org/draft-07/schema#',
      definitions: { a: { type: 'string' } },
      properties: { x: { $ref: '#/definitions/a', maxLength: 3 } },
    });
    expect(result.issues.map((i) => i.code)).toContain('ref-siblings-ignored');
  });

  it('rejects a non-schema', () => {
    expect(lintSchema(42).valid).toBe(false);
  });
});
