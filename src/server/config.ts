/**
 * Server configuration: every knob has a default that runs on a laptop with nothing installed (SQLite and
 * artifacts under ./data), and an environment variable for deployments. See docs/service.md.
 */
import { resolve } from 'node:path';
import { SdgError } from '../core/index.js';
import { storeOptionsFromEnv, type ArtifactStoreKind } from '../store/index.js';

export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  /** `postgres://…` for PostgreSQL (or `sqlite:PATH`); unset for the embedded SQLite file under dataDir. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /** Content-addressed artifacts (datasets, reports, charts); default dataDir/artifacts. */
  readonly artifactDir: string;
  /** SYNTHDATAGEN_ARTIFACT_STORE: `files` (default, artifactDir) or `database`. */
  readonly artifactStore: ArtifactStoreKind;
  /** Largest rowCount a pipeline request may ask for. */
  readonly maxRows: number;
  /** Requests above this many rows run asynchronously: 202 + Location, progress as server-sent events. */
  readonly asyncRowThreshold: number;
  /** Largest request body in bytes (413 above it). */
  readonly bodyLimit: number;
  /** Requests per key (or per IP without a key) per window (429 + Retry-After above it). */
  readonly rateLimitMax: number;
  readonly rateLimitWindowMs: number;
  /** Async runs queued or running at once before new ones are refused with 429. */
  readonly maxQueuedRuns: number;
  /** Async runs executed at once in this process. */
  readonly runConcurrency: number;
  /** Hostnames the server answers to (DNS-rebinding protection for the UI and /mcp); empty = loopback names only. */
  readonly allowedHosts: readonly string[];
  /** Log level for pino ('silent' in tests). */
  readonly logLevel: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

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

/** The configuration from environment variables (and explicit overrides, e.g. from CLI flags). */
export function loadConfig(env: Env = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const dataDir = resolve(overrides.dataDir ?? env.SYNTHDATAGEN_DATA_DIR ?? './data');
  const databaseUrl = overrides.databaseUrl ?? (env.DATABASE_URL && env.DATABASE_URL.trim() !== '' ? env.DATABASE_URL : undefined);
  const config: ServerConfig = {
    host: env.HOST ?? '127.0.0.1',
    port: integer(env, 'PORT', 8080, 0),
    databaseUrl,
    dataDir,
    artifactDir: resolve(env.SYNTHDATAGEN_ARTIFACT_DIR ?? resolve(dataDir, 'artifacts')),
    artifactStore: storeOptionsFromEnv(env).artifactStore ?? 'files',
    maxRows: integer(env, 'SYNTHDATAGEN_MAX_ROWS', 10_000_000, 1),
    asyncRowThreshold: integer(env, 'SYNTHDATAGEN_ASYNC_ROWS', 100_000, 0),
    bodyLimit: integer(env, 'SYNTHDATAGEN_BODY_LIMIT', 10 * 1024 * 1024, 1024),
    rateLimitMax: integer(env, 'SYNTHDATAGEN_RATE_LIMIT', 6000, 1),
    rateLimitWindowMs: integer(env, 'SYNTHDATAGEN_RATE_WINDOW_MS', 60_000, 1000),
    maxQueuedRuns: integer(env, 'SYNTHDATAGEN_MAX_QUEUED_RUNS', 100, 1),
    runConcurrency: integer(env, 'SYNTHDATAGEN_RUN_CONCURRENCY', 2, 1),
    allowedHosts: (env.SYNTHDATAGEN_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h !== ''),
    logLevel: env.LOG_LEVEL ?? 'info',
    ...overrides,
  };
  return config;
}
