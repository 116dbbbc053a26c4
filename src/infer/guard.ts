/**
 * The copy guard: generated rows never equal a sample row.
 *
 * A model whose columns are all fitted (numbers, dates, categories) can, by chance, draw a row identical to
 * one of the sample, the more so the better it fits a table with few distinct values. `infer` stores a Bloom
 * filter of the sample's rows (as the sampler would write them) and the sampler redraws any row the filter
 * may contain. The filter holds no value, only bits; it answers "maybe in the sample" for 1 row in 20 that is
 * not (so redraws are content-blind and leave the distributions alone) and never misses a sample row.
 * A table with a semantic column (personal data, identifiers, free text) gets no guard: those values are never
 * reproduced, so no generated row can equal a sample row anyway.
 */
import { hashString } from '../core/rng.js';

export interface CopyGuard {
  /** Bloom filter bits, base64. */
  readonly filter: string;
  /** Number of bits and of hash functions. */
  readonly bits: number;
  readonly hashes: number;
  readonly salt: number;
}

/** Target share of non-sample rows the filter flags (and the sampler redraws). */
export const GUARD_FALSE_POSITIVES = 0.05;
/** Samples larger than this get no guard (the filter would pass ~6 bits a row). */
export const GUARD_MAX_ROWS = 1_000_000;

/** One cell as the sampler writes it: numbers, epoch milliseconds, categories, booleans; null when missing. */
export type GuardCell = string | number | boolean | null;

export function rowKey(cells: readonly GuardCell[]): string {
  return JSON.stringify(cells.map((c) => (c === 0 ? 0 : c)));
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = i + 1 < bytes.length ? (bytes[i + 1] as number) : 0;
    const c = i + 2 < bytes.length ? (bytes[i + 2] as number) : 0;
    const n = (a << 16) | (b << 8) | c;
    out += (ALPHABET[(n >> 18) & 63] as string) + (ALPHABET[(n >> 12) & 63] as string);
    out += i + 1 < bytes.length ? (ALPHABET[(n >> 6) & 63] as string) : '=';
    out += i + 2 < bytes.length ? (ALPHABET[n & 63] as string) : '=';
  }
  return out;
}

export function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let j = 0;
  for (const char of clean) {
    const v = ALPHABET.indexOf(char);
    if (v < 0) throw new RangeError('copy guard filter is not base64');
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (value >> bits) & 255;
    }
  }
  return out;
}

function positions(key: string, guard: { bits: number; hashes: number; salt: number }): number[] {
  const h1 = hashString(key, guard.salt);
  const h2 = hashString(key, guard.salt ^ 0x5bd1e995) | 1;
  const out: number[] = [];
  for (let i = 0; i < guard.hashes; i++) out.push((h1 + i * (h2 >>> 0)) % guard.bits);
  return out;
}

export function buildGuard(keys: readonly string[], salt: number): CopyGuard {
  const n = Math.max(1, keys.length);
  const bits = Math.max(64, Math.ceil((-n * Math.log(GUARD_FALSE_POSITIVES)) / (Math.LN2 * Math.LN2)));
  const hashes = Math.max(1, Math.round((bits / n) * Math.LN2));
  const bytes = new Uint8Array(Math.ceil(bits / 8));
  const shape = { bits, hashes, salt };
  for (const key of keys) for (const p of positions(key, shape)) bytes[p >> 3] = (bytes[p >> 3] as number) | (1 << (p & 7));
  return { filter: toBase64(bytes), bits, hashes, salt };
}

/** A test for "maybe a sample row" (false for every row that is not flagged). */
export function guardTester(guard: CopyGuard): (key: string) => boolean {
  const bytes = fromBase64(guard.filter);
  if (bytes.length * 8 < guard.bits) throw new RangeError('copy guard filter is shorter than its bit count');
  return (key) => positions(key, guard).every((p) => ((bytes[p >> 3] as number) & (1 << (p & 7))) !== 0);
}
