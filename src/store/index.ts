/**
 * Persistence: runs, the schema library, templates, presets, settings, API keys and the audit chain's rows
 * in SQLite (embedded default, `./data/synthdatagen.db`) or PostgreSQL (`DATABASE_URL=postgres://…`), plus a
 * content-addressed artifact folder. See docs/storage.md.
 *
 *   const store = await openStore(storeOptionsFromEnv(process.env));
 *   const run = await store.runs.create({ request, rowCount: 1000, format: 'csv' });
 *   await store.close();
 */
export { openStore } from './store.js';
export type { Store, StoreSession, Repositories } from './store.js';
export {
  storeOptionsFromEnv,
  resolveTarget,
  redact,
  STORE_ENV,
  DEFAULT_DATA_DIR,
  SQLITE_FILE_NAME,
  ARTIFACT_STORE_KINDS,
} from './options.js';
export type { StoreOptions, ConnectionTarget, ArtifactStoreKind } from './options.js';
export type { DialectName } from './dialect.js';
export { APPEND_ONLY_TRIGGERS, APPEND_ONLY_MESSAGE } from './migrations.js';
export { createArtifactStore } from './artifacts.js';
export type { ArtifactStore, FileArtifactStore, ArtifactRef, ArtifactWriter, ArtifactStoreOptions, ByteRange } from './artifacts.js';
export { createDatabaseArtifactStore, ARTIFACT_CHUNK_BYTES } from './artifacts-db.js';
export type { DatabaseArtifactStore, DatabaseArtifactStoreOptions } from './artifacts-db.js';
export { RUN_STATUSES, TERMINAL_RUN_STATUSES } from './types.js';
export type { Database, IsoTimestamp, RunStatus, TerminalRunStatus } from './types.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './codec.js';
export type { Page, PageRequest, OffsetPageRequest } from './codec.js';
export type {
  RunsRepository,
  RunRecord,
  NewRun,
  RunPatch,
  RunOutcome,
  RunQuery,
  RunSort,
  RunArtifact,
  RunError,
  EvaluationStatus,
  PiiVerdict,
} from './repositories/runs.js';
export type {
  SchemasRepository,
  SchemaRecord,
  SchemaVersionInfo,
  SchemaVersionRecord,
  SaveSchemaInput,
  SaveSchemaResult,
  SchemaListQuery,
} from './repositories/schemas.js';
export type {
  NamedDocumentsRepository,
  NamedDocument,
  NewNamedDocument,
  NamedDocumentChanges,
  NamedDocumentQuery,
} from './repositories/documents.js';
export type { SettingsRepository, SettingRecord, SettingChange } from './repositories/settings.js';
export type { ApiKeysRepository, ApiKeyRow } from './repositories/api-keys.js';
export type { AuditLogRepository, AuditRow, AuditLink, AuditQuery } from './repositories/audit-log.js';
