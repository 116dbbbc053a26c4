/**
 * Fuzzed request bodies against every route that takes one: whatever arrives, the answer is never a 5xx,
 * and every 4xx carries the one error shape {error: {code, message, pointer?, hint?}}.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support.js';

const ROUTES: ReadonlyArray<readonly [string, string]> = [
  ['POST', '/api/syntheticDataPipeline'],
  ['POST', '/api/evaluateSyntheticData'],
  ['POST', '/api/visualizeSyntheticData'],
  ['POST', '/api/schemas'],
  ['POST', '/api/templates'],
  ['POST', '/api/presets'],
  ['PUT', '/api/settings'],
  ['POST', '/api/keys'],
  ['POST', '/api/lint'],
  ['POST', '/api/preview'],
  ['POST', '/api/inferSchema'],
];

const smallSchema = fc.oneof(
  fc.constant({ type: 'integer', minimum: 0, maximum: 9 }),
  fc.constant({ type: 'object', properties: { a: { type: 'string', maxLength: 3 } } }),
  fc.constant({ type: 'string', minLength: 4, maxLength: 2 }),
  fc.constant({ $ref: '#/nowhere' }),
  fc.constant(true),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Bodies near the real shapes (right keys, wrong or edge values) and plain garbage. */
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record(
    {
      schema: smallSchema,
      rowCount: fc.oneof(fc.integer({ min: -2, max: 30 }), fc.double(), fc.string(), fc.constant(null)),
      seed: fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.double(), fc.boolean()),
      format: fc.oneof(fc.constantFrom('jsonl', 'json', 'csv', 'parquet'), fc.string({ maxLength: 5 })),
      sample: fc.oneof(
        fc.record({ rows: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 4 }) }),
        fc.record({ text: fc.string({ maxLength: 30 }) }),
      ),
      schemaId: fc.string({ maxLength: 8 }),
      templateId: fc.string({ maxLength: 8 }),
      options: fc.record(
        {
          visualizations: fc.oneof(fc.boolean(), fc.jsonValue({ maxDepth: 1 })),
          thresholds: fc.jsonValue({ maxDepth: 2 }),
          pii: fc.jsonValue({ maxDepth: 2 }),
        },
        { requiredKeys: [] },
      ),
      rows: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 5 }),
      text: fc.string({ maxLength: 40 }),
      runId: fc.string({ maxLength: 8 }),
      reference: fc.jsonValue({ maxDepth: 2 }),
      charts: fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
      name: fc.oneof(fc.string({ maxLength: 10 }), fc.integer()),
      content: fc.jsonValue({ maxDepth: 2 }),
      role: fc.oneof(fc.constantFrom('qa_engineer', 'admin', 'root'), fc.string({ maxLength: 5 })),
      blockPiiDownloads: fc.oneof(fc.boolean(), fc.string({ maxLength: 3 })),
      count: fc.integer({ min: -1, max: 60 }),
    },
    { requiredKeys: [] },
  ),
);

describe('fuzzed request bodies', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite', { maxRows: 30, asyncRowThreshold: 1000 });
  });
  afterAll(async () => server?.close());

  it('never answer 5xx; every 4xx is in the error shape', async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), body, async ([method, path], payload) => {
        cases++;
        const response = await server.app.inject({
          method: method as 'POST',
          url: path,
          headers: { authorization: `Bearer ${server.keys.admin}`, 'content-type': 'application/json' },
          payload: JSON.stringify(payload),
        });
        expect(response.statusCode, `${method} ${path} ${JSON.stringify(payload)} → ${response.body}`).toBeLessThan(500);
        if (response.statusCode >= 400) {
          const error = (JSON.parse(response.body) as { error: Record<string, unknown> }).error;
          expect(typeof error.code).toBe('string');
          expect(typeof error.message).toBe('string');
          if (error.pointer !== undefined) expect(error.pointer).toMatch(/^(\/.*)?$/);
          expect(response.body).not.toMatch(/\bat .+\.(js|ts):\d+/);
        }
      }),
      { numRuns: 1200, seed: 20261128 },
    );
    expect(cases).toBeGreaterThanOrEqual(1000);
  });

  it('raw garbage bodies are 4xx too', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), fc.string({ maxLength: 50 }), async ([method, path], raw) => {
        const response = await server.app.inject({
          method: method as 'POST',
          url: path,
          headers: { authorization: `Bearer ${server.keys.admin}`, 'content-type': 'application/json' },
          payload: raw,
        });
        expect(response.statusCode).toBeLessThan(500);
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
