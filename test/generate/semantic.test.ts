import { createRequire } from 'node:module';
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

describe('semanticForName: faker en data sampled directly', () => {
  // Faker's own en definitions, to check values against (read the same way semantic-data.ts reads them).
  const en = (
    createRequire(import.meta.url)('@faker-js/faker/locale/en') as { faker: { rawDefinitions: Record<string, Record<string, unknown>> } }
  ).faker.rawDefinitions;
  const strings = (module: string, key: string): Set<string> => new Set(en[module]![key] as string[]);
  const firstNames = new Set(Object.values(en.person!.first_name as Record<string, string[]>).flat());
  const middleNames = new Set(Object.values(en.person!.middle_name as Record<string, string[]>).flat());
  const lastNames = new Set((en.person!.last_name as Record<string, string[]>).generic);
  const isLastName = (s: string): boolean => lastNames.has(s) || s.split('-').every((part) => lastNames.has(part));
  const streetSuffixes = strings('location', 'street_suffix');
  const streetNames = strings('location', 'street_name');

  const text = (name: string, n = 1000, seed: string | number = 'fast'): string[] =>
    values(semanticForName(name, 'string')!, n, seed).map((v) => {
      expect(typeof v, name).toBe('string');
      return v as string;
    });
  const share = (xs: readonly string[], test: (x: string) => boolean): number => xs.filter(test).length / xs.length;

  /** Every property name backed by faker data or by a safe generator, with the least distinct values in 1000 draws. */
  const VARIETY: ReadonlyArray<readonly [string, number]> = [
    ['first_name', 500],
    ['last_name', 300],
    ['middle_name', 150],
    ['full_name', 950],
    ['username', 900],
    ['email', 900],
    ['phone', 500],
    ['street_address', 950],
    ['address_line2', 500],
    ['city', 700],
    ['state', 50],
    ['state_code', 50],
    ['zip', 950],
    ['country', 200],
    ['country_code', 200],
    ['company', 850],
    ['job_title', 800],
    ['description', 950],
    ['notes', 950],
    ['bio', 400],
    ['currency', 130],
    ['color', 31],
    ['hex_color', 990],
    ['product', 600],
    ['department', 22],
    ['gender', 70],
    ['sex', 2],
    ['timezone', 350],
    ['isbn', 990],
    ['ssn', 990],
    ['created_at', 990],
    ['birth_date', 950],
    ['sku', 990],
  ];

  it('is deterministic and varied for every generator', () => {
    for (const [name, least] of VARIETY) {
      const a = text(name);
      expect(text(name), name).toEqual(a);
      expect(new Set(a).size, name).toBeGreaterThanOrEqual(least);
      expect(
        a.every((v) => v.length > 0 && v.trim() === v),
        name,
      ).toBe(true);
      // A generator looked up again (as another schema would) gives the same values.
      expect(values(semanticForName(name.toUpperCase(), 'string')!, 50, 'fast'), name).toEqual(a.slice(0, 50));
    }
  });

  it('draws names from faker en lists, capitalised', () => {
    for (const v of text('first_name', 2000)) expect(firstNames.has(v), v).toBe(true);
    for (const v of text('middle_name', 2000)) expect(middleNames.has(v), v).toBe(true);
    for (const v of text('last_name', 2000)) expect(isLastName(v), v).toBe(true);
    for (const v of [...text('first_name'), ...text('last_name'), ...text('middle_name')]) expect(v).toMatch(/^[A-Z][\p{L}'-]*$/u);
    for (const v of text('full_name', 2000)) {
      const [first, last, ...rest] = v.split(' ');
      expect(rest, v).toEqual([]);
      expect(firstNames.has(first!) && isLastName(last!), v).toBe(true);
    }
  });

  it("follows faker's odds: double-barrelled last names 5 %, the sexes' own first-name lists weighted 3·√n", () => {
    const last = text('last_name', 20000);
    expect(share(last, (v) => v.includes('-'))).toBeGreaterThan(0.044);
    expect(share(last, (v) => v.includes('-'))).toBeLessThan(0.056);
    // person.firstName(): sex 50/50, then own list (weight 3·√|own|) or generic (√|generic|).
    const lists = en.person!.first_name as { generic: string[]; female: string[]; male: string[] };
    const genericOnly = new Set(lists.generic.filter((n) => !lists.female.includes(n) && !lists.male.includes(n)));
    const pOwn = (own: string[]): number => (3 * Math.sqrt(own.length)) / (3 * Math.sqrt(own.length) + Math.sqrt(lists.generic.length));
    const expected = (0.5 * (1 - pOwn(lists.female)) + 0.5 * (1 - pOwn(lists.male))) * (genericOnly.size / lists.generic.length);
    const observed = share(text('first_name', 20000), (v) => genericOnly.has(v));
    expect(Math.abs(observed - expected)).toBeLessThan(0.012);
    const female = new Set(lists.female);
    expect(share(text('first_name', 20000), (v) => female.has(v) && !lists.male.includes(v))).toBeGreaterThan(0.4);
  });

  it('builds street addresses like "1234 Main Street"', () => {
    const streets = text('street_address', 3000);
    for (const v of streets) {
      const m = /^([1-9]\d{2,4}) (.+)$/.exec(v);
      expect(m, v).not.toBeNull();
      const street = m![2]!;
      const space = street.lastIndexOf(' ');
      const named =
        (firstNames.has(street.slice(0, space)) || isLastName(street.slice(0, space))) && streetSuffixes.has(street.slice(space + 1));
      expect(named || streetNames.has(street), v).toBe(true);
    }
    // buildingNumber: ###, ####, ##### equally often.
    for (const digits of [3, 4, 5]) {
      const s = share(streets, (v) => v.indexOf(' ') === digits);
      expect(s, `${digits} digits`).toBeGreaterThan(0.28);
      expect(s, `${digits} digits`).toBeLessThan(0.39);
    }
    for (const v of text('address_line2')) expect(v).toMatch(/^(Apt\.|Suite) [1-9]\d\d$/);
  });

  it('builds cities, companies, job titles and usernames in faker shapes', () => {
    const cityNames = strings('location', 'city_name');
    const cities = text('city', 5000);
    for (const v of cities) expect(v).toMatch(/^[A-Z][\p{L}'. ()/-]*[\p{L})]$/u);
    // Five city patterns, one of them a plain city name.
    expect(share(cities, (v) => cityNames.has(v))).toBeGreaterThan(0.17);
    expect(share(cities, (v) => cityNames.has(v))).toBeLessThan(0.25);
    expect(share(cities, (v) => /^(North|East|West|South|New|Lake|Port|Fort) /.test(v))).toBeGreaterThan(0.35);

    const entities = [...strings('company', 'legal_entity_type')].join('|');
    const shapes = [/^(\S+) - (\S+)$/, new RegExp(`^(\\S+) (?:${entities})$`), /^(\S+), (\S+) and (\S+)$/];
    for (const v of text('company', 3000)) {
      const m = shapes.map((re) => re.exec(v)).find((x) => x !== null);
      expect(m, v).toBeDefined();
      expect(m!.slice(1).every(isLastName), v).toBe(true);
    }

    const [descriptors, areas, types] = ['job_descriptor', 'job_area', 'job_type'].map((k) => strings('person', k));
    for (const v of text('job_title')) {
      const [d, a, t] = v.split(' ');
      expect(descriptors!.has(d!) && areas!.has(a!) && types!.has(t!), v).toBe(true);
    }

    const usernames = text('username', 3000);
    for (const v of usernames) expect(v).toMatch(/^[A-Za-z]+(?:[._][A-Za-z-]+(?:\d{1,2})?|\d{1,2})$/);
    for (const shape of [/^[A-Za-z]+[._][A-Za-z-]+\d+$/, /^[A-Za-z]+[._][A-Za-z-]+$/, /^[A-Za-z]+\d+$/]) {
      expect(
        share(usernames, (v) => shape.test(v)),
        String(shape),
      ).toBeGreaterThan(0.28);
    }
  });

  it('picks states, countries, codes and other lists from faker en data', () => {
    const codes = new Set((en.location!.country_code as Array<{ alpha2: string }>).map((c) => c.alpha2));
    const currencies = new Set((en.finance!.currency as Array<{ code: string }>).map((c) => c.code));
    const checks: Array<[string, Set<string>]> = [
      ['state', strings('location', 'state')],
      ['state_code', strings('location', 'state_abbr')],
      ['country', strings('location', 'country')],
      ['country_code', codes],
      ['currency', currencies],
      ['color', strings('color', 'human')],
      ['department', strings('commerce', 'department')],
      ['gender', strings('person', 'gender')],
      ['sex', strings('person', 'sex')],
      ['timezone', strings('location', 'time_zone')],
    ];
    for (const [name, allowed] of checks) for (const v of text(name)) expect(allowed.has(v), `${name}: ${v}`).toBe(true);
    // Every state is reachable.
    expect(new Set(text('state', 3000)).size).toBe(strings('location', 'state').size);
  });

  it('formats numbers, dates and codes exactly', () => {
    const zips = text('zip', 3000);
    for (const v of zips) expect(v).toMatch(/^\d{5}$/);
    expect(share(zips, (v) => v.startsWith('0'))).toBeGreaterThan(0.06); // leading zeros allowed, as faker's '#####'
    for (const v of text('hex_color')) expect(v).toMatch(/^#[0-9a-f]{6}$/);
    for (const v of text('isbn', 3000)) {
      expect(v).toMatch(/^978-[01]-\d+-\d+-\d$/);
      expect(v).toHaveLength(17);
      const digits = v.replaceAll('-', '');
      const sum = [...digits].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
      expect(sum % 10, v).toBe(0);
    }
    for (const v of text('product')) expect(v.split(' ')).toHaveLength(3);
    for (const v of text('notes')) expect(v).toMatch(/^[A-Za-z].* .*!$/); // faker's phrases (one starts lowercase)
    // Text and numeric forms of one field come from the same draws: the text is exactly the number formatted.
    const iso = (s: number): string => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
    const epochs = values(semanticForName('created_at', 'integer')!, 3000);
    expect(values(semanticForName('created_at', 'string')!, 3000)).toEqual(epochs.map((s) => iso(s as number)));
    const prices = values(semanticForName('price', 'number')!, 3000);
    expect(values(semanticForName('price', 'string')!, 3000)).toEqual(prices.map((p) => (p as number).toFixed(2)));
    const longitudes = values(semanticForName('longitude', 'number')!, 3000);
    expect(values(semanticForName('longitude', 'string')!, 3000)).toEqual(longitudes.map((p) => (p as number).toFixed(6)));
    for (const v of text('birth_date', 3000)) {
      expect(new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10)).toBe(v);
      expect(v >= '1940-01-01' && v <= '2006-12-31', v).toBe(true);
    }
    for (const v of text('sku')) expect(v).toMatch(/^[A-Z]{3}-[1-9]\d{4}$/);
  });

  it('keeps safe-space values in every style', () => {
    const phones = text('phone', 2000);
    for (const shape of [/^\+1 \d{3}-555-01\d\d$/, /^\(\d{3}\) 555-01\d\d$/, /^\+1\d{3}55501\d\d$/, /^\d{3}-555-01\d\d$/]) {
      expect(
        share(phones, (v) => shape.test(v)),
        String(shape),
      ).toBeGreaterThan(0.2);
    }
    for (const v of text('ssn', 3000)) expect(isSafeSsn(v), v).toBe(true);
    for (const v of text('mac_address')) expect(v).toMatch(/^00:00:5e:00:53:[0-9a-f]{2}$/);
    for (const v of values(fakerGenerator('internet.mac', ['-']), 50)) expect(v).toMatch(/^00-00-5e-00-53-[0-9a-f]{2}$/);
    // Emails keep letters of the name only, from the same name odds.
    for (const v of text('email', 2000)) expect(isSafeEmail(v) && /^[a-z][a-z0-9._]*@/.test(v), v).toBe(true);
    for (const v of values(fakerGenerator('internet.email', [{ firstName: 'Zoë', lastName: "O'Hara" }]), 50)) {
      expect(String(v)).toMatch(/^(zoe|z)[._]?(ohara|o)?\d*@/);
    }
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
