/**
 * The profile plan: which columns a profile tracks, of what kind, and — when a reference sample is known —
 * what the streaming accumulators need from it to compute the SDMetrics metrics exactly in one pass:
 * the reference's categories (counted by index), the 10 equal-width bin edges of each numerical column
 * (ContingencySimilarity), the sorted distinct values of each numerical column (an exact KSComplement from
 * per-value counts) and the hashes of the reference rows (exact-copy detection).
 *
 * Profiles merge only when built from the same plan. A plan is plain JSON.
 */
import { SdgError } from '../core/errors.js';
import { canonicalJson, sha256Hex } from '../core/canonical.js';
import { isPlainObject } from '../core/types.js';
import {
  cellAt,
  guessKind,
  isContinuous,
  isDiscrete,
  isModelled,
  parseDateMs,
  toBooleanKey,
  toCategory,
  toNumber,
  type ColumnKind,
  type DeclaredCorrelation,
  type DeclaredDistribution,
  type SchemaColumns,
} from './columns.js';
import { hashNumber, hashText, NULL_HASH, rowHashOf } from './hash.js';
import { histogramBinEdges, KS_DECIMALS, numpyRound, type Cell } from './sdmetrics.js';

export interface ProfileOptions {
  /** KLL sketch size (rank error ≲ 1% at 200). */
  readonly sketchK: number;
  /** Exact distinct counting up to this many values per column, then HyperLogLog. */
  readonly distinctCap: number;
  /** The same for id columns and `x-unique` columns, whose uniqueness is checked. */
  readonly keyDistinctCap: number;
  /** Exact category counts up to this many distinct values per column; also the most categories a column may have to be categorical. */
  readonly categoryCap: number;
  /** Categories listed per column in reports and profiles. */
  readonly topK: number;
  /** Rows kept in the uniform row sample (Spearman, privacy, scatter plots). */
  readonly sampleSize: number;
  /** Seed of the row sample and the sketches' coin flips. */
  readonly seed: number;
  /** Largest reference column whose distinct values are kept for an exact KSComplement. */
  readonly ksGridCap: number;
}

export const DEFAULT_PROFILE_OPTIONS: ProfileOptions = {
  sketchK: 200,
  distinctCap: 100_000,
  keyDistinctCap: 1_000_000,
  categoryCap: 10_000,
  topK: 20,
  sampleSize: 10_000,
  seed: 0,
  ksGridCap: 100_000,
};

export interface ColumnExpectations {
  readonly pointer?: string;
  readonly types?: readonly string[];
  readonly nullable?: boolean;
  readonly required?: boolean;
  readonly nullRate?: number;
  readonly unique?: boolean;
  readonly categories?: readonly string[];
  readonly distribution?: DeclaredDistribution;
}

export interface ColumnPlan {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly kindSource: 'schema' | 'reference' | 'data';
  readonly kindReason: string;
  /** What the schema declares about the column. */
  readonly expect?: ColumnExpectations;
  /** Categories counted by index: the reference's (most frequent first), then enum values it lacks. */
  readonly categories?: readonly string[];
  /** numpy.histogram_bin_edges of the reference column (numerical and datetime columns). */
  readonly binEdges?: readonly number[];
  /** Sorted distinct reference values (numbers rounded to 14 decimals as KSComplement does). */
  readonly ksGrid?: readonly number[];
}

export interface ContingencyPlan {
  /** Column indexes. */
  readonly a: number;
  readonly b: number;
  /** For tables too large to hold densely: the reference's cells (codeA · sizeB + codeB), ascending. */
  readonly cells?: readonly number[];
}

export interface ProfilePlan {
  readonly planVersion: 1;
  readonly columns: readonly ColumnPlan[];
  readonly options: ProfileOptions;
  readonly correlations: readonly DeclaredCorrelation[];
  readonly reference: { readonly rows: number; readonly rowHashes: readonly number[] } | null;
  readonly contingency: readonly ContingencyPlan[];
}

/** Joint tables up to this many cells are dense arrays. */
export const DENSE_TABLE_CELLS = 1 << 18;

// ------------------------------------------------------------------------------------ cells

/** A raw value as the number (NaN when it is not one) of a continuous column. */
export function continuousValue(kind: ColumnKind, raw: unknown): number {
  return kind === 'datetime' ? parseDateMs(raw) : toNumber(raw);
}

