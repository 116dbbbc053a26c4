/**
 * Tabular views of rows (CSV, Parquet): which columns exist, what type each is, how to read a cell.
 *
 * Columns are named by dotted paths (`address.zip`) because every CSV/Parquet consumer understands those,
 * but internally a column keeps its path as segments, so a property whose own name contains a dot still
 * resolves when the column came from a schema or a row. Only user-typed `columns` strings are ambiguous;
 * for those a literal top-level key wins over the nested reading.
 */
import { SdgError, appendPointer, getByPointer, isPlainObject } from '../../core/index.js';

/** Physical kind of a column; `json` holds JSON text for non-string values (arrays, objects, mixed types). */
export type ColumnKind = 'int32' | 'int64' | 'double' | 'boolean' | 'string' | 'json';

export interface ColumnSpec {
  readonly name: string;
  readonly path: readonly string[];
  readonly kind: ColumnKind;
  /** The value may be null or absent (Parquet OPTIONAL). */
  readonly nullable: boolean;
  readonly get: (row: Record<string, unknown>) => unknown;
}

/** Rows that are not objects (a schema of `type: string`, say) are tabulated as one column named `value`. */
export const SCALAR_COLUMN = 'value';

export function rowAsObject(row: unknown): Record<string, unknown> {
  return isPlainObject(row) ? row : { [SCALAR_COLUMN]: row };
}

export function flattenRow(row: unknown, columns?: string[]): Record<string, unknown> {
  const obj = rowAsObject(row);
  const out: Record<string, unknown> = {};
  if (columns !== undefined) {
    for (const name of columns) out[name] = getterForName(name)(obj);
    return out;
  }
  for (const path of leafPaths(obj)) out[path.join('.')] = getterForPath(path)(obj);
  return out;
}

/**
 * Leaf paths of a row. Empty objects count as leaves (a `{}` cell) so the column does not vanish just
 * because this row happened to have nothing in it; arrays are leaves too (one JSON cell).
 */
export function leafPaths(obj: Record<string, unknown>, prefix: readonly string[] = [], out: string[][] = []): string[][] {
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    const path = [...prefix, key];
    if (isPlainObject(value) && Object.keys(value).length > 0) leafPaths(value, path, out);
    else out.push(path);
  }
  return out;
}

export function getterForPath(path: readonly string[]): (row: Record<string, unknown>) => unknown {
  if (path.length === 1) {
    const key = path[0]!;
    return (row) => row[key];
  }
  return (row) => {
    let node: unknown = row;
    for (const key of path) {
      if (!isPlainObject(node)) return undefined;
      node = node[key];
    }
    return node;
  };
}

function getterForName(name: string): (row: Record<string, unknown>) => unknown {
  if (!name.includes('.')) return (row) => row[name];
  const nested = getterForPath(name.split('.'));
  return (row) => (Object.prototype.hasOwnProperty.call(row, name) ? row[name] : nested(row));
}

// ---------------------------------------------------------------------------------------------------------
// Schema → columns

interface SchemaLeaf {
  path: string[];
  kind: ColumnKind;
  nullable: boolean;
}

export function columnsFromSchema(schema: unknown): string[] | undefined {
  return schemaLeaves(schema)?.map((leaf) => leaf.path.join('.'));
}

/** Undefined when the schema does not describe an object with declared properties. */
function schemaLeaves(schema: unknown): SchemaLeaf[] | undefined {
  const root = resolve(schema, schema, new Set());
  if (root === undefined || !isObjectSchema(root.node)) return undefined;
  const out: SchemaLeaf[] = [];
  walkObject(root.node, schema, [], false, root.seen, out);
  return out;
}

type SchemaNode = Record<string, unknown>;
interface Resolved {
  node: SchemaNode;
  /** $refs followed on the way here, so recursive schemas stop instead of looping. */
  seen: Set<string>;
}

/** Follows local `$ref`s and folds `allOf` into one node; anything unresolvable becomes an opaque leaf. */
function resolve(schema: unknown, root: unknown, seen: Set<string>): Resolved | undefined {
  if (!isPlainObject(schema)) return undefined;
  let node: SchemaNode = schema;
  let visited = seen;
  while (typeof node.$ref === 'string') {
    const ref = node.$ref;
    if (!ref.startsWith('#') || visited.has(ref)) return undefined;
    let target: unknown;
    try {
      target = getByPointer(root, decodeURIComponent(ref.slice(1)));
    } catch {
      return undefined;
    }
    if (!isPlainObject(target)) return undefined;
    visited = new Set(visited).add(ref);
    const { $ref: _ignored, ...siblings } = node;
    node = { ...target, ...siblings };
  }
  if (Array.isArray(node.allOf)) {
    let merged: SchemaNode = { ...node, allOf: undefined };
    for (const part of node.allOf) {
      const r = resolve(part, root, visited);
      if (r === undefined) continue;
      merged = mergeSchemas(merged, r.node);
    }
    node = merged;
  }
  return { node, seen: visited };
}

