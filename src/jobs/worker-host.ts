/**
 * What `synthdatagen worker` runs: BullMQ workers on the run queue and the chunk queue.
 *
 *   run job (id = run id)
 *     small run ───────────────► execute (the service's executeRun: one pass, as in the API process)
 *     large run ─ start ─► chunk jobs (row ranges, any worker) ─► waiting-children ─► finalize (join, merge, report)
 *
 * A large run's job is the parent of its chunk jobs (BullMQ's "process step jobs" pattern): it records its
 * step in its own data, hands the rows out, and waits without holding a worker slot; BullMQ runs it again
 * when the last chunk completes. A worker that dies mid-job loses its lock; BullMQ's stalled-job check gives
 * the job to another worker, which resumes at the recorded step. Because every step is idempotent (chunks
 * are pure functions of their row range, artifacts are content-addressed, run events are appended once per
 * type, run transitions are guarded), a job run twice produces one run, one dataset and one audit sequence.
 *
 * Cancellation reaches any machine through a Redis key the workers poll. On SIGTERM (`close`) the workers
 * take no new jobs, let running ones finish, and hand chunk jobs still running after `handoverMs` back to the
 * queue (moved to delayed with no delay), so another worker computes them without waiting for a lock to expire.
 */
import { DelayedError, Queue, WaitingChildrenError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { SdgError, type JsonValue } from '../core/index.js';
import type { ArtifactStore, RunRecord, Store } from '../store/index.js';
import { chunkSpecOf, loadSpec, processChunk } from './chunk.js';
import {
  CHUNK_QUEUE,
  RUN_QUEUE,
  cancelKey,
  chunkJobId,
  type ChunkJob,
  type ChunkOutcome,
  type RunJob,
  type RunJobResult,
  type RunJobState,
} from './contracts.js';
import { eventBase, failChunkedRun, finalizeChunkedRun, type FinalizeDeps, type RunReporting } from './finalize.js';
import type { RunUpdate } from './local-queue.js';
import { connectionOptions, DEFAULT_TUNING, type QueueTuning, type RedisSettings } from './redis.js';
import { appendRunEventOnce, resilientStore, type RetryOptions } from './resilience.js';

/** The logger a worker writes to (pino's Logger fits). */
export interface JobLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

const SILENT: JobLog = { info: () => {}, warn: () => {}, error: () => {} };

/** How the service executes a run in one pass; the job layer supplies the audit trail and the signals. */
export interface RunHandlers extends RunReporting {
  execute(
    run: RunRecord,
    job: RunJob,
    hooks: { readonly signal: AbortSignal; readonly publish: (update: RunUpdate) => void },
  ): Promise<RunRecord>;
}

export interface RunWorkerOptions {
  readonly redis: RedisSettings;
  readonly store: Store;
  readonly artifacts: ArtifactStore;
  readonly handlers: RunHandlers;
  readonly tuning?: Partial<QueueTuning>;
  /** Run jobs processed at once by this process (default 1). */
  readonly concurrency?: number;
  /** Chunk jobs processed at once by this process (default 1). */
  readonly chunkConcurrency?: number;
  /** How long a job's lock lasts without renewal: how soon a dead worker's job moves on (default 30 s). */
  readonly lockDurationMs?: number;
  /** How often this worker looks for stalled jobs (default 30 s). */
  readonly stalledIntervalMs?: number;
  /** Times a job may stall (its worker died) before it fails for good (default 3). */
  readonly maxStalledCount?: number;
  /** On close, chunk jobs still running after this long are handed back to the queue (default 10 s). */
  readonly handoverMs?: number;
  /** Seconds finished jobs stay in Redis (for late progress subscribers and the reconciler; default 3600). */
  readonly keepFinishedSeconds?: number;
  readonly log?: JobLog;
  /** Worker name stored on the jobs it processes (default host:pid). */
  readonly name?: string;
}

export interface RunWorkerHost {
  readonly runs: Worker;
  readonly chunks: Worker;
  /** Checks Redis answers. */
  ping(): Promise<void>;
  /** Graceful stop: no new jobs, running runs finish, chunks past the handover delay go back to the queue. */
  close(): Promise<void>;
}

const HANDOVER = 'handover';
const CANCEL_POLL_MS = 500;
const PROGRESS_MS = 250;

function terminal(run: RunRecord): boolean {
  return run.status !== 'queued' && run.status !== 'running';
}

function resultOf(run: RunRecord): RunJobResult {
  const status = run.status === 'succeeded' || run.status === 'cancelled' ? run.status : 'failed';
  return { status, ...(run.error ? { error: { code: run.error.code, message: run.error.message } } : {}) };
}

/** Progress updates at most every 250 ms (a 1M-row run reports ~1000 batches), plus every stage change. */
function throttled(send: (progress: Record<string, JsonValue>) => void): (progress: Record<string, JsonValue>) => void {
  let last = 0;
  let lastStage: unknown;
  return (progress) => {
    const now = Date.now();
    if (progress.stage === lastStage && now - last < PROGRESS_MS) return;
    last = now;
    lastStage = progress.stage;
    send(progress);
  };
}

export function startRunWorker(options: RunWorkerOptions): RunWorkerHost {
  const tuning = { ...DEFAULT_TUNING, ...options.tuning };
  const log = options.log ?? SILENT;
  const retry: RetryOptions = { onRetry: (error, attempt) => log.warn({ err: error, attempt }, 'database unreachable; retrying') };
  const store = resilientStore(options.store, retry);
  const { artifacts, handlers, redis } = options;
  const keepFinished = options.keepFinishedSeconds ?? 3600;
  const connection = connectionOptions(redis, 'worker');
  const flags = new Redis(redis.url, { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(200 * times, 2000) });
  flags.on('error', () => {}); // reconnects by itself; the workers log the outage once
  const chunkQueue = new Queue(CHUNK_QUEUE, { connection, prefix: redis.prefix });
  chunkQueue.on('error', () => {});
  const activeChunks = new Set<AbortController>();
  const shared = {
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 3,
    ...(options.name === undefined ? {} : { name: options.name }),
  };

  const cancelled = async (runId: string): Promise<boolean> => (await flags.exists(cancelKey(redis.prefix, runId))) === 1;

  /** Aborts `control` when the run's cancel flag appears; returns the stop function. */
  const watchCancel = (runId: string, control: AbortController): (() => void) => {
    const timer = setInterval(() => {
      cancelled(runId).then(
        (yes) => {
          if (yes) control.abort('cancel');
        },
        () => {},
      );
    }, CANCEL_POLL_MS);
    timer.unref();
    return () => clearInterval(timer);
  };

  const emitter =
    (run: RunRecord, job: RunJob) =>
    async (type: string, payload: Readonly<Record<string, JsonValue>>): Promise<void> => {
      await appendRunEventOnce(
        options.store,
        { type, runId: run.id, user: job.principal.id, role: job.principal.role, payload } as never,
        retry,
      );
    };

  const processRun = async (job: Job<RunJobState>, token?: string, signal?: AbortSignal): Promise<RunJobResult> => {
    const data = job.data;
    const runLog = { runId: data.runId, jobId: job.id, attempt: job.attemptsMade + 1 };
    let run = await store.runs.get(data.runId);
    if (run === undefined) {
      log.warn(runLog, 'run job without a run row; dropped');
      return { status: 'failed', error: { code: 'SDG_ERR_NOT_FOUND', message: `no run ${data.runId}` } };
    }
    if (terminal(run)) return resultOf(run);
    const control = new AbortController();
    signal?.addEventListener('abort', () => control.abort(signal.reason));
    const stopWatch = watchCancel(run.id, control);
    const publish = throttled((progress) => {
      job.updateProgress(progress).catch(() => {});
    });
    try {
      if (run.status === 'queued' && (await cancelled(run.id))) {
        const finished = await store.runs.finish(run.id, {
          status: 'cancelled',
          error: { code: 'SDG_ERR_CANCELLED', message: 'cancelled before it started' },
        });
        return resultOf(finished ?? run);
      }
      const step = data.step ?? 'start';
      const emit = emitter(run, data);
      if (step === 'start') {
        const spec = data.request.rowCount >= tuning.chunkFromRows ? chunkSpecOf(data.request) : undefined;
        if (spec === undefined) {
          log.info({ ...runLog, rows: run.rowCount }, 'run started');
          const finished = await handlers.execute(run, data, {
            signal: control.signal,
            publish: (update) => {
              if (update.type === 'progress')
                publish({ stage: update.stage, rowsDone: update.rowsDone, rowCount: update.rowCount, fraction: update.fraction });
            },
          });
          log.info({ ...runLog, status: finished.status, ms: finished.durationMs }, 'run finished');
          return resultOf(finished);
        }
        if (run.status === 'queued') run = (await store.runs.start(run.id)) ?? run;
        const startedAt = data.startedAt ?? Date.now();
        await emit('DataGenStarted', { ...eventBase(spec), source: data.source });
        const specRef = await artifacts.putBytes(JSON.stringify(spec));
        const chunks = Math.ceil(spec.rowCount / tuning.chunkRows);
        await chunkQueue.addBulk(
          Array.from({ length: chunks }, (_, index) => {
            const start = index * tuning.chunkRows;
            const chunk: ChunkJob = {
              runId: run!.id,
              index,
              start,
              count: Math.min(tuning.chunkRows, spec.rowCount - start),
              spec: specRef.digest,
            };
            return {
              name: 'chunk',
              data: chunk,
              opts: {
                jobId: chunkJobId(run!.id, index),
                parent: { id: job.id!, queue: job.queueQualifiedName },
                ignoreDependencyOnFailure: true,
                attempts: tuning.attempts,
                backoff: { type: 'exponential', delay: tuning.backoffMs },
                removeOnComplete: { age: keepFinished },
                removeOnFail: { age: keepFinished },
              },
            };
          }),
        );
        await job.updateData({ ...data, step: 'chunks', spec: specRef.digest, startedAt, chunks });
        log.info({ ...runLog, rows: spec.rowCount, chunks }, 'run split into chunks');
        publish({ stage: 'generate', rowsDone: 0, rowCount: spec.rowCount, fraction: 0 });
        if (await job.moveToWaitingChildren(token!)) throw new WaitingChildrenError();
      }
      const state = job.data;
      if (state.spec === undefined || state.startedAt === undefined || state.chunks === undefined)
        throw new SdgError('SDG_ERR_INTERNAL', `run job ${job.id} reached its last step without its chunk plan`);
      const spec = await loadSpec(artifacts, state.spec);
      const outcomes = Object.values(await job.getChildrenValues<ChunkOutcome>());
      const deps: FinalizeDeps = {
        store,
        artifacts,
        emit,
        report: handlers.report,
        piiSummary: handlers.piiSummary,
        progress: (stage) =>
          publish({
            stage,
            rowsDone: spec.rowCount,
            rowCount: spec.rowCount,
            fraction: stage === 'evaluate' ? 0.92 : stage === 'visualize' ? 0.95 : 1,
          }),
      };
      try {
        const result = await finalizeChunkedRun(deps, run, data.request, spec, outcomes, {
          startedAt: state.startedAt,
          chunks: state.chunks,
          cancelled: control.signal.aborted || (await cancelled(run.id)),
        });
        log.info({ ...runLog, status: result.status, ms: Date.now() - state.startedAt }, 'chunked run finished');
        return result;
      } catch (error) {
        // A join or merge that cannot succeed (not a lost connection) fails the run instead of retrying forever.
        if (!(error instanceof SdgError) || error.code === 'SDG_ERR_IO') throw error;
        return failChunkedRun(deps, run, spec, error.toJSON().error, {
          rowsDone: spec.rowCount,
          stage: 'evaluate',
          startedAt: state.startedAt,
        });
      }
    } catch (error) {
      if (!(error instanceof WaitingChildrenError)) log.error({ ...runLog, err: error }, 'run job failed; BullMQ retries it');
      throw error;
    } finally {
      stopWatch();
    }
  };

  const processChunkJob = async (job: Job<ChunkJob>, token?: string, signal?: AbortSignal): Promise<ChunkOutcome> => {
    const data = job.data;
    const control = new AbortController();
    signal?.addEventListener('abort', () => control.abort(signal.reason));
    activeChunks.add(control);
    const stopWatch = watchCancel(data.runId, control);
    try {
      if (await cancelled(data.runId)) return { index: data.index, cancelled: true };
      const chunkLog = { runId: data.runId, chunk: data.index, rows: data.count, attempt: job.attemptsMade + 1 };
      log.info(chunkLog, 'chunk started');
      const started = Date.now();
      const outcome = await processChunk(artifacts, data, {
        signal: control.signal,
        progress: (rowsDone) => {
          job.updateProgress({ runId: data.runId, index: data.index, rowsDone, rowCount: data.count }).catch(() => {});
        },
      });
      if ('cancelled' in outcome && control.signal.reason === HANDOVER) {
        log.info({ runId: data.runId, chunk: data.index }, 'chunk handed back to the queue');
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
      log.info(
        { ...chunkLog, ms: Date.now() - started, outcome: 'dataset' in outcome ? 'done' : 'cancelled' in outcome ? 'cancelled' : 'failed' },
        'chunk finished',
      );
      return outcome;
    } finally {
      stopWatch();
      activeChunks.delete(control);
    }
  };

  const runs = new Worker<RunJobState, RunJobResult>(RUN_QUEUE, processRun, {
    connection,
    prefix: redis.prefix,
    concurrency: options.concurrency ?? 1,
    ...shared,
  });
  const chunks = new Worker<ChunkJob, ChunkOutcome>(CHUNK_QUEUE, processChunkJob, {
    connection,
    prefix: redis.prefix,
    concurrency: options.chunkConcurrency ?? 1,
    ...shared,
  });
  for (const worker of [runs, chunks]) {
    let down = false;
    worker.on('error', (error) => {
      if (down) return;
      down = true;
      log.error({ err: error, queue: worker.name }, 'queue error (Redis unreachable?); reconnecting');
    });
    worker.on('ready', () => {
      if (down) log.info({ queue: worker.name }, 'queue reachable again');
      down = false;
    });
    worker.on('failed', (job, error) => {
      if (job !== undefined) log.warn({ jobId: job.id, attempt: job.attemptsMade, err: error.message }, 'job attempt failed');
    });
  }

  let closing: Promise<void> | undefined;
  return {
    runs,
    chunks,
    async ping() {
      await flags.ping();
    },
    close() {
      closing ??= (async () => {
        const handover = setTimeout(() => {
          for (const control of activeChunks) control.abort(HANDOVER);
        }, options.handoverMs ?? 10_000);
        try {
          await Promise.all([runs.close(), chunks.close()]);
        } finally {
          clearTimeout(handover);
        }
        await chunkQueue.close();
        flags.disconnect();
      })();
      return closing;
    },
  };
}
