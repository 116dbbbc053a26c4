import { describe, expect, it } from 'vitest';
import { SdgError } from '../../src/core/errors.js';
import type { JsonSchema, JsonValue } from '../../src/core/types.js';
import { generate } from '../../src/generate/index.js';
import { generateParallel, generateParallelJsonl, type ParallelOptions } from '../../src/jobs/index.js';

const customer: JsonSchema = {
  type: 'object',
  required: ['id', 'email', 'name', 'phone', 'tier', 'balance', 'address', 'tags', 'created'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    email: { type: 'string', format: 'email' },
    name: { type: 'string', minLength: 2, maxLength: 40 },
    phone: { type: 'string', pattern: '^\\+1-555-[0-9]{3}-[0-9]{4}$' },
    tier: { enum: ['free', 'pro', 'enterprise'], 'x-weights': [70, 25, 5] },
    balance: { type: 'number', minimum: 0, maximum: 10000, multipleOf: 0.01 },
    created: { type: 'string', format: 'date-time' },
    address: {
      type: 'object',
      required: ['street', 'zip', 'country'],
      properties: {
        street: { type: 'string' },
        zip: { type: 'string', pattern: '^[0-9]{5}(-[0-9]{4})?$' },
        country: { enum: ['US', 'CA', 'GB'] },
      },
    },
    tags: { type: 'array', items: { type: 'string', pattern: '^[a-z]{3,8}$' }, maxItems: 4, uniqueItems: true },
    nickname: { type: ['string', 'null'], 'x-nullRate': 0.3 },
  },
};

const mixed: JsonSchema = {
  oneOf: [
    { type: 'integer', minimum: -50, maximum: 50 },
    { type: 'array', items: { type: 'boolean' }, minItems: 1, maxItems: 3 },
    { type: 'string', format: 'ipv4' },
  ],
};

function single(schema: JsonSchema, options: { count: number; seed?: number | string; offset?: number }): JsonValue[] {
  return [...generate(schema, options)];
}

async function parallel(schema: JsonSchema, options: ParallelOptions): Promise<JsonValue[]> {
  const out: JsonValue[] = [];
  for await (const chunk of generateParallel(schema, options)) out.push(...chunk);
  return out;
}

