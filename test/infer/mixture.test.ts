import { describe, expect, it } from 'vitest';
import { SdgError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import type { JsonValue } from '../../src/core/types.js';
import { createModelSampler } from '../../src/generate/model.js';
import { buildGuard, guardTester, infer, rowKey, type CategoricalColumn, type DataRow } from '../../src/infer/index.js';
import { fromBase64, toBase64 } from '../../src/infer/guard.js';
import { invalidRows, mean, rowsOf } from './helpers/fixtures.js';
import { exactCopyRate, qualityScore, scoreColumns } from './helpers/quality.js';

/** Three "species" with their own means, spreads and correlations (a single copula fits them poorly). */
function speciesSample(n: number): DataRow[] {
  const rng = Rng.fromSeed('species');
  return Array.from({ length: n }, (_, i) => {
    const species = ['alpha', 'beta', 'gamma'][i % 3] as string;
    const z = rng.normal();
    const size = { alpha: 10, beta: 30, gamma: 20 }[species]! + 2 * z;
    const weight = species === 'beta' ? 100 - 3 * z + rng.normal() : 50 + 4 * z + rng.normal();
    const island = species === 'gamma' ? 'north' : rng.float() < 0.5 ? 'south' : species === 'alpha' ? 'east' : 'west';
    return { species, island, size: Math.round(size * 10) / 10, weight: Math.round(weight * 10) / 10, tag: `T-${10000 + i * 3}` };
  });
}

const sample = speciesSample(1500);

describe('mixture of copulas', () => {
  const fitted = infer(sample);

  it('picks the key most associated with the other columns, one component per category', () => {
    expect(fitted.report.mixtureKey).toBe('species');
    expect(fitted.report.components).toBe(3);
    const model = fitted.model;
    expect(model.mixture).toEqual({ column: 'species', path: ['species'] });
    expect(model.components.map((c) => c.label).sort()).toEqual(['alpha', 'beta', 'gamma']);
    expect(model.components.reduce((s, c) => s + c.weight, 0)).toBeCloseTo(1, 6);
    for (const c of model.components) expect(c.columns.map((col) => col.name)).toEqual(['species', 'island', 'size', 'weight', 'tag']);
  });

  it('reproduces per-species structure a single copula cannot', () => {
    const generated = rowsOf(fitted.schema, 3000, 2);
    expect(invalidRows(fitted.schema, generated)).toEqual([]);
    const slope = (rows: readonly DataRow[], species: string): number => {
      const rs = rows.filter((r) => r.species === species);
      const xs = rs.map((r) => r.size as number);
      const ys = rs.map((r) => r.weight as number);
      const mx = mean(xs);
      const my = mean(ys);
      return xs.reduce((s, x, i) => s + (x - mx) * ((ys[i] as number) - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
    };
    // Weight falls with size for beta and rises for the others.
    expect(slope(generated, 'beta')).toBeLessThan(-1);
    expect(slope(generated, 'alpha')).toBeGreaterThan(1);
    expect(generated.filter((r) => r.species === 'gamma').every((r) => r.island === 'north')).toBe(true);
    const mixtureQuality = qualityScore(scoreColumns(fitted.model, sample, generated)).quality;
    const single = infer(sample, { mixture: false });
    expect(single.report.components).toBe(1);
    const singleQuality = qualityScore(scoreColumns(single.model, sample, rowsOf(single.schema, 3000, 2))).quality;
    expect(mixtureQuality).toBeGreaterThan(singleQuality);
  });

  it('identifiers stay unique and out of the sample across components', () => {
    const generated = rowsOf(fitted.schema, 3000, 2);
    const tags = generated.map((r) => r.tag as string);
    expect(new Set(tags).size).toBe(tags.length);
    const real = new Set(sample.map((r) => r.tag as string));
    expect(tags.filter((t) => real.has(t))).toEqual([]);
  });

  it('can be forced on a column, or refused', () => {
    expect(infer(sample, { mixture: 'island' }).report.mixtureKey).toBe('island');
    const tooSmall = infer(sample.slice(0, 120), { mixture: 'species' });
    expect(tooSmall.report.components).toBe(1);
    expect(tooSmall.report.warnings.some((w) => w.includes('mixture: "species"'))).toBe(true);
    let error: unknown;
    try {
      infer(sample, { mixture: 'size' });
    } catch (e) {
      error = e;
    }
    expect((error as SdgError).code).toBe('SDG_ERR_BAD_OPTION');
  });

  it('a category seen fewer than k times in a component keeps only the overall share there', () => {
    // "rare" occurs 3 times among alpha rows (below k = 5) and 60 times overall.
    const rows = sample.map((r, i) => ({ ...r, color: i % 3 === 0 ? (i < 9 ? 'rare' : 'plain') : i % 2 ? 'rare' : 'plain' }));
    const { model } = infer(rows, { mixture: 'species' });
    const alpha = model.components.find((c) => c.label === 'alpha')!;
    const color = alpha.columns.find((c) => c.name === 'color') as CategoricalColumn;
    const plainShare = 497 / 500;
    const weights = Object.fromEntries(color.values.map((v, i) => [String(v), color.weights[i]]));
    expect(weights.plain).toBeCloseTo(plainShare, 9);
    // The remaining 3/500 goes to "rare" as a back-off (its local count of 3 is not stored as such).
    expect(weights.rare).toBeCloseTo(1 - plainShare, 9);
    expect(color.values.indexOf('rare')).toBe(color.values.length - 1);
  });
});

describe('copy guard', () => {
  /** Nearly every row distinct, but few enough values that a faithful model draws some sample rows again. */
  const rng = Rng.fromSeed('copies');
  const rows: DataRow[] = Array.from({ length: 1000 }, () => {
    const a = rng.below(3);
    const c = rng.int(0, 199);
    return { a: `a${a}`, b: `b${(a + rng.below(2)) % 4}`, c, d: Math.min(220, Math.max(0, c + a * 5 + rng.int(-4, 4))), e: rng.bool(0.3) };
  });
  const key = (r: DataRow): string => JSON.stringify([r.a, r.b, r.c, r.d, r.e]);
  const count = new Map<string, number>();
  for (const r of rows) count.set(key(r), (count.get(key(r)) ?? 0) + 1);
  const copiesOfRare = (generated: readonly DataRow[]): number =>
    generated.filter((r) => (count.get(key(r)) ?? 0) > 0 && (count.get(key(r)) ?? 0) < 5).length;

  it('no generated row equals a sample row that fewer than k sample rows share', () => {
    expect(count.size).toBeGreaterThan(0.95 * rows.length);
    const guarded = infer(rows);
    expect(guarded.report.copyGuard).toBe(true);
    const generated = rowsOf(guarded.schema, 5000, 3);
    expect(copiesOfRare(generated)).toBe(0);
    expect(exactCopyRate(guarded.model, rows, generated)).toBe(0);
    const open = infer(rows, { copyGuard: false });
    expect(open.report.copyGuard).toBe(false);
    expect(copiesOfRare(rowsOf(open.schema, 5000, 3))).toBeGreaterThan(5);
    // Redraws are content-blind: the marginals hold.
    const share = (rs: readonly DataRow[]): number => rs.filter((r) => r.e === true).length / rs.length;
    expect(Math.abs(share(generated) - share(rows))).toBeLessThan(0.03);
    expect(Math.abs(mean(generated.map((r) => r.d as number)) - mean(rows.map((r) => r.d as number)))).toBeLessThan(1);
  });

  it('is left out when a column is personal data, or when sample rows repeat', () => {
    expect(infer(rows.map((r, i) => ({ ...r, email: `p${i}@mail.org` }))).report.copyGuard).toBe(false);
    const frequent = Array.from({ length: 200 }, (_, i) => ({ x: `x${i % 4}`, y: i % 2 === 0 }));
    expect(infer(frequent).report.copyGuard).toBe(false);
    const repeated = rows.map((r) => ({ a: r.a, b: r.b, e: r.e, c: Math.floor((r.c as number) / 10) }));
    expect(infer(repeated).report.copyGuard).toBe(false);
  });

  it('the filter flags every key it holds and about 5% of others', () => {
    const keys = Array.from({ length: 2000 }, (_, i) => rowKey([i, `k${i}`, null]));
    const guard = buildGuard(keys, 7);
    const test = guardTester(guard);
    expect(keys.every(test)).toBe(true);
    let flagged = 0;
    for (let i = 0; i < 20000; i++) if (test(rowKey([i + 5000, 'other', true]))) flagged++;
    expect(flagged / 20000).toBeGreaterThan(0.02);
    expect(flagged / 20000).toBeLessThan(0.08);
    expect(rowKey([-0, 1])).toBe('[0,1]');
  });

  it('base64 round-trips, and a malformed guard is an error with its pointer', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 31]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + 11) & 255);
      expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    }
    expect(() => fromBase64('a!b')).toThrow(RangeError);
    expect(() => guardTester({ filter: 'AA==', bits: 64, hashes: 2, salt: 1 })).toThrow(RangeError);
    const { model } = infer(rows);
    for (const copyGuard of [{ ...model.copyGuard!, filter: 'AA==' }, { ...model.copyGuard!, hashes: 0 }, 'x']) {
      let error: unknown;
      try {
        createModelSampler({ 'x-model': { ...model, copyGuard } as unknown as JsonValue }, '');
      } catch (e) {
        error = e;
      }
      expect((error as SdgError).pointer).toMatch(/^\/x-model\/copyGuard/);
    }
  });
});
