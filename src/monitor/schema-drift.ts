/**
 * Schema drift (the seed's DataDriftMonitor for schemas): what changed between two versions of a library
 * schema, field by field, and whether each change is breaking.
 *
 * "Breaking" is backward incompatibility: data valid under the old version may be invalid under the new one,
 * so consumers and fixtures built on the old shape can break. Removing a field, making one required,
 * narrowing a type, tightening a bound, dropping an enum value, adding or changing a pattern or format are
 * breaking; adding an optional field, widening a type, loosening a bound, adding enum values are not.
 *
 * Fields are the object properties reached from the root (nested objects as dotted paths, array items as
 * `path[]`), with local `$ref`s (`#/…`) followed. Combinators (allOf/anyOf/oneOf) are compared as a whole:
 * any difference inside one is one change at that path.
 */
import { canonicalJson, isPlainObject, type JsonValue } from '../core/index.js';

export type DriftKind = 'added' | 'removed' | 'type' | 'required' | 'constraint' | 'enum' | 'format' | 'pattern' | 'composition';

export interface SchemaChange {
  /** Dotted field path (`address.zip`, `tags[]`); '' for the root. */
  readonly path: string;
  readonly kind: DriftKind;
  readonly breaking: boolean;
  /** One line a reviewer reads. */
  readonly message: string;
  readonly from?: JsonValue;
  readonly to?: JsonValue;
}

export interface SchemaDiff {
  readonly breaking: boolean;
  readonly changes: readonly SchemaChange[];
  readonly summary: { readonly added: number; readonly removed: number; readonly changed: number; readonly breaking: number };
}

interface Field {
  readonly node: Record<string, unknown>;
  readonly required: boolean;
}

/** Lower bounds: raising one narrows the valid values. Upper bounds: lowering one does. */
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'] as const;
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'] as const;
const COMPOSITIONS = ['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else'] as const;

function resolveRef(root: unknown, node: unknown, depth = 0): Record<string, unknown> | undefined {
  if (!isPlainObject(node)) return typeof node === 'boolean' ? {} : undefined;
  const ref = node.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#') || depth > 32) return node;
  let target: unknown = root;
  for (const raw of ref
    .slice(1)
    .split('/')
    .filter((part) => part !== '')) {
    const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    target = isPlainObject(target) ? target[part] : undefined;
  }
  const resolved = resolveRef(root, target, depth + 1);
  if (resolved === undefined) return node;
  const { $ref: _ref, ...siblings } = node;
  return { ...resolved, ...siblings };
}

function fields(root: unknown): Map<string, Field> {
  const out = new Map<string, Field>();
  const walk = (raw: unknown, path: string, required: boolean, seen: number): void => {
    const node = resolveRef(root, raw);
    if (node === undefined) return;
    out.set(path, { node, required });
    if (seen > 16) return;
    const properties = node.properties;
    if (isPlainObject(properties)) {
      const requiredList = Array.isArray(node.required) ? node.required : [];
      for (const [name, child] of Object.entries(properties)) {
        walk(child, path === '' ? name : `${path}.${name}`, requiredList.includes(name), seen + 1);
      }
    }
    if (node.items !== undefined && !Array.isArray(node.items)) walk(node.items, `${path === '' ? '' : path}[]`, true, seen + 1);
  };
  walk(root, '', true, 0);
  return out;
}

function typesOf(node: Record<string, unknown>): string[] | undefined {
  if (typeof node.type === 'string') return [node.type];
  if (Array.isArray(node.type)) return [...new Set(node.type.filter((t): t is string => typeof t === 'string'))].sort();
  return undefined;
}

/** Whether a field typed `wide` accepts values of `type` (integer ⊂ number). */
function accepts(wide: readonly string[], type: string): boolean {
  return wide.includes(type) || (type === 'integer' && wide.includes('number'));
}

function json(value: unknown): JsonValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(json(a)) === canonicalJson(json(b));
}

function label(path: string): string {
  return path === '' ? 'the root' : path;
}

