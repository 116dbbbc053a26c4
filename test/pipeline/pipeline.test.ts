import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SdgError, type JsonSchema, type JsonValue } from '../../src/core/index.js';
import { generate } from '../../src/generate/index.js';
import { createWriter, memorySink } from '../../src/generate/writers/index.js';
import { runPipeline, type PipelineEvent, type PipelineProgress } from '../../src/pipeline/index.js';

const customers = JSON.parse(readFileSync(new URL('../../examples/schemas/customers.json', import.meta.url), 'utf8')) as JsonSchema;

const small: JsonSchema = {
  type: 'object',
  required: ['id', 'age', 'plan'],
  properties: {
    id: { type: 'integer', minimum: 1, maximum: 1_000_000, 'x-unique': true },
    age: { type: 'integer', minimum: 18, maximum: 90 },
    plan: { enum: ['free', 'pro', 'team'] },
  },
};

async function standalone(schema: JsonSchema, count: number, seed: number, format: 'csv' | 'jsonl'): Promise<string> {
  const sink = memorySink();
  const writer = createWriter(format, sink, { schema });
  for (const row of generate(schema, { count, seed })) await writer.write(row);
  await writer.end();
  return sink.text();
}

async function failure(promise: Promise<unknown>): Promise<SdgError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SdgError) return error;
    throw error;
  }
  throw new Error('expected the pipeline to fail');
}

describe('runPipeline from a schema', () => {
  it('writes exactly the rows generate() makes, and reports evaluation, PII and timings', async () => {
    const events: PipelineEvent[] = [];
    const result = await runPipeline({ schema: customers, rowCount: 300, seed: 7, format: 'csv' }, { onEvent: (e) => void events.push(e) });
    expect(result.status).toBe('succeeded');
    expect(new TextDecoder().decode(result.dataset!.bytes)).toBe(await standalone(customers, 300, 7, 'csv'));
    expect(result.dataset!.mediaType).toMatch(/^text\/csv/);
    expect(result.evaluation.rows).toBe(300);
    expect(result.evaluation.summary.validity).toBe(1);
    expect(result.pii.verdict).toBe('clean');
    expect(result.pii.rowsScanned).toBe(300);
    expect(result.schemaFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.timings.totalMs).toBeGreaterThan(0);
    expect(events.map((e) => e.type)).toEqual(['DataGenStarted', 'DataGenCompleted', 'EvalCompleted', 'VizCompleted']);
    expect(events[0]!.data).toMatchObject({ rowCount: 300, format: 'csv', seed: 7, schemaFingerprint: result.schemaFingerprint });
    expect(events[2]!.data.status).toBe(result.evaluation.status);
  });

  it('is deterministic: the same request gives the same bytes', async () => {
    const a = await runPipeline({ schema: small, rowCount: 200, seed: 'abc' });
    const b = await runPipeline({ schema: small, rowCount: 200, seed: 'abc' });
    const c = await runPipeline({ schema: small, rowCount: 200, seed: 'abd' });
    expect(Buffer.from(a.dataset!.bytes).equals(Buffer.from(b.dataset!.bytes))).toBe(true);
    expect(Buffer.from(a.dataset!.bytes).equals(Buffer.from(c.dataset!.bytes))).toBe(false);
  });

  it('streams to a caller sink and takes rows from a caller source', async () => {
    const sink = memorySink();
    const batches: number[] = [];
    const result = await runPipeline(
      { schema: small, rowCount: 50, seed: 3 },
      {
        sink,
        rowSource: async function* (schema, range) {
          const rows = [...generate(schema, { count: range.count, seed: range.seed, offset: range.offset })];
          for (let i = 0; i < rows.length; i += 20) {
            batches.push(Math.min(20, rows.length - i));
            yield rows.slice(i, i + 20);
          }
        },
      },
    );
    expect(result.dataset).toBeUndefined();
    expect(batches).toEqual([20, 20, 10]);
    expect(sink.text()).toBe(await standalone(small, 50, 3, 'jsonl'));
  });

  it('reports progress from 0 to 1 in order', async () => {
    const seen: PipelineProgress[] = [];
    await runPipeline({ schema: small, rowCount: 3000, seed: 1 }, { onProgress: (p) => seen.push(p) });
    const fractions = seen.map((p) => p.fraction);
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBe(1);
    expect([...fractions].sort((x, y) => x - y)).toEqual(fractions);
    expect(seen.some((p) => p.stage === 'generate' && p.rowsDone === 3000)).toBe(true);
  });

  it('blocks real-looking personal data and says so in an event', async () => {
    const leaky: JsonSchema = {
      type: 'object',
      required: ['email', 'ssn'],
      properties: { email: { const: 'john.smith@gmail.com' }, ssn: { const: '123-45-6789' } },
    };
    const events: PipelineEvent[] = [];
    const result = await runPipeline({ schema: leaky, rowCount: 20 }, { onEvent: (e) => void events.push(e) });
    expect(result.pii.verdict).toBe('blocked');
    const detected = events.find((e) => e.type === 'PIIDetected');
    expect(detected?.data.verdict).toBe('blocked');
    expect(detected?.data.fields).toEqual(expect.arrayContaining(['email']));
  });

  it('can skip charts', async () => {
    const events: PipelineEvent[] = [];
    const result = await runPipeline(
      { schema: small, rowCount: 10, options: { visualizations: false } },
      { onEvent: (e) => void events.push(e) },
    );
    expect(result.charts).toEqual([]);
    expect(events.map((e) => e.type)).not.toContain('VizCompleted');
  });
});

