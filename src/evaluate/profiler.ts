/**
 * The streaming profiler: one pass over rows, bounded memory, mergeable.
 *
 * Per column: row count, nulls (null values and absent keys), JSON type counts, values that do not fit the
 * column's kind; numerical and datetime columns: Welford moments, a KLL quantile sketch and, with a reference,
 * exact counts at every distinct reference value (an exact two-sample KS statistic); categorical and boolean
 * columns: category counts (the reference's categories exactly, others up to a cap); every column: a distinct
 * count (exact up to a cap, then HyperLogLog).
 * Per pair: co-moments of numerical/datetime pairs (Pearson, pairwise-complete) and, with a reference, joint
 * frequency tables for the pairs ContingencySimilarity scores. Per row: validity against the schema, an
 * exact-copy check against the reference's row hashes (for rows whose every value is a reference value: no
 * other row can be a copy), and a bottom-k uniform row sample (Spearman, privacy,
 * scatter plots).
 *
 *   const profiler = createProfiler({ schema, reference });
 *   for (const row of rows) profiler.add(row);
 *   profiler.merge(otherProfiler);            // same plan: a worker's chunk
 *   const json = profiler.toJSON();           // → Profiler.fromJSON(json)
 *
 * Chunked profiling: build the plan once (`buildPlan` or `profiler.plan`), give every chunk's profiler the plan
 * and its first row's index (`rowOffset`), merge: the result equals a single pass (sketch estimates aside).
 */
import { canonicalJson } from '../core/canonical.js';
import { SdgError } from '../core/errors.js';
import { isPlainObject, type JsonSchema } from '../core/types.js';
import { createAjv, describeAjvErrors, detectDraft } from '../schema/index.js';
import {
  isContinuous,
  isDiscrete,
  isModelled,
  parseDateMs,
  schemaColumns,
  toBooleanKey,
  toCategory,
  toNumber,
  type JsonTypeName,
  type SchemaColumns,
} from './columns.js';
import { hashNumber, hashText, indexPriority, NULL_HASH, rowHashOf } from './hash.js';
import { buildPlan, codeSize, needsHead, planFingerprint, type ColumnPlan, type ProfileOptions, type ProfilePlan } from './plan.js';
import type { Cell } from './sdmetrics.js';
import { binOf, GridIndex } from './search.js';
import { CategoryCounter, type CategoryJson } from './sketch/categories.js';
import { DistinctCounter, HashSet, type DistinctEstimate, type DistinctJson } from './sketch/distinct.js';
import { GridCounts, type ValueDistribution } from './sketch/grid.js';
import { KllSketch, type KllJson } from './sketch/kll.js';
import { CO_SLOTS, mergeCoMoments, Moments, type MomentsJson } from './sketch/moments.js';
import { RowSample, type SampleJson } from './sketch/sample.js';

/** A row validator: null when the row is valid, else a one-line reason. */
export type RowValidator = (row: unknown) => string | null;

export interface ProfilerSetup {
  /** A plan from `buildPlan` or another profiler (required to merge chunk profiles). */
  readonly plan?: ProfilePlan;
  /** The row schema: columns, kinds, expectations, and validity (unless `validate: false`). */
  readonly schema?: JsonSchema;
  /** Real rows to compare against: kinds, categories, bins, KS grids, exact-copy hashes. */
  readonly reference?: readonly unknown[];
  readonly options?: Partial<ProfileOptions>;
  /** Rows buffered to infer kinds when neither a schema nor a reference fixes them (default 1000). */
  readonly inferenceRows?: number;
  /** Global index of the first row this profiler sees (chunked profiling; default 0). */
  readonly rowOffset?: number;
  /** Validate rows against `schema` (default true when a schema is given), or a validator of your own. */
  readonly validate?: boolean | RowValidator;
}

const TYPE_NAMES: readonly JsonTypeName[] = ['null', 'boolean', 'integer', 'number', 'string', 'array', 'object'];
const MAX_EXAMPLES = 5;
const DATE_CACHE_SIZE = 16_384;
/**
 * Cells per batch (the per-column statistics run over whole batches of rows): rows per batch are this divided
 * by the column count, a power of two between 1,024 and 16,384. Large batches matter: each column's loop then
 * reuses its lookup tables (reference grid, bins, distinct set: a few hundred KiB a column) while they are in
 * the CPU cache, instead of fetching them again for every thousand rows. The pass over 12 columns took 0.6–0.7×
 * the time at 16,384 rows as at 1,024. The buffers hold about 16 bytes a cell (4 MiB at this size).
 */
const BATCH_CELLS = 262_144;

function batchRows(columns: number): number {
  let rows = 16_384;
  while (rows > 1024 && rows * columns > BATCH_CELLS) rows >>= 1;
  return rows;
}
/** Batch code of a missing (or unusable) discrete cell. */
const CODE_MISSING = -2;

const K_NUMERICAL = 0;
const K_DATETIME = 1;
const K_DISCRETE = 2;
const K_BOOLEAN = 3;
const K_OTHER = 4;

export interface ColumnStateJson {
  readonly nulls: number;
  readonly missing: number;
  readonly invalid: number;
  readonly invalidExamples: string[];
  readonly types: Record<JsonTypeName, number>;
  readonly moments?: MomentsJson;
  readonly sketch?: KllJson;
  /** Counts along the reference grid: [below grid[0], at grid[0], between grid[0] and grid[1], at grid[1], …, above the last]. */
  readonly ks?: number[];
  readonly categories?: CategoryJson;
  readonly distinct?: DistinctJson;
}

export interface ProfileJson {
  readonly profileVersion: 1;
  readonly plan: ProfilePlan;
  readonly rows: number;
  readonly nextIndex: number;
  readonly columns: ColumnStateJson[];
  readonly coMoments: number[];
  readonly coShifts: Array<number | null>;
  readonly contingency: Array<{ readonly counts: number[]; readonly unmatched: number }>;
  readonly sample: SampleJson;
  readonly copies: { readonly checked: number; readonly exact: number } | null;
  readonly validity: ValidityState | null;
}

export interface ValidityState {
  readonly checked: number;
  readonly valid: number;
  readonly examples: Array<{ readonly row: number; readonly message: string }>;
  /** Set when the schema could not be compiled (validity not measured). */
  readonly error?: string;
}

