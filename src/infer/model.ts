/**
 * The `x-model` keyword: a fitted model, plain JSON, versioned. `infer` writes it at the root of the schema;
 * generate/model.ts samples from it. Documented in docs/infer.md ("The x-model shape").
 *
 * Per column a marginal (empirical quantiles for numbers and date-times, category frequencies) or a safe
 * generator (`"generator": "semantic"`, no sample values at all), the column's missingness, and a Gaussian
 * copula (a correlation matrix over normal scores) joining the marginals and the missingness indicators.
 */
import { SdgError } from '../core/errors.js';
import { isPlainObject } from '../core/types.js';
import type { DatetimeFormat } from './datetime.js';
import type { PiiKind } from './detect.js';
import type { CopyGuard } from './guard.js';
import type { IdentifierSpec } from './pattern.js';

export const MODEL_VERSION = 1;

/** Shares of the rows (where the enclosing object is present) in which the value is null, or absent. */
export interface Missingness {
  readonly null: number;
  readonly absent: number;
}

interface ColumnBase {
  /** Dotted name (`address.city`), for people. */
  readonly name: string;
  /** Property names from the root (keys may contain dots). */
  readonly path: readonly string[];
  readonly missing: Missingness;
}

export interface NumericColumn extends ColumnBase {
  readonly type: 'integer' | 'number';
  readonly generator: 'marginal';
  /** Equally spaced quantiles q(i/m), i = 0…m, linearly interpolated; the first is the minimum, the last the maximum. */
  readonly quantiles: readonly number[];
  /** Values are rounded to this many decimals (integers: 0). */
  readonly decimals: number;
  /** Every sample value is a multiple of this step (> 10^-decimals), so generated values are too. */
  readonly step?: number;
}

export interface DatetimeColumn extends ColumnBase {
  readonly type: 'datetime';
  readonly generator: 'marginal';
  /** Quantiles of milliseconds since the epoch (UTC). */
  readonly quantiles: readonly number[];
  /** Values are rounded to this many milliseconds (86400000 for dates). */
  readonly resolution: number;
  /** Every sample value is the first day of a year or of a month; generated values are rounded likewise. */
  readonly calendar?: 'year' | 'month';
  readonly format: DatetimeFormat;
}

export interface CategoricalColumn extends ColumnBase {
  readonly type: 'categorical' | 'boolean';
  readonly generator: 'marginal';
  /** Categories in copula order (their cumulative-frequency intervals partition [0, 1) in this order). */
  readonly values: readonly (string | boolean)[];
  /** Relative frequencies, same order, summing to 1. */
  readonly weights: readonly number[];
  /** The values are JSON texts (arrays, objects) to be parsed when generated. */
  readonly json?: boolean;
}

export interface SemanticColumn extends ColumnBase {
  readonly type: 'string' | 'integer' | 'datetime';
  readonly generator: 'semantic';
  /** Which safe generator makes the values. */
  readonly semantic: PiiKind;
  /** Identifiers with a shared structure: runs of the pattern and the position that keeps values out of the sample. */
  readonly identifier?: IdentifierSpec;
  /** Identifiers without a shared structure: lower-case letters and digits of this length (longer than any sample value). */
  readonly length?: number;
  /** Integer identifiers: a range no sample value lies in. */
  readonly range?: readonly [number, number];
  /** Values are distinct across rows (a keyed permutation of the row index). */
  readonly unique?: boolean;
  /** Free text: quantiles of the number of words, and the letter case. */
  readonly words?: readonly number[];
  readonly letterCase?: 'lower' | 'upper' | 'title' | 'sentence';
  /** Date-like personal data (birth dates): the layout to write. */
  readonly format?: DatetimeFormat;
  /** `empty`: which empty value to write (`array` → [], `object` → {}). */
  readonly shape?: 'array' | 'object';
}

/** A column that is always missing in the sample. */
export interface EmptyColumn extends ColumnBase {
  readonly type: 'null';
  readonly generator: 'none';
}

export type ModelColumn = NumericColumn | DatetimeColumn | CategoricalColumn | SemanticColumn | EmptyColumn;

export interface ModelObject {
  readonly name: string;
  readonly path: readonly string[];
  readonly missing: Missingness;
}

export interface CopulaDimension {
  /** Index into `columns`. */
  readonly column: number;
  /** `value`: the column's marginal; `missing`: its missingness indicator (missing when u < missing share). */
  readonly role: 'value' | 'missing';
}

/** One Gaussian copula over every column, fitted on the rows of one stratum of the mixture key (or on all rows). */
export interface ModelComponent {
  /** Share of the rows this component generates. */
  readonly weight: number;
  /** Sample rows it was fitted on. */
  readonly rows: number;
  /** The key's category this component stands for, `(missing)`, or `(other)` for the pooled small ones. */
  readonly label?: string;
  /** One entry per column, same order and paths in every component. */
  readonly columns: readonly ModelColumn[];
  readonly copula: {
    readonly dimensions: readonly CopulaDimension[];
    /** Correlation matrix of the normal scores, row-major, dimensions × dimensions. */
    readonly correlation: readonly (readonly number[])[];
  };
}

