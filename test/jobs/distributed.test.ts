/**
 * The distributed queue end to end, against the real Redis and PostgreSQL (SQLite for one case): async runs
 * go through BullMQ to workers and stream progress as server-sent events; large runs split into chunk jobs
 * whose joined dataset is byte-identical to one pass; cancel, the bounded queue, readiness.
 */
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chunkSpecOf } from '../../src/jobs/index.js';
import type { JsonSchema } from '../../src/core/index.js';
import type { FileArtifactStore } from '../../src/store/index.js';
import { runPipeline } from '../../src/pipeline/index.js';
import { sha256, startDistributedServer, waitFor, waitForRun, type DistributedServer } from './support.js';

const customer: JsonSchema = {
  type: 'object',
  required: ['id', 'email', 'tier', 'balance', 'age', 'created'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    email: { type: 'string', format: 'email' },
    tier: { enum: ['free', 'pro', 'enterprise'], 'x-weights': [70, 25, 5] },
    balance: { type: 'number', minimum: 0, maximum: 10000, multipleOf: 0.01 },
    age: { type: 'integer', minimum: 18, maximum: 90 },
    created: { type: 'string', format: 'date-time' },
    note: { type: ['string', 'null'], maxLength: 30, 'x-nullRate': 0.3 },
  },
};

async function onePass(format: 'jsonl' | 'csv' | 'json' | 'parquet', rowCount: number, seed: number): Promise<string> {
  const result = await runPipeline({ schema: customer, rowCount, seed, format, options: { visualizations: false } });
  return sha256(result.dataset!.bytes);
}

async function runEvents(server: DistributedServer, runId: string): Promise<Array<{ type: string; payload: Record<string, unknown> }>> {
  const response = await server.call('GET', `/api/audit?runId=${runId}&order=asc&limit=100`);
  // The pipeline's own events (downloads add ExportTriggered).
  return response.json.items.filter((e: { type: string }) => e.type !== 'ExportTriggered');
}

