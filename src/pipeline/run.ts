/**
 * runPipeline: one request in, one pass over the generated rows, everything a reviewer needs out.
 *
 *   request ─ check ─┬─ schema ─────────────────────────────┐
 *                    └─ sample ─ parse ─ infer (schema+model) ┤
 *                                                             ▼
 *            rows (batches, from this thread or a worker pool) ──┬─► writer ─► sink (the dataset)
 *                                                                ├─► PII scanner (findings, leak check)
 *                                                                └─► profiler (streaming sketches)
 *                                                                        │
 *                                  evaluate(profile, reference) ◄────────┤
 *                                  visualize(profile, reference) ◄───────┘
 *
 * Each row is seen once by each consumer and then dropped, so memory is bounded by the sketches, the
 * writer's row group and the reference sample, never by rowCount. Stage events go out through `onEvent`
 * (awaited, so the audit trail is never behind the work); a failure emits DataGenFailed and rethrows.
 */
import { SdgError, fingerprint, isPlainObject, type JsonSchema, type JsonValue } from '../core/index.js';
import {
  buildPlan,
  coerceCsvRows,
  createProfiler,
  csvColumnTypes,
  evaluateProfile,
  schemaColumns,
  type EvaluationReport,
  type Profiler,
} from '../evaluate/index.js';
import { checkCount, compileSchema, type CompiledSchema } from '../generate/index.js';
import { createWriter, memorySink, OUTPUT_FORMATS, type OutputFormat, type RowSink } from '../generate/writers/index.js';
import { assertLintClean, lintSchema } from '../schema/index.js';
import { infer, parseDataset, type Dataset } from '../infer/index.js';
import { createPiiScanner, type PiiScanResult } from '../pii/index.js';
import { drawCharts } from './charts.js';
import {
  MEDIA_TYPES,
  type PipelineEvent,
  type PipelineHooks,
  type PipelineRequest,
  type PipelineResult,
  type PipelineStage,
  type RowSource,
  type VisualizationRequest,
} from './types.js';

export const DEFAULT_MAX_ROWS = 10_000_000;
const BATCH_ROWS = 1024;
const DEFAULT_MAX_SAMPLE_ROWS = 100_000;

interface Resolved {
  readonly schema: JsonSchema;
  readonly reference?: readonly unknown[];
  readonly warnings: string[];
  readonly inferMs: number;
}

function badRequest(message: string, pointer: string, hint?: string): SdgError {
  return new SdgError('SDG_ERR_BAD_REQUEST', message, { pointer, ...(hint === undefined ? {} : { hint }) });
}

function checkRequest(
  request: PipelineRequest,
  maxRows: number,
): { format: OutputFormat; seed: number | string; viz: VisualizationRequest } {
  if (!isPlainObject(request)) throw badRequest('the request must be a JSON object', '', 'send {"schema": {…}, "rowCount": 1000}');
  const hasSchema = request.schema !== undefined;
  const hasSample = request.sample !== undefined;
  if (hasSchema === hasSample) {
    throw badRequest(
      hasSchema ? 'give either schema or sample, not both' : 'a schema or a sample is required',
      hasSchema ? '/sample' : '/schema',
      'send a JSON Schema in "schema", or real rows in "sample" to learn from',
    );
  }
  try {
    checkCount(request.rowCount, 'rowCount', maxRows);
  } catch (error) {
    if (error instanceof SdgError) throw badRequest(error.message, '/rowCount', error.hint);
    throw error;
  }
  const format = request.format ?? 'jsonl';
  if (!OUTPUT_FORMATS.includes(format))
    throw badRequest(`unknown format ${JSON.stringify(format)}`, '/format', `use one of ${OUTPUT_FORMATS.join(', ')}`);
  const seed = request.seed ?? 0;
  if (!(typeof seed === 'string' || (typeof seed === 'number' && Number.isSafeInteger(seed))))
    throw badRequest('seed must be an integer or a string', '/seed', 'e.g. "seed": 42');
  const raw = request.options?.visualizations;
  const viz: VisualizationRequest = raw === undefined || raw === true ? {} : raw === false ? { enabled: false } : raw;
  if (!isPlainObject(viz)) throw badRequest('options.visualizations must be a boolean or an object', '/options/visualizations');
  return { format, seed, viz };
}