export interface XModel {
  readonly version: typeof MODEL_VERSION;
  readonly type: 'gaussian-copula';
  /** Rows of the sample the model was fitted on. */
  readonly rows: number;
  /** Minimum count for a category to be kept (rarer ones were dropped and the rest re-weighted). */
  readonly minCategoryCount: number;
  /** The column whose frequent categories each get their own component (absent: one component). */
  readonly mixture?: { readonly column: string; readonly path: readonly string[] };
  /** A mixture of Gaussian copulas; one component when there is no mixture key. */
  readonly components: readonly ModelComponent[];
  /** Nested objects that are sometimes null or absent. */
  readonly objects: readonly ModelObject[];
  /** Bloom filter of the sample's rows: the sampler redraws a row it may contain (see guard.ts). */
  readonly copyGuard?: CopyGuard;
}

export function isNumericColumn(c: ModelColumn): c is NumericColumn {
  return c.generator === 'marginal' && (c.type === 'integer' || c.type === 'number');
}

export function isDatetimeColumn(c: ModelColumn): c is DatetimeColumn {
  return c.generator === 'marginal' && c.type === 'datetime';
}

export function isCategoricalColumn(c: ModelColumn): c is CategoricalColumn {
  return c.generator === 'marginal' && (c.type === 'categorical' || c.type === 'boolean');
}

function bad(pointer: string, message: string): never {
  throw new SdgError('SDG_ERR_INVALID_SCHEMA', `x-model: ${message}`, {
    pointer,
    hint: 'regenerate the schema with `synthdatagen infer`, or remove x-model to generate from the schema alone',
  });
}

function numberArray(value: unknown, pointer: string, what: string, minLength = 1): number[] {
  if (!Array.isArray(value) || value.length < minLength || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    bad(pointer, `${what} must be an array of at least ${minLength} finite numbers`);
  }
  return value as number[];
}

function checkMissing(value: unknown, pointer: string): void {
  if (!isPlainObject(value)) bad(pointer, 'missing must be {"null": share, "absent": share}');
  const m = value as Record<string, unknown>;
  for (const key of ['null', 'absent']) {
    const v = m[key];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) bad(`${pointer}/${key}`, `missing.${key} must be a share from 0 to 1`);
  }
  if ((m.null as number) + (m.absent as number) > 1 + 1e-9) bad(pointer, 'missing.null + missing.absent must not exceed 1');
}

function checkPath(value: unknown, pointer: string): void {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string'))
    bad(pointer, 'path must be a non-empty array of property names');
}

function checkColumns(value: unknown, pointer: string): unknown[] {
  if (!Array.isArray(value)) bad(pointer, 'columns must be an array');
  const columns = value as unknown[];
  columns.forEach((c, i) => {
    const at = `${pointer}/${i}`;
    if (!isPlainObject(c)) bad(at, 'each column must be an object');
    const col = c as Record<string, unknown>;
    checkPath(col.path, `${at}/path`);
    checkMissing(col.missing, `${at}/missing`);
    switch (col.generator) {
      case 'marginal':
        if (col.type === 'integer' || col.type === 'number') {
          const q = numberArray(col.quantiles, `${at}/quantiles`, 'quantiles');
          for (let k = 1; k < q.length; k++)
            if ((q[k] as number) < (q[k - 1] as number)) bad(`${at}/quantiles`, 'quantiles must not decrease');
          if (typeof col.decimals !== 'number' || !Number.isInteger(col.decimals) || col.decimals < 0 || col.decimals > 15)
            bad(`${at}/decimals`, 'decimals must be an integer from 0 to 15');
        } else if (col.type === 'datetime') {
          numberArray(col.quantiles, `${at}/quantiles`, 'quantiles');
          if (typeof col.resolution !== 'number' || !(col.resolution >= 1))
            bad(`${at}/resolution`, 'resolution must be a number of milliseconds ≥ 1');
          if (!isPlainObject(col.format) || typeof (col.format as Record<string, unknown>).layout !== 'string')
            bad(`${at}/format`, 'format must be {"layout": "…"}');
        } else if (col.type === 'categorical' || col.type === 'boolean') {
          if (!Array.isArray(col.values) || col.values.length === 0) bad(`${at}/values`, 'values must be a non-empty array');
          const w = numberArray(col.weights, `${at}/weights`, 'weights');
          if (w.length !== (col.values as unknown[]).length || w.some((x) => x < 0))
            bad(`${at}/weights`, 'weights must be non-negative, one per value');
        } else bad(`${at}/type`, `unknown marginal type ${JSON.stringify(col.type)}`);
        break;
      case 'semantic':
        if (typeof col.semantic !== 'string') bad(`${at}/semantic`, 'semantic must name a generator');
        break;
      case 'none':
        break;
      default:
        bad(`${at}/generator`, `unknown generator ${JSON.stringify(col.generator)}`);
    }
  });
  return columns;
}

