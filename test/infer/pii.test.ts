import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { infer, type DataRow } from '../../src/infer/index.js';
import { invalidRows, rowsOf } from './helpers/fixtures.js';

/**
 * A customer table full of personal data. Names are built from syllables and checked to be outside faker's
 * lists, so any generated name equal to a sample name would be a copy, not a coincidence.
 */
const rng = Rng.fromSeed('pii-fixture');
const SYLLABLES = ['zor', 'bal', 'qui', 'ven', 'tak', 'mir', 'los', 'dra', 'fen', 'gul', 'hax', 'ruo'];
const word = (): string => {
  let w = '';
  for (let i = 0; i < 3; i++) w += SYLLABLES[rng.below(SYLLABLES.length)];
  return (w[0] as string).toUpperCase() + w.slice(1);
};
/** A Luhn-valid 16-digit number in groups of four (not a published test number). */
function luhnCard(i: number): string {
  const body = `4${String(539148803436 + i * 7919).padStart(14, '0')}`.slice(0, 15);
  let sum = 0;
  for (let k = 0; k < 15; k++) {
    let d = Number(body[14 - k]);
    if (k % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  const number = body + String((10 - (sum % 10)) % 10);
  return number.replace(/(.{4})(?=.)/g, '$1 ');
}

const sample: DataRow[] = Array.from({ length: 400 }, (_, i) => {
  const first = word();
  const last = word();
  return {
    customer_id: `CU-${100000 + i * 7}`,
    account_id: 7_000_000 + i * 3,
    full_name: `${first} ${last}`,
    contact: `${last}, ${first}`,
    email: `${first.toLowerCase()}.${last.toLowerCase()}@gmail.com`,
    phone: `+1 (415) ${String(200 + (i % 700)).padStart(3, '0')}-${1000 + ((i * 13) % 9000)}`,
    address: `${10 + i} ${word()} Street`,
    ssn: `${String(100 + i).padStart(3, '0')}-${10 + (i % 80)}-${1000 + i}`,
    card: luhnCard(i % 6),
    notes: `Customer ${first} called about order ${i} and asked for a refund`,
    ip: `81.2.${i % 250}.${(i * 7) % 250}`,
    uid: `${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}-1111-4111-8111-${String(i).padStart(12, '0')}`,
    dob: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
    plan: ['free', 'pro', 'team'][i % 3],
    spend: Math.round(rng.float() * 10000) / 100,
  };
});

const PERSONAL = [
  'customer_id',
  'account_id',
  'full_name',
  'contact',
  'email',
  'phone',
  'address',
  'ssn',
  'card',
  'notes',
  'ip',
  'uid',
  'dob',
];
const { schema, model, report } = infer(sample);
const generated = rowsOf(schema, 3000, 11);

describe('PII-aware fitting', () => {
  it('the fixture names are not in faker lists (a match would be a copy)', () => {
    const faker = (
      createRequire(import.meta.url)('@faker-js/faker/locale/en') as {
        faker: { rawDefinitions: { person: { first_name: Record<string, string[]>; last_name: Record<string, string[]> } } };
      }
    ).faker;
    const known = new Set([
      ...Object.values(faker.rawDefinitions.person.first_name).flat(),
      ...Object.values(faker.rawDefinitions.person.last_name).flat(),
    ]);
    for (const row of sample) for (const part of String(row.full_name).split(' ')) expect(known.has(part)).toBe(false);
  });

  it('classifies personal columns as semantic, by name and by value shape', () => {
    const byName = Object.fromEntries(report.columns.map((c) => [c.name, c]));
    expect(byName.customer_id).toMatchObject({ generator: 'semantic', semantic: 'identifier', pattern: '^CU-[0-9]{6}$' });
    expect(byName.account_id).toMatchObject({ generator: 'semantic', semantic: 'identifier' });
    expect(byName.full_name?.semantic).toBe('fullName');
    expect(byName.contact?.semantic).toBe('text');
    expect(byName.email?.semantic).toBe('email');
    expect(byName.phone?.semantic).toBe('phone');
    expect(byName.address?.semantic).toBe('streetAddress');
    expect(byName.ssn?.semantic).toBe('ssn');
    expect(byName.card?.semantic).toBe('creditCard');
    expect(byName.notes?.semantic).toBe('text');
    expect(byName.ip?.semantic).toBe('ipv4');
    expect(byName.uid?.semantic).toBe('uuid');
    expect(byName.dob?.semantic).toBe('birthDate');
    expect(byName.plan?.generator).toBe('marginal');
    expect(byName.spend?.generator).toBe('marginal');
    for (const name of PERSONAL) {
      expect(byName[name]?.min).toBeUndefined();
      expect(byName[name]?.max).toBeUndefined();
    }
  });

  it('no real value of a personal column appears in the serialized schema, model or report', () => {
    const text = JSON.stringify({ schema, report });
    for (const column of PERSONAL) {
      for (const row of sample) {
        const value = String(row[column]);
        expect(text.includes(JSON.stringify(value)), `${column} ${value}`).toBe(false);
        if (value.length >= 6) expect(text.includes(value), `${column} ${value}`).toBe(false);
      }
    }
    for (const component of model.components)
      for (const column of component.columns) if (PERSONAL.includes(column.name)) expect(column.generator).toBe('semantic');
  });

  it('no real value of a personal column ever appears in generated output', () => {
    // Birth dates are the exception: 400 birthdays among 24,000 days must meet generated ones by chance (below).
    for (const column of PERSONAL.filter((c) => c !== 'dob')) {
      const real = new Set(sample.map((r) => String(r[column])));
      const hits = generated.filter((r) => real.has(String(r[column])));
      expect(
        hits.map((r) => r[column]),
        column,
      ).toEqual([]);
    }
  });

  it('generated personal values do not depend on the sample at all (they are never copied)', () => {
    const altered = sample.map((row, i) => ({
      ...row,
      full_name: `Other ${i}`,
      dob: '2001-01-01',
      email: `x${i}@corp.example`,
      notes: `Someone Else wrote about item ${i} and asked for a call`,
    }));
    const again = rowsOf(infer(altered).schema, 300, 11);
    for (const column of ['full_name', 'dob', 'email', 'notes', 'phone', 'ssn']) {
      expect(
        again.map((r) => r[column]),
        column,
      ).toEqual(generated.slice(0, 300).map((r) => r[column]));
    }
  });

  it('generates valid, safe-looking values', () => {
    expect(invalidRows(schema, generated)).toEqual([]);
    for (const row of generated.slice(0, 200)) {
      expect(row.customer_id).toMatch(/^CU-[02-9][0-9]{5}$/); // the sample only has CU-1…: position 0 is kept out of it
      expect(row.email).toMatch(/@(example\.(com|org|net)|[a-z]+\.test|[a-z.]*example)$/);
      expect(row.phone).toMatch(/555-01\d\d$|5550[1]\d\d$/);
      expect(row.ssn).toMatch(/^9\d\d-\d\d-\d{4}$/);
      expect(String(row.ip)).toMatch(/^(192\.0\.2|198\.51\.100|203\.0\.113)\./);
      expect(row.account_id as number).toBeGreaterThanOrEqual(10_000_000);
      expect(row.dob).toMatch(/^(19[4-9]\d|200[0-6])-\d\d-\d\d$/);
    }
  });

  it('identifiers are unique', () => {
    for (const column of ['customer_id', 'account_id'])
      expect(new Set(generated.map((r) => r[column])).size, column).toBe(generated.length);
  });

  it('categories seen fewer than k times are never stored nor generated', () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ city: i < 196 ? ['Oslo', 'Lima'][i % 2] : `Tiny${i}` }));
    const fit = infer(rows);
    const text = JSON.stringify(fit.schema);
    for (let i = 196; i < 200; i++) expect(text.includes(`Tiny${i}`)).toBe(false);
    expect(rowsOf(fit.schema, 500).every((r) => r.city === 'Oslo' || r.city === 'Lima')).toBe(true);
  });
});
