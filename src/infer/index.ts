/**
 * Public face of infer: a sample (CSV, JSON, JSON Lines, or rows) in, a 2020-12 JSON Schema with our x-
 * keywords and a fitted `x-model` out, plus a report of what was decided per column and why.
 *
 *   const { schema, report } = infer(parseDataset(bytes, { name: 'people.csv' }));
 *   for (const row of generate(schema, { count: 1000, seed: 1 })) …
 *
 * See docs/infer.md for the rules (types, personal data, categories, mixed types) and the x-model shape.
 */
import { SdgError } from '../core/errors.js';
import { isPlainObject, type JsonSchemaObject } from '../core/types.js';
import { classifyColumn, extractColumns, type ColumnDecision, type Row } from './columns.js';
import type { Dataset, DataRow, DatasetFormat } from './dataset.js';
import type { PiiKind } from './detect.js';
import { emitSchema } from './emit.js';
import { fitModel } from './fit.js';
import type { ModelColumn, XModel } from './model.js';

export { parseDataset, decodeText, sniffFormat, sniffDelimiter, leafPaths, valueAt } from './dataset.js';
export type { Dataset, DataRow, DatasetFormat, ParseOptions } from './dataset.js';
export { MODEL_VERSION, parseModel, isNumericColumn, isDatetimeColumn, isCategoricalColumn } from './model.js';
export type {
  XModel,
  ModelColumn,
  NumericColumn,
  DatetimeColumn,
  CategoricalColumn,
  SemanticColumn,
  EmptyColumn,
  ModelObject,
  ModelComponent,
  CopulaDimension,
  Missingness,
} from './model.js';
export { formatDatetime, parseDatetime, detectDatetime, layoutPattern, layoutFormat, layoutResolution } from './datetime.js';
export type { DatetimeFormat } from './datetime.js';
export { typeColumn, piiFromName, piiFromValues, numberFromText, decimalsOf, isNullToken } from './detect.js';
export type { PiiKind, ScalarType } from './detect.js';
export { buildGuard, guardTester, rowKey, GUARD_FALSE_POSITIVES } from './guard.js';
export type { CopyGuard, GuardCell } from './guard.js';
export { derivePattern, deriveRuns, identifierSpec, runsPattern, CLASS_CHARS } from './pattern.js';
export type { IdentifierSpec, PatternRun, CharClass } from './pattern.js';
export { bivariateNormalCdf, cholesky, repairCorrelation, normalCdf, normalQuantile } from './stats.js';

export interface InferOptions {
  /** A category is kept only when it occurs at least this many times (default 5); rarer ones are dropped. */
  readonly minCategoryCount?: number;
  /** At most this many categories per column (default 1000; the most frequent are kept). */
  readonly maxCategories?: number;
  /** Quantile cells for numbers and date-times (default: the sample size, between 100 and 1000). */
  readonly quantiles?: number;
  /** Schema `title`. */
  readonly title?: string;
  /** Per column (dotted name): force a kind of personal data, or `false` to declare it not personal. */
  readonly pii?: Readonly<Record<string, PiiKind | false>>;
  /**
   * Mixture of copulas: automatic (default; a key column strongly associated with the others gets one
   * component per frequent category), `false` for a single copula, or the dotted name of the key column.
   */
  readonly mixture?: boolean | string;
  /**
   * Store a copy guard (default true): a Bloom filter of the sample's rows that makes the sampler redraw any
   * row equal to one of them. Only for samples whose columns are all fitted; see docs/infer.md.
   */
  readonly copyGuard?: boolean;
}

