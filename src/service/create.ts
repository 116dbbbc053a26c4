/**
 * Wires a SynthService to a store: the audit adapter, the queue, and the worker pool for large runs; and,
 * for `synthdatagen worker`, the same run execution handed to the distributed job layer (distributedHandlers).
 */
import type { JsonSchema, JsonValue } from '../core/index.js';
import { appendAudit, type AuditEventInput } from '../audit/index.js';
import {
  appendRunEventOnce,
  generateParallel,
  LocalRunQueue,
  resilientStore,
  type RunHandlers,
  type RunJob,
  type RunQueue,
} from '../jobs/index.js';
import type { RowSource } from '../pipeline/index.js';
import type { ArtifactStore, RunRecord, Store } from '../store/index.js';
import { executeRun, piiSummary, reportDocument, resolveBody, type PipelineBody } from './runs.js';
import { DEFAULT_SETTINGS, SynthService } from './service.js';
import type { AuditAppend, Principal, Role } from './types.js';

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

/**
 * The audit trail as the service writes it: one event per call, appended under the chain's lock. With
 * `once`, a run's pipeline events are appended at most once per run and type: a distributed job retried after
 * its worker died replays the events the dead worker had already written.
 */
export function storeAudit(store: Store, options: { readonly once?: boolean } = {}): AuditAppend {
  return async (event) => {
    const input = {
      type: event.type,
      runId: event.runId ?? null,
      user: event.principal?.id ?? null,
      role: event.principal?.role ?? null,
      payload: event.payload as Record<string, JsonValue>,
    } as unknown as AuditEventInput;
    if (options.once) await appendRunEventOnce(store, input);
    else await appendAudit(store, input);
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

export interface DistributedHandlersOptions {
  readonly store: Store;
  readonly artifacts: ArtifactStore;
  readonly maxRows?: number;
  /** Runs from this many rows generate on worker threads inside the worker process (default: never). */
  readonly parallelFromRows?: number;
  readonly workers?: number;
}

/**
 * How a `synthdatagen worker` process executes a run job: executeRun, exactly as the API process runs an
 * async run, with the audit trail appended once per run and type.
 */
export function distributedHandlers(options: DistributedHandlersOptions): RunHandlers {
  // Run transitions retried through a database restart, as the job layer's own writes are.
  const store = resilientStore(options.store);
  const audit = storeAudit(store, { once: true });
  const parallelFrom = options.parallelFromRows ?? Infinity;
  const pool = poolSource(options.workers);
  return {
    async execute(run, job, hooks) {
      const principal: Principal = { id: job.principal.id, name: job.principal.name, role: job.principal.role as Role };
      const withSource: AuditAppend = (event) =>
        audit(event.type === 'DataGenStarted' ? { ...event, payload: { ...event.payload, source: job.source } } : event);
      const executed = await executeRun(
        {
          store,
          artifacts: options.artifacts,
          audit: withSource,
          maxRows: options.maxRows ?? 10_000_000,
          rowSourceFor: (rowCount) => (rowCount >= parallelFrom ? pool : undefined),
        },
        run,
        { request: job.request, schemaId: run.schemaId, schemaVersion: run.schemaVersion, templateId: run.templateId },
        principal,
        { signal: hooks.signal, publish: hooks.publish },
      );
      return executed.run;
    },
    report: reportDocument,
    piiSummary,
  };
}

/** How the schema of a request was given (recorded in DataGenStarted). */
export function requestSource(body: Pick<PipelineBody, 'schemaId' | 'templateId' | 'sample'>): string {
  return body.schemaId !== undefined
    ? 'schemaId'
    : body.templateId !== undefined
      ? 'templateId'
      : body.sample !== undefined
        ? 'sample'
        : 'schema';
}

/**
 * A run's job rebuilt from its database row, for a run the job queue lost (a Redis restart without
 * persistence): the stored request resolved again, pinned to the schema version the run was recorded with.
 * Undefined for runs from a sample, whose rows are never stored.
 */
export function rebuildRunJob(store: Store): (run: RunRecord) => Promise<RunJob | undefined> {
  return async (run) => {
    const body = run.request as unknown as PipelineBody;
    if (body === null || typeof body !== 'object' || body.sample !== undefined) return undefined;
    const pinned: PipelineBody =
      body.schemaId !== undefined && run.schemaVersion !== null ? { ...body, schemaVersion: run.schemaVersion } : body;
    const settings = { ...DEFAULT_SETTINGS, ...(await store.settings.all()) } as Record<string, JsonValue>;
    try {
      const resolved = await resolveBody(store, pinned, settings);
      return {
        runId: run.id,
        request: resolved.request,
        principal: { id: run.userId ?? 'system', name: run.userId ?? 'system', role: run.role ?? 'system' },
        source: requestSource(body),
      };
    } catch {
      return undefined; // the schema or template was deleted since
    }
  };
}
