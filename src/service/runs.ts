/**
 * Runs as the service executes them: resolve what to generate (inline schema, library schema, template or
 * sample), record the run, drive the pipeline with the audit trail attached, store every artifact under its
 * digest, and finish the run — succeeded with its results, or failed with its error. A run is never left
 * half-written: artifacts are committed before the run row points at them, and a crash mid-run leaves a
 * `running` row that the next start marks failed (see recoverInterrupted).
 */
import { SdgError, fingerprint, isPlainObject, type JsonSchema, type JsonValue } from '../core/index.js';
import { createWriter, memorySink, type OutputFormat, type RowSink } from '../generate/writers/index.js';
import { runPipeline, type PipelineEvent, type PipelineRequest, type PipelineResult, type RowSource } from '../pipeline/index.js';
import type { ArtifactStore, RunRecord, Store } from '../store/index.js';
import { EXTENSIONS, storeRunArtifacts, type RunUpdate } from '../jobs/index.js';
import type { AuditAppend, Principal } from './types.js';

export { EXTENSIONS };

/** The body of POST /api/syntheticDataPipeline after validation (see schemas.ts). */
export interface PipelineBody {
  readonly schema?: JsonSchema;
  readonly schemaId?: string;
  readonly schemaVersion?: number;
  readonly templateId?: string;
  readonly sample?: PipelineRequest['sample'];
  readonly rowCount: number;
  readonly seed?: number | string;
  readonly format?: OutputFormat;
  readonly refs?: Readonly<Record<string, JsonSchema>>;
  readonly async?: boolean;
  readonly options?: {
    readonly visualizations?:
      | boolean
      | {
          readonly enabled?: boolean;
          readonly charts?: readonly string[];
          readonly columns?: readonly string[];
          readonly inline?: boolean;
        };
    readonly thresholds?: Record<string, unknown>;
    readonly pii?: Record<string, unknown>;
  };
}

export interface ResolvedRequest {
  readonly request: PipelineRequest;
  readonly schemaId: string | null;
  readonly schemaVersion: number | null;
  readonly templateId: string | null;
}

function notFound(what: string, id: string, pointer: string): SdgError {
  return new SdgError('SDG_ERR_NOT_FOUND', `no ${what} ${JSON.stringify(id)}`, {
    pointer,
    hint: `list them with GET /api/${what === 'template' ? 'templates' : 'schemas'}`,
  });
}

/** Turns a body naming a library schema or a template into a pipeline request with the schema inline. */
export async function resolveBody(
  store: Store,
  body: PipelineBody,
  defaults: Readonly<Record<string, JsonValue>>,
): Promise<ResolvedRequest> {
  const sources = (['schema', 'schemaId', 'templateId', 'sample'] as const).filter((k) => body[k] !== undefined);
  if (sources.length !== 1) {
    throw new SdgError(
      'SDG_ERR_BAD_REQUEST',
      sources.length === 0 ? 'say what to generate' : `give one of ${sources.join(', ')}, not several`,
      {
        pointer: sources.length === 0 ? '/schema' : `/${sources[1]}`,
        hint: 'send exactly one of schema, schemaId, templateId or sample',
      },
    );
  }
  let schema = body.schema;
  let schemaId: string | null = null;
  let schemaVersion: number | null = null;
  let templateId: string | null = null;
  let templateDefaults: Record<string, unknown> = {};
  if (body.schemaId !== undefined) {
    const version = await store.schemas.getVersion(body.schemaId, body.schemaVersion);
    if (version === undefined) {
      if ((await store.schemas.get(body.schemaId)) === undefined) throw notFound('schema', body.schemaId, '/schemaId');
      throw notFound('version', String(body.schemaVersion), '/schemaVersion');
    }
    schema = version.content as JsonSchema;
    schemaId = version.schemaId;
    schemaVersion = version.version;
  } else if (body.templateId !== undefined) {
    const template = await store.templates.get(body.templateId);
    if (template === undefined) throw notFound('template', body.templateId, '/templateId');
    const content = template.content;
    if (!isPlainObject(content) || content.schema === undefined)
      throw new SdgError('SDG_ERR_CONFLICT', `template ${template.name} has no schema`, {
        pointer: '/templateId',
        hint: 'edit the template to add a "schema"',
      });
    schema = content.schema as JsonSchema;
    templateId = template.id;
    templateDefaults = content;
  }
  const defaultThresholds = defaults.defaultThresholds;
  const options = {
    ...(isPlainObject(templateDefaults.options) ? templateDefaults.options : {}),
    ...(body.options ?? {}),
  } as NonNullable<PipelineBody['options']>;
  const thresholds = options.thresholds ?? (isPlainObject(defaultThresholds) ? defaultThresholds : undefined);
  const request: PipelineRequest = {
    ...(schema === undefined ? {} : { schema }),
    ...(body.sample === undefined ? {} : { sample: body.sample }),
    rowCount: body.rowCount,
    seed: body.seed ?? (typeof templateDefaults.seed === 'number' || typeof templateDefaults.seed === 'string' ? templateDefaults.seed : 0),
    format:
      body.format ??
      (templateDefaults.format as OutputFormat | undefined) ??
      (defaults.defaultFormat as OutputFormat | undefined) ??
      'jsonl',
    ...(body.refs === undefined ? {} : { refs: body.refs }),
    options: {
      visualizations: visualizationsOf(options.visualizations),
      ...(thresholds === undefined ? {} : { thresholds: thresholds as never }),
      ...(options.pii === undefined ? {} : { pii: options.pii as never }),
    },
  };
  return { request, schemaId, schemaVersion, templateId };
}

