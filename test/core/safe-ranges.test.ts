import { describe, expect, it } from 'vitest';
import {
  DOCUMENTATION_IP_RANGES,
  DOCUMENTATION_MAC_RANGES,
  EXAMPLE_IBANS,
  GENERATION_DOMAINS,
  GENERATION_IPV4_PREFIXES,
  SAFE_DOMAINS,
  SAFE_PHONE_RANGES,
  SAFE_RANGES,
  SSN_SPACE,
  TEST_CARDS,
  ibanChecksumValid,
  isDocumentationIp,
  isDocumentationMac,
  isExampleIban,
  isSafeEmail,
  isSafeEmailDomain,
  isSafeHostname,
  isSafePhone,
  isSafeSsn,
  isTestCardNumber,
  luhnValid,
} from '../../src/core/safe-ranges.js';

describe('safe-ranges table', () => {
  it('names a source for every entry', () => {
    const entries = [
      ...SAFE_DOMAINS,
      ...SAFE_PHONE_RANGES,
      SSN_SPACE,
      ...TEST_CARDS,
      ...DOCUMENTATION_IP_RANGES,
      ...DOCUMENTATION_MAC_RANGES,
      ...EXAMPLE_IBANS,
    ];
    for (const e of entries) {
      expect(e.source.authority.length, JSON.stringify(e)).toBeGreaterThan(1);
      expect(e.source.reference.length, JSON.stringify(e)).toBeGreaterThan(1);
    }
    expect(Object.keys(SAFE_RANGES).sort()).toEqual(['domains', 'ibans', 'ipRanges', 'macRanges', 'phones', 'ssn', 'testCards']);
  });

  it('keeps phone range bounds equal-length digit strings with from <= to', () => {
    for (const r of SAFE_PHONE_RANGES) {
      expect(r.from).toMatch(/^\d+$/);
      expect(r.to.length).toBe(r.from.length);
      expect(r.from <= r.to).toBe(true);
    }
  });

  it('recognises everything the generator draws from', () => {
    for (const d of GENERATION_DOMAINS) {
      expect(isSafeEmailDomain(d), d).toBe(true);
      expect(isSafeEmail(`jane.doe42@${d}`)).toBe(true);
    }
    for (const p of GENERATION_IPV4_PREFIXES) for (const h of [0, 1, 128, 255]) expect(isDocumentationIp(`${p}${h}`), p).toBe(true);
  });
});

describe('isSafeEmailDomain / isSafeHostname', () => {
  it('accepts reserved names and everything under them', () => {
    for (const d of [
      'example.com',
      'EXAMPLE.ORG',
      'example.net.',
      'mail.example.com',
      'a.b.example.org',
      'foo.test',
      'test',
      'x.example',
      'nothing.invalid',
      'localhost',
      'app.localhost',
      'bücher.example',
    ]) {
      expect(isSafeEmailDomain(d), d).toBe(true);
    }
    expect(isSafeHostname('www.example.com')).toBe(true);
  });
  it('rejects real and look-alike domains', () => {
    for (const d of [
      'gmail.com',
      'example.co',
      'examplecom',
      'notexample.com',
      'example.com.evil.org',
      'test.com',
      'example.co.uk',
      'testing',
      '',
    ]) {
      expect(isSafeEmailDomain(d), d).toBe(false);
    }
    expect(isSafeEmail('jane@gmail.com')).toBe(false);
    expect(isSafeEmail('@example.com')).toBe(false);
    expect(isSafeEmail('jane@example.com')).toBe(true);
  });
});

describe('isSafePhone', () => {
  it('accepts both ends of every range, in E.164, international and national forms', () => {
    for (const r of SAFE_PHONE_RANGES) {
      for (const sub of [r.from, r.to]) {
        const nsn = r.anyAreaCode ? `212${sub}` : sub;
        expect(isSafePhone(`+${r.callingCode}${nsn}`), `+${r.callingCode}${nsn}`).toBe(true);
        expect(isSafePhone(`00${r.callingCode} ${nsn}`)).toBe(true);
        expect(isSafePhone(`${r.trunkPrefix}${nsn}`), `${r.trunkPrefix}${nsn}`).toBe(true);
      }
    }
  });
  it('accepts common written forms', () => {
    for (const p of [
      '(415) 555-0123',
      '415-555-0199',
      '+1 415 555 0100',
      '1-800-555-0142',
      '555-0150',
      '020 7946 0123',
      '+44 20 7946 0999',
      '07700 900461',
      '+44 7700 900000',
      '0113 496 0000',
      '0491 570 156',
      '+61 491 570 159',
      '0491 570 006',
      '(02) 5550 1234',
      '+61 3 7010 9999',
    ]) {
      expect(isSafePhone(p), p).toBe(true);
    }
  });
  it('rejects numbers just outside the ranges and real-looking numbers', () => {
    for (const p of [
      '(415) 555-0200',
      '415-555-0099',
      '+1 415 867 5309',
      '(123) 555-0150',
      '020 7946 1000',
      '07700 901000',
      '+44 7700 899999',
      '0491 570 160',
      '0491 570 005',
      '+61 491 570 100',
      '(02) 5551 0000',
      '+61 9 5550 1234',
      'call 555-0100',
      '',
    ]) {
      expect(isSafePhone(p), p).toBe(false);
    }
  });
});

