/** Parsing and checking of option values, with messages that name the option and the fix (exit 64). */
import { SdgError } from '../core/index.js';
import type { OutputFormat } from '../generate/writers/index.js';

/** The path that means stdin (for SCHEMA) or stdout (for --out). */
export const STDIN = '-';

export const DEFAULT_MAX_ROWS = 100_000_000;
export const MAX_ROWS_ENV = 'SYNTHDATAGEN_MAX_ROWS';

/** No pointer: the message already names the command-line option, and "(at /count)" would only add noise. */
function usage(message: string, hint?: string): SdgError {
  return new SdgError('SDG_ERR_BAD_OPTION', message, hint === undefined ? {} : { hint });
}

/** Whole numbers as people type them: `1000000`, `1_000_000`, `1e6`. */
function parseWhole(text: string): number | undefined {
  const trimmed = text.trim().replaceAll('_', '');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return undefined;
  return Number(trimmed);
}

export function maxRows(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env[MAX_ROWS_ENV];
  if (raw === undefined || raw.trim() === '') return DEFAULT_MAX_ROWS;
  const value = parseWhole(raw);
  if (value === undefined || !Number.isSafeInteger(value) || value < 0) {
    throw usage(
      `${MAX_ROWS_ENV} must be a non-negative integer, got ${JSON.stringify(raw)}`,
      `unset it to use the default of ${DEFAULT_MAX_ROWS}`,
    );
  }
  return value;
}

/** `--count` / `--offset`: a non-negative integer, at most `maximum`. */
export function parseRowNumber(text: string, option: 'count' | 'offset', maximum: number): number {
  const value = parseWhole(text);
  if (value === undefined)
    throw usage(`--${option} must be a whole number, got ${JSON.stringify(text)}`, `pass an integer from 0 to ${maximum}`);
  if (!Number.isInteger(value)) throw usage(`--${option} must be a whole number, got ${text}`, `pass an integer from 0 to ${maximum}`);
  if (value < 0) throw usage(`--${option} must not be negative, got ${text}`, `pass an integer from 0 to ${maximum}`);
  if (value > maximum) {
    throw usage(
      `--${option} ${value} is above the maximum of ${maximum}`,
      option === 'count' ? `generate in slices with --offset/--count, or raise ${MAX_ROWS_ENV}` : `pass an integer from 0 to ${maximum}`,
    );
  }
  return value;
}

/** An integer seed stays a number so the CLI matches `generate(schema, {seed: 42})`; anything else is a string seed. */
export function parseSeed(text: string): number | string {
  return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}

export const FORMATS: readonly OutputFormat[] = ['jsonl', 'json', 'csv', 'parquet'];

const EXTENSIONS: ReadonlyArray<[string, OutputFormat]> = [
  ['.jsonl', 'jsonl'],
  ['.ndjson', 'jsonl'],
  ['.json', 'json'],
  ['.csv', 'csv'],
  ['.parquet', 'parquet'],
  ['.pq', 'parquet'],
];

export function parseFormat(text: string): OutputFormat {
  const format = FORMATS.find((f) => f === text.toLowerCase());
  if (format === undefined) throw usage(`unknown --format ${JSON.stringify(text)}`, `use one of ${FORMATS.join(', ')}`);
  return format;
}

/** The format an output path's extension names, if any. */
export function formatFromPath(path: string): OutputFormat | undefined {
  const lower = path.toLowerCase();
  return EXTENSIONS.find(([ext]) => lower.endsWith(ext))?.[1];
}

export const MAX_WORKERS = 64;

/** `--workers`: a count, or `auto` (undefined). */
export function parseWorkers(text: string): number | undefined {
  if (text.trim().toLowerCase() === 'auto') return undefined;
  const value = parseWhole(text);
  if (value === undefined || !Number.isInteger(value) || value < 1 || value > MAX_WORKERS) {
    throw usage(`--workers must be "auto" or an integer from 1 to ${MAX_WORKERS}, got ${JSON.stringify(text)}`);
  }
  return value;
}

export function parseChunkSize(text: string): number {
  const value = parseWhole(text);
  if (value === undefined || !Number.isSafeInteger(value) || value < 1 || value > 10_000_000) {
    throw usage(`--chunk-size must be an integer from 1 to 10000000, got ${JSON.stringify(text)}`);
  }
  return value;
}
