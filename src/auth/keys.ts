/**
 * API keys: `sdg_` + 43 base64url characters (32 random bytes). The raw key is shown once, at creation; the
 * store keeps its SHA-256, a short prefix for display, the role and the dates.
 *
 * Why a plain SHA-256 and not bcrypt/scrypt/argon2: those slow hashes exist to protect low-entropy secrets
 * (passwords) against guessing. A key with 256 random bits cannot be guessed at any hashing speed, so a slow
 * hash would add only latency to every request. SHA-256 keeps a stolen database from yielding usable keys.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { SdgError, sha256Hex } from '../core/index.js';
import { appendAudit } from '../audit/index.js';
import type { ApiKeyRow, StoreSession } from '../store/index.js';
import { isRole, parseRole, type Role } from './permissions.js';

export const KEY_PREFIX = 'sdg_';
const KEY_BYTES = 32;
/** `sdg_` and the first 8 secret characters: enough to tell keys apart, 48 of 256 bits. */
const DISPLAY_LENGTH = KEY_PREFIX.length + 8;
const KEY_PATTERN = /^sdg_[A-Za-z0-9_-]{43}$/;

export interface ApiKey {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** The first characters of the key, e.g. `sdg_Ab3dE9x_`, for lists. */
  readonly prefix: string;
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
}

/** Who performs a key operation, for the audit event (a Principal fits). */
export interface Actor {
  readonly id: string;
  readonly role?: string | null;
}

export interface CreatedKey {
  readonly key: ApiKey;
  /** The raw key: show it once, it cannot be recovered. */
  readonly secret: string;
}

export type AuthResult =
  | { readonly ok: true; readonly key: ApiKey }
  | { readonly ok: false; readonly reason: 'missing_key' | 'malformed_key' | 'unknown_key' | 'revoked_key' };

function toApiKey(row: ApiKeyRow): ApiKey {
  // A role the code no longer knows (a downgrade) must not grant anything: such keys fail authentication.
  const role = isRole(row.role) ? row.role : undefined;
  if (role === undefined) throw new SdgError('SDG_ERR_INVALID_DATA', `API key ${row.id} has an unknown role ${JSON.stringify(row.role)}`);
  return {
    id: row.id,
    name: row.name,
    role,
    prefix: row.prefix,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    revokedAt: row.revokedAt,
    revokedBy: row.revokedBy,
  };
}

function keyId(): string {
  return `key_${randomBytes(10).toString('hex')}`;
}

export async function createKey(
  store: StoreSession,
  options: { readonly role: Role | string; readonly name?: string; readonly actor?: Actor },
): Promise<CreatedKey> {
  const role = typeof options.role === 'string' && isRole(options.role) ? options.role : parseRole(String(options.role));
  const name = (options.name ?? `${role} key`).trim();
  if (name === '' || name.length > 200) {
    throw new SdgError('SDG_ERR_BAD_OPTION', 'a key name must be 1 to 200 characters', { pointer: '/name' });
  }
  const secret = KEY_PREFIX + randomBytes(KEY_BYTES).toString('base64url');
  return store.transaction(async (tx) => {
    const row = await tx.apiKeys.insert({
      id: keyId(),
      name,
      role,
      keyHash: sha256Hex(secret),
      prefix: secret.slice(0, DISPLAY_LENGTH),
      createdAt: new Date().toISOString(),
      createdBy: options.actor?.id ?? null,
    });
    await appendAudit(tx, {
      type: 'KeyCreated',
      user: options.actor?.id ?? null,
      role: options.actor?.role ?? null,
      payload: { keyId: row.id, name: row.name, keyRole: row.role },
    });
    return { key: toApiKey(row), secret };
  });
}

/**
 * Revokes a key. Undefined when no key has this id; a key revoked before is returned as it is, and only the
 * first revocation is audited.
 */
export async function revokeKey(store: StoreSession, id: string, options: { readonly actor?: Actor } = {}): Promise<ApiKey | undefined> {
  return store.transaction(async (tx) => {
    const revoked = await tx.apiKeys.revoke(id, options.actor?.id ?? null);
    if (revoked === undefined) {
      const existing = await tx.apiKeys.get(id);
      return existing === undefined ? undefined : toApiKey(existing);
    }
    await appendAudit(tx, {
      type: 'KeyRevoked',
      user: options.actor?.id ?? null,
      role: options.actor?.role ?? null,
      payload: { keyId: revoked.id, name: revoked.name, keyRole: revoked.role },
    });
    return toApiKey(revoked);
  });
}

export async function listKeys(store: StoreSession, options: { readonly includeRevoked?: boolean } = {}): Promise<ApiKey[]> {
  const rows = await store.apiKeys.list(options);
  return rows.filter((row) => isRole(row.role)).map(toApiKey);
}

/**
 * Who a raw key belongs to. The lookup is by the key's SHA-256, which an attacker cannot steer, so the index
 * lookup's timing reveals nothing about stored hashes; the final comparison is constant-time all the same.
 */
export async function authenticate(store: StoreSession, rawKey: string | null | undefined): Promise<AuthResult> {
  if (rawKey === undefined || rawKey === null || rawKey === '') return { ok: false, reason: 'missing_key' };
  if (!KEY_PATTERN.test(rawKey)) return { ok: false, reason: 'malformed_key' };
  const hash = sha256Hex(rawKey);
  const row = await store.apiKeys.findByHash(hash);
  if (row === undefined || !timingSafeEqual(Buffer.from(row.keyHash, 'utf8'), Buffer.from(hash, 'utf8'))) {
    return { ok: false, reason: 'unknown_key' };
  }
  if (row.revokedAt !== null) return { ok: false, reason: 'revoked_key' };
  if (!isRole(row.role)) return { ok: false, reason: 'unknown_key' };
  return { ok: true, key: toApiKey(row) };
}

/**
 * On the first start (no admin key was ever made) creates an admin key and returns it, to be printed once;
 * later, null. Revoking every admin key does not make a new one appear on restart: recover with
 * `synthdatagen keys create --role admin`, which needs access to the database itself.
 */
export async function ensureBootstrapAdmin(store: StoreSession): Promise<CreatedKey | null> {
  return store.transaction(async (tx) => {
    // Two servers starting at once: the lock makes the second see the first one's key.
    await tx.apiKeys.lock();
    if ((await tx.apiKeys.countByRole('admin')) > 0) return null;
    return createKey(tx, { role: 'admin', name: 'bootstrap admin', actor: { id: 'system', role: null } });
  });
}
