/**
 * The monitors through the API, on SQLite and PostgreSQL: schema drift between library versions, quality
 * drift across runs of one schema, usage at /api/metrics, Prometheus text at /metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/core/index.js';
import { diffSchemas } from '../../src/monitor/index.js';
import { DIALECTS } from '../store/databases.js';
import { startTestServer, type TestServer } from '../server/support.js';

const v1 = {
  type: 'object',
  required: ['id', 'plan'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    plan: { enum: ['free', 'pro', 'team'] },
    age: { type: 'integer', minimum: 18, maximum: 90 },
    nickname: { type: 'string' },
  },
};

/** Breaking: nickname removed, plan lost "team", age tightened and required, email added as required. */
const v2 = {
  type: 'object',
  required: ['id', 'plan', 'age', 'email'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    plan: { enum: ['free', 'pro'] },
    age: { type: 'integer', minimum: 21, maximum: 90 },
    email: { type: 'string', format: 'email' },
  },
};

/** Not breaking: a value added, a bound loosened, a type widened, an optional field added. */
const v3 = {
  type: 'object',
  required: ['id', 'plan', 'age', 'email'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    plan: { enum: ['free', 'pro', 'enterprise'] },
    age: { type: 'number', minimum: 18, maximum: 99 },
    email: { type: 'string', format: 'email' },
    notes: { type: 'string', maxLength: 40 },
  },
};

const leaky = {
  type: 'object',
  required: ['email', 'ssn'],
  properties: { email: { const: 'john.smith@gmail.com' }, ssn: { const: '123-45-6789' } },
};

describe('diffSchemas', () => {
  it('classifies each change as breaking or not', () => {
    const diff = diffSchemas(v1, v2);
    const byPath = (path: string, kind: string): { breaking: boolean } | undefined =>
      diff.changes.find((c) => c.path === path && c.kind === kind);
    expect(diff.breaking).toBe(true);
    expect(byPath('nickname', 'removed')?.breaking).toBe(true);
    expect(byPath('email', 'added')?.breaking).toBe(true);
    expect(byPath('age', 'required')?.breaking).toBe(true);
    expect(byPath('age', 'constraint')?.breaking).toBe(true);
    expect(byPath('plan', 'enum')?.breaking).toBe(true);
    const next = diffSchemas(v2, v3);
    expect(next.breaking, JSON.stringify(next.changes)).toBe(false);
    expect(next.changes.map((c) => `${c.path}:${c.kind}`).sort()).toEqual([
      'age:constraint',
      'age:constraint',
      'age:type',
      'notes:added',
      'plan:enum',
    ]);
    expect(diffSchemas(v3, v3).changes).toEqual([]);
  });

  it('follows local $refs and reports a removed object once', () => {
    const before = {
      $defs: { address: { type: 'object', properties: { zip: { type: 'string', pattern: '^[0-9]{5}$' }, city: { type: 'string' } } } },
      type: 'object',
      properties: { home: { $ref: '#/$defs/address' }, work: { $ref: '#/$defs/address' } },
    };
    const after = {
      $defs: {
        address: { type: 'object', properties: { zip: { type: 'string', pattern: '^[0-9]{5}(-[0-9]{4})?$' }, city: { type: 'string' } } },
      },
      type: 'object',
      properties: { home: { $ref: '#/$defs/address' } },
    };
    const diff = diffSchemas(before, after);
    expect(diff.changes.map((c) => `${c.path}:${c.kind}`)).toEqual(['home.zip:pattern', 'work:removed']);
  });
});

