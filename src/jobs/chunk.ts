/**
 * One chunk of a distributed run: rows start … start+count-1 go through the real dataset writer into the
 * artifact store, and through a PII scanner and a profiler whose states are stored beside them for the
 * finaliser to merge. Row i is a pure function of (schema, seed, i), so a chunk computed twice (its worker
 * died, another took it over) gives the same bytes and the same digest.
 *
 *   spec (artifact) ─► compile ─► rows[start, start+count) ─┬─► writer ─► artifact (dataset slice)
 *                                                           ├─► PII scanner ─► artifact (scan JSON)
 *                                                           └─► profiler(plan, rowOffset) ─► artifact (profile JSON)
 *
 * The loop yields to the event loop between batches: BullMQ renews the job's lock on a timer, and a chunk
 * that starved it would be taken for dead and handed to a second worker while still running.
 */
import { SdgError, fingerprint, type JsonSchema, type JsonValue } from '../core/index.js';
import { createProfiler, type ProfilePlan } from '../evaluate/index.js';
import { compileSchema, type CompiledSchema } from '../generate/index.js';
import { columnsFromSchema, createWriter, type OutputFormat } from '../generate/writers/index.js';
import { createPiiScanner, type PiiPolicy } from '../pii/index.js';
import type { PipelineRequest } from '../pipeline/index.js';
import { assertLintClean, lintSchema } from '../schema/index.js';
import type { ArtifactStore } from '../store/index.js';
import type { ChunkJob, ChunkOutcome } from './contracts.js';

/** Everything every chunk of one run shares; stored once as an artifact, named in each chunk job. */
export interface ChunkSpec {
  readonly specVersion: 1;
  readonly schema: JsonSchema;
  readonly schemaFingerprint: string;
  readonly seed: number | string;
  readonly format: OutputFormat;
  readonly rowCount: number;
  readonly refs?: Readonly<Record<string, JsonSchema>>;
  readonly pii?: PiiPolicy;
  /** The profile plan, fixed once so that every chunk's profile can merge with every other. */
  readonly plan: ProfilePlan;
}

/** Formats whose chunk outputs join into exactly the bytes of one writer (see join.ts). */
/**
 * Formats a chunked run can produce. Parquet's row groups do not concatenate, so its chunks write JSON Lines
 * slices and the join re-encodes them, in row order, through one Parquet writer (join.ts).
 */
export const JOINABLE_FORMATS: readonly OutputFormat[] = ['jsonl', 'json', 'csv', 'parquet'];

/** The format a chunk writes its slice in. */
export function sliceFormat(format: OutputFormat): OutputFormat {
  return format === 'parquet' ? 'jsonl' : format;
}

const BATCH_ROWS = 1024;
/** Rows the profiler buffers to fix column kinds when the schema alone does not (its default). */
const PLAN_ROWS = 1000;
const YIELD_MS = 50;
const PROGRESS_MS = 250;

/**
 * The chunk spec of a request, or undefined when the run cannot be chunked and must run as one job: a
 * sample to learn from (its reference is needed whole), a schema
 * that does not lint or compile (one job reports that failure with its pointer), or CSV whose columns the
 * schema does not fix (each chunk would take its header from its own first row).
 */
export function chunkSpecOf(request: PipelineRequest): ChunkSpec | undefined {
  if (request.schema === undefined || request.sample !== undefined) return undefined;
  const format = request.format ?? 'jsonl';
  if (!JOINABLE_FORMATS.includes(format)) return undefined;
  const schema = request.schema;
  const seed = request.seed ?? 0;
  let compiled: CompiledSchema;
  try {
    assertLintClean(lintSchema(schema, request.refs === undefined ? {} : { refs: request.refs }));
    compiled = compileSchema(schema, { seed, ...(request.refs === undefined ? {} : { refs: request.refs }) });
  } catch {
    return undefined;
  }
  if (format === 'csv' && (columnsFromSchema(schema)?.length ?? 0) === 0) return undefined;
  // The single-pass profiler fixes its plan from the run's first rows when the schema leaves kinds open;
  // fixing it here from the same rows gives every chunk that same plan.
  const profiler = createProfiler({ schema, validate: false });
  try {
    for (let i = 0; i < Math.min(PLAN_ROWS, request.rowCount); i++) profiler.add(compiled.row(i));
  } catch {
    return undefined;
  }
  return {
    specVersion: 1,
    schema,
    schemaFingerprint: fingerprint(schema),
    seed,
    format,
    rowCount: request.rowCount,
    ...(request.refs === undefined ? {} : { refs: request.refs }),
    ...(request.options?.pii === undefined ? {} : { pii: request.options.pii }),
    plan: profiler.plan,
  };
}

export async function loadSpec(artifacts: ArtifactStore, digest: string): Promise<ChunkSpec> {
  const bytes = await artifacts.get(digest);
  if (bytes === undefined)
    throw new SdgError('SDG_ERR_NOT_FOUND', `chunk spec ${digest} is missing from the artifact store`, {
      hint: 'every worker must reach the same artifact folder (SYNTHDATAGEN_ARTIFACT_DIR on a shared volume)',
    });
  return JSON.parse(bytes.toString('utf8')) as ChunkSpec;
}