/** What a numerical or datetime column's profile derives from its plan alone: read-only, so shared. */
interface GridTables {
  /** The reference's distinct values, indexed (null without a grid). */
  readonly index: GridIndex | null;
  /** Each grid value's hash. */
  readonly hashes: Float64Array | null;
  readonly edges: Float64Array | null;
  /** Bins (numpy.digitize codes) of the grid values and of the gaps between them; -1 where an edge is close. */
  readonly pointBins: Int32Array | null;
  readonly gapBins: Int32Array | null;
}

/**
 * Per plan column, so the profilers of one plan (the data's, the reference's, every chunk's) build these
 * once: for a 10,000-value grid they are ~300 KiB and most of a small run's set-up time.
 */
const gridTables = new WeakMap<ColumnPlan, GridTables>();

function gridTablesOf(plan: ColumnPlan): GridTables {
  let tables = gridTables.get(plan);
  if (tables !== undefined) return tables;
  const index = plan.ksGrid ? new GridIndex(Float64Array.from(plan.ksGrid)) : null;
  const edges = plan.binEdges ? Float64Array.from(plan.binEdges) : null;
  let hashes: Float64Array | null = null;
  let pointBins: Int32Array | null = null;
  let gapBins: Int32Array | null = null;
  if (index !== null) {
    const grid = index.grid;
    hashes = new Float64Array(grid.length);
    for (let i = 0; i < grid.length; i++) hashes[i] = hashNumber(grid[i] as number);
  }
  if (index !== null && edges !== null) {
    // A grid value's bin, and the bin of the values strictly between two grid values, wherever no bin edge
    // lies within rounding distance (1e-12, relative) — there the exact digitize runs instead (-1).
    const grid = index.grid;
    const g = grid.length;
    // Whether an edge lies in [lo − tol, hi + tol]: the first edge ≥ lo − tol (the edges ascend), then its value.
    const near = (lo: number, hi: number): boolean => {
      const tol = 1e-12 * Math.max(1, Math.abs(lo), Math.abs(hi));
      let a = 0;
      let b = edges.length;
      while (a < b) {
        const mid = (a + b) >> 1;
        if ((edges[mid] as number) >= lo - tol) b = mid;
        else a = mid + 1;
      }
      return a < edges.length && (edges[a] as number) <= hi + tol;
    };
    pointBins = new Int32Array(g);
    gapBins = new Int32Array(g + 1).fill(-1);
    for (let i = 0; i < g; i++) {
      const v = grid[i] as number;
      pointBins[i] = near(v, v) ? -1 : binOf(v, edges);
      if (i > 0) {
        const lo = grid[i - 1] as number;
        gapBins[i] = near(lo, v) ? -1 : binOf((lo + v) / 2, edges);
      }
    }
  }
  tables = { index, hashes, edges, pointBins, gapBins };
  gridTables.set(plan, tables);
  return tables;
}

const knownHashes = new WeakMap<ColumnPlan, Float64Array>();

/** The hashes of a discrete column's known categories (shared per plan column, read-only). */
function knownHashesOf(plan: ColumnPlan): Float64Array {
  let hashes = knownHashes.get(plan);
  if (hashes === undefined) {
    const categories = plan.categories ?? [];
    hashes = new Float64Array(categories.length);
    for (let i = 0; i < categories.length; i++) hashes[i] = hashText(categories[i] as string);
    knownHashes.set(plan, hashes);
  }
  return hashes;
}

/** Everything the profile knows about one column. */
export class ColumnState {
  readonly kindCode: number;
  readonly name: string;
  readonly parts: string[];
  nulls = 0;
  missing = 0;
  invalid = 0;
  invalidExamples: string[] = [];
  readonly types = new Float64Array(TYPE_NAMES.length);
  private dateCache: Map<string, number> | null;
  private dateHits = 0;
  readonly moments: Moments | null;
  sketch: KllSketch | null;
  /** The reference's distinct values, indexed for constant-time lower bounds. */
  readonly gridIndex: GridIndex | null;
  /**
   * With a reference grid g₀ < g₁ < … (its distinct values): counts of values in (g_{i−1}, g_i) at index 2i
   * and at g_i at index 2i + 1, so a walk in index order is a walk along the real line (exact KS).
   */
  readonly ksCounts: Uint32Array | null;
  readonly categories: CategoryCounter | null;
  readonly knownHashes: Float64Array | null;
  /** The distinct counter as the hot loop feeds it, before the grid marks are folded in: read `distinct`. */
  readonly distinctCounter: DistinctCounter | null;
  /**
   * With a reference grid: each grid value's hash, and which grid values the column has held exactly. A value
   * equal to a grid value takes its hash from here and is marked instead of being hashed and looked up in the
   * distinct set (most values of low-cardinality columns); the marks are folded into the set whenever it is
   * read, so the set always holds exactly what a plain pass would have put in it.
   */
  readonly gridHashes: Float64Array | null;
  readonly gridSeen: Uint8Array | null;
  readonly edges: Float64Array | null;
  /** Bins (numpy.digitize codes) of the grid values and of the gaps between them; -1 where an edge is close. */
  readonly pointBins: Int32Array | null;
  readonly gapBins: Int32Array | null;

