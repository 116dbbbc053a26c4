import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { bivariateNormalCdf, cholesky, infer, normalCdf, repairCorrelation } from '../../src/infer/index.js';
import { symmetricEigen } from '../../src/infer/stats.js';
import { rowsOf } from './helpers/fixtures.js';
import { digitize, histogramEdges, ksStatistic, qualityScore, tvComplement } from './helpers/quality.js';

describe('bivariate normal CDF', () => {
  it('matches the closed form at the origin, for every correlation', () => {
    for (const rho of [-0.9999, -0.95, -0.5, 0, 0.3, 0.9, 0.93, 0.99, 0.9999]) {
      expect(bivariateNormalCdf(0, 0, rho)).toBeCloseTo(0.25 + Math.asin(rho) / (2 * Math.PI), 6);
    }
  });

  it('matches numerical integration elsewhere', () => {
    const brute = (h: number, k: number, r: number): number => {
      let sum = 0;
      const steps = 20000;
      const lo = -9;
      const dx = (h - lo) / steps;
      for (let i = 0; i < steps; i++) {
        const x = lo + (i + 0.5) * dx;
        sum += (Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI)) * normalCdf((k - r * x) / Math.sqrt(1 - r * r)) * dx;
      }
      return sum;
    };
    for (const [h, k, r] of [
      [0.5, -1, 0.3],
      [1.2, 0.7, 0.95],
      [-0.3, -0.4, 0.99],
      [2, -2, -0.97],
      [-1, 0.5, -0.5],
    ] as const) {
      expect(bivariateNormalCdf(h, k, r)).toBeCloseTo(brute(h, k, r), 5);
    }
  });

  it('handles infinite limits', () => {
    expect(bivariateNormalCdf(-Infinity, 1, 0.5)).toBe(0);
    expect(bivariateNormalCdf(Infinity, Infinity, 0.5)).toBe(1);
    expect(bivariateNormalCdf(Infinity, 0, 0.5)).toBeCloseTo(0.5, 6);
    expect(bivariateNormalCdf(0, Infinity, 0.5)).toBeCloseTo(0.5, 6);
  });
});

