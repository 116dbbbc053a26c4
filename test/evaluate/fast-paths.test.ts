/**
 * The evaluator's fast paths against their plain definitions: ranks by runs instead of two binary searches,
 * ISO dates by hand with a month table, distinct counts that mark reference-grid values instead of hashing
 * them, pairwise Spearman ranked from shared runs. Each must give the very same numbers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import {
  averageRanks,
  buildPlan,
  cellOf,
  createProfiler,
  evaluateProfile,
  evaluateSync,
  isModelled,
  parseDateMs,
  Profiler,
  type ColumnKind,
} from '../../src/evaluate/index.js';
import type { JsonSchema } from '../../src/core/types.js';
import { jsonType, toBooleanKey, toCategory, toNumber } from '../../src/evaluate/columns.js';
import { hashNumber, hashText } from '../../src/evaluate/hash.js';
import { distinctSorted } from '../../src/evaluate/plan.js';
import { distanceToClosestRecord } from '../../src/evaluate/privacy.js';
import { thousands } from '../../src/evaluate/report.js';
import { pearson, type Cell } from '../../src/evaluate/sdmetrics.js';

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

  it('agrees with a regular-expression definition on mutated ISO texts', () => {
    const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|z|[+-]\d{2}:?\d{2})?)?$/;
    const byDefinition = (text: string): number => {
      const m = ISO.exec(text);
      if (m === null) return Number.NaN;
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (mo < 1 || mo > 12 || d < 1 || new Date(utcMs(y, mo, d, 0, 0, 0, 0)).getUTCDate() !== d) return Number.NaN;
      if (m[4] === undefined) return utcMs(y, mo, d, 0, 0, 0, 0);
      const [h, mi, sec] = [Number(m[4]), Number(m[5]), m[6] === undefined ? 0 : Number(m[6])];
      if (h > 23 || mi > 59 || sec > 59) return Number.NaN;
      const ms = m[7] === undefined ? 0 : Number(`${m[7]}00`.slice(0, 3));
      let offset = 0;
      const zone = m[8];
      if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
        const digits = zone.slice(1).replace(':', '');
        const [oh, om] = [Number(digits.slice(0, 2)), Number(digits.slice(2))];
        if (oh > 23 || om > 59) return Number.NaN;
        offset = (zone[0] === '+' ? 1 : -1) * (oh * 60 + om) * 60_000;
      }
      return utcMs(y, mo, d, h, mi, sec, ms) - offset;
    };
    const seeds = ['2021-03-04T05:06:07.890+01:30', '1999-12-31 23:59:59Z', '2000-02-29T00:00', '2024-02-29', '2100-02-28t12:30:45.1-0800'];
    const edit = fc.record({
      at: fc.nat(40),
      op: fc.constantFrom('replace', 'delete', 'insert'),
      char: fc.constantFrom(...'0123456789-:Tt Zz+.x'.split('')),
    });
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(edit, { maxLength: 3 }), (seed, edits) => {
        let text = seed;
        for (const { at, op, char } of edits) {
          const i = at % (text.length + 1);
          text =
            op === 'insert'
              ? text.slice(0, i) + char + text.slice(i)
              : text.slice(0, i) + (op === 'replace' ? char : '') + text.slice(i + 1);
        }
        // Texts that start with a digit and have a dash at 4 are read as ISO; others go to the other layouts.
        if (!/^\d...-/.test(text)) return;
        expect(parseDateMs(text), text).toBe(byDefinition(text));
      }),
      { numRuns: 20_000 },
    );
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

describe('exact copies', () => {
  it('counts the rows equal to a reference row on every modelled column, whichever rows the pre-filter skips', () => {
    const rng = Rng.fromSeed(31);
    const value = (): unknown =>
      rng.pick([null, 0, -0, 1, 2.5, 0.1 + 0.2, 0.3, 10.000000000000002, 7, '2021-01-01', '2021-01-01T00:00:00Z', 'a', 'b', 'zz', true]);
    for (let trial = 0; trial < 40; trial++) {
      const reference = Array.from({ length: rng.int(5, 40) }, () => ({
        x: rng.pick([null, 0, -0, 1, 2.5, 0.1 + 0.2, 10]),
        when: rng.pick(['2021-01-01', '2021-01-02', null]),
        k: rng.pick(['a', 'b', null]),
        flag: rng.pick([true, false]),
      }));
      // Copies of reference rows (some respelled: -0 for 0, a date-time for its date), and rows with values
      // the reference never has (off its grid, unknown categories, text in a number column).
      const data = Array.from({ length: 300 }, () => {
        const copy = { ...(rng.pick(reference) as Record<string, unknown>) };
        if (rng.bool(0.5)) return copy;
        const key = rng.pick(['x', 'when', 'k', 'flag']);
        return { ...copy, [key]: key === 'when' && rng.bool(0.3) ? `${String(copy.when)}T00:00:00Z` : value() };
      });
      const report = evaluateSync(data, { reference });
      // Only modelled columns count (a column empty in the reference is not one).
      const kinds = new Map(report.columns.filter((c) => isModelled(c.kind)).map((c) => [c.name, c.kind as ColumnKind]));
      const cells = (row: Record<string, unknown>): Cell[] =>
        [...kinds].map(([name, kind]) => {
          const cell = cellOf(kind, row[name]);
          return typeof cell === 'number' && cell === 0 ? 0 : cell;
        });
      const same = (a: Cell[], b: Cell[]): boolean => a.every((v, i) => v === b[i]);
      const expected = data.filter((row) => reference.some((r) => same(cells(row), cells(r)))).length;
      expect(report.privacy!.exactCopies).toBe(expected);
    }
  });
});

describe('distinct reference values (the KS grid)', () => {
  it('are what sorting a Set of them gives', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(null), fc.constantFrom(0, -0, 0.1 + 0.2, 0.3, 5e-324), fc.double({ noNaN: true }))),
        (cells) => {
          const set = new Set<number>();
          for (const cell of cells) if (cell !== null) set.add(cell);
          const expected = Array.from(Float64Array.from(set).sort());
          const got = distinctSorted(cells, false);
          expect(got.length).toBe(expected.length);
          got.forEach((v, i) => expect(Object.is(v, expected[i])).toBe(true));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('distance to closest record', () => {
  it('is the brute-force nearest-row distance, however the groups are visited', () => {
    const rng = Rng.fromSeed(41);
    for (let trial = 0; trial < 60; trial++) {
      const kinds: ColumnKind[] = Array.from({ length: rng.int(1, 7) }, () => rng.pick(['numerical', 'categorical', 'datetime']));
      const cell = (kind: ColumnKind): Cell =>
        rng.bool(0.1) ? null : kind === 'categorical' ? `c${rng.int(0, rng.int(0, 5))}` : rng.int(0, 40) / rng.pick([1, 4]);
      const rows = rng.int(3, 120);
      const reference = kinds.map((k) => Array.from({ length: rows }, () => cell(k)));
      const sample = Array.from({ length: rng.int(1, 30) }, () => kinds.map((k) => cell(k)));
      const modelled = kinds.map((_, i) => i);
      const referenceIndexes = Array.from({ length: rows }, (_, i) => i);
      const baselineIndexes = referenceIndexes.filter(() => rng.bool(0.3));
      const dcr = distanceToClosestRecord({ kinds, modelled }, reference, referenceIndexes, baselineIndexes, sample)!;
      // By the definition: mean over columns of |a − b| ÷ range (capped at 1), 0/1 for categories and missing.
      const range = kinds.map((k, c) => {
        const values = reference[c]!.filter((v): v is number => typeof v === 'number');
        const span = Math.max(...values) - Math.min(...values);
        return k === 'categorical' || values.length === 0 ? 1 : span > 0 ? span : 1e-300;
      });
      const distance = (a: Cell[], r: number): number => {
        let sum = 0;
        kinds.forEach((k, c) => {
          const x = a[c] ?? null;
          const y = reference[c]![r] ?? null;
          if (x === null || y === null) sum += x === null && y === null ? 0 : 1;
          else if (k === 'categorical') sum += x === y ? 0 : 1;
          else sum += Math.min(1, Math.abs((x as number) - (y as number)) / range[c]!);
        });
        return sum / kinds.length;
      };
      const nearest = Float64Array.from(sample, (row) => Math.min(...referenceIndexes.map((r) => distance(row, r)))).sort();
      expect(dcr.median).toBeCloseTo((nearest[(nearest.length - 1) >> 1]! + nearest[nearest.length >> 1]!) / 2, 12);
      expect(dcr.min).toBeCloseTo(nearest[0]!, 12);
    }
  });
});

describe('distance to closest record with a one-valued column', () => {
  it('counts equal values as 0 and others as 1, even for epoch milliseconds (no overflow to NaN)', () => {
    const reference = Array.from({ length: 40 }, (_, i) => ({ day: '2021-06-01', n: (i % 10) * 1.5, k: i % 2 === 0 ? 'a' : 'b' }));
    const data = [...reference.slice(0, 20), ...reference.slice(0, 20).map((row) => ({ ...row, day: '2021-06-02' }))];
    const dcr = evaluateSync(data, { reference, privacySampleSize: 40 }).privacy!.dcr!;
    // Half the rows are copies (distance 0), half differ only in the day: 1 of 3 columns.
    expect(dcr.min).toBe(0);
    expect(dcr.zeroShare).toBe(0.5);
    expect(dcr.mean).toBeCloseTo(1 / 6, 12);
    expect(dcr.median).not.toBeNaN();
  });
});

describe('report number formatting', () => {
  it("thousands(n) is n.toLocaleString('en-US')", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constantFrom(0, -0, 999, 1000, -1000, 1e21, 0.5)), (n) => {
        expect(thousands(n)).toBe(n.toLocaleString('en-US'));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the compiled per-row ingest', () => {
  it('counts types, nulls, absent keys and unusable values of every kind as their definitions say', () => {
    const rng = Rng.fromSeed(53);
    const anything = (): unknown =>
      rng.pick([
        null,
        undefined,
        0,
        -0,
        3,
        2.5,
        Number.NaN,
        Infinity,
        '7',
        ' 8 ',
        'x',
        '2021-02-03',
        'true',
        'FALSE',
        true,
        false,
        [1],
        { a: 1 },
      ]);
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        n: { type: 'number' },
        d: { type: 'string', format: 'date' },
        c: { enum: ['x', '7', 'true'] },
        b: { type: 'boolean' },
        t: { type: 'string', format: 'uri' },
      },
    };
    const names = ['n', 'd', 'c', 'b', 't'] as const;
    const rows = Array.from({ length: 2000 }, () => {
      const row: Record<string, unknown> = {};
      for (const name of names) {
        const v = anything();
        if (v !== undefined) row[name] = v;
      }
      return row;
    });
    const p = createProfiler({ schema, validate: false });
    for (const row of rows) p.add(row);
    p.add(7); // not an object: every column absent
    const all = [...rows, {}];
    for (const name of names) {
      const st = p.column(name)!;
      const values = all.map((row) => row[name]);
      const types = { null: 0, boolean: 0, integer: 0, number: 0, string: 0, array: 0, object: 0 };
      for (const v of values) types[jsonType(v)]++;
      expect(st.typeCounts()).toEqual(types);
      expect(st.nulls).toBe(values.filter((v) => v === null || v === undefined).length);
      expect(st.missing).toBe(values.filter((v) => v === undefined).length);
      const present = values.filter((v) => v !== null && v !== undefined);
      const unusable =
        name === 'n'
          ? present.filter((v) => Number.isNaN(toNumber(v))).length
          : name === 'd'
            ? present.filter((v) => Number.isNaN(parseDateMs(v))).length
            : name === 'b'
              ? present.filter((v) => toBooleanKey(v) === null).length
              : 0;
      expect(st.invalid).toBe(unusable);
    }
    expect(p.column('c')!.categories!.total).toBe(all.filter((row) => row.c !== null && row.c !== undefined).length);
    // Free text counts distinct values by hash: text as it is, numbers by value, anything else by its text.
    const hashes = all
      .map((row) => row.t)
      .filter((v) => v !== null && v !== undefined)
      .map((v) => (typeof v === 'string' ? hashText(v) : typeof v === 'number' ? hashNumber(v) : hashText(toCategory(v)!)));
    expect(p.column('t')!.distinctCount().value).toBe(new Set(hashes).size);
  });
});
