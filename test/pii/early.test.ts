/**
 * scanString settles the generator's common shapes (names, streets, UUIDs, date-times, emails, documentation
 * IPs, fictional NANP numbers, plain prose) before the character census. That may change what a value costs,
 * never what it yields: here every value meets scanStringFully, the census path alone, in many columns, and
 * both must tell the sink the same things in the same order.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../src/core/types.js';
import { generate } from '../../src/generate/index.js';
import { IBAN_LENGTHS } from '../../src/pii/checks.js';
import { columnContext } from '../../src/pii/context.js';
import { scanString, scanStringFully, type Sink } from '../../src/pii/recognize.js';
import { buildCorpus } from '../fixtures/pii/corpus.js';

const COLUMNS = [
  'value',
  'id',
  'notes',
  'description',
  'first_name',
  'name',
  'customer',
  'contact',
  'street',
  'address.street',
  'email',
  'phone',
  'ip',
  'created_at',
  'dob',
  'mac',
  'company.name',
  'city',
  'order_id',
];

function record(run: (sink: Sink) => void): string[] {
  const calls: string[] = [];
  const sink: Sink = {
    hit: (entity, score, text, reason, where) => void calls.push(`hit ${entity} ${score} ${text} ${reason} ${where}`),
    safe: (entity) => void calls.push(`safe ${entity}`),
    budget: (kind) => (calls.push(`budget ${kind}`), true),
    unverified: (kind, entity, score) => void calls.push(`unverified ${kind} ${entity} ${score}`),
    cardShaped: (passed) => void calls.push(`card ${passed}`),
    people: (text) => (calls.push(`people ${text}`), []),
  };
  run(sink);
  return calls;
}

const contexts = COLUMNS.map((column) => [column, columnContext(column)] as const);

/** The mismatches of `values` in every column (empty when the early settlements change nothing). */
function mismatches(values: Iterable<string>): string[] {
  const out: string[] = [];
  for (const value of values) {
    for (const [column, ctx] of contexts) {
      const early = record((sink) => scanString(value, ctx, sink));
      const full = record((sink) => scanStringFully(value, ctx, sink));
      if (JSON.stringify(early) !== JSON.stringify(full))
        out.push(`${column}: ${JSON.stringify(value)} ${early.join('; ')} ≠ ${full.join('; ')}`);
    }
  }
  return out;
}

function leaves(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) leaves(item, out);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) leaves(item, out);
}

describe('early settlements', () => {
  it('agree with the census path on the generator output of every example schema', () => {
    const dir = new URL('../../examples/schemas/', import.meta.url);
    const values: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const schema = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as JsonSchema;
      for (const row of generate(schema, { count: 300, seed: 11 })) leaves(row, values);
    }
    expect(mismatches(new Set(values))).toEqual([]);
  });

  it('agree with the census path on the labelled corpus (positives, look-alikes, safe values)', () => {
    const values = buildCorpus()
      .map((item) => item.value)
      .filter((v): v is string => typeof v === 'string');
    expect(mismatches(new Set(values))).toEqual([]);
  });

  it('agree with the census path near the shapes they accept', () => {
    const near = (base: fc.Arbitrary<string>): fc.Arbitrary<string> =>
      fc
        .tuple(base, fc.nat({ max: 40 }), fc.constantFrom(...'0aZ -.:@/(+é\t'), fc.boolean(), fc.boolean())
        .map(([s, i, ch, upper, cut]) => {
          const t = upper ? s.toUpperCase() : s;
          if (cut) return t.slice(0, i) + t.slice(i + 1);
          return i >= t.length ? t + ch : t.slice(0, i) + ch + t.slice(i + 1);
        });
    const digits = (n: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
    const word = fc.constantFrom(
      'Calista',
      'Torp',
      'Davis',
      'Wilderman',
      "O'Keefe",
      'Dr.',
      'Jr.',
      'McKenzie',
      'Lime',
      'Grove',
      'Oval',
      'calista',
      'Maria',
    );
    const shapes = fc.oneof(
      fc.uuid(),
      fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((d) => d.toISOString()),
      fc.tuple(digits(4), digits(2), digits(2)).map(([y, m, d]) => `${y}-${m}-${d}`),
      fc
        .tuple(
          fc.stringMatching(/^[a-z0-9._%+-]{1,12}$/),
          fc.constantFrom('example.com', 'inbox.test', 'mail.example', 'gmail.com', 'example.co'),
        )
        .map(([l, d]) => `${l}@${d}`),
      fc
        .tuple(fc.constantFrom('192.0.2.', '198.51.100.', '203.0.113.', '10.0.0.', '8.8.8.'), fc.nat({ max: 300 }))
        .map(([p, n]) => `${p}${n}`),
      fc
        .tuple(
          fc.constantFrom('', '+1 ', '+1', '1-', '(0'),
          fc.oneof(digits(3), fc.constantFrom('212', '(212)', '(212) ')),
          fc.constantFrom('-', ' ', '.', ''),
          fc.oneof(fc.constantFrom('555', '556'), digits(3)),
          fc.constantFrom('-', ' ', ''),
          fc.oneof(fc.constantFrom('0100', '0199', '0200', '01'), digits(4)),
        )
        .map((parts) => parts.join('')),
      fc.array(word, { minLength: 1, maxLength: 7 }).map((w) => w.join(' ')),
      fc.tuple(word, word).map(([a, b]) => `${a}-${b}`),
      fc.tuple(digits(4), word, fc.constantFrom('Oval', 'Grove', 'Roads', 'Street', 'Apt. 123')).map(([n, w, s]) => `${n} ${w} ${s}`),
      fc.lorem({ maxCount: 12 }).map((t) => t.charAt(0).toUpperCase() + t.slice(1) + '!'),
      fc.constantFrom('We need to navigate the open-source SMTP feed!', 'ab-cd-ef-ab-cd-ef', 'abcd.efab.cdef', '/home/calista/notes'),
    );
    fc.assert(
      fc.property(fc.oneof(shapes, near(shapes)), (value) => {
        expect(mismatches([value])).toEqual([]);
      }),
      { numRuns: 4000 },
    );
  });

  it('rely on no IBAN country being spelled in hex at a UUID’s 32 characters', () => {
    for (const [country, length] of Object.entries(IBAN_LENGTHS)) if (/^[A-F]{2}$/.test(country)) expect(length).not.toBe(32);
  });
});