describe.each(DIALECTS)('monitors through the API on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(async () => {
    await server.close();
  });

  it('records schema drift for every new version of a library schema', async () => {
    const created = await server.call('POST', '/api/schemas', { body: { name: 'drifting', schema: v1 } });
    expect(created.status).toBe(201);
    const id = created.json.schema.id as string;
    expect((await server.call('PUT', `/api/schemas/${id}`, { body: { schema: v2 } })).status).toBe(200);
    expect((await server.call('PUT', `/api/schemas/${id}`, { body: { schema: v3 } })).status).toBe(200);
    const drift = await server.call('GET', `/api/schemas/${id}/drift`, { key: server.keys.qa_engineer });
    expect(drift.status).toBe(200);
    expect(drift.json).toMatchObject({ schemaId: id, name: 'drifting', versions: 3 });
    expect(drift.json.drift.map((d: { from: number; to: number; breaking: boolean }) => [d.from, d.to, d.breaking])).toEqual([
      [1, 2, true],
      [2, 3, false],
    ]);
    expect(drift.json.drift[0].summary).toMatchObject({ added: 1, removed: 1 });
    expect(drift.json.breakingChanges).toBe(drift.json.drift[0].summary.breaking);
    expect((await server.call('GET', '/api/schemas/nope/drift')).status).toBe(404);
  });

  it('flags quality drift across runs of one schema', async () => {
    const created = await server.call('POST', '/api/schemas', { body: { name: 'watched', schema: v1 } });
    const schemaId = created.json.schema.id as string;
    const run = async (thresholds?: Record<string, JsonValue>): Promise<void> => {
      const response = await server.call('POST', '/api/syntheticDataPipeline', {
        body: { schemaId, rowCount: 200, options: { visualizations: false, ...(thresholds ? { thresholds } : {}) } },
      });
      expect(response.status, response.text).toBe(200);
    };
    await run();
    await run();
    // A stricter bar on the row count makes the verdict fail: the monitor must flag it.
    await run({ rows: { pass: 1_000_000, warn: 1_000_000 } });
    const drift = await server.call('GET', `/api/monitors/quality?schemaId=${schemaId}`, { key: server.keys.qa_engineer });
    expect(drift.status).toBe(200);
    expect(drift.json.runs).toHaveLength(3);
    expect(drift.json.runs.map((r: { flagged: boolean }) => r.flagged)).toEqual([false, false, true]);
    expect(drift.json.runs[2].reasons.join(' ')).toMatch(/verdict \w+ → fail/);
    expect(drift.json.flagged).toBe(1);

    // Scores that fall: runs recorded with their evaluation summaries (as workers record them).
    const scores = [0.91, 0.9, 0.92, 0.8];
    for (const quality of scores) {
      const record = await server.store.runs.create({
        request: {},
        rowCount: 10,
        format: 'jsonl',
        schemaFingerprint: 'sha256:test-fp',
        status: 'running',
      });
      await server.store.runs.finish(record.id, {
        status: 'succeeded',
        evaluationStatus: 'pass',
        evaluation: { status: 'pass', summary: { quality, validity: 1, checks: { pass: 3, warn: 0, fail: 0, skip: 0 } } },
      });
      await new Promise((resolve) => setTimeout(resolve, 5)); // distinct createdAt
    }
    const byFingerprint = await server.call('GET', '/api/monitors/quality?schemaFingerprint=sha256:test-fp&drop=0.05');
    expect(byFingerprint.json.runs.map((r: { metrics: { quality: number } }) => r.metrics.quality)).toEqual(scores);
    expect(byFingerprint.json.runs.map((r: { flagged: boolean }) => r.flagged)).toEqual([false, false, false, true]);
    expect(byFingerprint.json.runs[3].delta.quality).toBeCloseTo(-0.12, 6);
    const bad = await server.call('GET', '/api/monitors/quality');
    expect(bad.status).toBe(400);
  });

  it('reports usage by user, role and schema at /api/metrics, and Prometheus text at /metrics', async () => {
    const from = new Date().toISOString();
    const body = { schema: v1, rowCount: 50, options: { visualizations: false } };
    for (let i = 0; i < 3; i++)
      expect((await server.call('POST', '/api/syntheticDataPipeline', { key: server.keys.qa_engineer, body })).status).toBe(200);
    expect(
      (await server.call('POST', '/api/syntheticDataPipeline', { key: server.keys.ml_engineer, body: { ...body, rowCount: 20 } })).status,
    ).toBe(200);
    const blocked = await server.call('POST', '/api/syntheticDataPipeline', {
      key: server.keys.ml_engineer,
      body: { schema: leaky, rowCount: 5 },
    });
    expect(blocked.json.pii.verdict).toBe('blocked');
    const failed = await server.call('POST', '/api/syntheticDataPipeline', {
      key: server.keys.qa_engineer,
      body: { schema: { type: 'integer', minimum: 5, maximum: 1 }, rowCount: 3 },
    });
    expect(failed.status).toBe(422);

    const denied = await server.call('GET', '/api/metrics', { key: server.keys.qa_engineer });
    expect(denied.status).toBe(403);
    const usage = await server.call('GET', `/api/metrics?from=${encodeURIComponent(from)}`, { key: server.keys.compliance_admin });
    expect(usage.status).toBe(200);
    expect(usage.json.total).toMatchObject({ runs: 6, succeeded: 5, failed: 1, rows: 3 * 50 + 20 + 5, piiBlocked: 1 });
    expect(usage.json.total.latencyMs.p50).toBeGreaterThanOrEqual(0);
    expect(usage.json.total.latencyMs.p99).toBeGreaterThanOrEqual(usage.json.total.latencyMs.p50);
    const role = (key: string): { runs: number; failed: number; piiBlocked: number } =>
      usage.json.byRole.find((g: { key: string }) => g.key === key);
    expect(role('qa_engineer')).toMatchObject({ runs: 4, failed: 1, piiBlocked: 0 });
    expect(role('ml_engineer')).toMatchObject({ runs: 2, failed: 0, piiBlocked: 1 });
    expect(usage.json.byUser.map((g: { key: string }) => g.key).sort()).toEqual(
      [server.keyIds.ml_engineer, server.keyIds.qa_engineer].sort(),
    );
    expect(usage.json.bySchema).toEqual([expect.objectContaining({ key: 'inline', runs: 6 })]);
    expect(usage.json.queue).toEqual({ waiting: 0, running: 0 });

    const prometheus = await server.call('GET', '/metrics', { key: server.keys.admin });
    expect(prometheus.status).toBe(200);
    expect(prometheus.headers.get('content-type')).toMatch(/text\/plain/);
    const text = prometheus.text;
    const value = (pattern: RegExp): number => Number(pattern.exec(text)?.[1]);
    expect(
      value(
        new RegExp(
          `synthdatagen_runs_total\\{status="failed",role="qa_engineer",user="${server.keyIds.qa_engineer}",schema="inline"\\} (\\d+)`,
        ),
      ),
    ).toBe(1);
    expect(value(/synthdatagen_pii_blocked_runs_total\{role="ml_engineer",schema="inline"\} (\d+)/)).toBe(1);
    expect(
      value(/synthdatagen_http_requests_total\{method="POST",route="\/api\/syntheticDataPipeline",status="200"\} (\d+)/),
    ).toBeGreaterThanOrEqual(5);
    expect(text).toMatch(/synthdatagen_run_duration_seconds\{quantile="0.95"\} [0-9.e-]+/);
    expect(text).toMatch(/synthdatagen_queue_runs\{state="waiting"\} 0/);
    expect(text).toMatch(/synthdatagen_process_cpu_seconds_total/);
    expect((await server.call('GET', '/metrics', { key: server.keys.ml_engineer })).status).toBe(403);
  });
});
