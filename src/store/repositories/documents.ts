/**
 * Templates and presets: named JSON documents with plain CRUD. The store does not interpret `content` (a
 * template is a request skeleton, a preset a set of options); the server validates it before saving.
 */
import { sql, type Selectable } from 'kysely';
import { isPlainObject, SdgError, type JsonObject } from '../../core/index.js';
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
import type { IsoTimestamp, NamedDocumentsTable } from '../types.js';
import { checkName, nameTaken, type RepositoryContext } from './context.js';

export interface NamedDocument {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly content: JsonObject;
  readonly createdAt: IsoTimestamp;
  readonly updatedAt: IsoTimestamp;
  readonly createdBy: string | null;
}

export interface NewNamedDocument {
  readonly name: string;
  readonly description?: string | null;
  readonly content: JsonObject;
  readonly createdBy?: string | null;
}

export interface NamedDocumentChanges {
  readonly name?: string;
  readonly description?: string | null;
  readonly content?: JsonObject;
}

export interface NamedDocumentQuery extends OffsetPageRequest {
  /** Case-insensitive substring of the name. */
  readonly nameContains?: string;
}

export interface NamedDocumentsRepository {
  /** Fails with SDG_ERR_BAD_OPTION at /name when the name is taken. */
  create(document: NewNamedDocument): Promise<NamedDocument>;
  get(id: string): Promise<NamedDocument | undefined>;
  getByName(name: string): Promise<NamedDocument | undefined>;
  list(query?: NamedDocumentQuery): Promise<Page<NamedDocument>>;
  /** Undefined when the id is unknown. */
  update(id: string, changes: NamedDocumentChanges): Promise<NamedDocument | undefined>;
  remove(id: string): Promise<boolean>;
}

export type DocumentTable = 'templates' | 'presets';

const WHAT: Record<DocumentTable, { noun: string; idPrefix: string }> = {
  templates: { noun: 'template', idPrefix: 'tpl' },
  presets: { noun: 'preset', idPrefix: 'pre' },
};

function toDocument(row: Selectable<NamedDocumentsTable>): NamedDocument {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    content: decodeJson<JsonObject>(row.content),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
  };
}

function checkContent(content: unknown, noun: string): JsonObject {
  if (!isPlainObject(content)) {
    throw new SdgError('SDG_ERR_BAD_OPTION', `a ${noun}'s content must be a JSON object`, { pointer: '/content' });
  }
  return content as JsonObject;
}

export function namedDocumentsRepository(context: RepositoryContext, table: DocumentTable): NamedDocumentsRepository {
  const { db } = context;
  const { noun, idPrefix } = WHAT[table];
  // Both tables have the same columns; Kysely types the builder for one of them.
  const from = () => db.selectFrom(table as 'templates');

  const renamed = async <T>(name: string | undefined, write: () => Promise<T>): Promise<T> => {
    try {
      return await write();
    } catch (error) {
      if (name !== undefined && context.dialect.isUniqueViolation(error)) throw nameTaken(noun, name, error);
      throw error;
    }
  };

  return {
    async create(document) {
      const name = checkName(document.name, noun);
      const content = checkContent(document.content, noun);
      const at = now();
      const row = await renamed(name, () =>
        db
          .insertInto(table as 'templates')
          .values({
            id: newId(idPrefix),
            name,
            description: document.description ?? null,
            content: encodeJson(content),
            created_at: at,
            updated_at: at,
            created_by: document.createdBy ?? null,
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
      return toDocument(row);
    },

    async get(id) {
      const row = await from().selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toDocument(row);
    },

    async getByName(name) {
      const row = await from().selectAll().where('name', '=', name).executeTakeFirst();
      return row === undefined ? undefined : toDocument(row);
    },

    async list(query = {}) {
      const { limit, offset } = offsetWindow(query);
      const pattern = query.nameContains === undefined ? undefined : containsPattern(query.nameContains);
      const matching = sql<boolean>`${pattern === undefined ? sql`1 = 1` : sql`lower(name) like ${pattern} escape '\\'`}`;
      const rows = await from().selectAll().where(matching).orderBy('name').orderBy('id').limit(limit).offset(offset).execute();
      const { total } = await from()
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .where(matching)
        .executeTakeFirstOrThrow();
      return offsetPage(rows.map(toDocument), offset, Number(total));
    },

    async update(id, changes) {
      const name = changes.name === undefined ? undefined : checkName(changes.name, noun);
      const content = changes.content === undefined ? undefined : checkContent(changes.content, noun);
      const row = await renamed(name, () =>
        db
          .updateTable(table as 'templates')
          .set({
            updated_at: now(),
            ...(name === undefined ? {} : { name }),
            ...(changes.description === undefined ? {} : { description: changes.description }),
            ...(content === undefined ? {} : { content: encodeJson(content) }),
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst(),
      );
      return row === undefined ? undefined : toDocument(row);
    },

    async remove(id) {
      const result = await db
        .deleteFrom(table as 'templates')
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
