/**
 * The API side of the distributed queue: a RunQueue on BullMQ. `submit` adds a run job (job id = run id, so
 * a second submit of one run is the same job); `synthdatagen worker` processes execute it. The queue's events
 * (QueueEvents, read from Redis streams, so they arrive from any worker on any machine) become the run
 * updates the server streams as server-sent events: a chunked run's progress is the sum of its chunks'.
 *
 * Bounded: when the runs queued, waiting or running reach `maxQueued`, submit refuses with
 * SDG_ERR_QUEUE_FULL and a Retry-After, as the in-process queue does. The count and the add are two Redis
 * calls, so concurrent submits may overshoot the bound by the number of API processes (each checks alone).
 */
import { Queue, QueueEvents, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { SdgError } from '../core/index.js';
import { CHUNK_QUEUE, RUN_QUEUE, cancelKey, type RunJob, type RunJobResult } from './contracts.js';
import type { RunQueue, RunTask, RunUpdate } from './local-queue.js';
import { connectionOptions, DEFAULT_TUNING, type QueueTuning, type RedisSettings } from './redis.js';

export interface BullQueueOptions {
  readonly redis: RedisSettings;
  /** Runs queued or running at once before submits are refused (429). */
  readonly maxQueued: number;
  readonly retryAfterSeconds?: number;
  readonly tuning?: Partial<QueueTuning>;
  /** Seconds finished jobs stay in Redis (default 3600). */
  readonly keepFinishedSeconds?: number;
}

/** A run job's state as the reconciler sees it. */
export type RunJobState = 'missing' | 'queued' | 'running' | 'completed' | 'failed';

const LIVE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

function unavailable(error: unknown): SdgError {
  return new SdgError('SDG_ERR_UNAVAILABLE', `the job queue (Redis) is unreachable: ${(error as Error).message}`, {
    cause: error,
    hint: 'retry in a few seconds; check REDIS_URL and that Redis is running',
  });
}

export class BullRunQueue implements RunQueue {
  readonly runs: Queue;
  private readonly chunks: Queue;
  private readonly runEvents: QueueEvents;
  private readonly chunkEvents: QueueEvents;
  private readonly flags: Redis;
  private readonly tuning: QueueTuning;
  private readonly listeners = new Map<string, Set<(update: RunUpdate) => void>>();
  /** Rows done per chunk of the runs someone is watching. */
  private readonly chunkRows = new Map<string, Map<number, number>>();
  private readonly rowCounts = new Map<string, number>();
  private counts = { pending: 0, active: 0 };
  private readonly refresh: NodeJS.Timeout;
  private draining = false;

  constructor(private readonly options: BullQueueOptions) {
    const { redis } = options;
    this.tuning = { ...DEFAULT_TUNING, ...options.tuning };
    const client = connectionOptions(redis, 'client');
    const reader = connectionOptions(redis, 'worker');
    this.runs = new Queue(RUN_QUEUE, { connection: client, prefix: redis.prefix });
    this.chunks = new Queue(CHUNK_QUEUE, { connection: client, prefix: redis.prefix });
    this.runEvents = new QueueEvents(RUN_QUEUE, { connection: reader, prefix: redis.prefix });
    this.chunkEvents = new QueueEvents(CHUNK_QUEUE, { connection: reader, prefix: redis.prefix });
    this.flags = new Redis(redis.url, { maxRetriesPerRequest: 1, retryStrategy: (times) => Math.min(200 * times, 2000) });
    // Outages show in readiness and in the errors of the calls that meet them; the clients reconnect alone.
    this.runs.on('error', () => {});
    this.chunks.on('error', () => {});
    this.runEvents.on('error', () => {});
    this.chunkEvents.on('error', () => {});
    this.flags.on('error', () => {});

    this.runEvents.on('progress', ({ jobId, data }) => {
      if (typeof data === 'object' && data !== null) this.publish(jobId, progressUpdate(data as Record<string, unknown>));
    });
    this.runEvents.on('active', ({ jobId }) =>
      this.publish(jobId, { type: 'progress', stage: 'prepare', rowsDone: 0, rowCount: this.rowCounts.get(jobId) ?? 0, fraction: 0 }),
    );
    this.runEvents.on('completed', ({ jobId, returnvalue }) => this.publishDone(jobId, returnvalue as unknown as RunJobResult));
    this.runEvents.on('failed', ({ jobId, failedReason }) => {
      // Also emitted for an attempt BullMQ will retry: only a job left in `failed` is done.
      void this.runs.getJobState(jobId).then(
        (state) => {
          if (state === 'failed')
            this.publishDone(jobId, { status: 'failed', error: { code: 'SDG_ERR_UNAVAILABLE', message: failedReason } });
        },
        () => {},
      );
    });
    this.runEvents.on('removed', ({ jobId }) => this.publishDone(jobId, { status: 'cancelled' }));
    this.chunkEvents.on('progress', ({ data }) => {
      if (typeof data !== 'object' || data === null) return;
      const { runId, index, rowsDone } = data as { runId?: unknown; index?: unknown; rowsDone?: unknown };
      if (typeof runId !== 'string' || typeof index !== 'number' || typeof rowsDone !== 'number') return;
      const rows = this.chunkRows.get(runId);
      if (rows === undefined) return; // nobody is watching this run here
      rows.set(index, rowsDone);
      const total = this.rowCounts.get(runId) ?? 0;
      let done = 0;
      for (const n of rows.values()) done += n;
      this.publish(runId, {
        type: 'progress',
        stage: 'generate',
        rowsDone: done,
        rowCount: total,
        fraction: total === 0 ? 0 : 0.9 * (done / total),
      });
    });
    this.refresh = setInterval(() => void this.refreshCounts(), 2000);
    this.refresh.unref();
  }

  get pending(): number {
    return this.counts.pending;
  }

  get active(): number {
    return this.counts.active;
  }

  /** Checks Redis answers (readiness). */
  async ping(): Promise<boolean> {
    try {
      return (await this.flags.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  private async refreshCounts(): Promise<void> {
    try {
      const counts = await this.runs.getJobCounts(...LIVE_STATES);
      this.counts = {
        pending: (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0),
        active: (counts.active ?? 0) + (counts['waiting-children'] ?? 0),
      };
    } catch {
      // Redis away: keep the last counts; readiness reports the outage.
    }
  }

  /** Queues the run (the in-process `task` is not used: a worker process executes `job`). */
  async submit(id: string, _task: RunTask, job?: RunJob): Promise<void> {
    if (job === undefined) throw new SdgError('SDG_ERR_INTERNAL', 'the distributed queue needs the run job data');
    if (this.draining)
      throw new SdgError('SDG_ERR_UNAVAILABLE', 'the server is shutting down', {
        hint: 'retry against another instance or after the restart',
      });
    let live: number;
    try {
      const counts = await this.runs.getJobCounts(...LIVE_STATES);
      live = Object.values(counts).reduce((n, c) => n + (c ?? 0), 0);
    } catch (error) {
      throw unavailable(error);
    }
    if (live >= this.options.maxQueued)
      throw Object.assign(
        new SdgError('SDG_ERR_QUEUE_FULL', `the run queue is full (${this.options.maxQueued} runs queued or running)`, {
          hint: 'retry after the Retry-After delay, or split the work into fewer, larger runs',
        }),
        { retryAfterSeconds: this.options.retryAfterSeconds ?? 5 },
      );
    await this.add(job);
    this.counts = { ...this.counts, pending: this.counts.pending + 1 };
  }

  /** Adds the job without the bound (the reconciler re-queues runs Redis lost; they were admitted once). */
  async add(job: RunJob): Promise<void> {
    const keep = this.options.keepFinishedSeconds ?? 3600;
    this.rowCounts.set(job.runId, job.request.rowCount);
    try {
      await this.runs.add('run', job, {
        jobId: job.runId,
        attempts: this.tuning.attempts,
        backoff: { type: 'exponential', delay: this.tuning.backoffMs },
        removeOnComplete: { age: keep },
        removeOnFail: { age: keep },
      });
    } catch (error) {
      throw unavailable(error);
    }
  }

  /**
   * Cancels a run anywhere: the cancel flag reaches the worker running it (or its chunks); a run still
   * waiting is removed outright. False when the job was removed before any worker took it (the caller then
   * records the run as cancelled), true when a worker will.
   */
  async cancel(id: string): Promise<boolean> {
    try {
      await this.flags.set(cancelKey(this.options.redis.prefix, id), '1', 'EX', 86_400);
      const job = await this.runs.getJob(id);
      if (job === undefined) return false;
      const state = await job.getState();
      if (state === 'completed' || state === 'failed') return false;
      if (state === 'waiting' || state === 'delayed' || state === 'prioritized') {
        try {
          await job.remove();
          this.publishDone(id, { status: 'cancelled' });
          return false;
        } catch {
          return true; // a worker took it meanwhile; it sees the flag
        }
      }
      return true;
    } catch (error) {
      throw unavailable(error);
    }
  }

  subscribe(id: string, listener: (update: RunUpdate) => void): () => void {
    let set = this.listeners.get(id);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(id, set);
      this.chunkRows.set(id, new Map());
    }
    set.add(listener);
    void this.current(id).then((update) => {
      if (update !== undefined && set.has(listener)) listener(update);
    });
    return () => {
      set.delete(listener);
      if (set.size === 0) {
        this.listeners.delete(id);
        this.chunkRows.delete(id);
      }
    };
  }

  /** The run's state now (for a subscriber that arrives late). */
  private async current(id: string): Promise<RunUpdate | undefined> {
    try {
      const job = (await this.runs.getJob(id)) as Job<RunJob, RunJobResult> | undefined;
      if (job === undefined) return undefined;
      this.rowCounts.set(id, job.data.request.rowCount);
      const state = await job.getState();
      if (state === 'completed') return doneUpdate(job.returnvalue);
      if (state === 'failed') return { type: 'done', status: 'failed', error: { code: 'SDG_ERR_UNAVAILABLE', message: job.failedReason } };
      if (state === 'active' || state === 'waiting-children') {
        const progress = job.progress;
        return typeof progress === 'object' && progress !== null
          ? progressUpdate(progress as Record<string, unknown>)
          : { type: 'progress', stage: 'prepare', rowsDone: 0, rowCount: job.data.request.rowCount, fraction: 0 };
      }
      const waiting = await this.runs.getWaitingCount();
      return { type: 'queued', position: Math.max(1, waiting) };
    } catch {
      return undefined;
    }
  }

  /** Where the run's job is, for the reconciler. */
  async jobState(id: string): Promise<{ state: RunJobState; reason?: string }> {
    const job = await this.runs.getJob(id);
    if (job === undefined) return { state: 'missing' };
    const state = await job.getState();
    if (state === 'completed') return { state: 'completed' };
    if (state === 'failed') return { state: 'failed', reason: job.failedReason };
    if (state === 'active' || state === 'waiting-children') return { state: 'running' };
    if (state === 'unknown') return { state: 'missing' };
    return { state: 'queued' };
  }

  private publish(id: string, update: RunUpdate): void {
    const set = this.listeners.get(id);
    if (set === undefined) return;
    for (const listener of [...set]) listener(update);
  }

  private publishDone(id: string, result: RunJobResult | undefined): void {
    this.publish(id, doneUpdate(result));
    this.rowCounts.delete(id);
  }

  /** Stops watching Redis (the workers, elsewhere, carry on with the queued runs). */
  async drain(): Promise<void> {
    this.draining = true;
    clearInterval(this.refresh);
    await Promise.allSettled([this.runEvents.close(), this.chunkEvents.close(), this.runs.close(), this.chunks.close()]);
    this.flags.disconnect();
  }
}

function doneUpdate(result: RunJobResult | undefined): RunUpdate {
  const status = result?.status ?? 'failed';
  return { type: 'done', status, ...(result?.error ? { error: result.error } : {}) };
}

function progressUpdate(data: Record<string, unknown>): RunUpdate {
  const number = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  return {
    type: 'progress',
    stage: typeof data.stage === 'string' ? data.stage : 'generate',
    rowsDone: number(data.rowsDone),
    rowCount: number(data.rowCount),
    fraction: number(data.fraction),
  };
}