  constructor(
    readonly plan: ColumnPlan,
    options: ProfileOptions,
    index: number,
  ) {
    const kind = plan.kind;
    this.kindCode =
      kind === 'numerical'
        ? K_NUMERICAL
        : kind === 'datetime'
          ? K_DATETIME
          : kind === 'boolean'
            ? K_BOOLEAN
            : isDiscrete(kind)
              ? K_DISCRETE
              : K_OTHER;
    this.name = plan.name;
    this.dateCache = kind === 'datetime' ? new Map() : null;
    this.parts = plan.name.split('.');
    const continuous = isContinuous(kind);
    this.moments = continuous ? new Moments() : null;
    const tables = continuous ? gridTablesOf(plan) : null;
    this.gridIndex = tables?.index ?? null;
    // With a reference grid the counts along it are the distribution (exact ranks); else a KLL sketch.
    this.sketch =
      continuous && this.gridIndex === null
        ? new KllSketch(options.sketchK, (options.seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0)
        : null;
    // 32-bit counts (half the cache footprint of doubles: these are hit at random); a column of more than
    // 4 billion values per profile would need a merge of several.
    this.ksCounts = this.gridIndex ? new Uint32Array(2 * this.gridIndex.grid.length + 1) : null;
    this.edges = tables?.edges ?? null;
    this.pointBins = tables?.pointBins ?? null;
    this.gapBins = tables?.gapBins ?? null;
    this.categories = isDiscrete(kind) ? new CategoryCounter(options.categoryCap, plan.categories ?? []) : null;
    this.knownHashes = isDiscrete(kind) ? knownHashesOf(plan) : null;
    const keyColumn = kind === 'id' || plan.expect?.unique === true;
    this.distinctCounter = isDiscrete(kind) ? null : new DistinctCounter(keyColumn ? options.keyDistinctCap : options.distinctCap);
    this.gridHashes = tables?.hashes ?? null;
    this.gridSeen = this.gridIndex === null ? null : new Uint8Array(this.gridIndex.grid.length);
  }

  /** The distinct counter (every value's hash, exact up to the cap, then HyperLogLog). */
  get distinct(): DistinctCounter | null {
    const counter = this.distinctCounter;
    const seen = this.gridSeen;
    if (counter !== null && seen !== null) {
      const hashes = this.gridHashes as Float64Array;
      for (let g = 0; g < seen.length; g++) {
        if (seen[g] === 0) continue;
        counter.addHash(hashes[g] as number);
        seen[g] = 0;
      }
    }
    return counter;
  }

  /** Rows seen for this column (values + nulls). */
  get values(): number {
    let n = 0;
    for (let i = 1; i < this.types.length; i++) n += this.types[i] as number;
    return n;
  }

  typeCounts(): Record<JsonTypeName, number> {
    const out = {} as Record<JsonTypeName, number>;
    TYPE_NAMES.forEach((name, i) => (out[name] = this.types[i] as number));
    return out;
  }

  distinctCount(): DistinctEstimate {
    if (this.categories) return this.categories.distinct();
    return (this.distinct as DistinctCounter).estimate();
  }

  /**
   * The column's value distribution for quantiles, ranks and histograms: the counts along the reference's
   * distinct values when there is a reference (exact ranks), else the KLL sketch. Null for other kinds.
   */
  distribution(): ValueDistribution | null {
    if (this.sketch !== null) return this.sketch;
    if (this.gridIndex === null || this.ksCounts === null || this.moments === null) return null;
    return new GridCounts(this.gridIndex.grid, this.ksCounts, this.moments.min, this.moments.max);
  }

  /** Dates repeat (days, hours): a text → ms cache of up to 16,384 entries, dropped if by then it had fewer hits than entries. */
  parseDate(raw: unknown): number {
    const cache = this.dateCache;
    if (cache === null || typeof raw !== 'string') return parseDateMs(raw);
    const hit = cache.get(raw);
    if (hit !== undefined) {
      this.dateHits++;
      return hit;
    }
    const ms = parseDateMs(raw);
    if (cache.size < DATE_CACHE_SIZE) cache.set(raw, ms);
    else if (this.dateHits < DATE_CACHE_SIZE) this.dateCache = null; // fewer hits than entries: mostly distinct, stop caching
    return ms;
  }

  /**
   * A present cell whatever its type, into slot o of the batch: the general path (the compiled ingest
   * handles the usual type of each kind inline and leaves the rest to this).
   */
  addCell(raw: unknown, o: number, bNum: Float64Array, bCode: Int32Array, bKey: Array<string | null>): void {
    const t = typeof raw;
    this.types[t === 'string' ? 4 : t === 'number' ? (Number.isInteger(raw) ? 2 : 3) : t === 'boolean' ? 1 : Array.isArray(raw) ? 5 : 6]!++;
    const kind = this.kindCode;
    if (kind <= K_DATETIME) {
      const x =
        kind === K_NUMERICAL ? (t === 'number' ? (Number.isFinite(raw) ? (raw as number) : NaN) : toNumber(raw)) : this.parseDate(raw);
      if (x !== x) this.noteInvalid(raw);
      bNum[o] = x;
    } else if (kind !== K_OTHER) {
      const key = kind === K_BOOLEAN ? toBooleanKey(raw) : t === 'string' ? (raw as string) : toCategory(raw);
      if (key === null) {
        this.noteInvalid(raw);
        bCode[o] = CODE_MISSING;
        return;
      }
      bKey[o] = key;
      bCode[o] = (this.categories as CategoryCounter).add(key); // known index, or -1
    } else {
      const h = t === 'string' ? hashText(raw as string) : t === 'number' ? hashNumber(raw as number) : hashText(toCategory(raw) as string);
      (this.distinctCounter as DistinctCounter).addHash(h);
    }
  }

  /** A null or absent cell. */
  addMissing(absent: boolean, o: number, bNum: Float64Array, bCode: Int32Array): void {
    this.nulls++;
    if (absent) this.missing++;
    this.types[0]!++;
    bNum[o] = NaN;
    bCode[o] = CODE_MISSING;
  }

  noteInvalid(raw: unknown): void {
    this.invalid++;
    if (this.invalidExamples.length < 3) {
      const text = typeof raw === 'string' ? JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw) : JSON.stringify(raw);
      if (!this.invalidExamples.includes(text)) this.invalidExamples.push(text);
    }
  }

  merge(other: ColumnState): void {
    this.nulls += other.nulls;
    this.missing += other.missing;
    this.invalid += other.invalid;
    for (const example of other.invalidExamples)
      if (this.invalidExamples.length < 3 && !this.invalidExamples.includes(example)) this.invalidExamples.push(example);
    for (let i = 0; i < this.types.length; i++) this.types[i]! += other.types[i] as number;
    this.moments?.merge(other.moments as Moments);
    this.sketch?.merge(other.sketch as KllSketch);
    if (this.ksCounts && other.ksCounts) for (let i = 0; i < this.ksCounts.length; i++) this.ksCounts[i]! += other.ksCounts[i] as number;
    this.categories?.merge(other.categories as CategoryCounter);
    this.distinct?.merge(other.distinct as DistinctCounter);
  }

  toJSON(): ColumnStateJson {
    return {
      nulls: this.nulls,
      missing: this.missing,
      invalid: this.invalid,
      invalidExamples: [...this.invalidExamples],
      types: this.typeCounts(),
      ...(this.moments ? { moments: this.moments.toJSON() } : {}),
      ...(this.sketch ? { sketch: this.sketch.toJSON() } : {}),
      ...(this.ksCounts ? { ks: Array.from(this.ksCounts) } : {}),
      ...(this.categories ? { categories: this.categories.toJSON() } : {}),
      ...(this.distinct ? { distinct: this.distinct.toJSON() } : {}),
    };
  }

