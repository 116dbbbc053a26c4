/**
 * Fault tests with real processes, Redis and PostgreSQL:
 *
 * - `kill -9` a `synthdatagen worker` in the middle of a chunked run: the run completes on the other worker,
 *   its dataset byte-identical to one pass, with one complete audit sequence and a chain that verifies.
 * - Restart Redis (losing every job: no persistence) and then PostgreSQL during runs: the service recovers
 *   without anyone acting, and no run is lost. These restart private servers started for the test, so the
 *   shared ones other suites use are never disturbed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../src/core/index.js';
import { runPipeline } from '../../src/pipeline/index.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, postgresAvailable, startPrivatePostgres, startPrivateRedis, type PrivateService } from './services.js';
import { REDIS_URL, sha256, startDistributedServer, waitFor, waitForRun, type DistributedServer } from './support.js';

const schema: JsonSchema = {
  type: 'object',
  required: ['id', 'email', 'plan', 'amount', 'at'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    email: { type: 'string', format: 'email' },
    plan: { enum: ['free', 'pro', 'team'] },
    amount: { type: 'number', minimum: 0, maximum: 500, multipleOf: 0.01 },
    at: { type: 'string', format: 'date-time' },
  },
};

const PIPELINE_EVENTS = ['DataGenStarted', 'DataGenCompleted', 'PIIDetected', 'EvalCompleted', 'VizCompleted', 'DataGenFailed'];

async function onePassDigest(rowCount: number, seed: number): Promise<string> {
  const result = await runPipeline({ schema, rowCount, seed, options: { visualizations: false } });
  return sha256(result.dataset!.bytes);
}

/** The run's pipeline events, in chain order. */
async function sequence(server: DistributedServer, runId: string): Promise<string[]> {
  const response = await server.call('GET', `/api/audit?runId=${runId}&order=asc&limit=100`);
  return response.json.items.map((e: { type: string }) => e.type).filter((t: string) => PIPELINE_EVENTS.includes(t));
}

async function expectIntact(server: DistributedServer, runId: string, rowCount: number, seed: number): Promise<void> {
  const run = await waitForRun(server, runId, 240_000);
  expect(run.json.status, run.text).toBe('succeeded');
  const dataset = await server.call('GET', `/api/runs/${runId}/dataset.jsonl`);
  expect(sha256(dataset.bytes)).toBe(await onePassDigest(rowCount, seed));
  expect(await sequence(server, runId)).toEqual(['DataGenStarted', 'DataGenCompleted', 'EvalCompleted']);
}

/** `synthdatagen serve` as its own process on the test server's database, artifacts and Redis. */
async function spawnApi(
  server: DistributedServer,
): Promise<{ url: string; child: ChildProcess; exited: Promise<number | string>; log(): string }> {
  const port = await freePort();
  const { storeOptions } = server;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', String(port)], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: {
      ...process.env,
      REDIS_URL,
      SYNTHDATAGEN_QUEUE_PREFIX: server.prefix,
      SYNTHDATAGEN_DATA_DIR: storeOptions.dataDir!,
      DATABASE_URL: `${storeOptions.databaseUrl!}?schema=${storeOptions.pgSchema!}`,
      SYNTHDATAGEN_ASYNC_ROWS: '100000',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let text = '';
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  await waitFor(
    () => /serving on/.test(text),
    60_000,
    () => `API did not start: ${text}`,
  );
  return { url: `http://127.0.0.1:${port}`, child, exited, log: () => text };
}

