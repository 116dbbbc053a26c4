/**
 * The in-process run queue: the embedded default when no Redis is configured. Bounded (a full queue is
 * refused, never grown), a fixed number of runs at once, cancellable, and observable: each run publishes
 * its progress to subscribers (the server turns that into server-sent events). A subscriber that arrives
 * late gets the last update first, so a client that connects after a fast run still sees how it ended.
 */
import { SdgError } from '../core/index.js';
import type { RunJob } from './contracts.js';

export type RunUpdate =
  | { readonly type: 'queued'; readonly position: number }
  | { readonly type: 'progress'; readonly stage: string; readonly rowsDone: number; readonly rowCount: number; readonly fraction: number }
  | {
      readonly type: 'done';
      readonly status: 'succeeded' | 'failed' | 'cancelled';
      readonly error?: { readonly code: string; readonly message: string };
    };

export type RunTask = (signal: AbortSignal, publish: (update: RunUpdate) => void) => Promise<void>;

interface Entry {
  readonly id: string;
  readonly task: RunTask;
  readonly controller: AbortController;
  last: RunUpdate;
  running: boolean;
  readonly listeners: Set<(update: RunUpdate) => void>;
}

export interface RunQueue {
  /**
   * Queues a run. The in-process queue runs `task`; a distributed queue (BullMQ) ships `job` to a worker
   * process instead, which is why both are given. Throws SDG_ERR_QUEUE_FULL (with retryAfterSeconds) when full.
   */
  submit(id: string, task: RunTask, job?: RunJob): void | Promise<void>;
  /** True when the run is known and will end as cancelled by itself; false when the caller must record it. */
  cancel(id: string): boolean | Promise<boolean>;
  subscribe(id: string, listener: (update: RunUpdate) => void): (() => void) | null;
  readonly pending: number;
  readonly active: number;
  /** Stops taking runs and waits for those in flight (graceful shutdown). */
  drain(): Promise<void>;
}

export interface LocalQueueOptions {
  readonly concurrency: number;
  /** Runs queued or running at once; more are refused with SDG_ERR_QUEUE_FULL. */
  readonly maxQueued: number;
  /** Seconds a client is told to wait when the queue is full (Retry-After). */
  readonly retryAfterSeconds?: number;
}

/** How long finished runs stay subscribable (a client polling after the end still gets the outcome). */
const KEEP_FINISHED_MS = 5 * 60_000;

export class LocalRunQueue implements RunQueue {
  private readonly waiting: Entry[] = [];
  private readonly entries = new Map<string, Entry>();
  private running = 0;
  private draining = false;
  private readonly idle = new Set<() => void>();

  constructor(private readonly options: LocalQueueOptions) {}

  get pending(): number {
    return this.waiting.length;
  }

  get active(): number {
    return this.running;
  }

  submit(id: string, task: RunTask): void {
    if (this.draining)
      throw new SdgError('SDG_ERR_UNAVAILABLE', 'the server is shutting down', {
        hint: 'retry against another instance or after the restart',
      });
    if (this.entries.has(id)) return; // idempotent: the same run id is one run
    if (this.waiting.length + this.running >= this.options.maxQueued) {
      throw Object.assign(
        new SdgError('SDG_ERR_QUEUE_FULL', `the run queue is full (${this.options.maxQueued} runs queued or running)`, {
          hint: 'retry after the Retry-After delay, or split the work into fewer, larger runs',
        }),
        { retryAfterSeconds: this.options.retryAfterSeconds ?? 5 },
      );
    }
    const entry: Entry = {
      id,
      task,
      controller: new AbortController(),
      last: { type: 'queued', position: this.waiting.length + 1 },
      running: false,
      listeners: new Set(),
    };
    this.entries.set(id, entry);
    this.waiting.push(entry);
    this.pump();
  }

  cancel(id: string): boolean {
    const entry = this.entries.get(id);
    if (entry === undefined || entry.last.type === 'done') return false;
    entry.controller.abort();
    const at = this.waiting.indexOf(entry);
    if (at >= 0) {
      this.waiting.splice(at, 1);
      this.publish(entry, { type: 'done', status: 'cancelled' });
      this.forgetLater(entry);
    }
    return true;
  }

  subscribe(id: string, listener: (update: RunUpdate) => void): (() => void) | null {
    const entry = this.entries.get(id);
    if (entry === undefined) return null;
    listener(entry.last);
    if (entry.last.type === 'done') return () => {};
    entry.listeners.add(listener);
    return () => entry.listeners.delete(listener);
  }

  /** The aborted signal of a queued-then-cancelled run, for tasks that start late. */
  signalOf(id: string): AbortSignal | undefined {
    return this.entries.get(id)?.controller.signal;
  }

  async drain(): Promise<void> {
    this.draining = true;
    for (const entry of this.waiting.splice(0)) {
      entry.controller.abort();
      this.publish(entry, {
        type: 'done',
        status: 'cancelled',
        error: { code: 'SDG_ERR_UNAVAILABLE', message: 'the server shut down before the run started' },
      });
    }
    if (this.running === 0) return;
    await new Promise<void>((resolve) => this.idle.add(resolve));
  }

  private publish(entry: Entry, update: RunUpdate): void {
    entry.last = update;
    for (const listener of entry.listeners) listener(update);
    if (update.type === 'done') entry.listeners.clear();
  }

  private forgetLater(entry: Entry): void {
    setTimeout(() => this.entries.delete(entry.id), KEEP_FINISHED_MS).unref();
  }

  private pump(): void {
    while (this.running < this.options.concurrency && this.waiting.length > 0) {
      const entry = this.waiting.shift()!;
      this.waiting.forEach((e, i) => this.publish(e, { type: 'queued', position: i + 1 }));
      this.running++;
      entry.running = true;
      void this.execute(entry);
    }
  }

  private async execute(entry: Entry): Promise<void> {
    let outcome: RunUpdate = { type: 'done', status: 'succeeded' };
    try {
      await entry.task(entry.controller.signal, (update) => {
        if (update.type !== 'done') this.publish(entry, update);
      });
      if (entry.controller.signal.aborted) outcome = { type: 'done', status: 'cancelled' };
    } catch (error) {
      const code = error instanceof SdgError ? error.code : 'SDG_ERR_INTERNAL';
      const message = error instanceof Error ? error.message : String(error);
      outcome = { type: 'done', status: code === 'SDG_ERR_CANCELLED' ? 'cancelled' : 'failed', error: { code, message } };
    } finally {
      this.running--;
      entry.running = false;
    }
    this.publish(entry, outcome);
    this.forgetLater(entry);
    if (this.running === 0 && this.waiting.length === 0) for (const resolve of this.idle) resolve();
    if (!this.draining) this.pump();
  }
}
