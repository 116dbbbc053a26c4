import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_BINS, MIN_BINS, niceStep, numericBinEdges, timeBinEdges } from '../../src/visualize/bins.js';
import { describeCorrelation, formatDate, formatNumber, formatShare, formatValue, plural, truncate } from '../../src/visualize/format.js';

function increasing(edges: readonly number[]): boolean {
  return edges.every((e, i) => i === 0 || e > (edges[i - 1] as number));
}

describe('niceStep', () => {
  it('rounds up to 1, 2, 2.5 or 5 × 10^k', () => {
    expect([0.7, 1, 1.1, 2.2, 3, 7, 12, 0.013].map(niceStep)).toEqual([1, 1, 2, 2.5, 5, 10, 20, 0.02]);
    expect(niceStep(0)).toBe(1);
    expect(niceStep(Number.NaN)).toBe(1);
  });

  it('is ≥ its input and < 2.5 × it', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-200, max: 1e200, noNaN: true }), (raw) => {
        const step = niceStep(raw);
        expect(step).toBeGreaterThanOrEqual(raw * (1 - 1e-12));
        expect(step).toBeLessThan(raw * 2.5 * (1 + 1e-12));
      }),
    );
  });
});

describe('numericBinEdges', () => {
  it('covers [min, max] with increasing edges and a bounded bin count', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e12, max: 1e12, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e12, noNaN: true }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (min, span, count, iqrShare) => {
          const max = min + span;
          fc.pre(max > min);
          const edges = numericBinEdges({ min, max, count, iqr: span * iqrShare, integer: false });
          expect(edges[0]).toBeLessThanOrEqual(min);
          expect(edges[edges.length - 1]).toBeGreaterThanOrEqual(max);
          expect(increasing(edges)).toBe(true);
          expect(edges.length - 1).toBeLessThanOrEqual(MAX_BINS);
          expect(edges.length - 1).toBeGreaterThanOrEqual(1);
        },
      ),
    );
  });

  it('reads well: nice steps, float noise rounded away', () => {
    const edges = numericBinEdges({ min: 0.1, max: 0.95, count: 1000, iqr: 0.4, integer: false });
    const step = (edges[1] as number) - (edges[0] as number);
    expect([0.05, 0.1, 0.025, 0.02, 0.2]).toContain(Number(step.toPrecision(6)));
    for (const e of edges) expect(String(e).length).toBeLessThan(8);
  });

  it('follows Freedman–Diaconis between the bounds', () => {
    // span 100, IQR 10, n 1000: width 2·10/10 = 2 → 50 bins, capped at MAX_BINS.
    expect(numericBinEdges({ min: 0, max: 100, count: 1000, iqr: 10, integer: false }).length - 1).toBeLessThanOrEqual(MAX_BINS);
    // A huge IQR asks for one bin: at least MIN_BINS.
    expect(numericBinEdges({ min: 0, max: 100, count: 10, iqr: 1000, integer: false }).length - 1).toBeGreaterThanOrEqual(MIN_BINS);
    // IQR 0 (a spike): Sturges' rule.
    expect(numericBinEdges({ min: 0, max: 100, count: 1000, iqr: 0, integer: false }).length - 1).toBeGreaterThanOrEqual(MIN_BINS);
  });

  it('centres one bin on each integer of a small integer range', () => {
    expect(numericBinEdges({ min: 0, max: 5, count: 100, iqr: 2, integer: true })).toEqual([-0.5, 0.5, 1.5, 2.5, 3.5, 4.5, 5.5]);
  });

  it('uses whole steps for wide integer ranges', () => {
    const edges = numericBinEdges({ min: 18, max: 90, count: 1000, iqr: 19, integer: true });
    for (const e of edges) expect(Number.isInteger(e)).toBe(true);
  });

  it('survives ranges wider than the largest double', () => {
    const edges = numericBinEdges({ min: -1.5e308, max: 1.5e308, count: 10, iqr: 1e308, integer: false });
    expect(edges.every(Number.isFinite)).toBe(true);
    expect(edges[0]).toBe(-1.5e308);
    expect(edges[edges.length - 1]).toBe(1.5e308);
    expect(increasing(edges)).toBe(true);
  });
});

