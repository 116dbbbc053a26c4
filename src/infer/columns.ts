/**
 * From rows to columns: the leaf columns of (possibly nested) records with their missingness, typed values,
 * and the decision of how each column is modelled:
 *
 *   marginal     numbers, date-times, booleans and categoricals: fitted and joined by the copula;
 *   semantic     personal data and identifiers (by name or by the values' shape): a safe generator, no values;
 *   none         a column that is always missing.
 *
 * Strings are categorical only when they repeat: at most half of the values distinct, and the categories seen
 * at least k times covering at least half of the values. Otherwise (mostly unique, or a long tail of rare
 * values) they are identifiers (one structure, no spaces) or free text, both generated, never resampled.
 */
import { isPlainObject, type JsonValue } from '../core/types.js';
import { layoutFormat, type DatetimeFormat } from './datetime.js';
import { nameTokens, personNameShare, piiFromName, piiFromValues, typeColumn, type PiiKind, type ScalarType } from './detect.js';
import { deriveRuns, identifierSpec, runsPattern } from './pattern.js';
import type { Missingness } from './model.js';

export type Row = { [key: string]: JsonValue };

/** Per row: the enclosing object is missing (0), the key is absent (1), the value is null (2), or present (3). */
export const PARENT_MISSING = 0;
export const ABSENT = 1;
export const NULL = 2;
export const PRESENT = 3;

export interface ObjectNode {
  readonly path: readonly string[];
  readonly name: string;
  /** Shares among rows where the parent is present. */
  readonly missing: Missingness;
  /** Per row: is this object present (an object)? */
  readonly present: Uint8Array;
}

export interface LeafColumn {
  readonly path: readonly string[];
  readonly name: string;
  readonly state: Uint8Array;
  /** Raw values where state is PRESENT (others undefined). */
  readonly raw: (JsonValue | undefined)[];
}

export interface Extracted {
  readonly leaves: LeafColumn[];
  readonly objects: ObjectNode[];
}

/** Splits rows into leaf columns. `flat`: the keys are the columns (CSV), even when they contain dots. */
export function extractColumns(rows: readonly Row[], flat: boolean): Extracted {
  const leaves: LeafColumn[] = [];
  const objects: ObjectNode[] = [];
  const n = rows.length;
  const walk = (path: string[], nodes: (Row | undefined)[]): void => {
    const keys: string[] = [];
    const seen = new Set<string>();
    for (const node of nodes) {
      if (node === undefined) continue;
      for (const key of Object.keys(node)) {
        if (seen.has(key)) continue;
        seen.add(key);
        keys.push(key);
      }
    }
    for (const key of keys) {
      const childPath = [...path, key];
      const name = childPath.join('.');
      let objectCount = 0;
      let otherCount = 0;
      let nestedKeys = 0;
      for (const node of nodes) {
        if (node === undefined || !(key in node)) continue;
        const value = node[key];
        if (value === null || value === undefined) continue;
        if (isPlainObject(value)) {
          objectCount++;
          nestedKeys += Object.keys(value).length;
        } else otherCount++;
      }
      if (!flat && objectCount > 0 && otherCount === 0 && nestedKeys > 0) {
        const present = new Uint8Array(n);
        let parents = 0;
        let nulls = 0;
        let absents = 0;
        const children = nodes.map((node, i): Row | undefined => {
          if (node === undefined) return undefined;
          parents++;
          if (!(key in node) || node[key] === undefined) {
            absents++;
            return undefined;
          }
          const value = node[key];
          if (value === null) {
            nulls++;
            return undefined;
          }
          present[i] = 1;
          return value as Row;
        });
        objects.push({
          path: childPath,
          name,
          present,
          missing: { null: parents === 0 ? 0 : nulls / parents, absent: parents === 0 ? 0 : absents / parents },
        });
        walk(childPath, children);
        continue;
      }
      const state = new Uint8Array(n);
      const raw: (JsonValue | undefined)[] = new Array<JsonValue | undefined>(n);
      nodes.forEach((node, i) => {
        if (node === undefined) state[i] = PARENT_MISSING;
        else if (!(key in node) || node[key] === undefined) state[i] = ABSENT;
        else if (node[key] === null) state[i] = NULL;
        else {
          state[i] = PRESENT;
          raw[i] = node[key] as JsonValue;
        }
      });
      leaves.push({ path: childPath, name, state, raw });
    }
  };
  walk([], rows.slice());
  return { leaves, objects };
}

