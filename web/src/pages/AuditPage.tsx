/**
 * The audit log (compliance admin, admin): every event with filters, keyset pages, chain verification with
 * its result in words, and a JSON Lines export of exactly the filtered events (verifiable offline).
 */
import { useState, type ReactNode } from 'react';
import { api, download, query } from '../api/client';
import { AUDIT_EVENT_TYPES, type AuditEvent, type AuditVerification, type Page } from '../api/types';
import { Link, useLocation, useQueryUpdater } from '../app/router';
import { useSession } from '../app/session';
import { Badge, EmptyState, ErrorNotice, Spinner, TableScroll, Labeled } from '../components/ui';
import { formatInt, formatStamp, shortHash } from '../lib/format';
import { useLoad } from '../lib/hooks';

function dayStart(day: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T00:00:00.000Z` : undefined;
}

function nextDayStart(day: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString();
}

/** The first few fields, each cut short: the whole payload is one click away. */
function payloadSummary(payload: Record<string, unknown>): string {
  const clip = (text: string): string => (text.length > 28 ? `${text.slice(0, 27)}…` : text);
  return Object.entries(payload)
    .slice(0, 4)
    .map(([key, value]) => `${key}: ${clip(typeof value === 'object' ? JSON.stringify(value) : String(value))}`)
    .join(' · ');
}

function Verify(): ReactNode {
  const [result, setResult] = useState<AuditVerification | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const verify = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.get<AuditVerification>('/api/audit/verify'));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="verify-heading">
      <h2 id="verify-heading">Chain verification</h2>
      <p className="small muted">
        Each event carries SHA-256(previous hash ‖ event). Verification walks the whole chain and names the first broken link.
      </p>
      <button type="button" className="button-primary" onClick={() => void verify()} disabled={busy}>
        {busy ? 'Verifying…' : 'Verify the chain'}
      </button>
      <div aria-live="polite" data-testid="verify-result">
        {result ? (
          result.ok ? (
            <div className="notice notice-ok">
              <p>
                <Badge tone="ok">intact</Badge> {formatInt(result.checked)} events checked; every append-only guard is in place.
              </p>
              {result.head ? (
                <p className="small">
                  Head: event {result.head.seq}, hash <code className="break">{result.head.hash}</code> (record it to anchor later checks).
                </p>
              ) : null}
            </div>
          ) : (
            <div className="notice notice-bad">
              <p>
                <Badge tone="bad">{result.intact ? 'guards missing' : 'broken'}</Badge>{' '}
                {result.break
                  ? `${result.break.message} (event ${result.break.seq}, ${result.break.kind})`
                  : `${formatInt(result.checked)} events intact.`}
              </p>
              {result.missingGuards.length > 0 ? (
                <p className="small">Missing append-only triggers: {result.missingGuards.join(', ')}</p>
              ) : null}
            </div>
          )
        ) : null}
      </div>
      <ErrorNotice error={error} title="Could not verify" />
    </section>
  );
}

export default function AuditPage(): ReactNode {
  const { can } = useSession();
  const { search } = useLocation();
  const update = useQueryUpdater();
  const type = search.get('type') ?? '';
  const user = search.get('user') ?? '';
  const runId = search.get('runId') ?? '';
  const from = search.get('from') ?? '';
  const to = search.get('to') ?? '';
  const order = search.get('order') === 'asc' ? 'asc' : 'desc';
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const filters = { type, user, runId, from: dayStart(from), to: nextDayStart(to), order };
  const path = `/api/audit${query({ ...filters, limit: 50, cursor })}`;
  const events = useLoad(path, (signal) => api.get<Page<AuditEvent>>(path, { signal }));
  const [exportError, setExportError] = useState<unknown>(null);
  const setFilter = (changes: Record<string, string | undefined>): void => {
    setCursors([]);
    update(changes, { replace: true });
  };
  const exportJsonl = async (): Promise<void> => {
    setExportError(null);
    try {
      await download(`/api/audit/export${query({ type, user, runId, from: dayStart(from), to: nextDayStart(to) })}`, 'audit.jsonl');
    } catch (failure) {
      setExportError(failure);
    }
  };
  return (
    <div className="page">
      <div className="page-head">
        <h1>Audit log</h1>
        <div className="button-row">
          <button type="button" className="button-secondary" onClick={() => void exportJsonl()}>
            Export JSONL
          </button>
        </div>
      </div>
      <ErrorNotice error={exportError} title="Export failed" />
      {can('audit:verify') ? <Verify /> : null}
      <form className="filters card" role="search" aria-label="Filter audit events" onSubmit={(e) => e.preventDefault()}>
        <Labeled className="field" label="Event type">
          <select value={type} onChange={(e) => setFilter({ type: e.target.value || undefined })} name="type">
            <option value="">Any</option>
            {AUDIT_EVENT_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </Labeled>
        <label className="field">
          <span>User (key id)</span>
          <input
            defaultValue={user}
            onBlur={(e) => setFilter({ user: e.target.value.trim() || undefined })}
            onKeyDown={(e) => e.key === 'Enter' && setFilter({ user: e.currentTarget.value.trim() || undefined })}
            name="user"
            autoComplete="off"
          />
        </label>
        <label className="field">
          <span>Run id</span>
          <input
            defaultValue={runId}
            onBlur={(e) => setFilter({ runId: e.target.value.trim() || undefined })}
            onKeyDown={(e) => e.key === 'Enter' && setFilter({ runId: e.currentTarget.value.trim() || undefined })}
            name="runId"
            autoComplete="off"
          />
        </label>
        <label className="field">
          <span>From</span>
          <input type="date" value={from} onChange={(e) => setFilter({ from: e.target.value || undefined })} />
        </label>
        <label className="field">
          <span>To</span>
          <input type="date" value={to} onChange={(e) => setFilter({ to: e.target.value || undefined })} />
        </label>
        <Labeled className="field" label="Order">
          <select value={order} onChange={(e) => setFilter({ order: e.target.value === 'asc' ? 'asc' : undefined })}>
            <option value="desc">Newest first</option>
            <option value="asc">Oldest first</option>
          </select>
        </Labeled>
      </form>
      <ErrorNotice error={events.error} title="Could not load events" />
      {events.loading && !events.data ? <Spinner label="Loading events…" /> : null}
      {events.data && events.data.items.length === 0 ? <EmptyState>No events match.</EmptyState> : null}
      {events.data && events.data.items.length > 0 ? (
        <>
          <TableScroll label="Audit events">
            <table className="table" data-testid="audit-table" aria-busy={events.loading}>
              <caption className="sr-only">Audit events</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    #
                  </th>
                  <th scope="col">Time (UTC)</th>
                  <th scope="col">Event</th>
                  <th scope="col">User</th>
                  <th scope="col">Run</th>
                  <th scope="col">Details</th>
                  <th scope="col">Hash</th>
                </tr>
              </thead>
              <tbody>
                {events.data.items.map((event) => (
                  <tr key={event.seq}>
                    <td className="num">{event.seq}</td>
                    <td className="nowrap small">{formatStamp(event.ts)}</td>
                    <td>
                      <Badge
                        tone={
                          event.type === 'AccessDenied' || event.type === 'DataGenFailed' || event.type === 'PIIDetected'
                            ? 'warn'
                            : 'neutral'
                        }
                      >
                        {event.type}
                      </Badge>
                    </td>
                    <td className="small">
                      <span className="mono">{event.user ?? '—'}</span>
                      {event.role ? <span className="muted"> ({event.role})</span> : null}
                    </td>
                    <td className="small">{event.runId ? <Link to={`/runs/${event.runId}`}>{event.runId}</Link> : '—'}</td>
                    <td className="small wrap payload">
                      <details>
                        <summary>{payloadSummary(event.payload) || '—'}</summary>
                        <pre>{JSON.stringify(event.payload, null, 2)}</pre>
                      </details>
                    </td>
                    <td className="mono small" title={event.hash}>
                      {shortHash(event.hash, 10)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <nav className="pager" aria-label="Pages of events">
            <span className="muted">
              {formatInt(events.data.total ?? events.data.items.length)} events{cursors.length > 0 ? ` · page ${cursors.length + 1}` : ''}
            </span>
            <div className="button-row">
              <button
                type="button"
                className="button-secondary"
                disabled={cursors.length === 0}
                onClick={() => setCursors((c) => c.slice(0, -1))}
              >
                Previous
              </button>
              <button
                type="button"
                className="button-secondary"
                disabled={!events.data.nextCursor}
                onClick={() => setCursors((c) => [...c, events.data!.nextCursor!])}
              >
                Next
              </button>
            </div>
          </nav>
        </>
      ) : null}
    </div>
  );
}