function mergeSchemas(a: SchemaNode, b: SchemaNode): SchemaNode {
  const props = { ...(isPlainObject(a.properties) ? a.properties : {}), ...(isPlainObject(b.properties) ? b.properties : {}) };
  const required = [...(Array.isArray(a.required) ? a.required : []), ...(Array.isArray(b.required) ? b.required : [])];
  return { ...b, ...a, properties: props, required };
}

function isObjectSchema(node: SchemaNode): boolean {
  if (!isPlainObject(node.properties) || Object.keys(node.properties).length === 0) return false;
  const types = typeList(node);
  return types === undefined || types.includes('object');
}

function walkObject(node: SchemaNode, root: unknown, prefix: string[], optional: boolean, seen: Set<string>, out: SchemaLeaf[]): void {
  const required = new Set(Array.isArray(node.required) ? node.required : []);
  const nullableObject = acceptsNull(node);
  for (const [key, sub] of Object.entries(node.properties as Record<string, unknown>)) {
    const path = [...prefix, key];
    const childOptional = optional || nullableObject || !required.has(key);
    const resolved = resolve(sub, root, seen);
    if (resolved !== undefined && isObjectSchema(resolved.node)) {
      walkObject(resolved.node, root, path, childOptional, resolved.seen, out);
    } else {
      const leaf = resolved === undefined ? { kind: 'json' as const, nullable: true } : leafType(resolved.node, root, resolved.seen);
      out.push({ path, kind: leaf.kind, nullable: childOptional || leaf.nullable });
    }
  }
}

function typeList(node: SchemaNode): string[] | undefined {
  if (typeof node.type === 'string') return [node.type];
  if (Array.isArray(node.type)) return node.type.filter((t): t is string => typeof t === 'string');
  return undefined;
}