export type Role = 'marginal' | 'semantic' | 'none';

export interface ColumnDecision {
  readonly leaf: LeafColumn;
  /** Final state per row (values of another type than the column's become NULL). */
  readonly state: Uint8Array;
  readonly type: ScalarType | 'categorical' | 'null';
  readonly role: Role;
  /** Typed values per row (undefined unless state is PRESENT). */
  readonly values: (number | boolean | string | undefined)[];
  readonly semantic?: PiiKind;
  readonly reason: string;
  readonly decimals?: number;
  readonly datetime?: DatetimeFormat;
  /** Categories kept (count ≥ k), most frequent first, with their counts. */
  readonly categories?: Array<{ value: string | boolean; count: number }>;
  /** Share of the present values whose category was dropped (rarer than k). */
  readonly pooled?: number;
  readonly distinct: number;
  readonly presentCount: number;
  readonly parentCount: number;
  readonly nullCount: number;
  readonly absentCount: number;
  readonly warnings: string[];
  /** Derived pattern (identifiers), safe to publish: it holds no whole sample value. */
  readonly pattern?: string;
  /** Values are JSON texts of arrays/objects (and maybe scalars): categories are parsed back when generated. */
  readonly json?: boolean;
  /** JSON types seen in a structured column (`array`, `object`, `string`…). */
  readonly jsonTypes?: string[];
}

export interface ClassifyOptions {
  readonly minCategoryCount: number;
  readonly maxCategories: number;
  /** Per column name: force a kind of personal data, or `false` to declare the column not personal. */
  readonly pii?: Readonly<Record<string, PiiKind | false>>;
}

/** Shares of distinct values above which a string column is not categorical. */
const MAX_DISTINCT_RATIO = 0.5;
const MIN_KEPT_SHARE = 0.5;

