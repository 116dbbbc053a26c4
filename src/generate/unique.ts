/**
 * `x-unique` without memory: row i gets the i-th element of a keyed pseudo-random permutation of the value
 * domain, so no set of seen values is kept and any row range can be generated alone.
 *
 * The permutation is a balanced Feistel network over the smallest even bit width covering the domain, with
 * cycle-walking to stay inside it (values ≥ N are permuted again until they land below N; since the network
 * is a bijection on [0, 2^bits) this terminates and stays a bijection on [0, N)).
 */
import { mix32 } from '../core/rng.js';

const ROUNDS = 4;

export class KeyedPermutation {
  private readonly halfBits: number;
  private readonly halfMask: number;
  private readonly halfSize: number;

  constructor(
    readonly size: number,
    private readonly key: number,
  ) {
    if (!Number.isSafeInteger(size) || size < 1) throw new RangeError('permutation size must be a positive safe integer');
    let bits = Math.max(2, Math.ceil(Math.log2(size)));
    if (bits % 2 === 1) bits++;
    this.halfBits = bits / 2;
    this.halfSize = Math.pow(2, this.halfBits);
    this.halfMask = this.halfBits >= 32 ? 0xffffffff : this.halfSize - 1;
  }

  private round(value: number, index: number): number {
    const mixed = mix32(mix32(value ^ this.key) + Math.imul(index + 1, 0x9e3779b9));
    return this.halfBits >= 32 ? mixed : mixed & this.halfMask;
  }

  private once(x: number): number {
    let left = Math.floor(x / this.halfSize);
    let right = x % this.halfSize;
    for (let r = 0; r < ROUNDS; r++) {
      const next = (left ^ this.round(right, r)) >>> 0;
      left = right;
      right = this.halfBits >= 32 ? next : next & this.halfMask;
    }
    return left * this.halfSize + right;
  }

  /** The image of `index` (0 ≤ index < size). */
  apply(index: number): number {
    if (index < 0 || index >= this.size) throw new RangeError(`index ${index} outside permutation domain of ${this.size}`);
    let x = this.once(index);
    while (x >= this.size) x = this.once(x);
    return x;
  }
}
