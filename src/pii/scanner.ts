/**
 * The column-level scan: rows stream through once; every leaf value is handed to the recognisers with its
 * column's context, and matches are aggregated per (column, entity) into findings. Memory is bounded by the
 * number of columns (plus the reference index when a sample is given), not by the number of rows.
 *
 * Cost model (docs/pii.md): a character census per string decides which recognisers can apply, so a UUID,
 * a timestamp or a lorem sentence costs one pass over its characters. Validators (Luhn, mod-97, SSA rules,
 * checksums) are cheap and always run on candidates; libphonenumber and compromise are the expensive ones
 * and run under a per-column budget (full up to the budget, then 1 in 16, counts extrapolated).
 */
import { SdgError } from '../core/errors.js';
import { isPlainObject } from '../core/types.js';
import { columnContext, type ColumnContext } from './context.js';
import { maskValue } from './mask.js';
import { peopleInText, personCell, streetCell, type TextCandidate } from './names.js';
import { remediation, resolvePolicy, type ResolvedPolicy } from './policy.js';
import { FAST_CHECKS, scanNumber, scanString, type ExpensiveKind, type FastCheck, type Sink, type Where } from './recognize.js';
import {
  PII_ENTITIES,
  type FindingSeverity,
  type PiiEntity,
  type PiiFinding,
  type PiiScanOptions,
  type PiiScanResult,
  type SyntheticMatch,
} from './types.js';

const MAX_EXAMPLES = 5;
const SAMPLE_STRIDE = 16;
const DEFAULT_BUDGET = 20_000;
const NLP_CACHE = 4096;
/** Per-column memo of values that produced nothing or one safe match (enum labels, names, test cards…). */
const VALUE_CACHE = 20_000;
/** Probe this many lookups, then drop the memo if fewer than a fifth hit (UUIDs, timestamps). */
const VALUE_CACHE_PROBE = 2_000;

interface MemoHit {
  readonly entity: PiiEntity;
  readonly score: number;
  readonly text: string;
  readonly reason: string;
  readonly where: Where;
}

/**
 * What a memoised value produced, replayed when the value comes again: its one safe match, whether it was a
 * card-shaped number (and passed Luhn), and its matches. Values that used an expensive validator are not
 * memoised (the budget counts them).
 */
interface Memo {
  readonly safe: PiiEntity | null;
  readonly card: 0 | 1 | 2;
  readonly hits: readonly MemoHit[] | null;
}
const NOTHING: Memo = { safe: null, card: 0, hits: null };
/** The common outcome, one safe match and nothing else, shared per entity rather than allocated per value. */
const SAFE_ONLY: ReadonlyMap<PiiEntity, Memo> = new Map(PII_ENTITIES.map((e) => [e, { safe: e, card: 0, hits: null }]));
const MAX_MEMO_HITS = 8;
/** Values profiled per column before a fast check is chosen, and the share it must settle. */
const PROFILE = 256;
const PROFILE_SHARE = 0.9;
/** Misses after which a check can no longer reach the share: it leaves the trial early. */
const PROFILE_MISSES = PROFILE - Math.ceil(PROFILE * PROFILE_SHARE);

interface Bucket {
  rows: number;
  examples: number[];
  masked: string | undefined;
}

class Tally {
  readonly buckets = new Map<number, Bucket>();
  readonly reasons = new Set<string>();
  readonly referenceColumns = new Set<string>();
  cell = false;
  text = false;
  lastRow = -1;
  lastScore = 0;
  /** Expensive-validator bookkeeping: candidates checked, of which confirmed; candidates skipped. */
  checked = 0;
  confirmed = 0;
  unverified = 0;
  unverifiedScore = 0;

  constructor(readonly entity: PiiEntity) {}

  add(row: number, score: number, raw: string, reason: string, where: Where): void {
    if (where === 'cell') this.cell = true;
    else this.text = true;
    this.reasons.add(reason);
    if (row === this.lastRow) {
      if (score <= this.lastScore) return;
      const old = this.buckets.get(this.lastScore);
      if (old !== undefined) old.rows--;
    }
    let bucket = this.buckets.get(score);
    if (bucket === undefined) {
      bucket = { rows: 0, examples: [], masked: undefined };
      this.buckets.set(score, bucket);
    }
    bucket.rows++;
    if (bucket.examples.length < MAX_EXAMPLES && bucket.examples[bucket.examples.length - 1] !== row) bucket.examples.push(row);
    bucket.masked ??= maskValue(this.entity, raw);
    this.lastRow = row;
    this.lastScore = score;
  }
}

