/**
 * The pieces that make a job safe to run twice: run events appended once per run and type (also when two
 * workers race), transient database errors told apart from real ones, chunk joins that refuse bad framing,
 * chunk specs only for runs that can be chunked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { listAudit, verifyAudit } from '../../src/audit/index.js';
import { SdgError } from '../../src/core/index.js';
import { appendRunEventOnce, chunkSpecOf, isTransient, joinDataset, retryTransient } from '../../src/jobs/index.js';
import { DIALECTS, testStores, type TestStores } from '../store/databases.js';

const schema = { type: 'object', required: ['n'], properties: { n: { type: 'integer', minimum: 0, maximum: 9 } } };

describe.each(DIALECTS)('appendRunEventOnce on %s', (dialect) => {
  let stores: TestStores;
  afterEach(async () => {
    await stores.cleanup();
  });

  it('appends a run event once, even when several callers race, and leaves other events alone', async () => {
    stores = testStores(dialect);
    const store = await stores.open();
    const event = {
      type: 'DataGenStarted',
      runId: 'run_x',
      user: 'k1',
      role: 'admin',
      payload: { schemaFingerprint: null, rowCount: 5 },
    } as const;
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => appendRunEventOnce(store, event)));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await appendRunEventOnce(store, { ...event, runId: 'run_y' })).toBe(true);
    // Not a run event: appended every time.
    const export1 = {
      type: 'ExportTriggered',
      runId: 'run_x',
      user: 'k1',
      role: 'admin',
      payload: { format: 'csv', artifact: 'dataset' },
    } as const;
    await appendRunEventOnce(store, export1);
    await appendRunEventOnce(store, export1);
    const events = await listAudit(store, { runId: 'run_x', order: 'asc' });
    expect(events.items.map((e) => e.type)).toEqual(['DataGenStarted', 'ExportTriggered', 'ExportTriggered']);
    expect((await verifyAudit(store)).ok).toBe(true);
  });
});

describe('transient database errors', () => {
  it('tells connection loss from query errors', () => {
    expect(isTransient(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransient(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isTransient(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      isTransient(
        new SdgError('SDG_ERR_IO', 'cannot reach the database', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }),
      ),
    ).toBe(true);
    expect(isTransient(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
    expect(isTransient(new Error('syntax error'))).toBe(false);
  });

  it('retries transient failures until they pass, and gives up on others at once', async () => {
    let calls = 0;
    const flaky = async (): Promise<string> => {
      calls++;
      if (calls < 3) throw Object.assign(new Error('reset'), { code: 'ECONNRESET' });
      return 'ok';
    };
    const retried: number[] = [];
    expect(await retryTransient(flaky, { onRetry: (_e, attempt) => retried.push(attempt) })).toBe('ok');
    expect(retried).toEqual([1, 2]);
    let once = 0;
    await expect(
      retryTransient(async () => {
        once++;
        throw new Error('bad query');
      }),
    ).rejects.toThrow('bad query');
    expect(once).toBe(1);
    await expect(
      retryTransient(async () => Promise.reject(Object.assign(new Error('down'), { code: 'ECONNREFUSED' })), { forMs: 0 }),
    ).rejects.toThrow('down');
  });
});

describe('chunk plumbing', () => {
  let stores: TestStores;
  afterEach(async () => {
    await stores?.cleanup();
  });

  it('refuses to join chunks whose framing is not the writer’s', async () => {
    stores = testStores('sqlite');
    const { artifacts } = await stores.open();
    const good = await artifacts.putBytes('[\n{"n":1}\n]\n');
    const bad = await artifacts.putBytes('{"n":2}\n');
    const joined = await joinDataset(artifacts, 'json', schema, [good, good]);
    expect((await artifacts.get(joined.digest))!.toString()).toBe('[\n{"n":1},\n{"n":1}\n]\n');
    await expect(joinDataset(artifacts, 'json', schema, [good, bad])).rejects.toThrow(/chunk 1 does not open a JSON array/);
    const header = await artifacts.putBytes('n\r\n1\r\n');
    const headless = await artifacts.putBytes('2\r\n');
    await expect(joinDataset(artifacts, 'csv', schema, [header, headless])).rejects.toThrow(/chunk 1 does not start with the header/);
    // Parquet chunks are JSON Lines slices, re-encoded in row order by one Parquet writer.
    const lines = await artifacts.putBytes('{"n":1}\n{"n":2}\n');
    const parquet = await joinDataset(artifacts, 'parquet', schema, [lines, lines]);
    expect((await artifacts.get(parquet.digest))!.subarray(0, 4).toString()).toBe('PAR1');
    await expect(joinDataset(artifacts, 'parquet', schema, [lines, good])).rejects.toThrow(/chunk 1 does not hold JSON Lines/);
  });

  it('chunks only what joins byte for byte', () => {
    expect(chunkSpecOf({ schema, rowCount: 10, seed: 1 })?.plan).toBeDefined();
    expect(chunkSpecOf({ schema, rowCount: 10, format: 'parquet' })?.format).toBe('parquet');
    expect(chunkSpecOf({ sample: { rows: [{ n: 1 }] }, rowCount: 10 })).toBeUndefined();
    expect(chunkSpecOf({ schema: { type: 'integer', minimum: 5, maximum: 1 }, rowCount: 10 })).toBeUndefined();
    expect(chunkSpecOf({ schema: { type: 'integer' }, rowCount: 10, format: 'csv' })).toBeUndefined();
  });
});
