/**
 * The drift record of a library schema: every version diffed against the one before it. Versions are
 * immutable rows, so this record is computed from them rather than stored beside them: it cannot disagree
 * with the versions it describes, and a schema saved before this monitor existed has its full history too.
 */
import { SdgError } from '../core/index.js';
import type { StoreSession } from '../store/index.js';
import { diffSchemas, type SchemaDiff } from './schema-drift.js';

export interface SchemaVersionDrift extends SchemaDiff {
  readonly from: number;
  readonly to: number;
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly fingerprint: string;
}

export interface SchemaHistory {
  readonly schemaId: string;
  readonly name: string;
  readonly versions: number;
  /** Oldest change first. */
  readonly drift: readonly SchemaVersionDrift[];
  readonly breakingChanges: number;
}

export async function schemaHistory(store: StoreSession, schemaId: string): Promise<SchemaHistory> {
  const schema = await store.schemas.get(schemaId);
  if (schema === undefined)
    throw new SdgError('SDG_ERR_NOT_FOUND', `no schema ${JSON.stringify(schemaId)}`, { hint: 'list them with GET /api/schemas' });
  const versions = [...(await store.schemas.listVersions(schemaId))].sort((a, b) => a.version - b.version);
  const drift: SchemaVersionDrift[] = [];
  let previous = versions.length > 0 ? await store.schemas.getVersion(schemaId, versions[0]!.version) : undefined;
  for (const info of versions.slice(1)) {
    const current = await store.schemas.getVersion(schemaId, info.version);
    if (current === undefined || previous === undefined) continue;
    drift.push({
      from: previous.version,
      to: current.version,
      createdAt: current.createdAt,
      createdBy: current.createdBy,
      fingerprint: current.fingerprint,
      ...diffSchemas(previous.content, current.content),
    });
    previous = current;
  }
  return {
    schemaId,
    name: schema.name,
    versions: versions.length,
    drift,
    breakingChanges: drift.reduce((n, d) => n + d.summary.breaking, 0),
  };
}