/** A raw value as the category text of a discrete column (null when missing or not a boolean in a boolean column). */
export function discreteValue(kind: ColumnKind, raw: unknown): string | null {
  return kind === 'boolean' ? toBooleanKey(raw) : toCategory(raw);
}

/** A raw value as a metric cell for the column's kind: number, category text, or null (missing or unusable). */
export function cellOf(kind: ColumnKind, raw: unknown): Cell {
  if (raw === null || raw === undefined) return null;
  if (isContinuous(kind)) {
    const x = continuousValue(kind, raw);
    return Number.isNaN(x) ? null : x;
  }
  if (isDiscrete(kind)) return discreteValue(kind, raw);
  return toCategory(raw);
}

/** The size of a column's code space in a joint table. */
export function codeSize(column: ColumnPlan): number {
  return isContinuous(column.kind) ? (column.binEdges?.length ?? 0) + 1 : (column.categories?.length ?? 0) + 2;
}

/** Hash of one modelled cell for row hashes (the profiler computes the same from its scratch values). */
export function cellHash(cell: Cell): number {
  if (cell === null) return NULL_HASH;
  return typeof cell === 'number' ? hashNumber(cell) : hashText(cell);
}

/** A row's hash over its modelled cells (the profiler computes the same from its scratch hashes). */
export function rowHash(cells: readonly Cell[], modelled: readonly number[]): number {
  const hashes = cells.map((cell) => cellHash(cell ?? null));
  return rowHashOf(hashes, modelled);
}

/**
 * The distinct values of a column's number cells, ascending (numbers rounded as KSComplement rounds them):
 * what sorting a Set of them gives (a Set stores −0 as 0) without hashing every value.
 */
export function distinctSorted(cells: readonly Cell[], round: boolean): number[] {
  const values: number[] = [];
  for (const cell of cells) if (cell !== null) values.push(round ? numpyRound(cell as number, KS_DECIMALS) : (cell as number));
  const sorted = Float64Array.from(values).sort();
  const out: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i] as number;
    if (out.length > 0 && out[out.length - 1] === v) continue;
    out.push(v === 0 ? 0 : v);
  }
  return out;
}

// ------------------------------------------------------------------------------------ building

export interface PlanInput {
  readonly schema?: SchemaColumns;
  readonly reference?: readonly unknown[];
  /** The first rows of the data itself, for the kinds of columns neither the schema nor a reference settles. */
  readonly head?: readonly unknown[];
  readonly options?: Partial<ProfileOptions>;
}

export interface BuiltPlan {
  readonly plan: ProfilePlan;
  /** The reference as metric cells, column by column (plan order); empty without a reference. */
  readonly referenceCells: Cell[][];
  readonly warnings: string[];
}

/** The columns the rows hold (dotted leaf paths), in first-seen order. */
export function columnsOf(rows: readonly unknown[], limit = rows.length): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  // leafPaths' walk (the same paths in the same order), without its per-row arrays: this runs over every
  // reference row.
  const visit = (node: Record<string, unknown>, prefix: string): void => {
    for (const key in node) {
      if (!Object.prototype.hasOwnProperty.call(node, key)) continue;
      const value = node[key];
      const path = prefix === '' ? key : `${prefix}.${key}`;
      if (isPlainObject(value) && Object.keys(value).length > 0) visit(value, path);
      else if (!seen.has(path)) {
        seen.add(path);
        out.push(path);
      }
    }
  };
  for (let i = 0; i < Math.min(limit, rows.length); i++) {
    const row = rows[i];
    if (isPlainObject(row)) visit(row, '');
  }
  return out;
}

/** Whether a schema, a reference or neither can fix every column's kind before the data arrives. */
export function needsHead(input: Omit<PlanInput, 'head'>): boolean {
  if (input.reference !== undefined) return false;
  if (input.schema === undefined) return true;
  return input.schema.columns.some((c) => c.kind === undefined);
}

export function resolveOptions(options: Partial<ProfileOptions> = {}): ProfileOptions {
  const merged = { ...DEFAULT_PROFILE_OPTIONS, ...options };
  for (const [key, value] of Object.entries(merged)) {
    const min = key === 'seed' ? -Infinity : key === 'sketchK' ? 8 : 1;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw new SdgError(
        'SDG_ERR_BAD_OPTION',
        `profile option ${key} must be an integer${min > -Infinity ? ` ≥ ${min}` : ''}, got ${JSON.stringify(value)}`,
      );
    }
  }
  return merged;
}

