/** The hot-path shortcuts must give exactly what the plain algorithms give. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { contingencySimilarity, digitize, evaluateSync, histogramBinEdges, ksComplement } from '../../src/evaluate/index.js';
import { compileExtractor } from '../../src/evaluate/profiler.js';
import { binOf, GridIndex } from '../../src/evaluate/search.js';
import { GridCounts } from '../../src/evaluate/sketch/grid.js';

function lowerBound(grid: Float64Array, v: number): number {
  let lo = 0;
  let hi = grid.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((grid[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

describe('GridIndex and binOf', () => {
  const rng = Rng.fromSeed(21);

  it('lowerBound equals binary search, on skewed and clustered grids', () => {
    for (const make of [
      () => Math.exp(3 * rng.normal()),
      () => rng.int(0, 20),
      () => 1.7e12 + rng.int(0, 1e6) * 60_000,
      () => rng.normal(),
    ]) {
      const grid = Float64Array.from(new Set(Array.from({ length: 3000 }, make))).sort();
      const index = new GridIndex(grid);
      const probes = [
        ...Array.from({ length: 3000 }, make),
        ...grid,
        -Infinity,
        Infinity,
        (grid[0] as number) - 1,
        (grid[grid.length - 1] as number) + 1,
      ];
      for (const v of probes) expect(index.lowerBound(v)).toBe(lowerBound(grid, v));
    }
    expect(new GridIndex(Float64Array.of(5)).lowerBound(5)).toBe(0);
    expect(new GridIndex(Float64Array.of(5)).lowerBound(6)).toBe(1);
  });

  it('binOf equals numpy.digitize over histogram_bin_edges, edges and NaN included', () => {
    for (const values of [[0, 10], [0.1, 0.7], [-3.3, 1e-9], [1.7e12, 1.8e12], [5]]) {
      const edges = histogramBinEdges(values);
      const typed = Float64Array.from(edges);
      const lo = edges[0] as number;
      const hi = edges[edges.length - 1] as number;
      const probes = [...edges, NaN, lo - 1, hi + 1, ...Array.from({ length: 2000 }, () => lo + (hi - lo) * (rng.float() * 1.2 - 0.1))];
      for (const x of probes) expect(binOf(x, typed)).toBe(digitize(x, edges));
    }
  });
});

describe('the streaming contingency tables (precomputed bins) match the array metric', () => {
  it('on values that sit on and next to the bin edges', () => {
    const rng = Rng.fromSeed(8);
    const pick = (): number =>
      rng.bool(0.3) ? rng.int(0, 10) : rng.bool(0.5) ? rng.int(0, 10) + 1e-15 * rng.int(-3, 3) : rng.float() * 11 - 0.5;
    const real = Array.from({ length: 800 }, () => ({ x: rng.bool(0.05) ? null : pick(), c: rng.pick(['a', 'b', 'c']) }));
    const data = Array.from({ length: 3000 }, () => ({ x: rng.bool(0.05) ? null : pick(), c: rng.pick(['a', 'b', 'c', 'd']) }));
    const report = evaluateSync(data, {
      reference: real,
      schema: { type: 'object', properties: { x: { type: ['number', 'null'] }, c: { type: 'string' } } },
    });
    const expected = contingencySimilarity(
      real.map((r) => [r.x, r.c] as const),
      data.map((r) => [r.x, r.c] as const),
      [true, false],
    );
    expect(report.pairs[0]!.score).toBeCloseTo(expected, 14);
    expect(report.columns[0]!.shape!.score).toBeCloseTo(
      ksComplement(
        real.map((r) => r.x),
        data.map((r) => r.x),
      ),
      14,
    );
  });
});

describe('GridCounts', () => {
  it('gives numpy quantiles exactly when every value is on the grid, and interpolates inside gaps', () => {
    const grid = [1, 2, 3, 5];
    // values: 1, 1, 2, 3, 3, 3, 5 → counts at grid points only
    const exact = new GridCounts(grid, [0, 2, 0, 1, 0, 3, 0, 1, 0], 1, 5);
    expect(exact.exact).toBe(true);
    expect(exact.n).toBe(7);
    expect([0.25, 0.5, 0.9].map((p) => exact.quantile(p))).toEqual([1.5, 3, 3.8000000000000007]); // numpy.quantile gives the same bits
    expect(exact.rank(3)).toBe(6);
    expect(exact.rankBelow(3)).toBe(3);
    // two values strictly between 3 and 5, one above 5 (max 9)
    const gaps = new GridCounts(grid, [0, 2, 0, 1, 0, 3, 2, 1, 1], 1, 9);
    expect(gaps.exact).toBe(false);
    expect(gaps.n).toBe(10);
    expect(gaps.rank(4)).toBe(7); // 6 up to 3, half of the gap (3, 5)
    expect(gaps.quantile(1)).toBe(9);
    expect(gaps.histogram([1, 3, 9])).toEqual([3, 7]);
  });
});

describe('compileExtractor', () => {
  it('reads flat keys, dotted flat keys (CSV) and nested paths; names are embedded safely', () => {
    const names = ['a', 'b.c', 'quote"d', 'x.y.z', 'missing'];
    const extract = compileExtractor(names);
    const out: unknown[] = [];
    extract({ a: 1, 'b.c': 'flat', 'quote"d': true, x: { y: { z: null } } }, out);
    expect(out).toEqual([1, 'flat', true, null, undefined]);
    extract({ b: { c: 'nested' }, x: 'not an object' }, out);
    expect(out).toEqual([undefined, 'nested', undefined, undefined, undefined]);
  });
});
