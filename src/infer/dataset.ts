/**
 * Reading a sample data set (CSV, JSON array, JSON Lines) into rows, from text or bytes: no file system here,
 * the CLI and the service hand in the bytes. Every oddity of real files gets a documented behaviour rather
 * than a crash:
 *
 * - bytes that are not UTF-8 are decoded as Windows-1252 (every byte maps to a character), with a warning;
 * - a UTF-8 byte order mark is dropped;
 * - CSV: the delimiter (`,` `;` tab `|`) is sniffed from the first lines, quotes follow RFC 4180, the first
 *   row is the header (blank or repeated names become `column_N` / `name_2`), an empty field is null, short
 *   rows are padded with nulls and the cells beyond the header of long rows are dropped (both counted in
 *   the warnings);
 * - JSON: an array of objects, or an object holding one such array (`{"data": [...]}`); nested objects stay
 *   nested in the rows and appear as dotted column names;
 * - JSON Lines: one value per line, blank lines skipped, a bad line is an error naming its line number;
 * - an empty sample, or one with no columns, is an error that says so.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { SdgError } from '../core/errors.js';
import { isPlainObject, type JsonValue } from '../core/types.js';

export type DatasetFormat = 'csv' | 'json' | 'jsonl';
export type DataRow = { [column: string]: JsonValue };

export interface Dataset {
  readonly format: DatasetFormat;
  /** Rows as parsed (nested objects kept; CSV cells are strings or null). */
  readonly rows: DataRow[];
  /** Leaf columns in first-seen order, nested ones as dotted paths (`address.city`). */
  readonly columns: string[];
  readonly warnings: string[];
  /** The CSV delimiter used, when the format is CSV. */
  readonly delimiter?: string;
}

export interface ParseOptions {
  readonly format?: DatasetFormat;
  /** File name, used to guess the format from its extension and in messages. */
  readonly name?: string;
}

const DELIMITERS = [',', ';', '\t', '|'];

/** Text from bytes: UTF-8 when valid, else Windows-1252, which can decode any byte. */
export function decodeText(input: string | Uint8Array, warnings: string[] = []): string {
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      text = new TextDecoder('windows-1252').decode(input);
      warnings.push('the data is not valid UTF-8; it was read as Windows-1252');
    }
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Guesses the format from the name's extension, else from the first non-blank character. */
export function sniffFormat(text: string, name?: string): DatasetFormat {
  const extension = name?.toLowerCase().match(/\.(csv|tsv|txt|json|jsonl|ndjson)$/)?.[1];
  if (extension === 'csv' || extension === 'tsv' || extension === 'txt') return 'csv';
  if (extension === 'jsonl' || extension === 'ndjson') return 'jsonl';
  const start = text.trimStart();
  if (start.startsWith('[')) return 'json';
  if (start.startsWith('{')) {
    // One object spanning the whole text is JSON; one object per line is JSON Lines.
    const firstLine = start.split('\n', 1)[0]?.trim() ?? '';
    try {
      JSON.parse(firstLine);
      return start.includes('\n{') ? 'jsonl' : 'json';
    } catch {
      return 'json';
    }
  }
  if (extension === 'json') return 'json';
  return 'csv';
}

/** The delimiter whose count per line is most consistent (and non-zero) over the first lines. */
export function sniffDelimiter(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(0, 20);
  let best = ',';
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter));
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const consistent = counts.filter((c) => c === first).length / counts.length;
    const score = consistent * 1000 + first;
    if (score > bestScore) {
      bestScore = score;
      best = delimiter;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) count++;
  }
  return count;
}