function countsOf(values: readonly (string | boolean | number | undefined)[]): Map<string | boolean | number, number> {
  const counts = new Map<string | boolean | number, number>();
  for (const v of values) if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

function isIdName(name: string): boolean {
  const tokens = nameTokens(name);
  const last = tokens[tokens.length - 1];
  return (
    last === 'id' ||
    last === 'uuid' ||
    last === 'guid' ||
    last === 'key' ||
    last === 'code' ||
    last === 'number' ||
    last === 'no' ||
    last === 'ref'
  );
}

export function classifyColumn(leaf: LeafColumn, options: ClassifyOptions): ColumnDecision {
  const n = leaf.state.length;
  const warnings: string[] = [];
  const state = leaf.state.slice();
  const presentIdx: number[] = [];
  const presentRaw: JsonValue[] = [];
  let parentCount = 0;
  for (let i = 0; i < n; i++) {
    if (state[i] !== PARENT_MISSING) parentCount++;
    if (state[i] === PRESENT) {
      presentIdx.push(i);
      presentRaw.push(leaf.raw[i] as JsonValue);
    }
  }
  const typed = typeColumn(presentRaw);
  const values: (number | boolean | string | undefined)[] = new Array(n);
  typed.values.forEach((v, k) => {
    const i = presentIdx[k] as number;
    if (v === null) state[i] = NULL;
    else values[i] = v;
  });
  if (typed.coerced > 0)
    warnings.push(
      `column "${leaf.name}": ${typed.coerced} value(s) that are not ${typed.type === 'datetime' ? 'dates' : typed.type === 'integer' ? 'numbers' : `${typed.type}s`} (under 5%) were treated as missing`,
    );
  if (typed.ambiguousDayMonth)
    warnings.push(`column "${leaf.name}": day and month could be swapped in every value; read as month/day (US order)`);
  let nullCount = 0;
  let absentCount = 0;
  let presentCount = 0;
  for (let i = 0; i < n; i++) {
    if (state[i] === NULL) nullCount++;
    else if (state[i] === ABSENT) absentCount++;
    else if (state[i] === PRESENT) presentCount++;
  }
  const counts = countsOf(values);
  const base = { leaf, state, values, distinct: counts.size, presentCount, parentCount, nullCount, absentCount, warnings };
  if (presentCount === 0) return { ...base, type: 'null', role: 'none', reason: 'no value in the sample' };

  const forced = options.pii?.[leaf.name];
  const hint = forced === false ? undefined : forced !== undefined ? { kind: forced, conclusive: true } : piiFromName(leaf.name);
  const type = typed.type;

  if (type === 'integer' || type === 'number') {
    const idLike = hint?.kind === 'identifier' && type === 'integer' && counts.size >= 0.9 * presentCount;
    const personal = hint !== undefined && hint.conclusive && hint.kind !== 'text' && hint.kind !== 'birthDate';
    if (forced !== false && (idLike || personal)) {
      return {
        ...base,
        type: 'integer',
        role: 'semantic',
        semantic: hint?.kind === 'zip' ? 'zip' : 'identifier',
        reason: idLike ? 'integer identifier (name and unique values)' : `personal data by name (${hint?.kind})`,
      };
    }
    return { ...base, type, role: 'marginal', decimals: typed.decimals ?? 0, reason: 'numeric' };
  }
  if (type === 'boolean') {
    const categories = [...counts.entries()]
      .map(([value, count]) => ({ value: value as boolean, count }))
      .sort((a, b) => b.count - a.count);
    return { ...base, type, role: 'marginal', categories, pooled: 0, reason: 'boolean' };
  }
  if (type === 'datetime') {
    if (forced !== false && hint?.kind === 'birthDate') {
      return {
        ...base,
        type,
        role: 'semantic',
        semantic: 'birthDate',
        datetime: typed.datetime as DatetimeFormat,
        reason: 'personal data by name (birth date)',
      };
    }
    return {
      ...base,
      type,
      role: 'marginal',
      datetime: typed.datetime as DatetimeFormat,
      reason: `date-time (${(typed.datetime as DatetimeFormat).layout})`,
    };
  }

  // Arrays and objects: categorical over their JSON texts when they repeat, else generated empty.
  if (typed.structured) {
    const jsonTypes = [
      ...new Set(
        presentRaw.map((v) =>
          Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'object' ? 'object' : typeof v === 'number' ? 'number' : typeof v,
        ),
      ),
    ].sort();
    const structuredValues = values.map((v, i) => (v === undefined ? undefined : JSON.stringify(leaf.raw[i])));
    const jsonCounts = countsOf(structuredValues);
    const sorted = [...jsonCounts.entries()].sort((a, b) => b[1] - a[1] || (String(a[0]) < String(b[0]) ? -1 : 1));
    const kept = sorted.filter(([, c]) => c >= options.minCategoryCount).slice(0, options.maxCategories);
    const keptCount = kept.reduce((sum, [, c]) => sum + c, 0);
    const next = { ...base, values: structuredValues, distinct: jsonCounts.size, json: true, jsonTypes };
    if (
      forced === undefined &&
      jsonCounts.size / presentCount <= MAX_DISTINCT_RATIO &&
      keptCount >= MIN_KEPT_SHARE * presentCount &&
      kept.length > 0
    ) {
      if (kept.length < sorted.length)
        warnings.push(
          `column "${leaf.name}": ${sorted.length - kept.length} distinct value(s) seen fewer than ${options.minCategoryCount} times are not reproduced`,
        );
      return {
        ...next,
        type: 'categorical',
        role: 'marginal',
        categories: kept.map(([value, count]) => ({ value: value as string, count })),
        pooled: (presentCount - keptCount) / presentCount,
        reason: `categorical over JSON values (${kept.length} distinct)`,
      };
    }
    warnings.push(`column "${leaf.name}": arrays/objects that do not repeat are generated empty`);
    return {
      ...next,
      type: 'string',
      role: 'semantic',
      semantic: 'empty',
      reason: 'arrays or objects that do not repeat (generated empty)',
    };
  }

  // Strings.
  const texts = [...counts.keys()] as string[];
  const shape = forced === false ? undefined : piiFromValues(texts);
  let kind: PiiKind | undefined;
  let reason = '';
  if (forced !== undefined && forced !== false) {
    kind = forced;
    reason = `declared personal data (${forced})`;
  } else if (forced === undefined && hint !== undefined && hint.conclusive) {
    kind = hint.kind;
    reason = `personal data by name (${hint.kind})`;
  } else if (shape !== undefined) {
    kind = shape;
    reason = `personal data by value shape (${shape})`;
  } else if (forced === undefined && hint?.kind === 'fullName' && personNameShare(texts) >= 0.3) {
    kind = 'fullName';
    reason = 'personal data by name and value shape (person names)';
  }
  // Identifier by name: only when the values are (nearly) unique; a low-cardinality `country_code` is a category.
  if (kind === 'identifier' && forced === undefined && counts.size < 0.9 * presentCount) kind = undefined;
  if (kind !== undefined) {
    const extra: { pattern?: string } = {};
    if (kind === 'identifier') {
      const runs = deriveRuns(texts);
      if (runs !== undefined) extra.pattern = runsPattern(identifierSpec(texts)?.runs ?? runs);
    }
    return { ...base, type: 'string', role: 'semantic', semantic: kind, reason, ...extra };
  }

  // Categorical, identifier or free text.
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || (String(a[0]) < String(b[0]) ? -1 : 1));
  const kept = sorted.filter(([, c]) => c >= options.minCategoryCount).slice(0, options.maxCategories);
  const keptCount = kept.reduce((s, [, c]) => s + c, 0);
  const distinctRatio = counts.size / presentCount;
  if (distinctRatio <= MAX_DISTINCT_RATIO && keptCount >= MIN_KEPT_SHARE * presentCount && kept.length > 0) {
    const dropped = sorted.length - kept.length;
    if (dropped > 0)
      warnings.push(
        `column "${leaf.name}": ${dropped} categor${dropped === 1 ? 'y' : 'ies'} seen fewer than ${options.minCategoryCount} times (${(((presentCount - keptCount) / presentCount) * 100).toFixed(1)}% of values) are not reproduced`,
      );
    return {
      ...base,
      type: 'categorical',
      role: 'marginal',
      categories: kept.map(([value, count]) => ({ value: value as string, count })),
      pooled: (presentCount - keptCount) / presentCount,
      reason: `categorical (${kept.length} categories)`,
    };
  }
  const noSpaces = texts.every((t) => !/\s/.test(t));
  const highlyUnique = distinctRatio >= 0.9;
  if (noSpaces && (highlyUnique || isIdName(leaf.name))) {
    const spec = identifierSpec(texts);
    const why = distinctRatio >= 0.9 ? 'mostly unique values' : 'high cardinality';
    return {
      ...base,
      type: 'string',
      role: 'semantic',
      semantic: 'identifier',
      reason: `identifier (${why}, no spaces)`,
      ...(spec !== undefined ? { pattern: runsPattern(spec.runs) } : {}),
    };
  }
  return {
    ...base,
    type: 'string',
    role: 'semantic',
    semantic: 'text',
    reason:
      distinctRatio > MAX_DISTINCT_RATIO
        ? 'free text (mostly unique values)'
        : `free text (values seen at least ${options.minCategoryCount} times cover under half the rows)`,
  };
}

export { layoutFormat };