interface Budget {
  seen: number;
}

/** Matched entity texts, collected when scanning the reference sample (for the leak index). */
type MatchCollector = (column: string, entity: PiiEntity, text: string) => void;

class Column implements Sink {
  readonly ctx: ColumnContext;
  readonly tallies = new Map<PiiEntity, Tally>();
  /**
   * Safe matches per entity, in first-seen order. A column's safe matches are nearly all of one entity: the
   * current run is counted in a field and added to the map when the entity changes or the map is read, so
   * the hot path does not update a map per value.
   */
  private readonly safeTotals = new Map<PiiEntity, number>();
  private safeRunEntity: PiiEntity | null = null;
  private safeRun = 0;
  nonNull = 0;
  strings = 0;
  cardCandidates = 0;
  cardPassed = 0;
  row = 0;
  private readonly budgets: Record<ExpensiveKind, Budget> = { phone: { seen: 0 }, nlp: { seen: 0 } };
  private readonly limits: Record<ExpensiveKind, number>;
  private pending: { kind: ExpensiveKind; tally: Tally | undefined } | undefined;
  private nlpCache: Map<string, string[]> | undefined;
  private valueCache: Map<string, Memo> | undefined = new Map();
  private cacheLookups = 0;
  private cacheHits = 0;
  /** While scanning one value: whether its outcome can be memoised, and its single safe entity. */
  private memoable = true;
  private memoSafe: PiiEntity | null = null;
  private memoCard: 0 | 1 | 2 = 0;
  private memoHits: MemoHit[] | null = null;
  private recording = false;
  /** Fast checks on trial (first PROFILE strings), their successes and misses, then the one chosen (null: none). */
  private trial: { readonly checks: FastCheck[]; readonly wins: number[]; readonly misses: number[] } | undefined;
  private fast: FastCheck | null | undefined;
  private readonly quiet: Sink;

  constructor(
    readonly path: string,
    readonly enabled: boolean,
    budget: number,
    private readonly leak: LeakIndex | undefined,
    private readonly collect: MatchCollector | undefined,
  ) {
    this.ctx = columnContext(path);
    this.limits = { phone: budget, nlp: Math.max(1, Math.floor(budget / 10)) };
    const checks: FastCheck[] = [];
    for (const make of Object.values(FAST_CHECKS)) {
      const check = make(this.ctx);
      if (check !== undefined) checks.push(check);
    }
    this.trial = { checks, wins: checks.map(() => 0), misses: checks.map(() => 0) };
    const noop = (): void => undefined;
    this.quiet = { hit: noop, safe: noop, budget: () => false, unverified: noop, cardShaped: noop, people: () => [] };
  }

  /**
   * Runs the chosen fast check; during the profile, tries them (on a silent sink) and counts. A check that
   * has missed too often to be chosen stops being tried, and when none is left the profile ends with the
   * answer it would have given at its end (none), so a column of names or prose stops paying for it early.
   */
  private fastPath(value: string): boolean {
    if (this.fast !== undefined) return this.fast !== null && this.fast(value, this);
    const { checks, wins, misses } = this.trial as NonNullable<Column['trial']>;
    let live = 0;
    for (let i = 0; i < checks.length; i++) {
      if ((misses[i] as number) > PROFILE_MISSES) continue;
      if ((checks[i] as FastCheck)(value, this.quiet)) wins[i] = (wins[i] as number) + 1;
      else if ((misses[i] = (misses[i] as number) + 1) > PROFILE_MISSES) continue;
      live++;
    }
    if (live === 0 || this.strings >= PROFILE) {
      const best = wins.reduce((b, w, i) => (w > (wins[b] as number) ? i : b), 0);
      this.fast = (wins[best] ?? 0) >= PROFILE * PROFILE_SHARE ? (checks[best] ?? null) : null;
      this.trial = undefined;
    }
    return false;
  }

