/**
 * The audit taxonomy: the seed's six events (DataGenStarted, DataGenCompleted, EvalCompleted, VizCompleted,
 * PIIDetected, ExportTriggered) with the seed's field names, plus the service's own (SchemaSaved,
 * SettingsChanged, KeyCreated, KeyRevoked, AccessDenied, DataGenFailed). `runId`, `user` and `role` are
 * columns of every event; the rest is the typed payload below.
 *
 * Adding a type is adding a key to AuditPayloads and to AUDIT_EVENT_TYPES (the `satisfies` below makes a
 * missing one a compile error). Never rename a field of a released type: old events are hashed with it.
 */
import type { JsonObject } from '../core/index.js';

export interface AuditPayloads {
  /** A pipeline run was accepted. */
  DataGenStarted: {
    readonly schemaFingerprint: string | null;
    readonly rowCount: number;
    readonly format?: string;
    readonly seed?: number | string;
    /** How the schema was given: inline, from the library, from a template, or inferred from a sample. */
    readonly source?: 'schema' | 'schemaId' | 'templateId' | 'sample';
  };
  /** Rows were generated and written. `duration` is in milliseconds. */
  DataGenCompleted: {
    readonly rowCount: number;
    readonly duration: number;
    readonly format?: string;
    /** Artifact digest of the dataset. */
    readonly digest?: string;
    readonly bytes?: number;
  };
  /** The quality evaluation finished; `metrics` is its summary. */
  EvalCompleted: {
    readonly status: 'pass' | 'warn' | 'fail';
    readonly metrics: JsonObject;
    readonly duration?: number;
  };
  VizCompleted: {
    readonly chartTypes: readonly string[];
    readonly duration?: number;
  };
  /** The PII scan flagged columns (`fields`); `verdict` says whether downloads are blocked. */
  PIIDetected: {
    readonly fields: readonly string[];
    readonly verdict: 'clean' | 'blocked';
    readonly entities?: readonly string[];
  };
  /** A dataset, report or chart was downloaded. */
  ExportTriggered: {
    readonly format: string;
    readonly artifact: 'dataset' | 'report' | 'chart' | 'audit';
    readonly digest?: string;
  };
  SchemaSaved: {
    readonly schemaId: string;
    readonly name: string;
    readonly version: number;
    readonly schemaFingerprint: string;
  };
  SettingsChanged: {
    readonly keys: readonly string[];
    readonly changes?: ReadonlyArray<{ readonly key: string; readonly from: unknown; readonly to: unknown }>;
  };
  /** `keyRole` is the new key's role; the event's own `role` is the creator's. */
  KeyCreated: {
    readonly keyId: string;
    readonly name: string;
    readonly keyRole: string;
  };
  KeyRevoked: {
    readonly keyId: string;
    readonly name: string;
    readonly keyRole: string;
  };
  /** A request was refused: no key, a bad key, or a role without the permission. */
  AccessDenied: {
    readonly reason: 'missing_key' | 'malformed_key' | 'unknown_key' | 'revoked_key' | 'forbidden';
    readonly permission?: string;
    readonly method?: string;
    readonly route?: string;
  };
  /** A run failed; the run row holds the same error. */
  DataGenFailed: {
    readonly error: { readonly code: string; readonly message: string };
    readonly duration?: number;
    readonly stage?: string;
  };
}

export type AuditEventType = keyof AuditPayloads;

export const AUDIT_EVENT_TYPES = [
  'DataGenStarted',
  'DataGenCompleted',
  'EvalCompleted',
  'VizCompleted',
  'PIIDetected',
  'ExportTriggered',
  'SchemaSaved',
  'SettingsChanged',
  'KeyCreated',
  'KeyRevoked',
  'AccessDenied',
  'DataGenFailed',
] as const satisfies readonly AuditEventType[];

// Fails to compile when AuditPayloads gains a type that the runtime list above lacks.
type _EveryTypeListed = AuditEventType extends (typeof AUDIT_EVENT_TYPES)[number] ? true : never;
const _everyTypeListed: _EveryTypeListed = true;
void _everyTypeListed;

export function isAuditEventType(value: unknown): value is AuditEventType {
  return typeof value === 'string' && (AUDIT_EVENT_TYPES as readonly string[]).includes(value);
}

/** Who and which run an event is about; every field optional (a failed login has no run). */
export interface AuditContext {
  readonly runId?: string | null;
  /** The actor: an API key id, `cli:<login>`, or `system`. */
  readonly user?: string | null;
  readonly role?: string | null;
}

/** What a caller appends: the type, its payload and the context. Time, seq and hashes are assigned on append. */
export type AuditEventInput = {
  [K in AuditEventType]: AuditContext & { readonly type: K; readonly payload: AuditPayloads[K] };
}[AuditEventType];

/** A stored event, as listed and exported. */
export type AuditEvent = {
  [K in AuditEventType]: {
    readonly seq: number;
    /** ISO-8601 UTC, set under the append lock. */
    readonly ts: string;
    readonly type: K;
    readonly runId: string | null;
    readonly user: string | null;
    readonly role: string | null;
    readonly payload: AuditPayloads[K];
    /** Hash of the previous event (64 zeros before the first). */
    readonly prevHash: string;
    /** SHA-256(prevHash ‖ canonical event), hex. */
    readonly hash: string;
  };
}[AuditEventType];