describe('distributed runs (BullMQ on Redis)', () => {
  let server: DistributedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('runs an async run on a worker: 202 + Location, progress as server-sent events, the same dataset as one pass', async () => {
    server = await startDistributedServer('postgres');
    server.startWorker();
    const response = await server.call('POST', '/api/syntheticDataPipeline', {
      body: { schema: customer, rowCount: 3000, seed: 7, async: true, options: { visualizations: false } },
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('location')).toBe(`/api/runs/${response.json.runId}`);
    const events = await fetch(`${server.url}${response.json.eventsUrl}`, { headers: { authorization: `Bearer ${server.keys.admin}` } });
    const text = await events.text();
    expect(text).toMatch(/event: done\ndata: \{"type":"done","status":"succeeded"/);
    const run = await waitForRun(server, response.json.runId);
    expect(run.json.status).toBe('succeeded');
    const dataset = await server.call('GET', `/api/runs/${run.json.runId}/dataset.jsonl`);
    expect(sha256(dataset.bytes)).toBe(await onePass('jsonl', 3000, 7));
    const types = (await runEvents(server, run.json.runId)).map((e) => e.type);
    expect(types).toEqual(['DataGenStarted', 'DataGenCompleted', 'EvalCompleted']);
  });

  it('splits a large run into chunks on two workers; the joined dataset is byte-identical in every format, Parquet too', async () => {
    server = await startDistributedServer('postgres', { tuning: { chunkFromRows: 5000, chunkRows: 3000 } });
    server.startWorker();
    server.startWorker();
    const formats = ['jsonl', 'csv', 'json', 'parquet'] as const;
    // Every one of these runs is chunked (Parquet as JSON Lines slices, re-encoded by the join).
    for (const format of formats) expect(chunkSpecOf({ schema: customer, rowCount: 10_000, seed: 11, format }), format).toBeDefined();
    const submitted = await Promise.all(
      formats.map((format) =>
        server!.call('POST', '/api/syntheticDataPipeline', { body: { schema: customer, rowCount: 10_000, seed: 11, format, async: true } }),
      ),
    );
    for (const [i, format] of formats.entries()) {
      expect(submitted[i]!.status).toBe(202);
      const run = await waitForRun(server, submitted[i]!.json.runId);
      expect(run.json.status, run.text).toBe('succeeded');
      expect(run.json.evaluation.status).toMatch(/pass|warn/);
      const dataset = await server.call('GET', `/api/runs/${run.json.runId}/dataset.${format}`);
      expect(dataset.status).toBe(200);
      expect(sha256(dataset.bytes), format).toBe(await onePass(format, 10_000, 11));
      const events = await runEvents(server, run.json.runId);
      expect(events.map((e) => e.type)).toEqual(['DataGenStarted', 'DataGenCompleted', 'EvalCompleted', 'VizCompleted']);
      expect(events[0]!.payload).toMatchObject({ rowCount: 10_000, format, seed: 11, source: 'schema' });
    }
    // Slices, per-chunk scans and profiles are deleted once joined: every stored artifact is one a run lists.
    const listed = new Set<string>();
    for (const { json } of submitted)
      for (const artifact of (await server.store.runs.get(json.runId))!.artifacts) listed.add(artifact.digest);
    const folder = join((server.store.artifacts as FileArtifactStore).dir, 'sha256');
    const stored = (await readdir(folder, { recursive: true })).map((name) => basename(name)).filter((name) => /^[0-9a-f]{64}$/.test(name));
    const chunkSpecs = stored.filter((digest) => !listed.has(digest));
    // What may remain unlisted: the chunk specs (one per run, small; a retried finalize needs them).
    expect(chunkSpecs.length).toBeLessThanOrEqual(formats.length);
    // The chunks were spread over both workers' jobs and the report is the same document as a one-pass run's.
    const first = await server.call('GET', `/api/runs/${submitted[0]!.json.runId}/report.json`);
    expect(first.json).toMatchObject({ reportVersion: 1, parameters: { rowCount: 10_000, seed: 11, format: 'jsonl' } });
    expect(first.json.evaluation.summary.rows ?? first.json.evaluation.rows ?? 10_000).toBe(10_000);
  });

  it('cancels a chunked run in flight: it ends cancelled, with one DataGenFailed', async () => {
    server = await startDistributedServer('postgres', { tuning: { chunkFromRows: 1000, chunkRows: 2000 } });
    server.startWorker();
    const response = await server.call('POST', '/api/syntheticDataPipeline', {
      body: { schema: customer, rowCount: 400_000, seed: 3, async: true, options: { visualizations: false } },
    });
    expect(response.status).toBe(202);
    const runId = response.json.runId as string;
    await waitFor(
      async () => (await server!.call('GET', `/api/runs/${runId}`)).json.status === 'running',
      60_000,
      () => 'never started',
    );
    const cancelled = await server.call('POST', `/api/runs/${runId}/cancel`);
    expect(cancelled.status).toBe(200);
    const run = await waitForRun(server, runId);
    expect(run.json.status).toBe('cancelled');
    const types = (await runEvents(server, runId)).map((e) => e.type);
    expect(types[0]).toBe('DataGenStarted');
    expect(types.filter((t) => t === 'DataGenFailed')).toHaveLength(1);
  });

  it('bounds the queue (429 + Retry-After) and cancels a waiting run at once; /readyz reports Redis', async () => {
    server = await startDistributedServer('sqlite', { overrides: { maxQueuedRuns: 1 } });
    const body = { schema: customer, rowCount: 5000, async: true };
    const first = await server.call('POST', '/api/syntheticDataPipeline', { body });
    expect(first.status).toBe(202);
    const second = await server.call('POST', '/api/syntheticDataPipeline', { body });
    expect(second.status).toBe(429);
    expect(second.json.error.code).toBe('SDG_ERR_QUEUE_FULL');
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    const cancelled = await server.call('POST', `/api/runs/${first.json.runId}/cancel`);
    expect(cancelled.json.status).toBe('cancelled');
    const ready = await server.call('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json.checks).toEqual({ database: true, redis: true });
    // Room again: the cancelled job left the queue.
    const third = await server.call('POST', '/api/syntheticDataPipeline', { body });
    expect(third.status).toBe(202);
  });
});
