/**
 * Quality drift (the seed's CoverageMonitor over time): the evaluation metrics of successive runs of one
 * schema, oldest first, each compared with the run before it and with the median of the five before that.
 * A run is flagged when a score falls by more than `drop` (quality, column shapes, pair trends, validity),
 * when the exact-copy rate rises by more than `drop`, when more checks fail, or when the verdict worsens
 * (pass → warn → fail). Read from the runs table: every finished run already stores its evaluation summary.
 */
import { SdgError, isPlainObject, type JsonValue } from '../core/index.js';
import type { RunRecord, StoreSession } from '../store/index.js';

/** Scores where higher is better, and the one where lower is. */
const HIGHER_IS_BETTER = ['quality', 'columnShapes', 'columnPairTrends', 'validity'] as const;
const LOWER_IS_BETTER = ['exactCopyRate'] as const;
type Metric = (typeof HIGHER_IS_BETTER)[number] | (typeof LOWER_IS_BETTER)[number];
const RANK: Readonly<Record<string, number>> = { pass: 0, warn: 1, fail: 2 };
const BASELINE_RUNS = 5;

export interface QualityPoint {
  readonly runId: string;
  readonly createdAt: string;
  readonly schemaVersion: number | null;
  readonly rowCount: number;
  readonly status: string | null;
  readonly metrics: Readonly<Record<Metric, number | null>>;
  readonly failedChecks: number;
  /** Change of each score since the previous run (null when either is missing). */
  readonly delta: Readonly<Record<Metric, number | null>>;
  readonly flagged: boolean;
  readonly reasons: readonly string[];
}

export interface QualityDrift {
  readonly schemaId: string | null;
  readonly schemaFingerprint: string | null;
  readonly drop: number;
  readonly runs: readonly QualityPoint[];
  readonly flagged: number;
}

export interface QualityDriftQuery {
  readonly schemaId?: string;
  readonly schemaFingerprint?: string;
  /** Most recent runs considered (default 50, at most 500). */
  readonly limit?: number;
  /** Fall that flags a run (default 0.05 on 0…1 scores). */
  readonly drop?: number;
}

function numberAt(summary: Record<string, unknown>, key: string): number | null {
  const value = summary[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

function pointOf(run: RunRecord): Omit<QualityPoint, 'delta' | 'flagged' | 'reasons'> {
  const evaluation = isPlainObject(run.evaluation) ? (run.evaluation as Record<string, JsonValue>) : {};
  const summary = isPlainObject(evaluation.summary) ? (evaluation.summary as Record<string, unknown>) : {};
  const checks = isPlainObject(summary.checks) ? (summary.checks as Record<string, unknown>) : {};
  const metrics = {} as Record<Metric, number | null>;
  for (const key of [...HIGHER_IS_BETTER, ...LOWER_IS_BETTER]) metrics[key] = numberAt(summary, key);
  return {
    runId: run.id,
    createdAt: run.createdAt,
    schemaVersion: run.schemaVersion,
    rowCount: run.rowCount,
    status: run.evaluationStatus,
    metrics,
    failedChecks: typeof checks.fail === 'number' ? checks.fail : 0,
  };
}

export async function qualityDrift(store: StoreSession, query: QualityDriftQuery): Promise<QualityDrift> {
  if ((query.schemaId === undefined) === (query.schemaFingerprint === undefined))
    throw new SdgError('SDG_ERR_BAD_REQUEST', 'give schemaId or schemaFingerprint (one of them)', {
      pointer: '/querystring/schemaId',
      hint: 'e.g. GET /api/monitors/quality?schemaId=sch_…',
    });
  const drop = query.drop ?? 0.05;
  const limit = Math.min(query.limit ?? 50, 500);
  const page = await store.runs.list({
    status: 'succeeded',
    ...(query.schemaId === undefined ? {} : { schemaId: query.schemaId }),
    ...(query.schemaFingerprint === undefined ? {} : { schemaFingerprint: query.schemaFingerprint }),
    sort: 'createdAt',
    order: 'desc',
    limit,
  });
  const history = page.items.map(pointOf).reverse();
  const runs: QualityPoint[] = history.map((point, i) => {
    const previous = i > 0 ? history[i - 1] : undefined;
    const window = history.slice(Math.max(0, i - BASELINE_RUNS), i);
    const delta = {} as Record<Metric, number | null>;
    const reasons: string[] = [];
    for (const key of [...HIGHER_IS_BETTER, ...LOWER_IS_BETTER]) {
      const now = point.metrics[key];
      const before = previous?.metrics[key] ?? null;
      delta[key] = now === null || before === null ? null : round(now - before);
      if (now === null) continue;
      const baseline = median(window.map((p) => p.metrics[key]).filter((v): v is number => v !== null));
      const worse = (LOWER_IS_BETTER as readonly string[]).includes(key) ? (ref: number) => now - ref : (ref: number) => ref - now;
      if (before !== null && worse(before) > drop) reasons.push(`${key} ${before} → ${now} since the previous run`);
      else if (baseline !== null && worse(baseline) > drop)
        reasons.push(
          `${key} ${now} is ${round(worse(baseline))} worse than the median of the last ${window.length} runs (${round(baseline)})`,
        );
    }
    if (previous !== undefined && point.failedChecks > previous.failedChecks)
      reasons.push(`failed checks ${previous.failedChecks} → ${point.failedChecks}`);
    if (previous?.status != null && point.status !== null && (RANK[point.status] ?? 0) > (RANK[previous.status] ?? 0))
      reasons.push(`verdict ${previous.status} → ${point.status}`);
    return { ...point, delta, flagged: reasons.length > 0, reasons };
  });
  return {
    schemaId: query.schemaId ?? null,
    schemaFingerprint: query.schemaFingerprint ?? null,
    drop,
    runs,
    flagged: runs.filter((r) => r.flagged).length,
  };
}
