/**
 * 52-bit value hashes for the streaming accumulators (distinct counts, HyperLogLog, exact-row matching).
 *
 * A hash is a non-negative integer below 2^52 held in a double, so it can live in a Float64Array and in JSON.
 * Numbers hash their IEEE-754 bits (with -0 folded onto 0), strings their UTF-16 code units; the two use
 * different salts, so the number 1 and the string "1" are different values. The collision probability of two
 * different values is about 2^-52; among a million values the chance of any collision is about 1e-4.
 */
import { mix32 } from '../core/rng.js';

const TWO_POW_32 = 4294967296;
const FLOAT = new Float64Array(1);
const WORDS = new Uint32Array(FLOAT.buffer);

function combine(a: number, b: number): number {
  // 20 bits of `a` above 32 bits of `b`: 52 bits, exact in a double.
  return (a & 0xfffff) * TWO_POW_32 + (b >>> 0);
}

/** Hash of a finite number (`-0` and `0` hash alike): finalizer rounds over the IEEE-754 words, two lanes that each depend on both words. */
export function hashNumber(value: number): number {
  FLOAT[0] = value === 0 ? 0 : value;
  const lo = WORDS[0] as number;
  const hi = WORDS[1] as number;
  const a = mix32(lo ^ mix32(hi ^ 0x3c6ef372));
  const b = mix32(Math.imul(lo, 0x9e3779b1) ^ hi ^ (a >>> 16) ^ 0x7f4a7c15);
  return combine(a, b);
}

/** Hash of a string. */
export function hashText(text: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x2545f491;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  const a = mix32(h1 ^ text.length);
  const b = mix32(h2 + a);
  return combine(a, b);
}

/** Hash of a number or a string key. */
export function hashKey(key: number | string): number {
  return typeof key === 'number' ? hashNumber(key) : hashText(key);
}

/**
 * A row's hash from its cells' hashes (in the given column order): two 32-bit lanes, multiply-xorshift per
 * cell, mixed at the end. Cheap (two multiplications per cell) and order-dependent.
 */
export function rowHashOf(cells: ArrayLike<number>, columns: ArrayLike<number>): number {
  return rowHashStrided(cells, columns, 1, 0);
}

/** rowHashOf over column-major cells: cell c of row r at c · stride + r. */
export function rowHashStrided(cells: ArrayLike<number>, columns: ArrayLike<number>, stride: number, row: number): number {
  let a = 0x2f6b3a1;
  let b = 0x6a09e667;
  for (let i = 0; i < columns.length; i++) {
    const h = cells[(columns[i] as number) * stride + row] as number;
    const lo = h >>> 0;
    const hi = (h / TWO_POW_32) | 0;
    a = Math.imul(a ^ lo, 0x01000193);
    a ^= a >>> 15;
    b = Math.imul(b ^ hi ^ (lo >>> 7), 0x5bd1e995);
    b ^= b >>> 13;
  }
  const x = mix32(a ^ mix32(b + 0x7f4a7c15));
  return combine(x, mix32(b ^ x));
}

/** The hash used for a null cell in a row hash. */
export const NULL_HASH = 0x5f3759df;

/** A uniform number in [0, 1) from (seed, index): the priority of a row in the bottom-k sample. */
export function indexPriority(seed: number, index: number): number {
  const lo = index >>> 0;
  const hi = Math.floor(index / TWO_POW_32) >>> 0;
  const a = mix32(seed ^ mix32(lo + 0x9e3779b9));
  const b = mix32(a ^ mix32(hi ^ 0x6a09e667) ^ seed);
  return ((a >>> 5) * 67108864 + (b >>> 6)) / 9007199254740992;
}
