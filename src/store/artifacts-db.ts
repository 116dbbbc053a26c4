/**
 * The artifact store in the database (`SYNTHDATAGEN_ARTIFACT_STORE=database`): for deployments whose API and
 * workers share no volume but all reach PostgreSQL. Same contract as the folder store (artifacts.ts): bytes
 * are named by their SHA-256, identical bytes are stored once, and nothing half-written ever has a name.
 *
 *   writer ─ 1 MiB chunks ─▶ artifact_chunks (upload_id, seq)      while writing: no digest yet
 *   commit ─ digest known ─▶ artifact_blobs (digest → upload_id)   one insert names the whole upload
 *
 * An upload that is aborted deletes its chunks; one cut short by a crash leaves chunks that no blob names,
 * which `sweep` deletes once they are older than any upload could be. Reads fetch a few chunks per query,
 * so a 1 GB dataset streams in bounded memory, and a byte range reads only the chunks it covers (joining
 * chunked runs reads their framing bytes this way).
 */
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { SdgError } from '../core/index.js';
import { checkDigest, putThrough, type ArtifactStore, type ArtifactWriter, type ByteRange } from './artifacts.js';
import type { Database } from './types.js';

/** Bytes per stored chunk: big enough that a row costs little, small enough for PostgreSQL's bytea and the pool. */
export const ARTIFACT_CHUNK_BYTES = 1 << 20;
/** Chunks fetched per query while streaming. */
const CHUNKS_PER_READ = 4;

export interface DatabaseArtifactStoreOptions {
  /** Bytes per chunk (default 1 MiB); tests use small chunks to cross chunk boundaries. */
  readonly chunkBytes?: number;
  /** For messages: where the database is (never a password). */
  readonly display?: string;
}

export interface DatabaseArtifactStore extends ArtifactStore {
  /** Deletes the chunks of uploads that never became an artifact and began before `olderThan`; returns how many. */
  sweep(olderThan: Date): Promise<number>;
}

