/** Shared helpers for the infer tests: a correlated synthetic sample, Ajv validation, small statistics. */
import { Rng } from '../../../src/core/rng.js';
import type { JsonSchema, JsonValue } from '../../../src/core/types.js';
import { generate } from '../../../src/generate/index.js';
import type { DataRow } from '../../../src/infer/index.js';
import { createAjv } from '../../../src/schema/validator.js';

export function rowsOf(schema: JsonSchema, count: number, seed: number | string = 1, offset = 0): DataRow[] {
  return [...generate(schema, { count, seed, offset })] as DataRow[];
}

/** Every row valid against the schema, checked by a fresh Ajv (2020-12, formats asserted); returns the errors. */
export function invalidRows(schema: JsonSchema, rows: readonly JsonValue[]): string[] {
  const ajv = createAjv('2020-12', { allErrors: true });
  const validate = ajv.compile(schema as object);
  const errors: string[] = [];
  rows.forEach((row, i) => {
    if (!validate(row)) errors.push(`row ${i}: ${JSON.stringify(validate.errors?.slice(0, 2))}`);
  });
  return errors;
}

export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

export function quantile(values: readonly number[], p: number): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return (sorted[lo] as number) + (h - lo) * ((sorted[Math.min(sorted.length - 1, lo + 1)] as number) - (sorted[lo] as number));
}

export function pearson(a: readonly number[], b: readonly number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += ((a[i] as number) - ma) * ((b[i] as number) - mb);
    saa += ((a[i] as number) - ma) ** 2;
    sbb += ((b[i] as number) - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/**
 * A sample with known structure: income (lognormal) and spend (0.8 correlated on the normal scale), an integer
 * age, a 3-level tier driven by income, a boolean, a signup date tied to age, nulls in spend (more for low
 * incomes) and a nested address that is sometimes null or absent.
 */
export function correlatedSample(n: number, seed = 'correlated'): DataRow[] {
  const rng = Rng.fromSeed(seed);
  const rows: DataRow[] = [];
  for (let i = 0; i < n; i++) {
    const z1 = rng.normal();
    const z2 = 0.8 * z1 + 0.6 * rng.normal();
    const z3 = rng.normal();
    const income = Math.round(Math.exp(10.5 + 0.5 * z1));
    const spend = Math.round(Math.exp(7 + 0.4 * z2) * 100) / 100;
    const age = Math.max(18, Math.min(90, Math.round(45 + 12 * z3)));
    const tier = z1 + 0.3 * rng.normal() > 0.8 ? 'gold' : z1 > -0.5 ? 'silver' : 'bronze';
    const active = rng.float() < 0.7;
    const signup = new Date(Date.UTC(2015, 0, 1) + Math.round((3 - 0.4 * z3 + rng.float()) * 365) * 86_400_000).toISOString().slice(0, 10);
    const row: DataRow = { income, spend: rng.float() < (z1 < 0 ? 0.2 : 0.02) ? null : spend, age, tier, active, signup };
    const where = rng.float();
    if (where < 0.1) row.address = null;
    else if (where < 0.15) {
      // absent
    } else row.address = { city: ['Lyon', 'Oslo', 'Quito', 'Perth'][rng.below(4)] as string, floor: rng.int(0, 12) };
    rows.push(row);
  }
  return rows;
}
