import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { listAudit, verifyAudit } from '../../src/audit/index.js';
import {
  authenticate,
  can,
  createKey,
  ensureBootstrapAdmin,
  isPermission,
  listKeys,
  parseRole,
  PERMISSION_NAMES,
  PERMISSIONS,
  permissionsOf,
  renderPermissionsMarkdown,
  revokeKey,
  ROLES,
  type Permission,
  type Role,
} from '../../src/auth/index.js';
import { isSdgError, sha256Hex } from '../../src/core/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { DIALECTS, testStores } from '../store/databases.js';

describe('the permission matrix', () => {
  const allowed = (permission: Permission): Role[] => ROLES.filter((role) => can(role, permission));

  it('keeps the audit log and settings for compliance_admin and admin, and keys for admin alone', () => {
    for (const permission of ['audit:read', 'audit:verify', 'settings:read', 'settings:write'] as const) {
      expect(allowed(permission)).toEqual(['compliance_admin', 'admin']);
    }
    expect(allowed('keys:manage')).toEqual(['admin']);
  });

  it('lets engineers run pipelines and write the library, and compliance only read it', () => {
    for (const permission of ['pipeline:run', 'schemas:write', 'templates:write'] as const) {
      expect(allowed(permission)).toEqual(['qa_engineer', 'ml_engineer', 'admin']);
    }
    for (const permission of ['runs:read', 'runs:download', 'schemas:read', 'templates:read', 'evaluate', 'visualize'] as const) {
      expect(allowed(permission)).toEqual([...ROLES]);
    }
  });

  it('gives admin every permission and every permission at least one route', () => {
    expect(permissionsOf('admin')).toEqual(PERMISSION_NAMES);
    for (const permission of PERMISSION_NAMES) {
      expect(PERMISSIONS[permission].routes.length).toBeGreaterThan(0);
      expect(isPermission(permission)).toBe(true);
    }
    expect(isPermission('toString')).toBe(false);
    const routes = PERMISSION_NAMES.flatMap((permission) => PERMISSIONS[permission].routes);
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('parses roles as people type them', () => {
    expect(parseRole('ML-Engineer')).toBe('ml_engineer');
    expect(parseRole(' admin ')).toBe('admin');
    let error: unknown;
    try {
      parseRole('root');
    } catch (e) {
      error = e;
    }
    expect(isSdgError(error) && error.code === 'SDG_ERR_BAD_OPTION' && error.hint?.includes('compliance_admin')).toBe(true);
  });

  it('is what docs/permissions.md shows (after Prettier, which the repository formats docs with)', async () => {
    const path = fileURLToPath(new URL('../../docs/permissions.md', import.meta.url));
    const page = await readFile(path, 'utf8');
    const options = (await prettier.resolveConfig(path)) ?? {};
    expect(page).toBe(await prettier.format(renderPermissionsMarkdown(), { ...options, filepath: path }));
  });
});

describe.each(DIALECTS)('API keys on %s', (dialect) => {
  const stores = testStores(dialect);
  let store: Store;
  const admin = { id: 'key_admin', role: 'admin' };

  beforeAll(async () => {
    store = await stores.open();
  });
  afterAll(() => stores.cleanup());

  it('creates a random sdg_ key, stores only its hash, and shows the secret once', async () => {
    const { key, secret } = await createKey(store, { role: 'ml_engineer', name: 'notebooks', actor: admin });
    expect(secret).toMatch(/^sdg_[A-Za-z0-9_-]{43}$/);
    expect(key).toMatchObject({
      name: 'notebooks',
      role: 'ml_engineer',
      prefix: secret.slice(0, 12),
      createdBy: 'key_admin',
      revokedAt: null,
    });
    expect(key.id).toMatch(/^key_[0-9a-f]{20}$/);
    const stored = await sql<Record<string, unknown>>`select * from api_keys where id = ${key.id}`.execute(store.db);
    const text = JSON.stringify(stored.rows);
    expect(text).not.toContain(secret);
    expect(text).toContain(sha256Hex(secret));
    const other = await createKey(store, { role: 'ml_engineer' });
    expect(other.secret).not.toBe(secret);
    expect(other.key.name).toBe('ml_engineer key');
  });

  it('authenticates a valid key and refuses revoked, unknown, malformed and missing ones', async () => {
    const { key, secret } = await createKey(store, { role: 'qa_engineer', actor: admin });
    expect(await authenticate(store, secret)).toEqual({ ok: true, key });
    expect(await authenticate(store, `sdg_${'A'.repeat(43)}`)).toEqual({ ok: false, reason: 'unknown_key' });
    expect(await authenticate(store, `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`)).toEqual({
      ok: false,
      reason: 'unknown_key',
    });
    for (const malformed of ['sdg_short', `xyz_${'A'.repeat(43)}`, `${secret} `, `${secret}A`]) {
      expect(await authenticate(store, malformed)).toEqual({ ok: false, reason: 'malformed_key' });
    }
    for (const missing of ['', undefined, null]) expect(await authenticate(store, missing)).toEqual({ ok: false, reason: 'missing_key' });

    const revoked = await revokeKey(store, key.id, { actor: admin });
    expect(revoked).toMatchObject({ id: key.id, revokedBy: 'key_admin' });
    expect(revoked?.revokedAt).not.toBeNull();
    expect(await authenticate(store, secret)).toEqual({ ok: false, reason: 'revoked_key' });
  });

  it('audits creation and the first revocation only, with the actor', async () => {
    const { key } = await createKey(store, { role: 'compliance_admin', name: 'auditor', actor: admin });
    await revokeKey(store, key.id, { actor: admin });
    const again = await revokeKey(store, key.id, { actor: { id: 'key_other', role: 'admin' } });
    expect(again?.revokedBy).toBe('key_admin');
    expect(await revokeKey(store, 'key_missing')).toBeUndefined();
    const events = (await listAudit(store, { types: ['KeyCreated', 'KeyRevoked'], limit: 500 })).items.filter(
      (event) => 'keyId' in event.payload && event.payload.keyId === key.id,
    );
    expect(events.map((event) => [event.type, event.user, event.role, event.payload])).toEqual([
      ['KeyCreated', 'key_admin', 'admin', { keyId: key.id, name: 'auditor', keyRole: 'compliance_admin' }],
      ['KeyRevoked', 'key_admin', 'admin', { keyId: key.id, name: 'auditor', keyRole: 'compliance_admin' }],
    ]);
    expect((await verifyAudit(store)).ok).toBe(true);
  });

  it('lists active keys, or all of them', async () => {
    const active = await listKeys(store);
    const all = await listKeys(store, { includeRevoked: true });
    expect(active.every((key) => key.revokedAt === null)).toBe(true);
    expect(all.length).toBeGreaterThan(active.length);
    expect(JSON.stringify(all)).not.toMatch(/keyHash|key_hash/);
  });

  it('refuses an unknown role and a bad name, creating nothing', async () => {
    const before = (await listKeys(store, { includeRevoked: true })).length;
    await expect(createKey(store, { role: 'root' })).rejects.toThrow(/unknown role/);
    await expect(createKey(store, { role: 'admin', name: ' ' })).rejects.toThrow(/name/);
    expect((await listKeys(store, { includeRevoked: true })).length).toBe(before);
  });

  it('makes the bootstrap admin key once, even when two servers start together', async () => {
    const fresh = await stores.open();
    const second = await openStore(stores.optionsOf(fresh));
    try {
      const results = await Promise.all([ensureBootstrapAdmin(fresh), ensureBootstrapAdmin(second), ensureBootstrapAdmin(fresh)]);
      const made = results.filter((result) => result !== null);
      expect(made).toHaveLength(1);
      const [{ key, secret }] = made as [NonNullable<(typeof made)[number]>];
      expect(key).toMatchObject({ role: 'admin', name: 'bootstrap admin', createdBy: 'system' });
      expect(await authenticate(fresh, secret)).toMatchObject({ ok: true, key: { role: 'admin' } });
      expect(await ensureBootstrapAdmin(fresh)).toBeNull();
      // Revoking it does not bring a new one back on the next start.
      await revokeKey(fresh, key.id);
      expect(await ensureBootstrapAdmin(second)).toBeNull();
      expect((await listAudit(fresh, { types: ['KeyCreated'] })).total).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('still bootstraps when only non-admin keys were made before', async () => {
    const fresh = await stores.open();
    await createKey(fresh, { role: 'qa_engineer' });
    expect(await ensureBootstrapAdmin(fresh)).not.toBeNull();
  });
});
