import { describe, expect, it } from 'vitest';
import { isSdgError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import {
  isDocumentationIp,
  isDocumentationMac,
  isExampleIban,
  isSafeEmail,
  isSafeHostname,
  isSafePhone,
  isSafeSsn,
  isTestCardNumber,
} from '../../src/core/safe-ranges.js';
import { fakerGenerator, parseFakerKeyword, semanticForName, withFaker } from '../../src/generate/semantic.js';

const ROWS = 400;
const row = (i: number, seed: string | number = 'semantic'): Rng => Rng.fromSeed(seed).forkIndex(i).fork('field');

function values(gen: (rng: Rng) => string | number, n = ROWS, seed: string | number = 'semantic'): Array<string | number> {
  return Array.from({ length: n }, (_, i) => gen(row(i, seed)));
}

function errorOf(fn: () => unknown): { code: string; pointer: string | undefined; hint: string | undefined } {
  try {
    fn();
  } catch (e) {
    if (isSdgError(e)) return { code: e.code, pointer: e.pointer, hint: e.hint };
    throw e;
  }
  throw new Error('expected an SdgError');
}

describe('semanticForName', () => {
  it('resolves common names, whatever the case or separator style', () => {
    const names = [
      'first_name',
      'firstName',
      'FirstName',
      'FIRST_NAME',
      'first-name',
      'last_name',
      'surname',
      'full_name',
      'name',
      'username',
      'email',
      'phone',
      'phone_number',
      'mobile',
      'street',
      'address',
      'street_address',
      'city',
      'state',
      'zip',
      'zipcode',
      'postal_code',
      'country',
      'country_code',
      'company',
      'job_title',
      'title',
      'url',
      'website',
      'price',
      'amount',
      'cost',
      'total',
      'created_at',
      'updatedAt',
      'timestamp',
      'description',
      'notes',
      'comment',
      'currency',
      'iban',
      'credit_card',
      'card_number',
      'ssn',
      'ip',
      'ip_address',
      'latitude',
      'longitude',
      'color',
      'product',
      'product_name',
      'sku',
      'age',
      'quantity',
      'billing_city',
      'customerEmail',
      'shipping_address',
      'order_total',
      'customer_name',
      'authorName',
      'mac_address',
      'ipv6',
      'date_of_birth',
      'uuid',
    ];
    for (const n of names) expect(semanticForName(n, 'string'), n).toBeTypeOf('function');
  });

  it('says nothing for names that carry no meaning (or a different one)', () => {
    for (const n of ['id', 'status', 'file_name', 'category_name', 'order_state', 'page_title', 'max_age', 'foo', '', '__']) {
      expect(semanticForName(n, 'string'), n).toBeUndefined();
    }
    expect(semanticForName('email', 'integer')).toBeUndefined();
    expect(semanticForName('first_name', 'number')).toBeUndefined();
  });

  it('returns the JSON type asked for', () => {
    for (const v of values(semanticForName('price', 'number')!)) expect(typeof v).toBe('number');
    for (const v of values(semanticForName('age', 'integer')!)) {
      expect(Number.isInteger(v)).toBe(true);
      expect(v as number).toBeGreaterThanOrEqual(18);
      expect(v as number).toBeLessThanOrEqual(90);
    }
    for (const v of values(semanticForName('quantity', 'string')!)) expect(v).toMatch(/^\d+$/);
    for (const v of values(semanticForName('price', 'string')!)) expect(v).toMatch(/^\d+\.\d\d$/);
    for (const v of values(semanticForName('latitude', 'number')!)) expect(Math.abs(v as number)).toBeLessThanOrEqual(90);
    for (const v of values(semanticForName('created_at', 'integer')!)) expect(Number.isInteger(v)).toBe(true);
    for (const v of values(semanticForName('created_at', 'string')!)) expect(v).toMatch(/^20(1[5-9]|2[0-5])-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    for (const v of values(semanticForName('zip', 'integer')!)) expect(String(v)).toMatch(/^\d{5}$/);
  });

  it('draws PII-shaped values only from the safe spaces', () => {
    const checks: Array<[string, (s: string) => boolean]> = [
      ['email', isSafeEmail],
      ['contact_email', isSafeEmail],
      ['phone', isSafePhone],
      ['mobile_number', isSafePhone],
      ['ssn', isSafeSsn],
      ['credit_card', isTestCardNumber],
      ['card_number', isTestCardNumber],
      ['ip_address', isDocumentationIp],
      ['ipv6', isDocumentationIp],
      ['mac_address', isDocumentationMac],
      ['iban', isExampleIban],
      ['website', (s) => isSafeHostname(new URL(s).hostname)],
      ['domain', isSafeHostname],
    ];
    for (const [name, safe] of checks) {
      for (const v of values(semanticForName(name, 'string')!)) expect(safe(String(v)), `${name}: ${v}`).toBe(true);
    }
  });

  it('generates SSNs in 9xx with groups outside the ITIN/ATIN ranges', () => {
    for (const v of values(semanticForName('ssn', 'string')!, 2000)) expect(v).toMatch(/^9\d\d-(0[1-9]|[1-4]\d)-\d{4}$/);
  });

  it('is a pure function of the Rng: same key, same value; different rows differ', () => {
    for (const name of [
      'first_name',
      'last_name',
      'full_name',
      'email',
      'city',
      'company',
      'street_address',
      'phone',
      'description',
      'username',
    ]) {
      const gen = semanticForName(name, 'string')!;
      const a = values(gen, 200);
      const b = values(gen, 200);
      expect(b, name).toEqual(a);
      expect(new Set(a).size, name).toBeGreaterThan(50);
      // Interleaving other fields between calls changes nothing.
      const c = a.map((_, i) => {
        semanticForName('city', 'string')!(Rng.fromSeed('noise').forkIndex(i));
        return gen(row(i));
      });
      expect(c, name).toEqual(a);
    }
    const other = values(semanticForName('first_name', 'string')!, 200, 'another seed');
    expect(other).not.toEqual(values(semanticForName('first_name', 'string')!, 200));
  });

  it('produces realistic-looking values', () => {
    expect(values(semanticForName('email', 'string')!, 50).every((v) => /^[a-z0-9._]+@[a-z.]+$/.test(String(v)))).toBe(true);
    expect(values(semanticForName('full_name', 'string')!, 50).every((v) => /^\S+ \S+/.test(String(v)))).toBe(true);
    expect(values(semanticForName('country_code', 'string')!, 50).every((v) => /^[A-Z]{2}$/.test(String(v)))).toBe(true);
    expect(values(semanticForName('currency', 'string')!, 50).every((v) => /^[A-Z]{3}$/.test(String(v)))).toBe(true);
    expect(values(semanticForName('sku', 'string')!, 50).every((v) => /^[A-Z]{3}-\d{5}$/.test(String(v)))).toBe(true);
  });
});

describe('x-faker', () => {
  it('parses the three keyword forms', () => {
    expect(parseFakerKeyword('person.firstName', '/p')).toEqual({ path: 'person.firstName', args: [] });
    expect(parseFakerKeyword({ 'number.int': { min: 1, max: 9 } }, '/p')).toEqual({ path: 'number.int', args: [{ min: 1, max: 9 }] });
    expect(parseFakerKeyword({ 'helpers.arrayElement': [['a', 'b']] }, '/p')).toEqual({ path: 'helpers.arrayElement', args: [['a', 'b']] });
    expect(parseFakerKeyword('name.firstName', '/p').path).toBe('person.firstName');
    expect(parseFakerKeyword('internet.userName', '/p').path).toBe('internet.username');
    expect(parseFakerKeyword({ fake: '{{person.lastName}}' }, '/p').path).toBe('helpers.fake');
  });

  it('rejects unknown paths, bad shapes and bad arguments with a pointer and a hint', () => {
    const bad: unknown[] = [
      'nope.method',
      'person',
      'person.firstName.extra',
      'seed',
      'faker.seed',
      'person.constructor',
      'helpers.__proto__',
      42,
      null,
      [],
      {},
      { a: 1, b: 2 },
      { 'number.int': { min: 9, max: 1 } },
    ];
    for (const value of bad) {
      const e = errorOf(() => parseFakerKeyword(value, '/properties/x/x-faker'));
      expect(e.code, JSON.stringify(value)).toBe('SDG_ERR_INVALID_SCHEMA');
      expect(e.pointer).toBe('/properties/x/x-faker');
      expect(e.hint).toBeTruthy();
    }
    for (const value of ['phone.imei', 'vehicle.vin', 'vehicle.vrm', { 'helpers.fake': 'IMEI {{phone.imei}}' }]) {
      const e = errorOf(() => parseFakerKeyword(value, '/x'));
      expect(e.code, JSON.stringify(value)).toBe('SDG_ERR_UNSUPPORTED');
      expect(e.pointer).toBe('/x');
    }
  });

  it('calls faker with the arguments given', () => {
    const { path, args } = parseFakerKeyword({ 'number.int': { min: 1, max: 9 } }, '/p');
    const ints = values(fakerGenerator(path, args));
    expect(ints.every((v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 9)).toBe(true);
    expect(new Set(ints).size).toBe(9);
    const picks = values(fakerGenerator('helpers.arrayElement', [['a', 'b']]));
    expect(new Set(picks)).toEqual(new Set(['a', 'b']));
    expect(values(fakerGenerator('date.past'), 20).every((v) => /^20(2[4-5])-\d\d-\d\dT/.test(String(v)))).toBe(true);
  });

  it('is deterministic per Rng and varies across rows', () => {
    for (const path of ['person.firstName', 'location.city', 'commerce.productName', 'lorem.sentence', 'date.birthdate', 'string.uuid']) {
      const gen = fakerGenerator(path);
      const a = values(gen, 100);
      expect(values(gen, 100), path).toEqual(a);
      expect(new Set(a).size, path).toBeGreaterThan(30);
    }
  });

  it('routes PII-emitting methods to the safe generators', () => {
    const checks: Array<[string, unknown[], (s: string) => boolean]> = [
      ['internet.email', [], isSafeEmail],
      ['internet.email', [{ firstName: 'Jane', lastName: 'Doe', provider: 'gmail.com' }], (s) => isSafeEmail(s) && /j.*d|jane|doe/.test(s)],
      ['internet.exampleEmail', [], isSafeEmail],
      ['phone.number', [], isSafePhone],
      ['phone.number', [{ style: 'international' }], (s) => isSafePhone(s) && s.startsWith('+1')],
      ['finance.creditCardNumber', [], isTestCardNumber],
      ['finance.creditCardNumber', ['visa'], (s) => isTestCardNumber(s) && s.startsWith('4')],
      ['finance.iban', [], isExampleIban],
      ['finance.iban', [{ formatted: true, countryCode: 'DE' }], (s) => isExampleIban(s) && s.startsWith('DE89 ')],
      ['internet.ip', [], isDocumentationIp],
      ['internet.ipv4', [], isDocumentationIp],
      ['internet.ipv6', [], isDocumentationIp],
      ['internet.mac', [], isDocumentationMac],
      ['internet.url', [], (s) => isSafeHostname(new URL(s).hostname)],
      ['internet.domainName', [], isSafeHostname],
      ['image.avatar', [], (s) => !s.includes('githubusercontent')],
      ['image.avatarGitHub', [], (s) => !s.includes('githubusercontent')],
    ];
    for (const [path, args, safe] of checks) {
      for (const v of values(fakerGenerator(path, args), 100)) expect(safe(String(v)), `${path}: ${v}`).toBe(true);
    }
    // Non-public IPv4 networks are not personal data and are honoured as asked.
    for (const v of values(fakerGenerator('internet.ipv4', [{ network: 'private-a' }]), 50)) expect(String(v)).toMatch(/^10\./);
  });

  it('routes PII inside faker templates and composite methods too', () => {
    for (const v of values(fakerGenerator('helpers.fake', ['{{person.firstName}} <{{internet.email}}>, {{phone.number}}']), 100)) {
      const m = /^.+ <(.+)>, (.+)$/.exec(String(v));
      expect(m, String(v)).not.toBeNull();
      expect(isSafeEmail(m![1]!)).toBe(true);
      expect(isSafePhone(m![2]!)).toBe(true);
    }
    for (const v of values(fakerGenerator('git.commitEntry'), 50)) {
      const email = /<([^>]+)>/.exec(String(v))![1]!;
      expect(isSafeEmail(email), email).toBe(true);
    }
  });

  it('restores the previous Rng when withFaker calls nest', () => {
    const outer = Rng.fromSeed('outer');
    const inner = Rng.fromSeed('inner');
    const expected = withFaker(Rng.fromSeed('outer'), (f) => {
      f.person.firstName();
      return f.person.lastName();
    });
    const got = withFaker(outer, (f) => {
      f.person.firstName();
      withFaker(inner, (g) => g.person.firstName());
      return f.person.lastName();
    });
    expect(got).toBe(expected);
  });
});
