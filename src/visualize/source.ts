/**
 * What gets charted, as profiles: charts are drawn from the evaluator's streaming profiles (sketches, counts,
 * co-moments, the uniform row sample), never from a second pass over the data. Rows are profiled here in
 * one pass; a profiler or a profile's JSON is used as it is. A reference is profiled with the data's plan
 * (or the data with the reference's), so both sides share column kinds and categories.
 */
import { SdgError, isPlainObject, type JsonSchema } from '../core/index.js';
import { buildPlan, createProfiler, Profiler, schemaColumns, type ProfileJson, type ProfilePlan } from '../evaluate/index.js';
import type { ChartSource } from './types.js';

export interface Profiles {
  readonly data: Profiler;
  readonly reference: Profiler | null;
}

type Rows = Iterable<unknown> | AsyncIterable<unknown>;

function isProfileJson(value: unknown): value is ProfileJson {
  return isPlainObject(value) && (value as { profileVersion?: unknown }).profileVersion === 1;
}

/** The source as a profiler when it is one already (or its JSON); null when it is rows. */
function asProfiler(source: ChartSource, what: string): Profiler | null {
  if (source instanceof Profiler) return source;
  if (isProfileJson(source)) return Profiler.fromJSON(source);
  const iterable =
    source !== null &&
    typeof source === 'object' &&
    (typeof (source as Iterable<unknown>)[Symbol.iterator] === 'function' ||
      typeof (source as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function');
  if (!iterable)
    throw new SdgError('SDG_ERR_BAD_OPTION', `${what} must be rows (an array or iterable of objects), a Profiler or a profile's JSON`, {
      pointer: what === 'data' ? '' : `/${what}`,
    });
  return null;
}

async function collect(rows: Rows): Promise<unknown[]> {
  if (Array.isArray(rows)) return rows;
  const out: unknown[] = [];
  if (typeof (rows as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function')
    for await (const row of rows as AsyncIterable<unknown>) out.push(row);
  else for (const row of rows as Iterable<unknown>) out.push(row);
  return out;
}

async function feed(profiler: Profiler, rows: Rows): Promise<Profiler> {
  if (typeof (rows as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    for await (const row of rows as AsyncIterable<unknown>) profiler.add(row);
  } else for (const row of rows as Iterable<unknown>) profiler.add(row);
  // Fixes the plan: rows still buffered for kind inference are counted from here on.
  profiler.settle();
  return profiler;
}

/** Profiles of the data and the reference (validation off: charts do not need it). */
export async function profilesOf(
  source: ChartSource,
  reference: ChartSource | undefined,
  schema: JsonSchema | undefined,
): Promise<Profiles> {
  const data = asProfiler(source, 'data');
  const ref = reference === undefined ? null : asProfiler(reference, 'reference');
  const withPlan = (plan: ProfilePlan): Profiler => createProfiler({ plan, validate: false });

  if (data !== null) {
    if (reference === undefined) return { data, reference: null };
    return { data, reference: ref ?? (await feed(withPlan(data.plan), reference as Rows)) };
  }
  if (reference === undefined) {
    const profiler = createProfiler({ ...(schema === undefined ? {} : { schema }), validate: false });
    return { data: await feed(profiler, source as Rows), reference: null };
  }
  if (ref !== null) return { data: await feed(withPlan(ref.plan), source as Rows), reference: ref };
  // Both rows: the plan comes from the reference, as evaluate builds it (categories, bins, kinds).
  const referenceRows = await collect(reference as Rows);
  const { plan } = buildPlan({ ...(schema === undefined ? {} : { schema: schemaColumns(schema) }), reference: referenceRows });
  const referenceProfiler = withPlan(plan);
  for (const row of referenceRows) referenceProfiler.add(row);
  return { data: await feed(withPlan(plan), source as Rows), reference: referenceProfiler };
}
