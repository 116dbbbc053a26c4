import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { isSdgError } from '../../src/core/index.js';
import {
  appendAudit,
  appendAuditEvents,
  auditJsonl,
  chainHash,
  GENESIS_HASH,
  listAudit,
  verifyAudit,
  verifyAuditJsonl,
  type AuditEventInput,
} from '../../src/audit/index.js';
import { APPEND_ONLY_MESSAGE, APPEND_ONLY_TRIGGERS, openStore, type AuditRow, type Store } from '../../src/store/index.js';
import { DIALECTS, dropAuditTriggers, testStores } from '../store/databases.js';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const WORKER = fileURLToPath(new URL('./append-worker.ts', import.meta.url));

const started = (runId: string, rowCount: number): AuditEventInput => ({
  type: 'DataGenStarted',
  runId,
  user: 'key_qa',
  role: 'qa_engineer',
  payload: { schemaFingerprint: 'sha256:abc', rowCount, format: 'csv' },
});

async function rows(store: Store): Promise<AuditRow[]> {
  return store.auditLog.after(0, 10_000);
}

async function row(store: Store, seq: number): Promise<AuditRow> {
  const found = await store.auditLog.get(seq);
  if (found === undefined) throw new Error(`no event ${seq}`);
  return found;
}

/** Moves seq values without tripping the primary key mid-statement: first to negatives, then into place. */
async function shiftSeq(store: Store, from: number, by: number): Promise<void> {
  await sql`update audit_events set seq = -(seq + ${by}) where seq >= ${from}`.execute(store.db);
  await sql`update audit_events set seq = -seq where seq < 0`.execute(store.db);
}

async function swapSeq(store: Store, a: number, b: number): Promise<void> {
  await sql`update audit_events set seq = -1 where seq = ${a}`.execute(store.db);
  await sql`update audit_events set seq = ${a} where seq = ${b}`.execute(store.db);
  await sql`update audit_events set seq = ${b} where seq = -1`.execute(store.db);
}

/** A forged row that is internally consistent: the work of someone who knows the hashing rule. */
function forge(seq: number, prevHash: string, note: string): AuditRow {
  const fields = {
    seq,
    ts: '2025-06-01T00:00:00.000Z',
    type: 'ExportTriggered',
    runId: null,
    userId: 'intruder',
    role: 'admin',
    payload: `{"note":${JSON.stringify(note)}}`,
  };
  return { ...fields, prevHash, hash: chainHash(prevHash, fields) };
}

async function insertRaw(store: Store, forged: AuditRow): Promise<void> {
  await store.db
    .insertInto('audit_events')
    .values({
      seq: forged.seq,
      ts: forged.ts,
      type: forged.type,
      run_id: forged.runId,
      user_id: forged.userId,
      role: forged.role,
      payload: forged.payload,
      prev_hash: forged.prevHash,
      hash: forged.hash,
    })
    .execute();
}