/** How one column was read and will be generated. No sample value of a personal-data column appears here. */
export interface ColumnReport {
  readonly name: string;
  readonly path: readonly string[];
  /** integer, number, boolean, datetime, categorical, string, or null (always missing). */
  readonly type: string;
  /** marginal (fitted, in the copula), semantic (safe generator) or none. */
  readonly generator: 'marginal' | 'semantic' | 'none';
  /** The safe generator, for semantic columns (personal data, identifiers, free text). */
  readonly semantic?: PiiKind;
  /** Why the column was modelled so. */
  readonly reason: string;
  /** Shares among the rows where the enclosing object is present. */
  readonly nullRate: number;
  readonly absentRate: number;
  readonly distinct: number;
  /** Every present value is different. */
  readonly unique: boolean;
  /** Range of a fitted number or date-time column (not reported for personal data). */
  readonly min?: number | string;
  readonly max?: number | string;
  readonly format?: string;
  readonly pattern?: string;
  readonly layout?: string;
  readonly categories?: number;
  /** Share of the values whose category was rarer than minCategoryCount and is not reproduced. */
  readonly droppedShare?: number;
}

export interface InferReport {
  readonly rows: number;
  readonly format: DatasetFormat | 'rows';
  readonly columns: ColumnReport[];
  readonly warnings: string[];
  /** Dimensions of the copula (fitted columns plus missingness indicators; the largest component's). */
  readonly copulaDimensions: number;
  /** Components of the mixture of copulas (1: a single copula), and the key column when more. */
  readonly components: number;
  readonly mixtureKey?: string;
  /** Generated rows are kept from equalling a sample row by the copy guard. */
  readonly copyGuard: boolean;
  /** The pairwise correlations did not form a valid matrix and were repaired to the nearest positive definite one. */
  readonly copulaRepaired: boolean;
}

export interface InferResult {
  readonly schema: JsonSchemaObject;
  readonly model: XModel;
  readonly report: InferReport;
}

function isDataset(value: unknown): value is Dataset {
  return (
    isPlainObject(value) && Array.isArray((value as { rows?: unknown }).rows) && typeof (value as { format?: unknown }).format === 'string'
  );
}

function checkOptions(options: InferOptions): { minCategoryCount: number; maxCategories: number; quantiles?: number } {
  const whole = (value: unknown, name: string, min: number, max: number): number => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new SdgError('SDG_ERR_BAD_OPTION', `${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`, {
        pointer: `/${name}`,
      });
    }
    return value;
  };
  return {
    minCategoryCount: options.minCategoryCount === undefined ? 5 : whole(options.minCategoryCount, 'minCategoryCount', 1, 1_000_000),
    maxCategories: options.maxCategories === undefined ? 1000 : whole(options.maxCategories, 'maxCategories', 1, 100_000),
    ...(options.quantiles !== undefined ? { quantiles: whole(options.quantiles, 'quantiles', 10, 100_000) } : {}),
  };
}

function columnReport(d: ColumnDecision, columns: readonly ModelColumn[], index: number): ColumnReport {
  const column = columns[index]!;
  const parents = Math.max(1, d.parentCount);
  const personal = d.role === 'semantic';
  const report: {
    -readonly [K in keyof ColumnReport]: ColumnReport[K];
  } = {
    name: d.leaf.name,
    path: d.leaf.path,
    type: d.type,
    generator: d.role,
    reason: d.reason,
    nullRate: d.nullCount / parents,
    absentRate: d.absentCount / parents,
    distinct: d.distinct,
    unique: d.presentCount > 1 && d.distinct === d.presentCount,
  };
  if (d.semantic !== undefined && personal) report.semantic = d.semantic;
  if (column.generator === 'marginal' && (column.type === 'integer' || column.type === 'number')) {
    report.min = column.quantiles[0];
    report.max = column.quantiles[column.quantiles.length - 1];
  }
  if (column.generator === 'marginal' && column.type === 'datetime') {
    report.layout = column.format.layout;
  }
  if (column.generator === 'marginal' && (column.type === 'categorical' || column.type === 'boolean')) {
    report.categories = column.values.length;
    if (d.pooled !== undefined && d.pooled > 0) report.droppedShare = d.pooled;
  }
  if (d.pattern !== undefined) report.pattern = d.pattern;
  return report;
}

