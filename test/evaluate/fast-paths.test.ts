/**
 * The evaluator's fast paths against their plain definitions: ranks by runs instead of two binary searches,
 * ISO dates by hand with a month table, distinct counts that mark reference-grid values instead of hashing
 * them, pairwise Spearman ranked from shared runs. Each must give the very same numbers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { averageRanks, buildPlan, createProfiler, evaluateProfile, evaluateSync, parseDateMs, Profiler } from '../../src/evaluate/index.js';
import { hashNumber } from '../../src/evaluate/hash.js';
import { pearson } from '../../src/evaluate/sdmetrics.js';

/** scipy.stats.rankdata(method='average') by definition: sort, then count the values below and equal. */
function ranksByDefinition(values: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  return values.map((v) => {
    let below = 0;
    let equal = 0;
    for (const s of sorted) {
      if (s < v) below++;
      else if (s === v) equal++;
    }
    return v === v ? (2 * below + equal + 1) / 2 : 0.5;
  });
}

describe('averageRanks', () => {
  it('equals the definition on ties, ±0, infinities and NaN', () => {
    const value = fc.oneof(
      fc.integer({ min: -4, max: 4 }),
      fc.double(),
      fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e300, -1e-300),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 80 }), (values) => {
        expect(Array.from(averageRanks(values))).toEqual(ranksByDefinition(values));
      }),
      { numRuns: 3000 },
    );
  });

  it('on a large column of few distinct values', () => {
    const rng = Rng.fromSeed(3);
    const values = Array.from({ length: 5000 }, () => rng.int(0, 40));
    expect(Array.from(averageRanks(values))).toEqual(ranksByDefinition(values));
  });
});

