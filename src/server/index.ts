/**
 * Public face of the REST server: `startServer` opens the store (SQLite by default, PostgreSQL with
 * DATABASE_URL), creates the first admin key on the first start, and serves the API, its OpenAPI document
 * and docs page. See docs/service.md.
 */
import type { FastifyInstance } from 'fastify';
import { authenticate, ensureBootstrapAdmin, type CreatedKey } from '../auth/index.js';
import { BullRunQueue, queueTuningFromEnv, redisSettingsFromEnv, startReconciler, type Reconciler, type RunQueue } from '../jobs/index.js';
import { mcpHttpEndpoint } from '../mcp/index.js';
import { createService, rebuildRunJob, type SynthService } from '../service/index.js';
import { openStore, type Store } from '../store/index.js';
import { buildApp, type AppOptions } from './app.js';
import { loadConfig, type Env, type ServerConfig } from './config.js';
import { adminUi } from './static.js';

export { buildApp, errorResponse } from './app.js';
export type { AppOptions } from './app.js';
export { loadConfig } from './config.js';
export type { ServerConfig, Env } from './config.js';
export { runView } from './views.js';
export { adminUi, DEFAULT_UI_ROOT } from './static.js';
export type { AdminUiOptions } from './static.js';

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly service: SynthService;
  readonly config: ServerConfig;
  /** The address it listens on, e.g. http://127.0.0.1:8080. */
  readonly url: string;
  /** The admin key created on the first start (null on later starts): print it once. */
  readonly bootstrapKey: CreatedKey | null;
  /** Stops taking requests, lets running work finish, closes the database. */
  close(): Promise<void>;
}

/** The authenticate function the app uses, over a store. */
export function keyAuthenticator(store: Store): AppOptions['authenticate'] {
  return async (raw) => {
    const result = await authenticate(store, raw);
    if (result.ok) return { principal: { id: result.key.id, name: result.key.name, role: result.key.role } };
    return { reason: result.reason === 'missing_key' ? 'malformed_key' : result.reason };
  };
}

/** A service and app over an open store (tests use this with their own store). */
export async function createServer(
  store: Store,
  config: ServerConfig,
  extra: Partial<AppOptions> & { readonly queue?: RunQueue } = {},
): Promise<{ app: FastifyInstance; service: SynthService }> {
  const { queue, ...appExtra } = extra;
  const service = createService({
    store,
    artifacts: store.artifacts,
    maxRows: config.maxRows,
    asyncRowThreshold: config.asyncRowThreshold,
    maxQueuedRuns: config.maxQueuedRuns,
    runConcurrency: config.runConcurrency,
    ...(queue ? { queue } : {}),
  });
  const authenticate = appExtra.authenticate ?? keyAuthenticator(store);
  // /mcp before any other extension: a UI's catch-all route must not shadow it.
  const extensions = [mcpHttpEndpoint({ service, authenticate }), ...(appExtra.extensions ?? [])];
  const app = await buildApp({ service, config, authenticate, ...appExtra, extensions });
  return { app, service };
}

/**
 * The distributed queue when REDIS_URL is set: runs go to BullMQ and `synthdatagen worker` processes execute
 * them; readiness then includes Redis. Undefined keeps the in-process queue.
 */
export function distributedQueue(env: Env, config: ServerConfig): BullRunQueue | undefined {
  const redis = redisSettingsFromEnv(env);
  if (redis === undefined) return undefined;
  return new BullRunQueue({ redis, maxQueued: config.maxQueuedRuns, tuning: queueTuningFromEnv(env) });
}

/** Marks runs left queued or running by a process that died as failed, so nothing stays half-done. */
async function recoverInterrupted(service: SynthService): Promise<number> {
  let recovered = 0;
  for (;;) {
    const page = await service.store.runs.list({ status: ['queued', 'running'], limit: 100 });
    if (page.items.length === 0) return recovered;
    for (const run of page.items) {
      await service.store.runs.finish(run.id, {
        status: 'failed',
        error: {
          code: 'SDG_ERR_UNAVAILABLE',
          message: 'the server stopped before the run finished',
          hint: 'run it again: the same seed gives the same data',
        },
      });
      recovered++;
    }
  }
}

export interface StartOptions {
  /**
   * Create the first admin key and mark runs a dead process left behind as failed (default true). A cluster
   * does this once, in the primary, before its workers start: a worker must not fail its siblings' runs.
   */
  readonly prepare?: boolean;
}

/** Opens the store, migrates it, creates the first admin key and recovers interrupted runs; then closes it. */
export async function prepareStore(
  env: Env = process.env,
  overrides: Partial<ServerConfig> = {},
): Promise<{ bootstrapKey: CreatedKey | null; recovered: number; location: string }> {
  const config = loadConfig(env, overrides);
  const store = await openStore({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    dataDir: config.dataDir,
    artifactsDir: config.artifactDir,
    artifactStore: config.artifactStore,
  });
  try {
    const bootstrapKey = await ensureBootstrapAdmin(store);
    const { service } = await createServer(store, config);
    // With Redis, queued and running runs belong to the workers (and the reconciler), not to a dead process.
    const recovered = redisSettingsFromEnv(env) === undefined ? await recoverInterrupted(service) : 0;
    return { bootstrapKey, recovered, location: store.location };
  } finally {
    await store.close();
  }
}

export async function startServer(
  env: Env = process.env,
  overrides: Partial<ServerConfig> = {},
  options: StartOptions = {},
): Promise<RunningServer> {
  const config = loadConfig(env, overrides);
  const prepare = options.prepare ?? true;
  const store = await openStore({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    dataDir: config.dataDir,
    artifactsDir: config.artifactDir,
    artifactStore: config.artifactStore,
  });
  const queue = distributedQueue(env, config);
  try {
    const bootstrapKey = prepare ? await ensureBootstrapAdmin(store) : null;
    const { app, service } = await createServer(store, config, {
      extensions: [adminUi()],
      ...(queue ? { queue, readiness: async () => ({ redis: await queue.ping() }) } : {}),
    });
    let reconciler: Reconciler | undefined;
    if (queue) reconciler = startReconciler({ store, queue, rebuild: rebuildRunJob(store), log: app.log });
    else if (prepare) await recoverInterrupted(service);
    const address = await app.listen({ host: config.host, port: config.port });
    let closing: Promise<void> | undefined;
    return {
      app,
      store,
      service,
      config,
      url: address,
      bootstrapKey,
      close: () =>
        (closing ??= (async () => {
          reconciler?.stop();
          await app.close();
          // Sync runs outlive their dropped connections: let them finish writing before the store closes.
          await service.settle();
          await service.queue.drain();
          await store.close();
        })()),
    };
  } catch (error) {
    await queue?.drain();
    await store.close();
    throw error;
  }
}