function acceptsNull(node: SchemaNode): boolean {
  return node.nullable === true || (typeList(node)?.includes('null') ?? false);
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Picks the narrowest physical type that holds every value the schema allows. */
function leafType(node: SchemaNode, root: unknown, seen: Set<string>): { kind: ColumnKind; nullable: boolean } {
  let types = typeList(node);
  let nullable = acceptsNull(node);
  const values = 'const' in node ? [node.const] : Array.isArray(node.enum) ? node.enum : undefined;
  if (types === undefined && values !== undefined) types = values.map(jsonType);
  if (types === undefined) {
    const branches = Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : undefined;
    if (branches === undefined) return { kind: 'json', nullable: true };
    const kinds = new Set<ColumnKind>();
    for (const branch of branches) {
      const r = resolve(branch, root, seen);
      if (r === undefined) return { kind: 'json', nullable: true };
      if (typeList(r.node)?.length === 1 && typeList(r.node)?.[0] === 'null') {
        nullable = true;
        continue;
      }
      const t = leafType(r.node, root, r.seen);
      nullable ||= t.nullable;
      kinds.add(t.kind);
    }
    return { kind: unionKind(kinds), nullable };
  }
  const set = new Set(types);
  if (set.delete('null')) nullable = true;
  if (set.size === 1) {
    const [t] = set;
    if (t === 'string') return { kind: 'string', nullable };
    if (t === 'boolean') return { kind: 'boolean', nullable };
    if (t === 'number') return { kind: 'double', nullable };
    if (t === 'integer') return { kind: integerFits32(node, values) ? 'int32' : 'int64', nullable };
  }
  if (set.size === 2 && set.has('integer') && set.has('number')) return { kind: 'double', nullable };
  return { kind: 'json', nullable };
}

function unionKind(kinds: Set<ColumnKind>): ColumnKind {
  const [only] = kinds;
  if (kinds.size === 1 && only !== undefined) return only;
  if (kinds.size === 0 || ![...kinds].every((k) => k === 'int32' || k === 'int64' || k === 'double')) return 'json';
  return kinds.has('double') ? 'double' : 'int64';
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function integerFits32(node: SchemaNode, values: unknown[] | undefined): boolean {
  if (values !== undefined) return values.every((v) => typeof v !== 'number' || (v >= INT32_MIN && v <= INT32_MAX));
  const lo = bound(node.minimum, node.exclusiveMinimum, Math.max);
  const hi = bound(node.maximum, node.exclusiveMaximum, Math.min);
  return lo !== undefined && hi !== undefined && lo >= INT32_MIN && hi <= INT32_MAX;
}

function bound(inclusive: unknown, exclusive: unknown, tighter: (a: number, b: number) => number): number | undefined {
  // Draft-4 boolean exclusiveMinimum/Maximum only tightens `inclusive` by one, which cannot widen the range.
  const a = typeof inclusive === 'number' ? inclusive : undefined;
  const b = typeof exclusive === 'number' ? exclusive : undefined;
  if (a === undefined) return b;
  if (b === undefined) return a;
  return tighter(a, b);
}

// ---------------------------------------------------------------------------------------------------------
// The column layout a tabular writer commits to

export interface ColumnLayout {
  readonly columns: readonly ColumnSpec[];
  /** Throws when a row holds a key no column covers; undefined for projections, which drop such keys. */
  readonly check: ((row: Record<string, unknown>, rowIndex: number) => void) | undefined;
}

/** Columns fixed before any row is seen (from `columns` or the schema); undefined means "use the first row". */
export function layoutFromOptions(options: { schema?: unknown; columns?: string[] }): ColumnLayout | undefined {
  const leaves = options.schema === undefined ? undefined : schemaLeaves(options.schema);
  if (options.columns !== undefined) {
    const byName = new Map(leaves?.map((leaf) => [leaf.path.join('.'), leaf]));
    const columns = options.columns.map((name): ColumnSpec => {
      const leaf = byName.get(name);
      // A column the schema does not type (an object prefix, an extra key) is carried as nullable JSON text.
      return {
        name,
        path: leaf?.path ?? name.split('.'),
        kind: leaf?.kind ?? 'json',
        nullable: leaf?.nullable ?? true,
        get: getterForName(name),
      };
    });
    return { columns, check: undefined };
  }
  if (leaves !== undefined) return strictLayout(leaves);
  return undefined;
}

/** Columns taken from the first row; their types are guessed from that row's values, all nullable. */
export function layoutFromRow(row: Record<string, unknown>): ColumnLayout {
  return strictLayout(leafPaths(row).map((path) => ({ path, kind: kindOfValue(getterForPath(path)(row)), nullable: true })));
}

function kindOfValue(value: unknown): ColumnKind {
  // Numbers become DOUBLE: one integer in the first row says nothing about the rows after it.
  if (typeof value === 'number') return 'double';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  return 'json';
}

interface ShapeNode {
  [key: string]: ShapeNode | null;
}

function strictLayout(leaves: SchemaLeaf[]): ColumnLayout {
  const shape: ShapeNode = Object.create(null) as ShapeNode;
  for (const { path } of leaves) {
    let node = shape;
    path.forEach((key, i) => {
      if (i === path.length - 1) node[key] = null;
      else node = node[key] ??= Object.create(null) as ShapeNode;
    });
  }
  const columns = leaves.map(({ path, kind, nullable }): ColumnSpec => ({
    name: path.join('.'),
    path,
    kind,
    nullable,
    get: getterForPath(path),
  }));
  return { columns, check: (row, rowIndex) => checkShape(row, shape, rowIndex, []) };
}

/** `prefix` is only turned into a pointer on failure: building one per row cost more than the check. */
function checkShape(obj: Record<string, unknown>, shape: ShapeNode, rowIndex: number, prefix: string[]): void {
  for (const key in obj) {
    const sub = shape[key];
    if (sub === null) continue;
    const value = obj[key];
    if (sub === undefined) {
      if (value === undefined) continue;
      const pointer = appendPointer('', rowIndex, ...prefix, key);
      throw new SdgError('SDG_ERR_GENERATION_FAILED', `Row has a value at ${pointer} that no column holds`, {
        pointer,
        hint: 'Pass `columns` to choose the output columns explicitly (other keys are then dropped), or add the property to the schema.',
      });
    }
    if (isPlainObject(value)) checkShape(value, sub, rowIndex, [...prefix, key]);
    else if (value !== null && value !== undefined) {
      const pointer = appendPointer('', rowIndex, ...prefix, key);
      throw new SdgError('SDG_ERR_GENERATION_FAILED', `Row has a ${jsonType(value)} at ${pointer} where the columns expect an object`, {
        pointer,
      });
    }
  }
}
