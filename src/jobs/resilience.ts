/**
 * What lets a worker ride out a database restart and a crashed sibling without losing or doubling anything:
 *
 * - `retryTransient`: a database call that failed because the connection went away is retried with backoff
 *   (for up to two minutes) instead of failing the run. PostgreSQL restarting in the middle of a run then
 *   only pauses it.
 * - `appendRunEventOnce`: a run's pipeline events (DataGenStarted … VizCompleted, DataGenFailed) are
 *   appended at most once per run and type. A job that is retried after its worker died re-emits the events
 *   the dead worker already wrote; the check and the append share one transaction under the audit chain's
 *   append lock, so two workers racing on one run cannot both write either.
 */
import { appendAudit, type AuditEventInput } from '../audit/index.js';
import type { Store, StoreSession } from '../store/index.js';

/** PostgreSQL SQLSTATEs of a server going away or not yet accepting: admin shutdown, crash, starting up… */
const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300', 'SQLITE_BUSY']);
const TRANSIENT_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
const TRANSIENT_MESSAGES =
  /Connection terminated|connection (?:is )?closed|Client has encountered a connection error|terminating connection/i;

/** True for errors that say "the database was unreachable", not "the query was wrong". */
export function isTransient(error: unknown): boolean {
  for (let cause = error, depth = 0; cause !== undefined && cause !== null && depth < 5; depth++) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_ERRNOS.has(code))) return true;
    if (typeof message === 'string' && TRANSIENT_MESSAGES.test(message)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

export interface RetryOptions {
  /** Give up after this long (default 120 s). */
  readonly forMs?: number;
  /** Called before each wait, e.g. to log. */
  readonly onRetry?: (error: unknown, attempt: number) => void;
}

export async function retryTransient<T>(work: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.forMs ?? 120_000);
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isTransient(error) || Date.now() > deadline) throw error;
      options.onRetry?.(error, attempt);
      await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 2000)));
    }
  }
}

/** The run events a pipeline emits; each appears once per run in the audit trail. */
export const RUN_EVENT_TYPES: ReadonlySet<string> = new Set([
  'DataGenStarted',
  'DataGenCompleted',
  'PIIDetected',
  'EvalCompleted',
  'VizCompleted',
  'DataGenFailed',
]);

/** Appends the event unless this run already has one of its type; true when it was appended. */
export async function appendRunEventOnce(store: StoreSession, input: AuditEventInput, options: RetryOptions = {}): Promise<boolean> {
  if (input.runId === undefined || input.runId === null || !RUN_EVENT_TYPES.has(input.type)) {
    await retryTransient(() => appendAudit(store, input), options);
    return true;
  }
  const runId = input.runId;
  return retryTransient(
    () =>
      store.transaction(async (tx) => {
        await tx.auditLog.lockForAppend();
        const existing = await tx.auditLog.list({ runId, types: [input.type], limit: 1 });
        if (existing.items.length > 0) return false;
        await appendAudit(tx, input);
        return true;
      }),
    options,
  );
}

/**
 * The store with its run transitions retried through connection loss. executeRun and the chunk finaliser
 * finish runs through it, so a run whose last write met a restarting database still ends recorded.
 */
export function resilientStore(store: Store, options: RetryOptions = {}): Store {
  const runs = store.runs;
  const retried: Store['runs'] = {
    create: (run) => retryTransient(() => runs.create(run), options),
    get: (id) => retryTransient(() => runs.get(id), options),
    start: (id, at) => retryTransient(() => runs.start(id, at), options),
    finish: (id, outcome) => retryTransient(() => runs.finish(id, outcome), options),
    update: (id, patch) => retryTransient(() => runs.update(id, patch), options),
    list: (query) => retryTransient(() => runs.list(query), options),
  };
  return { ...store, runs: retried };
}
