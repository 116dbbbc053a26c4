import { describe, expect, it } from 'vitest';
import { isSdgError } from '../../src/core/errors.js';
import { createPiiScanner, formatPiiReport, scanPii, type PiiFinding, type PiiScanResult } from '../../src/pii/index.js';

function find(result: PiiScanResult, column: string, entity: string): PiiFinding | undefined {
  return result.findings.find((f) => f.column === column && f.entity === entity);
}

/** Raw values planted below: none of them (nor an 8-character piece of one) may appear in a result or report. */
const RAW = {
  email: 'maria.gonzalez@gmail.com',
  card: '4532015112830366',
  ssn: '536-22-8791',
  iban: 'DE44500105175407324931',
  phone: '+44 20 7123 4567',
  name: 'Siobhán O’Brien',
  note: 'Called Hiroshi Tanaka about the refund; his card 4929 1234 5678 9015 was charged twice.',
};

function rows(n: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      email: i === 3 ? RAW.email : `user${i}@example.com`,
      card: i === 5 ? RAW.card : '4242424242424242',
      ssn: i === 7 ? RAW.ssn : `9${String(10 + (i % 89)).padStart(2, '0')}-12-${String(1000 + i).padStart(4, '0')}`,
      iban: i === 2 ? RAW.iban : 'GB82WEST12345698765432',
      phone: i === 4 ? RAW.phone : `(415) 555-01${String(i % 100).padStart(2, '0')}`,
      customer: { name: i === 6 ? RAW.name : 'Calista Torp', address: { street: '370 Lime Grove', city: 'Lake Oliver' } },
      notes: i === 8 ? RAW.note : 'Adstringo curto suffoco tempus commodo curis calco tenuis.',
      amount: 12.5 + i,
      status: i % 2 ? 'active' : 'closed',
    });
  }
  return out;
}

describe('scanPii', () => {
  const result = scanPii(rows(40));

  it('blocks real-looking PII and names the columns, with counts, shares, rows and masked examples', () => {
    expect(result.verdict).toBe('blocked');
    expect(result.rowsScanned).toBe(40);
    const expected: [string, string, number][] = [
      ['email', 'email', 3],
      ['card', 'credit_card', 5],
      ['ssn', 'us_ssn', 7],
      ['iban', 'iban', 2],
      ['phone', 'phone', 4],
      ['customer.name', 'person', 6],
      ['notes', 'person', 8],
      ['notes', 'credit_card', 8],
    ];
    for (const [column, entity, row] of expected) {
      const f = find(result, column, entity);
      expect(f, `${column} ${entity}`).toBeDefined();
      expect(f?.severity).toBe('blocking');
      expect(f?.count).toBe(1);
      expect(f?.share).toBe(0.025);
      expect(f?.exampleRows).toEqual([row]);
      expect(f?.maskedExample.length).toBeGreaterThan(0);
      expect(f?.remediation).toContain(column);
      expect(f?.confidence).toBeGreaterThanOrEqual(0.5);
    }
    expect(find(result, 'notes', 'person')?.where).toBe('text');
    expect(find(result, 'email', 'email')?.remediation).toMatch(/format: email|internet\.email/);
  });

  it('recognises the safe spaces and does not report them', () => {
    const synthetic = new Map(result.synthetic.map((s) => [`${s.column} ${s.entity}`, s.count]));
    expect(synthetic.get('email email')).toBe(39);
    expect(synthetic.get('card credit_card')).toBe(39);
    expect(synthetic.get('iban iban')).toBe(39);
    expect(synthetic.get('ssn us_ssn')).toBe(39);
    expect(synthetic.get('phone phone')).toBe(39);
    expect(synthetic.get('customer.name person')).toBe(39);
    expect(synthetic.get('customer.address.street street_address')).toBe(40);
    expect(result.findings.some((f) => f.column === 'id' || f.column === 'amount' || f.column === 'status')).toBe(false);
  });

  it('never puts a raw value in findings or reports', () => {
    const outputs = [JSON.stringify(result), formatPiiReport(result)];
    for (const raw of Object.values(RAW)) {
      const compact = raw.replace(/[^\p{L}\p{N}]/gu, '');
      for (const out of outputs) {
        expect(out).not.toContain(raw);
        const flat = out.replace(/[^\p{L}\p{N}]/gu, '');
        for (let i = 0; i + 8 <= compact.length; i++) expect(flat, raw).not.toContain(compact.slice(i, i + 8));
      }
    }
  });

  it('streams: createPiiScanner gives what scanPii gives', () => {
    const scanner = createPiiScanner();
    for (const row of rows(40)) scanner.add(row);
    expect(scanner.finish()).toEqual(result);
  });

  it('follows nested arrays, restricts to --columns, scans numbers', () => {
    const r = scanPii([{ items: [{ contact: 'ops@gmail.com' }, { contact: 'x@example.com' }], ssn: 536228791, other: 'jane@gmail.com' }], {
      columns: ['items', 'ssn'],
    });
    expect(r.findings.map((f) => `${f.column}:${f.entity}`).sort()).toEqual(['items[].contact:email', 'ssn:us_ssn']);
    expect(r.columnsScanned).toBe(2);
    expect(scanPii(['8.8.8.8']).findings.map((f) => f.column)).toEqual(['$']);
  });
});