/**
 * What the pipeline draws for a service run: specs and SVG always, PNGs only when the answer carries them
 * inline (or `png: true`); the rest are drawn when first fetched (SynthService.artifact).
 */
function visualizationsOf(
  requested: NonNullable<PipelineBody['options']>['visualizations'],
): NonNullable<NonNullable<PipelineRequest['options']>['visualizations']> {
  if (requested === false) return false;
  const selection = requested === undefined || requested === true ? {} : requested;
  const { inline, png, ...rest } = selection as { inline?: boolean; png?: boolean } & Record<string, unknown>;
  return { ...rest, png: inline === true || png === true } as never;
}

/** The stored form of a request: an inline sample is summarised, not kept (it may be real data). */
export function storedRequest(body: PipelineBody): JsonValue {
  const { sample, ...rest } = body;
  const kept = JSON.parse(JSON.stringify(rest)) as Record<string, JsonValue>;
  if (sample !== undefined) {
    kept.sample =
      'rows' in sample
        ? { rows: sample.rows.length, name: sample.name ?? null }
        : { bytes: sample.text.length, name: sample.name ?? null, format: sample.format ?? null };
  }
  return kept;
}

export interface ExecuteDeps {
  readonly store: Store;
  readonly artifacts: ArtifactStore;
  readonly audit: AuditAppend;
  /** A worker pool for large runs (undefined: generate in this thread). */
  readonly rowSourceFor?: (rowCount: number) => RowSource | undefined;
  readonly maxRows: number;
  /** Datasets up to this many rows are built in memory before they are stored; larger ones stream to a file. */
  readonly inMemoryRows?: number;
}

export interface ExecutedRun {
  readonly run: RunRecord;
  readonly result?: PipelineResult;
}

/** Everything a run's report needs, as stored in report.json. */
export function reportDocument(run: RunRecord, result: PipelineResult, charts: readonly JsonValue[]): JsonValue {
  return JSON.parse(
    JSON.stringify({
      reportVersion: 1,
      runId: run.id,
      createdAt: run.createdAt,
      parameters: { rowCount: result.rowCount, seed: result.seed, format: result.format, request: run.request },
      schemaFingerprint: result.schemaFingerprint,
      timings: result.timings,
      evaluation: result.evaluation,
      pii: result.pii,
      charts,
      chartsSkipped: result.chartsSkipped,
      warnings: result.warnings,
    }),
  ) as JsonValue;
}

/**
 * Executes one recorded run (status queued or running) to its end. Never throws for a failed run: the run
 * row says failed; it throws only when the database itself cannot be written.
 */
export async function executeRun(
  deps: ExecuteDeps,
  run: RunRecord,
  resolved: ResolvedRequest,
  principal: Principal,
  options: { readonly signal?: AbortSignal; readonly publish?: (update: RunUpdate) => void } = {},
): Promise<ExecutedRun> {
  const { store, artifacts, audit } = deps;
  if (run.status === 'queued') await store.runs.start(run.id);
  const started = performance.now();
  const buffered = run.rowCount <= (deps.inMemoryRows ?? 200_000);
  const memory = buffered ? memorySink() : undefined;
  const writer = buffered ? undefined : await artifacts.createWriter();
  const sink: RowSink = memory ?? writer!;
  const onEvent = async (event: PipelineEvent): Promise<void> => {
    await audit({ type: event.type, runId: run.id, principal, payload: event.data });
  };
  try {
    const rowSource = deps.rowSourceFor?.(run.rowCount);
    const result = await runPipeline(resolved.request, {
      sink,
      onEvent,
      maxRows: deps.maxRows,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(rowSource ? { rowSource } : {}),
      ...(options.publish
        ? {
            onProgress: (p) =>
              options.publish!({ type: 'progress', stage: p.stage, rowsDone: p.rowsDone, rowCount: p.rowCount, fraction: p.fraction }),
          }
        : {}),
    });
    const datasetRef = memory ? await artifacts.putBytes(memory.bytes()) : await writer!.commit();
    const finished = await storeRunArtifacts({ store, artifacts, report: reportDocument, piiSummary }, run, result, {
      digest: datasetRef.digest,
      size: datasetRef.size,
      durationMs: performance.now() - started,
    });
    return { run: finished, result };
  } catch (error) {
    if (writer) await writer.abort().catch(() => undefined);
    const failure =
      error instanceof SdgError
        ? error.toJSON().error
        : { code: 'SDG_ERR_INTERNAL', message: error instanceof Error ? error.message : String(error) };
    const status = failure.code === 'SDG_ERR_CANCELLED' ? 'cancelled' : 'failed';
    const finished = await store.runs.finish(run.id, { status, error: failure, durationMs: performance.now() - started });
    return { run: finished ?? (await store.runs.get(run.id))! };
  }
}

export function piiSummary(result: PipelineResult): JsonValue {
  const { pii } = result;
  return JSON.parse(
    JSON.stringify({
      verdict: pii.verdict,
      wouldBlock: pii.wouldBlock,
      rowsScanned: pii.rowsScanned,
      columnsScanned: pii.columnsScanned,
      findings: pii.findings,
    }),
  ) as JsonValue;
}

/** Re-encodes a finished run's dataset in another format: same schema, seed and count ⇒ the same rows. */
export async function convertDataset(
  schema: JsonSchema,
  run: RunRecord,
  format: OutputFormat,
  sink: RowSink,
  rows: (schema: JsonSchema, seed: number | string, count: number) => Iterable<JsonValue>,
): Promise<void> {
  const writer = createWriter(format, sink, { schema });
  for (const row of rows(schema, run.seed ?? 0, run.rowCount)) {
    const pending = writer.write(row);
    if (pending !== undefined) await pending;
  }
  await writer.end();
}

export { fingerprint };
