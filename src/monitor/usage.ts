/**
 * Usage (the seed's usage monitor): runs, rows, PII blocks, failures and latency percentiles, in total and
 * by user, role and schema, over a time window. Computed from the runs table (one row per run, written by
 * whichever process executed it), so every API process and worker is counted, not just this one.
 */
import { SdgError } from '../core/index.js';
import type { StoreSession } from '../store/index.js';

export interface UsageGroup {
  readonly key: string;
  readonly runs: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly cancelled: number;
  /** Runs still queued or running. */
  readonly live: number;
  /** Rows of the succeeded runs. */
  readonly rows: number;
  /** Runs whose PII verdict blocked the download. */
  readonly piiBlocked: number;
  /** Milliseconds from start to finish of finished runs (nearest-rank percentiles). */
  readonly latencyMs: { readonly p50: number | null; readonly p95: number | null; readonly p99: number | null };
}

export interface Usage {
  readonly from: string;
  readonly to: string;
  readonly total: UsageGroup;
  readonly byUser: readonly UsageGroup[];
  readonly byRole: readonly UsageGroup[];
  readonly bySchema: readonly UsageGroup[];
}

export interface UsageQuery {
  /** Window start (default: 24 hours before `to`). */
  readonly from?: string | Date;
  /** Window end, exclusive (default: now). */
  readonly to?: string | Date;
}

interface Row {
  readonly status: string;
  readonly user_id: string | null;
  readonly role: string | null;
  readonly schema_id: string | null;
  readonly row_count: number;
  readonly duration_ms: number | null;
  readonly pii_verdict: string | null;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

function group(key: string, rows: readonly Row[]): UsageGroup {
  const durations = rows
    .filter((r) => r.duration_ms !== null && r.status !== 'queued' && r.status !== 'running')
    .map((r) => Number(r.duration_ms))
    .sort((a, b) => a - b);
  const count = (status: string): number => rows.filter((r) => r.status === status).length;
  return {
    key,
    runs: rows.length,
    succeeded: count('succeeded'),
    failed: count('failed'),
    cancelled: count('cancelled'),
    live: count('queued') + count('running'),
    rows: rows.filter((r) => r.status === 'succeeded').reduce((n, r) => n + Number(r.row_count), 0),
    piiBlocked: rows.filter((r) => r.pii_verdict === 'blocked').length,
    latencyMs: { p50: percentile(durations, 50), p95: percentile(durations, 95), p99: percentile(durations, 99) },
  };
}

function groups(rows: readonly Row[], keyOf: (row: Row) => string): UsageGroup[] {
  const by = new Map<string, Row[]>();
  for (const row of rows) {
    const key = keyOf(row);
    let list = by.get(key);
    if (list === undefined) by.set(key, (list = []));
    list.push(row);
  }
  return [...by.entries()].map(([key, list]) => group(key, list)).sort((a, b) => b.runs - a.runs || a.key.localeCompare(b.key));
}

function instant(value: string | Date, name: string): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new SdgError('SDG_ERR_BAD_REQUEST', `${name} is not a date-time`, {
      pointer: `/querystring/${name}`,
      hint: 'use ISO 8601, e.g. 2025-01-31T00:00:00Z',
    });
  return date;
}

export async function usage(store: StoreSession, query: UsageQuery = {}): Promise<Usage> {
  const to = query.to === undefined ? new Date() : instant(query.to, 'to');
  const from = query.from === undefined ? new Date(to.getTime() - 86_400_000) : instant(query.from, 'from');
  if (from.getTime() > to.getTime()) throw new SdgError('SDG_ERR_BAD_REQUEST', 'from is after to', { pointer: '/querystring/from' });
  // Only the columns the figures need; a day of runs is a few thousand small rows.
  const rows: Row[] = await store.db
    .selectFrom('runs')
    .select(['status', 'user_id', 'role', 'schema_id', 'row_count', 'duration_ms', 'pii_verdict'])
    .where('created_at', '>=', from.toISOString())
    .where('created_at', '<', to.toISOString())
    .execute();
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    total: group('total', rows),
    byUser: groups(rows, (r) => r.user_id ?? 'anonymous'),
    byRole: groups(rows, (r) => r.role ?? 'none'),
    bySchema: groups(rows, (r) => r.schema_id ?? 'inline'),
  };
}
