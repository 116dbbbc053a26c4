/**
 * One contract, every artifact store: the folder store, and the database store on SQLite and on the real
 * PostgreSQL. Small chunks (7 bytes) make the database store cross chunk boundaries on every test.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSdgError } from '../../src/core/index.js';
import { createArtifactStore, createDatabaseArtifactStore, type ArtifactStore, type Store } from '../../src/store/index.js';
import { testStores } from './databases.js';

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

interface Subject {
  readonly name: string;
  setUp(): Promise<{ artifacts: ArtifactStore; store?: Store; tearDown(): Promise<void> }>;
}

const subjects: Subject[] = [
  {
    name: 'folder',
    async setUp() {
      const dir = await mkdtemp(join(tmpdir(), 'sdg-artifact-contract-'));
      return { artifacts: createArtifactStore(dir, { durable: false }), tearDown: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  ...(['sqlite', 'postgres'] as const).map((dialect): Subject => ({
    name: `database (${dialect})`,
    async setUp() {
      const stores = testStores(dialect);
      const store = await stores.open();
      return { artifacts: createDatabaseArtifactStore(store.db, { chunkBytes: 7 }), store, tearDown: () => stores.cleanup() };
    },
  })),
];

describe.each(subjects)('artifact store: $name', (subject) => {
  let artifacts: ArtifactStore;
  let store: Store | undefined;
  let tearDown: () => Promise<void>;

  beforeAll(async () => {
    ({ artifacts, store, tearDown } = await subject.setUp());
  });
  afterAll(() => tearDown());

  it('names bytes by their SHA-256 and gives them back, whole and as a stream', async () => {
    const text = 'hello, artifact store: more than one chunk of bytes';
    const ref = await artifacts.putBytes(text);
    expect(ref).toMatchObject({ digest: sha256(text), size: Buffer.byteLength(text) });
    expect(await artifacts.has(ref.digest)).toBe(true);
    expect((await artifacts.get(ref.digest))?.toString()).toBe(text);
    const opened = await artifacts.open(ref.digest);
    expect(opened?.size).toBe(ref.size);
    expect((await readAll(opened!.stream)).toString()).toBe(text);
  });

  it('reads any byte range, clamped to the artifact', async () => {
    const text = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const ref = await artifacts.putBytes(text);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -3, max: 40 }), fc.integer({ min: -3, max: 40 }), async (start, end) => {
        const opened = await artifacts.open(ref.digest, { start, end });
        const from = Math.min(Math.max(0, start), text.length);
        const to = Math.min(Math.max(from, end), text.length);
        expect((await readAll(opened!.stream)).toString()).toBe(text.slice(from, to));
      }),
      { numRuns: 60 },
    );
  });

  it('stores identical bytes once, whichever way they arrive', async () => {
    const a = await artifacts.putBytes(new TextEncoder().encode('the same bytes twice'));
    const b = await artifacts.putStream(
      (async function* () {
        yield 'the same ';
        yield new TextEncoder().encode('bytes twice');
      })(),
    );
    expect(b.digest).toBe(a.digest);
    expect(b.size).toBe(a.size);
    if (store !== undefined) {
      const blobs = await store.db.selectFrom('artifact_blobs').select('upload_id').where('digest', '=', a.digest).execute();
      expect(blobs).toHaveLength(1);
      // The second upload's chunks were dropped: only the first upload's remain.
      const uploads = await store.db.selectFrom('artifact_chunks').select('upload_id').distinct().execute();
      const named = await store.db.selectFrom('artifact_blobs').select('upload_id').execute();
      expect(uploads.map((u) => u.upload_id).sort()).toEqual(named.map((u) => u.upload_id).sort());
    }
  });

  it('streams a large artifact through a writer, with backpressure, and back', async () => {
    const writer = await artifacts.createWriter();
    const hash = createHash('sha256');
    let size = 0;
    for (let i = 0; i < 200; i++) {
      const chunk = `row ${i} ${'x'.repeat(i % 37)}\n`;
      const pending = writer.write(chunk);
      if (pending !== undefined) await pending;
      hash.update(chunk);
      size += Buffer.byteLength(chunk);
    }
    const ref = await writer.commit();
    expect(ref).toMatchObject({ digest: hash.digest('hex'), size });
    expect(sha256(await readAll((await artifacts.open(ref.digest))!.stream))).toBe(ref.digest);
  });

  it('keeps nothing of an aborted writer or a failing source', async () => {
    const writer = await artifacts.createWriter();
    await writer.write('partial bytes that never become an artifact');
    await writer.abort();
    await writer.abort();
    expect(await artifacts.has(sha256('partial bytes that never become an artifact'))).toBe(false);
    expect(() => writer.write('more')).toThrow(/already/);
    const failing = (async function* () {
      yield 'some bytes before the source breaks';
      throw new Error('source broke');
    })();
    await expect(artifacts.putStream(failing)).rejects.toThrow('source broke');
    if (store !== undefined) {
      const orphans = await store.db
        .selectFrom('artifact_chunks')
        .select('upload_id')
        .where('upload_id', 'not in', store.db.selectFrom('artifact_blobs').select('upload_id'))
        .execute();
      expect(orphans).toEqual([]);
    }
  });

  it('deletes an artifact, and says when there was none', async () => {
    const ref = await artifacts.putBytes('bytes to be deleted, longer than a chunk');
    expect(await artifacts.delete(ref.digest)).toBe(true);
    expect(await artifacts.has(ref.digest)).toBe(false);
    expect(await artifacts.get(ref.digest)).toBeUndefined();
    expect(await artifacts.delete(ref.digest)).toBe(false);
    // Stored again after deletion, it is whole again.
    await artifacts.putBytes('bytes to be deleted, longer than a chunk');
    expect((await artifacts.get(ref.digest))?.toString()).toBe('bytes to be deleted, longer than a chunk');
    if (store !== undefined) {
      const orphans = await store.db
        .selectFrom('artifact_chunks')
        .select('upload_id')
        .where('upload_id', 'not in', store.db.selectFrom('artifact_blobs').select('upload_id'))
        .execute();
      expect(orphans).toEqual([]);
    }
  });

  it('answers absent digests and refuses malformed ones', async () => {
    const absent = sha256('never stored');
    expect(await artifacts.has(absent)).toBe(false);
    expect(await artifacts.get(absent)).toBeUndefined();
    expect(await artifacts.open(absent)).toBeUndefined();
    for (const bad of ['../../etc/passwd', 'ABC', sha256('x').toUpperCase(), `${sha256('x')}' or '1'='1`]) {
      const error = await artifacts.has(bad).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isSdgError(error) && error.code === 'SDG_ERR_BAD_OPTION', bad).toBe(true);
    }
  });

  it('round-trips arbitrary bytes, empty included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 100 }), async (bytes) => {
        const ref = await artifacts.putBytes(bytes);
        expect(ref.digest).toBe(sha256(bytes));
        expect(new Uint8Array((await artifacts.get(ref.digest)) as Buffer)).toEqual(bytes);
      }),
      { numRuns: 40 },
    );
  });
});

describe('database artifact store: leftovers of a crash', () => {
  const stores = testStores('postgres');
  afterAll(() => stores.cleanup());

  it('sweeps the chunks of uploads that never became an artifact, and nothing else', async () => {
    const store = await stores.open();
    const artifacts = createDatabaseArtifactStore(store.db, { chunkBytes: 4 });
    const kept = await artifacts.putBytes('bytes that were committed');
    // A writer that filled chunks and then its process died: no commit, no abort.
    const crashed = await artifacts.createWriter();
    await crashed.write('bytes of a process that was killed');
    expect(await artifacts.sweep(new Date(Date.now() - 60_000))).toBe(0);
    expect(await artifacts.sweep(new Date(Date.now() + 60_000))).toBe(1);
    expect((await artifacts.get(kept.digest))?.toString()).toBe('bytes that were committed');
    const chunks = await store.db.selectFrom('artifact_chunks').select('upload_id').distinct().execute();
    expect(chunks).toHaveLength(1);
  });
});
