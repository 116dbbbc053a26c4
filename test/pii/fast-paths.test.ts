/**
 * The scanner's per-column fast checks settle a value only when the full scan would settle it the same way.
 * The UUID and documentation-IP checks read characters by hand now; here they meet the regex and core's
 * classifier they stand in for, and the per-column tally of safe matches meets a plain count.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipAddressKind } from '../../src/core/safe-ranges.js';
import { columnContext } from '../../src/pii/context.js';
import { FAST_CHECKS, type Sink } from '../../src/pii/recognize.js';
import { scanPii } from '../../src/pii/index.js';
import type { PiiEntity } from '../../src/pii/types.js';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function recordingSink(): { sink: Sink; safe: PiiEntity[] } {
  const safe: PiiEntity[] = [];
  const sink: Sink = {
    hit: () => undefined,
    safe: (entity) => void safe.push(entity),
    budget: () => false,
    unverified: () => undefined,
    cardShaped: () => undefined,
    people: () => [],
  };
  return { sink, safe };
}

describe('fast checks', () => {
  const ctx = columnContext('value');
  const uuid = FAST_CHECKS.uuid!(ctx)!;
  const ip = FAST_CHECKS.ip!(ctx)!;

  it('uuid: exactly the 8-4-4-4-12 hex shape', () => {
    const hex = fc.constantFrom(...'0123456789abcdefABCDEFgG-xé ');
    const nearUuid = fc.tuple(fc.uuid(), fc.nat({ max: 40 }), hex, fc.boolean()).map(([u, i, ch, upper]) => {
      const s = upper ? u.toUpperCase() : u;
      return i >= s.length ? s + ch : s.slice(0, i) + ch + s.slice(i + 1);
    });
    fc.assert(
      fc.property(fc.oneof(fc.uuid(), nearUuid, fc.string({ unit: hex, maxLength: 40 })), (s) => {
        const { sink, safe } = recordingSink();
        expect(uuid(s, sink)).toBe(UUID.test(s));
        expect(safe).toEqual([]);
      }),
      { numRuns: 20_000 },
    );
  });

  it('ip: settles exactly the documentation addresses of up to 15 characters, as safe', () => {
    const octet = fc.oneof(
      fc.integer({ min: 0, max: 255 }).map(String),
      fc.constantFrom('192', '198', '203', '0', '2', '51', '100', '113', '256', '01', '007', '1000', ''),
    );
    const dotted = fc.array(octet, { minLength: 2, maxLength: 5 }).map((parts) => parts.join('.'));
    const other = fc.constantFrom('2001:db8::1', '::ffff:192.0.2.1', ' 192.0.2.1', '192.0.2.1 ', '198.51.100.7\n', '203.0.113.255', 'x');
    fc.assert(
      fc.property(fc.oneof(dotted, other, fc.string({ maxLength: 16 })), (s) => {
        const { sink, safe } = recordingSink();
        const expected = s.length <= 15 && ipAddressKind(s) === 'documentation';
        expect(ip(s, sink)).toBe(expected);
        expect(safe).toEqual(expected ? ['ip_address'] : []);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('safe-match tallies', () => {
  it('count each entity of a column, listed in first-seen order, however the entities interleave', () => {
    const values = ['jo@example.com', '(212) 555-0199', 'amy@example.org', 'kim@example.net', '+1 212 555 0123', 'al@example.com'];
    const rows = Array.from({ length: 900 }, (_, i) => ({ contact: values[(i * 7 + (i >> 3)) % values.length] }));
    const result = scanPii(rows);
    const expected = new Map<string, number>();
    for (const row of rows) {
      const entity = row.contact!.includes('@') ? 'email' : 'phone';
      expected.set(entity, (expected.get(entity) ?? 0) + 1);
    }
    expect(result.synthetic.map((s) => [s.entity, s.count])).toEqual([...expected]);
    expect(result.verdict).toBe('clean');
  });
});
