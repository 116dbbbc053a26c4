/**
 * The real databases the store suites run against: an SQLite file in a fresh temp folder, and the
 * PostgreSQL at 127.0.0.1:5432/test with a fresh schema per store (dropped afterwards), so test files can run
 * in parallel without seeing each other's rows. Other suites (server, e2e) may reuse `testStores`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { openStore, resolveTarget, type DialectName, type Store, type StoreOptions, type StoreSession } from '../../src/store/index.js';

export const POSTGRES_URL = process.env.SDG_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

export interface TestStores {
  /** A store on an empty database of this dialect. */
  open(options?: StoreOptions): Promise<Store>;
  /** Options that reach the same database as an earlier `open` (for a second connection or a CLI run). */
  optionsOf(store: Store): StoreOptions;
  /** Closes every store and removes every folder and schema made so far. */
  cleanup(): Promise<void>;
}

export function testStores(dialect: DialectName): TestStores {
  const stores: Store[] = [];
  const folders: string[] = [];
  const schemas: string[] = [];
  const optionsByStore = new Map<Store, StoreOptions>();

  return {
    async open(extra = {}) {
      const dataDir = await mkdtemp(join(tmpdir(), 'sdg-store-'));
      folders.push(dataDir);
      let options: StoreOptions = { dataDir, ...extra };
      if (dialect === 'postgres') {
        const schema = `sdg_t_${process.pid}_${randomBytes(4).toString('hex')}`;
        schemas.push(schema);
        options = { ...options, databaseUrl: POSTGRES_URL, pgSchema: schema };
      }
      const store = await openStore(options);
      stores.push(store);
      optionsByStore.set(store, options);
      return store;
    },
    optionsOf(store) {
      const options = optionsByStore.get(store);
      if (options === undefined) throw new Error('not a store of this helper');
      return options;
    },
    async cleanup() {
      await Promise.all(stores.splice(0).map((store) => store.close()));
      await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
      if (schemas.length > 0) {
        const target = resolveTarget({ databaseUrl: POSTGRES_URL });
        const client = new pg.Client({ connectionString: target.kind === 'postgres' ? target.connectionString : POSTGRES_URL });
        await client.connect();
        try {
          for (const schema of schemas.splice(0)) await client.query(`drop schema if exists "${schema}" cascade`);
        } finally {
          await client.end();
        }
      }
    },
  };
}

/** Drops the append-only triggers, as someone with database access could, to tamper with the audit rows. */
export async function dropAuditTriggers(store: StoreSession): Promise<void> {
  const names = await store.auditLog.triggers();
  for (const name of names) {
    if (store.dialect === 'sqlite') await sql`drop trigger ${sql.id(name)}`.execute(store.db);
    else await sql`drop trigger ${sql.id(name)} on audit_events`.execute(store.db);
  }
}
