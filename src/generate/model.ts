/**
 * Sampling from a fitted model (`x-model`, written by `infer`): per-column marginals joined by a Gaussian
 * copula. The engine hands every row of a schema whose root carries `x-model` to this sampler and checks
 * the result against the schema like any other row.
 *
 * Per row: d independent standard normals from the row's stream, times the Cholesky factor of the fitted
 * correlation matrix, give correlated normals z; u = Φ(z) goes through each column's inverse CDF
 * (interpolated quantiles for numbers and date-times, cumulative frequencies for categories), and through
 * the missingness indicators' thresholds. A column whose missingness is in the copula draws its value from
 * the conditional distribution given "present", so the values keep their fitted marginal exactly. Columns of
 * personal data, identifiers and free text come from safe generators that never saw a sample value.
 *
 * Everything is a pure function of the Rng handed in (and the row index, for unique identifiers).
 */
import { createRequire } from 'node:module';
import { SdgError } from '../core/errors.js';
import { hashString, type Rng } from '../core/rng.js';
import type { JsonSchemaObject, JsonValue } from '../core/types.js';
import {
  CLASS_CHARS,
  bivariateNormalCdf,
  cholesky,
  formatDatetime,
  isCategoricalColumn,
  isDatetimeColumn,
  isNumericColumn,
  normalCdf,
  normalQuantile,
  parseModel,
  repairCorrelation,
  guardTester,
  rowKey,
  type DatetimeColumn,
  type GuardCell,
  type IdentifierSpec,
  type ModelColumn,
  type ModelComponent,
  type PiiKind,
  type SemanticColumn,
} from '../infer/index.js';
import { formatGenerators } from './formats.js';
import { semanticForName } from './semantic.js';
import { KeyedPermutation } from './unique.js';

export interface ModelSampler {
  /** Row `rowIndex`, drawn from `rng` (a pure function of both). */
  sample(rng: Rng, rowIndex: number): JsonValue;
}

/** Draws a column's value from its uniform (undefined for generators outside the copula). */
type ValueFn = (u: number, rng: Rng, rowIndex: number) => JsonValue;

interface CompiledColumn {
  readonly column: ModelColumn;
  readonly path: readonly string[];
  readonly tagHash: number;
  readonly missingShare: number;
  readonly absentShare: number;
  /** Copula dimension of the value (-1: drawn from the column's own stream). */
  readonly valueDim: number;
  readonly missingDim: number;
  /** Normal threshold of the missingness indicator and its correlation with the value dimension. */
  readonly threshold: number;
  readonly valueMissingRho: number;
  readonly value: ValueFn;
  readonly canon: CanonFn;
}

const COPULA_TAG = hashString('x-model/copula');
const COMPONENT_TAG = hashString('x-model/component');
const GUARD_TAG = 0x67000000;
const GUARD_ATTEMPTS = 64;
const U_MIN = 1e-12;

function clampU(u: number): number {
  return u < U_MIN ? U_MIN : u > 1 - U_MIN ? 1 - U_MIN : u;
}

function interpolate(quantiles: readonly number[], u: number): number {
  const m = quantiles.length - 1;
  if (m === 0) return quantiles[0] as number;
  const pos = u * m;
  const i = Math.min(m - 1, Math.floor(pos));
  const a = quantiles[i] as number;
  const b = quantiles[i + 1] as number;
  return a + (pos - i) * (b - a);
}

function roundTo(value: number, decimals: number): number {
  if (decimals <= 0) return Math.round(value);
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** The nearest first of January (or first of the month), UTC. */
function roundToCalendar(ms: number, unit: 'year' | 'month'): number {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  const month = unit === 'year' ? 0 : date.getUTCMonth();
  const start = new Date(0);
  start.setUTCFullYear(year, month, 1);
  const next = new Date(0);
  next.setUTCFullYear(unit === 'year' ? year + 1 : year, unit === 'year' ? 0 : month + 1, 1);
  return ms - start.getTime() < next.getTime() - ms ? start.getTime() : next.getTime();
}

function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let total = 0;
  for (const w of weights) total += w;
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w / total;
    out[i] = sum;
  });
  out[weights.length - 1] = 1;
  return out;
}

function pickByCumulative(cum: Float64Array, u: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cum[mid] as number) <= u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

let loremWords: readonly string[] | undefined;

