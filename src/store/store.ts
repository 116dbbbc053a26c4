/**
 * openStore: options → connection target → dialect → Kysely → migrations → typed repositories.
 *
 * A Store and a transaction offer the same face (StoreSession), so code that appends audit events or
 * updates a run works unchanged inside or outside a transaction: `store.transaction(async (tx) => { await
 * tx.runs.finish(…); await appendAudit(tx, …) })` commits both or neither.
 */
import { join, resolve } from 'node:path';
import { Kysely, sql } from 'kysely';
import { SdgError } from '../core/index.js';
import { createArtifactStore, type ArtifactStore } from './artifacts.js';
import { createDatabaseArtifactStore } from './artifacts-db.js';
import { createDialect, type DialectName, type StoreDialect } from './dialect.js';
import { migrateToLatest } from './migrations.js';
import { DEFAULT_DATA_DIR, resolveTarget, type StoreOptions } from './options.js';
import { apiKeysRepository, type ApiKeysRepository } from './repositories/api-keys.js';
import { auditLogRepository, type AuditLogRepository } from './repositories/audit-log.js';
import type { RepositoryContext } from './repositories/context.js';
import { namedDocumentsRepository, type NamedDocumentsRepository } from './repositories/documents.js';
import { runsRepository, type RunsRepository } from './repositories/runs.js';
import { schemasRepository, type SchemasRepository } from './repositories/schemas.js';
import { settingsRepository, type SettingsRepository } from './repositories/settings.js';
import type { Database } from './types.js';

export interface Repositories {
  readonly runs: RunsRepository;
  readonly schemas: SchemasRepository;
  readonly templates: NamedDocumentsRepository;
  readonly presets: NamedDocumentsRepository;
  readonly settings: SettingsRepository;
  readonly apiKeys: ApiKeysRepository;
  /** Raw rows of the audit chain; append and verify through audit/, which hashes. */
  readonly auditLog: AuditLogRepository;
}

export interface StoreSession extends Repositories {
  readonly dialect: DialectName;
  /**
   * The typed Kysely handle of this session (the transaction, inside one), for queries no repository
   * offers. Inside `transaction`, use the `tx` you were given: on SQLite the outer handle waits for the
   * transaction's single connection, so using it there would wait forever.
   */
  readonly db: Kysely<Database>;
  readonly inTransaction: boolean;
  /**
   * Runs `work` in one transaction, committed when it resolves and rolled back when it throws. On SQLite it
   * holds the database's write lock from the start (BEGIN IMMEDIATE); on PostgreSQL it is READ COMMITTED.
   * Called on a transaction session, it joins that transaction.
   */
  transaction<T>(work: (tx: StoreSession) => Promise<T>): Promise<T>;
}

export interface Store extends StoreSession {
  readonly artifacts: ArtifactStore;
  /** Where the data is, for logs and messages: a file path, or host:port/database (never a password). */
  readonly location: string;
  /** Checks the database answers (for readiness probes); throws SDG_ERR_IO when it does not. */
  ping(): Promise<void>;
  /**
   * Closes the pool, or releases the SQLite connection (shared by the Stores this process opened on the same
   * file; the last one to close closes it). Safe to call twice.
   */
  close(): Promise<void>;
}

function session(db: Kysely<Database>, dialect: StoreDialect, inTransaction: boolean): StoreSession {
  const transaction = <T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T> =>
    inTransaction ? work(db) : db.transaction().execute((trx) => work(trx));
  const context: RepositoryContext = { db, dialect, transaction };
  const current: StoreSession = {
    dialect: dialect.name,
    db,
    inTransaction,
    runs: runsRepository(db),
    schemas: schemasRepository(context),
    templates: namedDocumentsRepository(context, 'templates'),
    presets: namedDocumentsRepository(context, 'presets'),
    settings: settingsRepository(context),
    apiKeys: apiKeysRepository(context),
    auditLog: auditLogRepository(context),
    transaction<T>(work: (tx: StoreSession) => Promise<T>): Promise<T> {
      if (inTransaction) return work(current);
      return db.transaction().execute((trx) => work(session(trx, dialect, true)));
    },
  };
  return current;
}

function unreachable(dialect: StoreDialect, error: unknown): SdgError {
  const what = dialect.name === 'postgres' ? `PostgreSQL at ${dialect.display}` : `SQLite database ${dialect.display}`;
  return new SdgError('SDG_ERR_IO', `cannot reach the ${what}: ${(error as Error).message}`, {
    cause: error,
    hint:
      dialect.name === 'postgres'
        ? 'check DATABASE_URL (host, port, database, user) and that the server is running'
        : 'check that the data folder is writable and not on a network file system',
  });
}

interface Connection {
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
  release(): Promise<void>;
}

async function initialise(db: Kysely<Database>, dialect: StoreDialect, migrate: boolean): Promise<void> {
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    throw unreachable(dialect, error);
  }
  if (migrate) await migrateToLatest(db, dialect);
}

/**
 * Stores opened on the same SQLite file within one process share one connection. better-sqlite3 is
 * synchronous: a second connection waiting for the first one's write lock would block the event loop, so
 * the first could never reach its COMMIT and both would stall until busy_timeout. One shared connection
 * behind Kysely's mutex serialises them instead. Separate processes still coordinate through SQLite's locks.
 */
const sharedSqlite = new Map<string, { db: Kysely<Database>; dialect: StoreDialect; refs: number }>();

async function connect(options: StoreOptions): Promise<Connection> {
  const target = resolveTarget(options);
  const migrate = options.migrate !== false;
  if (target.kind === 'postgres') {
    const dialect = createDialect(target, options.poolSize);
    const db = new Kysely<Database>({ dialect: dialect.kysely });
    try {
      await initialise(db, dialect, migrate);
    } catch (error) {
      await db.destroy().catch(() => undefined);
      throw error;
    }
    return { db, dialect, release: () => db.destroy() };
  }
  let entry = sharedSqlite.get(target.file);
  if (entry === undefined) {
    const dialect = createDialect(target);
    entry = { db: new Kysely<Database>({ dialect: dialect.kysely }), dialect, refs: 0 };
    sharedSqlite.set(target.file, entry);
  }
  const shared = entry;
  shared.refs += 1;
  const release = async (): Promise<void> => {
    shared.refs -= 1;
    if (shared.refs > 0) return;
    sharedSqlite.delete(target.file);
    await shared.db.destroy();
  };
  try {
    await initialise(shared.db, shared.dialect, migrate);
  } catch (error) {
    await release().catch(() => undefined);
    throw error;
  }
  return { db: shared.db, dialect: shared.dialect, release };
}

/** Uploads older than this that never became an artifact are a crash's leftovers. */
const ABANDONED_UPLOAD_MS = 24 * 3600 * 1000;

/** Opens (and by default migrates) the database and the artifact store. */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const { db, dialect, release } = await connect(options);
  let artifacts: ArtifactStore;
  if (options.artifactStore === 'database') {
    const inDatabase = createDatabaseArtifactStore(db, { display: dialect.display });
    if (options.migrate !== false) await inDatabase.sweep(new Date(Date.now() - ABANDONED_UPLOAD_MS));
    artifacts = inDatabase;
  } else artifacts = createArtifactStore(resolve(options.artifactsDir ?? join(dataDir, 'artifacts')));
  let closed: Promise<void> | undefined;
  return {
    ...session(db, dialect, false),
    artifacts,
    location: dialect.display,
    async ping() {
      try {
        await sql`select 1`.execute(db);
      } catch (error) {
        throw unreachable(dialect, error);
      }
    },
    close() {
      return (closed ??= release());
    },
  };
}