describe('runPipeline from a sample', () => {
  const csv = [
    'name,age,city,score',
    ...Array.from({ length: 120 }, (_, i) => `P${i},${20 + (i % 50)},${['Oslo', 'Lima', 'Pune'][i % 3]},${(i * 7) % 100}.5`),
  ].join('\n');

  it('infers a schema, generates from it and evaluates against the typed sample', async () => {
    const result = await runPipeline({ sample: { text: csv, name: 'people.csv' }, rowCount: 400, seed: 5 });
    expect(result.evaluation.reference).toEqual({ rows: 120 });
    expect(result.evaluation.summary.quality).toBeGreaterThan(0.7);
    expect(result.timings.inferMs).toBeGreaterThan(0);
    expect(result.pii.reference?.rows).toBe(120);
    const schema = result.schema as { properties: Record<string, { type?: unknown }> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['age', 'city', 'score']));
  });

  it('takes parsed rows too', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({ x: i, kind: i % 2 ? 'odd' : 'even' }));
    const result = await runPipeline({ sample: { rows }, rowCount: 100, seed: 1 });
    expect(result.evaluation.reference).toEqual({ rows: 60 });
  });
});

describe('runPipeline errors', () => {
  const bad: Array<[string, unknown, string]> = [
    ['neither schema nor sample', { rowCount: 1 }, '/schema'],
    ['both schema and sample', { schema: {}, sample: { rows: [{ a: 1 }] }, rowCount: 1 }, '/sample'],
    ['negative rowCount', { schema: {}, rowCount: -1 }, '/rowCount'],
    ['fractional rowCount', { schema: {}, rowCount: 1.5 }, '/rowCount'],
    ['rowCount above the maximum', { schema: {}, rowCount: 11 }, '/rowCount'],
    ['unknown format', { schema: {}, rowCount: 1, format: 'xlsx' }, '/format'],
    ['bad seed', { schema: {}, rowCount: 1, seed: 1.5 }, '/seed'],
    ['schema not an object', { schema: [1], rowCount: 1 }, '/schema'],
    ['empty sample rows', { sample: { rows: [] }, rowCount: 1 }, '/sample/rows'],
    ['sample row not an object', { sample: { rows: [{ a: 1 }, 3] }, rowCount: 1 }, '/sample/rows/1'],
    ['sample without rows or text', { sample: { data: 1 }, rowCount: 1 }, '/sample'],
    ['bad visualizations option', { schema: {}, rowCount: 1, options: { visualizations: 3 } }, '/options/visualizations'],
  ];
  it.each(bad)('%s → a bad-request error naming the field', async (_name, request, pointer) => {
    const error = await failure(runPipeline(request as never, { maxRows: 10 }));
    expect(error.code).toBe('SDG_ERR_BAD_REQUEST');
    expect(error.pointer).toBe(pointer);
    expect(error.status).toBe(400);
  });

  it('an unsatisfiable schema fails before anything is written, with a DataGenFailed event', async () => {
    const events: PipelineEvent[] = [];
    const sink = memorySink();
    const error = await failure(
      runPipeline({ schema: { type: 'integer', minimum: 5, maximum: 1 }, rowCount: 3 }, { sink, onEvent: (e) => void events.push(e) }),
    );
    expect(error.code).toBe('SDG_ERR_UNSATISFIABLE');
    expect(sink.chunks).toHaveLength(0);
    expect(events.map((e) => e.type)).toEqual(['DataGenStarted', 'DataGenFailed']);
    expect((events[1]!.data.error as { code: string }).code).toBe('SDG_ERR_UNSATISFIABLE');
  });

  it('a bad sample file names the sample', async () => {
    const error = await failure(runPipeline({ sample: { text: '   ', name: 'x.csv' }, rowCount: 3 }));
    expect(error.code).toBe('SDG_ERR_INVALID_DATA');
    expect(error.pointer).toBe('/sample/text');
  });

  it('cancels between batches when the signal aborts', async () => {
    const controller = new AbortController();
    const events: PipelineEvent[] = [];
    const error = await failure(
      runPipeline(
        { schema: small, rowCount: 50_000 },
        {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.rowsDone >= 2048) controller.abort();
          },
          onEvent: (e) => void events.push(e),
        },
      ),
    );
    expect(error.code).toBe('SDG_ERR_CANCELLED');
    expect(events.at(-1)?.type).toBe('DataGenFailed');
    expect((events.at(-1)!.data.rowsDone as number) < 50_000).toBe(true);
  });

  it('a row source that gives too few rows is an internal error, recorded', async () => {
    const events: PipelineEvent[] = [];
    const error = await failure(
      runPipeline(
        { schema: small, rowCount: 10 },
        { rowSource: () => [[{ id: 1, age: 20, plan: 'free' } as JsonValue]], onEvent: (e) => void events.push(e) },
      ),
    );
    expect(error.code).toBe('SDG_ERR_INTERNAL');
    expect(events.at(-1)?.type).toBe('DataGenFailed');
  });
});
