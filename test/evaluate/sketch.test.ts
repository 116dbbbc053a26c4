/** The streaming accumulators: accuracy bounds, exactness where promised, merges, JSON round trips. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import {
  CategoryCounter,
  DistinctCounter,
  HLL_RELATIVE_ERROR,
  HyperLogLog,
  KllSketch,
  Moments,
  RowSample,
} from '../../src/evaluate/index.js';
import { hashNumber, hashText, indexPriority } from '../../src/evaluate/hash.js';
import { addCoMoment, CO_SLOTS, mergeCoMoments, pearsonOf } from '../../src/evaluate/sketch/moments.js';
import { pearson } from '../../src/evaluate/sdmetrics.js';

/** Largest |estimated rank − true rank| / n over 500 probe points spread over the data. */
function maxRankError(values: Float64Array, sketch: KllSketch): number {
  const sorted = Float64Array.from(values).sort();
  let worst = 0;
  for (let i = 1; i < 500; i++) {
    const x = sorted[Math.floor((i / 500) * sorted.length)] as number;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] as number) <= x) lo = mid + 1;
      else hi = mid;
    }
    worst = Math.max(worst, Math.abs(sketch.rank(x) - lo) / sorted.length);
  }
  return worst;
}

function numpyQuantile(sorted: Float64Array, p: number): number {
  const h = p * (sorted.length - 1);
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(sorted.length - 1, lo + 1)] as number;
  const t = h - lo;
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

describe('KLL quantile sketch (k = 200)', () => {
  const rng = Rng.fromSeed(7);
  const distributions: Array<[string, () => number]> = [
    ['normal', () => rng.normal()],
    ['lognormal', () => Math.exp(2 * rng.normal())],
    ['small integers', () => rng.int(0, 50)],
  ];

  it('is exact below k values: numpy quantiles bit for bit', () => {
    const values = Float64Array.from({ length: 150 }, () => rng.normal());
    const sketch = new KllSketch(200);
    for (const v of values) sketch.add(v);
    expect(sketch.exact).toBe(true);
    const sorted = Float64Array.from(values).sort();
    for (const p of [0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1]) expect(sketch.quantile(p)).toBe(numpyQuantile(sorted, p));
    expect(maxRankError(values, sketch)).toBe(0);
  });

  for (const [name, draw] of distributions) {
    for (const order of ['random', 'sorted'] as const) {
      it(`keeps the rank error below 1% of n: 200,000 ${name} values, ${order} order, single and 16-way merged`, () => {
        const values = Float64Array.from({ length: 200_000 }, draw);
        if (order === 'sorted') values.sort();
        const single = new KllSketch(200, 1);
        for (const v of values) single.add(v);
        expect(single.n).toBe(values.length);
        expect(maxRankError(values, single)).toBeLessThan(0.01);
        const parts = Array.from({ length: 16 }, (_, i) => {
          const part = new KllSketch(200, 100 + i);
          for (let j = i; j < values.length; j += 16) part.add(values[j] as number);
          return part;
        });
        const merged = parts[0] as KllSketch;
        for (const part of parts.slice(1)) merged.merge(part);
        expect(merged.n).toBe(values.length);
        expect(maxRankError(values, merged)).toBeLessThan(0.01);
        const sorted = Float64Array.from(values).sort();
        expect(merged.min).toBe(sorted[0]);
        expect(merged.max).toBe(sorted[sorted.length - 1]);
        // Bounded memory: a few hundred items, whatever n.
        expect((merged.toJSON().levels.flat() as number[]).length).toBeLessThan(1000);
      });
    }
  }

  it('round-trips through JSON and is deterministic', () => {
    const make = (): KllSketch => {
      const s = new KllSketch(64, 9);
      for (let i = 0; i < 10_000; i++) s.add((i * 7919) % 1000);
      return s;
    };
    const a = make();
    expect(make().toJSON()).toEqual(a.toJSON());
    const b = KllSketch.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(b.toJSON()).toEqual(a.toJSON());
    expect(b.quantile(0.5)).toBe(a.quantile(0.5));
    b.add(5);
    a.add(5);
    expect(b.toJSON()).toEqual(a.toJSON());
  });

  it('estimates histograms from ranks', () => {
    const s = new KllSketch(200);
    for (let i = 0; i < 100; i++) s.add(i);
    expect(s.histogram([0, 50, 99])).toEqual([50, 50]);
  });
});

