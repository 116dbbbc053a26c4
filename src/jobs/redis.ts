/**
 * Redis settings for the distributed queue. `REDIS_URL` switches the service from the in-process queue to
 * BullMQ; everything else has a default. BullMQ opens its own connections from these options (a blocking one
 * per worker, a stream reader per QueueEvents), so nothing here holds a socket.
 */
import { SdgError } from '../core/index.js';

export interface RedisSettings {
  /** redis://[user:password@]host:port[/db] */
  readonly url: string;
  /** Key prefix of every queue key: several deployments (or test runs) can share one Redis. */
  readonly prefix: string;
}

export interface QueueTuning {
  /** Rows from which a run is split into chunk jobs (default 1,000,000). */
  readonly chunkFromRows: number;
  /** Rows per chunk job (default 1,000,000). */
  readonly chunkRows: number;
  /** Attempts per job before it fails for good (default 3). */
  readonly attempts: number;
  /** First retry delay; doubles each attempt (default 2000 ms). */
  readonly backoffMs: number;
}

export const DEFAULT_TUNING: QueueTuning = { chunkFromRows: 1_000_000, chunkRows: 1_000_000, attempts: 3, backoffMs: 2000 };

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min)
    throw new SdgError('SDG_ERR_BAD_OPTION', `${name} must be an integer ≥ ${min}, got ${JSON.stringify(raw)}`, {
      hint: `unset it for the default ${fallback}`,
    });
  return value;
}

/** The Redis settings when REDIS_URL is set; undefined keeps the embedded in-process queue. */
export function redisSettingsFromEnv(env: Env): RedisSettings | undefined {
  const url = env.REDIS_URL?.trim();
  if (url === undefined || url === '') return undefined;
  if (!/^rediss?:\/\//.test(url))
    throw new SdgError('SDG_ERR_BAD_OPTION', `REDIS_URL must start with redis:// or rediss://, got ${JSON.stringify(url)}`, {
      hint: 'e.g. REDIS_URL=redis://127.0.0.1:6379',
    });
  const prefix = env.SYNTHDATAGEN_QUEUE_PREFIX?.trim() || 'sdg';
  if (prefix.includes(':')) throw new SdgError('SDG_ERR_BAD_OPTION', 'SYNTHDATAGEN_QUEUE_PREFIX must not contain ":"');
  return { url, prefix };
}

export function queueTuningFromEnv(env: Env): QueueTuning {
  return {
    chunkFromRows: integer(env, 'SYNTHDATAGEN_CHUNK_FROM_ROWS', DEFAULT_TUNING.chunkFromRows, 1),
    chunkRows: integer(env, 'SYNTHDATAGEN_CHUNK_ROWS', DEFAULT_TUNING.chunkRows, 1),
    attempts: integer(env, 'SYNTHDATAGEN_JOB_ATTEMPTS', DEFAULT_TUNING.attempts, 1),
    backoffMs: integer(env, 'SYNTHDATAGEN_JOB_BACKOFF_MS', DEFAULT_TUNING.backoffMs, 0),
  };
}

/**
 * Connection options. Workers block on Redis and must retry forever (BullMQ requires
 * maxRetriesPerRequest: null): a Redis restart pauses them instead of killing them. The API side fails fast
 * instead (`client`), so a request answers 503 while Redis is away rather than hanging.
 */
export function connectionOptions(settings: RedisSettings, role: 'worker' | 'client'): Record<string, unknown> {
  const retryStrategy = (times: number): number => Math.min(200 * times, 2000);
  return role === 'worker'
    ? { url: settings.url, maxRetriesPerRequest: null, retryStrategy }
    : { url: settings.url, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy };
}
