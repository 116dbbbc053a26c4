/**
 * Parallel generation on a worker-thread pool.
 *
 * Rows are a pure function of (schema, seed, row index), so the run is cut into fixed row ranges
 * ("chunks") that any worker can compute; the main thread only hands out ranges and re-emits the results
 * in row order. Output is therefore identical to the single-threaded `generate`, whatever the worker count
 * or chunk size.
 *
 * Memory stays flat however many rows are asked for: at most `maxInFlight` chunks are requested but not yet
 * consumed, and new ranges are requested only as the consumer pulls (a slow sink slows the workers instead
 * of filling the heap).
 */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SdgError } from '../core/errors.js';
import type { JsonSchema, JsonValue } from '../core/types.js';
import type { Draft } from '../schema/index.js';
import { deserializeError, type ChunkEncoding, type RangeRequest, type RangeResult, type WorkerData, type WorkerInit } from './protocol.js';

export interface ParallelOptions {
  /** Number of rows (required). */
  readonly count: number;
  /** Seed of the run (default 0), as for `generate`. */
  readonly seed?: number | string;
  /** Index of the first row (default 0). */
  readonly offset?: number;
  readonly refs?: Readonly<Record<string, JsonSchema>>;
  readonly draft?: Draft;
  readonly optionalProbability?: number;
  readonly validate?: boolean;
  /** Worker threads (default: available cores, at most 8). Fewer are started when there are fewer chunks. */
  readonly workers?: number;
  /** Rows per range handed to a worker (default 1000). */
  readonly chunkSize?: number;
  /** Chunks requested but not yet consumed (default 4 per worker); bounds memory. */
  readonly maxInFlight?: number;
}

/** A run of consecutive rows, pre-encoded as JSON Lines (each row `JSON.stringify`'d plus `\n`). */
export interface JsonlChunk {
  /** Index of the first row in `text`. */
  readonly start: number;
  /** Rows in `text`. */
  readonly count: number;
  readonly text: string;
}

export const DEFAULT_CHUNK_SIZE = 1000;
const MAX_WORKERS = 256;

export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/**
 * Rows offset … offset+count-1 of the seeded run, in order, as arrays of consecutive rows.
 * Breaking out of the loop stops and terminates the workers.
 */
export async function* generateParallel(schema: JsonSchema, options: ParallelOptions): AsyncGenerator<JsonValue[], void, undefined> {
  for await (const result of run(schema, options, 'rows')) {
    if (result.rows !== undefined && result.rows.length > 0) yield result.rows;
  }
}

/**
 * The same rows as `generateParallel`, encoded in the workers by the JSONL writer: the main thread only
 * concatenates text, which keeps it free for I/O when rows are cheap to generate.
 */
export async function* generateParallelJsonl(schema: JsonSchema, options: ParallelOptions): AsyncGenerator<JsonlChunk, void, undefined> {
  for await (const result of run(schema, options, 'jsonl')) {
    if (result.count > 0) yield { start: result.start, count: result.count, text: result.text ?? '' };
  }
}

interface OrderedResult {
  readonly start: number;
  readonly count: number;
  readonly rows?: JsonValue[];
  readonly text?: string;
}

// Not generate's checkCount: importing the engine here would load it (faker, Ajv) into the main thread, which
// only hands out row ranges; the workers load it.
function rowNumber(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new SdgError('SDG_ERR_BAD_OPTION', `${name} must be a non-negative integer, got ${JSON.stringify(value)}`, {
      pointer: `/${name}`,
      hint: `pass a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`,
    });
  }
  return value;
}

function positiveInteger(value: unknown, name: string, maximum: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > maximum) {
    throw new SdgError('SDG_ERR_BAD_OPTION', `${name} must be an integer from 1 to ${maximum}, got ${JSON.stringify(value)}`, {
      pointer: `/${name}`,
    });
  }
  return value;
}

