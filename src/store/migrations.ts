/**
 * The one migration set, for both databases. Migrations are code (Kysely's Migrator with an in-memory
 * provider), so they ship inside the package and no file layout has to survive bundling. Each migration
 * sees `Kysely<unknown>`, not today's `Database`: a migration describes the schema of its own day, and must
 * keep compiling when the table types move on. Never edit a released migration; add the next one.
 *
 * The only dialect branches are column types SQLite spells differently and the append-only triggers.
 */
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { SdgError } from '../core/index.js';
import type { DialectName, StoreDialect } from './dialect.js';
import type { Database } from './types.js';

/** Triggers that make audit_events append-only; verifyAudit reports when any is missing. */
export const APPEND_ONLY_TRIGGERS: Readonly<Record<DialectName, readonly string[]>> = {
  sqlite: ['audit_events_no_delete', 'audit_events_no_update'],
  postgres: ['audit_events_no_delete', 'audit_events_no_truncate', 'audit_events_no_update'],
};

export const APPEND_ONLY_MESSAGE = 'audit_events is append-only';

function initial(dialect: DialectName): Migration {
  // SQLite's INTEGER is already 64-bit (and `integer primary key` is the rowid); PostgreSQL needs bigint.
  const int64 = dialect === 'sqlite' ? 'integer' : 'bigint';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('role', 'text')
        .addColumn('request', 'text', (c) => c.notNull())
        .addColumn('schema_fingerprint', 'text')
        .addColumn('schema_id', 'text')
        .addColumn('schema_version', 'integer')
        .addColumn('template_id', 'text')
        .addColumn('row_count', int64, (c) => c.notNull())
        .addColumn('seed', 'text')
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('timings', 'text')
        .addColumn('duration_ms', int64)
        .addColumn('evaluation_status', 'text')
        .addColumn('evaluation', 'text')
        .addColumn('pii_verdict', 'text')
        .addColumn('pii', 'text')
        .addColumn('error', 'text')
        .addColumn('artifacts', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .addCheckConstraint('runs_status_check', sql`status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')`)
        .execute();
      // History filters are "X, newest first": each index leads with the filter and ends in the sort key.
      await db.schema.createIndex('runs_created_idx').on('runs').columns(['created_at', 'id']).execute();
      await db.schema.createIndex('runs_user_created_idx').on('runs').columns(['user_id', 'created_at']).execute();
      await db.schema.createIndex('runs_status_created_idx').on('runs').columns(['status', 'created_at']).execute();
      await db.schema.createIndex('runs_fingerprint_created_idx').on('runs').columns(['schema_fingerprint', 'created_at']).execute();
      await db.schema.createIndex('runs_schema_created_idx').on('runs').columns(['schema_id', 'created_at']).execute();
      await db.schema.createIndex('runs_template_created_idx').on('runs').columns(['template_id', 'created_at']).execute();

      await db.schema
        .createTable('schemas')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text')
        .addColumn('latest_version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .execute();
      await db.schema
        .createTable('schema_versions')
        .addColumn('schema_id', 'text', (c) => c.notNull().references('schemas.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addPrimaryKeyConstraint('schema_versions_pk', ['schema_id', 'version'])
        .execute();
      await db.schema.createIndex('schema_versions_fingerprint_idx').on('schema_versions').column('fingerprint').execute();

      for (const table of ['templates', 'presets']) {
        await db.schema
          .createTable(table)
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull().unique())
          .addColumn('description', 'text')
          .addColumn('content', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text')
          .execute();
      }

      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('revoked_at', 'text')
        .addColumn('revoked_by', 'text')
        .execute();
      await db.schema.createIndex('api_keys_role_idx').on('api_keys').column('role').execute();

      await db.schema
        .createTable('audit_events')
        // No autoincrement: seq is assigned under the append lock as tail + 1, so a gap always means a deletion.
        .addColumn('seq', int64, (c) => c.primaryKey())
        .addColumn('ts', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text')
        .addColumn('user_id', 'text')
        .addColumn('role', 'text')
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull().unique())
        .execute();
      // prev_hash is looked up only when verify classifies a broken link; it is deliberately not unique so a
      // forged fork can be stored and then named, rather than hidden behind a constraint error.
      await db.schema.createIndex('audit_events_prev_hash_idx').on('audit_events').column('prev_hash').execute();
      await db.schema.createIndex('audit_events_type_idx').on('audit_events').columns(['type', 'seq']).execute();
      await db.schema.createIndex('audit_events_run_idx').on('audit_events').columns(['run_id', 'seq']).execute();
      await db.schema.createIndex('audit_events_user_idx').on('audit_events').columns(['user_id', 'seq']).execute();
      await db.schema.createIndex('audit_events_ts_idx').on('audit_events').column('ts').execute();

      if (dialect === 'sqlite') {
        await sql`create trigger audit_events_no_update before update on audit_events
          begin select raise(abort, ${sql.lit(`${APPEND_ONLY_MESSAGE}: UPDATE refused`)}); end`.execute(db);
        await sql`create trigger audit_events_no_delete before delete on audit_events
          begin select raise(abort, ${sql.lit(`${APPEND_ONLY_MESSAGE}: DELETE refused`)}); end`.execute(db);
      } else {
        // TRUNCATE skips row triggers, so it gets a statement trigger of its own.
        await sql`create function audit_events_refuse_change() returns trigger language plpgsql as $$
          begin
            raise exception '${sql.raw(APPEND_ONLY_MESSAGE)}: % refused', tg_op using errcode = 'restrict_violation';
          end $$`.execute(db);
        await sql`create trigger audit_events_no_update before update on audit_events
          for each row execute function audit_events_refuse_change()`.execute(db);
        await sql`create trigger audit_events_no_delete before delete on audit_events
          for each row execute function audit_events_refuse_change()`.execute(db);
        await sql`create trigger audit_events_no_truncate before truncate on audit_events
          for each statement execute function audit_events_refuse_change()`.execute(db);
      }
    },
  };
}

/** Tables of the database artifact store (SYNTHDATAGEN_ARTIFACT_STORE=database): deployments with no shared volume. */
function artifactsInDatabase(dialect: DialectName): Migration {
  const int64 = dialect === 'sqlite' ? 'integer' : 'bigint';
  const bytes = dialect === 'sqlite' ? 'blob' : 'bytea';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('artifact_chunks')
        .addColumn('upload_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('bytes', bytes, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('artifact_chunks_pk', ['upload_id', 'seq'])
        .execute();
      await db.schema
        .createTable('artifact_blobs')
        .addColumn('digest', 'text', (c) => c.primaryKey())
        .addColumn('size', int64, (c) => c.notNull())
        .addColumn('upload_id', 'text', (c) => c.notNull().unique())
        .addColumn('chunk_size', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}

export function migrationsFor(dialect: DialectName): Record<string, Migration> {
  return { '0001_initial': initial(dialect), '0002_artifacts_in_database': artifactsInDatabase(dialect) };
}

/** Brings the database to the newest migration; a failure names the migration and leaves the rest untouched. */
export async function migrateToLatest(db: Kysely<Database>, dialect: StoreDialect): Promise<void> {
  await dialect.prepare(db);
  const migrations = migrationsFor(dialect.name);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Without an explicit schema, Kysely would find another schema's kysely_migration table and skip its own.
    ...(dialect.schema === undefined ? {} : { migrationTableSchema: dialect.schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new SdgError(
      'SDG_ERR_IO',
      `cannot migrate the database at ${dialect.display}${failed === undefined ? '' : ` (migration ${failed})`}: ${(error as Error).message}`,
      { cause: error, hint: 'check that the database user may create tables, or that the database was made by this version or older' },
    );
  }
}