async function caught(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('generateParallel', () => {
  it.each([
    { workers: 2, chunkSize: 7, offset: 0 },
    { workers: 3, chunkSize: 13, offset: 0 },
    { workers: 2, chunkSize: 50, offset: 1234 },
    { workers: 3, chunkSize: 1, offset: 5 },
  ])(
    'matches single-thread generate for a nested schema ($workers workers, chunks of $chunkSize, offset $offset)',
    async ({ workers, chunkSize, offset }) => {
      const count = 97;
      const expected = single(customer, { count, seed: 42, offset });
      const actual = await parallel(customer, { count, seed: 42, offset, workers, chunkSize });
      expect(actual).toHaveLength(count);
      expect(actual).toEqual(expected);
    },
  );

  it('matches single-thread generate for a oneOf schema with a string seed', async () => {
    const expected = single(mixed, { count: 64, seed: 'alpha', offset: 3 });
    expect(await parallel(mixed, { count: 64, seed: 'alpha', offset: 3, workers: 3, chunkSize: 9 })).toEqual(expected);
  });

  it('yields chunks in row order with the requested sizes', async () => {
    const sizes: number[] = [];
    for await (const chunk of generateParallel({ type: 'integer' }, { count: 23, workers: 2, chunkSize: 5 })) sizes.push(chunk.length);
    expect(sizes).toEqual([5, 5, 5, 5, 3]);
  });

  it('JSONL chunks are the JSONL encoding of the single-thread rows', async () => {
    const expected = single(customer, { count: 41, seed: 9, offset: 11 })
      .map((row) => JSON.stringify(row) + '\n')
      .join('');
    let text = '';
    let next = 11;
    for await (const chunk of generateParallelJsonl(customer, { count: 41, seed: 9, offset: 11, workers: 2, chunkSize: 6 })) {
      expect(chunk.start).toBe(next);
      next += chunk.count;
      text += chunk.text;
    }
    expect(next).toBe(52);
    expect(text).toBe(expected);
  });

  it('yields nothing and starts no worker for count 0', async () => {
    expect(await parallel(customer, { count: 0, workers: 4 })).toEqual([]);
  });

  it('stops cleanly when the consumer breaks early', async () => {
    let seen = 0;
    for await (const chunk of generateParallel(customer, { count: 1_000_000, workers: 2, chunkSize: 10 })) {
      seen += chunk.length;
      if (seen >= 30) break;
    }
    expect(seen).toBe(30);
  });

  it('surfaces a generation error with the code, pointer and hint of the single-thread run', async () => {
    const schema: JsonSchema = {
      type: 'object',
      required: ['a'],
      properties: { a: { type: 'string', pattern: '^a$', not: { const: 'a' } } },
    };
    let expected: unknown;
    try {
      single(schema, { count: 3 });
    } catch (error) {
      expected = error;
    }
    expect(expected).toBeInstanceOf(SdgError);
    const error = await caught(() => parallel(schema, { count: 3, workers: 2, chunkSize: 1 }));
    expect(error).toBeInstanceOf(SdgError);
    const e = error as SdgError;
    const x = expected as SdgError;
    expect({ code: e.code, pointer: e.pointer, hint: e.hint, message: e.message, status: e.status }).toEqual({
      code: x.code,
      pointer: x.pointer,
      hint: x.hint,
      message: x.message,
      status: x.status,
    });
    expect(e.oneLine()).toBe(x.oneLine());
  });

  it('surfaces an unresolvable $ref as SDG_ERR_UNRESOLVED_REF with its pointer', async () => {
    const schema: JsonSchema = { type: 'object', required: ['a'], properties: { a: { $ref: '#/$defs/nope' } } };
    const error = await caught(() => parallel(schema, { count: 5, workers: 2 }));
    expect(error).toBeInstanceOf(SdgError);
    expect((error as SdgError).code).toBe('SDG_ERR_UNRESOLVED_REF');
    expect((error as SdgError).pointer).toBe('/properties/a');
  });

  it('emits the rows before a failing row, then the error, exactly like the single-thread run', async () => {
    // x-unique over 10 integers: rows 0…9 exist, row 10 cannot.
    const schema: JsonSchema = { type: 'integer', minimum: 0, maximum: 9, 'x-unique': true };
    const before: JsonValue[] = [];
    let expected: unknown;
    try {
      for (const row of generate(schema, { count: 15, seed: 3 })) before.push(row);
    } catch (error) {
      expected = error;
    }
    expect(before).toHaveLength(10);

    const got: JsonValue[] = [];
    const error = await caught(async () => {
      for await (const chunk of generateParallel(schema, { count: 15, seed: 3, workers: 3, chunkSize: 4 })) got.push(...chunk);
    });
    expect(got).toEqual(before);
    expect((error as SdgError).code).toBe((expected as SdgError).code);
    expect((error as SdgError).message).toBe((expected as SdgError).message);
  });

  it.each([
    [{ count: -1 }, 'count'],
    [{ count: 1.5 }, 'count'],
    [{ count: 10, offset: -2 }, 'offset'],
    [{ count: 10, workers: 0 }, 'workers'],
    [{ count: 10, chunkSize: 0 }, 'chunkSize'],
  ] as Array<[ParallelOptions, string]>)('rejects bad options %j', async (options, name) => {
    const error = await caught(() => parallel(customer, options));
    expect(error).toBeInstanceOf(SdgError);
    expect((error as SdgError).code).toBe('SDG_ERR_BAD_OPTION');
    expect((error as SdgError).message).toContain(name);
  });
});