function sampleRows(request: PipelineRequest, maxSampleRows: number): { dataset: Dataset; warnings: string[] } {
  const sample = request.sample;
  if (!isPlainObject(sample)) throw badRequest('sample must be an object with "rows" or "text"', '/sample');
  let dataset: Dataset;
  if ('rows' in sample) {
    if (!Array.isArray(sample.rows) || sample.rows.length === 0)
      throw badRequest('sample.rows must be a non-empty array of objects', '/sample/rows', 'send at least one row');
    const bad = sample.rows.findIndex((row) => !isPlainObject(row));
    if (bad >= 0) throw badRequest(`sample row ${bad} is not a JSON object`, `/sample/rows/${bad}`);
    const columns = new Set<string>();
    for (const row of sample.rows.slice(0, 1000)) for (const key of Object.keys(row as object)) columns.add(key);
    dataset = { format: 'json', rows: sample.rows as Dataset['rows'], columns: [...columns], warnings: [] };
  } else if ('text' in sample && (typeof sample.text === 'string' || sample.text instanceof Uint8Array)) {
    try {
      dataset = parseDataset(sample.text, {
        ...(sample.name === undefined ? {} : { name: sample.name }),
        ...(sample.format === undefined ? {} : { format: sample.format }),
      });
    } catch (error) {
      if (error instanceof SdgError)
        throw new SdgError(error.code, `sample: ${error.message}`, {
          pointer: '/sample/text',
          ...(error.hint ? { hint: error.hint } : {}),
        });
      throw error;
    }
  } else {
    throw badRequest('sample must have "rows" (an array of objects) or "text" (CSV, JSON or JSON Lines)', '/sample');
  }
  if (dataset.rows.length > maxSampleRows)
    throw badRequest(
      `the sample has ${dataset.rows.length} rows, above the limit of ${maxSampleRows}`,
      '/sample',
      'send a random subset of the rows',
    );
  return { dataset, warnings: dataset.warnings.map((w) => `sample: ${w}`) };
}

function resolveSchema(request: PipelineRequest, maxSampleRows: number): Resolved {
  if (request.schema !== undefined) {
    const schema = request.schema;
    if (!(typeof schema === 'boolean' || isPlainObject(schema)))
      throw badRequest('schema must be a JSON Schema object', '/schema', 'send {"type": "object", "properties": {…}}');
    return { schema, warnings: [], inferMs: 0 };
  }
  const started = performance.now();
  const { dataset, warnings } = sampleRows(request, maxSampleRows);
  const learned = infer(dataset);
  // CSV cells are strings; the evaluator compares typed values, so type the reference the way the schema says.
  let reference: readonly unknown[] = dataset.rows;
  if (dataset.format === 'csv') {
    const info = schemaColumns(learned.schema);
    const types = csvColumnTypes([{ rows: dataset.rows, columns: dataset.columns, csv: true }], info);
    reference = coerceCsvRows(
      dataset.rows,
      types,
      info.columns.some((c) => c.name.includes('.')),
    );
  }
  return { schema: learned.schema, reference, warnings, inferMs: performance.now() - started };
}

function inThreadRows(compiled: CompiledSchema, range: Parameters<RowSource>[1]): Iterable<readonly JsonValue[]> {
  return {
    *[Symbol.iterator]() {
      const end = range.offset + range.count;
      for (let start = range.offset; start < end; start += BATCH_ROWS) {
        const n = Math.min(BATCH_ROWS, end - start);
        const batch = new Array<JsonValue>(n);
        for (let i = 0; i < n; i++) batch[i] = compiled.row(start + i);
        yield batch;
      }
    },
  };
}

