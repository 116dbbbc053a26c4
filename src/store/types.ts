/**
 * The database as Kysely sees it: one interface of table types that every query in store/ is checked against
 * (after Kysely's own `Database` pattern), whichever dialect runs underneath.
 *
 * Three conventions keep SQLite and PostgreSQL rows identical, so no code above the repositories knows which
 * database it talks to:
 * - Timestamps are ISO-8601 UTC strings with milliseconds (`2025-01-31T12:00:00.000Z`, `Date#toISOString`),
 *   stored as TEXT in both. Their fixed width makes text order equal time order, so range filters, indexes
 *   and keyset pagination work on them directly; and the audit hash covers `ts` byte for byte, which a
 *   `timestamptz` round trip (microseconds, time zone rendering) would not preserve.
 * - JSON documents are TEXT in both, written by the repositories and parsed on the way out. `jsonb` would
 *   reorder keys and renormalise numbers, and the audit payload must come back exactly as it was hashed.
 * - Whole numbers are INTEGER in SQLite and BIGINT in PostgreSQL; the pg pool parses int8 to a JS number
 *   (every value we store is far below 2^53).
 * There are no booleans: a state that has a time (revoked) is its timestamp, null while it has not happened.
 */
/** ISO-8601 UTC with milliseconds, as `Date#toISOString` writes it. */
export type IsoTimestamp = string;

/** A JSON document serialised to text by the repository that owns the column. */
export type JsonText = string;

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const TERMINAL_RUN_STATUSES = ['succeeded', 'failed', 'cancelled'] as const satisfies readonly RunStatus[];
export type TerminalRunStatus = (typeof TERMINAL_RUN_STATUSES)[number];

export interface RunsTable {
  id: string;
  status: RunStatus;
  /** Who asked: an API key id, `cli:<login>`, or null for an anonymous library call. */
  user_id: string | null;
  role: string | null;
  /** The request as received (schema, rowCount, options…), for replay and for the history view. */
  request: JsonText;
  schema_fingerprint: string | null;
  /** Set when the run used a library schema or a template, so history can be filtered by them. */
  schema_id: string | null;
  schema_version: number | null;
  template_id: string | null;
  row_count: number;
  /** JSON text of the seed as given (a number or a string), null when the run picked none. */
  seed: JsonText | null;
  format: string;
  /** Milliseconds per stage, e.g. {"generate": 12, "evaluate": 4}. */
  timings: JsonText | null;
  duration_ms: number | null;
  evaluation_status: string | null;
  /** The evaluation summary (status, metrics), not the whole report: the report is an artifact. */
  evaluation: JsonText | null;
  pii_verdict: string | null;
  pii: JsonText | null;
  /** `{code, message, pointer?, hint?}` of the error that failed the run. */
  error: JsonText | null;
  /** `[{kind, name, digest, size, mediaType}]`: the content-addressed files the run produced. */
  artifacts: JsonText;
  created_at: IsoTimestamp;
  started_at: IsoTimestamp | null;
  finished_at: IsoTimestamp | null;
}

export interface SchemasTable {
  id: string;
  name: string;
  description: string | null;
  latest_version: number;
  created_at: IsoTimestamp;
  updated_at: IsoTimestamp;
  created_by: string | null;
}

export interface SchemaVersionsTable {
  schema_id: string;
  version: number;
  /** `sha256:<hex>` of the canonical JSON (core's fingerprint), the same value runs record. */
  fingerprint: string;
  content: JsonText;
  created_at: IsoTimestamp;
  created_by: string | null;
}

/** Templates and presets share a shape: a named JSON document the server interprets. */
export interface NamedDocumentsTable {
  id: string;
  name: string;
  description: string | null;
  content: JsonText;
  created_at: IsoTimestamp;
  updated_at: IsoTimestamp;
  created_by: string | null;
}

export interface SettingsTable {
  key: string;
  value: JsonText;
  updated_at: IsoTimestamp;
  updated_by: string | null;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  role: string;
  /** Hex SHA-256 of the whole raw key; the raw key itself is never stored. */
  key_hash: string;
  /** The first characters of the raw key (`sdg_AbCd1234`), so a person can tell keys apart in a list. */
  prefix: string;
  created_at: IsoTimestamp;
  created_by: string | null;
  revoked_at: IsoTimestamp | null;
  revoked_by: string | null;
}

export interface AuditEventsTable {
  /** 1, 2, 3… assigned under the append lock: a gap is a deleted row. */
  seq: number;
  ts: IsoTimestamp;
  type: string;
  run_id: string | null;
  user_id: string | null;
  role: string | null;
  /** Canonical JSON (RFC 8785), exactly the bytes the hash covers. */
  payload: JsonText;
  prev_hash: string;
  hash: string;
}

/** A stored artifact (database artifact store): its digest names bytes held as chunks of one upload. */
export interface ArtifactBlobsTable {
  digest: string;
  size: number;
  /** The upload whose chunks hold the bytes. */
  upload_id: string;
  /** Bytes per chunk (every chunk but the last is this long), so a byte range maps to chunk numbers. */
  chunk_size: number;
  created_at: IsoTimestamp;
}

/** The bytes of an upload, in order; chunks of an upload that never became a blob are leftovers of a crash. */
export interface ArtifactChunksTable {
  upload_id: string;
  seq: number;
  bytes: Uint8Array;
  created_at: IsoTimestamp;
}

export interface Database {
  runs: RunsTable;
  schemas: SchemasTable;
  schema_versions: SchemaVersionsTable;
  templates: NamedDocumentsTable;
  presets: NamedDocumentsTable;
  settings: SettingsTable;
  api_keys: ApiKeysTable;
  audit_events: AuditEventsTable;
  artifact_blobs: ArtifactBlobsTable;
  artifact_chunks: ArtifactChunksTable;
}
