/**
 * Content-addressed artifact store: a file's name is the SHA-256 of its bytes, under
 * `<dir>/sha256/<first two hex>/<next two>/<digest>`. Identical datasets or charts are stored once, a name
 * can never point at other bytes than it says, and a download URL can be cached forever.
 *
 * Bytes are written to `<dir>/tmp/` (same file system) and renamed into place only when complete and
 * flushed, so a crash or an aborted run never leaves a truncated file under a digest.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { once } from 'node:events';
import { mkdir, open, rename, rm, stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SdgError } from '../core/index.js';

export interface ArtifactRef {
  /** Hex SHA-256 of the bytes. */
  readonly digest: string;
  readonly size: number;
  /** Absolute path of the stored file (the file store only). */
  readonly path?: string;
}

/** Bytes [start, end) of an artifact. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** A RowSink (generate's writers can write straight into it) that becomes an artifact on commit. */
export interface ArtifactWriter {
  write(chunk: string | Uint8Array): void | Promise<void>;
  /** Flushes, names the file by its digest and moves it into place. */
  commit(): Promise<ArtifactRef>;
  /** Drops what was written; safe to call after a failed write or twice. */
  abort(): Promise<void>;
}

/**
 * Where runs keep their bytes, behind one interface: a content-addressed folder (the default; a shared volume
 * when workers run on several machines) or the database (artifacts-db.ts; for deployments with no shared
 * volume). Every method refuses a malformed digest with SDG_ERR_BAD_OPTION.
 */
export interface ArtifactStore {
  /** Where the bytes are, for logs: a folder, or the database. */
  readonly location: string;
  putBytes(bytes: Uint8Array | string): Promise<ArtifactRef>;
  putStream(source: AsyncIterable<Uint8Array | string>): Promise<ArtifactRef>;
  createWriter(): Promise<ArtifactWriter>;
  has(digest: string): Promise<boolean>;
  /** The whole artifact; undefined when absent. For large artifacts prefer `open`. */
  get(digest: string): Promise<Buffer | undefined>;
  /** A stream of the artifact's bytes (or of `range`, clamped to its size); undefined when absent. */
  open(digest: string, range?: ByteRange): Promise<{ readonly stream: Readable; readonly size: number } | undefined>;
  /**
   * Removes an artifact; false when it was absent. Bytes are shared by every producer of the same digest, so
   * the caller must know that nothing else refers to it (jobs/ does this for the slices of chunked runs).
   */
  delete(digest: string): Promise<boolean>;
}

/** The folder store, which can also say where an artifact's file is. */
export interface FileArtifactStore extends ArtifactStore {
  readonly dir: string;
  /** Where the file for a digest lives (whether or not it exists). Throws on a malformed digest. */
  pathOf(digest: string): string;
}

const DIGEST = /^[0-9a-f]{64}$/;

export function checkDigest(digest: string): void {
  if (!DIGEST.test(digest)) {
    throw new SdgError('SDG_ERR_BAD_OPTION', `not an artifact digest: ${JSON.stringify(digest)}`, {
      hint: 'a digest is 64 lowercase hex characters (SHA-256)',
    });
  }
}

export interface ArtifactStoreOptions {
  /**
   * fsync each file before it is renamed into place (default true), so a power loss cannot leave an empty
   * file under a digest. Off only for throwaway data.
   */
  readonly durable?: boolean;
}

function ioError(message: string, cause: unknown): SdgError {
  return new SdgError('SDG_ERR_IO', `${message}: ${(cause as Error).message}`, {
    cause,
    hint: 'check that the artifacts folder (SYNTHDATAGEN_ARTIFACT_DIR) exists, is writable and has space',
  });
}

