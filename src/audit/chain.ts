/**
 * The hash chain's arithmetic: what exactly is hashed, and how a stored row becomes an event.
 *
 *   canonical event = canonical JSON (RFC 8785) of {seq, ts, type, runId, user, role, payload}
 *   hash            = hex SHA-256( prevHash ‖ canonical event ),   prevHash of event 1 = 64 zeros
 *
 * `seq` is inside the hash, so renumbering rows (to hide a deletion or move an event) breaks them. The
 * payload is stored as canonical JSON text and hashed as those exact bytes, so verification needs no
 * re-serialisation and any change to the stored text, however cosmetic, is seen.
 */
import { canonicalJson, isPlainObject, sha256Hex, SdgError } from '../core/index.js';
import type { AuditRow } from '../store/index.js';
import type { AuditEvent } from './events.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface CanonicalFields {
  readonly seq: number;
  readonly ts: string;
  readonly type: string;
  readonly runId: string | null;
  readonly userId: string | null;
  readonly role: string | null;
  /** Canonical JSON text of the payload. */
  readonly payload: string;
}

/**
 * Written out by hand with the keys already in RFC 8785 order, so the stored payload text is embedded
 * verbatim; equal to `canonicalJson(event)` whenever that text is canonical (a test holds it to that).
 */
export function canonicalEventText(fields: CanonicalFields): string {
  const text = JSON.stringify;
  return (
    `{"payload":${fields.payload},"role":${text(fields.role)},"runId":${text(fields.runId)},"seq":${fields.seq},` +
    `"ts":${text(fields.ts)},"type":${text(fields.type)},"user":${text(fields.userId)}}`
  );
}

export function chainHash(prevHash: string, fields: CanonicalFields): string {
  return sha256Hex(prevHash + canonicalEventText(fields));
}

/**
 * Metrics can hold NaN or ±Infinity (a correlation of a constant column); JSON has no such numbers, so they
 * are recorded as null, as JSON.stringify would. Anything else that JSON cannot hold is refused.
 */
function jsonSafe(value: unknown, path: string): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || value === undefined) return value;
  if (Array.isArray(value)) return value.map((item, index) => jsonSafe(item, `${path}/${index}`));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, jsonSafe(item, `${path}/${key}`)]));
  }
  throw new SdgError('SDG_ERR_INVALID_DATA', `an audit payload holds a ${typeof value} value, which JSON cannot represent`, {
    pointer: path,
  });
}

export function canonicalPayload(payload: unknown): string {
  if (!isPlainObject(payload)) {
    throw new SdgError('SDG_ERR_INVALID_DATA', 'an audit payload must be a JSON object', { pointer: '/payload' });
  }
  return canonicalJson(jsonSafe(payload, '/payload'));
}

export function rowToEvent(row: AuditRow): AuditEvent {
  return {
    seq: row.seq,
    ts: row.ts,
    type: row.type,
    runId: row.runId,
    user: row.userId,
    role: row.role,
    payload: JSON.parse(row.payload),
    prevHash: row.prevHash,
    hash: row.hash,
  } as AuditEvent;
}