  load(json: ColumnStateJson): void {
    this.nulls = json.nulls;
    this.missing = json.missing;
    this.invalid = json.invalid;
    this.invalidExamples = [...json.invalidExamples];
    TYPE_NAMES.forEach((name, i) => (this.types[i] = json.types[name] ?? 0));
    if (this.moments && json.moments) this.moments.merge(Moments.fromJSON(json.moments));
    if (this.sketch && json.sketch) this.sketch = KllSketch.fromJSON(json.sketch);
    if (this.ksCounts && json.ks) this.ksCounts.set(json.ks);
    if (this.categories && json.categories) this.categories.merge(CategoryCounter.fromJSON(json.categories));
    if (this.distinct && json.distinct) this.distinct.merge(DistinctCounter.fromJSON(json.distinct));
  }
}

interface JointTable {
  readonly a: number;
  readonly b: number;
  readonly sizeB: number;
  readonly counts: Float64Array;
  /** Sparse tables: cell → slot in `counts`. */
  readonly slots: Map<number, number> | null;
  unmatched: number;
}

interface CompiledValidator {
  readonly validate: RowValidator | null;
  readonly error?: string;
}

/** Compiled row validators by the schema's canonical JSON, most recently used last. */
const validators = new Map<string, CompiledValidator>();
/** Distinct schemas whose validators are kept (a compiled validator is tens of KiB of code). */
export const VALIDATOR_CACHE_SIZE = 32;

/**
 * A row validator for the schema, compiled once per distinct schema: compiling costs milliseconds, which a
 * service running a 1,000-row pipeline per request would pay on every request for the same few schemas. The
 * key is the canonical JSON (the same schema parsed anew hits it). Sharing is safe: a validator is a pure
 * function of the row, and the errors Ajv leaves on it are read right after the call, before anything else
 * can run.
 */
function compileValidator(schema: JsonSchema): CompiledValidator {
  const key = canonicalJson(schema);
  const cached = validators.get(key);
  if (cached !== undefined) {
    validators.delete(key);
    validators.set(key, cached);
    return cached;
  }
  let compiled: CompiledValidator;
  try {
    const ajv = createAjv(detectDraft(schema), { allErrors: false });
    const check = ajv.compile(schema as object);
    compiled = { validate: (row) => (check(row) ? null : describeAjvErrors(check.errors, 2)) };
  } catch (error) {
    compiled = { validate: null, error: `the schema cannot be compiled for validation: ${(error as Error).message}` };
  }
  validators.set(key, compiled);
  if (validators.size > VALIDATOR_CACHE_SIZE) validators.delete(validators.keys().next().value as string);
  return compiled;
}

/** A profiler. Before its plan is fixed (no schema kinds, no reference) it buffers the first rows. */
export class Profiler {
  private planValue: ProfilePlan | undefined;
  private pending: unknown[] = [];
  private readonly schemaInfo: SchemaColumns | undefined;
  private readonly setup: ProfilerSetup;
  private validator: RowValidator | null = null;
  private validity: { checked: number; valid: number; examples: Array<{ row: number; message: string }>; error?: string } | null = null;

  private cols: ColumnState[] = [];
  private continuous: Int32Array = new Int32Array(0);
  private pairA: Int32Array = new Int32Array(0);
  private pairB: Int32Array = new Int32Array(0);
  private co: Float64Array = new Float64Array(0);
  /** Per column: the first value seen (the co-moment shift), NaN before. */
  private shifts: Float64Array = new Float64Array(0);
  private tables: JointTable[] = [];
  private jointCounts: Float64Array = new Float64Array(0);
  private denseA: Int32Array = new Int32Array(0);
  private denseB: Int32Array = new Int32Array(0);
  private denseSizeB: Int32Array = new Int32Array(0);
  private denseOffset: Int32Array = new Int32Array(0);
  private sparseTables: JointTable[] = [];
  private codeNeeded: Uint8Array = new Uint8Array(0);
  private modelled: Int32Array = new Int32Array(0);
  private referenceHashes: HashSet | null = null;
  private sample: RowSample = new RowSample(1);
  private copies: { checked: number; exact: number } | null = null;
  /**
   * The batch: rows buffered column-major (cell c of row r at c · batchSize + r) until flush(). It starts at
   * 1,024 rows and doubles after each full batch up to `batchLimit`, so a small input (a reference sample)
   * does not pay for buffers sized for millions of rows.
   */
  private batchSize = 1024;
  private batchLimit = 1024;
  private bNum: Float64Array = new Float64Array(0);
  private bCode: Int32Array = new Int32Array(0);
  /**
   * Per batch row: 1 once a modelled cell holds a value that no reference row holds in that column, so the
   * row copies no reference row and its hash is never computed (most rows of most data sets).
   */
  private bOff: Uint8Array = new Uint8Array(0);
  /** Per column: 1 when the batch just flushed had no gap (null or unusable value) in it. */
  private gapless: Uint8Array = new Uint8Array(0);
  /** Hashes of one column's batch values that are not reference values, for its distinct counter. */
  private fresh: Float64Array = new Float64Array(0);
  /** A row's modelled cell hashes, by column (rowHashOf reads them in plan order). */
  private rowHashes: Float64Array = new Float64Array(0);
  private bKey: Array<string | null> = [];
  private batch = 0;
  private batchStart = 0;
  /** Copies a row's cells into the batch (see compileIngest). */
  private ingest: Ingest = () => {};
  private seed = 0;

  /** Rows added. */
  rows = 0;
  private nextIndex: number;

  constructor(setup: ProfilerSetup = {}) {
    this.setup = setup;
    this.nextIndex = setup.rowOffset ?? 0;
    if (!Number.isSafeInteger(this.nextIndex) || this.nextIndex < 0)
      throw new SdgError('SDG_ERR_BAD_OPTION', 'rowOffset must be a non-negative integer');
    this.schemaInfo = setup.schema !== undefined && setup.plan === undefined ? schemaColumns(setup.schema) : undefined;
    if (setup.schema !== undefined && setup.validate !== false) {
      if (typeof setup.validate === 'function') this.validator = setup.validate;
      else {
        const compiled = compileValidator(setup.schema);
        this.validator = compiled.validate;
        this.validity = { checked: 0, valid: 0, examples: [], ...(compiled.error === undefined ? {} : { error: compiled.error }) };
      }
    } else if (typeof setup.validate === 'function') this.validator = setup.validate;
    if (this.validator !== null && this.validity === null) this.validity = { checked: 0, valid: 0, examples: [] };
    if (setup.plan !== undefined) this.start(setup.plan);
    else if (
      !needsHead({ ...(this.schemaInfo ? { schema: this.schemaInfo } : {}), ...(setup.reference ? { reference: setup.reference } : {}) })
    ) {
      this.start(
        buildPlan({
          ...(this.schemaInfo ? { schema: this.schemaInfo } : {}),
          ...(setup.reference ? { reference: setup.reference } : {}),
          ...(setup.options ? { options: setup.options } : {}),
        }).plan,
      );
    }
  }