const compiledCache = new Map<string, { spec: ChunkSpec; compiled: CompiledSchema }>();

/** A worker runs many chunks of one run in a row: compile its schema once. */
async function compiledFor(artifacts: ArtifactStore, digest: string): Promise<{ spec: ChunkSpec; compiled: CompiledSchema }> {
  const cached = compiledCache.get(digest);
  if (cached !== undefined) return cached;
  const spec = await loadSpec(artifacts, digest);
  const compiled = compileSchema(spec.schema, { seed: spec.seed, ...(spec.refs === undefined ? {} : { refs: spec.refs }) });
  if (compiledCache.size >= 4) compiledCache.delete(compiledCache.keys().next().value as string);
  const entry = { spec, compiled };
  compiledCache.set(digest, entry);
  return entry;
}

/** The first line of a slice (skipped by the join): it makes the slice's bytes, so its digest, the run's own. */
export function sliceMarker(job: Pick<ChunkJob, 'runId' | 'index'>): string {
  return `synthdatagen slice ${JSON.stringify(job.runId)} chunk ${job.index}\n`;
}

export interface ChunkHooks {
  readonly signal?: AbortSignal;
  /** Rows of this chunk done so far (throttled by the caller's needs; called at most every 250 ms). */
  readonly progress?: (rowsDone: number) => void;
}

function errorOf(error: unknown): { code: string; message: string; pointer?: string; hint?: string } {
  if (error instanceof SdgError) return error.toJSON().error;
  return { code: 'SDG_ERR_INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Computes one chunk. A generation error is a result (the run fails with it, as a single pass would); a
 * cancelled run gives `{cancelled}`; only infrastructure errors (artifact store, Redis) throw, so BullMQ
 * retries them.
 */
export async function processChunk(artifacts: ArtifactStore, job: ChunkJob, hooks: ChunkHooks = {}): Promise<ChunkOutcome> {
  const { spec, compiled } = await compiledFor(artifacts, job.spec);
  const out = await artifacts.createWriter();
  const marker = Buffer.from(sliceMarker(job));
  await out.write(marker);
  const writer = createWriter(sliceFormat(spec.format), out, { schema: spec.schema });
  const scanner = createPiiScanner(spec.pii === undefined ? {} : { policy: spec.pii });
  const profiler = createProfiler({ plan: spec.plan, schema: spec.schema, rowOffset: job.start });
  const timings = { generateMs: 0, writeMs: 0, scanMs: 0, profileMs: 0 };
  let rowsDone = 0;
  let lastYield = performance.now();
  let lastProgress = lastYield;
  try {
    const end = job.start + job.count;
    for (let first = job.start; first < end; first += BATCH_ROWS) {
      const n = Math.min(BATCH_ROWS, end - first);
      let mark = performance.now();
      const batch = new Array<JsonValue>(n);
      try {
        for (let i = 0; i < n; i++) batch[i] = compiled.row(first + i);
      } catch (error) {
        // Rows before the failing one were fine; report how far the run got, as runPipeline does.
        let done = 0;
        while (done < n && batch[done] !== undefined) done++;
        await out.abort();
        return { index: job.index, start: job.start, rowsDone: rowsDone + done, error: errorOf(error) };
      }
      let now = performance.now();
      timings.generateMs += now - mark;
      mark = now;
      try {
        for (const row of batch) {
          const pending = writer.write(row);
          if (pending !== undefined) await pending;
        }
      } catch (error) {
        if (!(error instanceof SdgError) || error.code === 'SDG_ERR_IO') throw error;
        await out.abort();
        return { index: job.index, start: job.start, rowsDone, error: errorOf(error) };
      }
      now = performance.now();
      timings.writeMs += now - mark;
      mark = now;
      for (const row of batch) scanner.add(row);
      now = performance.now();
      timings.scanMs += now - mark;
      mark = now;
      for (const row of batch) profiler.add(row);
      now = performance.now();
      timings.profileMs += now - mark;
      rowsDone += n;
      if (now - lastProgress >= PROGRESS_MS) {
        lastProgress = now;
        hooks.progress?.(rowsDone);
      }
      if (now - lastYield >= YIELD_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
      if (hooks.signal?.aborted) {
        await out.abort();
        return { index: job.index, cancelled: true };
      }
    }
    await writer.end();
  } catch (error) {
    await out.abort();
    throw error;
  }
  const dataset = await out.commit();
  const owner = { run: job.runId, chunk: job.index };
  const profile = await artifacts.putBytes(JSON.stringify({ ...owner, profile: profiler.toJSON() }));
  const pii = await artifacts.putBytes(JSON.stringify({ ...owner, pii: scanner.finish() }));
  hooks.progress?.(rowsDone);
  const round = (ms: number): number => Math.round(ms * 100) / 100;
  return {
    index: job.index,
    start: job.start,
    count: job.count,
    dataset: { digest: dataset.digest, size: dataset.size, offset: marker.length },
    profile: profile.digest,
    pii: pii.digest,
    timings: {
      generateMs: round(timings.generateMs),
      writeMs: round(timings.writeMs),
      scanMs: round(timings.scanMs),
      profileMs: round(timings.profileMs),
    },
  };
}
