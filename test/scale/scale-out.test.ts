/**
 * Scale-out: the API (`synthdatagen serve`) and two workers (`synthdatagen worker`) as separate processes,
 * sharing only Redis, PostgreSQL and the artifact folder (a shared volume). First on loopback, then each
 * process in its own network namespace (ip netns + veth) reaching Redis and PostgreSQL over their addresses.
 * Both workers must do part of the work; a chunked run must come out byte-identical to one pass; every
 * process stops cleanly on SIGTERM.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createKey } from '../../src/auth/index.js';
import type { JsonSchema } from '../../src/core/index.js';
import { runPipeline } from '../../src/pipeline/index.js';
import { openStore } from '../../src/store/index.js';
import { freePort, postgresAvailable, startPrivatePostgres, startPrivateRedis, type PrivateService } from '../jobs/services.js';
import { dropRedisPrefix, sha256, waitFor } from '../jobs/support.js';
import { testStores } from '../store/databases.js';
import { createNamespaces, netnsAvailable } from './netns.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

const schema: JsonSchema = {
  type: 'object',
  required: ['id', 'email', 'plan', 'amount'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    email: { type: 'string', format: 'email' },
    plan: { enum: ['free', 'pro', 'team'] },
    amount: { type: 'number', minimum: 0, maximum: 500, multipleOf: 0.01 },
  },
};

/** Where a process runs and how it sees the shared services from there. */
interface Placement {
  spawn(command: string, args: readonly string[], options: SpawnOptions): ChildProcess;
  readonly bindHost: string;
  readonly redisUrl: string;
  readonly databaseUrl: string;
}

interface Proc {
  readonly child: ChildProcess;
  log(): string;
  readonly exited: Promise<number | string>;
}

function start(placement: Placement, args: string[], env: Record<string, string>): Proc {
  const child = placement.spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, ...env, REDIS_URL: placement.redisUrl, DATABASE_URL: placement.databaseUrl },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let text = '';
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, log: () => text, exited };
}

interface Topology {
  /** How the test reaches Redis (to clean up). */
  readonly redisUrl: string;
  readonly api: Placement;
  readonly workers: readonly Placement[];
  /** How the test reaches the database (to make the admin key). */
  readonly databaseUrl: string;
  /**
   * Artifacts in the database (SYNTHDATAGEN_ARTIFACT_STORE=database) and a data folder of its own for each
   * process: a deployment with no shared volume.
   */
  readonly artifactsInDatabase?: boolean;
}