describe('isSafeSsn', () => {
  it('accepts never-issued SSNs', () => {
    for (const s of [
      '000-12-3456',
      '666-12-3456',
      '900-12-3456',
      '999-49-9999',
      '123-00-4567',
      '123-45-0000',
      '987-65-4320',
      '987-65-4329',
      '912 34 5678',
      '912345678',
    ]) {
      expect(isSafeSsn(s), s).toBe(true);
    }
  });
  it('rejects issuable SSNs and ITIN/ATIN-shaped 9xx values', () => {
    for (const s of [
      '123-45-6789',
      '078-05-1120',
      '555-12-3456',
      '912-70-1234',
      '912-50-1234',
      '912-93-1234',
      '999-99-9999',
      '987-65-4330',
      '12-345-6789',
      'abc-de-fghi',
    ]) {
      expect(isSafeSsn(s), s).toBe(false);
    }
  });
});

describe('card numbers', () => {
  it('lists only Luhn-valid numbers, all recognised', () => {
    for (const c of TEST_CARDS) {
      expect(luhnValid(c.number), c.number).toBe(true);
      expect(isTestCardNumber(c.number)).toBe(true);
      expect(isTestCardNumber(c.number.replace(/(\d{4})(?=\d)/g, '$1 '))).toBe(true);
    }
    expect(new Set(TEST_CARDS.map((c) => c.number)).size).toBe(TEST_CARDS.length);
  });
  it('rejects Luhn-invalid and non-test numbers', () => {
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(isTestCardNumber('4111111111111112')).toBe(false);
    expect(luhnValid('4000000000000002')).toBe(true);
    expect(isTestCardNumber('4000000000000002')).toBe(false);
    expect(isTestCardNumber('4242-4242-4242-4242')).toBe(true);
    expect(isTestCardNumber('')).toBe(false);
  });
});

describe('isDocumentationIp', () => {
  it('accepts documentation addresses', () => {
    for (const ip of [
      '192.0.2.0',
      '192.0.2.255',
      '198.51.100.7',
      '203.0.113.254',
      '233.252.0.1',
      '2001:db8::1',
      '2001:DB8:0:0:0:0:0:1',
      '2001:0db8:85a3::8a2e:0370:7334',
      '[2001:db8::42]',
      '::ffff:192.0.2.1',
      '3fff::1',
      '3fff:fff::1',
      '2001:db8::192.0.2.1',
    ]) {
      expect(isDocumentationIp(ip), ip).toBe(true);
    }
  });
  it('rejects other and malformed addresses', () => {
    for (const ip of [
      '8.8.8.8',
      '192.0.3.1',
      '10.0.0.1',
      '198.51.101.1',
      '2001:db9::1',
      '2001:4860::8888',
      '3fff:1000::1',
      '192.0.2',
      '192.0.2.01',
      '192.0.2.256',
      '2001:db8::1::2',
      '::ffff:8.8.8.8',
      'example.com',
      '',
    ]) {
      expect(isDocumentationIp(ip), ip).toBe(false);
    }
  });
});

describe('isDocumentationMac', () => {
  it('accepts the RFC 7042 blocks in all notations', () => {
    for (const mac of ['00-00-5E-00-53-00', '00:00:5e:00:53:ff', '0000.5e00.5301', '00005e005342', '01-00-5E-90-10-20'])
      expect(isDocumentationMac(mac), mac).toBe(true);
  });
  it('rejects other MACs and garbage', () => {
    for (const mac of ['00-00-5E-00-54-01', 'fc:6d:2f:7a:32:e4', '00-00-5E:00-53-01', 'zz:00:5e:00:53:01', ''])
      expect(isDocumentationMac(mac), mac).toBe(false);
  });
});

describe('IBANs', () => {
  it('lists checksum-valid registry examples, all recognised', () => {
    for (const e of EXAMPLE_IBANS) {
      expect(ibanChecksumValid(e.iban), e.iban).toBe(true);
      expect(e.iban.startsWith(e.country)).toBe(true);
      expect(isExampleIban(e.iban)).toBe(true);
      expect(isExampleIban(e.iban.replace(/(.{4})(?=.)/g, '$1 ').toLowerCase())).toBe(true);
    }
  });
  it('rejects other IBANs', () => {
    expect(ibanChecksumValid('GB82WEST12345698765431')).toBe(false);
    expect(ibanChecksumValid('GB33BUKB20201555555555')).toBe(true);
    expect(isExampleIban('GB33BUKB20201555555555')).toBe(false);
  });
});