  private tally(entity: PiiEntity): Tally {
    let t = this.tallies.get(entity);
    if (t === undefined) {
      t = new Tally(entity);
      this.tallies.set(entity, t);
    }
    return t;
  }

  hit(entity: PiiEntity, score: number, text: string, reason: string, where: Where): void {
    if (this.recording) {
      this.memoHits ??= [];
      if (this.memoHits.length < MAX_MEMO_HITS) this.memoHits.push({ entity, score, text, reason, where });
      else this.memoable = false;
    }
    const tally = this.tally(entity);
    tally.add(this.row, score, text, reason, where);
    if (this.pending !== undefined && this.pending.tally === tally) {
      tally.confirmed++;
      this.pending = undefined;
    }
    this.collect?.(this.path, entity, text);
    if (where === 'text' && this.leak !== undefined) this.checkLeak(text, 'text');
  }

  safe(entity: PiiEntity): void {
    if (this.memoSafe === null) this.memoSafe = entity;
    else this.memoable = false;
    this.countSafe(entity);
  }

  private countSafe(entity: PiiEntity): void {
    if (entity === this.safeRunEntity) {
      this.safeRun++;
      return;
    }
    this.flushSafeRun();
    if (!this.safeTotals.has(entity)) this.safeTotals.set(entity, 0);
    this.safeRunEntity = entity;
    this.safeRun = 1;
  }

  private flushSafeRun(): void {
    const entity = this.safeRunEntity;
    if (entity === null || this.safeRun === 0) return;
    this.safeTotals.set(entity, (this.safeTotals.get(entity) as number) + this.safeRun);
    this.safeRun = 0;
  }

  get safeCounts(): ReadonlyMap<PiiEntity, number> {
    this.flushSafeRun();
    return this.safeTotals;
  }

  budget(kind: ExpensiveKind): boolean {
    this.memoable = false;
    const b = this.budgets[kind];
    b.seen++;
    const run = b.seen <= this.limits[kind] || b.seen % SAMPLE_STRIDE === 0;
    if (run) {
      const entity: PiiEntity = kind === 'phone' ? 'phone' : 'person';
      const tally = this.tally(entity);
      tally.checked++;
      this.pending = { kind, tally };
    }
    return run;
  }

  unverified(_kind: ExpensiveKind, entity: PiiEntity, score: number): void {
    const tally = this.tally(entity);
    tally.unverified++;
    tally.unverifiedScore = Math.max(tally.unverifiedScore, score);
  }

  cardShaped(passed: boolean): void {
    this.memoCard = passed ? 2 : 1;
    this.cardCandidates++;
    if (passed) this.cardPassed++;
  }

  people(text: string, candidates: readonly TextCandidate[]): string[] {
    this.nlpCache ??= new Map();
    const cached = this.nlpCache.get(text);
    if (cached !== undefined) return cached;
    const found = peopleInText(text, candidates);
    if (this.nlpCache.size < NLP_CACHE) this.nlpCache.set(text, found);
    return found;
  }

  visit(value: unknown, row: number): void {
    if (!this.enabled || value === null || value === undefined) return;
    this.nonNull++;
    this.row = row;
    this.pending = undefined;
    if (typeof value === 'string') {
      this.strings++;
      if (!this.fastPath(value)) this.scanMemo(value);
      if (this.leak !== undefined) this.checkLeak(value);
    } else if (typeof value === 'number') {
      scanNumber(value, this.ctx, this);
      if (this.leak !== undefined && Number.isInteger(value) && Math.abs(value) >= 1_000_000) this.checkLeak(String(value));
    }
    this.pending = undefined;
  }

  private scanMemo(value: string): void {
    const cache = this.valueCache;
    if (cache === undefined) {
      scanString(value, this.ctx, this);
      return;
    }
    const known = cache.get(value);
    if (++this.cacheLookups === VALUE_CACHE_PROBE && this.cacheHits * 5 < VALUE_CACHE_PROBE) this.valueCache = undefined;
    if (known !== undefined) {
      this.cacheHits++;
      if (known.safe !== null) this.countSafe(known.safe);
      if (known.card !== 0) {
        this.cardCandidates++;
        if (known.card === 2) this.cardPassed++;
      }
      if (known.hits !== null) for (const h of known.hits) this.hit(h.entity, h.score, h.text, h.reason, h.where);
      return;
    }
    this.memoable = true;
    this.memoSafe = null;
    this.memoCard = 0;
    this.memoHits = null;
    this.recording = true;
    scanString(value, this.ctx, this);
    this.recording = false;
    if (this.memoable && cache.size < VALUE_CACHE) {
      const { memoSafe, memoCard, memoHits } = this;
      const memo =
        memoCard !== 0 || memoHits !== null
          ? { safe: memoSafe, card: memoCard, hits: memoHits }
          : memoSafe === null
            ? NOTHING
            : (SAFE_ONLY.get(memoSafe) as Memo);
      cache.set(value, memo);
    }
  }

