/**
 * The database is the truth about runs; Redis only carries them. The reconciler (run by every API process in
 * distributed mode) compares the two and repairs what a crash or a Redis restart left behind:
 *
 *   run queued/running, job missing twice in a row   → queue the run again from its stored request
 *                                                       (or fail it when that is impossible: a sample run,
 *                                                       whose rows are never stored)
 *   run queued/running, job failed for good          → fail the run (DataGenFailed, once)
 *   run queued/running, job completed                → fail the run (the worker lost its last write)
 *
 * "Twice in a row" leaves a run that was just created time to get its job (the API records the run before
 * it adds the job). Re-queueing is safe even if the job reappears: its id is the run id.
 *
 * Small runs execute inside an API request and never have a job; they are recorded `running` from the start
 * (startedAt = createdAt). Such a run is only taken for lost when it is older than `staleSyncMs`: its API
 * process died with it, and a worker then runs it again from the stored request.
 */
import type { JsonValue } from '../core/index.js';
import type { RunRecord, Store } from '../store/index.js';
import type { BullRunQueue } from './bullmq-queue.js';
import type { RunJob } from './contracts.js';
import { appendRunEventOnce } from './resilience.js';
import type { JobLog } from './worker-host.js';

export interface ReconcilerOptions {
  readonly store: Store;
  readonly queue: BullRunQueue;
  /** The run's job rebuilt from the database; undefined when it cannot be (the caller's data is gone). */
  readonly rebuild: (run: RunRecord) => Promise<RunJob | undefined>;
  /** Between scans (default 15 s). */
  readonly intervalMs?: number;
  /** Age from which a run executed in a request (no job) counts as lost with its process (default 10 min). */
  readonly staleSyncMs?: number;
  readonly log?: JobLog;
}

export interface ReconcileReport {
  readonly checked: number;
  readonly requeued: string[];
  readonly failed: string[];
}

export interface Reconciler {
  /** One pass now (also what the timer runs). */
  scan(): Promise<ReconcileReport>;
  stop(): void;
}

export function startReconciler(options: ReconcilerOptions): Reconciler {
  const { store, queue } = options;
  let suspects = new Set<string>();
  let running: Promise<ReconcileReport> | undefined;

  const fail = async (run: RunRecord, error: { code: string; message: string; hint?: string }): Promise<void> => {
    const finished = await store.runs.finish(run.id, { status: 'failed', error });
    if (finished === undefined) return;
    await appendRunEventOnce(store, {
      type: 'DataGenFailed',
      runId: run.id,
      user: run.userId,
      role: run.role,
      payload: { error: { code: error.code, message: error.message }, stage: 'queue' },
    });
  };

  const pass = async (): Promise<ReconcileReport> => {
    const report: ReconcileReport = { checked: 0, requeued: [], failed: [] };
    const missing = new Set<string>();
    let cursor: string | null | undefined;
    do {
      const page = await store.runs.list({ status: ['queued', 'running'], limit: 200, order: 'asc', ...(cursor ? { cursor } : {}) });
      for (const run of page.items) {
        (report as { checked: number }).checked++;
        const inRequest = run.startedAt !== null && run.startedAt === run.createdAt;
        if (inRequest && Date.now() - Date.parse(run.createdAt) < (options.staleSyncMs ?? 600_000)) continue;
        const { state, reason } = await queue.jobState(run.id);
        if (state === 'missing') {
          if (!suspects.has(run.id)) {
            missing.add(run.id);
            continue;
          }
          const job = await options.rebuild(run);
          if (job === undefined) {
            await fail(run, {
              code: 'SDG_ERR_UNAVAILABLE',
              message: 'the job queue lost this run and it cannot be rebuilt (its sample is not stored)',
              hint: 'run it again with the same sample and seed',
            });
            report.failed.push(run.id);
          } else {
            await queue.add(job);
            report.requeued.push(run.id);
          }
        } else if (state === 'failed' || state === 'completed') {
          await fail(run, {
            code: 'SDG_ERR_UNAVAILABLE',
            message:
              state === 'failed'
                ? `the run's job failed on every attempt: ${reason ?? 'unknown error'}`
                : 'the worker ended the job without recording the run',
            hint: 'run it again: the same seed gives the same data',
          });
          report.failed.push(run.id);
        }
      }
      cursor = page.nextCursor;
    } while (cursor !== null);
    suspects = missing;
    if (report.requeued.length + report.failed.length > 0)
      options.log?.warn(
        { requeued: report.requeued, failed: report.failed } as Record<string, JsonValue>,
        'reconciled runs with the job queue',
      );
    return report;
  };

  const scan = (): Promise<ReconcileReport> => {
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  };

  const timer = setInterval(() => {
    scan().catch((error: unknown) => options.log?.warn({ err: error }, 'reconciler pass failed (database or Redis away); will retry'));
  }, options.intervalMs ?? 15_000);
  timer.unref();
  return {
    scan,
    stop: () => clearInterval(timer),
  };
}
