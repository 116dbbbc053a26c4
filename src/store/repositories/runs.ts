/**
 * Pipeline runs: one row per request, from `queued` through `running` to a terminal status. Transitions are
 * guarded in SQL (`where status in …`), so a run finished by one worker cannot be finished again by another,
 * and the history never shows a run moving backwards.
 */
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import { SdgError, type JsonValue } from '../../core/index.js';
import {
  decodeCursor,
  decodeJson,
  encodeCursor,
  encodeJson,
  newId,
  now,
  pageOffset,
  pageSize,
  toIsoTimestamp,
  type Page,
  type PageRequest,
} from '../codec.js';
import { RUN_STATUSES, type Database, type IsoTimestamp, type RunStatus, type RunsTable, type TerminalRunStatus } from '../types.js';

/** A file a run produced, stored in the artifact store under its digest. */
export interface RunArtifact {
  /** `dataset`, `report`, `chart`… */
  readonly kind: string;
  /** The name it is downloaded under, e.g. `dataset.csv`, `report.html`, `histogram-age.png`. */
  readonly name: string;
  /** Hex SHA-256 of the bytes (the artifact store's key). */
  readonly digest: string;
  readonly size: number;
  readonly mediaType: string;
}

export interface RunError {
  readonly code: string;
  readonly message: string;
  readonly pointer?: string;
  readonly hint?: string;
}

export type EvaluationStatus = 'pass' | 'warn' | 'fail';
export type PiiVerdict = 'clean' | 'blocked';

export interface RunRecord {
  readonly id: string;
  readonly status: RunStatus;
  readonly userId: string | null;
  readonly role: string | null;
  readonly request: JsonValue;
  readonly schemaFingerprint: string | null;
  readonly schemaId: string | null;
  readonly schemaVersion: number | null;
  readonly templateId: string | null;
  readonly rowCount: number;
  readonly seed: number | string | null;
  readonly format: string;
  readonly timings: Readonly<Record<string, number>> | null;
  readonly durationMs: number | null;
  readonly evaluationStatus: EvaluationStatus | null;
  readonly evaluation: JsonValue | null;
  readonly piiVerdict: PiiVerdict | null;
  readonly pii: JsonValue | null;
  readonly error: RunError | null;
  readonly artifacts: readonly RunArtifact[];
  readonly createdAt: IsoTimestamp;
  readonly startedAt: IsoTimestamp | null;
  readonly finishedAt: IsoTimestamp | null;
}

export interface NewRun {
  /** Default: a fresh `run_…` id. */
  readonly id?: string;
  /** `queued` (default) for a job that waits, `running` for one that starts at once (startedAt = createdAt). */
  readonly status?: 'queued' | 'running';
  readonly userId?: string | null;
  readonly role?: string | null;
  readonly request: JsonValue;
  readonly schemaFingerprint?: string | null;
  readonly schemaId?: string | null;
  readonly schemaVersion?: number | null;
  readonly templateId?: string | null;
  readonly rowCount: number;
  readonly seed?: number | string | null;
  readonly format: string;
  readonly createdAt?: IsoTimestamp;
}

/** Fields that may change while a run is live (e.g. the fingerprint once a sample's schema is inferred). */
export interface RunPatch {
  readonly schemaFingerprint?: string | null;
  readonly schemaId?: string | null;
  readonly schemaVersion?: number | null;
  readonly templateId?: string | null;
  readonly timings?: Readonly<Record<string, number>> | null;
  readonly durationMs?: number | null;
  readonly evaluationStatus?: EvaluationStatus | null;
  readonly evaluation?: JsonValue | null;
  readonly piiVerdict?: PiiVerdict | null;
  readonly pii?: JsonValue | null;
  readonly artifacts?: readonly RunArtifact[];
}

export interface RunOutcome extends RunPatch {
  readonly status: TerminalRunStatus;
  readonly error?: RunError | null;
  readonly finishedAt?: IsoTimestamp;
}

export type RunSort = 'createdAt' | 'rowCount';

export interface RunQuery extends PageRequest {
  readonly userId?: string;
  readonly status?: RunStatus | readonly RunStatus[];
  readonly schemaFingerprint?: string;
  readonly schemaId?: string;
  readonly templateId?: string;
  readonly format?: string;
  /** Runs created at or after this instant. */
  readonly createdFrom?: string | Date;
  /** Runs created strictly before this instant. */
  readonly createdTo?: string | Date;
  /** Default `createdAt`. */
  readonly sort?: RunSort;
  /** Default `desc` (newest first). */
  readonly order?: 'asc' | 'desc';
  /** Keyset pagination: the previous page's nextCursor (same filters and sort). */
  readonly cursor?: string;
  /** Offset pagination, for page-number UIs; not together with `cursor`. */
  readonly offset?: number;
}