  private checkLeak(raw: string, where: Where = 'cell'): void {
    const found = (this.leak as LeakIndex).lookup(raw);
    if (found === undefined) return;
    const tally = this.tally('leaked_value');
    tally.referenceColumns.add(found.column);
    tally.add(this.row, found.score, raw, found.reason, where);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Leak index (the reference sample)
// ---------------------------------------------------------------------------------------------------------

interface LeakHit {
  readonly column: string;
  readonly score: number;
  readonly reason: string;
}

const LEAK_SCORE = 0.95;
/** A copied value the generator could also have produced by chance (a dictionary name): a warning. */
const LEAK_SCORE_DICTIONARY = 0.45;

function normalize(raw: string): string {
  return raw.trim().toLowerCase();
}

function digitKey(raw: string): string | undefined {
  if (raw.length > 40 || /[a-wyz]/i.test(raw)) return undefined;
  const digits = raw.replace(/\D/g, '');
  return digits.length >= 7 ? digits : undefined;
}

class LeakIndex {
  readonly values = new Map<string, LeakHit>();
  readonly digits = new Map<string, LeakHit>();
  piiColumns: string[] = [];
  keyColumns: string[] = [];
  anchor: string | undefined;
  readonly anchorValues = new Set<string>();
  readonly rowKeys = new Set<string>();
  rows = 0;

  add(column: string, raw: string, person: boolean): void {
    const value = raw.trim();
    if (value.length < 5) return;
    if (person && !value.includes(' ')) return; // a lone first or last name: chance matches, not a leak
    const synthetic = personCell(value) === 'synthetic' || streetCell(value) === 'synthetic';
    const hit: LeakHit = synthetic
      ? { column, score: LEAK_SCORE_DICTIONARY, reason: 'equal to a reference value that the generator dictionary can also produce' }
      : { column, score: LEAK_SCORE, reason: 'equal to a value of a PII-like reference column' };
    const key = normalize(value);
    const existing = this.values.get(key);
    if (existing === undefined || existing.score < hit.score) this.values.set(key, hit);
    const d = digitKey(value);
    if (d !== undefined && !this.digits.has(d)) this.digits.set(d, hit);
  }

  lookup(raw: string): LeakHit | undefined {
    if (raw.length < 5) return undefined;
    const hit = this.values.get(normalize(raw));
    if (hit !== undefined) return hit;
    const d = digitKey(raw);
    return d === undefined ? undefined : this.digits.get(d);
  }
}

function cellKey(value: unknown): string {
  if (value === null || value === undefined) return '\u0000';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function valueAtPath(row: unknown, path: string): unknown {
  if (!isPlainObject(row)) return undefined;
  const record = row as Record<string, unknown>;
  if (path in record) return record[path];
  let node: unknown = row;
  for (const part of path.split('.')) {
    if (!isPlainObject(node)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function leafPaths(value: unknown, prefix: string, out: Set<string>): void {
  if (!isPlainObject(value)) {
    if (prefix !== '') out.add(prefix);
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0 && prefix !== '') out.add(prefix);
  for (const [key, child] of entries) leafPaths(child, prefix === '' ? key : `${prefix}.${key}`, out);
}

function buildLeakIndex(reference: Iterable<unknown>, budget: number): LeakIndex {
  const rows = Array.from(reference);
  const index = new LeakIndex();
  index.rows = rows.length;
  // 1. Which reference columns hold PII: scan the sample itself (findings of any strength) and read its names.
  const matched: { column: string; entity: PiiEntity; text: string }[] = [];
  const scanner = new PiiScanner({ validationBudget: budget, policy: { block: false } }, (column, entity, text) => {
    if (matched.length < 1_000_000) matched.push({ column, entity, text });
  });
  for (const row of rows) scanner.add(row);
  const result = scanner.finish();
  const piiColumns = new Map<string, boolean>();
  for (const f of result.findings) {
    if (f.entity === 'date_of_birth') continue; // too few distinct values: only whole-row copies count
    piiColumns.set(f.column, (piiColumns.get(f.column) ?? false) || f.entity === 'person');
  }
  for (const column of scanner.columnPaths()) {
    const ctx = columnContext(column);
    const entities = [...ctx.positive].filter((e) => e !== 'date_of_birth');
    if (entities.length > 0) piiColumns.set(column, (piiColumns.get(column) ?? false) || entities.includes('person'));
  }
  index.piiColumns = [...piiColumns.keys()].sort();
  // 2. Their whole values, and every entity matched inside any text.
  for (const row of rows) {
    for (const [column, person] of piiColumns) {
      if (column.includes('[]')) continue;
      const v = valueAtPath(row, column);
      if (typeof v === 'string') index.add(column, v, person);
      else if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) >= 1_000_000) index.add(column, String(v), person);
    }
  }
  for (const m of matched) if (m.entity !== 'date_of_birth') index.add(m.column, m.text, m.entity === 'person');
  // 3. Whole-row keys over every reference column, anchored on the most distinctive one.
  const columns = new Set<string>();
  for (const row of rows) leafPaths(row, '', columns);
  const keyColumns = [...columns].sort();
  let best: string | undefined;
  let bestRatio = 0;
  for (const column of keyColumns) {
    const distinct = new Set(rows.map((row) => cellKey(valueAtPath(row, column)))).size;
    const ratio = rows.length === 0 ? 0 : distinct / rows.length;
    if (ratio > bestRatio) {
      bestRatio = ratio;
      best = column;
    }
  }
  if (keyColumns.length >= 2 && best !== undefined && (bestRatio > 0.5 || rows.length === 1)) {
    index.keyColumns = keyColumns;
    index.anchor = best;
    for (const row of rows) {
      index.anchorValues.add(cellKey(valueAtPath(row, best)));
      index.rowKeys.add(keyColumns.map((c) => cellKey(valueAtPath(row, c))).join('\u0001'));
    }
  }
  return index;
}

// ---------------------------------------------------------------------------------------------------------
// The scanner
// ---------------------------------------------------------------------------------------------------------

interface Node {
  readonly path: string;
  children: Map<string, Node> | undefined;
  /** The keys of the last object seen here, in order, and their nodes: rows of one schema repeat them. */
  keys: string[];
  nodes: Node[];
  items: Node | undefined;
  column: Column | undefined;
}

function newNode(path: string): Node {
  return { path, children: undefined, keys: [], nodes: [], items: undefined, column: undefined };
}

function childPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

/** Streaming scanner: `add` each row, then `finish` for the result. `scanPii` wraps it for an iterable. */
export class PiiScanner {
  private readonly root: Node = newNode('');
  private readonly columns: Column[] = [];
  private readonly policy: ResolvedPolicy;
  private readonly only: ReadonlySet<string> | undefined;
  private readonly budget: number;
  private readonly leak: LeakIndex | undefined;
  private rows = 0;
  private copied: Tally | undefined;

  constructor(
    options: PiiScanOptions = {},
    private readonly collect?: MatchCollector,
  ) {
    this.policy = resolvePolicy(options.policy);
    const budget = options.validationBudget ?? DEFAULT_BUDGET;
    if (!Number.isInteger(budget) || budget < 0) {
      throw new SdgError('SDG_ERR_BAD_OPTION', `validationBudget must be a non-negative integer, got ${JSON.stringify(budget)}`, {
        pointer: '/validationBudget',
      });
    }
    this.budget = budget;
    this.only = options.columns === undefined ? undefined : new Set(options.columns);
    this.leak = options.reference === undefined ? undefined : buildLeakIndex(options.reference, budget);
  }

  /** Column paths seen so far. */
  columnPaths(): string[] {
    return this.columns.map((c) => c.path);
  }

  private enabled(path: string): boolean {
    if (this.only === undefined) return true;
    if (this.only.has(path)) return true;
    for (const c of this.only) if (path.startsWith(`${c}.`) || path.startsWith(`${c}[]`)) return true;
    return false;
  }

  private walk(node: Node, value: unknown, row: number): void {
    if (value === null || value === undefined) return;
    if (typeof value !== 'object') {
      (node.column ?? this.addColumn(node)).visit(value, row);
      return;
    }
    if (Array.isArray(value)) {
      node.items ??= newNode(`${node.path === '' ? '$' : node.path}[]`);
      for (const item of value) this.walk(node.items, item, row);
      return;
    }
    const record = value as Record<string, unknown>;
    const { keys, nodes } = node;
    let i = 0;
    for (const key in record) {
      let child: Node | undefined;
      if (keys[i] === key) child = nodes[i];
      else {
        node.children ??= new Map();
        child = node.children.get(key);
        if (child === undefined) {
          child = newNode(childPath(node.path, key));
          node.children.set(key, child);
        }
        keys[i] = key;
        nodes[i] = child;
      }
      const v = record[key];
      // Leaves are most of a row: visited here rather than through another call of walk.
      if (v !== null && v !== undefined) {
        if (typeof v !== 'object') ((child as Node).column ?? this.addColumn(child as Node)).visit(v, row);
        else this.walk(child as Node, v, row);
      }
      i++;
    }
  }

  private addColumn(node: Node): Column {
    const path = node.path === '' ? '$' : node.path;
    const column = new Column(path, this.enabled(path), this.budget, this.leak, this.collect);
    node.column = column;
    this.columns.push(column);
    return column;
  }

  /** Scans one row (an object; nested objects and arrays are followed to their leaves). */
  add(row: unknown): void {
    const index = this.rows++;
    this.walk(this.root, row, index);
    const leak = this.leak;
    if (leak?.anchor !== undefined && leak.anchorValues.has(cellKey(valueAtPath(row, leak.anchor)))) {
      const key = leak.keyColumns.map((c) => cellKey(valueAtPath(row, c))).join('\u0001');
      if (leak.rowKeys.has(key)) {
        this.copied ??= new Tally('copied_row');
        this.copied.add(index, LEAK_SCORE, key.replace(/\u0001/g, ' | '), 'equal to a reference row on every reference column', 'cell');
      }
    }
  }

  finish(): PiiScanResult {
    const findings: PiiFinding[] = [];
    const synthetic: SyntheticMatch[] = [];
    let wouldBlock = false;
    const push = (column: Column | undefined, path: string, tally: Tally): void => {
      const f = this.finding(column, path, tally);
      if (f === undefined) return;
      if (f.severity === 'blocking') wouldBlock = true;
      findings.push(f);
    };
    for (const column of this.columns) {
      for (const tally of column.tallies.values()) push(column, column.path, tally);
      for (const [entity, count] of column.safeCounts) synthetic.push({ column: column.path, entity, count });
    }
    if (this.copied !== undefined) push(undefined, '*', this.copied);
    findings.sort(
      (a, b) =>
        (a.severity === b.severity ? 0 : a.severity === 'blocking' ? -1 : 1) ||
        b.confidence - a.confidence ||
        a.column.localeCompare(b.column) ||
        a.entity.localeCompare(b.entity),
    );
    const leak = this.leak;
    return {
      verdict: wouldBlock && this.policy.block ? 'blocked' : 'clean',
      wouldBlock,
      rowsScanned: this.rows,
      columnsScanned: this.columns.filter((c) => c.enabled).length,
      findings,
      synthetic,
      ...(leak === undefined ? {} : { reference: { rows: leak.rows, piiColumns: leak.piiColumns, rowKeyColumns: leak.keyColumns } }),
      policy: this.policy,
    };
  }

  /** Column evidence: a confidence delta from how the whole column behaves, with its reason. */
  private columnDelta(column: Column | undefined, tally: Tally, rows: number): { delta: number; reason?: string } {
    if (column === undefined) return { delta: 0 };
    const e = tally.entity;
    if (e === 'credit_card' && !tally.text && column.cardCandidates >= 20 && column.cardPassed / column.cardCandidates < 0.5) {
      const pct = Math.round((100 * column.cardPassed) / column.cardCandidates);
      return { delta: -0.4, reason: `only ${pct}% of the column's 12-19 digit values pass Luhn: they look like random ids` };
    }
    if (
      (e === 'person' || e === 'street_address') &&
      !column.ctx.positive.has(e) &&
      tally.cell &&
      rows >= 10 &&
      rows * 2 >= column.strings
    ) {
      return { delta: 0.25, reason: `most values of the column look like ${e === 'person' ? 'names' : 'street addresses'}` };
    }
    return { delta: 0 };
  }

  private finding(column: Column | undefined, path: string, tally: Tally): PiiFinding | undefined {
    const { reportConfidence, minConfidence } = this.policy;
    let rawRows = 0;
    for (const b of tally.buckets.values()) rawRows += b.rows;
    const { delta, reason } = this.columnDelta(column, tally, rawRows);
    let count = 0;
    let confidence = 0;
    let best: Bucket | undefined;
    let bestScore = -1;
    const examples: number[] = [];
    const scores = [...tally.buckets.keys()].sort((a, b) => b - a);
    for (const score of scores) {
      const adjusted = Math.round(Math.min(1, Math.max(0, score + delta)) * 100) / 100;
      const bucket = tally.buckets.get(score) as Bucket;
      if (adjusted < reportConfidence || bucket.rows <= 0) continue;
      count += bucket.rows;
      if (adjusted > confidence) confidence = adjusted;
      if (score > bestScore && bucket.masked !== undefined) {
        best = bucket;
        bestScore = score;
      }
      for (const r of bucket.examples) if (examples.length < MAX_EXAMPLES && !examples.includes(r)) examples.push(r);
    }
    let estimated = false;
    if (tally.unverified > 0 && tally.checked > 0 && tally.confirmed > 0) {
      const extra = Math.round((tally.unverified * tally.confirmed) / tally.checked);
      if (extra > 0 && Math.min(1, tally.unverifiedScore + delta) >= reportConfidence) {
        count += extra;
        estimated = true;
      }
    }
    if (count === 0 || best === undefined) return undefined;
    const allowed = this.policy.allow.some((a) => a.column === path && (a.entity === undefined || a.entity === tally.entity));
    const severity: FindingSeverity =
      !allowed && confidence >= minConfidence && this.policy.blockEntities.includes(tally.entity) ? 'blocking' : 'warning';
    const where = tally.cell && tally.text ? 'cell+text' : tally.text ? 'text' : 'cell';
    const reasons = [...tally.reasons];
    if (column !== undefined && column.ctx.words.length > 0 && column.ctx.positive.has(tally.entity)) {
      reasons.push(`column name says ${column.ctx.words.map((w) => `"${w}"`).join(', ')}`);
    }
    if (reason !== undefined) reasons.push(reason);
    if (estimated)
      reasons.push(`count extrapolated past the validation budget (${tally.checked} validated, ${tally.unverified} sampled out)`);
    if (allowed) reasons.push('accepted by a policy allow rule');
    const referenceColumn = tally.referenceColumns.size > 0 ? [...tally.referenceColumns].sort().join(', ') : undefined;
    return {
      column: path,
      entity: tally.entity,
      severity,
      count,
      share: this.rows === 0 ? 0 : Math.round((count / this.rows) * 10000) / 10000,
      estimated,
      confidence,
      exampleRows: examples.sort((a, b) => a - b),
      maskedExample: best.masked as string,
      where,
      reasons,
      ...(referenceColumn === undefined ? {} : { referenceColumn }),
      remediation: remediation(tally.entity, path, where, referenceColumn),
      allowed,
    };
  }
}

/** Creates a streaming scanner (the pipeline feeds it rows as they are generated). */
export function createPiiScanner(options: PiiScanOptions = {}): PiiScanner {
  return new PiiScanner(options);
}

/**
 * Scans rows for personal data and, with `reference`, for values and rows copied from a real sample.
 *
 * @example
 *   const result = scanPii(rows, { reference: sampleRows });
 *   if (result.verdict === 'blocked') for (const f of result.findings) console.log(f.remediation);
 */
export function scanPii(rows: Iterable<unknown>, options: PiiScanOptions = {}): PiiScanResult {
  const scanner = new PiiScanner(options);
  for (const row of rows) scanner.add(row);
  return scanner.finish();
}