/** Faker's English lorem words (Latin): free text that cannot repeat a sample sentence. */
function words(): readonly string[] {
  if (loremWords === undefined) {
    try {
      const require = createRequire(import.meta.url);
      const faker = (require('@faker-js/faker/locale/en') as { faker: { rawDefinitions: { lorem?: { word?: string[] } } } }).faker;
      loremWords = faker.rawDefinitions.lorem?.word ?? [];
    } catch {
      loremWords = [];
    }
    if (loremWords.length === 0) loremWords = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'consectetur', 'adipiscing', 'elit', 'sed', 'do'];
  }
  return loremWords;
}

function applyCase(text: string, letterCase: SemanticColumn['letterCase']): string {
  switch (letterCase) {
    case 'upper':
      return text.toUpperCase();
    case 'title':
      return text.replace(/\b[a-z]/g, (c) => c.toUpperCase());
    case 'sentence':
      return text.charAt(0).toUpperCase() + text.slice(1);
    default:
      return text;
  }
}

/** Canonical property names whose semantic generators (generate/semantic.ts) make each kind. */
const SEMANTIC_NAME: Partial<Record<PiiKind, string>> = {
  fullName: 'full_name',
  firstName: 'first_name',
  lastName: 'last_name',
  username: 'username',
  email: 'email',
  phone: 'phone',
  streetAddress: 'street_address',
  secondaryAddress: 'address_line2',
  zip: 'zip',
  ssn: 'ssn',
  creditCard: 'credit_card',
  iban: 'iban',
  ipv4: 'ip_address',
  ipv6: 'ipv6',
  mac: 'mac_address',
  url: 'url',
};

const BIRTH_FROM = Date.UTC(1940, 0, 1) / 86_400_000;
const BIRTH_TO = Date.UTC(2006, 11, 31) / 86_400_000;

function identifierGenerator(spec: IdentifierSpec, unique: boolean, key: number): (rng: Rng, rowIndex: number) => string {
  type GenRun =
    | { readonly literal: string }
    | { readonly alphabet: string; readonly min: number; readonly max: number; readonly fixed: number | undefined };
  const runs = spec.runs.map((run, r): GenRun => {
    if ('literal' in run) return { literal: run.literal };
    const alphabet = CLASS_CHARS[run.class];
    const extra = spec.extraLength?.run === r ? spec.extraLength.length : undefined;
    const fixed = extra ?? (run.min === run.max ? run.min : undefined);
    return { alphabet, min: extra ?? run.min, max: extra ?? run.max, fixed };
  });
  const exclusive = spec.exclusive;
  const alphabetAt = (r: number, position: number, alphabet: string): string =>
    exclusive !== undefined && exclusive.run === r && exclusive.position === position ? exclusive.chars : alphabet;
  // A keyed permutation of the whole space when every run has one length (and the space is a safe integer).
  let space = 1;
  let permutation: KeyedPermutation | undefined;
  if (unique && runs.every((run) => 'literal' in run || run.fixed !== undefined)) {
    runs.forEach((run, r) => {
      if ('literal' in run) return;
      for (let p = 0; p < (run.fixed as number); p++) space *= alphabetAt(r, p, run.alphabet).length;
    });
    if (Number.isSafeInteger(space) && space >= 1) permutation = new KeyedPermutation(space, key);
  }
  return (rng, rowIndex) => {
    if (permutation !== undefined && rowIndex < space) {
      let index = permutation.apply(rowIndex);
      // Mixed radix, last character least significant.
      const parts: string[] = [];
      for (let r = runs.length - 1; r >= 0; r--) {
        const run = runs[r]!;
        if ('literal' in run) {
          parts.push(run.literal);
          continue;
        }
        let text = '';
        for (let p = (run.fixed as number) - 1; p >= 0; p--) {
          const alphabet = alphabetAt(r, p, run.alphabet);
          text = (alphabet[index % alphabet.length] as string) + text;
          index = Math.floor(index / alphabet.length);
        }
        parts.push(text);
      }
      return parts.reverse().join('');
    }
    let out = '';
    runs.forEach((run, r) => {
      if ('literal' in run) {
        out += run.literal;
        return;
      }
      const length = run.fixed ?? rng.int(run.min, run.max);
      for (let p = 0; p < length; p++) {
        const alphabet = alphabetAt(r, p, run.alphabet);
        out += alphabet[rng.below(alphabet.length)];
      }
    });
    return out;
  };
}

