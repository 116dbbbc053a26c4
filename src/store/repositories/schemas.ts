/**
 * The schema library: named schemas, each a list of immutable versions. Saving content identical to the
 * latest version (same canonical fingerprint) adds nothing, so "save" is safe to repeat. The content is kept
 * as written, key order included, because property order is column order in CSV and Parquet; only the
 * fingerprint is taken over canonical JSON.
 */
import { sql, type Selectable } from 'kysely';
import { fingerprint, type JsonValue } from '../../core/index.js';
import {
  containsPattern,
  decodeJson,
  encodeJson,
  newId,
  now,
  offsetPage,
  offsetWindow,
  type OffsetPageRequest,
  type Page,
} from '../codec.js';
import type { IsoTimestamp, SchemaVersionsTable, SchemasTable } from '../types.js';
import { checkName, nameTaken, type RepositoryContext } from './context.js';

export interface SchemaRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly latestVersion: number;
  /** Fingerprint of the latest version. */
  readonly fingerprint: string;
  readonly createdAt: IsoTimestamp;
  readonly updatedAt: IsoTimestamp;
  readonly createdBy: string | null;
}

export interface SchemaVersionInfo {
  readonly schemaId: string;
  readonly version: number;
  readonly fingerprint: string;
  readonly createdAt: IsoTimestamp;
  readonly createdBy: string | null;
}

export interface SchemaVersionRecord extends SchemaVersionInfo {
  readonly content: JsonValue;
}

export interface SaveSchemaInput {
  readonly name: string;
  readonly schema: JsonValue;
  /** Replaces the description when given (null clears it). */
  readonly description?: string | null;
  readonly createdBy?: string | null;
}

export interface SaveSchemaResult {
  readonly schema: SchemaRecord;
  readonly version: SchemaVersionRecord;
  /** False when the content equalled the latest version and nothing was written. */
  readonly created: boolean;
}

export interface SchemaListQuery extends OffsetPageRequest {
  /** Case-insensitive substring of the name. */
  readonly nameContains?: string;
}

export interface SchemasRepository {
  /** Creates the schema `name`, or adds a version to it when the content differs from its latest version. */
  save(input: SaveSchemaInput): Promise<SaveSchemaResult>;
  /** Adds a version to an existing schema; undefined when the id is unknown. */
  addVersion(id: string, input: Omit<SaveSchemaInput, 'name'>): Promise<SaveSchemaResult | undefined>;
  get(id: string): Promise<SchemaRecord | undefined>;
  getByName(name: string): Promise<SchemaRecord | undefined>;
  /** A version's content; the latest when `version` is omitted. */
  getVersion(id: string, version?: number): Promise<SchemaVersionRecord | undefined>;
  listVersions(id: string): Promise<SchemaVersionInfo[]>;
  list(query?: SchemaListQuery): Promise<Page<SchemaRecord>>;
  /** Versions with this fingerprint, in any schema (which library schema did a run use?). */
  findByFingerprint(fingerprint: string): Promise<SchemaVersionInfo[]>;
  /** Renames or re-describes; undefined when the id is unknown. */
  update(id: string, changes: { readonly name?: string; readonly description?: string | null }): Promise<SchemaRecord | undefined>;
  /** Deletes the schema and all its versions (runs keep their fingerprint). */
  remove(id: string): Promise<boolean>;
}

type SchemaRow = Selectable<SchemasTable> & { fingerprint: string };

function toSchema(row: SchemaRow): SchemaRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    latestVersion: row.latest_version,
    fingerprint: row.fingerprint,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
  };
}

