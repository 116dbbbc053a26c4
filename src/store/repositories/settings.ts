/**
 * Settings: JSON values under dotted keys (`pii.block`, `defaults.rowCount`…). The store keeps them and
 * reports what changed (for the SettingsChanged audit event); what a key means is the server's business.
 */
import type { JsonValue } from '../../core/index.js';
import { SdgError } from '../../core/index.js';
import { decodeJson, encodeJson, now } from '../codec.js';
import type { IsoTimestamp } from '../types.js';
import type { RepositoryContext } from './context.js';

export interface SettingRecord {
  readonly key: string;
  readonly value: JsonValue;
  readonly updatedAt: IsoTimestamp;
  readonly updatedBy: string | null;
}

export interface SettingChange {
  readonly key: string;
  /** Undefined when the key was not set before. */
  readonly previous: JsonValue | undefined;
  /** Undefined when the key was removed. */
  readonly value: JsonValue | undefined;
}

export interface SettingsRepository {
  get(key: string): Promise<JsonValue | undefined>;
  list(): Promise<SettingRecord[]>;
  /** Every setting as one object keyed by setting key. */
  all(): Promise<Record<string, JsonValue>>;
  /** Sets the keys in one transaction; returns only those whose value actually changed. */
  set(values: Readonly<Record<string, JsonValue>>, updatedBy?: string | null): Promise<SettingChange[]>;
  /** Undefined when the key was not set. */
  remove(key: string): Promise<SettingChange | undefined>;
}

function checkKey(key: string): void {
  if (!/^[A-Za-z0-9_.:-]{1,200}$/.test(key)) {
    throw new SdgError('SDG_ERR_BAD_OPTION', `invalid setting key ${JSON.stringify(key)}`, {
      pointer: `/${key}`,
      hint: 'use letters, digits and . _ : - (at most 200 characters)',
    });
  }
}

export function settingsRepository(context: RepositoryContext): SettingsRepository {
  const { db } = context;
  return {
    async get(key) {
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row === undefined ? undefined : decodeJson(row.value);
    },

    async list() {
      const rows = await db.selectFrom('settings').selectAll().orderBy('key').execute();
      return rows.map((row) => ({ key: row.key, value: decodeJson(row.value), updatedAt: row.updated_at, updatedBy: row.updated_by }));
    },

    async all() {
      const rows = await db.selectFrom('settings').select(['key', 'value']).orderBy('key').execute();
      return Object.fromEntries(rows.map((row) => [row.key, decodeJson(row.value)]));
    },

    async set(values, updatedBy = null) {
      const keys = Object.keys(values).sort();
      for (const key of keys) checkKey(key);
      if (keys.length === 0) return [];
      return context.transaction(async (trx) => {
        const rows = await trx.selectFrom('settings').select(['key', 'value']).where('key', 'in', keys).execute();
        const before = new Map(rows.map((row) => [row.key, row.value]));
        const at = now();
        const changes: SettingChange[] = [];
        for (const key of keys) {
          const text = encodeJson(values[key]);
          const previous = before.get(key);
          if (previous === text) continue;
          await trx
            .insertInto('settings')
            .values({ key, value: text, updated_at: at, updated_by: updatedBy })
            .onConflict((conflict) => conflict.column('key').doUpdateSet({ value: text, updated_at: at, updated_by: updatedBy }))
            .execute();
          changes.push({ key, previous: previous === undefined ? undefined : decodeJson(previous), value: decodeJson(text) });
        }
        return changes;
      });
    },

    async remove(key) {
      return context.transaction(async (trx) => {
        const row = await trx.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
        if (row === undefined) return undefined;
        await trx.deleteFrom('settings').where('key', '=', key).execute();
        return { key, previous: decodeJson(row.value), value: undefined };
      });
    },
  };
}