/**
 * Infers a JSON Schema and a fitted model from a sample. Throws SDG_ERR_INVALID_DATA for an empty sample or
 * one without columns; every other oddity (mixed types, ragged rows, huge cardinality) is handled as
 * docs/infer.md describes and reported in `report.warnings`.
 */
export function infer(sample: Dataset | readonly DataRow[], options: InferOptions = {}): InferResult {
  const settings = checkOptions(options);
  let rows: readonly Row[];
  let format: DatasetFormat | 'rows';
  const warnings: string[] = [];
  if (isDataset(sample)) {
    rows = sample.rows;
    format = sample.format;
    warnings.push(...sample.warnings);
  } else if (Array.isArray(sample)) {
    rows = sample as readonly Row[];
    format = 'rows';
    rows.forEach((row, i) => {
      if (!isPlainObject(row))
        throw new SdgError('SDG_ERR_INVALID_DATA', `row ${i} is ${Array.isArray(row) ? 'an array' : JSON.stringify(row)}, not an object`, {
          pointer: `/${i}`,
          hint: 'every row must be a JSON object such as {"name": "…", "age": 42}',
        });
    });
  } else {
    throw new SdgError('SDG_ERR_INVALID_DATA', 'the sample must be an array of rows or a parsed dataset', {
      hint: 'pass parseDataset(bytes) or an array of objects',
    });
  }
  if (rows.length === 0)
    throw new SdgError('SDG_ERR_INVALID_DATA', 'the sample has no rows', {
      hint: 'give at least one row (a few hundred make a useful model)',
    });
  const { leaves, objects } = extractColumns(rows, format === 'csv');
  if (leaves.length === 0)
    throw new SdgError('SDG_ERR_INVALID_DATA', 'the sample has no columns', { hint: 'records need at least one field' });
  if (rows.length < 20)
    warnings.push(
      `only ${rows.length} row(s): the fitted distributions will be rough, and categories need ${settings.minCategoryCount} occurrences to be kept`,
    );
  const decisions = leaves.map((leaf) =>
    classifyColumn(leaf, {
      minCategoryCount: settings.minCategoryCount,
      maxCategories: settings.maxCategories,
      ...(options.pii !== undefined ? { pii: options.pii } : {}),
    }),
  );
  for (const d of decisions) warnings.push(...d.warnings);
  if (
    typeof options.mixture === 'string' &&
    !decisions.some((d) => d.leaf.name === options.mixture && d.role === 'marginal' && (d.type === 'categorical' || d.type === 'boolean'))
  ) {
    throw new SdgError('SDG_ERR_BAD_OPTION', `mixture: "${options.mixture}" is not a categorical column of the sample`, {
      pointer: '/mixture',
      hint: 'name a categorical or boolean column (dotted path), or pass true/false',
    });
  }
  const fit = fitModel(decisions, objects, rows.length, {
    minCategoryCount: settings.minCategoryCount,
    ...(settings.quantiles !== undefined ? { quantiles: settings.quantiles } : {}),
    ...(options.mixture !== undefined ? { mixture: options.mixture } : {}),
    ...(options.copyGuard !== undefined ? { copyGuard: options.copyGuard } : {}),
  });
  const { model } = fit;
  if (typeof options.mixture === 'string' && fit.mixtureKey === undefined)
    warnings.push(
      `mixture: "${options.mixture}" has fewer than two categories with enough rows for a component of their own; one copula is used`,
    );
  const schema = emitSchema(model, fit.columns, options.title);
  const report: InferReport = {
    rows: rows.length,
    format,
    columns: decisions.map((d, i) => columnReport(d, fit.columns, i)),
    warnings,
    copulaDimensions: fit.copulaDimensions,
    copulaRepaired: fit.repaired,
    components: model.components.length,
    copyGuard: model.copyGuard !== undefined,
    ...(fit.mixtureKey !== undefined ? { mixtureKey: fit.mixtureKey } : {}),
  };
  return { schema, model, report };
}