function toInfo(row: Omit<Selectable<SchemaVersionsTable>, 'content'>): SchemaVersionInfo {
  return {
    schemaId: row.schema_id,
    version: row.version,
    fingerprint: row.fingerprint,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

function toVersion(row: Selectable<SchemaVersionsTable>): SchemaVersionRecord {
  return { ...toInfo(row), content: decodeJson(row.content) };
}

export function schemasRepository(context: RepositoryContext): SchemasRepository {
  const { db } = context;

  // A schema row joined with its latest version's fingerprint.
  const schemas = () =>
    db
      .selectFrom('schemas')
      .innerJoin('schema_versions', (join) =>
        join.onRef('schema_versions.schema_id', '=', 'schemas.id').onRef('schema_versions.version', '=', 'schemas.latest_version'),
      )
      .selectAll('schemas')
      .select('schema_versions.fingerprint');

  async function appendVersion(
    existing: Selectable<SchemasTable> | undefined,
    input: SaveSchemaInput,
    trx: RepositoryContext['db'],
  ): Promise<SaveSchemaResult> {
    const print = fingerprint(input.schema);
    const at = now();
    const createdBy = input.createdBy ?? null;
    if (existing !== undefined) {
      const latest = await trx
        .selectFrom('schema_versions')
        .selectAll()
        .where('schema_id', '=', existing.id)
        .where('version', '=', existing.latest_version)
        .executeTakeFirstOrThrow();
      const describe = input.description !== undefined && input.description !== existing.description;
      if (latest.fingerprint === print && !describe) {
        return { schema: toSchema({ ...existing, fingerprint: latest.fingerprint }), version: toVersion(latest), created: false };
      }
      if (latest.fingerprint === print) {
        const row = await trx
          .updateTable('schemas')
          .set({ description: input.description ?? null, updated_at: at })
          .where('id', '=', existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return { schema: toSchema({ ...row, fingerprint: print }), version: toVersion(latest), created: false };
      }
    }
    const id = existing?.id ?? newId('sch');
    const version = (existing?.latest_version ?? 0) + 1;
    let row: Selectable<SchemasTable>;
    if (existing === undefined) {
      row = await trx
        .insertInto('schemas')
        .values({
          id,
          name: input.name,
          description: input.description ?? null,
          latest_version: 1,
          created_at: at,
          updated_at: at,
          created_by: createdBy,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    } else {
      row = await trx
        .updateTable('schemas')
        .set({
          latest_version: version,
          updated_at: at,
          ...(input.description === undefined ? {} : { description: input.description }),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    const versionRow = await trx
      .insertInto('schema_versions')
      .values({ schema_id: id, version, fingerprint: print, content: encodeJson(input.schema), created_at: at, created_by: createdBy })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { schema: toSchema({ ...row, fingerprint: print }), version: toVersion(versionRow), created: true };
  }

  return {
    async save(input) {
      const name = checkName(input.name, 'schema');
      return context.transaction(async (trx) => {
        // Serialises saves so two writers cannot both take version n+1 (or both create the same name).
        await context.dialect.lockTable(trx, 'schemas');
        const existing = await trx.selectFrom('schemas').selectAll().where('name', '=', name).executeTakeFirst();
        return appendVersion(existing, { ...input, name }, trx);
      });
    },

    async addVersion(id, input) {
      return context.transaction(async (trx) => {
        await context.dialect.lockTable(trx, 'schemas');
        const existing = await trx.selectFrom('schemas').selectAll().where('id', '=', id).executeTakeFirst();
        if (existing === undefined) return undefined;
        return appendVersion(existing, { ...input, name: existing.name }, trx);
      });
    },

    async get(id) {
      const row = await schemas().where('schemas.id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toSchema(row);
    },

    async getByName(name) {
      const row = await schemas().where('schemas.name', '=', name).executeTakeFirst();
      return row === undefined ? undefined : toSchema(row);
    },

    async getVersion(id, version) {
      let query = db.selectFrom('schema_versions').selectAll().where('schema_id', '=', id);
      query =
        version === undefined
          ? query.where('version', '=', (eb) => eb.selectFrom('schemas').select('latest_version').where('id', '=', id))
          : query.where('version', '=', version);
      const row = await query.executeTakeFirst();
      return row === undefined ? undefined : toVersion(row);
    },

    async listVersions(id) {
      const rows = await db
        .selectFrom('schema_versions')
        .select(['schema_id', 'version', 'fingerprint', 'created_at', 'created_by'])
        .where('schema_id', '=', id)
        .orderBy('version', 'asc')
        .execute();
      return rows.map(toInfo);
    },

    async list(query = {}) {
      const { limit, offset } = offsetWindow(query);
      const pattern = query.nameContains === undefined ? undefined : containsPattern(query.nameContains);
      let rows = schemas();
      let count = db.selectFrom('schemas').select((eb) => eb.fn.countAll<number>().as('total'));
      if (pattern !== undefined) {
        rows = rows.where(sql<boolean>`lower(${sql.ref('schemas.name')}) like ${pattern} escape '\\'`);
        count = count.where(sql<boolean>`lower(${sql.ref('name')}) like ${pattern} escape '\\'`);
      }
      const items = await rows.orderBy('schemas.name').orderBy('schemas.id').limit(limit).offset(offset).execute();
      const { total } = await count.executeTakeFirstOrThrow();
      return offsetPage(items.map(toSchema), offset, Number(total));
    },

    async findByFingerprint(print) {
      const rows = await db
        .selectFrom('schema_versions')
        .select(['schema_id', 'version', 'fingerprint', 'created_at', 'created_by'])
        .where('fingerprint', '=', print)
        .orderBy('created_at')
        .execute();
      return rows.map(toInfo);
    },

    async update(id, changes) {
      const name = changes.name === undefined ? undefined : checkName(changes.name, 'schema');
      try {
        const updated = await db
          .updateTable('schemas')
          .set({
            updated_at: now(),
            ...(name === undefined ? {} : { name }),
            ...(changes.description === undefined ? {} : { description: changes.description }),
          })
          .where('id', '=', id)
          .executeTakeFirst();
        if (updated.numUpdatedRows === 0n) return undefined;
      } catch (error) {
        if (name !== undefined && context.dialect.isUniqueViolation(error)) throw nameTaken('schema', name, error);
        throw error;
      }
      return this.get(id);
    },

    async remove(id) {
      return context.transaction(async (trx) => {
        // Versions first: SQLite enforces the cascade only when foreign_keys is on for this connection.
        await trx.deleteFrom('schema_versions').where('schema_id', '=', id).execute();
        const result = await trx.deleteFrom('schemas').where('id', '=', id).executeTakeFirst();
        return result.numDeletedRows > 0n;
      });
    },
  };
}
