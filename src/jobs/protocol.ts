/**
 * Messages between the pool (main thread) and its generator workers, and how errors cross the thread
 * boundary: structured clone keeps only an Error's name, message and stack, so an SdgError's code, pointer
 * and hint travel as plain fields and are rebuilt on the other side.
 */
import { ERROR_CODES, SdgError, type ErrorCode } from '../core/errors.js';
import type { JsonSchema, JsonValue } from '../core/types.js';
import type { Draft } from '../schema/index.js';

/** What a worker hands back for a row range: row objects, or JSONL text encoded by the real writer. */
export type ChunkEncoding = 'rows' | 'jsonl';

export interface WorkerInit {
  readonly schema: JsonSchema;
  readonly seed?: number | string;
  readonly refs?: Readonly<Record<string, JsonSchema>>;
  readonly draft?: Draft;
  readonly optionalProbability?: number;
  readonly validate?: boolean;
  readonly encoding: ChunkEncoding;
}

export interface WorkerData {
  /** Module URL of the worker when the pool runs from TypeScript source (loaded through tsx). */
  readonly entry?: string;
  /** tsx's ESM API, registered by the bootstrap before `entry` is imported. */
  readonly tsxApi?: string;
  readonly init: WorkerInit;
}

/** Main → worker: generate rows start … start+count-1. */
export interface RangeRequest {
  readonly id: number;
  readonly start: number;
  readonly count: number;
}

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: string;
  readonly pointer?: string;
  readonly hint?: string;
}

/**
 * Worker → main. `count` rows were produced (all of them unless `error` is set, in which case they are the
 * rows before the failing one, so the pool can emit exactly what a single-threaded run would have).
 */
export interface RangeResult {
  readonly id: number;
  readonly count: number;
  readonly rows?: JsonValue[];
  readonly text?: string;
  readonly error?: SerializedError;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof SdgError) {
    return {
      name: error.name,
      message: error.message,
      code: error.code,
      ...(error.stack === undefined ? {} : { stack: error.stack }),
      ...(error.pointer === undefined ? {} : { pointer: error.pointer }),
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    };
  }
  if (error instanceof Error) {
    return { name: error.name, message: error.message, ...(error.stack === undefined ? {} : { stack: error.stack }) };
  }
  return { name: 'Error', message: String(error) };
}

function isErrorCode(code: string | undefined): code is ErrorCode {
  return code !== undefined && Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}

export function deserializeError(data: SerializedError): Error {
  let error: Error;
  if (isErrorCode(data.code)) {
    error = new SdgError(data.code, data.message, {
      ...(data.pointer === undefined ? {} : { pointer: data.pointer }),
      ...(data.hint === undefined ? {} : { hint: data.hint }),
    });
  } else {
    error = new Error(data.message);
    error.name = data.name;
  }
  // The worker's stack is the one that says where it went wrong; the main thread's would only show the pool.
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}