describe('policy', () => {
  const data = [{ email: 'maria.gonzalez@gmail.com', dob: '1984-03-05' }];

  it('blocking can be switched off: verdict clean, wouldBlock still true', () => {
    const r = scanPii(data, { policy: { block: false } });
    expect(r.verdict).toBe('clean');
    expect(r.wouldBlock).toBe(true);
    expect(formatPiiReport(r)).toContain('blocking is off');
  });

  it('dates of birth warn by default and block when asked', () => {
    expect(find(scanPii(data), 'dob', 'date_of_birth')?.severity).toBe('warning');
    const r = scanPii(data, { policy: { blockEntities: ['date_of_birth'] } });
    expect(find(r, 'dob', 'date_of_birth')?.severity).toBe('blocking');
    expect(find(r, 'email', 'email')?.severity).toBe('warning');
  });

  it('allow rules accept a finding; minConfidence moves the line', () => {
    const r = scanPii(data, { policy: { allow: [{ column: 'email', entity: 'email' }] } });
    expect(r.verdict).toBe('clean');
    expect(find(r, 'email', 'email')?.allowed).toBe(true);
    expect(scanPii([{ value: '(212) 736-5000' }], { policy: { minConfidence: 0.7 } }).verdict).toBe('clean');
    expect(scanPii([{ value: '(212) 736-5000' }]).verdict).toBe('blocked');
  });

  it('rejects a bad policy with a message naming the field', () => {
    for (const policy of [{ minConfidence: 2 }, { blockEntities: ['nope'] }, { block: 'yes' }, { allow: [{}] }]) {
      try {
        scanPii([], { policy: policy as never });
        expect.unreachable();
      } catch (error) {
        expect(isSdgError(error) && error.code).toBe('SDG_ERR_BAD_OPTION');
      }
    }
    expect(() => scanPii([], { validationBudget: -1 })).toThrow(/validationBudget/);
  });
});

