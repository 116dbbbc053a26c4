/**
 * The distributed service for tests: the real API (Fastify) on a BullMQ queue in the real Redis at
 * 127.0.0.1:6379, with workers either in this process (startRunWorker) or as separate `synthdatagen worker`
 * processes (spawned from the TypeScript source through tsx). Every test gets its own queue prefix and its
 * own database (SQLite file or PostgreSQL schema), so test files and other people's runs never meet.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createKey, ROLES, type Role } from '../../src/auth/index.js';
import {
  BullRunQueue,
  startReconciler,
  startRunWorker,
  type QueueTuning,
  type Reconciler,
  type RunWorkerHost,
  type RunWorkerOptions,
} from '../../src/jobs/index.js';
import { createServer, loadConfig, type ServerConfig } from '../../src/server/index.js';
import { distributedHandlers, rebuildRunJob, type SynthService } from '../../src/service/index.js';
import { openStore, type DialectName, type Store, type StoreOptions } from '../../src/store/index.js';
import { testStores } from '../store/databases.js';
import type { TestResponse } from '../server/support.js';

export const REDIS_URL = process.env.SDG_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const root = fileURLToPath(new URL('../..', import.meta.url));

export interface DistributedServer {
  readonly url: string;
  readonly store: Store;
  readonly storeOptions: StoreOptions;
  readonly service: SynthService;
  readonly queue: BullRunQueue;
  readonly prefix: string;
  readonly keys: Readonly<Record<Role, string>>;
  readonly reconciler: Reconciler;
  /** Runs the reconciler queued again (their jobs were lost). */
  readonly requeued: readonly string[];
  call(method: string, path: string, options?: { key?: string; body?: unknown }): Promise<TestResponse>;
  /** A worker in this process (same store). */
  startWorker(options?: Partial<RunWorkerOptions>): RunWorkerHost;
  /** A `synthdatagen worker` process on the same database, artifacts and Redis. */
  spawnWorker(env?: Record<string, string>): Promise<WorkerProcess>;
  close(): Promise<void>;
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Everything the worker logged (JSON lines). */
  log(): string;
  /** Resolves with the exit code (or signal). */
  readonly exited: Promise<number | string>;
}

export interface DistributedOptions {
  readonly tuning?: Partial<QueueTuning>;
  readonly overrides?: Partial<ServerConfig>;
  /** Another Redis than the shared one (the fault tests restart their own). */
  readonly redisUrl?: string;
  /** Another PostgreSQL than the shared test database (used as is, not in a fresh schema). */
  readonly databaseUrl?: string;
}

