/**
 * The last step of a chunked run, run once all its chunks are done: join the dataset, merge the chunks' PII
 * scans and profiles, evaluate and draw charts from the merged profile, store every artifact and finish the
 * run, emitting the run's audit events as one pass would (DataGenCompleted, PIIDetected, EvalCompleted,
 * VizCompleted, or DataGenFailed). The finaliser holds profiles and sketches, never rows.
 *
 * Each step is idempotent (content-addressed artifacts, events appended once per run and type, a guarded
 * finish), so a finaliser killed half-way is simply run again by the next worker.
 */
import { SdgError, type JsonValue } from '../core/index.js';
import { evaluateProfile, Profiler, type EvaluationReport, type ProfileJson } from '../evaluate/index.js';
import { mergePiiScans, type PiiScanResult } from '../pii/index.js';
import { MEDIA_TYPES, type PipelineRequest, type PipelineResult, type VisualizationRequest } from '../pipeline/index.js';
import type { ArtifactStore, RunArtifact, RunRecord, Store } from '../store/index.js';
import { renderReportHtml, visualize, type Chart, type ChartKind, type SkippedChart } from '../visualize/index.js';
import type { ChunkSpec } from './chunk.js';
import { isChunkDone, isChunkFailed, type ChunkDone, type ChunkOutcome, type RunJobResult } from './contracts.js';
import { joinDataset } from './join.js';

/** What the service tells the job layer about runs (so the report is written exactly as executeRun writes it). */
export interface RunReporting {
  /** report.json of a run (service's reportDocument). */
  report(run: RunRecord, result: PipelineResult, charts: readonly JsonValue[]): JsonValue;
  /** The PII summary stored on the run row (service's piiSummary). */
  piiSummary(result: PipelineResult): JsonValue;
}

export interface FinalizeDeps extends RunReporting {
  readonly store: Store;
  readonly artifacts: ArtifactStore;
  /** Appends one of the run's audit events (at most once per type). */
  readonly emit: (type: string, payload: Readonly<Record<string, JsonValue>>) => Promise<void>;
  readonly progress?: (stage: 'evaluate' | 'visualize' | 'done') => void;
}

/** The file extension of each dataset format, as downloads name it. */
export const EXTENSIONS = { jsonl: 'jsonl', json: 'json', csv: 'csv', parquet: 'parquet' } as const;

