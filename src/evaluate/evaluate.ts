/**
 * evaluate(rows, {schema?, reference?, thresholds?}): one streaming pass over the rows into a profile, then
 * the report. Memory does not grow with the number of rows (see profiler.ts for what is kept).
 */
import { SdgError } from '../core/errors.js';
import { isPlainObject, type JsonSchema } from '../core/types.js';
import { cellAt, schemaColumns } from './columns.js';
import { buildPlan, cellOf, type ProfileOptions, type ProfilePlan } from './plan.js';
import { createProfiler, type Profiler } from './profiler.js';
import { buildReport, type EvaluationReport } from './report.js';
import type { Cell } from './sdmetrics.js';
import { resolveThresholds, type ThresholdOverrides, type Thresholds } from './thresholds.js';

export interface EvaluateOptions {
  /** The row schema: validity, column kinds, x-nullRate, x-unique, enum coverage, x-distribution, x-correlations. */
  readonly schema?: JsonSchema;
  /** Real rows to compare against (an array of objects): shapes, pair trends, quality, privacy. */
  readonly reference?: readonly unknown[];
  /** Overrides of the default thresholds, e.g. `{quality: {pass: 0.9, warn: 0.75}}`. */
  readonly thresholds?: ThresholdOverrides;
  /** Sketch sizes, caps, sample size and seed (see ProfileOptions). */
  readonly profile?: Partial<ProfileOptions>;
  /** Sampled rows for NewRowSynthesis and distance to closest record (default 500). */
  readonly privacySampleSize?: number;
  /** Rows buffered to infer column kinds when neither schema nor reference fixes them (default 1000). */
  readonly inferenceRows?: number;
  /** Validate every row against the schema (default true when a schema is given). */
  readonly validate?: boolean;
  /** Warnings from reading the inputs, carried into the report. */
  readonly warnings?: readonly string[];
}

interface Prepared {
  readonly thresholds: Thresholds;
  readonly profiler: Profiler;
  readonly reference?: { readonly profiler: Profiler; readonly cells: Cell[][]; readonly rows: number };
  readonly warnings: string[];
}

function checkSchema(schema: unknown): void {
  if (schema !== undefined && typeof schema !== 'boolean' && !isPlainObject(schema)) {
    throw new SdgError('SDG_ERR_INVALID_SCHEMA', 'the schema must be a JSON object (or a boolean)', { pointer: '/schema' });
  }
}

function checkPositive(value: number | undefined, name: string): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 1))
    throw new SdgError('SDG_ERR_BAD_OPTION', `${name} must be a positive integer, got ${JSON.stringify(value)}`, { pointer: `/${name}` });
}

function prepare(options: EvaluateOptions): Prepared {
  const thresholds = resolveThresholds(options.thresholds);
  checkSchema(options.schema);
  checkPositive(options.privacySampleSize, 'privacySampleSize');
  checkPositive(options.inferenceRows, 'inferenceRows');
  const schema = options.schema;
  const validate = options.validate ?? true;
  if (options.reference === undefined) {
    const profiler = createProfiler({
      ...(schema === undefined ? {} : { schema }),
      ...(options.profile ? { options: options.profile } : {}),
      ...(options.inferenceRows === undefined ? {} : { inferenceRows: options.inferenceRows }),
      validate,
    });
    return { thresholds, profiler, warnings: [...(options.warnings ?? [])] };
  }
  if (!Array.isArray(options.reference))
    throw new SdgError('SDG_ERR_BAD_OPTION', 'reference must be an array of rows', { pointer: '/reference' });
  const built = buildPlan({
    ...(schema === undefined ? {} : { schema: schemaColumns(schema) }),
    reference: options.reference,
    ...(options.profile ? { options: options.profile } : {}),
  });
  const referenceProfiler = createProfiler({ plan: built.plan, validate: false });
  for (const row of options.reference) referenceProfiler.add(row);
  const profiler = createProfiler({ plan: built.plan, ...(schema === undefined ? {} : { schema }), validate });
  return {
    thresholds,
    profiler,
    reference: { profiler: referenceProfiler, cells: built.referenceCells, rows: options.reference.length },
    warnings: [...(options.warnings ?? []), ...built.warnings],
  };
}