const ID_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

function semanticValue(column: SemanticColumn, pointer: string, runKey: number): (rng: Rng, rowIndex: number) => JsonValue {
  const key = hashString(column.name, 0x51d ^ runKey);
  if (column.type === 'integer') {
    const [lo, hi] = column.range ?? [1_000_000_000, 1_999_999_999];
    const size = hi - lo + 1;
    const permutation = column.unique && Number.isSafeInteger(size) ? new KeyedPermutation(size, key) : undefined;
    return (rng, rowIndex) => (permutation !== undefined && rowIndex < size ? lo + permutation.apply(rowIndex) : rng.int(lo, hi));
  }
  if (column.type === 'datetime' || column.semantic === 'birthDate') {
    const format = column.format ?? { layout: 'YYYY-MM-DD' };
    return (rng) => formatDatetime(rng.int(BIRTH_FROM, BIRTH_TO) * 86_400_000, format);
  }
  switch (column.semantic) {
    case 'identifier': {
      if (column.identifier !== undefined) return identifierGenerator(column.identifier, column.unique === true, key);
      const length = Math.max(1, Math.min(64, column.length ?? 12));
      const size = 36 ** length;
      const permutation = column.unique && Number.isSafeInteger(size) ? new KeyedPermutation(size, key) : undefined;
      return (rng, rowIndex) => {
        if (permutation !== undefined && rowIndex < size) {
          let index = permutation.apply(rowIndex);
          let text = '';
          for (let p = 0; p < length; p++) {
            text = ID_CHARS[index % 36] + text;
            index = Math.floor(index / 36);
          }
          return text;
        }
        let text = '';
        for (let p = 0; p < length; p++) text += ID_CHARS[rng.below(36)];
        return text;
      };
    }
    case 'uuid':
      return (rng) => (formatGenerators.uuid as (rng: Rng) => string)(rng);
    case 'empty':
      return () => (column.shape === 'object' ? {} : []);
    case 'text': {
      const counts = column.words ?? [1, 3, 6];
      return (rng) => {
        const list = words();
        const n = Math.max(1, Math.round(interpolate(counts, rng.float())));
        const out: string[] = [];
        for (let i = 0; i < n; i++) out.push(list[rng.below(list.length)] as string);
        return applyCase(out.join(' '), column.letterCase);
      };
    }
    default: {
      const name = SEMANTIC_NAME[column.semantic];
      const generator = name === undefined ? undefined : semanticForName(name, 'string');
      if (generator === undefined) {
        throw new SdgError('SDG_ERR_INVALID_SCHEMA', `x-model: no safe generator for "${column.semantic}"`, {
          pointer,
          hint: 'regenerate the schema with `synthdatagen infer`',
        });
      }
      return (rng) => String(generator(rng));
    }
  }
}

/** Epoch milliseconds of a datetime column's uniform: interpolated, rounded to its resolution or calendar unit, clamped. */
function datetimeMillis(column: DatetimeColumn): (u: number) => number {
  const q = column.quantiles;
  const lo = q[0] as number;
  const hi = q[q.length - 1] as number;
  const step = column.resolution;
  const calendar = column.calendar;
  return (u) => {
    const ms = calendar !== undefined ? roundToCalendar(interpolate(q, u), calendar) : Math.round(interpolate(q, u) / step) * step;
    return ms < lo ? lo : ms > hi ? hi : ms;
  };
}

/** The copy guard's view of a generated cell (see infer/guard.ts): numbers, epoch milliseconds, category texts. */
type CanonFn = (u: number, value: JsonValue) => GuardCell;

function canonFunction(column: ModelColumn): CanonFn {
  if (isNumericColumn(column)) return (_u, value) => value as number;
  if (isDatetimeColumn(column)) {
    const millis = datetimeMillis(column);
    return (u) => millis(u);
  }
  if (isCategoricalColumn(column)) {
    if (column.json !== true) return (_u, value) => value as GuardCell;
    const cum = cumulative(column.weights);
    return (u) => column.values[pickByCumulative(cum, u)] as GuardCell;
  }
  return () => null;
}

