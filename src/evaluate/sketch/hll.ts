/**
 * HyperLogLog distinct counter (Flajolet et al. 2007) over the 52-bit hashes of hash.ts: 2^14 one-byte
 * registers (16 KiB), relative standard error 1.04/√16384 ≈ 0.81%, linear counting below 2.5·m.
 * Merging is the register-wise maximum, so merge(A, B) is exactly the sketch of A ∪ B.
 */

export const HLL_PRECISION = 14;
const M = 1 << HLL_PRECISION;
const ALPHA = 0.7213 / (1 + 1.079 / M);
const TWO_POW_38 = 2 ** 38;
const INVERSE_TWO_POW_38 = 2 ** -38;

/** 2^-r for every register value (exact doubles: the same sum as computing each power). */
const INVERSE_POWERS = Float64Array.from({ length: 64 }, (_, r) => 2 ** -r);

/** Relative standard error of the estimate. */
export const HLL_RELATIVE_ERROR = 1.04 / Math.sqrt(M);

export class HyperLogLog {
  readonly registers: Uint8Array;

  constructor(registers?: Uint8Array) {
    this.registers = registers ?? new Uint8Array(M);
  }

  /** Adds a 52-bit hash: the top 14 bits pick the register, the leading zeros of the other 38 the rank. */
  addHash(hash: number): void {
    // Multiplying by 2^-38 and 2^-6 is exact, like dividing by their inverses, and cheaper.
    const index = Math.floor(hash * INVERSE_TWO_POW_38);
    const rest = hash - index * TWO_POW_38; // 38 bits
    // leading zeros within 38 bits, +1
    let rank: number;
    if (rest === 0) rank = 39;
    else {
      const high = Math.floor(rest * 0.015625); // top 32 of the 38 bits
      rank = high === 0 ? 33 + Math.clz32(rest & 63) - 26 : Math.clz32(high) + 1;
    }
    if (rank > (this.registers[index] as number)) this.registers[index] = rank;
  }

  merge(other: HyperLogLog): void {
    const a = this.registers;
    const b = other.registers;
    for (let i = 0; i < M; i++) if ((b[i] as number) > (a[i] as number)) a[i] = b[i] as number;
  }

  estimate(): number {
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < M; i++) {
      const r = this.registers[i] as number;
      sum += r < 64 ? (INVERSE_POWERS[r] as number) : 2 ** -r;
      if (r === 0) zeros++;
    }
    const raw = (ALPHA * M * M) / sum;
    if (raw <= 2.5 * M && zeros > 0) return M * Math.log(M / zeros);
    return raw;
  }

  /** Registers as one character each ('0' + value; values are at most 39): 16 KiB of JSON. */
  toJSON(): string {
    let out = '';
    for (let i = 0; i < M; i += 1024) out += String.fromCharCode(...Array.from(this.registers.subarray(i, i + 1024), (r) => 48 + r));
    return out;
  }

  static fromJSON(text: string): HyperLogLog {
    if (text.length !== M) throw new RangeError(`HyperLogLog: expected ${M} registers, got ${text.length}`);
    const registers = new Uint8Array(M);
    for (let i = 0; i < M; i++) registers[i] = text.charCodeAt(i) - 48;
    return new HyperLogLog(registers);
  }
}