  /** The plan (fixed from the buffered first rows if it was not yet). */
  get plan(): ProfilePlan {
    this.settle();
    return this.planValue as ProfilePlan;
  }

  /** Fixes the plan from the rows buffered so far (called by every reader; harmless to call again). */
  settle(): void {
    if (this.planValue !== undefined) return;
    const head = this.pending;
    this.pending = [];
    this.start(
      buildPlan({
        ...(this.schemaInfo ? { schema: this.schemaInfo } : {}),
        head,
        ...(this.setup.options ? { options: this.setup.options } : {}),
      }).plan,
    );
    for (const row of head) this.addRow(row);
  }

  private start(plan: ProfilePlan): void {
    this.planValue = plan;
    const options = plan.options;
    this.seed = options.seed >>> 0;
    const n = plan.columns.length;
    this.cols = plan.columns.map((column, i) => new ColumnState(column, options, i));
    const continuous: number[] = [];
    const modelled: number[] = [];
    plan.columns.forEach((column, i) => {
      if (isContinuous(column.kind)) continuous.push(i);
      if (isModelled(column.kind)) modelled.push(i);
    });
    this.continuous = Int32Array.from(continuous);
    this.modelled = Int32Array.from(modelled);
    const pa: number[] = [];
    const pb: number[] = [];
    for (let i = 0; i < continuous.length; i++) {
      for (let j = i + 1; j < continuous.length; j++) {
        pa.push(continuous[i]!);
        pb.push(continuous[j]!);
      }
    }
    this.pairA = Int32Array.from(pa);
    this.pairB = Int32Array.from(pb);
    this.co = new Float64Array(pa.length * CO_SLOTS);
    this.shifts = new Float64Array(n).fill(NaN);
    this.codeNeeded = new Uint8Array(n);
    // Dense tables share one array (the hot loop indexes it directly); sparse ones keep a cell → slot map.
    let denseCells = 0;
    const offsets = plan.contingency.map(({ a, b, cells }) => {
      const offset = denseCells;
      if (cells === undefined) denseCells += codeSize(plan.columns[a] as ColumnPlan) * codeSize(plan.columns[b] as ColumnPlan);
      return offset;
    });
    this.jointCounts = new Float64Array(denseCells);
    const dense: number[] = [];
    const sparse: number[] = [];
    this.tables = plan.contingency.map(({ a, b, cells }, t) => {
      this.codeNeeded[a] = 1;
      this.codeNeeded[b] = 1;
      const sizeB = codeSize(plan.columns[b] as ColumnPlan);
      if (cells === undefined) {
        dense.push(t);
        const size = codeSize(plan.columns[a] as ColumnPlan) * sizeB;
        const offset = offsets[t] as number;
        return { a, b, sizeB, counts: this.jointCounts.subarray(offset, offset + size), slots: null, unmatched: 0 };
      }
      sparse.push(t);
      return { a, b, sizeB, counts: new Float64Array(cells.length), slots: new Map(cells.map((cell, i) => [cell, i])), unmatched: 0 };
    });
    this.denseA = Int32Array.from(dense, (t) => plan.contingency[t]!.a);
    this.denseB = Int32Array.from(dense, (t) => plan.contingency[t]!.b);
    this.denseSizeB = Int32Array.from(dense, (t) => codeSize(plan.columns[plan.contingency[t]!.b] as ColumnPlan));
    this.denseOffset = Int32Array.from(dense, (t) => offsets[t] as number);
    this.sparseTables = sparse.map((t) => this.tables[t] as JointTable);
    this.referenceHashes = null;
    if (plan.reference && modelled.length > 0) {
      const set = new HashSet();
      for (const h of plan.reference.rowHashes) set.add(h);
      this.referenceHashes = set;
    }
    this.copies = this.referenceHashes ? { checked: 0, exact: 0 } : null;
    this.sample = new RowSample(options.sampleSize);
    this.batchLimit = batchRows(n);
    this.allocateBatch(Math.min(1024, this.batchLimit));
    this.batch = 0;
    this.rowHashes = new Float64Array(n);
    this.gapless = new Uint8Array(n);
    this.ingest = compileIngest(this.cols);
  }

  private allocateBatch(rows: number): void {
    const n = this.cols.length;
    this.batchSize = rows;
    this.bNum = new Float64Array(n * rows);
    this.bCode = new Int32Array(n * rows);
    this.bOff = new Uint8Array(rows);
    this.fresh = new Float64Array(rows);
    this.bKey = new Array<string | null>(n * rows).fill(null);
  }

  /** Profiles one row (a JSON object; anything else counts as a row of missing values). */
  add(row: unknown): void {
    if (this.planValue === undefined) {
      this.pending.push(row);
      if (this.pending.length >= (this.setup.inferenceRows ?? 1000)) this.settle();
      return;
    }
    this.addRow(row);
  }

  private addRow(row: unknown): void {
    const BATCH = this.batchSize;
    if (this.batch === 0) this.batchStart = this.nextIndex;
    const index = this.nextIndex++;
    this.rows++;
    if (this.validator !== null) {
      const validity = this.validity!;
      validity.checked++;
      const message = this.validator(row);
      if (message === null) validity.valid++;
      else if (validity.examples.length < MAX_EXAMPLES) validity.examples.push({ row: index, message });
    }
    // Extraction: each cell's kind-specific value into the column-major batch; the statistics run per column
    // over whole batches in flush(), in tight loops.
    this.ingest(isPlainObject(row) ? row : NO_ROW, this.batch, BATCH, this.bNum, this.bCode, this.bKey);
    if (++this.batch === BATCH) {
      this.flush();
      if (BATCH < this.batchLimit) this.allocateBatch(BATCH * 2);
    }
  }

  /** Runs the per-column and per-pair statistics over the buffered batch. */
  private flush(): void {
    const n = this.batch;
    if (n === 0) return;
    this.batch = 0;
    this.bOff.fill(0, 0, n);
    const cols = this.cols;
    for (let c = 0; c < cols.length; c++) {
      const st = cols[c] as ColumnState;
      if (st.kindCode <= K_DATETIME) this.flushContinuous(st, c, n);
      else if (st.kindCode !== K_OTHER) this.flushDiscrete(st, c, n);
    }
    this.flushCoMoments(n);
    this.flushJointTables(n);
    if (this.referenceHashes !== null) this.flushCopies(n);
    this.flushSample(n);
  }

