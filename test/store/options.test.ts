import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSdgError } from '../../src/core/index.js';
import { openStore, redact, resolveTarget, storeOptionsFromEnv } from '../../src/store/index.js';

describe('where the store lives', () => {
  it('defaults to an SQLite file under ./data', () => {
    expect(resolveTarget({})).toEqual({ kind: 'sqlite', file: resolve('data', 'synthdatagen.db') });
    expect(resolveTarget({ dataDir: '/srv/sdg' })).toEqual({ kind: 'sqlite', file: '/srv/sdg/synthdatagen.db' });
    expect(resolveTarget({ databaseUrl: '  ' })).toEqual({ kind: 'sqlite', file: resolve('data', 'synthdatagen.db') });
  });

  it('accepts sqlite: and file: URLs', () => {
    expect(resolveTarget({ databaseUrl: 'sqlite:/tmp/a.db' })).toEqual({ kind: 'sqlite', file: '/tmp/a.db' });
    expect(resolveTarget({ databaseUrl: 'sqlite:///tmp/a.db' })).toEqual({ kind: 'sqlite', file: '/tmp/a.db' });
    expect(resolveTarget({ databaseUrl: 'file:rel/b.db' })).toEqual({ kind: 'sqlite', file: resolve('rel/b.db') });
  });

  it('reads PostgreSQL URLs, takes ?schema= out, and never shows the password', () => {
    const target = resolveTarget({ databaseUrl: 'postgresql://app:s3cret@db.example:6543/sdg?schema=tenant_a&sslmode=disable' });
    expect(target).toMatchObject({ kind: 'postgres', schema: 'tenant_a', display: 'db.example:6543/sdg (schema tenant_a)' });
    if (target.kind !== 'postgres') return;
    expect(target.connectionString).not.toContain('schema=');
    expect(target.connectionString).toContain('sslmode=disable');
    expect(target.display).not.toContain('s3cret');
    expect(resolveTarget({ databaseUrl: 'postgres://u@h/db?schema=a', pgSchema: 'b' })).toMatchObject({ schema: 'b' });
  });

  it('connects as the operating-system user when the URL names none, as psql does', () => {
    const target = resolveTarget({ databaseUrl: 'postgres://127.0.0.1:5432/test' });
    expect(target.kind === 'postgres' && new URL(target.connectionString).username).not.toBe('');
  });

  it('rejects unknown schemes and unsafe schema names', () => {
    for (const options of [{ databaseUrl: 'mysql://x' }, { databaseUrl: 'postgres://h/db', pgSchema: 'a;drop' }]) {
      let error: unknown;
      try {
        resolveTarget(options);
      } catch (e) {
        error = e;
      }
      expect(isSdgError(error) && error.code === 'SDG_ERR_BAD_OPTION').toBe(true);
    }
  });

  it('redacts passwords in URLs', () => {
    expect(redact('postgres://user:pw@host/db')).toBe('postgres://user:***@host/db');
    expect(redact('postgres://host/db')).toBe('postgres://host/db');
  });

  it('takes DATABASE_URL and the folders from the environment, explicit options first', () => {
    const env = { DATABASE_URL: 'postgres://h/db', SYNTHDATAGEN_DATA_DIR: '/d', SYNTHDATAGEN_ARTIFACT_DIR: '', OTHER: 'x' };
    expect(storeOptionsFromEnv(env)).toEqual({ databaseUrl: 'postgres://h/db', dataDir: '/d' });
    expect(storeOptionsFromEnv(env, { databaseUrl: 'sqlite:/x.db', poolSize: 3 })).toEqual({
      databaseUrl: 'sqlite:/x.db',
      dataDir: '/d',
      poolSize: 3,
    });
  });

  it('fails with SDG_ERR_IO, naming host and database but not the password, when PostgreSQL does not answer', async () => {
    const error = await openStore({ databaseUrl: 'postgres://someone:topsecret@127.0.0.1:1/nowhere' }).catch((e: unknown) => e);
    expect(isSdgError(error) && error.code).toBe('SDG_ERR_IO');
    expect(String((error as Error).message)).toContain('127.0.0.1:1/nowhere');
    expect(String((error as Error).message)).not.toContain('topsecret');
  });

  it('fails with SDG_ERR_IO when the SQLite folder cannot be made', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sdg-options-'));
    try {
      await writeFile(join(dir, 'a-file'), '');
      // A folder inside a regular file cannot exist (ENOTDIR).
      const error = await openStore({ databaseUrl: `sqlite:${join(dir, 'a-file', 'sub', 'x.db')}` }).catch((e: unknown) => e);
      expect(isSdgError(error) && error.code).toBe('SDG_ERR_IO');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
