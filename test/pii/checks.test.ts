import { describe, expect, it } from 'vitest';
import { ipAddressKind, isSafePhone, NON_PUBLIC_IP_RANGES } from '../../src/core/safe-ranges.js';
import {
  cardIssuer,
  ethAddressCase,
  macKind,
  parseDate,
  taxIdKind,
  validBase58Address,
  validBech32Address,
  validIban,
  validIsbn,
} from '../../src/pii/checks.js';
import { keccak256Hex } from '../../src/pii/keccak.js';
import { maskValue } from '../../src/pii/mask.js';
import { phoneForm, validPhoneRegion } from '../../src/pii/phone.js';
import { columnContext } from '../../src/pii/context.js';
import { generatorStreet, nameCandidates, personCell, plausiblePerson, streetShape } from '../../src/pii/names.js';

describe('validators', () => {
  it('keccak-256 matches the published vectors (one and several blocks)', () => {
    const enc = new TextEncoder();
    expect(keccak256Hex(enc.encode(''))).toBe('c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    expect(keccak256Hex(enc.encode('abc'))).toBe('4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45');
    expect(keccak256Hex(enc.encode('The quick brown fox jumps over the lazy dog'))).toBe(
      '4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15',
    );
    expect(keccak256Hex(new Uint8Array(200).fill(0x61))).toHaveLength(64);
  });

  it('EIP-55: the specification vectors pass, a flipped case fails, one-case addresses are uniform', () => {
    for (const a of [
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
      '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
      '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
    ]) {
      expect(ethAddressCase(a)).toBe('checksummed');
    }
    expect(ethAddressCase('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD')).toBeUndefined();
    expect(ethAddressCase('0x52908400098527886e0f7030069857d2e4169ee7')).toBe('uniform');
    expect(ethAddressCase('0x1234')).toBeUndefined();
  });

  it('Bitcoin: Base58Check and bech32/bech32m (BIP-173/350 vectors)', () => {
    expect(validBase58Address('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa')).toBe(true);
    expect(validBase58Address('3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy')).toBe(true);
    expect(validBase58Address('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb')).toBe(false);
    expect(validBase58Address('1A1zP1eP5QGefi2DMPTfTL5SLmv7Divf0a')).toBe(false);
    expect(validBech32Address('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4')).toBe(true);
    expect(validBech32Address('BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4')).toBe(true);
    expect(validBech32Address('bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3')).toBe(true);
    expect(validBech32Address('bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0')).toBe(true);
    expect(validBech32Address('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5')).toBe(false);
    expect(validBech32Address('bc1Qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4')).toBe(false);
  });

  it('cards: issuer ranges and lengths', () => {
    expect(cardIssuer('4111111111111111')).toBe('visa');
    expect(cardIssuer('5555555555554444')).toBe('mastercard');
    expect(cardIssuer('2223003122003222')).toBe('mastercard');
    expect(cardIssuer('378282246310005')).toBe('amex');
    expect(cardIssuer('6011111111111117')).toBe('discover');
    expect(cardIssuer('36227206271667')).toBe('diners');
    expect(cardIssuer('3566002020360505')).toBe('jcb');
    expect(cardIssuer('6200000000000005')).toBe('unionpay');
    expect(cardIssuer('2200000000000004')).toBe('mir');
    expect(cardIssuer('9111111111111111')).toBeUndefined();
    expect(cardIssuer('41111111111111')).toBeUndefined();
  });

  it('IBAN: country length and mod-97', () => {
    expect(validIban('DE44 5001 0517 5407 3249 31')).toBe('DE44500105175407324931');
    expect(validIban('GB82WEST12345698765432')).toBe('GB82WEST12345698765432');
    expect(validIban('GB82WEST12345698765433')).toBeUndefined();
    expect(validIban('GB82WEST1234569876543')).toBeUndefined();
    expect(validIban('ZZ82WEST12345698765432')).toBeUndefined();
  });

  it('SSN / ITIN issuing rules', () => {
    expect(taxIdKind(123, 45, 6789)).toBe('ssn');
    expect(taxIdKind(666, 45, 6789)).toBeUndefined();
    expect(taxIdKind(0, 45, 6789)).toBeUndefined();
    expect(taxIdKind(123, 0, 6789)).toBeUndefined();
    expect(taxIdKind(123, 45, 0)).toBeUndefined();
    expect(taxIdKind(912, 70, 1234)).toBe('itin');
    expect(taxIdKind(912, 93, 1234)).toBe('atin');
    expect(taxIdKind(912, 20, 1234)).toBeUndefined();
  });

  it('ISBN, dates and MAC kinds', () => {
    expect(validIsbn('978-3-16-148410-0')).toBe(true);
    expect(validIsbn('0-306-40615-2')).toBe(true);
    expect(validIsbn('0-306-40615-3')).toBe(false);
    expect(parseDate('1984-03-05')).toBe(true);
    expect(parseDate('29.02.1988')).toBe(true);
    expect(parseDate('29.02.1989')).toBe(false);
    expect(parseDate('March 5, 1984')).toBe(true);
    expect(parseDate('5th Mar 1984')).toBe(true);
    expect(parseDate('Foo 5, 1984')).toBe(false);
    expect(parseDate('13/13/2000')).toBe(false);
    expect(macKind('3c:22:fb:12:34:56')).toBe('universal');
    expect(macKind('02-00-00-00-00-01')).toBe('local');
    expect(macKind('ff:ff:ff:ff:ff:ff')).toBe('group');
    expect(macKind('0000.0000.0000')).toBe('group');
    expect(macKind('3c:22:fb-12:34:56')).toBeUndefined();
  });

  it('IP kinds: documentation, non-public, public; every non-public range is classified so', () => {
    expect(ipAddressKind('192.0.2.1')).toBe('documentation');
    expect(ipAddressKind('2001:db8::1')).toBe('documentation');
    expect(ipAddressKind('::ffff:10.1.2.3')).toBe('non-public');
    expect(ipAddressKind('8.8.8.8')).toBe('public');
    expect(ipAddressKind('2a00:1450:4001:81b::200e')).toBe('public');
    expect(ipAddressKind('01.2.3.4')).toBeUndefined();
    expect(ipAddressKind('1.2.3')).toBeUndefined();
    expect(ipAddressKind('hello')).toBeUndefined();
    for (const r of NON_PUBLIC_IP_RANGES) {
      expect(r.source.reference.length).toBeGreaterThan(3);
      const base = r.cidr.split('/')[0] as string;
      const probe = r.version === 4 ? base.replace(/\.0$/, '.1') : base.replace(/::$/, '::1');
      expect(ipAddressKind(probe), r.cidr).toBe('non-public');
    }
  });
});

describe('phones', () => {
  it('forms and validation', () => {
    expect(phoneForm('+44 20 7123 4567', 12)).toBe('international');
    expect(phoneForm('+14155552671', 11)).toBe('e164');
    expect(phoneForm('(212) 736-5000', 10)).toBe('nanp');
    expect(phoneForm('030 12345678', 11)).toBe('national');
    expect(phoneForm('4155552671', 10)).toBe('bare');
    expect(phoneForm('2024-03-05', 8)).toBeUndefined();
    expect(phoneForm('1.2.3.4', 4)).toBeUndefined();
    expect(phoneForm('0000000000', 10)).toBeUndefined();
    expect(validPhoneRegion('+44 20 7123 4567', 'international')).toBe('GB');
    expect(validPhoneRegion('0044 20 7123 4567', 'international')).toBe('GB');
    expect(validPhoneRegion('(212) 736-5000', 'nanp')).toBe('US');
    expect(validPhoneRegion('030 12345678', 'national')).toMatch(/^[A-Z]{2}$/); // national numbers are ambiguous: the first listed region that fits
    expect(validPhoneRegion('+1 100 555 1234', 'international')).toBeUndefined();
    expect(validPhoneRegion('123-456-7890', 'nanp')).toBeUndefined();
    expect(isSafePhone('(415) 555-0142')).toBe(true);
  });
});

describe('names and streets', () => {
  it('tells the generator dictionary from other names', () => {
    expect(personCell('Calista Torp')).toBe('synthetic');
    expect(personCell('Dr. Ettie Stark DVM')).toBe('synthetic');
    expect(personCell('Hiroshi Tanaka')).toBe('real');
    expect(personCell('n/a')).toBeUndefined();
    expect(personCell('Unknown')).toBe('synthetic');
    expect(plausiblePerson(['Maria', 'Gonzalez'])).toBe(true);
    expect(plausiblePerson(['Mariano', 'Chicken'])).toBe(false);
    expect(plausiblePerson(['Saint', 'Pierre'])).toBe(false);
    expect(plausiblePerson(['Maria', 'Gonzalez'], 'the ')).toBe(false);
    expect(plausiblePerson(['Mr.', 'Quince'])).toBe(true);
  });

  it('finds name candidates in text with their strength', () => {
    expect(nameCandidates('Called Maria Gonzalez about her refund').map((c) => [c.text, c.strength])).toEqual([
      ['Maria Gonzalez', 'lexicon'],
    ]);
    expect(nameCandidates('Spoke with Thibault Girardot today').map((c) => c.strength)).toEqual(['cue']);
    expect(nameCandidates('The Nagasaki Lander is the trademarked name')).toEqual([]);
    expect(nameCandidates('Deliver to Schönhauser Allee 36 before noon')).toEqual([]);
  });

  it('street shapes across countries, and the generator street shape', () => {
    for (const a of [
      '742 Evergreen Terrace',
      'Flat 3, 14 Kensington Gardens Square',
      'Hauptstraße 5',
      'Kerkstraat 12',
      '12 rue de Rivoli',
      'Calle Mayor 5',
      'Via Roma 10',
    ]) {
      expect(streetShape(a), a).toBe(true);
    }
    for (const a of ['Elegant Rubber Chicken', '12 apples', 'Route 66']) expect(streetShape(a), a).toBe(false);
    expect(generatorStreet('370 Lime Grove')).toBe(true);
    expect(generatorStreet('806 Davis Gateway Suite 123')).toBe(true);
    expect(generatorStreet('Apt. 123')).toBe(true);
    expect(generatorStreet('742 Evergreen Terrace')).toBe(false);
  });
});

describe('column context', () => {
  it('reads column names like Presidio context words', () => {
    expect([...columnContext('customer_email').positive]).toEqual(['email']);
    expect([...columnContext('requester.name').positive]).toEqual(['person']);
    expect([...columnContext('company.name').positive]).toEqual([]);
    expect(columnContext('company.name').notPerson).toBe(true);
    expect([...columnContext('address.street').positive]).toEqual(['street_address']);
    expect([...columnContext('ip_address').positive]).toEqual(['ip_address']);
    expect([...columnContext('account_holder').positive]).toEqual(['person']);
    expect([...columnContext('assignee').positive]).toEqual(['person']);
    expect(columnContext('order_id').numericNegative).toBe(true);
    expect(columnContext('notes').text).toBe(true);
    expect([...columnContext('dateOfBirth').positive]).toEqual(['date_of_birth']);
  });
});

describe('masking', () => {
  it('keeps shape, never the value', () => {
    const raws = [
      'maria.gonzalez@gmail.com',
      '4532 0151 1283 0366',
      'DE44500105175407324931',
      'Siobhán O’Brien',
      '536-22-8791',
      '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa',
      '8.8.8.8',
      'https://admin:hunter2@db.corp.com/x',
    ];
    for (const raw of raws) {
      const masked = maskValue(raw.includes('@') && !raw.includes('//') ? 'email' : raw.startsWith('1A') ? 'btc_address' : 'person', raw);
      expect(masked).not.toBe(raw);
      const compact = raw.replace(/[^\p{L}\p{N}]/gu, '');
      for (let i = 0; i + 5 <= compact.length; i++) expect(masked.replace(/[^\p{L}\p{N}]/gu, '')).not.toContain(compact.slice(i, i + 5));
    }
    expect(maskValue('email', 'maria.gonzalez@gmail.com')).toBe('m***@g****.com');
    expect(maskValue('credit_card', '4532 0151 1283 0366')).toBe('#### #### #### ##66');
    expect(maskValue('person', 'ab')).toBe('**');
  });
});
