/**
 * Where the store lives: resolved once from options and the environment into a connection target, so the
 * CLI, the server and the tests all pick the database the same way.
 */
import { userInfo } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { SdgError } from '../core/index.js';

export interface StoreOptions {
  /**
   * `postgres://…` or `postgresql://…` selects PostgreSQL (a `?schema=NAME` parameter puts the tables in that
   * schema); `sqlite:PATH` or `file:PATH` selects that SQLite file; unset means SQLite at `<dataDir>/synthdatagen.db`.
   */
  readonly databaseUrl?: string;
  /** Folder of the embedded database and the artifacts (default `./data`, created when missing). */
  readonly dataDir?: string;
  /** Folder of the content-addressed artifacts (default `<dataDir>/artifacts`). */
  readonly artifactsDir?: string;
  /**
   * Where artifacts go: `files` (default: the folder above; a shared volume when workers run on several
   * machines) or `database` (tables in the same database: for deployments with no shared volume).
   */
  readonly artifactStore?: ArtifactStoreKind;
  /** PostgreSQL schema for the tables (created when missing); overrides `?schema=` in the URL. */
  readonly pgSchema?: string;
  /** Largest number of pooled PostgreSQL connections (default 10). */
  readonly poolSize?: number;
  /** Bring the tables up to date on open (default true). */
  readonly migrate?: boolean;
}

export const STORE_ENV = {
  databaseUrl: 'DATABASE_URL',
  dataDir: 'SYNTHDATAGEN_DATA_DIR',
  artifactsDir: 'SYNTHDATAGEN_ARTIFACT_DIR',
  artifactStore: 'SYNTHDATAGEN_ARTIFACT_STORE',
} as const;

export const ARTIFACT_STORE_KINDS = ['files', 'database'] as const;
export type ArtifactStoreKind = (typeof ARTIFACT_STORE_KINDS)[number];

function artifactStoreKind(value: string): ArtifactStoreKind {
  const kind = value.toLowerCase();
  if ((ARTIFACT_STORE_KINDS as readonly string[]).includes(kind)) return kind as ArtifactStoreKind;
  throw new SdgError('SDG_ERR_BAD_OPTION', `${STORE_ENV.artifactStore} must be files or database, got ${JSON.stringify(value)}`, {
    hint: 'leave it unset for the artifacts folder, or set database to keep artifacts in the database',
  });
}

export const DEFAULT_DATA_DIR = 'data';
export const SQLITE_FILE_NAME = 'synthdatagen.db';

/** Options given explicitly win over the environment; empty environment values count as unset. */
export function storeOptionsFromEnv(env: Readonly<Record<string, string | undefined>>, explicit: StoreOptions = {}): StoreOptions {
  const pick = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const databaseUrl = explicit.databaseUrl ?? pick(STORE_ENV.databaseUrl);
  const dataDir = explicit.dataDir ?? pick(STORE_ENV.dataDir);
  const artifactsDir = explicit.artifactsDir ?? pick(STORE_ENV.artifactsDir);
  const kind = pick(STORE_ENV.artifactStore);
  const artifactStore = explicit.artifactStore ?? (kind === undefined ? undefined : artifactStoreKind(kind));
  return {
    ...explicit,
    ...(artifactStore === undefined ? {} : { artifactStore }),
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    ...(dataDir === undefined ? {} : { dataDir }),
    ...(artifactsDir === undefined ? {} : { artifactsDir }),
  };
}

export type ConnectionTarget =
  | { readonly kind: 'sqlite'; readonly file: string }
  | {
      readonly kind: 'postgres';
      readonly connectionString: string;
      readonly schema: string | undefined;
      /** host:port/database, for messages: never the password. */
      readonly display: string;
    };

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function resolveTarget(options: StoreOptions): ConnectionTarget {
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const url = options.databaseUrl?.trim();
  if (url === undefined || url === '') return { kind: 'sqlite', file: join(dataDir, SQLITE_FILE_NAME) };
  if (/^postgres(ql)?:\/\//i.test(url)) return postgresTarget(url, options.pgSchema);
  const sqlitePath = /^(sqlite|file):/i.exec(url) === null ? undefined : url.replace(/^(sqlite|file):(\/\/)?/i, '');
  if (sqlitePath !== undefined && sqlitePath !== '') {
    return { kind: 'sqlite', file: isAbsolute(sqlitePath) ? sqlitePath : resolve(sqlitePath) };
  }
  throw new SdgError('SDG_ERR_BAD_OPTION', `unsupported database URL ${JSON.stringify(redact(url))}`, {
    hint: 'use postgres://user@host:5432/db for PostgreSQL, sqlite:PATH for an SQLite file, or leave DATABASE_URL unset for ./data',
  });
}

function postgresTarget(url: string, explicitSchema: string | undefined): ConnectionTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new SdgError('SDG_ERR_BAD_OPTION', `malformed PostgreSQL URL ${JSON.stringify(redact(url))}`, {
      cause: error,
      hint: 'write it as postgres://user:password@host:5432/database',
    });
  }
  // `schema` is our parameter, not libpq's: take it out so pg does not pass it on as a startup option.
  const schema = explicitSchema ?? (parsed.searchParams.get('schema') || undefined);
  parsed.searchParams.delete('schema');
  // Like libpq (psql), a URL without a user name connects as the operating-system user; node-postgres would
  // otherwise fall back to $USER, which services and containers often lack.
  if (parsed.username === '' && (process.env.PGUSER ?? '') === '') parsed.username = encodeURIComponent(userInfo().username);
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new SdgError('SDG_ERR_BAD_OPTION', `invalid PostgreSQL schema name ${JSON.stringify(schema)}`, {
      hint: 'use letters, digits and underscores, starting with a letter or underscore',
    });
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(default)';
  return {
    kind: 'postgres',
    connectionString: parsed.toString(),
    schema,
    display: `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}/${database}${schema === undefined ? '' : ` (schema ${schema})`}`,
  };
}

/** A URL fit for an error message: the password replaced. */
export function redact(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