function cancelled(): SdgError {
  return new SdgError('SDG_ERR_CANCELLED', 'the run was cancelled', { hint: 'start it again to get the dataset' });
}

/** Runs generate → scan → evaluate → visualize; see the drawing at the top of this file. */
export async function runPipeline(request: PipelineRequest, hooks: PipelineHooks = {}): Promise<PipelineResult> {
  const started = performance.now();
  const maxRows = hooks.maxRows ?? DEFAULT_MAX_ROWS;
  const { format, seed, viz } = checkRequest(request, maxRows);
  const rowCount = request.rowCount;
  const emit = async (event: PipelineEvent): Promise<void> => {
    if (hooks.onEvent) await hooks.onEvent(event);
  };
  let currentStage: PipelineStage = 'prepare';
  const progress = (stage: PipelineStage, rowsDone: number): void => {
    currentStage = stage;
    if (!hooks.onProgress) return;
    const generated = rowCount === 0 ? 1 : rowsDone / rowCount;
    const fraction =
      stage === 'prepare' ? 0 : stage === 'generate' ? 0.9 * generated : stage === 'evaluate' ? 0.92 : stage === 'visualize' ? 0.95 : 1;
    hooks.onProgress({ stage, rowsDone, rowCount, fraction });
  };
  const check = (): void => {
    if (hooks.signal?.aborted) throw cancelled();
  };

  progress('prepare', 0);
  const resolved = resolveSchema(request, hooks.maxSampleRows ?? DEFAULT_MAX_SAMPLE_ROWS);
  const schema = resolved.schema;
  const schemaFingerprint = fingerprint(schema);
  const base = { schemaFingerprint, rowCount, format, seed: typeof seed === 'number' ? seed : String(seed) };
  await emit({ type: 'DataGenStarted', data: { ...base, source: request.sample === undefined ? 'schema' : 'sample' } });

  let generateMs = 0;
  let writeMs = 0;
  let scanMs = 0;
  let profileMs = 0;
  let rowsDone = 0;
  try {
    check();
    // Lint and compile up front so a bad schema fails, with its pointer, before anything is written.
    assertLintClean(lintSchema(schema, request.refs === undefined ? {} : { refs: request.refs }));
    const compiled = compileSchema(schema, { seed, ...(request.refs === undefined ? {} : { refs: request.refs }) });
    const ownSink = hooks.sink === undefined ? memorySink() : undefined;
    const sink: RowSink = hooks.sink ?? ownSink!;
    const writer = createWriter(format, sink, { schema });
    const scanner = createPiiScanner({
      ...(resolved.reference === undefined ? {} : { reference: resolved.reference }),
      ...(request.options?.pii === undefined ? {} : { policy: request.options.pii }),
    });
    const profiler: Profiler =
      resolved.reference === undefined
        ? createProfiler({ schema })
        : createProfiler({
            plan: buildPlan({ schema: schemaColumns(schema), reference: resolved.reference }).plan,
            schema,
          });

    const range = { seed, offset: 0, count: rowCount, ...(request.refs === undefined ? {} : { refs: request.refs }) };
    const source = hooks.rowSource ? hooks.rowSource(schema, range) : inThreadRows(compiled, range);
    let mark = performance.now();
    const consume = async (batch: readonly JsonValue[]): Promise<void> => {
      let now = performance.now();
      generateMs += now - mark;
      mark = now;
      for (const row of batch) {
        const pending = writer.write(row);
        if (pending !== undefined) await pending;
      }
      now = performance.now();
      writeMs += now - mark;
      mark = now;
      for (const row of batch) scanner.add(row);
      now = performance.now();
      scanMs += now - mark;
      mark = now;
      for (const row of batch) profiler.add(row);
      now = performance.now();
      profileMs += now - mark;
      mark = now;
      rowsDone += batch.length;
      progress('generate', rowsDone);
      check();
    };
    if (Symbol.asyncIterator in source) for await (const batch of source) await consume(batch);
    else for (const batch of source) await consume(batch);
    if (rowsDone !== rowCount) throw new SdgError('SDG_ERR_INTERNAL', `the row source gave ${rowsDone} rows, ${rowCount} were asked for`);
    mark = performance.now();
    await writer.end();
    writeMs += performance.now() - mark;
    await emit({ type: 'DataGenCompleted', data: { ...base, duration: round(generateMs + writeMs) } });

    mark = performance.now();
    const pii: PiiScanResult = scanner.finish();
    scanMs += performance.now() - mark;
    if (pii.findings.length > 0) {
      await emit({
        type: 'PIIDetected',
        data: {
          ...base,
          verdict: pii.verdict,
          fields: [...new Set(pii.findings.map((f) => f.column))],
          entities: [...new Set(pii.findings.map((f) => f.entity))],
          blocking: pii.findings.filter((f) => f.severity === 'blocking').length,
        },
      });
    }

    check();
    progress('evaluate', rowsDone);
    mark = performance.now();
    const evaluation: EvaluationReport = evaluateProfile(profiler, {
      ...(resolved.reference === undefined ? {} : { reference: resolved.reference as unknown[] }),
      ...(request.options?.thresholds === undefined ? {} : { thresholds: request.options.thresholds }),
      warnings: resolved.warnings,
    });
    const evaluateMs = performance.now() - mark;
    await emit({
      type: 'EvalCompleted',
      data: { ...base, status: evaluation.status, duration: round(evaluateMs), metrics: metricsOf(evaluation) },
    });

    check();
    progress('visualize', rowsDone);
    mark = performance.now();
    const drawn = viz.enabled === false ? { charts: [], skipped: [] } : await drawCharts(profiler, viz, resolved.reference);
    const visualizeMs = performance.now() - mark;
    if (viz.enabled !== false) {
      await emit({
        type: 'VizCompleted',
        data: {
          ...base,
          chartTypes: [...new Set(drawn.charts.map((c) => c.kind))],
          charts: drawn.charts.length,
          duration: round(visualizeMs),
        },
      });
    }
    progress('done', rowsDone);
    return {
      status: 'succeeded',
      schema,
      schemaFingerprint,
      rowCount,
      seed,
      format,
      ...(ownSink === undefined ? {} : { dataset: { bytes: ownSink.bytes(), mediaType: MEDIA_TYPES[format] } }),
      evaluation,
      pii,
      charts: drawn.charts,
      chartsSkipped: drawn.skipped,
      timings: {
        inferMs: round(resolved.inferMs),
        generateMs: round(generateMs),
        writeMs: round(writeMs),
        scanMs: round(scanMs),
        profileMs: round(profileMs),
        evaluateMs: round(evaluateMs),
        visualizeMs: round(visualizeMs),
        totalMs: round(performance.now() - started),
      },
      warnings: resolved.warnings,
    };
  } catch (error) {
    const failure =
      error instanceof SdgError
        ? error.toJSON().error
        : { code: 'SDG_ERR_INTERNAL', message: error instanceof Error ? error.message : String(error) };
    await emit({
      type: 'DataGenFailed',
      data: {
        ...base,
        rowsDone,
        stage: currentStage,
        error: failure as unknown as JsonValue,
        duration: round(performance.now() - started),
      },
    });
    throw error;
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** The headline numbers of a report, for the audit event (the full report is stored with the run). */
function metricsOf(report: EvaluationReport): Record<string, JsonValue> {
  const { quality, columnShapes, columnPairTrends, validity, exactCopyRate, checks } = report.summary;
  return { quality, columnShapes, columnPairTrends, validity, exactCopyRate, checks: { ...checks } };
}
