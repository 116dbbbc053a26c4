/**
 * Submitting a pipeline run from a tool: the service decides sync or background (as for REST); a background
 * run is awaited only when the client asked for progress, so its progress bar moves and its request timeout
 * keeps being reset. Otherwise the tool answers at once with the queued run and how to follow it.
 */
import type { Chart } from '../../visualize/index.js';
import type { PipelineBody } from '../../service/index.js';
import type { RunRecord } from '../../store/index.js';
import { describeError, ToolError } from '../errors.js';
import { SdgError, ERROR_CODES, type ErrorCode } from '../../core/index.js';
import type { ToolContext } from './types.js';

export interface Submitted {
  readonly run: RunRecord;
  readonly charts?: readonly Chart[];
  /** True when the run went to the background and is not finished yet. */
  readonly pending: boolean;
}

async function waitFor(runId: string, context: ToolContext): Promise<void> {
  const { service, principal, limits, signal } = context;
  let last = -1;
  await new Promise<void>((resolve) => {
    let stop: () => void = () => {};
    const timer = setTimeout(finish, limits.maxWaitMs);
    function finish(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      stop();
      resolve();
    }
    signal.addEventListener('abort', finish);
    void service
      .subscribe(principal, runId, (update) => {
        if (update.type === 'done') return finish();
        if (update.type === 'progress' && context.progress) {
          // Progress must increase with every notification; stages may restart their own counters.
          const percent = Math.round(update.fraction * 1000) / 10;
          if (percent <= last) return;
          last = percent;
          void context.progress(percent, 100, `${update.stage}: ${update.rowsDone} of ${update.rowCount} rows`).catch(() => undefined);
        }
      })
      .then((unsubscribe) => {
        stop = unsubscribe;
      }, finish);
  });
}

/** Runs the pipeline for a tool; a run that fails becomes an isError result that names its run id. */
export async function submitRun(body: PipelineBody, context: ToolContext): Promise<Submitted> {
  const outcome = await context.service.submitPipeline(context.principal, body);
  let run = outcome.run;
  if (outcome.mode === 'async' && context.progress) {
    await context.log('info', `run ${run.id} queued (${run.rowCount} rows); waiting for it with progress`);
    await waitFor(run.id, context);
    run = await context.service.getRun(context.principal, run.id);
  }
  if (run.status === 'failed' || run.status === 'cancelled') {
    const error = run.error ?? { code: 'SDG_ERR_INTERNAL', message: `the run ${run.status}` };
    const code = (error.code in ERROR_CODES ? error.code : 'SDG_ERR_GENERATION_FAILED') as ErrorCode;
    const sdgError = new SdgError(code, error.message, {
      ...(error.pointer === undefined ? {} : { pointer: error.pointer }),
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    });
    throw new ToolError(describeError(sdgError, { runId: run.id }));
  }
  return { run, ...(outcome.charts ? { charts: outcome.charts } : {}), pending: run.status === 'queued' || run.status === 'running' };
}

export function pendingAdvice(run: RunRecord): string {
  return `Run ${run.id} is ${run.status} in the background (${run.rowCount} rows). Call get_run with runId "${run.id}" until its status is succeeded, then read its dataset and report resources; for very large datasets, generate several smaller runs with different seeds.`;
}
