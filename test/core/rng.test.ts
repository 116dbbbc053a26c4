import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';

describe('Rng', () => {
  it('is a pure function of seed and fork path', () => {
    const a = Rng.fromSeed(1).forkIndex(42).fork('name');
    const b = Rng.fromSeed(1).forkIndex(42).fork('name');
    expect([a.nextU32(), a.nextU32(), a.float()]).toEqual([b.nextU32(), b.nextU32(), b.float()]);
  });
  it('int stays in range and is roughly uniform', () => {
    const rng = Rng.fromSeed('x');
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40000; i++) counts[rng.int(0, 3)]!++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(500);
  });
});