async function openTestStore(
  dialect: DialectName,
  databaseUrl: string | undefined,
): Promise<{ store: Store; options: StoreOptions; cleanup(): Promise<void> }> {
  if (databaseUrl === undefined) {
    const stores = testStores(dialect);
    const store = await stores.open();
    return { store, options: stores.optionsOf(store), cleanup: () => stores.cleanup() };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'sdg-dist-'));
  const options: StoreOptions = { databaseUrl, dataDir };
  const store = await openStore(options);
  return {
    store,
    options,
    async cleanup() {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startDistributedServer(dialect: DialectName, options: DistributedOptions = {}): Promise<DistributedServer> {
  const opened = await openTestStore(dialect, options.databaseUrl);
  const { store, options: storeOptions } = opened;
  const prefix = `sdgt${process.pid}${randomBytes(4).toString('hex')}`;
  const redisUrl = options.redisUrl ?? REDIS_URL;
  const redis = { url: redisUrl, prefix };
  const tuning: Partial<QueueTuning> = { attempts: 3, backoffMs: 200, ...options.tuning };
  const config = loadConfig({}, { logLevel: 'silent', port: 0, host: '127.0.0.1', asyncRowThreshold: 1000, ...options.overrides });
  const queue = new BullRunQueue({ redis, maxQueued: config.maxQueuedRuns, tuning, retryAfterSeconds: 3 });
  const { app, service } = await createServer(store, config, { queue, readiness: async () => ({ redis: await queue.ping() }) });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const requeued: string[] = [];
  const reconciler = startReconciler({
    store,
    queue,
    rebuild: rebuildRunJob(store),
    intervalMs: 1000,
    log: {
      info: () => {},
      error: () => {},
      warn: (fields) => requeued.push(...(((fields as { requeued?: string[] }).requeued ?? []) as string[])),
    },
  });
  const keys = {} as Record<Role, string>;
  for (const role of ROLES) keys[role] = (await createKey(store, { role, name: `${role} test key`, actor: { id: 'test' } })).secret;
  const hosts: RunWorkerHost[] = [];
  const children: WorkerProcess[] = [];
  const workerEnv = (): Record<string, string> => ({
    REDIS_URL: redisUrl,
    SYNTHDATAGEN_QUEUE_PREFIX: prefix,
    SYNTHDATAGEN_DATA_DIR: storeOptions.dataDir!,
    ...(storeOptions.artifactsDir ? { SYNTHDATAGEN_ARTIFACT_DIR: storeOptions.artifactsDir } : {}),
    ...(storeOptions.databaseUrl
      ? { DATABASE_URL: `${storeOptions.databaseUrl}${storeOptions.pgSchema ? `?schema=${storeOptions.pgSchema}` : ''}` }
      : {}),
    SYNTHDATAGEN_CHUNK_FROM_ROWS: String(tuning.chunkFromRows ?? 1_000_000),
    SYNTHDATAGEN_CHUNK_ROWS: String(tuning.chunkRows ?? 1_000_000),
    SYNTHDATAGEN_JOB_ATTEMPTS: String(tuning.attempts ?? 3),
    SYNTHDATAGEN_JOB_BACKOFF_MS: String(tuning.backoffMs ?? 200),
  });
  return {
    url,
    store,
    storeOptions,
    service,
    queue,
    prefix,
    keys,
    reconciler,
    requeued,
    async call(method, path, callOptions = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${callOptions.key ?? keys.admin}` };
      let body: string | undefined;
      if (callOptions.body !== undefined) {
        body = JSON.stringify(callOptions.body);
        headers['content-type'] = 'application/json';
      }
      const response = await fetch(`${url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
      const bytes = Buffer.from(await response.arrayBuffer());
      const text = bytes.toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, text, bytes, json };
    },
    startWorker(extra = {}) {
      const host = startRunWorker({
        redis,
        store,
        artifacts: store.artifacts,
        handlers: distributedHandlers({ store, artifacts: store.artifacts }),
        tuning,
        lockDurationMs: 4000,
        stalledIntervalMs: 2000,
        handoverMs: 1000,
        ...extra,
      });
      hosts.push(host);
      return host;
    },
    async spawnWorker(env = {}) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker'], {
        cwd: root,
        env: {
          ...process.env,
          LOG_LEVEL: 'info',
          SYNTHDATAGEN_JOB_LOCK_MS: '4000',
          SYNTHDATAGEN_HANDOVER_MS: '1000',
          ...workerEnv(),
          ...env,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let text = '';
      child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
      const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
      const worker: WorkerProcess = { child, log: () => text, exited };
      children.push(worker);
      await waitFor(
        () => text.includes('worker started'),
        60_000,
        () => `worker did not start: ${text}`,
      );
      return worker;
    },
    async close() {
      reconciler.stop();
      for (const child of children) if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
      await Promise.all(children.map((c) => c.exited));
      await Promise.all(hosts.map((h) => h.close()));
      await app.close();
      await queue.drain();
      await dropRedisPrefix(redisUrl, prefix);
      await opened.cleanup();
    },
  };
}

/** Removes every key of a test's queue prefix (queues, cancel flags) from Redis. */
export async function dropRedisPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // A private Redis already stopped: nothing to clean.
  } finally {
    redis.disconnect();
  }
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, message: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(message());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until a run leaves queued/running; returns the run view. */
export async function waitForRun(server: DistributedServer, runId: string, timeoutMs = 120_000): Promise<TestResponse> {
  let last: TestResponse | undefined;
  await waitFor(
    async () => {
      last = await server.call('GET', `/api/runs/${runId}`).catch(() => undefined);
      return ['succeeded', 'failed', 'cancelled'].includes(last?.json?.status);
    },
    timeoutMs,
    () => `run ${runId} did not finish: ${last?.text}`,
  );
  return last!;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
