/**
 * Appending to the chain. Each append reads the tail and writes after it, so appends must be serialised or
 * two of them would link to the same tail and fork the chain. They run in a transaction that first takes
 * the audit table's write lock (PostgreSQL: LOCK TABLE … IN EXCLUSIVE MODE; SQLite: BEGIN IMMEDIATE holds
 * the database write lock). The seq primary key is the second line of defence: a fork would need two rows
 * with the same seq.
 */
import { SdgError } from '../core/index.js';
import type { AuditRow, StoreSession } from '../store/index.js';
import { canonicalPayload, chainHash, GENESIS_HASH, rowToEvent } from './chain.js';
import { AUDIT_EVENT_TYPES, isAuditEventType, type AuditEvent, type AuditEventInput } from './events.js';

interface Prepared {
  readonly type: string;
  readonly runId: string | null;
  readonly userId: string | null;
  readonly role: string | null;
  readonly payload: string;
}

function prepare(input: AuditEventInput, index: number): Prepared {
  if (!isAuditEventType(input.type)) {
    throw new SdgError('SDG_ERR_INVALID_DATA', `unknown audit event type ${JSON.stringify(input.type)}`, {
      pointer: `/${index}/type`,
      hint: `use one of ${AUDIT_EVENT_TYPES.join(', ')}`,
    });
  }
  return {
    type: input.type,
    runId: input.runId ?? null,
    userId: input.user ?? null,
    role: input.role ?? null,
    payload: canonicalPayload(input.payload),
  };
}

/** Writes prepared events after the tail, under the append lock, in one transaction. */
function writeEvents(store: StoreSession, prepared: readonly Prepared[]): Promise<AuditEvent[]> {
  return store.transaction(async (tx) => {
    await tx.auditLog.lockForAppend();
    const tail = await tx.auditLog.tail();
    let prevHash = tail?.hash ?? GENESIS_HASH;
    let seq = tail?.seq ?? 0;
    const ts = new Date().toISOString();
    const rows: AuditRow[] = prepared.map((event) => {
      seq += 1;
      const fields = { ...event, seq, ts };
      const row: AuditRow = { ...fields, prevHash, hash: chainHash(prevHash, fields) };
      prevHash = row.hash;
      return row;
    });
    await tx.auditLog.insert(rows);
    return rows.map(rowToEvent);
  });
}

interface Pending {
  readonly events: readonly Prepared[];
  resolve(events: AuditEvent[]): void;
  reject(error: unknown): void;
}

interface AppendQueue {
  readonly pending: Pending[];
  flushing: boolean;
}

/**
 * Group commit. Appends are serialised, so under load each would wait for the previous transaction's
 * commit (an fsync) before taking its own. Instead, appends that arrive while a write is in flight queue up
 * and go together in the next transaction: one lock, one tail read, one commit for all of them. Each caller's
 * events stay contiguous and in order, and each promise resolves only once its events are committed. Keyed by
 * the Kysely instance, so Stores sharing an SQLite connection share a queue.
 */
const queues = new WeakMap<object, AppendQueue>();
const MAX_GROUP_EVENTS = 500;

async function flush(store: StoreSession, queue: AppendQueue): Promise<void> {
  queue.flushing = true;
  try {
    while (queue.pending.length > 0) {
      const group: Pending[] = [];
      let size = 0;
      while (queue.pending.length > 0 && (group.length === 0 || size + (queue.pending[0] as Pending).events.length <= MAX_GROUP_EVENTS)) {
        const next = queue.pending.shift() as Pending;
        group.push(next);
        size += next.events.length;
      }
      try {
        const written = await writeEvents(
          store,
          group.flatMap((pending) => pending.events),
        );
        let offset = 0;
        for (const pending of group) {
          pending.resolve(written.slice(offset, offset + pending.events.length));
          offset += pending.events.length;
        }
      } catch (error) {
        for (const pending of group) pending.reject(error);
      }
    }
  } finally {
    queue.flushing = false;
  }
}

/**
 * Appends events in order, atomically (all or none), and returns them as stored, once committed. Inside
 * `store.transaction(tx => …)` pass `tx`: the events then commit or roll back with the rest of that work.
 */
export async function appendAuditEvents(store: StoreSession, inputs: readonly AuditEventInput[]): Promise<AuditEvent[]> {
  // Validated and canonicalised before queueing: a bad event fails its caller alone, never a whole group.
  const prepared = inputs.map(prepare);
  if (prepared.length === 0) return [];
  if (store.inTransaction) return writeEvents(store, prepared);
  let queue = queues.get(store.db);
  if (queue === undefined) {
    queue = { pending: [], flushing: false };
    queues.set(store.db, queue);
  }
  const events = new Promise<AuditEvent[]>((resolve, reject) => {
    (queue as AppendQueue).pending.push({ events: prepared, resolve, reject });
  });
  if (!queue.flushing) void flush(store, queue);
  return events;
}

export async function appendAudit(store: StoreSession, input: AuditEventInput): Promise<AuditEvent> {
  const [event] = await appendAuditEvents(store, [input]);
  return event as AuditEvent;
}