describe('column evidence and budgets', () => {
  it('random 16-digit ids that sometimes pass Luhn are not cards', () => {
    const ids: { ref: string }[] = [];
    for (let i = 0; i < 200; i++) ids.push({ ref: `4${String(i * 7919 + 123456789012345).padStart(15, '0')}` });
    const r = scanPii(ids);
    const f = find(r, 'ref', 'credit_card');
    expect(f === undefined || f.severity === 'warning').toBe(true);
  });

  it('a column that is mostly names is a name column, even unnamed', () => {
    const people = ['Hiroshi Tanaka', 'Priya Natarajan', 'Maria Gonzalez', 'Wei Zhang', 'Amélie Dubois'];
    const r = scanPii(Array.from({ length: 50 }, (_, i) => ({ c7: people[i % people.length] })));
    expect(find(r, 'c7', 'person')?.severity).toBe('blocking');
    expect(scanPii([{ c7: 'Maria Gonzalez' }]).verdict).toBe('clean');
  });

  it('past the validation budget, counts are extrapolated and say so', () => {
    const phones = Array.from({ length: 300 }, (_, i) => ({
      phone: `+44 20 7${String(100 + (i % 800)).padStart(3, '0')} ${String(1000 + i).padStart(4, '0')}`,
    }));
    const full = scanPii(phones);
    const sampled = scanPii(phones, { validationBudget: 20 });
    const a = find(full, 'phone', 'phone');
    const b = find(sampled, 'phone', 'phone');
    expect(a?.estimated).toBe(false);
    expect(b?.estimated).toBe(true);
    expect(Math.abs((b?.count ?? 0) - (a?.count ?? 0))).toBeLessThanOrEqual(30);
    expect(b?.reasons.join(' ')).toMatch(/extrapolated/);
  });
});

describe('leak check', () => {
  const reference = [
    { name: 'Maria Gonzalez', email: 'maria.gonzalez@gmail.com', first_name: 'Maria', status: 'active', phone: '+44 20 7123 4567' },
    { name: 'Hiroshi Tanaka', email: 'h.tanaka@yahoo.co.jp', first_name: 'Hiroshi', status: 'closed', phone: '+81 3-1234-5678' },
    { name: 'Calista Torp', email: 'calista@hotmail.com', first_name: 'Calista', status: 'active', phone: '+49 30 901820' },
  ];

  it('a value copied from a PII-like reference column blocks, wherever it lands', () => {
    const out = [
      { customer: 'Jane Roe', contact: 'jane@example.com', memo: 'ok', status: 'active' },
      { customer: 'Calista Torp', contact: 'x@example.com', memo: 'Hiroshi Tanaka called twice', status: 'active' },
      { customer: 'Tyrese Boehm', contact: 'y@example.com', memo: 'reach +44 (20) 7123-4567', status: 'closed' },
    ];
    const r = scanPii(out, { reference });
    expect(r.reference?.piiColumns).toEqual(['email', 'first_name', 'name', 'phone']);
    const memo = find(r, 'memo', 'leaked_value');
    expect(memo?.severity).toBe('blocking');
    expect(memo?.referenceColumn).toContain('name');
    expect(memo?.count).toBe(2);
    // A name the generator dictionary can produce may be chance: a warning, not a block.
    expect(find(r, 'customer', 'leaked_value')?.severity).toBe('warning');
    // Single first names and non-PII columns (status) are not leaks.
    expect(r.findings.some((f) => f.column === 'status')).toBe(false);
  });

  it('a whole reference row in the output blocks as copied_row', () => {
    const out = [
      { ...reference[1] },
      { name: 'Jane Roe', email: 'j@example.com', first_name: 'Jane', status: 'active', phone: '(415) 555-0100' },
    ];
    const r = scanPii(out, { reference });
    const f = find(r, '*', 'copied_row');
    expect(f?.severity).toBe('blocking');
    expect(f?.exampleRows).toEqual([0]);
    expect(JSON.stringify(r)).not.toContain('h.tanaka@yahoo.co.jp');
  });

  it('a sample without a distinctive column is not row-checked', () => {
    const r = scanPii([{ status: 'active', tier: 'a' }], {
      reference: [
        { status: 'active', tier: 'a' },
        { status: 'active', tier: 'a' },
      ],
    });
    expect(r.reference?.rowKeyColumns).toEqual([]);
    expect(r.verdict).toBe('clean');
  });
});