describe('parseDateMs', () => {
  const pad = (v: number, width: number): string => String(v).padStart(width, '0');
  /** Milliseconds for a date-time by Date's own arithmetic (setUTCFullYear: no two-digit-year rule). */
  const utcMs = (y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number => {
    const date = new Date(0);
    date.setUTCFullYear(y, mo - 1, d);
    date.setUTCHours(h, mi, s, ms);
    return date.getTime();
  };

  it('reads valid ISO dates and date-times as Date does, inside and outside the month table (1900–2199)', () => {
    fc.assert(
      fc.property(
        fc.record({
          y: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1890, max: 2210 })),
          mo: fc.integer({ min: 1, max: 12 }),
          d: fc.integer({ min: 1, max: 31 }),
          h: fc.integer({ min: 0, max: 23 }),
          mi: fc.integer({ min: 0, max: 59 }),
          s: fc.integer({ min: 0, max: 59 }),
          ms: fc.integer({ min: 0, max: 999 }),
          offset: fc.integer({ min: -14 * 60, max: 14 * 60 }),
          form: fc.constantFrom('date', 'minutes', 'seconds', 'millis-z', 'offset'),
        }),
        ({ y, mo, d, h, mi, s, ms, offset, form }) => {
          const date = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}`;
          const valid = new Date(utcMs(y, mo, d, 0, 0, 0, 0)).getUTCDate() === d;
          const sign = offset < 0 ? '-' : '+';
          const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60), 2)}:${pad(Math.abs(offset) % 60, 2)}`;
          const [text, expected] =
            form === 'date'
              ? [date, utcMs(y, mo, d, 0, 0, 0, 0)]
              : form === 'minutes'
                ? [`${date}T${pad(h, 2)}:${pad(mi, 2)}`, utcMs(y, mo, d, h, mi, 0, 0)]
                : form === 'seconds'
                  ? [`${date} ${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}`, utcMs(y, mo, d, h, mi, s, 0)]
                  : form === 'millis-z'
                    ? [`${date}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`, utcMs(y, mo, d, h, mi, s, ms)]
                    : [`${date}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${zone}`, utcMs(y, mo, d, h, mi, s, 0) - offset * 60_000];
          expect(parseDateMs(text)).toBe(valid ? expected : Number.NaN);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('refuses broken ones, cut anywhere or with a stray character', () => {
    const full = '2021-03-04T05:06:07.890+01:30';
    for (let cut = 1; cut < full.length; cut++) {
      const prefix = full.slice(0, cut);
      const ok = [10, 16, 19, 21, 22, 23].includes(cut);
      expect(Number.isNaN(parseDateMs(prefix)), prefix).toBe(!ok);
    }
    for (let i = 0; i < full.length; i++) {
      const broken = `${full.slice(0, i)}x${full.slice(i + 1)}`;
      expect(parseDateMs(broken), broken).toBeNaN();
    }
    expect(parseDateMs('2021-02-29')).toBeNaN();
    expect(parseDateMs('2020-02-29')).toBe(Date.UTC(2020, 1, 29));
  });
});

describe('distinct counts with a reference grid', () => {
  // Values equal to a grid value, values that only round to one (0.1 + 0.2 vs 0.3), values off the grid.
  const reference = [0.3, 1, 2, 3, 10, -0, 5e-324].map((x) => ({ x, k: x > 1 ? 'a' : 'b' }));
  const data = [0.1 + 0.2, 0.3, 1, 1, 2, 0, -0, 4, 4.5, 10, 10.000000000000002, 5e-324, 7].map((x) => ({ x, k: 'a' }));
  const distinctByHash = new Set(data.map((row) => hashNumber(row.x))).size;

  it('count every distinct value exactly once, whichever path it took', () => {
    const { plan } = buildPlan({ reference });
    const p = createProfiler({ plan });
    for (const row of data) p.add(row);
    expect(p.column('x')!.distinctCount()).toEqual({ value: distinctByHash, exact: true, relativeError: 0 });
  });

  it('the same after merging chunks and a JSON round trip', () => {
    const { plan } = buildPlan({ reference });
    const a = createProfiler({ plan });
    const b = createProfiler({ plan, rowOffset: 6 });
    data.slice(0, 6).forEach((row) => a.add(row));
    data.slice(6).forEach((row) => b.add(row));
    const merged = Profiler.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    merged.merge(Profiler.fromJSON(JSON.parse(JSON.stringify(b.toJSON()))));
    expect(merged.column('x')!.distinctCount().value).toBe(distinctByHash);
    expect(evaluateProfile(merged, { reference }).columns[0]!.distinct).toEqual(evaluateSync(data, { reference }).columns[0]!.distinct);
  });

  it('go over to HyperLogLog past the cap as a plain pass would', () => {
    const rng = Rng.fromSeed(9);
    const grid = Array.from({ length: 50 }, (_, i) => ({ x: i % 25 }));
    const rows = Array.from({ length: 400 }, () => ({ x: rng.bool(0.5) ? rng.int(0, 24) : rng.int(0, 1e6) / 7 }));
    const { plan } = buildPlan({ reference: grid, options: { distinctCap: 100 } });
    const p = createProfiler({ plan });
    for (const row of rows) p.add(row);
    const estimate = p.column('x')!.distinctCount();
    expect(estimate.exact).toBe(false);
    const truth = new Set(rows.map((row) => row.x)).size;
    expect(Math.abs(estimate.value - truth) / truth).toBeLessThan(0.05);
  });
});

describe('Spearman over pairwise-complete rows', () => {
  it('ranks each pair within its own complete rows, as ranking those rows alone does', () => {
    const rng = Rng.fromSeed(21);
    const rows = Array.from({ length: 600 }, () => {
      const z = rng.normal();
      return {
        a: rng.bool(0.1) ? null : Math.round(10 * z),
        b: rng.bool(0.2) ? null : Math.round(5 * (z + rng.normal())),
        c: rng.int(0, 3),
        d: rng.normal(),
      };
    });
    const report = evaluateSync(rows, { reference: rows.slice(0, 300) });
    const names = report.correlations!.columns;
    const spearmanOf = (x: string, y: string): number => {
      const xs: number[] = [];
      const ys: number[] = [];
      for (const row of rows) {
        const u = row[x as keyof typeof row];
        const v = row[y as keyof typeof row];
        if (typeof u === 'number' && typeof v === 'number') {
          xs.push(u);
          ys.push(v);
        }
      }
      return pearson(ranksByDefinition(xs), ranksByDefinition(ys));
    };
    let pairs = 0;
    names.forEach((x, i) =>
      names.forEach((y, j) => {
        if (i === j) return;
        expect(report.correlations!.spearman[i]![j]).toBeCloseTo(spearmanOf(x, y), 12);
        pairs++;
      }),
    );
    expect(pairs).toBeGreaterThanOrEqual(6);
  });
});
