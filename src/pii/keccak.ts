/**
 * Keccak-256 (the original Keccak padding 0x01 that Ethereum uses, not NIST SHA3-256's 0x06), for EIP-55
 * address checksums. node:crypto has only SHA3, hence this small implementation: 64-bit lanes as pairs of
 * uint32 (lo, hi), the standard 24-round Keccak-f[1600] permutation. Only mixed-case `0x…` candidates reach
 * it, so clarity wins over speed.
 */

const ROUND_CONSTANTS: readonly (readonly [number, number])[] = [
  [0x00000001, 0x00000000],
  [0x00008082, 0x00000000],
  [0x0000808a, 0x80000000],
  [0x80008000, 0x80000000],
  [0x0000808b, 0x00000000],
  [0x80000001, 0x00000000],
  [0x80008081, 0x80000000],
  [0x00008009, 0x80000000],
  [0x0000008a, 0x00000000],
  [0x00000088, 0x00000000],
  [0x80008009, 0x00000000],
  [0x8000000a, 0x00000000],
  [0x8000808b, 0x00000000],
  [0x0000008b, 0x80000000],
  [0x00008089, 0x80000000],
  [0x00008003, 0x80000000],
  [0x00008002, 0x80000000],
  [0x00000080, 0x80000000],
  [0x0000800a, 0x00000000],
  [0x8000000a, 0x80000000],
  [0x80008081, 0x80000000],
  [0x00008080, 0x80000000],
  [0x80000001, 0x00000000],
  [0x80008008, 0x80000000],
];

/** Rotation offsets r[x + 5y]. */
const ROTATIONS: readonly number[] = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14];

function rotl(lo: number, hi: number, n: number): [number, number] {
  if (n === 0) return [lo, hi];
  if (n >= 32) {
    [lo, hi] = [hi, lo];
    n -= 32;
    if (n === 0) return [lo >>> 0, hi >>> 0];
  }
  return [((lo << n) | (hi >>> (32 - n))) >>> 0, ((hi << n) | (lo >>> (32 - n))) >>> 0];
}

function keccakF(lo: Uint32Array, hi: Uint32Array): void {
  const cLo = new Uint32Array(5);
  const cHi = new Uint32Array(5);
  const bLo = new Uint32Array(25);
  const bHi = new Uint32Array(25);
  for (const [rcLo, rcHi] of ROUND_CONSTANTS) {
    // θ
    for (let x = 0; x < 5; x++) {
      cLo[x] = (lo[x] as number) ^ (lo[x + 5] as number) ^ (lo[x + 10] as number) ^ (lo[x + 15] as number) ^ (lo[x + 20] as number);
      cHi[x] = (hi[x] as number) ^ (hi[x + 5] as number) ^ (hi[x + 10] as number) ^ (hi[x + 15] as number) ^ (hi[x + 20] as number);
    }
    for (let x = 0; x < 5; x++) {
      const [rLo, rHi] = rotl(cLo[(x + 1) % 5] as number, cHi[(x + 1) % 5] as number, 1);
      const dLo = (cLo[(x + 4) % 5] as number) ^ rLo;
      const dHi = (cHi[(x + 4) % 5] as number) ^ rHi;
      for (let y = 0; y < 25; y += 5) {
        lo[x + y] = (lo[x + y] as number) ^ dLo;
        hi[x + y] = (hi[x + y] as number) ^ dHi;
      }
    }
    // ρ and π: B[y, 2x + 3y] = rot(A[x, y], r[x, y])
    for (let x = 0; x < 5; x++) {
      for (let y = 0; y < 5; y++) {
        const i = x + 5 * y;
        const [rLo, rHi] = rotl(lo[i] as number, hi[i] as number, ROTATIONS[i] as number);
        const j = y + 5 * ((2 * x + 3 * y) % 5);
        bLo[j] = rLo;
        bHi[j] = rHi;
      }
    }
    // χ
    for (let y = 0; y < 25; y += 5) {
      for (let x = 0; x < 5; x++) {
        lo[x + y] = (bLo[x + y] as number) ^ (~(bLo[((x + 1) % 5) + y] as number) & (bLo[((x + 2) % 5) + y] as number));
        hi[x + y] = (bHi[x + y] as number) ^ (~(bHi[((x + 1) % 5) + y] as number) & (bHi[((x + 2) % 5) + y] as number));
      }
    }
    // ι
    lo[0] = (lo[0] as number) ^ rcLo;
    hi[0] = (hi[0] as number) ^ rcHi;
  }
}

/** Keccak-256 of bytes, as 64 lowercase hex digits. */
export function keccak256Hex(input: Uint8Array): string {
  const rate = 136;
  const padded = new Uint8Array(Math.ceil((input.length + 1) / rate) * rate);
  padded.set(input);
  padded[input.length] = (padded[input.length] as number) ^ 0x01;
  padded[padded.length - 1] = (padded[padded.length - 1] as number) ^ 0x80;
  const lo = new Uint32Array(25);
  const hi = new Uint32Array(25);
  for (let block = 0; block < padded.length; block += rate) {
    for (let lane = 0; lane < rate / 8; lane++) {
      const o = block + lane * 8;
      lo[lane] =
        (lo[lane] as number) ^
        ((padded[o] as number) | ((padded[o + 1] as number) << 8) | ((padded[o + 2] as number) << 16) | ((padded[o + 3] as number) << 24));
      hi[lane] =
        (hi[lane] as number) ^
        ((padded[o + 4] as number) |
          ((padded[o + 5] as number) << 8) |
          ((padded[o + 6] as number) << 16) |
          ((padded[o + 7] as number) << 24));
    }
    keccakF(lo, hi);
  }
  let out = '';
  for (let lane = 0; lane < 4; lane++) {
    for (const word of [lo[lane] as number, hi[lane] as number]) {
      for (let b = 0; b < 4; b++) out += ((word >>> (8 * b)) & 0xff).toString(16).padStart(2, '0');
    }
  }
  return out;
}