function checkCopula(value: unknown, pointer: string, columnCount: number): void {
  if (!isPlainObject(value)) bad(pointer, 'copula must be an object');
  const copula = value as Record<string, unknown>;
  if (!Array.isArray(copula.dimensions)) bad(`${pointer}/dimensions`, 'dimensions must be an array');
  const dims = copula.dimensions as unknown[];
  dims.forEach((d, i) => {
    const dim = d as Record<string, unknown>;
    if (!isPlainObject(d) || typeof dim.column !== 'number' || !Number.isInteger(dim.column) || dim.column < 0 || dim.column >= columnCount)
      bad(`${pointer}/dimensions/${i}`, 'each dimension needs "column", an index into columns');
    if (dim.role !== 'value' && dim.role !== 'missing') bad(`${pointer}/dimensions/${i}/role`, 'role must be "value" or "missing"');
  });
  if (!Array.isArray(copula.correlation) || copula.correlation.length !== dims.length)
    bad(`${pointer}/correlation`, 'correlation must be a square matrix, one row per dimension');
  (copula.correlation as unknown[]).forEach((row, i) => {
    const r = numberArray(row, `${pointer}/correlation/${i}`, 'each correlation row', dims.length);
    if (r.length !== dims.length) bad(`${pointer}/correlation/${i}`, 'correlation must be square');
  });
}

/** Checks the shape of an `x-model` value (as read from JSON) and returns it typed. */
export function parseModel(value: unknown, pointer: string): XModel {
  if (!isPlainObject(value)) bad(pointer, 'must be an object');
  const m = value as Record<string, unknown>;
  if (m.version !== MODEL_VERSION)
    bad(`${pointer}/version`, `unsupported version ${JSON.stringify(m.version)} (this build reads version ${MODEL_VERSION})`);
  if (m.type !== 'gaussian-copula') bad(`${pointer}/type`, 'type must be "gaussian-copula"');
  if (!Array.isArray(m.components) || m.components.length === 0) bad(`${pointer}/components`, 'components must be a non-empty array');
  let paths: string | undefined;
  (m.components as unknown[]).forEach((c, i) => {
    const at = `${pointer}/components/${i}`;
    if (!isPlainObject(c)) bad(at, 'each component must be an object');
    const component = c as Record<string, unknown>;
    if (typeof component.weight !== 'number' || !(component.weight >= 0)) bad(`${at}/weight`, 'weight must be a non-negative number');
    const columns = checkColumns(component.columns, `${at}/columns`);
    const signature = JSON.stringify(columns.map((col) => (col as { path: unknown }).path));
    if (paths !== undefined && signature !== paths) bad(`${at}/columns`, 'every component must list the same columns in the same order');
    paths = signature;
    checkCopula(component.copula, `${at}/copula`, columns.length);
  });
  if (!((m.components as Array<{ weight: number }>).reduce((s, c) => s + c.weight, 0) > 0))
    bad(`${pointer}/components`, 'the component weights must not all be 0');
  if (m.copyGuard !== undefined) {
    const g = m.copyGuard as Record<string, unknown>;
    const whole = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;
    if (
      !isPlainObject(g) ||
      typeof g.filter !== 'string' ||
      !whole(g.bits) ||
      (g.bits as number) < 1 ||
      !whole(g.hashes) ||
      (g.hashes as number) < 1 ||
      !whole(g.salt)
    )
      bad(`${pointer}/copyGuard`, 'copyGuard must be {"filter": base64, "bits", "hashes", "salt"}');
    if (
      !/^[A-Za-z0-9+/]*=*$/.test(g.filter as string) ||
      Math.floor(((g.filter as string).replace(/=+$/, '').length * 3) / 4) * 8 < (g.bits as number)
    )
      bad(`${pointer}/copyGuard/filter`, 'the filter must be base64 holding at least "bits" bits');
  }
  if (!Array.isArray(m.objects)) bad(`${pointer}/objects`, 'objects must be an array');
  (m.objects as unknown[]).forEach((o, i) => {
    if (!isPlainObject(o)) bad(`${pointer}/objects/${i}`, 'each object entry must be an object');
    checkPath((o as Record<string, unknown>).path, `${pointer}/objects/${i}/path`);
    checkMissing((o as Record<string, unknown>).missing, `${pointer}/objects/${i}/missing`);
  });
  return value as unknown as XModel;
}