/** Writes `source` through a fresh writer of a store and commits it; aborts (nothing kept) when anything fails. */
export async function putThrough(
  createWriter: () => Promise<ArtifactWriter>,
  source: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>,
): Promise<ArtifactRef> {
  const writer = await createWriter();
  try {
    for await (const chunk of source) await writer.write(chunk);
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return writer.commit();
}

export function createArtifactStore(dir: string, options: ArtifactStoreOptions = {}): FileArtifactStore {
  const durable = options.durable ?? true;
  const tmpDir = join(dir, 'tmp');
  let ready: Promise<void> | undefined;
  const prepare = (): Promise<void> => (ready ??= mkdir(tmpDir, { recursive: true }).then(() => undefined));

  function pathOf(digest: string): string {
    checkDigest(digest);
    return join(dir, 'sha256', digest.slice(0, 2), digest.slice(2, 4), digest);
  }

  function temporaryPath(): string {
    return join(tmpDir, `${process.pid}-${randomBytes(8).toString('hex')}.partial`);
  }

  async function flush(path: string): Promise<void> {
    if (!durable) return;
    const handle = await open(path, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Moves a complete temporary file to its digest's place; a file already there has the same bytes. */
  async function settle(temporary: string, digest: string, size: number): Promise<ArtifactRef> {
    const path = pathOf(digest);
    try {
      await flush(temporary);
      await mkdir(join(path, '..'), { recursive: true });
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw ioError(`cannot store artifact ${digest}`, error);
    }
    return { digest, size, path };
  }

  async function createWriter(): Promise<ArtifactWriter> {
    await prepare().catch((error: unknown) => Promise.reject(ioError(`cannot create ${tmpDir}`, error)));
    const temporary = temporaryPath();
    const stream = createWriteStream(temporary);
    const hash = createHash('sha256');
    let size = 0;
    let failure: Error | undefined;
    let finished = false;
    stream.on('error', (error) => {
      failure ??= error;
    });
    const close = async (): Promise<void> => {
      if (stream.closed) return;
      const closed = once(stream, 'close');
      stream.end();
      await closed;
    };
    return {
      write(chunk) {
        if (failure !== undefined) throw ioError('cannot write artifact', failure);
        if (finished) throw new Error('artifact writer already committed or aborted');
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        hash.update(bytes);
        size += bytes.byteLength;
        // Wait only when the stream's buffer is full, as generate's fileSink does.
        if (stream.write(bytes)) return undefined;
        return new Promise<void>((resolve, reject) => {
          const onDrain = (): void => {
            stream.off('error', onError);
            resolve();
          };
          const onError = (error: Error): void => {
            stream.off('drain', onDrain);
            reject(ioError('cannot write artifact', error));
          };
          stream.once('drain', onDrain);
          stream.once('error', onError);
        });
      },
      async commit() {
        if (finished) throw new Error('artifact writer already committed or aborted');
        finished = true;
        try {
          await close();
        } catch (error) {
          failure ??= error as Error;
        }
        if (failure !== undefined) {
          await rm(temporary, { force: true });
          throw ioError('cannot write artifact', failure);
        }
        return settle(temporary, hash.digest('hex'), size);
      },
      async abort() {
        finished = true;
        try {
          await close();
        } catch {
          // Already failing; the caller reports the original error.
        }
        await rm(temporary, { force: true });
      },
    };
  }

  return {
    dir,
    location: dir,
    pathOf,
    createWriter,

    putBytes: (bytes) => putThrough(createWriter, [bytes]),
    putStream: (source) => putThrough(createWriter, source),

    async has(digest) {
      try {
        return (await stat(pathOf(digest))).isFile();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw error;
      }
    },

    async get(digest) {
      try {
        return await readFile(pathOf(digest));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },

    async delete(digest) {
      const path = pathOf(digest);
      try {
        await rm(path);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw ioError(`cannot delete artifact ${digest}`, error);
      }
    },

    async open(digest, range) {
      const path = pathOf(digest);
      let size: number;
      try {
        size = (await stat(path)).size;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      if (range === undefined) return { stream: createReadStream(path), size };
      const start = Math.min(Math.max(0, range.start), size);
      const end = Math.min(Math.max(start, range.end), size);
      // createReadStream's end is inclusive, and an empty range must read nothing.
      const stream = end > start ? createReadStream(path, { start, end: end - 1, highWaterMark: 1 << 20 }) : Readable.from([]);
      return { stream, size };
    },
  };
}