  /**
   * A numerical or datetime column over the batch: moments, counts along the reference grid (or the sketch),
   * distinct values, bins for the joint tables, and which rows hold a value no reference row has.
   */
  private flushContinuous(st: ColumnState, c: number, n: number): void {
    const BATCH = this.batchSize;
    const base = c * BATCH;
    const bNum = this.bNum;
    const bCode = this.bCode;
    const bOff = this.bOff;
    const needCode = this.codeNeeded[c] === 1;
    const moments = st.moments as Moments;
    const sketch = st.sketch;
    const distinct = st.distinctCounter as DistinctCounter;
    const gridIndex = st.gridIndex;
    const grid = gridIndex === null ? null : gridIndex.grid;
    const gridSeen = st.gridSeen;
    const ks = st.ksCounts;
    const edges = st.edges;
    const pointBins = st.pointBins;
    const gapBins = st.gapBins;
    const numerical = st.kindCode === K_NUMERICAL;
    const fresh = this.fresh;
    let freshCount = 0;
    let gaps = 0;
    let shift = this.shifts[c] as number;
    // Welford's update (Moments.add) on locals: the same arithmetic in the same order, without a round
    // trip through the object per value.
    let count = moments.n;
    let mean = moments.mean;
    let m2 = moments.m2;
    let min = moments.min;
    let max = moments.max;
    for (let r = 0; r < n; r++) {
      const x = bNum[base + r] as number;
      if (x !== x) {
        gaps++;
        if (needCode) bCode[base + r] = (edges as Float64Array).length;
        continue;
      }
      if (shift !== shift) shift = x;
      count++;
      const delta = x - mean;
      mean += delta / count;
      m2 += delta * (x - mean);
      if (x < min) min = x;
      if (x > max) max = x;
      if (sketch !== null) sketch.add(x);
      if (gridIndex !== null) {
        // numpy.round(x, 14), inlined: rint(x·1e14)/1e14, where rint only matters below 2^52 (rint spelled
        // out: a call here would box its argument and result for every value).
        let v = x;
        if (numerical) {
          const y = x * 1e14;
          if (y < 4503599627370496 && y > -4503599627370496) {
            const f = Math.floor(y);
            const diff = y - f;
            v = (diff < 0.5 ? f : diff > 0.5 || f % 2 !== 0 ? f + 1 : f) / 1e14;
          } else v = y / 1e14;
        }
        const g = gridIndex.lowerBound(v);
        const equal = g < (grid as Float64Array).length && (grid as Float64Array)[g] === v;
        (ks as Uint32Array)[equal ? 2 * g + 1 : 2 * g]!++;
        if (equal && x === (grid as Float64Array)[g]) (gridSeen as Uint8Array)[g] = 1;
        else fresh[freshCount++] = hashNumber(x);
        // Not even its rounding is a reference value: x equals none of them.
        if (!equal) bOff[r] = 1;
        if (needCode) {
          // The bin of a grid value or of a gap between two, precomputed unless an edge lies close.
          const bin = equal ? (pointBins as Int32Array)[g] : (gapBins as Int32Array)[g];
          bCode[base + r] = (bin as number) >= 0 ? (bin as number) : binOf(x, edges as Float64Array);
        }
      } else {
        fresh[freshCount++] = hashNumber(x);
        if (needCode) bCode[base + r] = binOf(x, edges as Float64Array);
      }
    }
    // The hashes go to the distinct counter in one call (the same order, so the same counter): its code then
    // compiles on its own instead of crowding this loop out of the compiler's inlining budget.
    distinct.addHashes(fresh, freshCount);
    moments.n = count;
    moments.mean = mean;
    moments.m2 = m2;
    moments.min = min;
    moments.max = max;
    this.shifts[c] = shift;
    this.gapless[c] = gaps === 0 ? 1 : 0;
  }

  /** A categorical or boolean column over the batch: codes for the joint tables, rows with an unknown category. */
  private flushDiscrete(st: ColumnState, c: number, n: number): void {
    const base = c * this.batchSize;
    const bCode = this.bCode;
    const bKey = this.bKey;
    const bOff = this.bOff;
    const needCode = this.codeNeeded[c] === 1;
    const known = (st.knownHashes as Float64Array).length;
    for (let r = 0; r < n; r++) {
      const code = bCode[base + r] as number;
      if (code >= 0) continue;
      if (code === -1) {
        // A category the reference does not have.
        bOff[r] = 1;
        if (needCode) bCode[base + r] = known + 1;
      } else {
        bKey[base + r] = null;
        if (needCode) bCode[base + r] = known;
      }
    }
  }

  /** Pearson co-moments, pair by pair over the batch (pairwise-complete). */
  private flushCoMoments(n: number): void {
    const BATCH = this.batchSize;
    const bNum = this.bNum;
    const shifts = this.shifts;
    const co = this.co;
    const pa = this.pairA;
    const pb = this.pairB;
    for (let p = 0; p < pa.length; p++) {
      const a = (pa[p] as number) * BATCH;
      const b = (pb[p] as number) * BATCH;
      const sa = shifts[pa[p] as number] as number;
      const sb = shifts[pb[p] as number] as number;
      const o = p * CO_SLOTS;
      let count = co[o] as number;
      let sx = co[o + 1] as number;
      let sy = co[o + 2] as number;
      let sxx = co[o + 3] as number;
      let syy = co[o + 4] as number;
      let sxy = co[o + 5] as number;
      if (this.gapless[pa[p] as number] === 1 && this.gapless[pb[p] as number] === 1) {
        // Both columns full in this batch: the same sums without the test for a gap (the usual case).
        for (let r = 0; r < n; r++) {
          const dx = (bNum[a + r] as number) - sa;
          const dy = (bNum[b + r] as number) - sb;
          sx += dx;
          sy += dy;
          sxx += dx * dx;
          syy += dy * dy;
          sxy += dx * dy;
        }
        count += n;
      } else {
        for (let r = 0; r < n; r++) {
          const x = bNum[a + r] as number;
          const y = bNum[b + r] as number;
          if (x !== x || y !== y) continue;
          const dx = x - sa;
          const dy = y - sb;
          count++;
          sx += dx;
          sy += dy;
          sxx += dx * dx;
          syy += dy * dy;
          sxy += dx * dy;
        }
      }
      co[o] = count;
      co[o + 1] = sx;
      co[o + 2] = sy;
      co[o + 3] = sxx;
      co[o + 4] = syy;
      co[o + 5] = sxy;
    }
  }