describe('HyperLogLog and the distinct counter', () => {
  it('estimates within 3 standard errors (0.81% each)', () => {
    for (const n of [1_000, 50_000, 500_000]) {
      const hll = new HyperLogLog();
      for (let i = 0; i < n; i++) hll.addHash(hashNumber(i * 1.5));
      expect(Math.abs(hll.estimate() / n - 1)).toBeLessThan(3 * HLL_RELATIVE_ERROR);
    }
  });

  it('counts exactly up to its cap, then switches to HyperLogLog; merges are unions', () => {
    const a = new DistinctCounter(1000);
    const b = new DistinctCounter(1000);
    for (let i = 0; i < 600; i++) a.addHash(hashText(`v${i}`));
    for (let i = 300; i < 900; i++) b.addHash(hashText(`v${i}`));
    expect(a.estimate()).toEqual({ value: 600, exact: true, relativeError: 0 });
    const union = DistinctCounter.fromJSON(a.toJSON());
    union.merge(b);
    expect(union.estimate()).toEqual({ value: 900, exact: true, relativeError: 0 });
    for (let i = 900; i < 5000; i++) union.addHash(hashText(`v${i}`));
    const estimate = union.estimate();
    expect(estimate.exact).toBe(false);
    expect(Math.abs(estimate.value / 5000 - 1)).toBeLessThan(3 * HLL_RELATIVE_ERROR);
    expect(DistinctCounter.fromJSON(JSON.parse(JSON.stringify(union.toJSON()))).estimate()).toEqual(estimate);
  });

  it('hashes numbers and strings apart, and -0 with 0', () => {
    expect(hashNumber(0)).toBe(hashNumber(-0));
    expect(hashNumber(1)).not.toBe(hashText('1'));
    expect(hashNumber(1)).toBeLessThan(2 ** 52);
  });
});

describe('category counts', () => {
  it('counts known categories exactly and others up to the cap, then prunes with a stated error bound', () => {
    const c = new CategoryCounter(4, ['a', 'b']);
    for (const key of ['a', 'a', 'b', 'x', 'y', 'x']) c.add(key);
    expect(c.count('a')).toBe(2);
    expect(c.count('x')).toBe(2);
    expect(c.distinct()).toEqual({ value: 4, exact: true, relativeError: 0 });
    expect(c.top(2)).toEqual({
      top: [
        { value: 'a', count: 2 },
        { value: 'x', count: 2 },
      ],
      other: 2,
    });
    for (const key of ['p', 'q', 'r', 's']) c.add(key);
    expect(c.approximate).toBe(true);
    expect(c.total).toBe(10);
    expect(c.count('a')).toBe(2); // known categories stay exact
    expect(c.otherTotal).toBe(7);
    expect(c.pruneFloor).toBe(1);
    const d = CategoryCounter.fromJSON(JSON.parse(JSON.stringify(c.toJSON())));
    expect(d.toJSON()).toEqual(c.toJSON());
  });

  it('merges', () => {
    const a = new CategoryCounter(100, ['a']);
    const b = new CategoryCounter(100, ['a']);
    ['a', 'x', 'x'].forEach((k) => a.add(k));
    ['a', 'y', 'x'].forEach((k) => b.add(k));
    a.merge(b);
    expect(a.top(10).top).toEqual([
      { value: 'x', count: 3 },
      { value: 'a', count: 2 },
      { value: 'y', count: 1 },
    ]);
    expect(() => a.merge(new CategoryCounter(100, ['b']))).toThrow(/different categories/);
  });

  it('top(k) is the first k of every value sorted by count, then value', () => {
    const rng = Rng.fromSeed(17);
    for (let trial = 0; trial < 200; trial++) {
      const known = Array.from({ length: rng.int(0, 6) }, (_, i) => `k${i}`);
      const c = new CategoryCounter(1000, known);
      const n = rng.int(0, 300);
      for (let i = 0; i < n; i++)
        c.add(rng.bool(0.3) && known.length > 0 ? `k${rng.int(0, known.length - 1)}` : `v${rng.int(0, rng.int(1, 60))}`);
      const all = [...known.map((value) => ({ value, count: c.count(value) })).filter((e) => e.count > 0), ...c.otherEntries()].map((e) =>
        Array.isArray(e) ? { value: e[0], count: e[1] } : e,
      );
      all.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
      for (const k of [1, 2, 5, 20, 1000]) {
        const top = all.slice(0, k);
        expect(c.top(k)).toEqual({ top, other: c.total - top.reduce((sum, e) => sum + e.count, 0) });
      }
    }
  });
});

