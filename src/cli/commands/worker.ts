/**
 * `synthdatagen worker [--concurrency N] [--chunk-concurrency N] [--redis-url URL] [--database-url URL]
 * [--data-dir DIR]`: executes the pipeline runs the API queues in Redis (REDIS_URL), on any machine that
 * reaches Redis, the database and the artifact folder. Large runs are split into chunk jobs that any worker
 * takes (see docs/scale-out.md). Logs are JSON lines (pino) on stderr, one per run event, with the run id.
 * SIGTERM/SIGINT: no new jobs, running runs finish, chunks still running after --handover-ms go back to the
 * queue for another worker.
 */
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { SdgError } from '../../core/index.js';
import type { CliCommand, CommandContext } from '../command.js';

interface WorkerFlags {
  readonly concurrency?: string;
  readonly chunkConcurrency?: string;
  readonly redisUrl?: string;
  readonly databaseUrl?: string;
  readonly dataDir?: string;
  readonly lockMs?: string;
  readonly handoverMs?: string;
}

function count(raw: string | undefined, name: string, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new SdgError('SDG_ERR_BAD_OPTION', `${name} must be 1 … ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

async function workerAction(flags: WorkerFlags, { io }: CommandContext): Promise<void> {
  const [{ loadConfig }, { openStore }, { distributedHandlers }, jobs, { pino }] = await Promise.all([
    import('../../server/index.js'),
    import('../../store/index.js'),
    import('../../service/index.js'),
    import('../../jobs/index.js'),
    import('pino'),
  ]);
  const env = { ...io.env, ...(flags.redisUrl === undefined ? {} : { REDIS_URL: flags.redisUrl }) };
  const redis = jobs.redisSettingsFromEnv(env);
  if (redis === undefined)
    throw new SdgError('SDG_ERR_BAD_OPTION', 'a worker needs Redis: set REDIS_URL (or --redis-url)', {
      hint: 'e.g. REDIS_URL=redis://127.0.0.1:6379 synthdatagen worker; the API must use the same REDIS_URL',
    });
  const config = loadConfig(io.env, {
    ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }),
    ...(flags.databaseUrl === undefined ? {} : { databaseUrl: flags.databaseUrl }),
  });
  const log = pino({ level: io.env.LOG_LEVEL ?? 'info', base: { pid: process.pid, host: hostname(), role: 'worker' } }, io.stderr);
  const store = await openStore({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    dataDir: config.dataDir,
    artifactsDir: config.artifactDir,
    artifactStore: config.artifactStore,
  });
  const host = jobs.startRunWorker({
    redis,
    store,
    artifacts: store.artifacts,
    handlers: distributedHandlers({ store, artifacts: store.artifacts, maxRows: config.maxRows }),
    tuning: jobs.queueTuningFromEnv(env),
    concurrency: count(flags.concurrency ?? io.env.SYNTHDATAGEN_WORKER_CONCURRENCY, '--concurrency', 1, 64),
    chunkConcurrency: count(flags.chunkConcurrency ?? io.env.SYNTHDATAGEN_CHUNK_CONCURRENCY, '--chunk-concurrency', 1, 64),
    lockDurationMs: count(flags.lockMs ?? io.env.SYNTHDATAGEN_JOB_LOCK_MS, '--lock-ms', 30_000, 3_600_000),
    stalledIntervalMs: count(flags.lockMs ?? io.env.SYNTHDATAGEN_JOB_LOCK_MS, '--lock-ms', 30_000, 3_600_000),
    handoverMs: count(flags.handoverMs ?? io.env.SYNTHDATAGEN_HANDOVER_MS, '--handover-ms', 10_000, 3_600_000),
    name: `${hostname()}:${process.pid}`,
    log,
  });
  log.info({ database: store.location, artifacts: store.artifacts.location, queuePrefix: redis.prefix }, 'worker started');
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      log.info({ signal }, 'stopping: finishing running work');
      void host
        .close()
        .catch((error: unknown) => log.error({ err: error }, 'error while stopping'))
        .finally(() => {
          void store.close().finally(() => {
            log.info({}, 'worker stopped');
            resolve();
          });
        });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

export const workerCommand: CliCommand = {
  name: 'worker',
  register(program: Command, context: CommandContext): void {
    program
      .command('worker')
      .description('execute queued pipeline runs from Redis (REDIS_URL); run any number, on any machine')
      .option('-c, --concurrency <n>', 'runs at once in this process (default $SYNTHDATAGEN_WORKER_CONCURRENCY or 1)')
      .option('--chunk-concurrency <n>', 'chunks of large runs at once (default $SYNTHDATAGEN_CHUNK_CONCURRENCY or 1)')
      .option('--redis-url <url>', 'redis://… (default $REDIS_URL)')
      .option('--database-url <url>', 'postgres://… (default $DATABASE_URL; SQLite under --data-dir otherwise)')
      .option('--data-dir <dir>', 'folder of the SQLite file and artifacts (default $SYNTHDATAGEN_DATA_DIR or ./data)')
      .option('--lock-ms <ms>', 'job lock: how soon a dead worker’s job is taken over (default 30000)')
      .option('--handover-ms <ms>', 'on SIGTERM, hand chunks still running after this long back to the queue (default 10000)')
      .action((flags: WorkerFlags) => workerAction(flags, context));
  },
};