async function scaleOut(topology: Topology, processes: Proc[]): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sdg-scale-'));
  const prefix = `sdgs${process.pid}${randomBytes(3).toString('hex')}`;
  try {
    const store = await openStore({ databaseUrl: topology.databaseUrl, dataDir });
    const key = (await createKey(store, { role: 'admin', name: 'scale test', actor: { id: 'test' } })).secret;
    await store.close();
    const env = {
      SYNTHDATAGEN_DATA_DIR: dataDir,
      SYNTHDATAGEN_QUEUE_PREFIX: prefix,
      SYNTHDATAGEN_CHUNK_FROM_ROWS: '20000',
      SYNTHDATAGEN_CHUNK_ROWS: '10000',
      SYNTHDATAGEN_ASYNC_ROWS: '0',
      SYNTHDATAGEN_RATE_LIMIT: '100000',
      LOG_LEVEL: 'info',
    };
    const port = await freePort();
    const envOf = async (): Promise<Record<string, string>> => {
      if (topology.artifactsInDatabase !== true) return env;
      const own = await mkdtemp(join(dataDir, 'host-'));
      return { ...env, SYNTHDATAGEN_DATA_DIR: own, SYNTHDATAGEN_ARTIFACT_STORE: 'database' };
    };
    const api = start(topology.api, ['serve', '--host', topology.api.bindHost, '--port', String(port)], await envOf());
    processes.push(api);
    const workers: Proc[] = [];
    for (const placement of topology.workers) workers.push(start(placement, ['worker'], await envOf()));
    processes.push(...workers);
    await waitFor(
      () => /serving on/.test(api.log()),
      60_000,
      () => `API did not start: ${api.log()}`,
    );
    for (const worker of workers)
      await waitFor(
        () => /worker started/.test(worker.log()),
        60_000,
        () => `worker did not start: ${worker.log()}`,
      );

    const url = `http://${topology.api.bindHost}:${port}`;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test convenience, as in test/server/support.ts
    const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: any; bytes: Buffer }> => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const bytes = Buffer.from(await response.arrayBuffer());
      let json: unknown;
      try {
        json = JSON.parse(bytes.toString('utf8'));
      } catch {
        json = undefined;
      }
      return { status: response.status, json, bytes };
    };
    const submitted: string[] = [];
    for (let i = 0; i < 8; i++) {
      const response = await call('POST', '/api/syntheticDataPipeline', {
        schema,
        rowCount: 2000,
        seed: i,
        options: { visualizations: false },
      });
      expect(response.status, JSON.stringify(response.json)).toBe(202);
      submitted.push(response.json.runId);
    }
    const chunked = await call('POST', '/api/syntheticDataPipeline', {
      schema,
      rowCount: 60_000,
      seed: 99,
      options: { visualizations: false },
    });
    expect(chunked.status).toBe(202);
    submitted.push(chunked.json.runId);
    for (const runId of submitted) {
      await waitFor(
        async () => ['succeeded', 'failed', 'cancelled'].includes((await call('GET', `/api/runs/${runId}`)).json?.status),
        180_000,
        () => `run ${runId} did not finish`,
      );
      expect((await call('GET', `/api/runs/${runId}`)).json.status).toBe('succeeded');
    }
    const dataset = await call('GET', `/api/runs/${chunked.json.runId}/dataset.jsonl`);
    const onePass = await runPipeline({ schema, rowCount: 60_000, seed: 99, options: { visualizations: false } });
    expect(sha256(dataset.bytes)).toBe(sha256(onePass.dataset!.bytes));
    // Both workers took part, and the API process executed nothing itself.
    for (const worker of workers) expect(worker.log()).toMatch(/"msg":"(run|chunk) finished"/);
    expect((await call('GET', '/api/audit/verify')).json.ok).toBe(true);
    const ready = await call('GET', '/readyz');
    expect(ready.json.checks).toEqual({ database: true, redis: true });

    for (const proc of [api, ...workers]) proc.child.kill('SIGTERM');
    for (const proc of [api, ...workers]) expect(await proc.exited).toBe(0);
    for (const worker of workers) expect(worker.log()).toMatch(/"msg":"worker stopped"/);
    if (topology.artifactsInDatabase === true) {
      // No process wrote an artifact file: every byte went through the database.
      const files = (await readdir(dataDir, { recursive: true })).filter((name) => name.includes('sha256'));
      expect(files).toEqual([]);
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    await dropRedisPrefix(topology.redisUrl, prefix);
  }
}

describe('scale-out: API + 2 workers as separate processes', () => {
  const processes: Proc[] = [];
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const proc of processes.splice(0)) if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('on loopback, over the shared Redis and PostgreSQL', async () => {
    const stores = testStores('postgres');
    const store = await stores.open();
    const options = stores.optionsOf(store);
    await store.close();
    cleanups.push(() => stores.cleanup());
    const local: Placement = {
      spawn: (command, args, spawnOptions) => spawn(command, args, spawnOptions),
      bindHost: '127.0.0.1',
      redisUrl: process.env.SDG_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      databaseUrl: `${options.databaseUrl!}?schema=${options.pgSchema!}`,
    };
    await scaleOut({ api: local, workers: [local, local], databaseUrl: local.databaseUrl, redisUrl: local.redisUrl }, processes);
  }, 300_000);

  it.skipIf(!netnsAvailable() || !postgresAvailable())(
    'each process in its own network namespace with its own data folder, reaching Redis and PostgreSQL over veth addresses, artifacts in PostgreSQL',
    async () => {
      const { namespaces, destroy } = createNamespaces(3);
      cleanups.push(destroy);
      const gateways = namespaces.map((n) => n.gateway);
      const redis: PrivateService = await startPrivateRedis({ hosts: gateways });
      cleanups.push(() => redis.stop());
      const postgres: PrivateService = await startPrivatePostgres({ hosts: gateways });
      cleanups.push(() => postgres.stop());
      const placements = namespaces.map<Placement>((ns) => ({
        spawn: (command, args, spawnOptions) => ns.spawn(command, args, spawnOptions),
        bindHost: ns.address,
        redisUrl: `redis://${ns.gateway}:${redis.port}`,
        databaseUrl: `postgres://postgres@${ns.gateway}:${postgres.port}/postgres`,
      }));
      await scaleOut(
        {
          api: placements[0]!,
          workers: [placements[1]!, placements[2]!],
          databaseUrl: postgres.url,
          redisUrl: redis.url,
          artifactsInDatabase: true,
        },
        processes,
      );
    },
    300_000,
  );
});