function finish(prepared: Prepared, options: EvaluateOptions): EvaluationReport {
  return buildReport({
    synthetic: prepared.profiler,
    ...(prepared.reference ? { reference: prepared.reference } : {}),
    thresholds: prepared.thresholds,
    warnings: prepared.warnings,
    ...(options.privacySampleSize === undefined ? {} : { privacySampleSize: options.privacySampleSize }),
  });
}

function notIterable(): SdgError {
  return new SdgError('SDG_ERR_BAD_OPTION', 'rows must be an iterable or async iterable of JSON objects', { pointer: '/rows' });
}

/** Evaluates rows from an array or any (sync) iterable. */
export function evaluateSync(rows: Iterable<unknown>, options: EvaluateOptions = {}): EvaluationReport {
  if (rows === null || typeof (rows as Iterable<unknown>)?.[Symbol.iterator] !== 'function') throw notIterable();
  const prepared = prepare(options);
  const profiler = prepared.profiler;
  for (const row of rows) profiler.add(row);
  return finish(prepared, options);
}

/** Evaluates rows from an iterable or an async iterable (a stream of parsed rows). */
export async function evaluate(rows: Iterable<unknown> | AsyncIterable<unknown>, options: EvaluateOptions = {}): Promise<EvaluationReport> {
  if (rows !== null && typeof (rows as AsyncIterable<unknown>)?.[Symbol.asyncIterator] === 'function') {
    const prepared = prepare(options);
    const profiler = prepared.profiler;
    for await (const row of rows as AsyncIterable<unknown>) profiler.add(row);
    return finish(prepared, options);
  }
  return evaluateSync(rows as Iterable<unknown>, options);
}

/** The reference as metric cells for a plan (plan order). */
export function referenceCells(plan: ProfilePlan, rows: readonly unknown[]): Cell[][] {
  return plan.columns.map((column) => {
    const parts = column.name.split('.');
    return rows.map((row) => cellOf(column.kind, cellAt(row, column.name, parts)));
  });
}

/**
 * A report from a profile made elsewhere (chunks profiled by workers and merged). With a reference, the
 * profile's plan must have been built from it (buildPlan({reference}) or createProfiler({reference})).
 */
export function evaluateProfile(
  profiler: Profiler,
  options: Pick<EvaluateOptions, 'reference' | 'thresholds' | 'privacySampleSize'> & { readonly warnings?: readonly string[] } = {},
): EvaluationReport {
  const thresholds = resolveThresholds(options.thresholds);
  const plan = profiler.plan;
  let reference: Prepared['reference'];
  if (options.reference !== undefined) {
    if (!Array.isArray(options.reference))
      throw new SdgError('SDG_ERR_BAD_OPTION', 'reference must be an array of rows', { pointer: '/reference' });
    if (plan.reference === null || plan.reference.rows !== options.reference.length) {
      throw new SdgError('SDG_ERR_BAD_OPTION', 'the profile was not built against this reference', {
        hint: 'build the plan with buildPlan({reference}) and profile with it',
      });
    }
    const referenceProfiler = createProfiler({ plan, validate: false });
    for (const row of options.reference) referenceProfiler.add(row);
    reference = { profiler: referenceProfiler, cells: referenceCells(plan, options.reference), rows: options.reference.length };
  }
  return buildReport({
    synthetic: profiler,
    ...(reference ? { reference } : {}),
    thresholds,
    warnings: [...(options.warnings ?? [])],
    ...(options.privacySampleSize === undefined ? {} : { privacySampleSize: options.privacySampleSize }),
  });
}
