/**
 * The acceptance pair: the generator's default output for every example schema scans clean (5k rows here;
 * bench/pii.ts does 100k), and the same data with real-looking PII injected is blocked, naming the columns.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../src/core/types.js';
import { generate } from '../../src/generate/index.js';
import { scanPii } from '../../src/pii/index.js';

const DIR = new URL('../../examples/schemas/', import.meta.url);
const schemas = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const ROWS = 5000;

function rowsOf(file: string, count = ROWS): Record<string, unknown>[] {
  const schema = JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as JsonSchema;
  return [...generate(schema, { count, seed: 7 })] as Record<string, unknown>[];
}

describe('generator output scans clean', () => {
  it.each(schemas)('%s', (file) => {
    const result = scanPii(rowsOf(file));
    expect(
      result.findings.filter((f) => f.severity === 'blocking'),
      JSON.stringify(result.findings, null, 1),
    ).toEqual([]);
    expect(result.verdict).toBe('clean');
  });

  it('and its PII-shaped columns are recognised as synthetic, not skipped', () => {
    const result = scanPii(rowsOf('customers.json', 2000));
    const entities = new Set(result.synthetic.map((s) => `${s.column}:${s.entity}`));
    for (const e of ['email:email', 'phone:phone', 'first_name:person', 'last_name:person', 'address.street:street_address'])
      expect(entities).toContain(e);
  });

  it('free-text generators (notes, descriptions, bios, paragraphs) scan clean too', () => {
    const schema: JsonSchema = {
      type: 'object',
      required: ['notes', 'description', 'bio', 'summary', 'p', 'phrase', 'company', 'product', 'catch'],
      properties: {
        notes: { type: 'string' },
        description: { type: 'string' },
        bio: { type: 'string' },
        summary: { type: 'string', 'x-faker': 'commerce.productDescription' },
        p: { type: 'string', 'x-faker': 'lorem.paragraphs' },
        phrase: { type: 'string', 'x-faker': 'hacker.phrase' },
        company: { type: 'string', 'x-faker': 'company.name' },
        product: { type: 'string', 'x-faker': 'commerce.productName' },
        catch: { type: 'string', 'x-faker': 'company.catchPhrase' },
        full: { type: 'string', 'x-faker': 'person.fullName' },
        contact: { type: 'string', 'x-faker': 'internet.email' },
        site: { type: 'string', 'x-faker': 'internet.url' },
        ip6: { type: 'string', format: 'ipv6' },
        mac: { type: 'string', 'x-faker': 'internet.mac' },
        iban: { type: 'string', 'x-faker': 'finance.iban' },
        ssn: { type: 'string' },
      },
    };
    const result = scanPii(generate(schema, { count: 3000, seed: 3 }));
    expect(
      result.findings.filter((f) => f.severity === 'blocking'),
      JSON.stringify(result.findings, null, 1),
    ).toEqual([]);
  });
});

describe('injected real-looking PII is blocked, naming the columns', () => {
  it('cards, emails, SSNs, names in notes, and a value copied from the reference', () => {
    const rows = rowsOf('customers.json', 2000).map((row) => ({ ...row, notes: 'Adstringo curto suffoco tempus.', ssn: '912-34-5678' }));
    const reference = [
      { name: 'Priya Natarajan', email: 'priya.natarajan@outlook.com', city: 'Chennai' },
      { name: 'Wolfgang Oberhuber', email: 'w.oberhuber@gmx.at', city: 'Graz' },
    ];
    const inject = (i: number, patch: Record<string, unknown>): void => {
      rows[i] = { ...rows[i], ...patch };
    };
    inject(10, { card: '4532015112830366' }); // Luhn-valid Visa, not a test card
    inject(20, { email: 'jane.smith1987@gmail.com' });
    inject(30, { ssn: '536-22-8791' });
    inject(40, { notes: 'Called Amélie Dubois about the refund, she was upset.' });
    inject(50, { email: 'w.oberhuber@gmx.at' }); // copied from the reference
    for (let i = 0; i < rows.length; i++) if (rows[i]?.card === undefined) rows[i] = { ...rows[i], card: '4242424242424242' };
    const result = scanPii(rows, { reference });
    expect(result.verdict).toBe('blocked');
    const blocking = new Set(result.findings.filter((f) => f.severity === 'blocking').map((f) => `${f.column}:${f.entity}`));
    expect([...blocking].sort()).toEqual(['card:credit_card', 'email:email', 'email:leaked_value', 'notes:person', 'ssn:us_ssn']);
    expect(result.findings.find((f) => f.entity === 'leaked_value')?.exampleRows).toEqual([50]);
    expect(result.findings.find((f) => f.column === 'ssn')?.exampleRows).toEqual([30]);
  });
});