describe('timeBinEdges', () => {
  const DAY = 86_400_000;

  it('covers [min, max] with calendar-aligned edges', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.integer({ min: 1, max: 200 * 365 * DAY }),
        (min, span) => {
          const max = min + span;
          const { edges } = timeBinEdges(min, max);
          expect(edges[0]).toBeLessThanOrEqual(min);
          expect(edges[edges.length - 1]).toBeGreaterThanOrEqual(max);
          expect(increasing(edges)).toBe(true);
          expect(edges.length - 1).toBeLessThanOrEqual(MAX_BINS);
        },
      ),
    );
  });

  it('picks months for a few years, aligned to the 1st', () => {
    const bins = timeBinEdges(Date.UTC(2020, 0, 5), Date.UTC(2024, 1, 8));
    expect(bins.unit).toBe('month');
    for (const e of bins.edges) expect(new Date(e).getUTCDate()).toBe(1);
  });

  it('picks days for weeks, weeks for months (on Mondays), years for decades', () => {
    expect(timeBinEdges(Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 20)).unit).toBe('day');
    const weeks = timeBinEdges(Date.UTC(2024, 0, 3), Date.UTC(2024, 5, 1));
    expect(weeks.unit).toBe('week');
    for (const e of weeks.edges) expect(new Date(e).getUTCDay()).toBe(1);
    const years = timeBinEdges(Date.UTC(1950, 3, 1), Date.UTC(2020, 0, 1));
    expect(years.unit).toBe('year');
    for (const e of years.edges) expect(new Date(e).getUTCMonth()).toBe(0);
    expect(timeBinEdges(Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1, 6)).unit).toBe('minute');
  });

  it('handles sub-second spans and years before 100', () => {
    const ms = timeBinEdges(1000, 1400);
    expect(ms.unit).toBe('millisecond');
    expect(ms.edges[0]).toBeLessThanOrEqual(1000);
    const early = timeBinEdges(Date.UTC(2000, 0, 1) - 1970 * 365.25 * DAY, Date.UTC(2000, 0, 1) - 1940 * 365.25 * DAY);
    expect(increasing(early.edges)).toBe(true);
  });
});

describe('format', () => {
  it('prints numbers without locale', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(-1234.5678)).toBe('-1,235');
    expect(formatNumber(0.012345)).toBe('0.01235');
    expect(formatNumber(2.5e-7)).toBe('2.5e-7');
    expect(formatNumber(1.5e21)).toBe('1.5e+21');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });

  it('prints shares, dates, plurals, correlations and truncations', () => {
    expect(formatShare(0.125)).toBe('12.5%');
    expect(formatShare(0.0004)).toBe('<0.1%');
    expect(formatShare(Number.NaN)).toBe('–');
    expect(formatDate(Date.UTC(2024, 1, 3))).toBe('2024-02-03');
    expect(formatDate(Date.UTC(2024, 1, 3, 4, 5))).toBe('2024-02-03T04:05Z');
    expect(formatDate(Date.UTC(2024, 1, 3, 4, 5, 6))).toBe('2024-02-03T04:05:06Z');
    expect(formatDate(Date.UTC(2024, 1, 3, 4, 5, 6, 7))).toBe('2024-02-03T04:05:06.007Z');
    expect(formatDate(Number.NaN)).toBe('NaN');
    expect(formatDate(1e20)).toBe('100000000000000000000');
    expect(formatValue(Date.UTC(2024, 0, 1), true)).toBe('2024-01-01');
    expect(plural(1, 'row')).toBe('1 row');
    expect(plural(2000, 'row')).toBe('2,000 rows');
    expect(describeCorrelation(0.9)).toBe('very strong positive relation');
    expect(describeCorrelation(-0.45)).toBe('moderate negative relation');
    expect(describeCorrelation(0.05)).toBe('very weak or no linear relation');
    expect(truncate('abcdef', 4)).toBe('abc…');
  });
});