export interface RunsRepository {
  create(run: NewRun): Promise<RunRecord>;
  get(id: string): Promise<RunRecord | undefined>;
  /** queued → running. Undefined when the run is not queued (already started, finished or unknown). */
  start(id: string, at?: IsoTimestamp): Promise<RunRecord | undefined>;
  /** queued|running → succeeded|failed|cancelled. Undefined when the run is already terminal or unknown. */
  finish(id: string, outcome: RunOutcome): Promise<RunRecord | undefined>;
  /** Live fields only; undefined for an unknown run. */
  update(id: string, patch: RunPatch): Promise<RunRecord | undefined>;
  list(query?: RunQuery): Promise<Page<RunRecord>>;
}

const SORT_COLUMN = { createdAt: 'created_at', rowCount: 'row_count' } as const;

function toRecord(row: Selectable<RunsTable>): RunRecord {
  return {
    id: row.id,
    status: row.status,
    userId: row.user_id,
    role: row.role,
    request: decodeJson(row.request),
    schemaFingerprint: row.schema_fingerprint,
    schemaId: row.schema_id,
    schemaVersion: row.schema_version,
    templateId: row.template_id,
    rowCount: row.row_count,
    seed: decodeJson<number | string>(row.seed),
    format: row.format,
    timings: decodeJson<Record<string, number>>(row.timings),
    durationMs: row.duration_ms,
    evaluationStatus: row.evaluation_status as EvaluationStatus | null,
    evaluation: decodeJson(row.evaluation),
    piiVerdict: row.pii_verdict as PiiVerdict | null,
    pii: decodeJson(row.pii),
    error: decodeJson<RunError>(row.error),
    artifacts: decodeJson<RunArtifact[]>(row.artifacts),
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** Only the keys present in the patch become columns, so an update never clears what it did not mention. */
function patchColumns(patch: RunPatch): Partial<RunsTable> {
  const columns: Partial<RunsTable> = {};
  if (patch.schemaFingerprint !== undefined) columns.schema_fingerprint = patch.schemaFingerprint;
  if (patch.schemaId !== undefined) columns.schema_id = patch.schemaId;
  if (patch.schemaVersion !== undefined) columns.schema_version = patch.schemaVersion;
  if (patch.templateId !== undefined) columns.template_id = patch.templateId;
  if (patch.timings !== undefined) columns.timings = patch.timings === null ? null : encodeJson(patch.timings);
  if (patch.durationMs !== undefined) columns.duration_ms = patch.durationMs === null ? null : Math.round(patch.durationMs);
  if (patch.evaluationStatus !== undefined) columns.evaluation_status = patch.evaluationStatus;
  if (patch.evaluation !== undefined) columns.evaluation = patch.evaluation === null ? null : encodeJson(patch.evaluation);
  if (patch.piiVerdict !== undefined) columns.pii_verdict = patch.piiVerdict;
  if (patch.pii !== undefined) columns.pii = patch.pii === null ? null : encodeJson(patch.pii);
  if (patch.artifacts !== undefined) columns.artifacts = encodeJson(patch.artifacts);
  return columns;
}

function statusList(status: RunQuery['status']): readonly RunStatus[] | undefined {
  if (status === undefined) return undefined;
  const list: readonly RunStatus[] = typeof status === 'string' ? [status] : status;
  for (const item of list) {
    if (!(RUN_STATUSES as readonly string[]).includes(item)) {
      throw new SdgError('SDG_ERR_BAD_OPTION', `unknown run status ${JSON.stringify(item)}`, {
        pointer: '/status',
        hint: `use ${RUN_STATUSES.join(', ')}`,
      });
    }
  }
  return list;
}

export function runsRepository(db: Kysely<Database>): RunsRepository {
  const select = (id: string) => db.selectFrom('runs').selectAll().where('id', '=', id);

  return {
    async create(run) {
      if (!Number.isSafeInteger(run.rowCount) || run.rowCount < 0) {
        throw new SdgError('SDG_ERR_BAD_OPTION', `rowCount must be a non-negative integer, got ${run.rowCount}`, { pointer: '/rowCount' });
      }
      const createdAt = run.createdAt ?? now();
      const status = run.status ?? 'queued';
      const row = await db
        .insertInto('runs')
        .values({
          id: run.id ?? newId('run'),
          status,
          user_id: run.userId ?? null,
          role: run.role ?? null,
          request: encodeJson(run.request),
          schema_fingerprint: run.schemaFingerprint ?? null,
          schema_id: run.schemaId ?? null,
          schema_version: run.schemaVersion ?? null,
          template_id: run.templateId ?? null,
          row_count: run.rowCount,
          seed: run.seed === undefined || run.seed === null ? null : encodeJson(run.seed),
          format: run.format,
          timings: null,
          duration_ms: null,
          evaluation_status: null,
          evaluation: null,
          pii_verdict: null,
          pii: null,
          error: null,
          artifacts: '[]',
          created_at: createdAt,
          started_at: status === 'running' ? createdAt : null,
          finished_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },

    async get(id) {
      const row = await select(id).executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },

    async start(id, at = now()) {
      const row = await db
        .updateTable('runs')
        .set({ status: 'running', started_at: at })
        .where('id', '=', id)
        .where('status', '=', 'queued')
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },

    async finish(id, outcome) {
      const row = await db
        .updateTable('runs')
        .set({
          ...patchColumns(outcome),
          status: outcome.status,
          error: outcome.error === undefined || outcome.error === null ? null : encodeJson(outcome.error),
          finished_at: outcome.finishedAt ?? now(),
        })
        .where('id', '=', id)
        .where('status', 'in', ['queued', 'running'])
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },

    async update(id, patch) {
      const columns = patchColumns(patch);
      if (Object.keys(columns).length === 0) return this.get(id);
      const row = await db.updateTable('runs').set(columns).where('id', '=', id).returningAll().executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },

    async list(query = {}) {
      const limit = pageSize(query.limit);
      const sort = query.sort ?? 'createdAt';
      if (!(sort in SORT_COLUMN)) {
        throw new SdgError('SDG_ERR_BAD_OPTION', `cannot sort runs by ${JSON.stringify(sort)}`, {
          pointer: '/sort',
          hint: 'use createdAt or rowCount',
        });
      }
      const order = query.order ?? 'desc';
      if (order !== 'asc' && order !== 'desc') {
        throw new SdgError('SDG_ERR_BAD_OPTION', `order must be asc or desc, got ${JSON.stringify(order)}`, { pointer: '/order' });
      }
      if (query.cursor !== undefined && query.offset !== undefined) {
        throw new SdgError('SDG_ERR_BAD_OPTION', 'pass either cursor or offset, not both', { pointer: '/offset' });
      }
      const column = SORT_COLUMN[sort];
      const statuses = statusList(query.status);
      const createdFrom = query.createdFrom === undefined ? undefined : toIsoTimestamp(query.createdFrom, '/createdFrom');
      const createdTo = query.createdTo === undefined ? undefined : toIsoTimestamp(query.createdTo, '/createdTo');

      const filters = (eb: ExpressionBuilder<Database, 'runs'>) => {
        const conditions = [];
        if (query.userId !== undefined) conditions.push(eb('user_id', '=', query.userId));
        if (statuses !== undefined) conditions.push(statuses.length === 0 ? eb.lit(false) : eb('status', 'in', statuses));
        if (query.schemaFingerprint !== undefined) conditions.push(eb('schema_fingerprint', '=', query.schemaFingerprint));
        if (query.schemaId !== undefined) conditions.push(eb('schema_id', '=', query.schemaId));
        if (query.templateId !== undefined) conditions.push(eb('template_id', '=', query.templateId));
        if (query.format !== undefined) conditions.push(eb('format', '=', query.format));
        if (createdFrom !== undefined) conditions.push(eb('created_at', '>=', createdFrom));
        if (createdTo !== undefined) conditions.push(eb('created_at', '<', createdTo));
        return eb.and(conditions);
      };

      let page = db.selectFrom('runs').selectAll().where(filters);
      if (query.cursor !== undefined) {
        const [cursorSort, cursorOrder, value, lastId] = decodeCursor(query.cursor, 4);
        const valueOk = sort === 'rowCount' ? typeof value === 'number' : typeof value === 'string';
        if (cursorSort !== sort || cursorOrder !== order || !valueOk || typeof lastId !== 'string') {
          throw new SdgError('SDG_ERR_BAD_OPTION', 'the cursor belongs to a different sort or order', {
            pointer: '/cursor',
            hint: 'keep sort and order unchanged while paging, or start again without a cursor',
          });
        }
        // Rows after (value, id) in the sort order; id breaks ties so no row is skipped or repeated.
        const comparison = order === 'desc' ? '<' : '>';
        page = page.where((eb) =>
          eb.or([
            eb(eb.ref(column), comparison, value as string | number),
            eb.and([eb(eb.ref(column), '=', value as string | number), eb('id', comparison, lastId)]),
          ]),
        );
      }
      const rows = await page
        .orderBy(column, order)
        .orderBy('id', order)
        .limit(limit + 1)
        .offset(pageOffset(query.offset))
        .execute();
      const { total } = await db
        .selectFrom('runs')
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .where(filters)
        .executeTakeFirstOrThrow();

      const items = rows.slice(0, limit).map(toRecord);
      const last = rows.length > limit ? rows[limit - 1] : undefined;
      return {
        items,
        nextCursor: last === undefined ? null : encodeCursor([sort, order, last[column], last.id]),
        total: Number(total),
      };
    },
  };
}