export function buildPlan(input: PlanInput): BuiltPlan {
  const options = resolveOptions(input.options);
  const warnings: string[] = [];
  const schemaCols = input.schema?.columns ?? [];
  const reference = input.reference;
  if (reference !== undefined) {
    if (!Array.isArray(reference) || reference.length === 0)
      throw new SdgError('SDG_ERR_INVALID_DATA', 'the reference sample has no rows', {
        hint: 'pass the real rows to compare against, or no reference',
      });
    const bad = reference.findIndex((row) => !isPlainObject(row));
    if (bad !== -1)
      throw new SdgError('SDG_ERR_INVALID_DATA', `reference row ${bad} is not an object`, {
        hint: 'every reference row must be a JSON object',
      });
  }
  const dataRows = reference ?? input.head ?? [];
  const names = schemaCols.map((c) => c.name);
  const known = new Set(names);
  for (const name of columnsOf(dataRows)) {
    if (known.has(name)) continue;
    known.add(name);
    names.push(name);
  }

  const parts = names.map((name) => name.split('.'));
  // A column's values, read when needed: with only the first rows of the data, just the columns whose kind
  // the schema leaves open.
  const rawColumns: Array<unknown[] | undefined> = [];
  const rawOf = (c: number): unknown[] => (rawColumns[c] ??= dataRows.map((row) => cellAt(row, names[c] as string, parts[c] as string[])));

  // Kinds: the schema's, else guessed from the reference (or the first rows), SDV style.
  let keyTaken = false;
  const kinds = names.map((name, c) => {
    const declared = schemaCols.find((s) => s.name === name);
    if (declared?.kind !== undefined) {
      if (declared.kind === 'id') keyTaken = true;
      return { kind: declared.kind, source: 'schema' as const, reason: declared.kindReason ?? 'declared in the schema' };
    }
    const guess = guessKind(name, rawOf(c), options.categoryCap);
    const source = reference !== undefined ? ('reference' as const) : ('data' as const);
    if (guess.keyCandidate && !keyTaken && (guess.kind === 'numerical' || guess.kind === 'categorical' || guess.kind === 'text')) {
      keyTaken = true;
      return { kind: 'id' as ColumnKind, source, reason: 'every value distinct (primary key)' };
    }
    if (guess.kind === 'id') keyTaken = true;
    if (guess.kind === 'text')
      warnings.push(
        `column "${name}": ${guess.reason} in the ${source === 'reference' ? 'reference' : 'first rows'}; profiled as text, not compared`,
      );
    return { kind: guess.kind, source, reason: guess.reason };
  });

  const referenceCells: Cell[][] = [];
  const columns: ColumnPlan[] = names.map((name, c) => {
    const declared = schemaCols.find((s) => s.name === name);
    let kind = kinds[c]!.kind;
    const expect: ColumnExpectations | undefined = declared && {
      pointer: declared.pointer,
      types: declared.types,
      nullable: declared.nullable,
      required: declared.required,
      unique: declared.unique,
      ...(declared.nullRate === undefined ? {} : { nullRate: declared.nullRate }),
      ...(declared.categories === undefined ? {} : { categories: declared.categories }),
      ...(declared.distribution === undefined ? {} : { distribution: declared.distribution }),
    };
    const plan: { -readonly [K in keyof ColumnPlan]: ColumnPlan[K] } = {
      name,
      kind,
      kindSource: kinds[c]!.source,
      kindReason: kinds[c]!.reason,
      ...(expect === undefined ? {} : { expect }),
    };
    if (reference === undefined) {
      if (isDiscrete(kind) && declared?.categories !== undefined) plan.categories = declared.categories.slice(0, options.categoryCap);
      return plan;
    }
    const cells = rawOf(c).map((raw) => cellOf(kind, raw));
    if (isDiscrete(kind)) {
      const counts = new Map<string, number>();
      for (const cell of cells) if (cell !== null) counts.set(cell as string, (counts.get(cell as string) ?? 0) + 1);
      const categories = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([key]) => key);
      for (const key of declared?.categories ?? []) if (!counts.has(key)) categories.push(key);
      if (categories.length > options.categoryCap) {
        warnings.push(
          `column "${name}": ${categories.length} distinct categories in the reference (more than ${options.categoryCap}); profiled as text, not compared`,
        );
        kind = 'text';
        plan.kind = 'text';
        plan.kindReason = `more than ${options.categoryCap} categories`;
      } else plan.categories = categories;
    } else if (isContinuous(kind)) {
      plan.binEdges = histogramBinEdges(cells);
      const distinct = distinctSorted(cells, kind === 'numerical');
      if (distinct.length <= options.ksGridCap) plan.ksGrid = distinct;
      else
        warnings.push(`column "${name}": more than ${options.ksGridCap} distinct reference values; KSComplement estimated from sketches`);
    }
    referenceCells.push(cells);
    return plan;
  });

  let referencePlan: ProfilePlan['reference'] = null;
  const contingency: ContingencyPlan[] = [];
  if (reference !== undefined) {
    const modelled = columns.map((col, c) => (isModelled(col.kind) ? c : -1)).filter((c) => c >= 0);
    // rowHash of every reference row, from each cell's hash computed once per column.
    const cellHashes = new Map(
      modelled.map((c) => {
        const cells = referenceCells[c] as Cell[];
        const hashes = new Float64Array(reference.length);
        for (let r = 0; r < reference.length; r++) hashes[r] = cellHash(cells[r] ?? null);
        return [c, hashes] as const;
      }),
    );
    const rowHashes = new Set<number>();
    const scratch = new Float64Array(columns.length);
    for (let r = 0; r < reference.length; r++) {
      for (const c of modelled) scratch[c] = (cellHashes.get(c) as Float64Array)[r] as number;
      rowHashes.add(rowHashOf(scratch, modelled));
    }
    referencePlan = { rows: reference.length, rowHashes: Array.from(Float64Array.from(rowHashes).sort()) };
    for (let i = 0; i < modelled.length; i++) {
      for (let j = i + 1; j < modelled.length; j++) {
        const a = modelled[i] as number;
        const b = modelled[j] as number;
        const ca = columns[a] as ColumnPlan;
        const cb = columns[b] as ColumnPlan;
        if (isContinuous(ca.kind) && isContinuous(cb.kind)) continue;
        const sizeA = codeSize(ca);
        const sizeB = codeSize(cb);
        if (sizeA * sizeB <= DENSE_TABLE_CELLS) contingency.push({ a, b });
        else {
          const cells = new Set<number>();
          for (let r = 0; r < reference.length; r++)
            cells.add(codeOf(ca, referenceCells[a]![r] ?? null) * sizeB + codeOf(cb, referenceCells[b]![r] ?? null));
          contingency.push({ a, b, cells: [...cells].sort((x, y) => x - y) });
        }
      }
    }
  }

  return {
    plan: {
      planVersion: 1,
      columns,
      options,
      correlations: input.schema?.correlations ?? [],
      reference: referencePlan,
      contingency,
    },
    referenceCells,
    warnings,
  };
}

