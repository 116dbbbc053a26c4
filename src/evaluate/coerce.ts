/**
 * CSV cells arrive as strings. Before evaluation they get types, the same way on both sides:
 *
 * - with a schema: a column declared integer/number becomes a number when the cell looks numeric, a boolean
 *   column becomes true/false when the cell says so (any case); anything else stays as it is, so validation
 *   reports it. Dotted headers (`address.city`, as the CSV writer flattens nested objects) are nested back
 *   into objects for validation;
 * - columns the schema does not declare (or all columns, without a schema): a column becomes numbers when
 *   every non-empty cell of it, in every CSV input that has it, looks numeric; true/false when every cell is
 *   `true` or `false`. Dates stay text (the evaluator reads them as dates by kind).
 *
 * JSON and JSONL inputs are already typed and left alone.
 */
import { isPlainObject, type JsonValue } from '../core/types.js';
import type { DataRow } from '../infer/dataset.js';
import { looksNumeric, toBooleanKey, type SchemaColumns } from './columns.js';

export interface CsvSide {
  readonly rows: DataRow[];
  readonly columns: readonly string[];
  /** Only CSV sides are coerced. */
  readonly csv: boolean;
}

type CellType = 'number' | 'boolean';

/** The type each undeclared column is coerced to: consistent over every CSV side. */
export function csvColumnTypes(sides: readonly CsvSide[], schema?: SchemaColumns): Map<string, CellType> {
  const declared = new Map<string, CellType | 'string'>();
  for (const column of schema?.columns ?? []) {
    const types = column.types.filter((t) => t !== 'null');
    if (types.length > 0 && types.every((t) => t === 'integer' || t === 'number')) declared.set(column.name, 'number');
    else if (types.length === 1 && types[0] === 'boolean') declared.set(column.name, 'boolean');
    else declared.set(column.name, 'string');
  }
  const out = new Map<string, CellType>();
  const candidates = new Set<string>();
  for (const side of sides) if (side.csv) for (const c of side.columns) candidates.add(c);
  for (const name of candidates) {
    const d = declared.get(name);
    if (d === 'number' || d === 'boolean') {
      out.set(name, d);
      continue;
    }
    if (d === 'string') continue;
    let numeric = true;
    let boolean = true;
    let seen = false;
    for (const side of sides) {
      if (!side.csv) continue;
      for (const row of side.rows) {
        const v = row[name];
        if (v === null || v === undefined) continue;
        seen = true;
        if (numeric && !looksNumeric(v)) numeric = false;
        if (boolean && toBooleanKey(v) === null) boolean = false;
        if (!numeric && !boolean) break;
      }
    }
    if (!seen) continue;
    if (numeric) out.set(name, 'number');
    else if (boolean) out.set(name, 'boolean');
  }
  return out;
}

/** `{"a.b": 1}` → `{"a": {"b": 1}}` (keys without dots unchanged). */
export function unflatten(row: DataRow): DataRow {
  let nested = false;
  for (const key of Object.keys(row)) if (key.includes('.')) nested = true;
  if (!nested) return row;
  const out: DataRow = {};
  for (const [key, value] of Object.entries(row)) {
    const parts = key.split('.');
    let node: DataRow = out;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i] as string;
      if (!isPlainObject(node[part])) node[part] = {};
      node = node[part] as DataRow;
    }
    node[parts[parts.length - 1] as string] = value;
  }
  return out;
}

/** Coerces a CSV side's cells in place (returns the rows, nested when `nest`). */
export function coerceCsvRows(rows: DataRow[], types: ReadonlyMap<string, CellType>, nest: boolean): DataRow[] {
  const entries = [...types.entries()];
  return rows.map((row) => {
    for (const [name, type] of entries) {
      const v = row[name];
      if (typeof v !== 'string') continue;
      if (type === 'number' && looksNumeric(v)) row[name] = Number(v) as JsonValue;
      else if (type === 'boolean') {
        const b = toBooleanKey(v);
        if (b !== null) row[name] = b === 'true';
      }
    }
    return nest ? unflatten(row) : row;
  });
}