function valueFunction(column: ModelColumn, pointer: string, runKey: number): ValueFn {
  switch (column.generator) {
    case 'none':
      return () => null;
    case 'semantic': {
      const gen = semanticValue(column, pointer, runKey);
      return (_u, rng, rowIndex) => gen(rng, rowIndex);
    }
    case 'marginal':
      break;
  }
  if (isNumericColumn(column)) {
    const q = column.quantiles;
    const lo = q[0] as number;
    const hi = q[q.length - 1] as number;
    const decimals = column.type === 'integer' ? 0 : column.decimals;
    const step = column.step;
    return (u) => {
      const x = interpolate(q, u);
      const v = step !== undefined && step > 0 ? roundTo(Math.round(x / step) * step, decimals) : roundTo(x, decimals);
      return v < lo ? lo : v > hi ? hi : v === 0 ? 0 : v;
    };
  }
  if (isDatetimeColumn(column)) {
    const millis = datetimeMillis(column);
    const format = column.format;
    return (u) => formatDatetime(millis(u), format);
  }
  if (!isCategoricalColumn(column)) return () => null;
  const cum = cumulative(column.weights);
  const values: readonly JsonValue[] = column.json === true ? column.values.map((v) => JSON.parse(String(v)) as JsonValue) : column.values;
  // Parsed JSON values are shared templates: hand out copies so callers may mutate rows.
  if (column.json === true) return (u) => structuredClone(values[pickByCumulative(cum, u)] as JsonValue);
  return (u) => values[pickByCumulative(cum, u)] as JsonValue;
}

function factor(component: ModelComponent, pointer: string): number[][] {
  const matrix = component.copula.correlation.map((row) => row.slice());
  const direct = cholesky(matrix, 1e-12);
  if (direct !== undefined) return direct;
  const repaired = cholesky(repairCorrelation(matrix), 1e-12);
  if (repaired === undefined)
    throw new SdgError('SDG_ERR_INVALID_SCHEMA', 'x-model: the copula correlation matrix cannot be repaired', {
      pointer: `${pointer}/copula/correlation`,
    });
  return repaired;
}

interface CompiledComponent {
  readonly columns: readonly CompiledColumn[];
  /** Cholesky factor of the copula's correlation matrix. */
  readonly l: readonly (readonly number[])[];
  readonly z: Float64Array;
  readonly e: Float64Array;
}

function compileComponent(component: ModelComponent, at: string, runKey: number, shared: Map<string, ValueFn>): CompiledComponent {
  const dims = component.copula.dimensions;
  const d = dims.length;
  const l = d > 0 ? factor(component, at) : [];
  const correlation = l.map((row) => l.map((other) => row.reduce((s, v, k) => s + v * (other[k] as number), 0)));
  const columns = component.columns.map((column, index): CompiledColumn => {
    const valueDim = dims.findIndex((dim) => dim.column === index && dim.role === 'value');
    const missingDim = dims.findIndex((dim) => dim.column === index && dim.role === 'missing');
    const missingShare = Math.min(1, column.missing.null + column.missing.absent);
    // Safe generators are the same in every component (and keep unique identifiers unique across them).
    let value = column.generator === 'semantic' ? shared.get(column.name) : undefined;
    if (value === undefined) {
      value = valueFunction(column, `${at}/columns/${index}`, runKey);
      if (column.generator === 'semantic') shared.set(column.name, value);
    }
    return {
      column,
      path: column.path,
      tagHash: hashString(`x-model/${column.path.join('\u0000')}`),
      missingShare,
      absentShare: missingShare > 0 ? column.missing.absent / missingShare : 0,
      valueDim,
      missingDim,
      threshold: normalQuantile(missingShare),
      valueMissingRho: valueDim >= 0 && missingDim >= 0 ? ((correlation[valueDim] as number[])[missingDim] as number) : 0,
      value,
      canon: canonFunction(column),
    };
  });
  return { columns, l, z: new Float64Array(d), e: new Float64Array(d) };
}

/**
 * Compiles the root's `x-model`. `runKey` (e.g. a hash of the run's seed) keys the permutations that make
 * identifiers unique, so each seed orders them differently; rows are otherwise a function of the Rng alone.
 */
