/**
 * API key rows. Only hashes are stored; making keys, hashing them and deciding what a role may do is auth/'s
 * job. This repository is the storage underneath it.
 */
import type { Selectable } from 'kysely';
import { now } from '../codec.js';
import type { ApiKeysTable, IsoTimestamp } from '../types.js';
import type { RepositoryContext } from './context.js';

export interface ApiKeyRow {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly keyHash: string;
  readonly prefix: string;
  readonly createdAt: IsoTimestamp;
  readonly createdBy: string | null;
  readonly revokedAt: IsoTimestamp | null;
  readonly revokedBy: string | null;
}

export interface ApiKeysRepository {
  /** Takes the api_keys write lock until the current transaction ends (check-then-create, e.g. bootstrap). */
  lock(): Promise<void>;
  insert(key: Omit<ApiKeyRow, 'revokedAt' | 'revokedBy'>): Promise<ApiKeyRow>;
  get(id: string): Promise<ApiKeyRow | undefined>;
  findByHash(keyHash: string): Promise<ApiKeyRow | undefined>;
  /** Oldest first. */
  list(options?: { readonly includeRevoked?: boolean }): Promise<ApiKeyRow[]>;
  /** Marks the key revoked; undefined when it is unknown or was already revoked. */
  revoke(id: string, revokedBy?: string | null, at?: IsoTimestamp): Promise<ApiKeyRow | undefined>;
  /** Keys ever made with this role, revoked ones included. */
  countByRole(role: string): Promise<number>;
}

function toRow(row: Selectable<ApiKeysTable>): ApiKeyRow {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    keyHash: row.key_hash,
    prefix: row.prefix,
    createdAt: row.created_at,
    createdBy: row.created_by,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
  };
}

export function apiKeysRepository(context: RepositoryContext): ApiKeysRepository {
  const { db } = context;
  return {
    lock() {
      return context.dialect.lockTable(db, 'api_keys');
    },

    async insert(key) {
      const row = await db
        .insertInto('api_keys')
        .values({
          id: key.id,
          name: key.name,
          role: key.role,
          key_hash: key.keyHash,
          prefix: key.prefix,
          created_at: key.createdAt,
          created_by: key.createdBy,
          revoked_at: null,
          revoked_by: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRow(row);
    },

    async get(id) {
      const row = await db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toRow(row);
    },

    async findByHash(keyHash) {
      const row = await db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
      return row === undefined ? undefined : toRow(row);
    },

    async list(options = {}) {
      let query = db.selectFrom('api_keys').selectAll();
      if (options.includeRevoked !== true) query = query.where('revoked_at', 'is', null);
      const rows = await query.orderBy('created_at').orderBy('id').execute();
      return rows.map(toRow);
    },

    async revoke(id, revokedBy = null, at = now()) {
      const row = await db
        .updateTable('api_keys')
        .set({ revoked_at: at, revoked_by: revokedBy })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? undefined : toRow(row);
    },

    async countByRole(role) {
      const { count } = await db
        .selectFrom('api_keys')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('role', '=', role)
        .executeTakeFirstOrThrow();
      return Number(count);
    },
  };
}
