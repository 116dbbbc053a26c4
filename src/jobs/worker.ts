/**
 * Generator worker: compiles the schema once, then answers row-range requests until terminated. Requests
 * are independent (row i depends only on schema, seed and i), so any worker may serve any range.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileSchema, type CompiledSchema } from '../generate/index.js';
import { createWriter, type RowSink } from '../generate/writers/index.js';
import type { JsonValue } from '../core/types.js';
import { serializeError, type RangeRequest, type RangeResult, type WorkerData, type WorkerInit } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('src/jobs/worker is a worker_threads entry point, not a module to import');

const { init } = workerData as WorkerData;

let compiled: CompiledSchema | undefined;
let compileError: unknown;
try {
  compiled = compileSchema(init.schema, options(init));
} catch (error) {
  // Reported with the first request rather than now, so it reaches the consumer in row order like any other.
  compileError = error;
}

function options(i: WorkerInit): Parameters<typeof compileSchema>[1] {
  return {
    ...(i.seed === undefined ? {} : { seed: i.seed }),
    ...(i.refs === undefined ? {} : { refs: i.refs }),
    ...(i.draft === undefined ? {} : { draft: i.draft }),
    ...(i.optionalProbability === undefined ? {} : { optionalProbability: i.optionalProbability }),
    ...(i.validate === undefined ? {} : { validate: i.validate }),
  };
}

function rowsFor(schema: CompiledSchema, request: RangeRequest): RangeResult {
  const rows: JsonValue[] = [];
  try {
    for (let i = 0; i < request.count; i++) rows.push(schema.row(request.start + i));
  } catch (error) {
    return { id: request.id, count: rows.length, rows, error: serializeError(error) };
  }
  return { id: request.id, count: rows.length, rows };
}

/** Encodes through the real JSONL writer so parallel text is byte-identical to a single-threaded write. */
async function jsonlFor(schema: CompiledSchema, request: RangeRequest): Promise<RangeResult> {
  const parts: string[] = [];
  const decoder = new TextDecoder();
  const sink: RowSink = {
    write(chunk) {
      parts.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk));
    },
  };
  const writer = createWriter('jsonl', sink);
  let count = 0;
  let failure: unknown;
  try {
    for (; count < request.count; count++) await writer.write(schema.row(request.start + count));
  } catch (error) {
    failure = error;
  }
  await writer.end();
  const text = parts.join('');
  return failure === undefined ? { id: request.id, count, text } : { id: request.id, count, text, error: serializeError(failure) };
}

// Requests are handled strictly one after another: an async handler could otherwise interleave two ranges.
let queue: Promise<void> = Promise.resolve();

port.on('message', (request: RangeRequest) => {
  queue = queue.then(async () => {
    let result: RangeResult;
    if (compiled === undefined) result = { id: request.id, count: 0, error: serializeError(compileError) };
    else if (init.encoding === 'jsonl') result = await jsonlFor(compiled, request);
    else result = rowsFor(compiled, request);
    port.postMessage(result);
  });
});
