/**
 * Progress of a background run, from its server-sent events (queued → progress by stage → done). If the
 * stream breaks (a proxy, a restart) it falls back to polling the run, so the page always reaches the end.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api, serverEvents } from '../api/client';
import type { Run, RunUpdate } from '../api/types';
import { formatInt } from '../lib/format';

const STAGES: Record<string, string> = {
  infer: 'Learning from the sample',
  generate: 'Generating rows',
  write: 'Writing the dataset',
  scan: 'Scanning for PII',
  profile: 'Profiling columns',
  evaluate: 'Evaluating quality',
  visualize: 'Drawing charts',
};

export function RunProgress({ runId, eventsUrl, onDone }: { runId: string; eventsUrl: string; onDone: (run: Run) => void }): ReactNode {
  const [update, setUpdate] = useState<RunUpdate>({ type: 'queued' });
  // onDone is a fresh closure each render; the stream must not restart for it.
  const done = useRef(onDone);
  done.current = onDone;
  useEffect(() => {
    const onDone = (run: Run): void => done.current(run);
    const controller = new AbortController();
    const finish = async (): Promise<void> => {
      if (!controller.signal.aborted) onDone(await api.get<Run>(`/api/runs/${runId}`, { signal: controller.signal }));
    };
    const poll = async (): Promise<void> => {
      for (;;) {
        const run = await api.get<Run>(`/api/runs/${runId}`, { signal: controller.signal });
        if (run.status !== 'queued' && run.status !== 'running') return onDone(run);
        setUpdate({ type: 'progress', stage: run.status });
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    };
    (async () => {
      try {
        for await (const event of serverEvents<RunUpdate>(eventsUrl, controller.signal)) {
          setUpdate(event.data);
          if (event.data.type === 'done') return finish();
        }
        await finish();
      } catch {
        if (!controller.signal.aborted) await poll().catch(() => undefined);
      }
    })();
    return () => controller.abort();
  }, [runId, eventsUrl]);

  const fraction = update.type === 'progress' && typeof update.fraction === 'number' ? update.fraction : undefined;
  const label =
    update.type === 'queued'
      ? `Queued${typeof update.position === 'number' && update.position > 0 ? ` (position ${update.position})` : ''}`
      : update.type === 'done'
        ? 'Finishing…'
        : `${STAGES[update.stage ?? ''] ?? update.stage ?? 'Running'}${update.rowsDone !== undefined && update.rowCount ? ` — ${formatInt(update.rowsDone)} of ${formatInt(update.rowCount)} rows` : ''}`;
  return (
    <div className="progress-box" data-testid="run-progress">
      <label className="progress-label" htmlFor={`progress-${runId}`}>
        {label}
      </label>
      <progress id={`progress-${runId}`} max={1} {...(fraction === undefined ? {} : { value: fraction })} aria-valuetext={label}>
        {fraction === undefined ? '' : `${Math.round(fraction * 100)}%`}
      </progress>
      <p className="sr-only" aria-live="polite">
        {label}
      </p>
    </div>
  );
}
