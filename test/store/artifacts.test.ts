import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isSdgError } from '../../src/core/index.js';
import { createArtifactStore, type ArtifactStore } from '../../src/store/index.js';

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

describe('content-addressed artifact store', () => {
  let dir: string;
  let artifacts: ArtifactStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sdg-artifacts-'));
    artifacts = createArtifactStore(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const leftovers = async (): Promise<string[]> => readdir(join(dir, 'tmp')).catch(() => []);

  it('names a file by the SHA-256 of its bytes, under sha256/ab/cd/', async () => {
    const ref = await artifacts.putBytes('hello');
    expect(ref.digest).toBe(sha256('hello'));
    expect(ref.size).toBe(5);
    expect(ref.path).toBe(join(dir, 'sha256', ref.digest.slice(0, 2), ref.digest.slice(2, 4), ref.digest));
    expect(await readFile(ref.path, 'utf8')).toBe('hello');
    expect(await artifacts.has(ref.digest)).toBe(true);
    expect((await artifacts.get(ref.digest))?.toString()).toBe('hello');
    expect(artifacts.pathOf(ref.digest)).toBe(ref.path);
  });

  it('stores identical bytes once', async () => {
    const a = await artifacts.putBytes(new TextEncoder().encode('same'));
    const b = await artifacts.putStream(
      (async function* () {
        yield 'sa';
        yield new TextEncoder().encode('me');
      })(),
    );
    expect(b).toEqual(a);
    expect(await leftovers()).toEqual([]);
  });

  it('streams a large artifact through a writer with backpressure', async () => {
    const writer = await artifacts.createWriter();
    const chunk = 'x'.repeat(64 * 1024);
    const hash = createHash('sha256');
    for (let i = 0; i < 64; i += 1) {
      await writer.write(chunk);
      hash.update(chunk);
    }
    const ref = await writer.commit();
    expect(ref).toMatchObject({ digest: hash.digest('hex'), size: 64 * chunk.length });
    const opened = await artifacts.open(ref.digest);
    expect(opened?.size).toBe(ref.size);
    let read = 0;
    for await (const part of opened?.stream ?? []) read += (part as Buffer).length;
    expect(read).toBe(ref.size);
  });

  it('leaves nothing behind when a writer is aborted', async () => {
    const writer = await artifacts.createWriter();
    await writer.write('partial');
    await writer.abort();
    await writer.abort();
    expect(await leftovers()).toEqual([]);
    expect(await artifacts.has(sha256('partial'))).toBe(false);
    expect(() => writer.write('more')).toThrow(/already/);
  });

  it('aborts and cleans up when a stream source fails midway', async () => {
    const failing = (async function* () {
      yield 'some bytes';
      throw new Error('source broke');
    })();
    await expect(artifacts.putStream(failing)).rejects.toThrow('source broke');
    expect(await leftovers()).toEqual([]);
  });

  it('answers absent digests and refuses malformed ones (no path traversal)', async () => {
    const absent = sha256('never stored');
    expect(await artifacts.has(absent)).toBe(false);
    expect(await artifacts.get(absent)).toBeUndefined();
    expect(await artifacts.open(absent)).toBeUndefined();
    for (const bad of ['../../etc/passwd', 'ABC', sha256('x').toUpperCase(), `${sha256('x')}/..`]) {
      let error: unknown;
      try {
        artifacts.pathOf(bad);
      } catch (e) {
        error = e;
      }
      expect(isSdgError(error) && error.code === 'SDG_ERR_BAD_OPTION').toBe(true);
    }
  });

  it('round-trips arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        const ref = await artifacts.putBytes(bytes);
        expect(ref.digest).toBe(sha256(bytes));
        expect(new Uint8Array((await artifacts.get(ref.digest)) as Buffer)).toEqual(bytes);
      }),
      { numRuns: 50 },
    );
  });

  it('can skip fsync for throwaway data', async () => {
    const fast = createArtifactStore(join(dir, 'fast'), { durable: false });
    const ref = await fast.putBytes('quick');
    expect(await fast.has(ref.digest)).toBe(true);
  });
});
