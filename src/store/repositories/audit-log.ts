/**
 * Storage of the audit chain. Hashing, the event taxonomy and verification live in audit/; this repository
 * only reads and appends rows (the table's triggers refuse anything else).
 */
import type { ExpressionBuilder, Selectable } from 'kysely';
import { SdgError } from '../../core/index.js';
import { decodeCursor, encodeCursor, pageSize, toIsoTimestamp, type Page, type PageRequest } from '../codec.js';
import type { AuditEventsTable, Database, IsoTimestamp } from '../types.js';
import type { RepositoryContext } from './context.js';

export interface AuditRow {
  readonly seq: number;
  readonly ts: IsoTimestamp;
  readonly type: string;
  readonly runId: string | null;
  readonly userId: string | null;
  readonly role: string | null;
  /** Canonical JSON text, as hashed. */
  readonly payload: string;
  readonly prevHash: string;
  readonly hash: string;
}

export interface AuditLink {
  readonly seq: number;
  readonly hash: string;
}

export interface AuditQuery extends PageRequest {
  readonly types?: readonly string[];
  readonly runId?: string;
  readonly userId?: string;
  /** Events at or after this instant. */
  readonly from?: string | Date;
  /** Events strictly before this instant. */
  readonly to?: string | Date;
  /** Default `asc` (oldest first, chain order). */
  readonly order?: 'asc' | 'desc';
  /** The previous page's nextCursor (same filters and order). */
  readonly cursor?: string;
}

export interface AuditLogRepository {
  /** Takes the append lock until the current transaction ends; call first inside `store.transaction`. */
  lockForAppend(): Promise<void>;
  /** The last event's seq and hash; undefined for an empty log. */
  tail(): Promise<AuditLink | undefined>;
  insert(rows: readonly AuditRow[]): Promise<void>;
  get(seq: number): Promise<AuditRow | undefined>;
  /** Up to `limit` events with seq > afterSeq, in seq order: how verify walks the chain in bounded memory. */
  after(afterSeq: number, limit: number): Promise<AuditRow[]>;
  findByHash(hash: string): Promise<AuditRow | undefined>;
  findByPrevHash(prevHash: string): Promise<AuditRow[]>;
  list(query?: AuditQuery): Promise<Page<AuditRow>>;
  /** Names of the triggers on the audit table (the append-only guards, when intact). */
  triggers(): Promise<string[]>;
}

function toRow(row: Selectable<AuditEventsTable>): AuditRow {
  return {
    seq: row.seq,
    ts: row.ts,
    type: row.type,
    runId: row.run_id,
    userId: row.user_id,
    role: row.role,
    payload: row.payload,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Rows per INSERT statement: far below SQLite's 32 766 bound parameters at 9 columns a row. */
const INSERT_BATCH = 500;

export function auditLogRepository(context: RepositoryContext): AuditLogRepository {
  const { db } = context;
  return {
    lockForAppend() {
      return context.dialect.lockTable(db, 'audit_events');
    },

    async tail() {
      const row = await db.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      return row;
    },

    async insert(rows) {
      for (let start = 0; start < rows.length; start += INSERT_BATCH) {
        await db
          .insertInto('audit_events')
          .values(
            rows.slice(start, start + INSERT_BATCH).map((row) => ({
              seq: row.seq,
              ts: row.ts,
              type: row.type,
              run_id: row.runId,
              user_id: row.userId,
              role: row.role,
              payload: row.payload,
              prev_hash: row.prevHash,
              hash: row.hash,
            })),
          )
          .execute();
      }
    },

    async get(seq) {
      const row = await db.selectFrom('audit_events').selectAll().where('seq', '=', seq).executeTakeFirst();
      return row === undefined ? undefined : toRow(row);
    },

    async after(afterSeq, limit) {
      const rows = await db.selectFrom('audit_events').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
      return rows.map(toRow);
    },

    async findByHash(hash) {
      const row = await db.selectFrom('audit_events').selectAll().where('hash', '=', hash).executeTakeFirst();
      return row === undefined ? undefined : toRow(row);
    },

    async findByPrevHash(prevHash) {
      const rows = await db.selectFrom('audit_events').selectAll().where('prev_hash', '=', prevHash).orderBy('seq').execute();
      return rows.map(toRow);
    },

    async list(query = {}) {
      const limit = pageSize(query.limit);
      const order = query.order ?? 'asc';
      if (order !== 'asc' && order !== 'desc') {
        throw new SdgError('SDG_ERR_BAD_OPTION', `order must be asc or desc, got ${JSON.stringify(order)}`, { pointer: '/order' });
      }
      const from = query.from === undefined ? undefined : toIsoTimestamp(query.from, '/from');
      const to = query.to === undefined ? undefined : toIsoTimestamp(query.to, '/to');
      const filters = (eb: ExpressionBuilder<Database, 'audit_events'>) => {
        const conditions = [];
        if (query.types !== undefined) conditions.push(query.types.length === 0 ? eb.lit(false) : eb('type', 'in', query.types));
        if (query.runId !== undefined) conditions.push(eb('run_id', '=', query.runId));
        if (query.userId !== undefined) conditions.push(eb('user_id', '=', query.userId));
        if (from !== undefined) conditions.push(eb('ts', '>=', from));
        if (to !== undefined) conditions.push(eb('ts', '<', to));
        return eb.and(conditions);
      };
      let page = db.selectFrom('audit_events').selectAll().where(filters);
      if (query.cursor !== undefined) {
        const [cursorOrder, lastSeq] = decodeCursor(query.cursor, 2);
        if (cursorOrder !== order || typeof lastSeq !== 'number') {
          throw new SdgError('SDG_ERR_BAD_OPTION', 'the cursor belongs to a different order', { pointer: '/cursor' });
        }
        page = page.where('seq', order === 'asc' ? '>' : '<', lastSeq);
      }
      const rows = await page
        .orderBy('seq', order)
        .limit(limit + 1)
        .execute();
      const { total } = await db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .where(filters)
        .executeTakeFirstOrThrow();
      const items = rows.slice(0, limit).map(toRow);
      const last = rows.length > limit ? rows[limit - 1] : undefined;
      return { items, nextCursor: last === undefined ? null : encodeCursor([order, last.seq]), total: Number(total) };
    },

    triggers() {
      return context.dialect.triggersOn(db, 'audit_events');
    },
  };
}