  /** Joint frequency tables over the batch's codes. */
  private flushJointTables(n: number): void {
    const BATCH = this.batchSize;
    const bCode = this.bCode;
    const joint = this.jointCounts;
    const da = this.denseA;
    const db = this.denseB;
    for (let t = 0; t < da.length; t++) {
      const a = (da[t] as number) * BATCH;
      const b = (db[t] as number) * BATCH;
      const offset = this.denseOffset[t] as number;
      const sizeB = this.denseSizeB[t] as number;
      for (let r = 0; r < n; r++) joint[offset + (bCode[a + r] as number) * sizeB + (bCode[b + r] as number)]!++;
    }
    for (const table of this.sparseTables) {
      const a = table.a * BATCH;
      const b = table.b * BATCH;
      for (let r = 0; r < n; r++) {
        const slot = (table.slots as Map<number, number>).get((bCode[a + r] as number) * table.sizeB + (bCode[b + r] as number));
        if (slot === undefined) table.unmatched++;
        else table.counts[slot]!++;
      }
    }
  }

  /** Exact copies of reference rows, among the batch rows not already ruled out. */
  private flushCopies(n: number): void {
    const copies = this.copies!;
    const hashes = this.referenceHashes as HashSet;
    const bOff = this.bOff;
    for (let r = 0; r < n; r++) if (bOff[r] === 0 && hashes.has(this.rowHash(r))) copies.exact++;
    copies.checked += n;
  }

  /** Offers the batch rows to the uniform row sample. */
  private flushSample(n: number): void {
    const BATCH = this.batchSize;
    const cols = this.cols;
    const bNum = this.bNum;
    const bKey = this.bKey;
    const modelled = this.modelled;
    const sample = this.sample;
    sample.seen += n;
    for (let r = 0; r < n; r++) {
      const index = this.batchStart + r;
      const priority = indexPriority(this.seed, index);
      if (!sample.wants(priority)) continue;
      const values: Cell[] = new Array<Cell>(cols.length).fill(null);
      for (let m = 0; m < modelled.length; m++) {
        const c = modelled[m] as number;
        const x = bNum[c * BATCH + r] as number;
        values[c] = (cols[c] as ColumnState).kindCode <= K_DATETIME ? (x === x ? x : null) : (bKey[c * BATCH + r] ?? null);
      }
      sample.offer(priority, index, values);
    }
  }

  /** The hash of batch row r over its modelled cells: the same as plan.ts's rowHash of the row's cells. */
  private rowHash(r: number): number {
    const BATCH = this.batchSize;
    const modelled = this.modelled;
    const hashes = this.rowHashes;
    for (let m = 0; m < modelled.length; m++) {
      const c = modelled[m] as number;
      const st = this.cols[c] as ColumnState;
      if (st.kindCode <= K_DATETIME) {
        const x = this.bNum[c * BATCH + r] as number;
        hashes[c] = x === x ? hashNumber(x) : NULL_HASH;
      } else {
        // Known categories only: a row with another one was ruled out (bOff), and missing codes are negative
        // or, remapped for the joint tables, the number of known categories.
        const code = this.bCode[c * BATCH + r] as number;
        const known = st.knownHashes as Float64Array;
        hashes[c] = code >= 0 && code < known.length ? (known[code] as number) : NULL_HASH;
      }
    }
    return rowHashOf(hashes, modelled);
  }

  /** Fixes the plan and runs the statistics over the rows still buffered: every reader calls it. */
  private ready(): void {
    this.settle();
    this.flush();
  }

  /** Adds another profile of the same plan (a chunk of the same data set, profiled elsewhere). */
  merge(other: Profiler): void {
    this.ready();
    other.ready();
    if (planFingerprint(this.plan) !== planFingerprint(other.plan)) {
      throw new SdgError('SDG_ERR_BAD_OPTION', 'cannot merge profiles built from different plans', {
        hint: 'build the plan once (buildPlan or profiler.plan) and give it to every chunk profiler',
      });
    }
    this.rows += other.rows;
    this.nextIndex = Math.max(this.nextIndex, other.nextIndex);
    this.cols.forEach((col, i) => col.merge(other.cols[i] as ColumnState));
    mergeCoMoments(this.co, this.shifts, other.co, other.shifts, this.pairA, this.pairB);
    this.tables.forEach((table, i) => {
      const from = other.tables[i] as JointTable;
      for (let c = 0; c < table.counts.length; c++) table.counts[c]! += from.counts[c] as number;
      table.unmatched += from.unmatched;
    });
    this.sample.merge(other.sample);
    if (this.copies && other.copies) {
      this.copies.checked += other.copies.checked;
      this.copies.exact += other.copies.exact;
    }
    if (other.validity) {
      if (this.validity === null) this.validity = { checked: 0, valid: 0, examples: [] };
      this.validity.checked += other.validity.checked;
      this.validity.valid += other.validity.valid;
      for (const e of other.validity.examples) if (this.validity.examples.length < MAX_EXAMPLES) this.validity.examples.push(e);
      if (other.validity.error !== undefined) this.validity.error ??= other.validity.error;
    }
  }

  // ------------------------------------------------------------------ reading

  get columns(): readonly ColumnState[] {
    this.ready();
    return this.cols;
  }

  column(name: string): ColumnState | undefined {
    return this.columns.find((c) => c.plan.name === name);
  }

  /** Pearson co-moments of the numerical/datetime pairs (see sketch/moments.ts), with their column indexes. */
  coMoments(): { store: Float64Array; shifts: Float64Array; a: Int32Array; b: Int32Array } {
    this.ready();
    return { store: this.co, shifts: this.shifts, a: this.pairA, b: this.pairB };
  }

  /** Joint tables, in plan.contingency order. */
  jointTables(): readonly JointTable[] {
    this.ready();
    return this.tables;
  }

  rowSample(): RowSample {
    this.ready();
    return this.sample;
  }

  exactCopies(): { checked: number; exact: number } | null {
    this.ready();
    return this.copies;
  }

  validityState(): ValidityState | null {
    return this.validity;
  }