async function* run(schema: JsonSchema, options: ParallelOptions, encoding: ChunkEncoding): AsyncGenerator<OrderedResult, void, undefined> {
  const count = rowNumber(options.count, 'count');
  const offset = rowNumber(options.offset ?? 0, 'offset');
  if (offset + count > Number.MAX_SAFE_INTEGER) {
    throw new SdgError('SDG_ERR_BAD_OPTION', `offset + count exceeds ${Number.MAX_SAFE_INTEGER}`, { pointer: '/offset' });
  }
  const chunkSize = positiveInteger(options.chunkSize ?? DEFAULT_CHUNK_SIZE, 'chunkSize', 10_000_000);
  const workers = positiveInteger(options.workers ?? defaultWorkerCount(), 'workers', MAX_WORKERS);
  const chunks = Math.ceil(count / chunkSize);
  if (chunks === 0) return;
  const poolSize = Math.min(workers, chunks);
  const maxInFlight = positiveInteger(options.maxInFlight ?? poolSize * 4, 'maxInFlight', 1_000_000);

  const init: WorkerInit = {
    schema,
    encoding,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.refs === undefined ? {} : { refs: options.refs }),
    ...(options.draft === undefined ? {} : { draft: options.draft }),
    ...(options.optionalProbability === undefined ? {} : { optionalProbability: options.optionalProbability }),
    ...(options.validate === undefined ? {} : { validate: options.validate }),
  };
  const pool = new Pool(init, poolSize);
  try {
    let requested = 0;
    for (let next = 0; next < chunks; next++) {
      while (requested < chunks && requested - next < maxInFlight) {
        const start = offset + requested * chunkSize;
        pool.request({ id: requested, start, count: Math.min(chunkSize, offset + count - start) });
        requested++;
      }
      const result = await pool.take(next);
      yield {
        start: offset + next * chunkSize,
        count: result.count,
        ...(result.rows ? { rows: result.rows } : {}),
        ...(result.text === undefined ? {} : { text: result.text }),
      };
      if (result.error !== undefined) throw deserializeError(result.error);
    }
  } finally {
    await pool.close();
  }
}

interface Slot {
  readonly worker: Worker;
  outstanding: number;
}

/** Where the worker module is, and how to start it from TypeScript source (tests, `tsx src/cli/main.ts`). */
function workerSpec(init: WorkerInit): { url: URL; data: WorkerData } {
  const here = import.meta.url;
  if (!new URL(here).pathname.endsWith('.ts')) return { url: new URL('./worker.js', here), data: { init } };
  // Node does not pass `--import tsx` on to worker threads, so a bootstrap registers tsx and imports the
  // .ts entry. Resolved here because a data: URL module cannot resolve bare specifiers.
  return { url: BOOTSTRAP, data: { init, entry: new URL('./worker.ts', here).href, tsxApi: tsxEsmApi(here) } };
}

/** tsx's ESM API module: its CommonJS twin, which `require.resolve` would give, mis-locates its loader. */
function tsxEsmApi(from: string): string {
  const require = createRequire(from);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = require(manifestPath) as { exports?: Record<string, { import?: { default?: string } } | string> };
  const entry = manifest.exports?.['./esm/api'];
  const file = typeof entry === 'object' ? entry.import?.default : undefined;
  if (file === undefined) throw new Error('cannot find tsx/esm/api to run the generator worker from TypeScript source');
  return pathToFileURL(join(dirname(manifestPath), file)).href;
}

const BOOTSTRAP = new URL(
  'data:text/javascript,' +
    encodeURIComponent(
      "import { workerData } from 'node:worker_threads';" +
        'const api = await import(workerData.tsxApi);' +
        '(api.register ?? api.default.register)();' +
        'await import(workerData.entry);',
    ),
);

class Pool {
  private readonly slots: Slot[] = [];
  private readonly results = new Map<number, RangeResult>();
  private waiting: { id: number; resolve: (result: RangeResult) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  private closing = false;

  constructor(init: WorkerInit, size: number) {
    const { url, data } = workerSpec(init);
    for (let i = 0; i < size; i++) {
      const worker = new Worker(url, { workerData: data });
      const slot: Slot = { worker, outstanding: 0 };
      worker.on('message', (result: RangeResult) => {
        slot.outstanding--;
        this.deliver(result);
      });
      worker.on('error', (error: Error) => this.fail(error));
      worker.on('messageerror', (error: Error) => this.fail(error));
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`generator worker exited unexpectedly with code ${code}`));
      });
      this.slots.push(slot);
    }
  }

  request(request: RangeRequest): void {
    let best = this.slots[0]!;
    for (const slot of this.slots) if (slot.outstanding < best.outstanding) best = slot;
    best.outstanding++;
    best.worker.postMessage(request);
  }

  /** Resolves with the result of chunk `id` once it has arrived. */
  take(id: number): Promise<RangeResult> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const ready = this.results.get(id);
    if (ready !== undefined) {
      this.results.delete(id);
      return Promise.resolve(ready);
    }
    return new Promise((resolve, reject) => {
      this.waiting = { id, resolve, reject };
    });
  }

  private deliver(result: RangeResult): void {
    const waiting = this.waiting;
    if (waiting !== undefined && waiting.id === result.id) {
      this.waiting = undefined;
      waiting.resolve(result);
    } else {
      this.results.set(result.id, result);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(this.failure);
  }

  async close(): Promise<void> {
    this.closing = true;
    this.results.clear();
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}
