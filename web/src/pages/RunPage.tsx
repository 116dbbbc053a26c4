/**
 * One run: its parameters, schema fingerprint and timings, the results (evaluation, PII, charts, downloads)
 * and the self-contained HTML report embedded in a sandboxed frame (no scripts can run in it). The report is
 * loaded when asked for, because reading it is an audited export.
 */
import { useState, type ReactNode } from 'react';
import { api, fetchText } from '../api/client';
import type { Run, SchemaRecord } from '../api/types';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { RunOutcome } from '../components/RunResult';
import { RunProgress } from '../components/RunProgress';
import { ErrorNotice, Spinner, StatusBadge, TableScroll } from '../components/ui';
import { formatDate, formatInt, formatMs } from '../lib/format';
import { useLoad } from '../lib/hooks';

const STAGE_LABELS: Record<string, string> = {
  inferMs: 'Infer from sample',
  generateMs: 'Generate',
  writeMs: 'Write',
  scanMs: 'PII scan',
  profileMs: 'Profile',
  evaluateMs: 'Evaluate',
  visualizeMs: 'Charts',
  totalMs: 'Total',
};

function Timings({ timings }: { timings: Readonly<Record<string, number>> }): ReactNode {
  // A stage that did not run (inference without a sample) is 0 ms: not worth a row.
  const entries = Object.entries(timings).filter(([stage, ms]) => ms > 0 || stage === 'totalMs');
  const total = timings.totalMs ?? Math.max(...entries.map(([, v]) => v));
  return (
    <TableScroll label="Timings">
      <table className="table table-compact timings">
        <caption className="sr-only">Time per stage</caption>
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col" className="num">
              Time
            </th>
            <th scope="col">
              <span className="sr-only">Share of total</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([stage, ms]) => (
            <tr key={stage}>
              <th scope="row">{STAGE_LABELS[stage] ?? stage}</th>
              <td className="num">{formatMs(ms)}</td>
              <td className="bar-cell" aria-hidden="true">
                <span className="bar" style={{ width: `${total > 0 ? Math.min(100, (ms / total) * 100) : 0}%` }} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function Report({ run }: { run: Run }): ReactNode {
  const [html, setHtml] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  if (!run.reportHtmlUrl) return null;
  const show = async (): Promise<void> => {
    setLoading(true);
    setError(null);
    try {
      setHtml(await fetchText(run.reportHtmlUrl!));
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
    }
  };
  return (
    <section className="card" aria-labelledby="report-heading">
      <h2 id="report-heading">Report</h2>
      {html === null ? (
        <p>
          <button type="button" className="button-secondary" onClick={() => void show()} disabled={loading}>
            {loading ? 'Loading…' : 'Show the full report'}
          </button>{' '}
          <span className="muted small">Opening the report is recorded in the audit log.</span>
        </p>
      ) : (
        <iframe className="report-frame" title={`Quality report of run ${run.runId}`} sandbox="" srcDoc={html} data-testid="report-frame" />
      )}
      <ErrorNotice error={error} title="Could not load the report" />
    </section>
  );
}

export default function RunPage({ id }: { id: string }): ReactNode {
  const { can } = useSession();
  const loaded = useLoad(`run:${id}`, (signal) => api.get<Run>(`/api/runs/${encodeURIComponent(id)}`, { signal }));
  const run = loaded.data;
  const schemaName = useLoad(`schema-name:${run?.schemaId ?? ''}`, async (signal) =>
    run?.schemaId ? api.get<SchemaRecord>(`/api/schemas/${encodeURIComponent(run.schemaId)}`, { signal }) : undefined,
  );
  if (loaded.error && !run) {
    return (
      <div className="page">
        <h1>Run {id}</h1>
        <ErrorNotice error={loaded.error} title="Could not load the run" />
        <p>
          <Link to="/history">Back to history</Link>
        </p>
      </div>
    );
  }
  if (!run) return <Spinner label="Loading the run…" />;
  const live = run.status === 'queued' || run.status === 'running';
  return (
    <div className="page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/history">History</Link> <span aria-hidden="true">›</span> <span aria-current="page">{run.runId}</span>
      </nav>
      <div className="page-head">
        <h1>
          Run <span className="mono">{run.runId}</span>
        </h1>
        <StatusBadge status={run.status} prefix="status" />
      </div>
      {live ? <RunProgress runId={run.runId} eventsUrl={`/api/runs/${run.runId}/events`} onDone={() => loaded.reload()} /> : null}
      <div className="two-col">
        <section className="card" aria-labelledby="params-heading">
          <h2 id="params-heading">Parameters</h2>
          <dl className="facts">
            <dt>Rows</dt>
            <dd>{formatInt(run.rowCount)}</dd>
            <dt>Seed</dt>
            <dd className="mono">{run.seed === null ? '—' : String(run.seed)}</dd>
            <dt>Format</dt>
            <dd>{run.format}</dd>
            <dt>Schema</dt>
            <dd>
              {run.schemaId ? (
                <Link to={`/library/schemas/${run.schemaId}`}>
                  {schemaName.data?.name ?? run.schemaId} v{run.schemaVersion}
                </Link>
              ) : run.templateId ? (
                <>template {run.templateId}</>
              ) : (
                'inline'
              )}
            </dd>
            <dt>Schema fingerprint</dt>
            <dd className="mono break" data-testid="fingerprint">
              {run.schemaFingerprint ?? '—'}
            </dd>
            <dt>Started by</dt>
            <dd>
              <span className="mono">{run.user ?? '—'}</span> {run.role ? <span className="muted">({run.role})</span> : null}
            </dd>
            <dt>Created</dt>
            <dd>{formatDate(run.createdAt)}</dd>
            <dt>Finished</dt>
            <dd>{formatDate(run.finishedAt)}</dd>
            <dt>Duration</dt>
            <dd>{formatMs(run.durationMs)}</dd>
          </dl>
          {can('pipeline:run') && run.schemaId ? (
            <p>
              <Link
                to={`/generate?schema=${encodeURIComponent(run.schemaId)}&version=${run.schemaVersion ?? ''}`}
                className="button-secondary"
              >
                Open its schema in Generate
              </Link>
            </p>
          ) : null}
        </section>
        <section className="card" aria-labelledby="timings-heading">
          <h2 id="timings-heading">Timings</h2>
          {run.timings ? <Timings timings={run.timings} /> : <p className="muted">No timings yet.</p>}
        </section>
      </div>
      {!live ? (
        <section className="card" aria-labelledby="results-heading">
          <h2 id="results-heading">Results</h2>
          <RunOutcome run={run} />
        </section>
      ) : null}
      {run.status === 'succeeded' ? <Report run={run} /> : null}
    </div>
  );
}
