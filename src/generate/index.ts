/**
 * Public face of the generator: compile a JSON Schema once, then draw any row range from it.
 *
 * Row i of a run is a pure function of (schema, seed, i), so `generate(schema, {offset: k, count: n})`
 * yields exactly rows k … k+n-1 of the full run, whatever process or thread computes them.
 */
import { SdgError } from '../core/errors.js';
import { fingerprint } from '../core/canonical.js';
import type { JsonSchema, JsonValue } from '../core/types.js';
import type { Draft } from '../schema/drafts.js';
import { Engine } from './engine.js';
import { JsonOut } from './json-out.js';

export interface GenerateOptions {
  /** Number of instances (default 1). */
  readonly count?: number;
  /** Seed: same schema + seed + row index ⇒ same value (default 0). */
  readonly seed?: number | string;
  /** Index of the first row (default 0). */
  readonly offset?: number;
  /** Remote schemas by absolute URI, for `$ref`s that leave the document. Nothing is fetched. */
  readonly refs?: Readonly<Record<string, JsonSchema>>;
  /** Dialect for a schema without `$schema` (default 2020-12). */
  readonly draft?: Draft;
  /** Probability that an optional property is present (default 0.75). */
  readonly optionalProbability?: number;
  /** Check every instance against the schema with Ajv before returning it (default true). */
  readonly validate?: boolean;
}

export interface CompiledSchema {
  readonly fingerprint: string;
  readonly draft: Draft;
  /**
   * Every instance is valid by construction (the schema uses only keywords the generators meet exactly), so
   * rows skip the per-row Ajv check; otherwise, with `validate` on, every row is checked.
   */
  readonly exact: boolean;
  /** Row `index` of the run. */
  row(index: number): JsonValue;
  /** Rows offset … offset+count-1. */
  rows(offset: number, count: number): Iterable<JsonValue>;
  /**
   * Rows offset … offset+count-1 as JSON Lines in UTF-8: byte for byte `JSON.stringify(row(i)) + '\n'` for each
   * row, written without building the rows as objects where the schema compiles to a row program.
   */
  jsonl(offset: number, count: number): Uint8Array;
}

export function checkCount(value: unknown, name: string, maximum = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new SdgError('SDG_ERR_BAD_OPTION', `${name} must be a non-negative integer, got ${JSON.stringify(value)}`, {
      pointer: `/${name}`,
      hint: `pass a whole number from 0 to ${maximum}`,
    });
  }
  if (value > maximum) {
    throw new SdgError('SDG_ERR_BAD_OPTION', `${name} ${value} is above the maximum of ${maximum}`, {
      pointer: `/${name}`,
      hint: 'generate in chunks with offset/count, or raise the configured maximum',
    });
  }
  return value;
}

/** Compiles a schema for repeated row generation. */
export function compileSchema(schema: JsonSchema, options: Omit<GenerateOptions, 'count' | 'offset'> = {}): CompiledSchema {
  if (!(typeof schema === 'boolean' || (schema !== null && typeof schema === 'object' && !Array.isArray(schema)))) {
    throw new SdgError('SDG_ERR_INVALID_SCHEMA', 'a schema must be a JSON object or a boolean', {
      pointer: '',
      hint: 'pass a JSON Schema object such as {"type": "object", "properties": {…}}',
    });
  }
  const engine = new Engine(schema, {
    ...(options.draft !== undefined ? { draft: options.draft } : {}),
    ...(options.refs !== undefined ? { refs: options.refs } : {}),
    ...(options.optionalProbability !== undefined ? { optionalProbability: options.optionalProbability } : {}),
    ...(options.validate !== undefined ? { validate: options.validate } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  const out = new JsonOut();
  return {
    fingerprint: fingerprint(schema),
    draft: engine.registry.draft,
    exact: engine.exact,
    row: (index) => engine.row(index),
    *rows(offset, count) {
      for (let i = 0; i < count; i++) yield engine.row(offset + i);
    },
    jsonl(offset, count) {
      for (let i = 0; i < count; i++) engine.writeJsonl(offset + i, out);
      return out.take();
    },
  };
}

/**
 * Generates `count` instances of `schema` (rows offset … offset+count-1 of the seeded run).
 *
 * @example
 *   for (const customer of generate(schema, { count: 10, seed: 1 })) console.log(customer);
 */
export function generate(schema: JsonSchema, options: GenerateOptions = {}): Iterable<JsonValue> {
  const count = checkCount(options.count ?? 1, 'count');
  const offset = checkCount(options.offset ?? 0, 'offset');
  const compiled = compileSchema(schema, options);
  return compiled.rows(offset, count);
}

export { Engine } from './engine.js';
export type { EngineOptions } from './engine.js';
export { JsonOut } from './json-out.js';