/** The payload fields every run event shares (as runPipeline writes them). */
export function eventBase(spec: Pick<ChunkSpec, 'schemaFingerprint' | 'rowCount' | 'format' | 'seed'>): Record<string, JsonValue> {
  return {
    schemaFingerprint: spec.schemaFingerprint,
    rowCount: spec.rowCount,
    format: spec.format,
    seed: typeof spec.seed === 'number' ? spec.seed : String(spec.seed),
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function visualizationOf(request: PipelineRequest): VisualizationRequest {
  const raw = request.options?.visualizations;
  return raw === undefined || raw === true ? {} : raw === false ? { enabled: false } : raw;
}

function metricsOf(report: EvaluationReport): Record<string, JsonValue> {
  const { quality, columnShapes, columnPairTrends, validity, exactCopyRate, checks } = report.summary;
  return { quality, columnShapes, columnPairTrends, validity, exactCopyRate, checks: { ...checks } };
}

async function json<T>(artifacts: ArtifactStore, digest: string, what: string): Promise<T> {
  const bytes = await artifacts.get(digest);
  if (bytes === undefined) throw new SdgError('SDG_ERR_NOT_FOUND', `${what} ${digest} is missing from the artifact store`);
  return JSON.parse(bytes.toString('utf8')) as T;
}

/** The document inside a chunk's `{run, chunk, <key>}` wrapper (a chunk of an older worker stored it bare). */
function owned<T>(document: unknown, key: 'pii' | 'profile'): T {
  const wrapper = document as Record<string, unknown>;
  return (typeof wrapper['run'] === 'string' && key in wrapper ? wrapper[key] : document) as T;
}

/** Fails the run as runPipeline would: DataGenFailed with how far it got, then the run row. */
export async function failChunkedRun(
  deps: FinalizeDeps,
  run: RunRecord,
  spec: ChunkSpec,
  failure: { code: string; message: string; pointer?: string; hint?: string },
  details: { rowsDone: number; stage: string; startedAt: number },
): Promise<RunJobResult> {
  const durationMs = Date.now() - details.startedAt;
  await deps.emit('DataGenFailed', {
    ...eventBase(spec),
    rowsDone: details.rowsDone,
    stage: details.stage,
    error: failure as unknown as JsonValue,
    duration: round(durationMs),
  });
  const status = failure.code === 'SDG_ERR_CANCELLED' ? 'cancelled' : 'failed';
  await deps.store.runs.finish(run.id, { status, error: failure, durationMs });
  return { status, error: { code: failure.code, message: failure.message } };
}

export async function finalizeChunkedRun(
  deps: FinalizeDeps,
  run: RunRecord,
  request: PipelineRequest,
  spec: ChunkSpec,
  outcomes: readonly ChunkOutcome[],
  options: { readonly startedAt: number; readonly chunks: number; readonly cancelled: boolean },
): Promise<RunJobResult> {
  const { artifacts } = deps;
  const byIndex = [...outcomes].sort((a, b) => a.index - b.index);
  const done = byIndex.filter(isChunkDone);
  const rowsBefore = (index: number): number => done.filter((c) => c.index < index).reduce((n, c) => n + c.count, 0);
  if (options.cancelled || byIndex.some((o) => 'cancelled' in o)) {
    const cancelled = new SdgError('SDG_ERR_CANCELLED', 'the run was cancelled', { hint: 'start it again to get the dataset' });
    return failChunkedRun(deps, run, spec, cancelled.toJSON().error, {
      rowsDone: done.reduce((n, c) => n + c.count, 0),
      stage: 'generate',
      startedAt: options.startedAt,
    });
  }
  const failed = byIndex.find(isChunkFailed);
  if (failed !== undefined)
    return failChunkedRun(deps, run, spec, failed.error, {
      rowsDone: rowsBefore(failed.index) + failed.rowsDone,
      stage: 'generate',
      startedAt: options.startedAt,
    });
  const missing = [...Array(options.chunks).keys()].filter((i) => !done.some((c) => c.index === i));
  if (missing.length > 0)
    return failChunkedRun(
      deps,
      run,
      spec,
      { code: 'SDG_ERR_UNAVAILABLE', message: `chunk ${missing[0]} of the run failed on every attempt`, hint: 'see the worker logs' },
      { rowsDone: rowsBefore(missing[0]!), stage: 'generate', startedAt: options.startedAt },
    );

  const base = eventBase(spec);
  let mark = performance.now();
  const dataset = await joinDataset(
    artifacts,
    spec.format,
    spec.schema,
    done.map((c) => c.dataset),
  );
  const joinMs = performance.now() - mark;
  const sum = (key: keyof ChunkDone['timings']): number => done.reduce((n, c) => n + c.timings[key], 0);
  await deps.emit('DataGenCompleted', { ...base, duration: round(Date.now() - options.startedAt) });

  mark = performance.now();
  const scans = await Promise.all(
    done.map(async (c) => ({ rowOffset: c.start, result: owned<PiiScanResult>(await json(artifacts, c.pii, 'PII scan'), 'pii') })),
  );
  const pii = mergePiiScans(scans);
  const mergeScanMs = performance.now() - mark;
  if (pii.findings.length > 0) {
    await deps.emit('PIIDetected', {
      ...base,
      verdict: pii.verdict,
      fields: [...new Set(pii.findings.map((f) => f.column))],
      entities: [...new Set(pii.findings.map((f) => f.entity))],
      blocking: pii.findings.filter((f) => f.severity === 'blocking').length,
    });
  }

  deps.progress?.('evaluate');
  mark = performance.now();
  let profiler: Profiler | undefined;
  for (const chunk of done) {
    // One chunk's profile in memory at a time, merged into the running total.
    const next = Profiler.fromJSON(owned<ProfileJson>(await json(artifacts, chunk.profile, 'profile'), 'profile'));
    if (profiler === undefined) profiler = next;
    else profiler.merge(next);
  }
  const thresholds = request.options?.thresholds;
  const evaluation = evaluateProfile(profiler!, { ...(thresholds === undefined ? {} : { thresholds }), warnings: [] });
  const evaluateMs = performance.now() - mark;
  await deps.emit('EvalCompleted', { ...base, status: evaluation.status, duration: round(evaluateMs), metrics: metricsOf(evaluation) });

  deps.progress?.('visualize');
  const viz = visualizationOf(request);
  mark = performance.now();
  let charts: Chart[] = [];
  let chartsSkipped: SkippedChart[] = [];
  if (viz.enabled !== false) {
    const drawn = await visualize(profiler!, {
      ...(viz.charts ? { charts: viz.charts as ChartKind[] } : {}),
      ...(viz.columns ? { columns: viz.columns } : {}),
      scale: viz.png === false ? [] : [1, 2],
    });
    charts = drawn.charts;
    chartsSkipped = drawn.skipped;
  }
  const visualizeMs = performance.now() - mark;
  if (viz.enabled !== false)
    await deps.emit('VizCompleted', {
      ...base,
      chartTypes: [...new Set(charts.map((c) => c.kind))],
      charts: charts.length,
      duration: round(visualizeMs),
    });

  const result: PipelineResult = {
    status: 'succeeded',
    schema: spec.schema,
    schemaFingerprint: spec.schemaFingerprint,
    rowCount: spec.rowCount,
    seed: spec.seed,
    format: spec.format,
    evaluation,
    pii,
    charts,
    chartsSkipped,
    // Generation stages add up the work of every chunk (CPU time across workers); totalMs is wall time.
    timings: {
      inferMs: 0,
      generateMs: round(sum('generateMs')),
      writeMs: round(sum('writeMs') + joinMs),
      scanMs: round(sum('scanMs') + mergeScanMs),
      profileMs: round(sum('profileMs')),
      evaluateMs: round(evaluateMs),
      visualizeMs: round(visualizeMs),
      totalMs: round(Date.now() - options.startedAt),
    },
    warnings: [],
  };
  const finished = await storeRunArtifacts(deps, run, result, {
    digest: dataset.digest,
    size: dataset.size,
    durationMs: Date.now() - options.startedAt,
  });
  if (finished.status === 'succeeded') await releaseSlices(artifacts, done);
  deps.progress?.('done');
  return { status: finished.status === 'succeeded' ? 'succeeded' : finished.status === 'cancelled' ? 'cancelled' : 'failed' };
}

/**
 * Deletes a finished chunked run's slices and per-chunk scans and profiles: a 100M-row run would otherwise
 * keep its dataset twice. They are the run's own bytes (each begins with a line, or holds a field, naming
 * the run and chunk), so no other run shares their digests. Best effort: a slice left behind costs space,
 * never correctness, so a failure here never fails the run.
 */
async function releaseSlices(artifacts: ArtifactStore, done: readonly ChunkDone[]): Promise<void> {
  for (const chunk of done) {
    // A slice from before slices carried their run's name may be shared: keep it.
    if (chunk.dataset.offset === undefined) continue;
    for (const digest of [chunk.dataset.digest, chunk.pii, chunk.profile]) await artifacts.delete(digest).catch(() => false);
  }
}

async function put(
  artifacts: ArtifactStore,
  bytes: Uint8Array | string,
  kind: string,
  name: string,
  mediaType: string,
): Promise<RunArtifact> {
  const ref = await artifacts.putBytes(bytes);
  return { kind, name, digest: ref.digest, size: ref.size, mediaType };
}

/**
 * Stores a finished run's artifacts (dataset entry, schema, charts, report.json, report.html) and marks it
 * succeeded: one code path for one-pass runs (service's executeRun) and chunked ones (finalize above), so
 * both produce the same names, kinds and documents.
 */
export async function storeRunArtifacts(
  deps: RunReporting & { readonly store: Store; readonly artifacts: ArtifactStore },
  run: RunRecord,
  result: PipelineResult,
  dataset: { digest: string; size: number; durationMs: number },
): Promise<RunRecord> {
  const { artifacts, store } = deps;
  const list: RunArtifact[] = [
    {
      kind: 'dataset',
      name: `dataset.${EXTENSIONS[result.format]}`,
      digest: dataset.digest,
      size: dataset.size,
      mediaType: MEDIA_TYPES[result.format],
    },
  ];
  list.push(await put(artifacts, JSON.stringify(result.schema, null, 2), 'schema', 'schema.json', 'application/json'));
  const chartMeta: JsonValue[] = [];
  for (const chart of result.charts) {
    list.push(await put(artifacts, chart.svg, 'chart', `${chart.id}.svg`, 'image/svg+xml'));
    list.push(await put(artifacts, JSON.stringify(chart.spec), 'chart', `${chart.id}.vl.json`, 'application/json'));
    for (const image of chart.images)
      list.push(
        await put(artifacts, image.png, 'chart', image.scale === 1 ? `${chart.id}.png` : `${chart.id}@${image.scale}x.png`, 'image/png'),
      );
    chartMeta.push({
      id: chart.id,
      kind: chart.kind,
      title: chart.title,
      alt: chart.alt,
      columns: [...chart.columns],
      compared: chart.compared,
      notes: [...chart.notes],
      width: chart.width,
      height: chart.height,
    });
  }
  const report = deps.report(run, result, chartMeta);
  list.push(await put(artifacts, JSON.stringify(report, null, 2), 'report', 'report.json', 'application/json'));
  const html = renderReportHtml({
    title: `SynthDataGen run ${run.id}`,
    evaluation: result.evaluation,
    pii: result.pii,
    charts: result.charts,
    generatedAt: run.createdAt,
    data: { name: `run ${run.id}`, rows: result.rowCount },
    reference: result.evaluation.reference,
    skipped: result.chartsSkipped,
    parameters: { runId: run.id, rowCount: result.rowCount, seed: result.seed, format: result.format, request: run.request },
    schemaFingerprint: result.schemaFingerprint,
  });
  list.push(await put(artifacts, html, 'report', 'report.html', 'text/html; charset=utf-8'));
  const finished = await store.runs.finish(run.id, {
    status: 'succeeded',
    schemaFingerprint: result.schemaFingerprint,
    timings: { ...result.timings },
    durationMs: dataset.durationMs,
    evaluationStatus: result.evaluation.status,
    evaluation: { status: result.evaluation.status, summary: result.evaluation.summary } as unknown as JsonValue,
    piiVerdict: result.pii.verdict,
    pii: deps.piiSummary(result),
    artifacts: list,
  });
  return finished ?? (await store.runs.get(run.id))!;
}
