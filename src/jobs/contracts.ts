/**
 * What travels through Redis between the API and `synthdatagen worker` processes: a run job (everything a
 * worker needs to execute one recorded run) and the chunk jobs a large run is split into. Job ids are derived
 * from the run id, so submitting the same run twice is one job (BullMQ ignores a second add with an id it
 * already holds), and a chunk recomputed after a crash lands under the same id and the same artifact digest.
 */
import type { JsonValue } from '../core/index.js';
import type { PipelineRequest } from '../pipeline/index.js';

export const RUN_QUEUE = 'runs';
export const CHUNK_QUEUE = 'chunks';

/** The caller a run belongs to; audit events are written in its name. */
export interface RunPrincipal {
  readonly id: string;
  readonly name: string;
  readonly role: string;
}

/** A run job: the run id (the row in the database is the truth), the resolved request and who asked. */
export interface RunJob {
  readonly runId: string;
  readonly request: PipelineRequest;
  readonly principal: RunPrincipal;
  /** How the schema was given (schema, schemaId, templateId, sample): DataGenStarted records it. */
  readonly source: string;
}

/** Where a chunked run is (kept in the job's data, so a retry after a crash resumes at the right step). */
export interface RunJobState extends RunJob {
  readonly step?: 'start' | 'chunks' | 'finalize';
  /** Digest of the chunk spec (schema, seed, plan…) in the artifact store. */
  readonly spec?: string;
  /** When the run's first step began (ms since the epoch), for durations across retries. */
  readonly startedAt?: number;
  readonly chunks?: number;
}

/** One row range of a chunked run. */
export interface ChunkJob {
  readonly runId: string;
  readonly index: number;
  /** Index of the first row. */
  readonly start: number;
  readonly count: number;
  readonly spec: string;
}

/** What a chunk leaves in the artifact store: its slice of the dataset, its profile and its PII scan. */
export interface ChunkDone {
  readonly index: number;
  readonly start: number;
  readonly count: number;
  /**
   * The slice: `offset` bytes of a line naming the run and chunk, then the rows. The line makes a slice's
   * digest the run's own, so it can be deleted after the join without touching another run's bytes.
   */
  readonly dataset: { readonly digest: string; readonly size: number; readonly offset?: number };
  /** Digests of `{run, chunk, profile}` and `{run, chunk, pii}` documents (run-specific for the same reason). */
  readonly profile: string;
  readonly pii: string;
  readonly timings: { readonly generateMs: number; readonly writeMs: number; readonly scanMs: number; readonly profileMs: number };
}

/** A chunk that could not produce its rows (a generation error: the run fails with it). */
export interface ChunkFailed {
  readonly index: number;
  readonly start: number;
  /** Rows produced before the failing one. */
  readonly rowsDone: number;
  readonly error: { readonly code: string; readonly message: string; readonly pointer?: string; readonly hint?: string };
}

/** A chunk that stopped because the run was cancelled. */
export interface ChunkCancelled {
  readonly index: number;
  readonly cancelled: true;
}

export type ChunkOutcome = ChunkDone | ChunkFailed | ChunkCancelled;

/** A run job's return value: how the run ended (the database row says the same). */
export interface RunJobResult {
  readonly status: 'succeeded' | 'failed' | 'cancelled';
  readonly error?: { readonly code: string; readonly message: string };
}

/** Progress a worker reports on a job (BullMQ carries it to QueueEvents, the API turns it into SSE). */
export interface JobProgress {
  readonly stage: string;
  readonly rowsDone: number;
  readonly rowCount: number;
  readonly fraction: number;
  readonly [extra: string]: JsonValue;
}

/** BullMQ refuses ':' in custom ids (it is its key separator). */
export function chunkJobId(runId: string, index: number): string {
  return `${runId}-chunk-${index}`;
}

/** Redis key that says a run was cancelled: workers poll it, so a cancel reaches any machine. */
export function cancelKey(prefix: string, runId: string): string {
  return `${prefix}:sdg:cancel:${runId}`;
}

export function isChunkDone(outcome: ChunkOutcome): outcome is ChunkDone {
  return 'dataset' in outcome;
}

export function isChunkFailed(outcome: ChunkOutcome): outcome is ChunkFailed {
  return 'error' in outcome;
}
