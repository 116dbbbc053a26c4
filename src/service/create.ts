/** Wires a SynthService to a store: the audit adapter, the queue, and the worker pool for large runs. */
import type { JsonSchema, JsonValue } from '../core/index.js';
import { appendAudit, type AuditEventInput } from '../audit/index.js';
import { generateParallel, LocalRunQueue, type RunQueue } from '../jobs/index.js';
import type { RowSource } from '../pipeline/index.js';
import type { ArtifactStore, Store } from '../store/index.js';
import { SynthService } from './service.js';
import type { AuditAppend } from './types.js';

export interface CreateServiceOptions {
  readonly store: Store;
  readonly artifacts: ArtifactStore;
  readonly maxRows?: number;
  readonly asyncRowThreshold?: number;
  readonly queue?: RunQueue;
  readonly maxQueuedRuns?: number;
  readonly runConcurrency?: number;
  /** Runs from this many rows generate on worker threads (default 200,000; Infinity: never). */
  readonly parallelFromRows?: number;
  readonly workers?: number;
}

/** The audit trail as the service writes it: one event per call, appended under the chain's lock. */
export function storeAudit(store: Store): AuditAppend {
  return async (event) => {
    const input = {
      type: event.type,
      runId: event.runId ?? null,
      user: event.principal?.id ?? null,
      role: event.principal?.role ?? null,
      payload: event.payload as Record<string, JsonValue>,
    } as unknown as AuditEventInput;
    await appendAudit(store, input);
  };
}

function poolSource(workers: number | undefined): RowSource {
  return (schema: JsonSchema, range) =>
    generateParallel(schema, {
      count: range.count,
      seed: range.seed,
      offset: range.offset,
      ...(range.refs ? { refs: range.refs } : {}),
      ...(workers ? { workers } : {}),
    });
}

export function createService(options: CreateServiceOptions): SynthService {
  const parallelFrom = options.parallelFromRows ?? 200_000;
  const pool = poolSource(options.workers);
  return new SynthService({
    store: options.store,
    artifacts: options.artifacts,
    audit: storeAudit(options.store),
    queue: options.queue ?? new LocalRunQueue({ concurrency: options.runConcurrency ?? 2, maxQueued: options.maxQueuedRuns ?? 100 }),
    maxRows: options.maxRows ?? 10_000_000,
    asyncRowThreshold: options.asyncRowThreshold ?? 100_000,
    rowSourceFor: (rowCount) => (rowCount >= parallelFrom ? pool : undefined),
  });
}
