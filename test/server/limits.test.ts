/** Limits answer in the error shape: 413 for a body over the limit, 429 + Retry-After over the rate or a full queue. */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support.js';

describe('limits', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('413 for a body above the limit', async () => {
    server = await startTestServer('sqlite', { bodyLimit: 2048 });
    const response = await server.call('POST', '/api/evaluateSyntheticData', { body: { text: 'x'.repeat(5000) } });
    expect(response.status).toBe(413);
    expect(response.json.error).toMatchObject({ code: 'SDG_ERR_PAYLOAD_TOO_LARGE', hint: expect.any(String) });
  });

  it('429 with Retry-After above the rate limit, per key', async () => {
    server = await startTestServer('sqlite', { rateLimitMax: 3, rateLimitWindowMs: 60_000 });
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await server.call('GET', '/api/me', { key: server.keys.qa_engineer });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last!.json.error.code).toBe('SDG_ERR_RATE_LIMITED');
    // Another key has its own budget.
    expect((await server.call('GET', '/api/me', { key: server.keys.ml_engineer })).status).toBe(200);
  });

  it('429 with Retry-After when the run queue is full; the refused run is recorded as failed', async () => {
    server = await startTestServer('sqlite', { maxQueuedRuns: 1, runConcurrency: 1, asyncRowThreshold: 10 });
    const body = { schema: { type: 'integer' }, rowCount: 200_000, options: { visualizations: false } };
    const first = await server.call('POST', '/api/syntheticDataPipeline', { body });
    expect(first.status).toBe(202);
    const second = await server.call('POST', '/api/syntheticDataPipeline', { body });
    expect(second.status).toBe(429);
    expect(second.json.error.code).toBe('SDG_ERR_QUEUE_FULL');
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    const failed = await server.call('GET', '/api/pipelineHistory?status=failed');
    expect(failed.json.items[0].error.code).toBe('SDG_ERR_QUEUE_FULL');
    await server.call('POST', `/api/runs/${first.json.runId}/cancel`);
  });
});