function uniqueHeader(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((name, i) => {
    let base = name.trim();
    if (base === '') base = `column_${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
}

function parseCsvText(text: string, warnings: string[]): { rows: DataRow[]; columns: string[]; delimiter: string } {
  const delimiter = sniffDelimiter(text);
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter, relax_column_count: true, skip_empty_lines: true, bom: true, relax_quotes: true }) as string[][];
  } catch (error) {
    throw new SdgError('SDG_ERR_INVALID_DATA', `the CSV cannot be parsed: ${(error as Error).message}`, {
      hint: 'check the quoting (RFC 4180: fields with the delimiter, quotes or line breaks are quoted, quotes doubled)',
    });
  }
  if (records.length === 0) return { rows: [], columns: [], delimiter };
  const columns = uniqueHeader(records[0] as string[]);
  let short = 0;
  let long = 0;
  const rows: DataRow[] = [];
  for (let r = 1; r < records.length; r++) {
    const record = records[r] as string[];
    if (record.length < columns.length) short++;
    if (record.length > columns.length) long++;
    const row: DataRow = {};
    for (let c = 0; c < columns.length; c++) {
      const cell = record[c];
      row[columns[c] as string] = cell === undefined || cell === '' ? null : cell;
    }
    rows.push(row);
  }
  if (short > 0) warnings.push(`${short} row(s) had fewer cells than the header; the missing cells are null`);
  if (long > 0) warnings.push(`${long} row(s) had more cells than the header; the extra cells were dropped`);
  return { rows, columns, delimiter };
}

function asRow(value: unknown, where: string): DataRow {
  if (isPlainObject(value)) return value as DataRow;
  throw new SdgError('SDG_ERR_INVALID_DATA', `${where} is ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}, not an object`, {
    hint: 'every record must be a JSON object such as {"name": "…", "age": 42}',
  });
}

function parseJsonText(text: string): DataRow[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SdgError('SDG_ERR_INVALID_JSON', `the JSON cannot be parsed: ${(error as Error).message}`, { hint: 'fix the JSON syntax' });
  }
  if (isPlainObject(value)) {
    const arrays = Object.values(value).filter(Array.isArray);
    if (arrays.length === 1) value = arrays[0];
    else value = [value];
  }
  if (!Array.isArray(value))
    throw new SdgError('SDG_ERR_INVALID_DATA', 'the JSON sample must be an array of objects', { hint: 'wrap the records in [ … ]' });
  return value.map((item, i) => asRow(item, `record ${i}`));
}

function parseJsonLines(text: string): DataRow[] {
  const rows: DataRow[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new SdgError('SDG_ERR_INVALID_JSON', `line ${i + 1} is not valid JSON: ${(error as Error).message}`, {
        hint: 'each line must hold one JSON object',
      });
    }
    rows.push(asRow(value, `line ${i + 1}`));
  }
  return rows;
}

/** Dotted leaf paths of a row (arrays and scalars are leaves). */
export function leafPaths(row: DataRow, prefix = '', out: string[] = []): string[] {
  for (const [key, value] of Object.entries(row)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (isPlainObject(value) && Object.keys(value).length > 0) leafPaths(value as DataRow, path, out);
    else out.push(path);
  }
  return out;
}

/** The value at a dotted path (undefined when absent). */
export function valueAt(row: DataRow, path: string): JsonValue | undefined {
  if (path in row) return row[path];
  let node: JsonValue | undefined = row;
  for (const part of path.split('.')) {
    if (!isPlainObject(node)) return undefined;
    node = (node as DataRow)[part];
  }
  return node;
}

export function parseDataset(input: string | Uint8Array, options: ParseOptions = {}): Dataset {
  const warnings: string[] = [];
  const text = decodeText(input, warnings);
  if (text.trim() === '') {
    throw new SdgError('SDG_ERR_INVALID_DATA', `the sample${options.name ? ` ${options.name}` : ''} is empty`, {
      hint: 'give a CSV with a header row and at least one data row, a JSON array or JSON Lines',
    });
  }
  const format = options.format ?? sniffFormat(text, options.name);
  let rows: DataRow[];
  let columns: string[];
  let delimiter: string | undefined;
  if (format === 'csv') {
    ({ rows, columns, delimiter } = parseCsvText(text, warnings));
  } else {
    rows = format === 'json' ? parseJsonText(text) : parseJsonLines(text);
    const seen = new Set<string>();
    columns = [];
    for (const row of rows) {
      for (const path of leafPaths(row)) {
        if (seen.has(path)) continue;
        seen.add(path);
        columns.push(path);
      }
    }
  }
  if (rows.length === 0)
    throw new SdgError('SDG_ERR_INVALID_DATA', 'the sample has no data rows', {
      hint: 'a CSV needs a header row and at least one data row',
    });
  if (columns.length === 0)
    throw new SdgError('SDG_ERR_INVALID_DATA', 'the sample has no columns', { hint: 'records need at least one field' });
  return { format, rows, columns, warnings, ...(delimiter !== undefined ? { delimiter } : {}) };
}