describe.each(DIALECTS)('audit chain on %s', (dialect) => {
  const stores = testStores(dialect);
  afterAll(() => stores.cleanup());

  /** A fresh store with events 1..10, the triggers dropped, ready to be tampered with. */
  async function tamperable(): Promise<Store> {
    const store = await stores.open();
    await appendAuditEvents(
      store,
      Array.from({ length: 10 }, (_, i) => started(`run_${i + 1}`, i + 1)),
    );
    await dropAuditTriggers(store);
    return store;
  }

  describe('appending', () => {
    let store: Store;
    beforeAll(async () => {
      store = await stores.open();
    });

    it('links each event to the one before, from 64 zeros', async () => {
      const first = await appendAudit(store, started('run_a', 10));
      expect(first).toMatchObject({
        seq: 1,
        prevHash: GENESIS_HASH,
        type: 'DataGenStarted',
        runId: 'run_a',
        user: 'key_qa',
        role: 'qa_engineer',
      });
      expect(first.payload).toEqual({ schemaFingerprint: 'sha256:abc', rowCount: 10, format: 'csv' });
      expect(first.ts).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      const [second, third] = await appendAuditEvents(store, [
        { type: 'DataGenCompleted', runId: 'run_a', payload: { rowCount: 10, duration: 12 } },
        { type: 'EvalCompleted', runId: 'run_a', payload: { status: 'warn', metrics: { ks: 0.2, corr: Number.NaN } } },
      ]);
      expect(second).toMatchObject({ seq: 2, prevHash: first.hash, user: null, role: null });
      expect(third).toMatchObject({ seq: 3, prevHash: second?.hash, payload: { metrics: { ks: 0.2, corr: null } } });
      expect(await verifyAudit(store)).toMatchObject({
        ok: true,
        intact: true,
        checked: 3,
        head: { seq: 3, hash: third?.hash },
        break: null,
        missingGuards: [],
      });
      expect(await appendAuditEvents(store, [])).toEqual([]);
    });

    it('refuses unknown event types and non-object payloads, writing nothing', async () => {
      const before = (await rows(store)).length;
      const error = await appendAuditEvents(store, [
        started('run_b', 1),
        { type: 'Nope', payload: {} } as unknown as AuditEventInput,
      ]).catch((e: unknown) => e);
      expect(isSdgError(error) && error.code === 'SDG_ERR_INVALID_DATA' && error.pointer === '/1/type').toBe(true);
      await expect(appendAudit(store, { type: 'VizCompleted', payload: [] } as unknown as AuditEventInput)).rejects.toThrow(/JSON object/);
      expect((await rows(store)).length).toBe(before);
    });

    it('commits and rolls back with the surrounding transaction', async () => {
      const before = (await rows(store)).length;
      await expect(
        store.transaction(async (tx) => {
          const run = await tx.runs.create({ request: {}, rowCount: 1, format: 'csv' });
          await appendAudit(tx, started(run.id, 1));
          throw new Error('pipeline crashed');
        }),
      ).rejects.toThrow('pipeline crashed');
      expect((await rows(store)).length).toBe(before);
      await store.transaction(async (tx) => {
        const run = await tx.runs.create({ request: {}, rowCount: 1, format: 'csv' });
        await appendAudit(tx, started(run.id, 1));
      });
      expect((await rows(store)).length).toBe(before + 1);
      expect((await verifyAudit(store)).ok).toBe(true);
    });

    it('serialises 50 parallel appends into one unbroken chain', async () => {
      const fresh = await stores.open();
      await Promise.all(Array.from({ length: 50 }, (_, i) => appendAudit(fresh, started(`run_${i}`, i))));
      const all = await rows(fresh);
      expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(new Set(all.map((r) => r.payload)).size).toBe(50);
      expect(await verifyAudit(fresh)).toMatchObject({ ok: true, checked: 50 });
    });

    it("groups concurrent appends yet keeps each caller's events contiguous, in order, and its failures its own", async () => {
      const fresh = await stores.open();
      const calls = Array.from({ length: 25 }, (_, caller) =>
        caller === 7
          ? appendAuditEvents(fresh, [started('bad', 0), { type: 'Bogus', payload: {} } as unknown as AuditEventInput])
          : appendAuditEvents(
              fresh,
              [0, 1, 2].map((i) => started(`caller_${caller}`, i)),
            ),
      );
      const results = await Promise.allSettled(calls);
      expect(results.filter((result) => result.status === 'rejected')).toHaveLength(1);
      expect(results[7]?.status).toBe('rejected');
      for (const [caller, result] of results.entries()) {
        if (result.status !== 'fulfilled') continue;
        const [a, b, c] = result.value;
        expect([a?.runId, b?.runId, c?.runId]).toEqual([`caller_${caller}`, `caller_${caller}`, `caller_${caller}`]);
        expect([b?.seq, c?.seq]).toEqual([(a?.seq as number) + 1, (a?.seq as number) + 2]);
        expect(result.value.map((event) => (event.payload as { rowCount: number }).rowCount)).toEqual([0, 1, 2]);
      }
      expect(await verifyAudit(fresh)).toMatchObject({ ok: true, checked: 72 });
      // The first call starts a transaction at once; the 24 that arrive meanwhile share the next one (one ts each).
      expect(new Set((await rows(fresh)).map((row) => row.ts)).size).toBeLessThanOrEqual(2);
    });

    it('serialises appends through two stores opened on the same database in this process', async () => {
      const first = await stores.open();
      const second = await openStore(stores.optionsOf(first));
      try {
        await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            (i % 2 === 0 ? first : second).transaction(async (tx) => {
              const run = await tx.runs.create({ request: {}, rowCount: i, format: 'csv' });
              await appendAuditEvents(tx, [
                started(run.id, i),
                { type: 'DataGenCompleted', runId: run.id, payload: { rowCount: i, duration: 1 } },
              ]);
            }),
          ),
        );
        expect(await verifyAudit(second)).toMatchObject({ ok: true, checked: 60 });
      } finally {
        await second.close();
      }
      // The first store keeps working after the second one closed.
      expect((await first.runs.list()).total).toBe(30);
    });

    it('serialises appends racing from three processes and this one', async () => {
      const shared = await stores.open();
      const options = JSON.stringify(stores.optionsOf(shared));
      const worker = (label: string): Promise<number | null> =>
        new Promise((resolve, reject) => {
          const child = spawn(process.execPath, ['--import', TSX, WORKER, options, '20', label], {
            stdio: ['ignore', 'ignore', 'inherit'],
          });
          child.on('error', reject);
          child.on('exit', resolve);
        });
      const [a, b, c] = await Promise.all([
        worker('proc_a'),
        worker('proc_b'),
        worker('proc_c'),
        Promise.all(Array.from({ length: 20 }, (_, i) => appendAudit(shared, started(`local_${i}`, i)))),
      ]);
      expect([a, b, c]).toEqual([0, 0, 0]);
      const all = await rows(shared);
      expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
      expect(await verifyAudit(shared)).toMatchObject({ ok: true, checked: 80 });
    });
  });

  describe('append-only triggers', () => {
    let store: Store;
    beforeAll(async () => {
      store = await stores.open();
      await appendAuditEvents(store, [started('run_1', 1), started('run_2', 2)]);
    });

    it('are installed', async () => {
      expect(await store.auditLog.triggers()).toEqual(APPEND_ONLY_TRIGGERS[dialect]);
    });

    it('refuse UPDATE', async () => {
      await expect(sql`update audit_events set payload = '{}' where seq = 1`.execute(store.db)).rejects.toThrow(APPEND_ONLY_MESSAGE);
      await expect(store.db.updateTable('audit_events').set({ role: 'admin' }).execute()).rejects.toThrow(/UPDATE refused/);
    });

    it('refuse DELETE', async () => {
      await expect(sql`delete from audit_events where seq = 2`.execute(store.db)).rejects.toThrow(/DELETE refused/);
      await expect(store.db.deleteFrom('audit_events').execute()).rejects.toThrow(APPEND_ONLY_MESSAGE);
    });

    it.runIf(dialect === 'postgres')('refuse TRUNCATE (PostgreSQL)', async () => {
      await expect(sql`truncate audit_events`.execute(store.db)).rejects.toThrow(/TRUNCATE refused/);
    });

    it('left the chain untouched', async () => {
      expect(await verifyAudit(store)).toMatchObject({ ok: true, checked: 2 });
    });

    it('are reported missing by verify once dropped, while the chain still verifies', async () => {
      const scratch = await tamperable();
      expect(await verifyAudit(scratch)).toMatchObject({
        ok: false,
        intact: true,
        checked: 10,
        missingGuards: APPEND_ONLY_TRIGGERS[dialect],
      });
    });
  });

  describe('tampering straight in the database is named at the right link', () => {
    it('an edited payload', async () => {
      const store = await tamperable();
      const original = await row(store, 5);
      await sql`update audit_events set payload = '{"rowCount":999}' where seq = 5`.execute(store.db);
      const result = await verifyAudit(store);
      expect(result).toMatchObject({ ok: false, intact: false, checked: 4, head: { seq: 4 } });
      expect(result.break).toMatchObject({ seq: 5, kind: 'edited', expected: original.hash });
      expect(result.break?.found).not.toBe(original.hash);
      expect(result.break?.message).toMatch(/event 5 was edited/);
    });

    it('an edited user of the first event', async () => {
      const store = await tamperable();
      await sql`update audit_events set user_id = 'someone_else' where seq = 1`.execute(store.db);
      expect((await verifyAudit(store)).break).toMatchObject({ seq: 1, kind: 'edited' });
    });

    it('an edit whose hash was recomputed (caught by the next link)', async () => {
      const store = await tamperable();
      const target = await row(store, 5);
      const payload = '{"rowCount":999}';
      const hash = chainHash(target.prevHash, { ...target, payload });
      await sql`update audit_events set payload = ${payload}, hash = ${hash} where seq = 5`.execute(store.db);
      const result = await verifyAudit(store);
      expect(result.break).toMatchObject({ seq: 5, kind: 'edited', expected: target.hash, found: hash });
      expect(result.checked).toBe(5);
    });

    it('a deleted event', async () => {
      const store = await tamperable();
      const lost = await row(store, 5);
      await sql`delete from audit_events where seq = 5`.execute(store.db);
      const result = await verifyAudit(store);
      expect(result.break).toMatchObject({ seq: 5, kind: 'deleted', found: lost.hash });
      expect(result.break?.message).toMatch(/event 5 is missing/);
    });

    it('several deleted events', async () => {
      const store = await tamperable();
      await sql`delete from audit_events where seq between 3 and 6`.execute(store.db);
      expect((await verifyAudit(store)).break).toMatchObject({
        seq: 3,
        kind: 'deleted',
        message: expect.stringMatching(/events 3–6 are missing/),
      });
    });

    it('a deleted first event', async () => {
      const store = await tamperable();
      await sql`delete from audit_events where seq = 1`.execute(store.db);
      expect((await verifyAudit(store)).break).toMatchObject({ seq: 1, kind: 'deleted' });
    });

    it('a deleted event with the later ones renumbered to hide the gap', async () => {
      const store = await tamperable();
      await sql`delete from audit_events where seq = 5`.execute(store.db);
      await shiftSeq(store, 6, -1);
      expect((await rows(store)).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect((await verifyAudit(store)).break).toMatchObject({ seq: 5, kind: 'deleted' });
    });

    it('the newest events deleted, seen against a recorded head', async () => {
      const store = await tamperable();
      const head = (await verifyAudit(store)).head;
      await sql`delete from audit_events where seq >= 9`.execute(store.db);
      expect((await verifyAudit(store)).intact).toBe(true);
      expect((await verifyAudit(store, { anchor: head ?? undefined })).break).toMatchObject({ seq: 9, kind: 'deleted' });
    });

    it('two events swapped', async () => {
      const store = await tamperable();
      const moved = await row(store, 7);
      await swapSeq(store, 4, 7);
      const result = await verifyAudit(store);
      expect(result.break).toMatchObject({ seq: 4, kind: 'reordered', found: moved.prevHash });
      expect(result.break?.message).toMatch(/event 4 is out of order: it follows event 6/);
    });

    it('two neighbours swapped', async () => {
      const store = await tamperable();
      await swapSeq(store, 5, 6);
      expect((await verifyAudit(store)).break).toMatchObject({ seq: 5, kind: 'reordered' });
    });

    it('a forged event appended at the end but linked into the middle (a fork)', async () => {
      const store = await tamperable();
      const forged = forge(11, (await row(store, 3)).hash, 'fork');
      await insertRaw(store, forged);
      const result = await verifyAudit(store);
      expect(result.break).toMatchObject({ seq: 11, kind: 'inserted', found: forged.hash });
      expect(result.checked).toBe(10);
    });

    it('a well-formed forged event inserted in the middle, later events renumbered', async () => {
      const store = await tamperable();
      await shiftSeq(store, 5, 1);
      await insertRaw(store, forge(5, (await row(store, 4)).hash, 'slipped in'));
      const result = await verifyAudit(store);
      expect(result.break).toMatchObject({ seq: 5, kind: 'inserted' });
      expect(result.checked).toBe(4);
    });

    it('a badly forged event inserted in the middle', async () => {
      const store = await tamperable();
      await shiftSeq(store, 5, 1);
      await insertRaw(store, { ...forge(5, (await row(store, 4)).hash, 'clumsy'), hash: 'e'.repeat(64) });
      expect((await verifyAudit(store)).break).toMatchObject({ seq: 5, kind: 'inserted' });
    });
  });

  describe('reading the log', () => {
    let store: Store;
    beforeAll(async () => {
      store = await stores.open();
      for (let i = 0; i < 12; i += 1) {
        await appendAuditEvents(store, [
          started(`run_${i}`, i),
          {
            type: 'ExportTriggered',
            runId: `run_${i}`,
            user: i % 2 === 0 ? 'key_a' : 'key_b',
            role: 'ml_engineer',
            payload: { format: 'csv', artifact: 'dataset' },
          },
        ]);
      }
    });

    it('lists with filters and keyset pages in both orders', async () => {
      expect((await listAudit(store, { types: ['ExportTriggered'] })).total).toBe(12);
      expect((await listAudit(store, { types: ['ExportTriggered', 'DataGenStarted'], runId: 'run_3' })).items.map((e) => e.type)).toEqual([
        'DataGenStarted',
        'ExportTriggered',
      ]);
      expect((await listAudit(store, { user: 'key_a' })).total).toBe(6);
      expect((await listAudit(store, { from: '2000-01-01', to: '2000-01-02' })).total).toBe(0);
      expect((await listAudit(store, { types: [] })).total).toBe(0);
      for (const order of ['asc', 'desc'] as const) {
        const seqs: number[] = [];
        let cursor: string | undefined;
        for (;;) {
          const page = await listAudit(store, { limit: 5, order, ...(cursor === undefined ? {} : { cursor }) });
          seqs.push(...page.items.map((e) => e.seq));
          if (page.nextCursor === null) break;
          cursor = page.nextCursor;
        }
        const expected = Array.from({ length: 24 }, (_, i) => i + 1);
        expect(seqs).toEqual(order === 'asc' ? expected : expected.reverse());
      }
      const first = await listAudit(store, { limit: 2 });
      await expect(listAudit(store, { cursor: first.nextCursor as string, order: 'desc' })).rejects.toThrow(/cursor/);
    });

    it('exports JSON Lines that verify offline, and spots a tampered export', async () => {
      const lines: string[] = [];
      for await (const line of auditJsonl(store)) lines.push(line);
      expect(lines).toHaveLength(24);
      expect(lines.every((line) => line.endsWith('\n'))).toBe(true);
      expect(JSON.parse(lines[0] as string)).toMatchObject({ seq: 1, type: 'DataGenStarted', prevHash: GENESIS_HASH });
      expect(await verifyAuditJsonl(lines)).toMatchObject({ ok: true, checked: 24, head: (await verifyAudit(store)).head });

      const edited = [...lines];
      edited[6] = (edited[6] as string).replace('"rowCount":3', '"rowCount":4');
      expect((await verifyAuditJsonl(edited)).break).toMatchObject({ seq: 7, kind: 'edited' });
      expect((await verifyAuditJsonl(lines.filter((_, i) => i !== 10))).break).toMatchObject({ seq: 11, kind: 'deleted' });
      await expect(verifyAuditJsonl(['{"seq":1}'])).rejects.toThrow(/not an audit event/);
      await expect(verifyAuditJsonl(['not json'])).rejects.toThrow(/not JSON/);

      const filtered: string[] = [];
      for await (const line of auditJsonl(store, { types: ['ExportTriggered'], order: 'desc' })) filtered.push(line);
      expect(filtered.map((line) => (JSON.parse(line) as { seq: number }).seq)).toEqual([24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2]);
    });
  });
});
