/**
 * Counter-based random numbers.
 *
 * Every value SynthDataGen generates is a pure function of (seed, row index, field path, draw number):
 * a stream is identified by a 64-bit key (two uint32 halves) and the n-th draw of that stream is a hash of
 * (key, n). Nothing is shared or mutated between rows, so any row range can be generated alone, by any
 * worker, in any order, and the bytes come out the same. Child streams (`fork`) derive a new key from the
 * parent key and a tag (a property name, an array index, a retry number), never from draws already made.
 *
 * The mixer is a 32-bit integer hash with good avalanche (Chris Wellons' hash-prospector "lowbias32"
 * family), applied in two rounds over both key halves; `Math.imul` keeps it in fast int32 arithmetic.
 */

const GOLDEN = 0x9e3779b9;
const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/** 32-bit finalizer with low bias (hash-prospector). */
export function mix32(input: number): number {
  let x = input | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x21f0aaad);
  x ^= x >>> 15;
  x = Math.imul(x, 0x735a2d97);
  x ^= x >>> 15;
  return x >>> 0;
}

/** FNV-1a over UTF-16 code units, then mixed: a stable 32-bit hash of a string tag. */
export function hashString(text: string, salt = 0): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** Turns a user seed (number or string) into a stream key. */
export function seedKey(seed: number | string): [number, number] {
  if (typeof seed === 'string') return [hashString(seed, 1), hashString(seed, 2)];
  if (!Number.isFinite(seed)) throw new RangeError('seed must be a finite number or a string');
  const lo = seed >>> 0;
  const hi = Math.floor(Math.abs(seed) / TWO_POW_32) >>> 0;
  const sign = seed < 0 ? 0x5bd1e995 : 0;
  return [mix32(lo ^ 0x6a09e667), mix32((hi ^ sign) + GOLDEN)];
}

/**
 * One random stream. Draws advance a private counter; `fork` derives independent child streams
 * whose keys depend only on this stream's key and the tag, not on how many draws were taken.
 */
export class Rng {
  private counter = 0;

  constructor(
    readonly k0: number,
    readonly k1: number,
  ) {}

  static fromSeed(seed: number | string): Rng {
    const [k0, k1] = seedKey(seed);
    return new Rng(k0, k1);
  }

  /** Child stream for an integer tag (row index, array index, attempt number). */
  forkIndex(index: number): Rng {
    const lo = index >>> 0;
    const hi = Math.floor(index / TWO_POW_32) >>> 0;
    const a = mix32(this.k0 ^ mix32(lo + GOLDEN));
    const b = mix32(this.k1 ^ mix32(hi ^ a));
    return new Rng(mix32(a + b), b);
  }

  /** Child stream for a string tag (property name, generator name). */
  fork(tag: string): Rng {
    return this.forkHash(hashString(tag));
  }

  /** Child stream for a precomputed tag hash (hot paths hash their static tags once). */
  forkHash(tagHash: number): Rng {
    const a = mix32(this.k0 ^ tagHash);
    const b = mix32(this.k1 + Math.imul(tagHash ^ 0x85ebca6b, GOLDEN));
    return new Rng(mix32(a ^ (b >>> 7)), b);
  }

  /** Next uniform uint32. */
  nextU32(): number {
    const c = this.counter++;
    const x = mix32(this.k0 ^ mix32(Math.imul(c, GOLDEN) + this.k1));
    return mix32(x + this.k1);
  }

  /** Uniform float in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / TWO_POW_53;
  }

  /** Uniform integer in [min, max] (inclusive); exact for any safe-integer range. */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`int(): max ${max} < min ${min}`);
    const span = max - min + 1;
    if (span <= TWO_POW_32) {
      // Lemire's multiply-shift would need 64-bit products; rejection on the top keeps it unbiased.
      const limit = TWO_POW_32 - (TWO_POW_32 % span);
      let x = this.nextU32();
      while (x >= limit) x = this.nextU32();
      return min + (x % span);
    }
    const r = Math.floor(this.float() * span);
    return Math.min(max, min + r);
  }

  /** Index in [0, length). */
  below(length: number): number {
    return this.int(0, length - 1);
  }

  bool(probability = 0.5): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick(): empty list');
    return items[this.below(items.length)] as T;
  }

  /** Picks an index with probability proportional to weights (non-negative, not all zero). */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] as number;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Standard normal deviate (Box–Muller; one draw per call keeps streams simple). */
  normal(): number {
    let u = this.float();
    while (u === 0) u = this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Fisher–Yates shuffle of a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const t = out[i] as T;
      out[i] = out[j] as T;
      out[j] = t;
    }
    return out;
  }
}