/** A cell's code in a joint table: a bin (numpy.digitize over the reference edges, missing → 11) or a category index (missing → K, unknown → K+1). */
export function codeOf(column: ColumnPlan, cell: Cell): number {
  if (isContinuous(column.kind)) {
    const edges = column.binEdges ?? [];
    const x = typeof cell === 'number' ? cell : NaN;
    if (Number.isNaN(x)) return edges.length;
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((edges[mid] as number) <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  const categories = column.categories ?? [];
  if (cell === null) return categories.length;
  return categoryIndex(column).get(String(cell)) ?? categories.length + 1;
}

const categoryIndexes = new WeakMap<ColumnPlan, Map<string, number>>();

/** Category text → index among the column's known categories (cached per plan column). */
export function categoryIndex(column: ColumnPlan): Map<string, number> {
  let index = categoryIndexes.get(column);
  if (index === undefined) {
    index = new Map((column.categories ?? []).map((key, i) => [key, i]));
    categoryIndexes.set(column, index);
  }
  return index;
}

const fingerprints = new WeakMap<ProfilePlan, string>();

/** SHA-256 of the plan's canonical JSON (cached per plan object). */
export function planFingerprint(plan: ProfilePlan): string {
  let f = fingerprints.get(plan);
  if (f === undefined) {
    f = sha256Hex(canonicalJson(plan));
    fingerprints.set(plan, f);
  }
  return f;
}
