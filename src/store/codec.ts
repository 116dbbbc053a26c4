/** Small conversions every repository shares: ids, timestamps, JSON columns and pagination cursors. */
import { randomBytes } from 'node:crypto';
import { SdgError, type JsonValue } from '../core/index.js';
import type { IsoTimestamp } from './types.js';

/**
 * `run_`, `sch_`… followed by 20 random base32 characters (100 bits): unguessable, URL-safe without
 * escaping, and the prefix tells a reader which table an id belongs to.
 */
export function newId(prefix: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = randomBytes(20);
  let id = `${prefix}_`;
  for (const byte of bytes) id += alphabet[byte & 31];
  return id;
}

export function now(): IsoTimestamp {
  return new Date().toISOString();
}

/**
 * Accepts anything `Date` parses and returns the stored form, so a filter given as `2025-01-31` or with an
 * offset still compares correctly against the fixed-width UTC text in the tables.
 */
export function toIsoTimestamp(value: string | Date, pointer: string): IsoTimestamp {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new SdgError('SDG_ERR_BAD_OPTION', `not a date or time: ${JSON.stringify(String(value))}`, {
      pointer,
      hint: 'use ISO 8601, e.g. 2025-01-31 or 2025-01-31T12:00:00Z',
    });
  }
  return date.toISOString();
}

export function encodeJson(value: unknown): string {
  return JSON.stringify(value);
}

export function decodeJson<T = JsonValue>(text: string): T;
export function decodeJson<T = JsonValue>(text: string | null): T | null;
export function decodeJson<T = JsonValue>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

export interface PageRequest {
  /** Rows per page (default 50, at most 500). */
  readonly limit?: number;
}

export interface Page<T> {
  readonly items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
  /** Rows matching the filters, across all pages. */
  readonly total: number;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new SdgError('SDG_ERR_BAD_OPTION', `limit must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${limit}`, { pointer: '/limit' });
  }
  return limit;
}

export function pageOffset(offset: number | undefined): number {
  if (offset === undefined) return 0;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new SdgError('SDG_ERR_BAD_OPTION', `offset must be a non-negative integer, got ${offset}`, { pointer: '/offset' });
  }
  return offset;
}

export interface OffsetPageRequest extends PageRequest {
  /** Rows to skip; or pass the previous page's `nextCursor` as `cursor`. */
  readonly offset?: number;
  readonly cursor?: string;
}

/** Small lists (schemas, templates, keys) page by offset; the cursor then just carries the next offset. */
export function offsetWindow(query: OffsetPageRequest): { limit: number; offset: number } {
  const limit = pageSize(query.limit);
  if (query.cursor === undefined) return { limit, offset: pageOffset(query.offset) };
  const [kind, offset] = decodeCursor(query.cursor, 2);
  if (kind !== 'offset' || typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) {
    throw new SdgError('SDG_ERR_BAD_OPTION', 'invalid pagination cursor', { pointer: '/cursor' });
  }
  return { limit, offset };
}

export function offsetPage<T>(items: T[], offset: number, total: number): Page<T> {
  const next = offset + items.length;
  return { items, nextCursor: items.length > 0 && next < total ? encodeCursor(['offset', next]) : null, total };
}

/** A case-insensitive LIKE pattern matching `text` anywhere, with LIKE's wildcards escaped (use `escape '\\'`). */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
}

/** Cursors are opaque to clients: base64url of JSON, carrying the sort they were made for. */
export function encodeCursor(parts: readonly JsonValue[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string, expectedLength: number): JsonValue[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = undefined;
  }
  if (!Array.isArray(parts) || parts.length !== expectedLength) {
    throw new SdgError('SDG_ERR_BAD_OPTION', 'invalid pagination cursor', {
      pointer: '/cursor',
      hint: 'pass the nextCursor of the previous page unchanged, with the same sort',
    });
  }
  return parts as JsonValue[];
}