describe('moments', () => {
  it('Welford moments merge to the single-pass result', () => {
    const rng = Rng.fromSeed(3);
    const values = Array.from({ length: 10_001 }, () => 1e12 + rng.normal() * 1e6);
    const all = new Moments();
    values.forEach((v) => all.add(v));
    const left = new Moments();
    const right = new Moments();
    values.forEach((v, i) => (i < 3000 ? left : right).add(v));
    left.merge(right);
    expect(left.n).toBe(all.n);
    expect(left.mean / all.mean).toBeCloseTo(1, 14);
    expect(left.sd / all.sd).toBeCloseTo(1, 9);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
    expect(all.sd / Math.sqrt(variance)).toBeCloseTo(1, 9);
  });

  it('co-moments (shifted sums) give Pearson r to full precision, merged or not, even at datetime magnitudes', () => {
    const rng = Rng.fromSeed(4);
    const xs = Array.from({ length: 5000 }, () => 1.7e12 + rng.normal() * 3e10);
    const ys = xs.map((x) => 0.5 * (x - 1.7e12) + rng.normal() * 2e10);
    const store = new Float64Array(CO_SLOTS);
    xs.forEach((x, i) => addCoMoment(store, 0, x - (xs[0] as number), (ys[i] as number) - (ys[0] as number)));
    expect(pearsonOf(store, 0)).toBeCloseTo(pearson(xs, ys), 12);
    const a = new Float64Array(CO_SLOTS);
    const b = new Float64Array(CO_SLOTS);
    xs.forEach((x, i) => {
      if (i < 2000) addCoMoment(a, 0, x - (xs[0] as number), (ys[i] as number) - (ys[0] as number));
      else addCoMoment(b, 0, x - (xs[2000] as number), (ys[i] as number) - (ys[2000] as number));
    });
    mergeCoMoments(
      a,
      Float64Array.of(xs[0] as number, ys[0] as number),
      b,
      Float64Array.of(xs[2000] as number, ys[2000] as number),
      [0],
      [1],
    );
    expect(pearsonOf(a, 0)).toBeCloseTo(pearson(xs, ys), 12);
    expect(a[0]).toBe(5000);
  });
});

describe('row sample (bottom-k by index priority)', () => {
  it('merging the samples of row ranges gives exactly the single-pass sample', () => {
    const whole = new RowSample(50);
    const parts = [new RowSample(50), new RowSample(50), new RowSample(50)];
    for (let i = 0; i < 3000; i++) {
      const p = indexPriority(11, i);
      whole.offer(p, i, [i]);
      (parts[Math.floor(i / 1000)] as RowSample).offer(p, i, [i]);
    }
    const merged = parts[2] as RowSample;
    merged.merge(parts[0] as RowSample);
    merged.merge(parts[1] as RowSample);
    expect(merged.rows()).toEqual(whole.rows());
    expect(RowSample.fromJSON(JSON.parse(JSON.stringify(whole.toJSON()))).rows()).toEqual(whole.rows());
  });

  it('is uniform: each decile of the rows gets about a tenth of the sample', () => {
    const s = new RowSample(2000);
    for (let i = 0; i < 100_000; i++) s.offer(indexPriority(0, i), i, []);
    const deciles = new Array<number>(10).fill(0);
    for (const row of s.rows()) deciles[Math.floor(row.index / 10_000)]!++;
    for (const count of deciles) expect(Math.abs(count - 200)).toBeLessThan(60);
  });
});