describe('faults', () => {
  let server: DistributedServer | undefined;
  const privateServices: PrivateService[] = [];
  afterEach(async () => {
    await server?.close();
    server = undefined;
    for (const service of privateServices.splice(0)) await service.stop();
  });

  it('kill -9 of a worker mid chunked run: another worker completes it, byte-identical, one audit sequence', async () => {
    server = await startDistributedServer('postgres', { tuning: { chunkFromRows: 10_000, chunkRows: 15_000 } });
    const doomed = await server.spawnWorker();
    const survivor = await server.spawnWorker();
    const rowCount = 150_000;
    const response = await server.call('POST', '/api/syntheticDataPipeline', {
      body: { schema, rowCount, seed: 5, async: true, options: { visualizations: false } },
    });
    expect(response.status).toBe(202);
    const runId = response.json.runId as string;
    // Kill the first worker as soon as it is inside a chunk.
    await waitFor(
      () => /"msg":"chunk started"/.test(doomed.log()),
      120_000,
      () => `no chunk started: ${doomed.log()}`,
    );
    doomed.child.kill('SIGKILL');
    expect(await doomed.exited).toBe('SIGKILL');
    const killedChunk = Number(
      /"chunk":(\d+)[^\n]*"msg":"chunk started"(?![\s\S]*"chunk":\1[^\n]*"msg":"chunk finished")/.exec(doomed.log())?.[1],
    );
    await expectIntact(server, runId, rowCount, 5);
    // The chunk the dead worker held was computed again by the survivor.
    expect(survivor.log()).toMatch(new RegExp(`"chunk":${killedChunk},[^\\n]*"msg":"chunk finished"`));
    const verify = await server.call('GET', '/api/audit/verify');
    expect(verify.json.ok, verify.text).toBe(true);
  });

  it('SIGTERM a worker mid chunk: it hands the chunk back and exits; the other worker completes the run', async () => {
    server = await startDistributedServer('postgres', { tuning: { chunkFromRows: 10_000, chunkRows: 40_000 } });
    const leaving = await server.spawnWorker({ SYNTHDATAGEN_HANDOVER_MS: '300' });
    await server.spawnWorker();
    const rowCount = 160_000;
    const response = await server.call('POST', '/api/syntheticDataPipeline', {
      body: { schema, rowCount, seed: 8, async: true, options: { visualizations: false } },
    });
    await waitFor(
      () => /"msg":"chunk started"/.test(leaving.log()),
      120_000,
      () => `no chunk started: ${leaving.log()}`,
    );
    leaving.child.kill('SIGTERM');
    expect(await leaving.exited).toBe(0);
    expect(leaving.log()).toMatch(/"msg":"chunk handed back to the queue"/);
    expect(leaving.log()).toMatch(/"msg":"worker stopped"/);
    await expectIntact(server, response.json.runId, rowCount, 8);
  });

  it('SIGTERM the API during runs: runs in requests finish writing, queued runs go on in the workers, nothing is half-written', async () => {
    server = await startDistributedServer('postgres', { overrides: { asyncRowThreshold: 100_000 } });
    await server.spawnWorker();
    const api = await spawnApi(server);
    const post = (body: unknown): Promise<Response | Error> =>
      fetch(`${api.url}/api/syntheticDataPipeline`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server!.keys.admin}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).catch((error: Error) => error);
    const inRequest = [1, 2, 3].map((seed) => post({ schema, rowCount: 60_000, seed, options: { visualizations: false } }));
    const queued = await Promise.all(
      [4, 5].map((seed) => post({ schema, rowCount: 20_000, seed, async: true, options: { visualizations: false } })),
    );
    await waitFor(
      async () => (await server!.store.runs.list({ status: 'running' })).items.length >= 3,
      60_000,
      () => 'the runs in requests did not start',
    );
    api.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
    await Promise.all(inRequest);
    // Every run is finished (the API waited for its own; the worker ran the queued ones) and whole.
    const asyncIds = await Promise.all(queued.map(async (r) => ((await (r as Response).json()) as { runId: string }).runId));
    for (const runId of asyncIds) expect((await waitForRun(server, runId)).json.status).toBe('succeeded');
    const runs = (await server.store.runs.list({ limit: 100 })).items;
    expect(runs).toHaveLength(5);
    for (const run of runs) {
      expect(run.status, run.id).toBe('succeeded');
      for (const artifact of run.artifacts) {
        const bytes = await server.store.artifacts.get(artifact.digest);
        expect(bytes, `${run.id} ${artifact.name}`).toBeDefined();
        expect(sha256(bytes!)).toBe(artifact.digest);
      }
    }
    const verify = await server.call('GET', '/api/audit/verify');
    expect(verify.json.ok, verify.text).toBe(true);
  });

  it.skipIf(!postgresAvailable())(
    'restart Redis, then PostgreSQL, during runs: every run completes, intact, without manual action',
    async () => {
      const redis = await startPrivateRedis();
      const postgres = await startPrivatePostgres();
      privateServices.push(redis, postgres);
      server = await startDistributedServer('postgres', {
        redisUrl: redis.url,
        databaseUrl: postgres.url,
        tuning: { chunkFromRows: 10_000, chunkRows: 10_000 },
      });
      await server.spawnWorker();
      await server.spawnWorker();
      const submit = async (rowCount: number, seed: number): Promise<string> => {
        const response = await server!.call('POST', '/api/syntheticDataPipeline', {
          body: { schema, rowCount, seed, async: true, options: { visualizations: false } },
        });
        expect(response.status, response.text).toBe(202);
        return response.json.runId as string;
      };
      const started = async (runId: string): Promise<void> =>
        waitFor(
          async () => (await server!.call('GET', `/api/runs/${runId}`)).json?.status === 'running',
          120_000,
          () => `${runId} never ran`,
        );

      // Redis goes away with every job in it: the reconciler queues the runs again from the database.
      const big = await submit(120_000, 21);
      const small = await submit(5_000, 22);
      await started(big);
      await redis.restart();
      await expectIntact(server, big, 120_000, 21);
      expect(server.requeued).toContain(big);
      await expectIntact(server, small, 5_000, 22);

      // PostgreSQL restarts: workers retry their writes and carry on.
      const second = await submit(120_000, 23);
      await started(second);
      await postgres.restart();
      await expectIntact(server, second, 120_000, 23);

      const verify = await server.call('GET', '/api/audit/verify');
      expect(verify.json.ok, verify.text).toBe(true);
      const live = await server.call('GET', '/api/pipelineHistory?status=queued,running');
      expect(live.json.total).toBe(0);
    },
    400_000,
  );
});
