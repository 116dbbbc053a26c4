/**
 * The two databases behind one interface (after Kysely's `src/dialect/*`): each side supplies the Kysely
 * dialect and the handful of things SQL does not say portably (how to take a write lock, how to list
 * triggers, what a unique violation looks like). Nothing outside this file and migrations.ts branches on
 * the dialect.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
} from 'kysely';
import pg from 'pg';
import { SdgError } from '../core/index.js';
import type { ConnectionTarget } from './options.js';
import type { Database } from './types.js';

export type DialectName = 'sqlite' | 'postgres';

export interface StoreDialect {
  readonly name: DialectName;
  /** Where the data is, for messages (a file path, or host:port/database: never a password). */
  readonly display: string;
  readonly kysely: Dialect;
  /** PostgreSQL schema holding the tables (and Kysely's migration bookkeeping), when not the default. */
  readonly schema: string | undefined;
  /** Runs before migrations: creates the schema or folder the tables go in. */
  prepare(db: Kysely<Database>): Promise<void>;
  /**
   * Takes the exclusive write lock on a table for the rest of the current transaction. Appends that read
   * the tail and insert after it (the audit chain, version numbers) call this first so that two of them can
   * never read the same tail.
   */
  lockTable(tx: Kysely<Database>, table: keyof Database): Promise<void>;
  /** Names of the triggers installed on a table. */
  triggersOn(db: Kysely<Database>, table: keyof Database): Promise<string[]>;
  isUniqueViolation(error: unknown): boolean;
}

export function createDialect(target: ConnectionTarget, poolSize = 10): StoreDialect {
  return target.kind === 'sqlite' ? sqliteDialect(target.file) : postgresDialect(target, poolSize);
}

/**
 * SQLite's plain `BEGIN` is deferred: a transaction that reads and then writes may find, at its first write,
 * that another process wrote meanwhile, and fail with SQLITE_BUSY instead of waiting. `BEGIN IMMEDIATE`
 * takes the write lock up front (waiting up to busy_timeout), so every transaction of the store is a
 * serialised writer across processes too; within one process Kysely's single-connection mutex already
 * serialises them.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: BetterSqlite3.Database;

  constructor(database: BetterSqlite3.Database) {
    super({ database });
    this.#database = database;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database });
  }
}

function sqliteDialect(file: string): StoreDialect {
  let database: BetterSqlite3.Database;
  try {
    mkdirSync(dirname(file), { recursive: true });
    database = new BetterSqlite3(file);
    // WAL lets readers (history, audit export) proceed while one writer appends; NORMAL sync is durable
    // against process crashes in WAL mode and only risks the last commits on power loss.
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('busy_timeout = 10000');
    database.pragma('foreign_keys = ON');
  } catch (error) {
    throw new SdgError('SDG_ERR_IO', `cannot open the SQLite database ${file}: ${(error as Error).message}`, {
      cause: error,
      hint: 'check that the data folder exists and is writable (--data-dir or SYNTHDATAGEN_DATA_DIR)',
    });
  }
  return {
    name: 'sqlite',
    display: file,
    kysely: new ImmediateSqliteDialect(database),
    schema: undefined,
    async prepare() {},
    // BEGIN IMMEDIATE already holds the database-wide write lock.
    async lockTable() {},
    async triggersOn(db, table) {
      const result = await sql<{ name: string }>`select name from sqlite_master where type = 'trigger' and tbl_name = ${table}`.execute(db);
      return result.rows.map((row) => row.name).sort();
    },
    isUniqueViolation(error) {
      const code = (error as { code?: unknown } | null)?.code;
      return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
    },
  };
}

const INT8_OID = 20;

function parseInt8(text: string): number {
  const value = Number(text);
  // Counts, sequence numbers and sizes stay far below 2^53; if one ever does not, fail loudly, never round.
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 value ${text} is beyond JavaScript's safe integers`);
  return value;
}

/**
 * Per-pool type parsing, so we change how *our* connections read int8 without touching pg's global parser
 * table (other code in the same process may rely on int8 arriving as a string).
 */
const PG_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

function postgresDialect(target: Extract<ConnectionTarget, { kind: 'postgres' }>, poolSize: number): StoreDialect {
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    max: poolSize,
    types: PG_TYPES,
    ...(target.schema === undefined ? {} : { options: `-c search_path=${target.schema}` }),
  });
  // An idle pooled connection that the server closes (restart, idle timeout) is reported as a pool 'error'
  // event; unhandled, that event would kill the process. The pool drops the client and the next query
  // opens a fresh one, so there is nothing else to do here.
  pool.on('error', () => {});
  // A client checked out of the pool has no such listener: a server restart mid-transaction would emit an
  // unhandled 'error' and kill the process. Its pending query fails with the same error, which is enough.
  pool.on('connect', (client) => client.on('error', () => {}));
  return {
    name: 'postgres',
    display: target.display,
    kysely: new PostgresDialect({ pool }),
    schema: target.schema,
    async prepare(db) {
      if (target.schema === undefined) return;
      try {
        await sql`create schema if not exists ${sql.id(target.schema)}`.execute(db);
      } catch (error) {
        // Two processes creating the same schema at once: the loser sees a duplicate, which is success.
        if (!isPgCode(error, '42P06') && !isPgCode(error, '23505')) throw error;
      }
    },
    async lockTable(tx, table) {
      // EXCLUSIVE conflicts with itself and with the ROW EXCLUSIVE lock of INSERT/UPDATE/DELETE, but not with
      // plain SELECTs, so readers of the history and the audit log never wait for an append.
      await sql`lock table ${sql.table(table)} in exclusive mode`.execute(tx);
    },
    async triggersOn(db, table) {
      const result = await sql<{ name: string }>`
        select t.tgname as name from pg_trigger t
        where t.tgrelid = to_regclass(${table}) and not t.tgisinternal`.execute(db);
      return result.rows.map((row) => row.name).sort();
    },
    isUniqueViolation(error) {
      return isPgCode(error, '23505');
    },
  };
}

function isPgCode(error: unknown, code: string): boolean {
  return (error as { code?: unknown } | null)?.code === code;
}