function compareField(path: string, before: Field, after: Field, changes: SchemaChange[]): void {
  const a = before.node;
  const b = after.node;
  const push = (change: SchemaChange): void => void changes.push(change);

  if (!before.required && after.required)
    push({ path, kind: 'required', breaking: true, message: `${label(path)} became required`, from: false, to: true });
  else if (before.required && !after.required)
    push({ path, kind: 'required', breaking: false, message: `${label(path)} became optional`, from: true, to: false });

  const typesA = typesOf(a);
  const typesB = typesOf(b);
  if (!same(typesA, typesB)) {
    const widened = typesA !== undefined && (typesB === undefined || typesA.every((t) => accepts(typesB, t)));
    push({
      path,
      kind: 'type',
      breaking: !widened,
      message: `${label(path)} type ${typesA?.join('|') ?? 'any'} → ${typesB?.join('|') ?? 'any'}${widened ? ' (widened)' : ''}`,
      from: json(typesA),
      to: json(typesB),
    });
  }

  for (const key of LOWER_BOUNDS) {
    const from = a[key];
    const to = b[key];
    if (same(from, to)) continue;
    const tightened = typeof to === 'number' && (typeof from !== 'number' || to > from);
    push({
      path,
      kind: 'constraint',
      breaking: tightened,
      message: `${label(path)} ${key} ${String(from ?? 'none')} → ${String(to ?? 'none')}`,
      from: json(from),
      to: json(to),
    });
  }
  for (const key of UPPER_BOUNDS) {
    const from = a[key];
    const to = b[key];
    if (same(from, to)) continue;
    const tightened = typeof to === 'number' && (typeof from !== 'number' || to < from);
    push({
      path,
      kind: 'constraint',
      breaking: tightened,
      message: `${label(path)} ${key} ${String(from ?? 'none')} → ${String(to ?? 'none')}`,
      from: json(from),
      to: json(to),
    });
  }
  if (!same(a.multipleOf, b.multipleOf)) {
    // A new step is only safe when every old multiple is still one (new step divides the old).
    const safe =
      b.multipleOf === undefined ||
      (typeof a.multipleOf === 'number' && typeof b.multipleOf === 'number' && Number.isInteger(a.multipleOf / b.multipleOf));
    push({
      path,
      kind: 'constraint',
      breaking: !safe,
      message: `${label(path)} multipleOf ${String(a.multipleOf ?? 'none')} → ${String(b.multipleOf ?? 'none')}`,
      from: json(a.multipleOf),
      to: json(b.multipleOf),
    });
  }
  if (!same(a.uniqueItems, b.uniqueItems))
    push({
      path,
      kind: 'constraint',
      breaking: b.uniqueItems === true,
      message: `${label(path)} uniqueItems ${String(a.uniqueItems ?? false)} → ${String(b.uniqueItems ?? false)}`,
      from: json(a.uniqueItems),
      to: json(b.uniqueItems),
    });

  const enumA = Array.isArray(a.enum) ? a.enum : a.const !== undefined ? [a.const] : undefined;
  const enumB = Array.isArray(b.enum) ? b.enum : b.const !== undefined ? [b.const] : undefined;
  if (!same(enumA, enumB)) {
    const keyOf = (v: unknown): string => canonicalJson(json(v));
    const removed = enumA === undefined ? [] : enumA.filter((v) => !(enumB ?? []).some((w) => keyOf(w) === keyOf(v)));
    const added = enumB === undefined ? [] : enumB.filter((v) => !(enumA ?? []).some((w) => keyOf(w) === keyOf(v)));
    const breaking = enumB !== undefined && (enumA === undefined || removed.length > 0);
    const parts = [
      ...(added.length > 0 ? [`added ${added.map((v) => JSON.stringify(v)).join(', ')}`] : []),
      ...(removed.length > 0 ? [`removed ${removed.map((v) => JSON.stringify(v)).join(', ')}`] : []),
      ...(enumA === undefined ? ['now restricted to a list'] : enumB === undefined ? ['no longer restricted to a list'] : []),
    ];
    push({ path, kind: 'enum', breaking, message: `${label(path)} values: ${parts.join('; ')}`, from: json(enumA), to: json(enumB) });
  }

  for (const key of ['format', 'pattern'] as const) {
    if (same(a[key], b[key])) continue;
    push({
      path,
      kind: key,
      breaking: b[key] !== undefined,
      message: `${label(path)} ${key} ${JSON.stringify(a[key] ?? null)} → ${JSON.stringify(b[key] ?? null)}`,
      from: json(a[key]),
      to: json(b[key]),
    });
  }

  for (const key of COMPOSITIONS) {
    if (same(a[key], b[key])) continue;
    push({ path, kind: 'composition', breaking: true, message: `${label(path)} ${key} changed`, from: json(a[key]), to: json(b[key]) });
  }
  if (a.additionalProperties !== false && b.additionalProperties === false && isPlainObject(b.properties))
    push({
      path,
      kind: 'constraint',
      breaking: true,
      message: `${label(path)} no longer allows undeclared properties`,
      from: json(a.additionalProperties),
      to: false,
    });
}

/** The changes from `before` to `after` (two versions of one schema), breaking ones first. */
export function diffSchemas(before: unknown, after: unknown): SchemaDiff {
  const a = fields(before);
  const b = fields(after);
  const changes: SchemaChange[] = [];
  for (const [path, field] of a) {
    const next = b.get(path);
    if (next === undefined) {
      // A field under a removed parent is reported with its parent only.
      const parent = path.replace(/(\.[^.]+|\[\])$/, '');
      if (path !== '' && parent !== path && !b.has(parent) && a.has(parent)) continue;
      changes.push({ path, kind: 'removed', breaking: true, message: `${label(path)} was removed` });
    } else compareField(path, field, next, changes);
  }
  for (const [path, field] of b) {
    if (a.has(path)) continue;
    const parent = path.replace(/(\.[^.]+|\[\])$/, '');
    if (path !== '' && parent !== path && !a.has(parent) && b.has(parent)) continue;
    changes.push({
      path,
      kind: 'added',
      breaking: field.required,
      message: `${label(path)} was added${field.required ? ' as required' : ''}`,
    });
  }
  changes.sort((x, y) => Number(y.breaking) - Number(x.breaking) || x.path.localeCompare(y.path));
  const count = (kind: DriftKind): number => changes.filter((c) => c.kind === kind).length;
  return {
    breaking: changes.some((c) => c.breaking),
    changes,
    summary: {
      added: count('added'),
      removed: count('removed'),
      changed: changes.length - count('added') - count('removed'),
      breaking: changes.filter((c) => c.breaking).length,
    },
  };
}
