/**
 * History: every run, newest first, filtered and sorted by the server (GET /api/pipelineHistory) one page at
 * a time, so the page stays as quick with 10,000 runs as with ten. Filters, sort and page are in the URL.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { api, query } from '../api/client';
import { RUN_STATUSES, type Page, type Run, type SchemaRecord } from '../api/types';
import { Link, useLocation, useQueryUpdater } from '../app/router';
import { useSession } from '../app/session';
import { formatInt, formatMs, formatStamp } from '../lib/format';
import { useDebounced, useLoad, useMediaQuery } from '../lib/hooks';
import { EmptyState, ErrorNotice, Spinner, StatusBadge, TableScroll, Labeled } from '../components/ui';

const PAGE_SIZES = [25, 50, 100] as const;

/** `2025-01-31` from a date input → the ISO instant the API filters on (start of that UTC day). */
function dayStart(day: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T00:00:00.000Z` : undefined;
}

function nextDayStart(day: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString();
}

function SortHeader({
  label,
  field,
  sort,
  order,
  onSort,
}: {
  label: string;
  field: string;
  sort: string;
  order: string;
  onSort: (field: string) => void;
}): ReactNode {
  const active = sort === field;
  return (
    <th
      scope="col"
      aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}
      className={field === 'rowCount' ? 'num' : undefined}
    >
      <button type="button" className="sort-button" onClick={() => onSort(field)}>
        {label}
        <span aria-hidden="true" className="sort-icon">
          {active ? (order === 'asc' ? '▲' : '▼') : '↕'}
        </span>
        <span className="sr-only">{active ? `, sorted ${order === 'asc' ? 'ascending' : 'descending'}` : ', sortable'}</span>
      </button>
    </th>
  );
}

export default function HistoryPage(): ReactNode {
  const { me } = useSession();
  const { search } = useLocation();
  const update = useQueryUpdater();
  const status = search.get('status') ?? '';
  const user = search.get('user') ?? '';
  const schemaId = search.get('schemaId') ?? '';
  const from = search.get('from') ?? '';
  const to = search.get('to') ?? '';
  const sort = search.get('sort') === 'rowCount' ? 'rowCount' : 'createdAt';
  const order = search.get('order') === 'asc' ? 'asc' : 'desc';
  const size = PAGE_SIZES.find((s) => String(s) === search.get('size')) ?? 50;
  const page = Math.max(0, Number(search.get('page') ?? '0') || 0);

  const [userText, setUserText] = useState(user);
  const debouncedUser = useDebounced(userText, 300);
  useEffect(() => {
    if (debouncedUser !== user) update({ user: debouncedUser.trim() || undefined, page: undefined }, { replace: true });
  }, [debouncedUser]);

  const path = `/api/pipelineHistory${query({
    status,
    user,
    schemaId,
    from: dayStart(from),
    to: nextDayStart(to),
    sort,
    order,
    limit: size,
    offset: page * size,
  })}`;
  const runs = useLoad(path, (signal) => api.get<Page<Run>>(path, { signal }));
  // A phone gets one card per run instead of a table ten columns wide.
  const narrow = useMediaQuery('(max-width: 760px)');
  const schemas = useLoad('schemas', (signal) => api.get<Page<SchemaRecord>>('/api/schemas?limit=500', { signal }));

  useEffect(() => {
    // The mark the performance check reads: the first page of runs is on screen.
    if (runs.data && !runs.loading) performance.mark('sdg:history-rendered');
  }, [runs.data, runs.loading]);

  const total = runs.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / size));
  const firstShown = total === 0 ? 0 : page * size + 1;
  const lastShown = Math.min(total, (page + 1) * size);
  const schemaNames = new Map((schemas.data?.items ?? []).map((s) => [s.id, s.name]));

  const onSort = (field: string): void =>
    update({
      sort: field === 'createdAt' ? undefined : field,
      order: sort === field && order === 'desc' ? 'asc' : undefined,
      page: undefined,
    });
  const goTo = (next: number): void => update({ page: next > 0 ? String(next) : undefined });

  return (
    <div className="page">
      <div className="page-head">
        <h1>History</h1>
        <p className="muted" aria-live="polite" data-testid="history-count">
          {runs.data ? `${formatInt(total)} run${total === 1 ? '' : 's'}` : ''}
        </p>
      </div>
      <form className="filters card" role="search" aria-label="Filter runs" onSubmit={(e) => e.preventDefault()}>
        <Labeled className="field" label="Status">
          <select value={status} onChange={(e) => update({ status: e.target.value || undefined, page: undefined })} name="status">
            <option value="">Any</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Labeled>
        <label className="field">
          <span>User (key id)</span>
          <input value={userText} onChange={(e) => setUserText(e.target.value)} placeholder="key_…" name="user" autoComplete="off" />
        </label>
        <div className="field field-button">
          <button
            type="button"
            className="button-secondary"
            aria-pressed={user === me.id}
            onClick={() => setUserText(user === me.id ? '' : me.id)}
          >
            {user === me.id ? 'All users' : 'My runs'}
          </button>
        </div>
        <Labeled className="field" label="Schema">
          <select value={schemaId} onChange={(e) => update({ schemaId: e.target.value || undefined, page: undefined })} name="schemaId">
            <option value="">Any</option>
            {(schemas.data?.items ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Labeled>
        <label className="field">
          <span>From</span>
          <input type="date" value={from} onChange={(e) => update({ from: e.target.value || undefined, page: undefined })} name="from" />
        </label>
        <label className="field">
          <span>To</span>
          <input type="date" value={to} onChange={(e) => update({ to: e.target.value || undefined, page: undefined })} name="to" />
        </label>
        {status || user || schemaId || from || to ? (
          <div className="field field-button">
            <button
              type="button"
              className="button-ghost"
              onClick={() => {
                setUserText('');
                update({ status: undefined, user: undefined, schemaId: undefined, from: undefined, to: undefined, page: undefined });
              }}
            >
              Clear filters
            </button>
          </div>
        ) : null}
      </form>

      <ErrorNotice error={runs.error} title="Could not load runs" />
      {runs.loading && !runs.data ? <Spinner label="Loading runs…" /> : null}
      {runs.data && runs.data.items.length === 0 ? <EmptyState>No runs match these filters.</EmptyState> : null}
      {runs.data && runs.data.items.length > 0 ? (
        <>
          {narrow ? (
            <ul className="run-cards" data-testid="runs-table" aria-label={`Runs ${firstShown} to ${lastShown} of ${total}`}>
              {runs.data.items.map((run) => (
                <li key={run.runId} className="run-card">
                  <p className="run-card-head">
                    <Link to={`/runs/${run.runId}`} className="mono">
                      {run.runId}
                    </Link>
                    <StatusBadge status={run.status} />
                  </p>
                  <p className="small muted">
                    {formatStamp(run.createdAt)} UTC · {formatInt(run.rowCount)} rows · {run.format} · {formatMs(run.durationMs)}
                  </p>
                  <p className="badge-row">
                    {run.evaluation ? <StatusBadge status={run.evaluation.status} prefix="evaluation" showPrefix /> : null}
                    {run.pii ? <StatusBadge status={run.pii.verdict} prefix="PII" showPrefix /> : null}
                  </p>
                </li>
              ))}
            </ul>
          ) : (
            <TableScroll label="Runs">
              <table className="table" data-testid="runs-table" aria-busy={runs.loading}>
                <caption className="sr-only">
                  Runs {firstShown} to {lastShown} of {total}
                </caption>
                <thead>
                  <tr>
                    <SortHeader label="Created (UTC)" field="createdAt" sort={sort} order={order} onSort={onSort} />
                    <th scope="col">Run</th>
                    <th scope="col">Status</th>
                    <SortHeader label="Rows" field="rowCount" sort={sort} order={order} onSort={onSort} />
                    <th scope="col">Format</th>
                    <th scope="col">Evaluation</th>
                    <th scope="col">PII</th>
                    <th scope="col">Schema</th>
                    <th scope="col">User</th>
                    <th scope="col" className="num">
                      Duration
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {runs.data.items.map((run) => (
                    <tr key={run.runId}>
                      <td className="nowrap">{formatStamp(run.createdAt)}</td>
                      <td>
                        <Link to={`/runs/${run.runId}`} className="mono">
                          {run.runId}
                        </Link>
                      </td>
                      <td>
                        <StatusBadge status={run.status} />
                      </td>
                      <td className="num">{formatInt(run.rowCount)}</td>
                      <td>{run.format}</td>
                      <td>
                        <StatusBadge status={run.evaluation?.status} />
                      </td>
                      <td>
                        <StatusBadge status={run.pii?.verdict} />
                      </td>
                      <td>
                        {run.schemaId
                          ? `${schemaNames.get(run.schemaId) ?? run.schemaId} v${run.schemaVersion ?? '?'}`
                          : run.templateId
                            ? 'template'
                            : 'inline'}
                      </td>
                      <td className="mono small truncate">{run.user ?? '—'}</td>
                      <td className="num">{formatMs(run.durationMs)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          <nav className="pager" aria-label="Pages of runs">
            <span className="muted" data-testid="page-status">
              {formatInt(firstShown)}–{formatInt(lastShown)} of {formatInt(total)} · page {page + 1} of {formatInt(pages)}
            </span>
            <div className="button-row">
              <button type="button" className="button-secondary" disabled={page === 0} onClick={() => goTo(0)}>
                First
              </button>
              <button type="button" className="button-secondary" disabled={page === 0} onClick={() => goTo(page - 1)}>
                Previous
              </button>
              <button type="button" className="button-secondary" disabled={page + 1 >= pages} onClick={() => goTo(page + 1)}>
                Next
              </button>
              <button type="button" className="button-secondary" disabled={page + 1 >= pages} onClick={() => goTo(pages - 1)}>
                Last
              </button>
              <Labeled className="inline-field" label="Per page">
                <select
                  value={size}
                  onChange={(e) => update({ size: e.target.value === '50' ? undefined : e.target.value, page: undefined })}
                >
                  {PAGE_SIZES.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              </Labeled>
            </div>
          </nav>
        </>
      ) : null}
    </div>
  );
}