function ioError(message: string, cause: unknown): SdgError {
  return new SdgError('SDG_ERR_IO', `${message}: ${(cause as Error).message}`, {
    cause,
    hint: 'check that the database answers and has space (artifacts are in its artifact_chunks table)',
  });
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function createDatabaseArtifactStore(db: Kysely<Database>, options: DatabaseArtifactStoreOptions = {}): DatabaseArtifactStore {
  const chunkBytes = options.chunkBytes ?? ARTIFACT_CHUNK_BYTES;
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1)
    throw new SdgError('SDG_ERR_BAD_OPTION', `chunkBytes must be a positive integer, got ${chunkBytes}`);

  async function blob(digest: string): Promise<{ size: number; upload_id: string; chunk_size: number } | undefined> {
    checkDigest(digest);
    try {
      const row = await db
        .selectFrom('artifact_blobs')
        .select(['size', 'upload_id', 'chunk_size'])
        .where('digest', '=', digest)
        .executeTakeFirst();
      return row === undefined ? undefined : { size: Number(row.size), upload_id: row.upload_id, chunk_size: Number(row.chunk_size) };
    } catch (error) {
      throw ioError(`cannot read artifact ${digest}`, error);
    }
  }

  async function dropUpload(uploadId: string): Promise<void> {
    await db.deleteFrom('artifact_chunks').where('upload_id', '=', uploadId).execute();
  }

  async function createWriter(): Promise<ArtifactWriter> {
    const uploadId = randomUUID();
    const hash = createHash('sha256');
    const createdAt = new Date().toISOString();
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let seq = 0;
    let size = 0;
    let finished = false;
    let failure: unknown;
    /** The drain under way: writes that arrive meanwhile only append, and that drain stores them too. */
    let inflight: Promise<void> | undefined;

    const store = async (bytes: Buffer): Promise<void> => {
      try {
        await db.insertInto('artifact_chunks').values({ upload_id: uploadId, seq, bytes, created_at: createdAt }).execute();
        seq += 1;
      } catch (error) {
        failure ??= error;
        throw ioError('cannot write artifact', error);
      }
    };

    /** Stores every full chunk buffered; with `all`, the last partial one too. */
    const drain = async (all: boolean): Promise<void> => {
      while (pendingBytes >= chunkBytes || (all && pendingBytes > 0)) {
        const joined = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes);
        const take = Math.min(chunkBytes, joined.length);
        const rest = joined.subarray(take);
        pending = rest.length > 0 ? [rest] : [];
        pendingBytes = rest.length;
        // A copy: the chunk must not pin the larger buffer it was cut from.
        await store(Buffer.from(joined.subarray(0, take)));
      }
    };

    return {
      write(chunk) {
        if (finished) throw new Error('artifact writer already committed or aborted');
        if (failure !== undefined) throw ioError('cannot write artifact', failure);
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : asBuffer(chunk);
        hash.update(bytes);
        size += bytes.length;
        pending.push(bytes);
        pendingBytes += bytes.length;
        // Wait (backpressure) only when a chunk is full and goes to the database.
        if (inflight === undefined && pendingBytes >= chunkBytes)
          inflight = drain(false).finally(() => {
            inflight = undefined;
          });
        return inflight;
      },
      async commit() {
        if (finished) throw new Error('artifact writer already committed or aborted');
        finished = true;
        try {
          await inflight;
          await drain(true);
        } catch (error) {
          await dropUpload(uploadId).catch(() => undefined);
          throw error;
        }
        const digest = hash.digest('hex');
        try {
          const inserted = await db
            .insertInto('artifact_blobs')
            .values({ digest, size, upload_id: uploadId, chunk_size: chunkBytes, created_at: new Date().toISOString() })
            .onConflict((conflict) => conflict.column('digest').doNothing())
            .executeTakeFirst();
          // The same bytes were stored before (or by a concurrent upload): keep theirs, drop ours.
          if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) await dropUpload(uploadId);
        } catch (error) {
          await dropUpload(uploadId).catch(() => undefined);
          throw ioError(`cannot store artifact ${digest}`, error);
        }
        return { digest, size };
      },
      async abort() {
        finished = true;
        await inflight?.catch(() => undefined);
        pending = [];
        pendingBytes = 0;
        await dropUpload(uploadId).catch(() => undefined);
      },
    };
  }

  /** Chunks first … last (inclusive) of an upload, a few per query. */
  async function* chunks(uploadId: string, first: number, last: number): AsyncGenerator<Buffer> {
    for (let from = first; from <= last; from += CHUNKS_PER_READ) {
      const to = Math.min(last, from + CHUNKS_PER_READ - 1);
      const rows = await db
        .selectFrom('artifact_chunks')
        .select(['seq', 'bytes'])
        .where('upload_id', '=', uploadId)
        .where('seq', '>=', from)
        .where('seq', '<=', to)
        .orderBy('seq')
        .execute();
      if (rows.length !== to - from + 1)
        throw new SdgError('SDG_ERR_INTERNAL', `artifact upload ${uploadId} lacks chunks ${from}…${to}`, {
          hint: 'the artifact_chunks table was changed by hand; delete the run and generate it again',
        });
      for (const row of rows) yield asBuffer(row.bytes);
    }
  }

  async function* rangeOf(
    found: { size: number; upload_id: string; chunk_size: number },
    start: number,
    end: number,
  ): AsyncGenerator<Buffer> {
    if (end <= start) return;
    const per = found.chunk_size;
    const first = Math.floor(start / per);
    const last = Math.floor((end - 1) / per);
    for await (const [i, chunk] of indexed(chunks(found.upload_id, first, last), first)) {
      const offset = i * per;
      const from = Math.max(0, start - offset);
      const to = Math.min(chunk.length, end - offset);
      yield from === 0 && to === chunk.length ? chunk : chunk.subarray(from, to);
    }
  }

  return {
    location: `the database${options.display === undefined ? '' : ` at ${options.display}`} (table artifact_chunks)`,
    createWriter,

    putBytes: (bytes) => putThrough(createWriter, [bytes]),
    putStream: (source) => putThrough(createWriter, source),

    async has(digest) {
      return (await blob(digest)) !== undefined;
    },

    async get(digest) {
      const found = await blob(digest);
      if (found === undefined) return undefined;
      const parts: Buffer[] = [];
      for await (const part of rangeOf(found, 0, found.size)) parts.push(part);
      return Buffer.concat(parts, found.size);
    },

    async open(digest, range?: ByteRange) {
      const found = await blob(digest);
      if (found === undefined) return undefined;
      const start = range === undefined ? 0 : Math.min(Math.max(0, range.start), found.size);
      const end = range === undefined ? found.size : Math.min(Math.max(start, range.end), found.size);
      return { stream: Readable.from(rangeOf(found, start, end), { objectMode: false }), size: found.size };
    },

    async delete(digest) {
      const found = await blob(digest);
      if (found === undefined) return false;
      try {
        // The name first: once it is gone the chunks are an orphan upload, which sweep would remove anyway.
        await db.deleteFrom('artifact_blobs').where('digest', '=', digest).execute();
        await dropUpload(found.upload_id);
      } catch (error) {
        throw ioError(`cannot delete artifact ${digest}`, error);
      }
      return true;
    },

    async sweep(olderThan) {
      const cutoff = olderThan.toISOString();
      const orphans = await db
        .selectFrom('artifact_chunks')
        .select('upload_id')
        .distinct()
        .where('created_at', '<', cutoff)
        .where('upload_id', 'not in', db.selectFrom('artifact_blobs').select('upload_id'))
        .execute();
      for (const { upload_id } of orphans) await dropUpload(upload_id);
      return orphans.length;
    },
  };
}

async function* indexed<T>(source: AsyncIterable<T>, first: number): AsyncGenerator<[number, T]> {
  let i = first;
  for await (const item of source) yield [i++, item];
}
