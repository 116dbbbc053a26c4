/**
 * Prometheus metrics (prom-client), one registry per server:
 *
 * - this process: HTTP requests and their durations by route and status, the run queue (waiting, running),
 *   Node's default process metrics (CPU, memory, event-loop lag), all prefixed `synthdatagen_`;
 * - the deployment, read from the runs table at scrape time (so runs executed by workers on other machines
 *   count too): runs by status, role, user and schema; rows generated; PII blocks; run latency quantiles over
 *   the last hour. Those reads are cached for a few seconds, so a busy scraper costs one query per window.
 *
 * Run counters come from the database and are cumulative, so they are exposed as counters (rate() works);
 * they reset only if the database is emptied.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { StoreSession } from '../store/index.js';
import { percentile } from './usage.js';

export interface MetricsSources {
  readonly store: StoreSession;
  /** The run queue's sizes now. */
  readonly queue: () => { readonly pending: number; readonly active: number };
  /** How long database-derived figures are reused between scrapes (default 5 s). */
  readonly cacheMs?: number;
}

export interface ServiceMetrics {
  readonly registry: Registry;
  /** Records one answered HTTP request. */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** The Prometheus text exposition. */
  text(): Promise<string>;
  readonly contentType: string;
}

interface RunTotals {
  readonly byLabels: Array<{ status: string; role: string; user: string; schema: string; runs: number; rows: number; blocked: number }>;
  readonly durations: number[];
}

const LATENCY_WINDOW_MS = 3_600_000;

async function readTotals(store: StoreSession): Promise<RunTotals> {
  const rows = await store.db
    .selectFrom('runs')
    .select((eb) => [
      'status',
      'role',
      'user_id',
      'schema_id',
      eb.fn.countAll<number>().as('runs'),
      eb.fn.sum<number>('row_count').as('rows'),
      eb.fn.sum<number>(eb.case().when('pii_verdict', '=', 'blocked').then(1).else(0).end()).as('blocked'),
    ])
    .groupBy(['status', 'role', 'user_id', 'schema_id'])
    .execute();
  const since = new Date(Date.now() - LATENCY_WINDOW_MS).toISOString();
  const recent = await store.db
    .selectFrom('runs')
    .select('duration_ms')
    .where('finished_at', '>=', since)
    .where('status', '=', 'succeeded')
    .where('duration_ms', 'is not', null)
    .execute();
  return {
    byLabels: rows.map((r) => ({
      status: r.status,
      role: r.role ?? 'none',
      user: r.user_id ?? 'anonymous',
      schema: r.schema_id ?? 'inline',
      runs: Number(r.runs),
      rows: Number(r.rows ?? 0),
      blocked: Number(r.blocked ?? 0),
    })),
    durations: recent.map((r) => Number(r.duration_ms)).sort((a, b) => a - b),
  };
}

export function createServiceMetrics(sources: MetricsSources): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'synthdatagen_' });
  const cacheMs = sources.cacheMs ?? 5000;
  let cached: { at: number; totals: Promise<RunTotals> } | undefined;
  const totals = (): Promise<RunTotals> => {
    if (cached === undefined || Date.now() - cached.at > cacheMs) {
      const pending = readTotals(sources.store);
      cached = { at: Date.now(), totals: pending };
      pending.catch(() => (cached = undefined));
    }
    return cached.totals;
  };

  const requests = new Counter({
    name: 'synthdatagen_http_requests_total',
    help: 'HTTP requests answered by this process',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const requestSeconds = new Histogram({
    name: 'synthdatagen_http_request_duration_seconds',
    help: 'HTTP request duration in this process',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  new Gauge({
    name: 'synthdatagen_queue_runs',
    help: 'Runs in the run queue, by state (waiting or running)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const { pending, active } = sources.queue();
      this.set({ state: 'waiting' }, pending);
      this.set({ state: 'running' }, active);
    },
  });
  new Counter({
    name: 'synthdatagen_runs_total',
    help: 'Pipeline runs recorded, by status, role, user (API key id) and library schema',
    labelNames: ['status', 'role', 'user', 'schema'] as const,
    registers: [registry],
    async collect() {
      const { byLabels } = await totals();
      this.reset();
      for (const r of byLabels) this.inc({ status: r.status, role: r.role, user: r.user, schema: r.schema }, r.runs);
    },
  });
  new Counter({
    name: 'synthdatagen_rows_generated_total',
    help: 'Rows of succeeded runs, by role and library schema',
    labelNames: ['role', 'schema'] as const,
    registers: [registry],
    async collect() {
      const { byLabels } = await totals();
      this.reset();
      for (const r of byLabels) if (r.status === 'succeeded') this.inc({ role: r.role, schema: r.schema }, r.rows);
    },
  });
  new Counter({
    name: 'synthdatagen_pii_blocked_runs_total',
    help: 'Runs whose PII verdict blocked the download, by role and library schema',
    labelNames: ['role', 'schema'] as const,
    registers: [registry],
    async collect() {
      const { byLabels } = await totals();
      this.reset();
      for (const r of byLabels) if (r.blocked > 0) this.inc({ role: r.role, schema: r.schema }, r.blocked);
    },
  });
  new Gauge({
    name: 'synthdatagen_run_duration_seconds',
    help: 'Run duration quantiles over the succeeded runs of the last hour (all processes)',
    labelNames: ['quantile'] as const,
    registers: [registry],
    async collect() {
      const { durations } = await totals();
      this.reset();
      for (const q of [0.5, 0.95, 0.99]) {
        const value = percentile(durations, q * 100);
        if (value !== null) this.set({ quantile: String(q) }, value / 1000);
      }
    },
  });

  return {
    registry,
    contentType: registry.contentType,
    observeRequest(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      requestSeconds.observe({ method, route }, seconds);
    },
    text: () => registry.metrics(),
  };
}
