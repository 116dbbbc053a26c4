/**
 * The SDMetrics metrics pinned to values computed by hand (and checked against numpy/scipy running the
 * SDMetrics code path), both as array functions and through the streaming evaluator, which must give the
 * same numbers from its accumulators.
 */
import { describe, expect, it } from 'vitest';
import {
  contingencySimilarity,
  correlationSimilarity,
  digitize,
  evaluateSync,
  histogramBinEdges,
  ksComplement,
  ksStatistic,
  nanMean,
  newRowSynthesis,
  numpyRound,
  tvComplement,
} from '../../src/evaluate/index.js';

describe('KSComplement', () => {
  it('is 1 − the two-sample KS statistic over the non-missing values', () => {
    // F_real: 1→.25, 2→.75, 3→1; F_syn: 2→.25, 3→.75, 4→1; the largest gap is at 2: |.75 − .25| = .5.
    expect(ksStatistic([1, 2, 2, 3], [2, 3, 3, 4])).toBe(0.5);
    expect(ksComplement([1, 2, 2, 3, null], [2, 3, 3, 4, null, null])).toBe(0.5);
    expect(ksComplement([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(ksComplement([1, 2], [10, 20])).toBe(0);
  });

  it('rounds both sides to 14 decimals first, as SDMetrics does', () => {
    expect(ksStatistic([0.1 + 0.2], [0.3])).toBe(1);
    expect(ksComplement([0.1 + 0.2], [0.3])).toBe(1);
    expect(numpyRound(0.1 + 0.2, 14)).toBe(0.3);
    expect(numpyRound(2.5, 0)).toBe(2); // round half to even, like numpy.rint
    expect(numpyRound(3.5, 0)).toBe(4);
  });

  it('is NaN when a side has no values', () => {
    expect(ksComplement([null, null], [1, 2])).toBeNaN();
  });

  it('the streaming evaluator computes the same value exactly', () => {
    const report = evaluateSync(
      [2, 3, 3, 4, null].map((x) => ({ x })),
      { reference: [1, 2, 2, 3, null].map((x) => ({ x })) },
    );
    const column = report.columns.find((c) => c.name === 'x')!;
    expect(column.shape).toEqual({ metric: 'KSComplement', score: 0.5, exact: true });
  });
});

describe('TVComplement', () => {
  it('is 1 − ½ Σ|f_syn − f_real|, with 1e-6 real counts for synthetic-only categories', () => {
    // real a:2 b:1; synthetic a:1 b:2 c:1. Real total becomes 3 + 1e-6 (c's regularization):
    // ½(|.25 − 2/3.000001| + |.5 − 1/3.000001| + |.25 − 1e-6/3.000001|) = 0.41666644…
    expect(tvComplement(['a', 'a', 'b', null], ['a', 'b', 'b', 'c'])).toBeCloseTo(0.5833335555554815, 15);
    expect(tvComplement(['a', 'b'], ['b', 'a'])).toBe(1);
    // real a; synthetic b: 1 − ½(1/1.000001 + 1 − 1e-6/1.000001) = 1e-6/1.000001.
    expect(tvComplement(['a'], ['b'])).toBeCloseTo(1e-6 / 1.000001, 15);
    expect(tvComplement([null], ['a'])).toBeNaN();
  });

  it('the streaming evaluator computes the same value', () => {
    const report = evaluateSync(
      ['a', 'b', 'b', 'c'].map((t) => ({ t })),
      { reference: ['a', 'a', 'b', null].map((t) => ({ t })) },
    );
    const column = report.columns.find((c) => c.name === 't')!;
    expect(column.kind).toBe('categorical');
    expect(column.shape?.metric).toBe('TVComplement');
    expect(column.shape?.score).toBeCloseTo(0.5833335555554815, 15);
  });
});

describe('CorrelationSimilarity', () => {
  it('is 1 − |r_real − r_syn| / 2 with Pearson over pairwise-complete rows', () => {
    // r_real of (1,2),(2,4),(3,5),(4,4) is 0.7181848464596079; the synthetic rows are perfectly anti-correlated.
    const result = correlationSimilarity(
      [
        [1, 2, 3, 4],
        [2, 4, 5, 4],
      ],
      [
        [1, 2, 3, null, 7],
        [3, 2, 1, 9, null],
      ],
    );
    expect(result.real).toBeCloseTo(0.7181848464596079, 14);
    expect(result.synthetic).toBeCloseTo(-1, 14);
    expect(result.score).toBeCloseTo(0.14090757677019616, 14);
  });

  it('uses Spearman on request', () => {
    const result = correlationSimilarity(
      [
        [1, 2, 3, 4],
        [2, 4, 5, 4],
      ],
      [
        [1, 2, 3],
        [3, 2, 1],
      ],
      'spearman',
    );
    expect(result.real).toBeCloseTo(0.632455532033676, 14);
    expect(result.score).toBeCloseTo(0.183772233983162, 14);
  });

  it('is NaN when a column is constant on either side', () => {
    expect(
      correlationSimilarity(
        [
          [1, 1, 1],
          [1, 2, 3],
        ],
        [
          [1, 2, 3],
          [1, 2, 3],
        ],
      ).score,
    ).toBeNaN();
  });

  it('the streaming evaluator computes the same value from co-moments', () => {
    const reference = [
      [1, 2],
      [2, 4],
      [3, 5],
      [4, 4],
    ].map(([x, y]) => ({ x, y }));
    const data = [
      [1, 3],
      [2, 2],
      [3, 1],
      [null, 9],
      [7, null],
    ].map(([x, y]) => ({ x, y }));
    const report = evaluateSync(data, { reference });
    expect(report.pairs).toHaveLength(1);
    const pair = report.pairs[0]!;
    expect(pair.metric).toBe('CorrelationSimilarity');
    expect(pair.real).toBeCloseTo(0.7181848464596079, 12);
    expect(pair.synthetic).toBeCloseTo(-1, 12);
    expect(pair.score).toBeCloseTo(0.14090757677019616, 12);
  });
});

describe('ContingencySimilarity', () => {
  it('is 1 − the total variation distance of the joint frequency tables', () => {
    // real: (a,x) .25, (a,y) .25, (b,x) .5; synthetic: (a,x) .25, (b,y) .5, (c,x) .25.
    // TVD = ½(0 + .25 + .5 + .5 + .25) = .75.
    const real = [
      ['a', 'x'],
      ['a', 'y'],
      ['b', 'x'],
      ['b', 'x'],
    ] as const;
    const synthetic = [
      ['a', 'x'],
      ['b', 'y'],
      ['b', 'y'],
      ['c', 'x'],
    ] as const;
    expect(contingencySimilarity(real, synthetic)).toBe(0.25);
    const report = evaluateSync(
      synthetic.map(([u, v]) => ({ u, v })),
      { reference: real.map(([u, v]) => ({ u, v })) },
    );
    expect(report.pairs[0]).toMatchObject({ metric: 'ContingencySimilarity', score: 0.25 });
  });

  it('bins a numerical column with numpy.histogram_bin_edges over the REAL column and numpy.digitize', () => {
    expect(histogramBinEdges([0, 10])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(histogramBinEdges([3])).toEqual([2.5, 2.6, 2.7, 2.8, 2.9, 3, 3.1, 3.2, 3.3, 3.4, 3.5]);
    expect(histogramBinEdges([])).toEqual([
      0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9, 1,
    ]);
    expect(histogramBinEdges([0.1, 0.7])).toEqual([
      0.1, 0.16, 0.22, 0.28, 0.33999999999999997, 0.4, 0.45999999999999996, 0.52, 0.58, 0.64, 0.7,
    ]);
    const edges = histogramBinEdges([0, 10]);
    // numpy.digitize: the maximum and anything above it → 11, below the minimum → 0, NaN (missing) → 11.
    expect([10, 9.99, -0.1, NaN, 0, 10.5].map((x) => digitize(x, edges))).toEqual([11, 10, 0, 11, 1, 11]);
  });

  it('scores a mixed pair on the real bins, missing values binned with the maximum', () => {
    // real codes: 0→1, 5→6, 10→11; synthetic: 10→11, 11→11 (above the real max), null→11.
    // real (1,a) ⅓ (6,a) ⅓ (11,b) ⅓; synthetic (11,b) ⅔ (11,a) ⅓ → TVD = ½(⅓ + ⅓ + ⅓ + ⅓) = ⅔.
    const real: Array<[number | null, string]> = [
      [0, 'a'],
      [5, 'a'],
      [10, 'b'],
    ];
    const synthetic: Array<[number | null, string]> = [
      [10, 'b'],
      [11, 'b'],
      [null, 'a'],
    ];
    expect(contingencySimilarity(real, synthetic, [true, false])).toBeCloseTo(1 / 3, 15);
    const report = evaluateSync(
      synthetic.map(([n, c]) => ({ n, c })),
      {
        schema: { type: 'object', properties: { n: { type: ['number', 'null'] }, c: { enum: ['a', 'b'] } } },
        reference: real.map(([n, c]) => ({ n, c })),
      },
    );
    const pair = report.pairs.find((p) => p.columns.join() === 'n,c')!;
    expect(pair.metric).toBe('ContingencySimilarity');
    expect(pair.score).toBeCloseTo(1 / 3, 15);
  });
});

describe('NewRowSynthesis and exact copies', () => {
  it('counts synthetic rows matching a real row (numbers within 1%, missing with missing)', () => {
    const real = [
      [10, 'a'],
      [20, 'b'],
      [null, 'c'],
    ];
    const synthetic = [
      [10.05, 'a'], // |10 − 10.05| ≤ 1% of 10.05: a match
      [20.5, 'b'], // 0.5 > 0.205: new
      [null, 'c'], // missing matches missing
      [10, 'b'], // no real row (10, b): new
    ];
    expect(newRowSynthesis(real, synthetic, [true, false])).toEqual({ score: 0.5, newRows: 2, matchedRows: 2 });
  });

  it('the evaluator reports the same on its sample and the exact-copy rate over every row', () => {
    const reference = [
      { x: 10, c: 'a' },
      { x: 20, c: 'b' },
      { x: null, c: 'c' },
    ];
    const data = [
      { x: 10.05, c: 'a' },
      { x: 20.5, c: 'b' },
      { x: null, c: 'c' },
      { x: 10, c: 'b' },
    ];
    const report = evaluateSync(data, {
      reference,
      schema: { type: 'object', properties: { x: { type: ['number', 'null'] }, c: { type: 'string', enum: ['a', 'b', 'c'] } } },
    });
    expect(report.privacy?.newRowSynthesis).toEqual({ score: 0.5, sampleRows: 4, matched: 2 });
    // Exact copies: only {x: null, c: 'c'} equals a reference row.
    expect(report.privacy?.exactCopies).toBe(1);
    expect(report.privacy?.exactCopyRate).toBe(0.25);
    expect(report.summary.exactCopyRate).toBe(0.25);
  });
});

describe('quality', () => {
  it('is the mean of column shapes and column pair trends, each a NaN-skipping mean', () => {
    expect(nanMean([0.5, NaN, 1])).toBe(0.75);
    expect(nanMean([NaN])).toBeNaN();
    const reference = [
      { x: 1, t: 'a' },
      { x: 2, t: 'a' },
      { x: 2, t: 'b' },
      { x: 3, t: null },
    ];
    const data = [
      { x: 2, t: 'a' },
      { x: 3, t: 'b' },
      { x: 3, t: 'b' },
      { x: 4, t: 'c' },
    ];
    const report = evaluateSync(data, {
      reference,
      schema: { type: 'object', properties: { x: { type: 'number' }, t: { type: ['string', 'null'] } } },
    });
    const shapes = report.columns.map((c) => c.shape?.score ?? NaN);
    // x: KSComplement .5 (as above). t: real a:2 b:1, synthetic a:1 b:2 c:1 → 0.58333355…
    expect(shapes[0]).toBe(0.5);
    expect(shapes[1]).toBeCloseTo(0.5833335555554815, 15);
    // x binned on 1…3 edges: real codes 1,6,6,11; synthetic 6,11,11,11 (4 is above the real max).
    const contingency = contingencySimilarity(
      reference.map((r) => [r.x, r.t] as const),
      data.map((r) => [r.x, r.t] as const),
      [true, false],
    );
    expect(report.pairs[0]!.score).toBeCloseTo(contingency, 15);
    expect(report.summary.columnShapes).toBeCloseTo((0.5 + 0.5833335555554815) / 2, 15);
    expect(report.summary.columnPairTrends).toBeCloseTo(contingency, 15);
    expect(report.summary.quality).toBeCloseTo(((0.5 + 0.5833335555554815) / 2 + contingency) / 2, 15);
  });
});