export function createModelSampler(schema: JsonSchemaObject, pointer: string, runKey = 0): ModelSampler {
  const at = `${pointer === '' ? '' : pointer}/x-model`;
  const model = parseModel(schema['x-model'], at);
  const shared = new Map<string, ValueFn>();
  const components = model.components.map((component, i) => compileComponent(component, `${at}/components/${i}`, runKey, shared));
  const pickComponent = cumulative(model.components.map((c) => c.weight));
  const objects = model.objects.map((o) => ({
    key: JSON.stringify(o.path),
    tagHash: hashString(`x-model/object/${o.path.join('\u0000')}`),
    missingShare: Math.min(1, o.missing.null + o.missing.absent),
    absentShare: o.missing.null + o.missing.absent > 0 ? o.missing.absent / (o.missing.null + o.missing.absent) : 0,
  }));
  const objectByKey = new Map(objects.map((o) => [o.key, o]));
  const isSampleRow = model.copyGuard !== undefined ? guardTester(model.copyGuard) : undefined;
  const columnCount = model.components[0]?.columns.length ?? 0;

  /** One row from one stream; `cells` (when guarding) receives the guard's view of each column. */
  const draw = (rng: Rng, rowIndex: number, cells: GuardCell[] | undefined): JsonValue => {
    const component =
      components.length === 1
        ? (components[0] as CompiledComponent)
        : (components[pickByCumulative(pickComponent, rng.forkHash(COMPONENT_TAG).float())] as CompiledComponent);
    const { l, z, e } = component;
    const d = z.length;
    if (d > 0) {
      const copulaRng = rng.forkHash(COPULA_TAG);
      for (let k = 0; k < d; k++) e[k] = copulaRng.normal();
      for (let i = 0; i < d; i++) {
        const row = l[i] as number[];
        let sum = 0;
        for (let k = 0; k <= i; k++) sum += (row[k] as number) * (e[k] as number);
        z[i] = sum;
      }
    }
    const out: { [key: string]: JsonValue } = {};
    // Objects already decided for this row: the object itself, or null when it is missing.
    const decided = new Map<string, { [key: string]: JsonValue } | null>();
    const container = (path: readonly string[]): { [key: string]: JsonValue } | null => {
      let node = out;
      for (let i = 0; i < path.length - 1; i++) {
        const key = JSON.stringify(path.slice(0, i + 1));
        let child = decided.get(key);
        if (child === undefined) {
          const info = objectByKey.get(key);
          const name = path[i] as string;
          if (info !== undefined && info.missingShare > 0) {
            const objectRng = rng.forkHash(info.tagHash);
            if (objectRng.float() < info.missingShare) {
              if (!(objectRng.float() < info.absentShare)) node[name] = null;
              decided.set(key, null);
              return null;
            }
          }
          child = {};
          node[name] = child;
          decided.set(key, child);
        }
        if (child === null) return null;
        node = child;
      }
      return node;
    };
    component.columns.forEach((c, index) => {
      if (cells !== undefined) cells[index] = null;
      const parent = container(c.path);
      if (parent === null) return;
      const columnRng = rng.forkHash(c.tagHash);
      let missing = false;
      if (c.missingShare > 0) missing = c.missingDim >= 0 ? (z[c.missingDim] as number) < c.threshold : columnRng.float() < c.missingShare;
      const key = c.path[c.path.length - 1] as string;
      if (missing) {
        if (!(c.absentShare > 0 && columnRng.float() < c.absentShare)) parent[key] = null;
        return;
      }
      let u: number;
      if (c.valueDim >= 0) {
        const zv = z[c.valueDim] as number;
        if (c.missingDim >= 0 && Math.abs(c.valueMissingRho) > 1e-9) {
          // Conditional CDF of the value given "present" (z_missing ≥ threshold): the marginal stays exact.
          u = (normalCdf(zv) - bivariateNormalCdf(zv, c.threshold, c.valueMissingRho)) / (1 - c.missingShare);
        } else u = normalCdf(zv);
      } else u = columnRng.float();
      u = clampU(u);
      const value = c.value(u, columnRng, rowIndex);
      parent[key] = value;
      if (cells !== undefined) cells[index] = c.canon(u, value);
    });
    return out;
  };

  return {
    sample(rng: Rng, rowIndex: number): JsonValue {
      if (isSampleRow === undefined) return draw(rng, rowIndex, undefined);
      // The copy guard: a row the sample may hold is drawn again from a fresh stream (1 row in 20, content-blind).
      const cells = new Array<GuardCell>(columnCount);
      let row = draw(rng, rowIndex, cells);
      for (let attempt = 1; attempt <= GUARD_ATTEMPTS && isSampleRow(rowKey(cells)); attempt++)
        row = draw(rng.forkIndex(GUARD_TAG + attempt), rowIndex, cells);
      return row;
    },
  };
}