describe('correlation matrices', () => {
  it('leaves a positive definite matrix alone and repairs one that is not', () => {
    const good = [
      [1, 0.5],
      [0.5, 1],
    ];
    expect(repairCorrelation(good)).toEqual(good);
    const bad = [
      [1, 0.9, 0.9],
      [0.9, 1, -0.9],
      [0.9, -0.9, 1],
    ];
    expect(cholesky(bad)).toBeUndefined();
    const fixed = repairCorrelation(bad);
    expect(cholesky(fixed)).toBeDefined();
    for (let i = 0; i < 3; i++) expect(fixed[i]![i]).toBe(1);
    expect(Math.sign(fixed[0]![1]!)).toBe(1);
    expect(
      repairCorrelation([
        [1, NaN],
        [NaN, 1],
      ]),
    ).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it('eigen-decomposes symmetric matrices', () => {
    const { values } = symmetricEigen([
      [2, 1],
      [1, 2],
    ]);
    expect(values.slice().sort()).toEqual([expect.closeTo(1, 9), expect.closeTo(3, 9)]);
  });
});

describe('the copula reproduces discrete dependence', () => {
  it('a 2×2 table of two booleans comes back (latent correlation solved, not the attenuated one)', () => {
    const rng = Rng.fromSeed('2x2');
    const rows = Array.from({ length: 4000 }, () => {
      const a = rng.float() < 0.3;
      return { a, b: a ? rng.float() < 0.8 : rng.float() < 0.1 };
    });
    const share = (rs: ReadonlyArray<Record<string, unknown>>, a: boolean, b: boolean): number =>
      rs.filter((r) => r.a === a && r.b === b).length / rs.length;
    const { schema } = infer(rows);
    const generated = rowsOf(schema, 20000, 3);
    for (const a of [true, false])
      for (const b of [true, false]) expect(Math.abs(share(generated, a, b) - share(rows, a, b)), `${a} ${b}`).toBeLessThan(0.012);
  });

  it('a categorical tied to a number keeps its conditional means in order', () => {
    const rng = Rng.fromSeed('ordered');
    const rows = Array.from({ length: 3000 }, () => {
      const size = ['small', 'medium', 'large'][rng.below(3)] as string;
      const weight = { small: 10, medium: 30, large: 20 }[size]! + rng.normal() * 3;
      return { size, weight: Math.round(weight * 10) / 10 };
    });
    const { schema, model } = infer(rows, { mixture: false });
    // medium is the heaviest: the copula order follows weight, not frequency or the alphabet.
    const sizes = model.components[0]!.columns[0]!;
    expect(sizes.generator === 'marginal' && sizes.type === 'categorical' ? sizes.values : []).toEqual(['small', 'large', 'medium']);
    const generated = rowsOf(schema, 6000, 5);
    const avg = (size: string): number => {
      const ws = generated.filter((r) => r.size === size).map((r) => r.weight as number);
      return ws.reduce((a, b) => a + b, 0) / ws.length;
    };
    expect(avg('small')).toBeLessThan(avg('large'));
    expect(avg('large')).toBeLessThan(avg('medium'));
  });
});

describe('the quality scorer (hand-computed values)', () => {
  it('KS statistic and TV complement', () => {
    expect(ksStatistic([1, 2, 3, 4], [1, 2, 3, 4])).toBe(0);
    expect(ksStatistic([1, 2, 3, 4], [3, 4, 5, 6])).toBe(0.5);
    expect(ksStatistic([1, 1, 2], [1, 2, 2])).toBeCloseTo(1 / 3, 12);
    expect(tvComplement(['a', 'a', 'b', null], ['a', 'b', 'b', 'b'])).toBeCloseTo(
      1 - (Math.abs(2 / 3 - 1 / 4) + Math.abs(1 / 3 - 3 / 4)) / 2,
      12,
    );
  });

  it('numpy-style bin edges and digitize', () => {
    expect(histogramEdges([0, 10])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(histogramEdges([5, 5])).toEqual(Array.from({ length: 11 }, (_, i) => 4.5 + i / 10));
    expect(digitize([-1, 0, 0.5, 9.99, 10, 11, null], histogramEdges([0, 10]))).toEqual([0, 1, 1, 10, 11, 11, 11]);
  });

  it('pair metrics and the overall score', () => {
    const result = qualityScore([
      { name: 'x', sdtype: 'numerical', real: [1, 2, 3, 4], synthetic: [1, 2, 3, 4] },
      { name: 'y', sdtype: 'numerical', real: [2, 4, 6, 8], synthetic: [8, 6, 4, 2] },
      { name: 'c', sdtype: 'categorical', real: ['a', 'a', 'b', 'b'], synthetic: ['a', 'b', 'a', 'b'] },
    ]);
    expect(result.columnScores).toEqual({ x: 1, y: 1, c: 1 });
    const pair = (a: string, b: string): number => result.pairScores.find((p) => p.a === a && p.b === b)!.score;
    expect(pair('x', 'y')).toBeCloseTo(0, 12); // ρ 1 against −1
    // x binned over [1, 4]: bins 1, 4, 7, 11; joint with c: real {1a, 4a, 7b, 11b}, synthetic {1a, 4b, 7a, 11b}.
    expect(pair('x', 'c')).toBeCloseTo(0.5, 12);
    expect(result.shapes).toBe(1);
    expect(result.quality).toBeCloseTo((1 + (0 + 0.5 + pair('y', 'c')) / 3) / 2, 12);
  });

  it('a constant pair is skipped, as SDMetrics does', () => {
    const result = qualityScore([
      { name: 'x', sdtype: 'numerical', real: [1, 1, 1], synthetic: [1, 2, 3] },
      { name: 'y', sdtype: 'numerical', real: [1, 2, 3], synthetic: [1, 2, 3] },
    ]);
    expect(result.pairScores).toEqual([]);
    expect(result.quality).toBe(result.shapes);
  });
});