  toJSON(): ProfileJson {
    this.ready();
    return {
      profileVersion: 1,
      plan: this.plan,
      rows: this.rows,
      nextIndex: this.nextIndex,
      columns: this.cols.map((c) => c.toJSON()),
      coMoments: Array.from(this.co),
      coShifts: Array.from(this.shifts, (v) => (Number.isNaN(v) ? null : v)),
      contingency: this.tables.map((t) => ({ counts: Array.from(t.counts), unmatched: t.unmatched })),
      sample: this.sample.toJSON(),
      copies: this.copies ? { ...this.copies } : null,
      validity: this.validity ? { ...this.validity, examples: [...this.validity.examples] } : null,
    };
  }

  static fromJSON(json: ProfileJson): Profiler {
    if (!isPlainObject(json) || json.profileVersion !== 1 || !isPlainObject(json.plan)) {
      throw new SdgError('SDG_ERR_INVALID_DATA', 'not a profile (profileVersion 1) JSON', { hint: 'pass what profiler.toJSON() returned' });
    }
    const profiler = new Profiler({ plan: json.plan, rowOffset: json.nextIndex });
    profiler.rows = json.rows;
    profiler.cols.forEach((col, i) => col.load(json.columns[i] as ColumnStateJson));
    profiler.co.set(json.coMoments);
    json.coShifts.forEach((v, i) => (profiler.shifts[i] = v === null ? NaN : v));
    profiler.tables.forEach((table, i) => {
      const saved = json.contingency[i]!;
      table.counts.set(saved.counts);
      table.unmatched = saved.unmatched;
    });
    profiler.sample = RowSample.fromJSON(json.sample);
    profiler.copies = json.copies ? { ...json.copies } : profiler.copies;
    profiler.validity = json.validity ? { ...json.validity, examples: [...json.validity.examples] } : null;
    return profiler;
  }
}

/**
 * A function that copies a row's cells, in column order, into `out`: one property access per column with the
 * key as a constant (each access site sees one key, so V8 keeps it fast — a generic row[name] over many names
 * is several times slower), as Ajv compiles its validators. A dotted column is read as the flat key first
 * (CSV headers), else by walking the nested objects. Keys are embedded as JSON string literals: any name is safe.
 */
export function compileExtractor(names: readonly string[]): (row: Record<string, unknown>, out: unknown[]) => void {
  const lines = names.map((name, c) => {
    const key = JSON.stringify(name);
    if (!name.includes('.')) return `out[${c}] = row[${key}];`;
    const walk = name
      .split('.')
      .map((part) => `?.[${JSON.stringify(part)}]`)
      .join('');
    return `v = row[${key}]; out[${c}] = v !== undefined ? v : row${walk};`;
  });
  return new Function('row', 'out', `let v;\n${lines.join('\n')}`) as (row: Record<string, unknown>, out: unknown[]) => void;
}

/** Copies row's cells into slot i of a batch of B rows (column c of row i at c · B + i). */
type Ingest = (
  row: Record<string, unknown>,
  i: number,
  B: number,
  bNum: Float64Array,
  bCode: Int32Array,
  bKey: Array<string | null>,
) => void;

/** What a row that is not an object holds: nothing (no prototype either, so no column finds a method). */
const NO_ROW: Record<string, unknown> = Object.freeze(Object.create(null) as Record<string, unknown>);

/** An expression reading column `name` of `row`, as compileExtractor reads it. */
function readExpression(name: string): string {
  const key = JSON.stringify(name);
  if (!name.includes('.')) return `row[${key}]`;
  const walk = name
    .split('.')
    .map((part) => `?.[${JSON.stringify(part)}]`)
    .join('');
  return `(v = row[${key}]) !== undefined ? v : row${walk}`;
}

/**
 * The per-row half of the profiler, compiled for a plan: per column, the cell read with a constant key (see
 * compileExtractor), its null test, and the usual type of its kind — numbers in a numerical column, text in a
 * datetime or categorical one, true/false in a boolean one — converted inline into the batch. Numbers then go
 * from the row to the Float64Array without being boxed, and no cell pays for the kind dispatch; any other type
 * takes ColumnState.addCell, the same code the general path always ran. Only keys (JSON string literals) and
 * column indexes are embedded in the code.
 */
export function compileIngest(cols: readonly ColumnState[]): Ingest {
  const body = cols.map((st, c) => {
    const cell = `s${c}.addCell(v, o, bNum, bCode, bKey)`;
    let usual: string;
    switch (st.kindCode) {
      case K_NUMERICAL:
        usual = `if (typeof v === 'number') {
    t${c}[Number.isInteger(v) ? 2 : 3]++;
    if (v - v === 0) bNum[o] = v;
    else {
      s${c}.noteInvalid(v);
      bNum[o] = NaN;
    }
  } else ${cell};`;
        break;
      case K_DATETIME:
        usual = `if (typeof v === 'string') {
    t${c}[4]++;
    const x = s${c}.parseDate(v);
    if (x !== x) s${c}.noteInvalid(v);
    bNum[o] = x;
  } else ${cell};`;
        break;
      case K_DISCRETE:
        usual = `if (typeof v === 'string') {
    t${c}[4]++;
    bKey[o] = v;
    bCode[o] = k${c}.add(v);
  } else ${cell};`;
        break;
      case K_BOOLEAN:
        usual = `if (typeof v === 'boolean') {
    t${c}[1]++;
    const key = v ? 'true' : 'false';
    bKey[o] = key;
    bCode[o] = k${c}.add(key);
  } else ${cell};`;
        break;
      default:
        // Identifiers, personal data, free text: only their distinct values are counted.
        usual = `if (typeof v === 'string') {
    t${c}[4]++;
    d${c}.addHash(hashText(v));
  } else ${cell};`;
    }
    return `v = ${readExpression(st.name)};
o = ${c} * B + i;
if (v === undefined || v === null) s${c}.addMissing(v === undefined, o, bNum, bCode);
else {
  ${usual}
}`;
  });
  // Each column's state, type counts and category counter as constants of the closure.
  const bindings = cols.map(
    (_, c) => `const s${c} = st[${c}], t${c} = s${c}.types, k${c} = s${c}.categories, d${c} = s${c}.distinctCounter;`,
  );
  const factory = new Function(
    'st',
    'hashText',
    `${bindings.join('\n')}\nreturn function ingest(row, i, B, bNum, bCode, bKey) {\nlet v;\nlet o;\n${body.join('\n')}\n};`,
  ) as (st: readonly ColumnState[], hash: (text: string) => number) => Ingest;
  return factory(cols, hashText);
}

export function createProfiler(setup: ProfilerSetup = {}): Profiler {
  return new Profiler(setup);
}
