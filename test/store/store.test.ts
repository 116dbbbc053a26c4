import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { fingerprint, isSdgError } from '../../src/core/index.js';
import { openStore, type RunRecord, type Store } from '../../src/store/index.js';
import { DIALECTS, testStores } from './databases.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

async function rejectsWith(promise: Promise<unknown>, code: string, pointer?: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isSdgError(error), `expected an SdgError, got ${String(error)}`).toBe(true);
  if (!isSdgError(error)) return;
  expect(error.code).toBe(code);
  if (pointer !== undefined) expect(error.pointer).toBe(pointer);
}

describe.each(DIALECTS)('store on %s', (dialect) => {
  const stores = testStores(dialect);
  let store: Store;

  beforeAll(async () => {
    store = await stores.open();
  });
  afterAll(() => stores.cleanup());

  describe('opening', () => {
    it('names its dialect and location, answers ping, and migrates only once', async () => {
      expect(store.dialect).toBe(dialect);
      await store.ping();
      // Opening the same database again runs no migration twice and keeps the data.
      await store.settings.set({ 'reopen.marker': 1 });
      const again = await openStore(stores.optionsOf(store));
      try {
        expect(await again.settings.get('reopen.marker')).toBe(1);
        const migrations = await sql<{ name: string }>`select name from kysely_migration`.execute(again.db);
        expect(migrations.rows.map((row) => row.name)).toEqual(['0001_initial', '0002_artifacts_in_database']);
      } finally {
        await again.close();
      }
    });

    it('close is idempotent and later queries fail', async () => {
      const scratch = await stores.open();
      await scratch.close();
      await scratch.close();
      await expect(scratch.runs.get('run_x')).rejects.toThrow();
    });
  });

  describe('runs', () => {
    it('creates a queued run with defaults and ISO timestamps', async () => {
      const run = await store.runs.create({ request: { schema: { type: 'object' }, rowCount: 10 }, rowCount: 10, format: 'csv', seed: 42 });
      expect(run.id).toMatch(/^run_[a-z2-7]{20}$/);
      expect(run.status).toBe('queued');
      expect(run.createdAt).toMatch(ISO);
      expect(run.startedAt).toBeNull();
      expect(run.seed).toBe(42);
      expect(run.artifacts).toEqual([]);
      expect(run.request).toEqual({ schema: { type: 'object' }, rowCount: 10 });
      expect(await store.runs.get(run.id)).toEqual(run);
      expect(await store.runs.get('run_unknown')).toBeUndefined();
    });

    it('keeps a string seed a string and a large row count a number', async () => {
      const run = await store.runs.create({ request: {}, rowCount: 5_000_000_000, format: 'parquet', seed: '42' });
      const read = (await store.runs.get(run.id)) as RunRecord;
      expect(read.seed).toBe('42');
      expect(read.rowCount).toBe(5_000_000_000);
      expect(typeof read.rowCount).toBe('number');
    });

    it('moves queued → running → succeeded once, and never back', async () => {
      const run = await store.runs.create({ request: {}, rowCount: 1, format: 'json' });
      const started = await store.runs.start(run.id);
      expect(started?.status).toBe('running');
      expect(started?.startedAt).toMatch(ISO);
      expect(await store.runs.start(run.id)).toBeUndefined();
      const artifacts = [{ kind: 'dataset', name: 'dataset.json', digest: 'a'.repeat(64), size: 12, mediaType: 'application/json' }];
      const finished = await store.runs.finish(run.id, {
        status: 'succeeded',
        durationMs: 12.6,
        timings: { generate: 5, evaluate: 3 },
        evaluationStatus: 'pass',
        evaluation: { status: 'pass', metrics: { ks: 0.01 } },
        piiVerdict: 'clean',
        pii: { findings: [] },
        artifacts,
      });
      expect(finished).toMatchObject({
        status: 'succeeded',
        durationMs: 13,
        timings: { generate: 5, evaluate: 3 },
        evaluationStatus: 'pass',
        piiVerdict: 'clean',
        artifacts,
        error: null,
      });
      expect(finished?.finishedAt).toMatch(ISO);
      expect(await store.runs.finish(run.id, { status: 'failed' })).toBeUndefined();
      expect((await store.runs.get(run.id))?.status).toBe('succeeded');
    });

    it('records a failure with its error, and a running start', async () => {
      const run = await store.runs.create({ request: {}, rowCount: 1, format: 'csv', status: 'running' });
      expect(run.startedAt).toBe(run.createdAt);
      const failed = await store.runs.finish(run.id, {
        status: 'failed',
        error: { code: 'SDG_ERR_UNSATISFIABLE', message: 'no', pointer: '/x' },
      });
      expect(failed?.error).toEqual({ code: 'SDG_ERR_UNSATISFIABLE', message: 'no', pointer: '/x' });
    });

    it('patches only the fields it names', async () => {
      const run = await store.runs.create({ request: {}, rowCount: 3, format: 'csv', schemaFingerprint: 'sha256:aa' });
      const patched = await store.runs.update(run.id, { piiVerdict: 'blocked' });
      expect(patched).toMatchObject({ piiVerdict: 'blocked', schemaFingerprint: 'sha256:aa' });
      expect(await store.runs.update(run.id, {})).toEqual(patched);
      expect(await store.runs.update('run_nope', { piiVerdict: 'clean' })).toBeUndefined();
    });

    it('refuses a negative row count', async () => {
      await rejectsWith(store.runs.create({ request: {}, rowCount: -1, format: 'csv' }), 'SDG_ERR_BAD_OPTION', '/rowCount');
    });
  });

  describe('run history', () => {
    let history: Store;
    const made: RunRecord[] = [];

    beforeAll(async () => {
      history = await stores.open();
      // 30 runs over 3 users, 2 fingerprints, statuses cycling; pairs share created_at to exercise the id tie-break.
      for (let i = 0; i < 30; i += 1) {
        const createdAt = new Date(Date.UTC(2025, 0, 1, 0, Math.floor(i / 2))).toISOString();
        const run = await history.runs.create({
          request: { i },
          rowCount: (i * 7) % 11,
          format: i % 2 === 0 ? 'csv' : 'json',
          userId: `key_${i % 3}`,
          schemaFingerprint: `sha256:${i % 2}`,
          createdAt,
        });
        if (i % 3 === 1) await history.runs.finish(run.id, { status: 'failed' });
        made.push((await history.runs.get(run.id)) as RunRecord);
      }
    });

    const newestFirst = (runs: RunRecord[]): RunRecord[] =>
      [...runs].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));

    it('lists newest first with a total', async () => {
      const page = await history.runs.list({ limit: 5 });
      expect(page.total).toBe(30);
      expect(page.items.map((run) => run.id)).toEqual(
        newestFirst(made)
          .slice(0, 5)
          .map((run) => run.id),
      );
      expect(page.nextCursor).not.toBeNull();
    });

    it('walks every page by cursor without skipping or repeating a run, in both orders', async () => {
      for (const order of ['asc', 'desc'] as const) {
        for (const sort of ['createdAt', 'rowCount'] as const) {
          const seen: RunRecord[] = [];
          let cursor: string | undefined;
          for (;;) {
            const page = await history.runs.list({ limit: 7, sort, order, ...(cursor === undefined ? {} : { cursor }) });
            seen.push(...page.items);
            if (page.nextCursor === null) break;
            cursor = page.nextCursor;
          }
          expect(seen.map((run) => run.id).sort()).toEqual(made.map((run) => run.id).sort());
          const key = (run: RunRecord): string | number => (sort === 'createdAt' ? run.createdAt : run.rowCount);
          for (let i = 1; i < seen.length; i += 1) {
            const [a, b] = [seen[i - 1] as RunRecord, seen[i] as RunRecord];
            const ordered =
              order === 'asc'
                ? key(a) < key(b) || (key(a) === key(b) && a.id < b.id)
                : key(a) > key(b) || (key(a) === key(b) && a.id > b.id);
            expect(ordered).toBe(true);
          }
        }
      }
    });

    it('filters by user, status, fingerprint, format and date range', async () => {
      const count = async (query: Parameters<Store['runs']['list']>[0]): Promise<number> => (await history.runs.list(query)).total;
      expect(await count({ userId: 'key_1' })).toBe(made.filter((run) => run.userId === 'key_1').length);
      expect(await count({ status: 'failed' })).toBe(10);
      expect(await count({ status: ['failed', 'queued'] })).toBe(30);
      expect(await count({ status: [] })).toBe(0);
      expect(await count({ schemaFingerprint: 'sha256:1', format: 'json' })).toBe(15);
      // [00:02, 00:05) holds minutes 2, 3 and 4: six runs.
      expect(await count({ createdFrom: '2025-01-01T00:02:00Z', createdTo: new Date(Date.UTC(2025, 0, 1, 0, 5)) })).toBe(6);
      expect(await count({ createdFrom: '2025-01-01' })).toBe(30);
      const page = await history.runs.list({ userId: 'key_2', status: 'queued', limit: 100 });
      expect(page.items.every((run) => run.userId === 'key_2' && run.status === 'queued')).toBe(true);
    });

    it('pages by offset too', async () => {
      const all = await history.runs.list({ limit: 30 });
      const third = await history.runs.list({ limit: 10, offset: 20 });
      expect(third.items).toEqual(all.items.slice(20));
      expect(third.nextCursor).toBeNull();
    });

    it('rejects bad cursors, sorts and dates with a pointer', async () => {
      const first = await history.runs.list({ limit: 2 });
      await rejectsWith(history.runs.list({ cursor: 'not-a-cursor' }), 'SDG_ERR_BAD_OPTION', '/cursor');
      await rejectsWith(history.runs.list({ cursor: first.nextCursor as string, sort: 'rowCount' }), 'SDG_ERR_BAD_OPTION', '/cursor');
      await rejectsWith(history.runs.list({ cursor: first.nextCursor as string, offset: 3 }), 'SDG_ERR_BAD_OPTION', '/offset');
      await rejectsWith(history.runs.list({ sort: 'name' as 'createdAt' }), 'SDG_ERR_BAD_OPTION', '/sort');
      await rejectsWith(history.runs.list({ createdFrom: 'yesterday-ish' }), 'SDG_ERR_BAD_OPTION', '/createdFrom');
      await rejectsWith(history.runs.list({ limit: 0 }), 'SDG_ERR_BAD_OPTION', '/limit');
      await rejectsWith(history.runs.list({ status: 'done' as 'queued' }), 'SDG_ERR_BAD_OPTION', '/status');
    });
  });

  describe('schema library', () => {
    it('versions a schema only when its canonical content changes, keeping the content as written', async () => {
      const v1 = { type: 'object', properties: { zeta: { type: 'string' }, alpha: { type: 'integer' } } };
      const first = await store.schemas.save({ name: 'people', schema: v1, description: 'People', createdBy: 'key_a' });
      expect(first.created).toBe(true);
      expect(first.schema).toMatchObject({ name: 'people', latestVersion: 1, fingerprint: fingerprint(v1), description: 'People' });
      expect(first.version).toMatchObject({ version: 1, fingerprint: fingerprint(v1), createdBy: 'key_a' });

      const reordered = { properties: { alpha: { type: 'integer' }, zeta: { type: 'string' } }, type: 'object' };
      const same = await store.schemas.save({ name: 'people', schema: reordered });
      expect(same.created).toBe(false);
      expect(same.version.version).toBe(1);
      expect(Object.keys((same.version.content as { properties: object }).properties)).toEqual(['zeta', 'alpha']);

      const v2 = { ...v1, required: ['alpha'] };
      const second = await store.schemas.save({ name: 'people', schema: v2 });
      expect(second).toMatchObject({ created: true, schema: { latestVersion: 2, fingerprint: fingerprint(v2), description: 'People' } });

      const id = first.schema.id;
      expect((await store.schemas.getVersion(id))?.version).toBe(2);
      expect((await store.schemas.getVersion(id, 1))?.content).toEqual(v1);
      expect(await store.schemas.getVersion(id, 3)).toBeUndefined();
      expect((await store.schemas.listVersions(id)).map((v) => v.version)).toEqual([1, 2]);
      expect((await store.schemas.findByFingerprint(fingerprint(v1))).map((v) => [v.schemaId, v.version])).toEqual([[id, 1]]);
      expect((await store.schemas.getByName('people'))?.id).toBe(id);

      const third = await store.schemas.addVersion(id, { schema: { type: 'object' } });
      expect(third?.version.version).toBe(3);
      expect(await store.schemas.addVersion('sch_nope', { schema: {} })).toBeUndefined();

      const described = await store.schemas.save({ name: 'people', schema: { type: 'object' }, description: 'Persons' });
      expect(described).toMatchObject({ created: false, schema: { description: 'Persons', latestVersion: 3 } });
    });

    it('gives concurrent saves distinct version numbers', async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => store.schemas.save({ name: 'racing', schema: { type: 'object', title: `v${i}` } })),
      );
      expect(results.map((r) => r.version.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    });

    it('lists, searches (LIKE wildcards literal), renames and removes', async () => {
      await store.schemas.save({ name: 'orders_2024', schema: { type: 'object' } });
      await store.schemas.save({ name: 'orders2024', schema: { type: 'array' } });
      await store.schemas.save({ name: '100% pure', schema: { type: 'string' } });
      expect((await store.schemas.list({ nameContains: 'ORDERS_' })).items.map((s) => s.name)).toEqual(['orders_2024']);
      expect((await store.schemas.list({ nameContains: '%' })).items.map((s) => s.name)).toEqual(['100% pure']);
      const all = await store.schemas.list({ limit: 2 });
      expect(all.items).toHaveLength(2);
      const rest = await store.schemas.list({ limit: 100, cursor: all.nextCursor as string });
      expect(all.items.length + rest.items.length).toBe(all.total);

      const target = (await store.schemas.getByName('orders2024'))?.id as string;
      await rejectsWith(store.schemas.update(target, { name: 'orders_2024' }), 'SDG_ERR_BAD_OPTION', '/name');
      expect((await store.schemas.update(target, { name: 'orders-2024', description: 'renamed' }))?.name).toBe('orders-2024');
      expect(await store.schemas.update('sch_nope', { description: 'x' })).toBeUndefined();
      expect(await store.schemas.remove(target)).toBe(true);
      expect(await store.schemas.remove(target)).toBe(false);
      expect(await store.schemas.getVersion(target, 1)).toBeUndefined();
      await rejectsWith(store.schemas.save({ name: '  ', schema: {} }), 'SDG_ERR_BAD_OPTION', '/name');
    });
  });

  describe.each(['templates', 'presets'] as const)('%s', (table) => {
    it('creates, reads, lists, updates and removes; names are unique', async () => {
      const repo = store[table];
      const created = await repo.create({ name: 'Small CSV', content: { rowCount: 100, format: 'csv' }, createdBy: 'key_a' });
      expect(created.id).toMatch(table === 'templates' ? /^tpl_/ : /^pre_/);
      expect(await repo.get(created.id)).toEqual(created);
      expect(await repo.getByName('Small CSV')).toEqual(created);
      await rejectsWith(repo.create({ name: 'Small CSV', content: {} }), 'SDG_ERR_BAD_OPTION', '/name');
      await rejectsWith(repo.create({ name: 'x', content: [] as unknown as Record<string, never> }), 'SDG_ERR_BAD_OPTION', '/content');
      const other = await repo.create({ name: 'Big Parquet', description: 'big', content: { rowCount: 1e6 } });
      const updated = await repo.update(created.id, { content: { rowCount: 200 }, description: 'two hundred' });
      expect(updated).toMatchObject({ name: 'Small CSV', description: 'two hundred', content: { rowCount: 200 } });
      await rejectsWith(repo.update(other.id, { name: 'Small CSV' }), 'SDG_ERR_BAD_OPTION', '/name');
      expect(await repo.update('nope', { description: 'x' })).toBeUndefined();
      expect((await repo.list()).items.map((d) => d.name)).toEqual(['Big Parquet', 'Small CSV']);
      expect((await repo.list({ nameContains: 'parq' })).total).toBe(1);
      expect(await repo.remove(other.id)).toBe(true);
      expect(await repo.remove(other.id)).toBe(false);
      expect((await repo.list()).total).toBe(1);
    });
  });

  describe('settings', () => {
    it('sets JSON values, reports only real changes, and removes', async () => {
      const changes = await store.settings.set({ 'pii.block': true, 'defaults.rowCount': 1000 }, 'key_admin');
      expect(changes).toEqual([
        { key: 'defaults.rowCount', previous: undefined, value: 1000 },
        { key: 'pii.block', previous: undefined, value: true },
      ]);
      expect(await store.settings.set({ 'pii.block': true, 'defaults.rowCount': 500 })).toEqual([
        { key: 'defaults.rowCount', previous: 1000, value: 500 },
      ]);
      expect(await store.settings.get('pii.block')).toBe(true);
      expect(await store.settings.get('nope')).toBeUndefined();
      expect(await store.settings.all()).toMatchObject({ 'pii.block': true, 'defaults.rowCount': 500 });
      const record = (await store.settings.list()).find((s) => s.key === 'pii.block');
      expect(record).toMatchObject({ value: true, updatedBy: 'key_admin' });
      expect(record?.updatedAt).toMatch(ISO);
      expect(await store.settings.remove('pii.block')).toEqual({ key: 'pii.block', previous: true, value: undefined });
      expect(await store.settings.remove('pii.block')).toBeUndefined();
      await rejectsWith(store.settings.set({ 'bad key!': 1 }), 'SDG_ERR_BAD_OPTION');
      expect(await store.settings.set({})).toEqual([]);
    });
  });

  describe('transactions', () => {
    it('commits all or nothing, and nested calls join the outer transaction', async () => {
      const before = (await store.runs.list()).total;
      await expect(
        store.transaction(async (tx) => {
          expect(tx.inTransaction).toBe(true);
          await tx.runs.create({ request: {}, rowCount: 1, format: 'csv' });
          await tx.transaction(async (inner) => {
            expect(inner).toBe(tx);
            await inner.settings.set({ 'tx.marker': 'x' });
          });
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect((await store.runs.list()).total).toBe(before);
      expect(await store.settings.get('tx.marker')).toBeUndefined();

      const id = await store.transaction(async (tx) => (await tx.runs.create({ request: {}, rowCount: 1, format: 'csv' })).id);
      expect(await store.runs.get(id)).toBeDefined();
    });
  });
});
