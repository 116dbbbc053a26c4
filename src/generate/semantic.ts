/**
 * Realistic values from property names (`first_name`, `email`, `price`…) and from the `x-faker` / `faker`
 * schema keyword, with @faker-js/faker driven by OUR Rng.
 *
 * One private Faker instance is built on first use. Its randomizer reads from a "current Rng" that every
 * call installs for its duration (`withFaker`), so each value is a pure function of the Rng handed in, and
 * faker's own seed state never matters. Its default reference date is pinned, so faker's relative dates
 * (`date.past`, `date.birthdate`…) do not move with the wall clock.
 *
 * PII: on that private instance the methods that would emit real-looking personal data are replaced by
 * generators over the safe spaces of core/safe-ranges (example.* emails, fictional phone ranges, published
 * test card numbers, documentation IPs and MACs, registry example IBANs). Replacing them on the instance,
 * rather than only mapping x-faker paths, also covers faker's internal uses (`helpers.fake` templates,
 * `git.commitEntry`'s author email, `internet.url` inside other methods). Methods with no safe space
 * (IMEI, VIN, vehicle registration) are refused. Names, cities and companies come from faker's en data:
 * invented or generic, not anyone's personal data.
 *
 * Speed: the property-name path (`semanticForName`) does not call faker at all. Faker's template engine costs
 * 1-40 µs a value; semantic-data.ts samples faker's en definition lists directly with our Rng and compiles
 * faker's patterns once, with faker's odds (~50-300 ns a value). The `x-faker` keyword path keeps calling real
 * faker methods, since it accepts any of them with any arguments.
 */

import type { Faker, FakerOptions, Randomizer } from '@faker-js/faker';
import { SdgError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import {
  DOCUMENTATION_MAC_RANGES,
  EXAMPLE_IBANS,
  GENERATION_DOMAINS,
  SAFE_PHONE_RANGES,
  SSN_SPACE,
  TEST_CARDS,
  type CardNetwork,
} from '../core/safe-ranges.js';
import { formatGenerators, localPart } from './formats.js';
import { asciiLower, below, DEC2, DEC3, decimal, fakerData, limitFor, loadEnFaker, type FakerData } from './semantic-data.js';

export type SemanticGenerator = (rng: Rng) => string | number;

// ---------------------------------------------------------------------------------------------------------
// The Rng-driven Faker
// ---------------------------------------------------------------------------------------------------------

/** Faker's "now" for relative dates; fixed so output never depends on when it is generated. */
export const FAKER_REFERENCE_DATE = '2025-01-01T00:00:00.000Z';

let currentRng: Rng | undefined;

const randomizer: Randomizer = {
  next(): number {
    // A draw outside withFaker would be hidden randomness; fail loudly instead.
    if (currentRng === undefined) throw new Error('faker used outside withFaker(): no Rng installed');
    return currentRng.float();
  },
  seed(): void {
    // Seeding is the Rng handed to each call; faker's own seed state is deliberately ignored.
  },
};

let fakerInstance: Faker | undefined;

function getFaker(): Faker {
  if (fakerInstance !== undefined) return fakerInstance;
  // Synchronous and lazy: importing this module stays cheap (see loadEnFaker).
  const en = loadEnFaker();
  const FakerClass = en.constructor as new (options: FakerOptions) => Faker;
  const instance = new FakerClass({ locale: en.rawDefinitions, randomizer });
  instance.setDefaultRefDate(FAKER_REFERENCE_DATE);
  installSafeOverrides(instance);
  fakerInstance = instance;
  return instance;
}

/** Runs `fn` with faker drawing from `rng`. Re-entrant: the previous Rng is restored afterwards. */
export function withFaker<T>(rng: Rng, fn: (faker: Faker) => T): T {
  const previous = currentRng;
  currentRng = rng;
  try {
    return fn(getFaker());
  } finally {
    currentRng = previous;
  }
}

/** The Rng installed by the enclosing withFaker (overrides run inside faker calls). */
function activeRng(): Rng {
  if (currentRng === undefined) throw new Error('safe faker override called outside withFaker()');
  return currentRng;
}

// ---------------------------------------------------------------------------------------------------------
// Safe generators (the only sources of PII-shaped values)
// ---------------------------------------------------------------------------------------------------------

/** Rejection limits of ranges up to 10^4, computed on first use (0: not yet; see semantic-data `below`). */
const SMALL_LIMITS = new Float64Array(10001);

/** `rng.below(n)`: the same values from the same draws, without recomputing the rejection limit. */
function idx(rng: Rng, n: number): number {
  if (n > 10000) return rng.below(n);
  let limit = SMALL_LIMITS[n] as number;
  if (limit === 0) limit = SMALL_LIMITS[n] = limitFor(n);
  return below(rng, n, limit);
}

/** `rng.int(lo, hi)`, likewise. */
function intIn(rng: Rng, lo: number, hi: number): number {
  return lo + idx(rng, hi - lo + 1);
}

/** Lowercase ASCII letters only: faker names carry apostrophes, spaces and the odd diacritic. */
function asciiName(name: string): string {
  // Fast path for ASCII names (the usual case): no Unicode normalisation needed.
  let letters = true;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c > 127) return asciiLower(name);
    const lower = c | 32;
    if (lower < 97 || lower > 122) letters = false;
  }
  if (letters) return name === '' ? 'user' : name.toLowerCase();
  const out = name.toLowerCase().replace(/[^a-z]+/g, '');
  return out === '' ? 'user' : out;
}

const PRIMARY_DOMAINS = GENERATION_DOMAINS.filter((d) => d.startsWith('example.'));

/**
 * `@domain` for an email: one time in five any generation domain, otherwise an example.* one. As one table
 * with each domain repeated in proportion to its odds (5·|all|·|primary| entries), a domain is one draw and
 * needs no concatenation for the `@`.
 */
const AT_DOMAINS: readonly string[] = (() => {
  const out: string[] = [];
  const all = GENERATION_DOMAINS.length;
  const primary = PRIMARY_DOMAINS.length;
  // P(d) = 1/5 · 1/all + 4/5 · 1/primary (if d is primary): in units of 1/(5·all·primary), primary + 4·all
  // copies of a primary domain, primary copies of the others.
  for (const d of GENERATION_DOMAINS) {
    const copies = primary + (PRIMARY_DOMAINS.includes(d) ? 4 * all : 0);
    for (let i = 0; i < copies; i++) out.push(`@${d}`);
  }
  return out;
})();
const AT_DOMAIN_LIMIT = limitFor(AT_DOMAINS.length);

let emailNames: { first: (rng: Rng) => string; last: (rng: Rng) => string } | undefined;

/** `jane.doe42@example.com`, from faker's en names (same odds as `person.firstName/lastName`) unless given. */
export function safeEmail(rng: Rng, firstName?: string, lastName?: string): string {
  if (emailNames === undefined) {
    const data = fakerData();
    emailNames = { first: data.emailFirstName, last: data.emailLastName };
  }
  const first = firstName === undefined ? emailNames.first(rng) : asciiName(firstName);
  const last = lastName === undefined ? emailNames.last(rng) : asciiName(lastName);
  return localPart(rng, first, last) + (AT_DOMAINS[below(rng, AT_DOMAINS.length, AT_DOMAIN_LIMIT)] as string);
}

// Real, common area codes: the 555-01XX line block is fictional under every NPA, so any NPA is safe.
const AREA_CODES = [
  '201',
  '202',
  '206',
  '212',
  '213',
  '303',
  '305',
  '312',
  '404',
  '415',
  '503',
  '512',
  '602',
  '615',
  '617',
  '646',
  '702',
  '713',
  '808',
  '917',
];
const NANP = SAFE_PHONE_RANGES.find((r) => r.region === 'NANP');

export type PhoneStyle = 'human' | 'national' | 'international';

const NANP_FROM = Number(NANP?.from ?? '5550100');
const NANP_SPAN = Number(NANP?.to ?? '5550199') - NANP_FROM + 1;
const PHONE_STYLES = ['human', 'national', 'international', 'dashed'] as const;
/** Area code, subscriber number (and style, unless asked for) are one draw over all of them, decoded. */
const PHONE_CHOICES = AREA_CODES.length * NANP_SPAN;
const PHONE_LIMIT = limitFor(PHONE_CHOICES);
const PHONE_STYLED_LIMIT = limitFor(PHONE_CHOICES * PHONE_STYLES.length);

/**
 * Each style as a head (from the area code) and a tail (from the subscriber number), precomputed, so a
 * number is one concatenation: `+1 212-` + `555-0142`, `(212) ` + `555-0142`, `+1212` + `5550142`.
 */
const PHONE_PARTS: Readonly<Record<(typeof PHONE_STYLES)[number], { heads: readonly string[]; tails: readonly string[] }>> = (() => {
  const subs = Array.from({ length: NANP_SPAN }, (_, i) => String(NANP_FROM + i));
  const dashedTails = subs.map((sub) => `${sub.slice(0, 3)}-${sub.slice(3)}`);
  return {
    human: { heads: AREA_CODES.map((npa) => `+1 ${npa}-`), tails: dashedTails },
    national: { heads: AREA_CODES.map((npa) => `(${npa}) `), tails: dashedTails },
    international: { heads: AREA_CODES.map((npa) => `+1${npa}`), tails: subs },
    dashed: { heads: AREA_CODES.map((npa) => `${npa}-`), tails: dashedTails },
  };
})();

/** A NANP number in 555-0100..555-0199 (NANPA's fictional block), in the requested or a random style. */
export function safePhone(rng: Rng, style?: PhoneStyle): string {
  let r =
    style === undefined ? below(rng, PHONE_CHOICES * PHONE_STYLES.length, PHONE_STYLED_LIMIT) : below(rng, PHONE_CHOICES, PHONE_LIMIT);
  const npa = r % AREA_CODES.length;
  r = (r - npa) / AREA_CODES.length;
  const sub = r % NANP_SPAN;
  r = (r - sub) / NANP_SPAN;
  const parts = PHONE_PARTS[style ?? (PHONE_STYLES[r] as PhoneStyle)] ?? PHONE_PARTS.human;
  return (parts.heads[npa] as string) + (parts.tails[sub] as string);
}

let ssnParts: { areas: readonly string[]; groups: readonly string[]; serials: readonly string[] } | undefined;
let ssnLimit: number | undefined;

/** AAA-GG-SSSS with area 9xx and group 01-49: never issued by the SSA and outside IRS ITIN/ATIN groups. */
export function safeSsn(rng: Rng): string {
  const { area, group, serial } = SSN_SPACE.generate;
  // `900-` + `01-` + `0042`: built once (on first use), so a value is two concatenations.
  const parts = (ssnParts ??= {
    areas: Array.from({ length: area[1] - area[0] + 1 }, (_, i) => `${String(area[0] + i).padStart(3, '0')}-`),
    groups: Array.from({ length: group[1] - group[0] + 1 }, (_, i) => `${String(group[0] + i).padStart(2, '0')}-`),
    serials: Array.from({ length: serial[1] - serial[0] + 1 }, (_, i) => String(serial[0] + i).padStart(4, '0')),
  });
  // One draw over the three parts (100 · 49 · 9999 < 2^32), decoded: the same odds as three draws.
  const na = parts.areas.length;
  const ng = parts.groups.length;
  const ns = parts.serials.length;
  let r = below(rng, na * ng * ns, (ssnLimit ??= limitFor(na * ng * ns)));
  const a = r % na;
  r = (r - a) / na;
  const g = r % ng;
  const s = (r - g) / ng;
  return (parts.areas[a] as string) + (parts.groups[g] as string) + (parts.serials[s] as string);
}

const NETWORK_ALIASES: Readonly<Record<string, CardNetwork>> = {
  visa: 'visa',
  mastercard: 'mastercard',
  master: 'mastercard',
  amex: 'amex',
  americanexpress: 'amex',
  discover: 'discover',
  diners: 'diners',
  dinersclub: 'diners',
  jcb: 'jcb',
  unionpay: 'unionpay',
};

/** A published test PAN, optionally of one network (unknown networks fall back to any). */
export function testCardNumber(rng: Rng, network?: string): string {
  const wanted = network === undefined ? undefined : NETWORK_ALIASES[network.toLowerCase().replace(/[^a-z]/g, '')];
  const pool = wanted === undefined ? TEST_CARDS : TEST_CARDS.filter((c) => c.network === wanted);
  return (pool[idx(rng, pool.length)] ?? TEST_CARDS[0])!.number;
}

/** A registry example IBAN (optionally of one country; falls back to any), optionally in groups of four. */
export function exampleIban(rng: Rng, options: { countryCode?: string; formatted?: boolean } = {}): string {
  const pool =
    options.countryCode === undefined ? EXAMPLE_IBANS : EXAMPLE_IBANS.filter((e) => e.country === options.countryCode?.toUpperCase());
  const iban = ((pool.length > 0 ? pool : EXAMPLE_IBANS)[idx(rng, pool.length > 0 ? pool.length : EXAMPLE_IBANS.length)] ??
    EXAMPLE_IBANS[0])!.iban;
  return options.formatted === true ? iban.replace(/(.{4})(?=.)/g, '$1 ') : iban;
}

const MAC_BASE = DOCUMENTATION_MAC_RANGES.find((r) => r.generate)?.from.slice(0, 10) ?? '00005e0053';
const HEX_BYTES: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** MAC_BASE in pairs followed by the separator, per separator (`00:00:5e:00:53:`). */
const macPrefixes = new Map<string, string>();

/** 00:00:5e:00:53:xx (RFC 7042 documentation block). */
export function documentationMac(rng: Rng, separator: string = ':'): string {
  let prefix = macPrefixes.get(separator);
  if (prefix === undefined) {
    prefix = MAC_BASE.replace(/(..)/g, `$1${separator}`);
    if (macPrefixes.size < 16) macPrefixes.set(separator, prefix);
  }
  return prefix + (HEX_BYTES[idx(rng, 256)] as string);
}

const ipv4 = formatGenerators.ipv4 as (rng: Rng) => string;
const ipv6 = formatGenerators.ipv6 as (rng: Rng) => string;
const url = formatGenerators.url as (rng: Rng) => string;
const hostname = formatGenerators.hostname as (rng: Rng) => string;
const uuid = formatGenerators.uuid as (rng: Rng) => string;
const password = formatGenerators.password as (rng: Rng) => string;

/** IPv4 networks faker may use as asked: none of them is a public, attributable address. */
const NON_PUBLIC_NETWORKS = new Set([
  'loopback',
  'private-a',
  'private-b',
  'private-c',
  'link-local',
  'test-net-1',
  'test-net-2',
  'test-net-3',
  'multicast',
]);

function refuse(method: string): () => never {
  return () => {
    throw new SdgError('SDG_ERR_UNSUPPORTED', `faker ${method} would emit a real-looking identifier and has no reserved safe range`, {
      hint: 'describe the value with a `pattern` instead',
    });
  };
}

/** Faker methods with no safe space: refused at x-faker parse time and inside templates. */
const REFUSED_PATHS: ReadonlySet<string> = new Set(['phone.imei', 'vehicle.vin', 'vehicle.vrm']);

/**
 * Replaces, on our private instance only, every faker method that would emit real-looking PII. Faker binds
 * module methods as own properties, so overriding them also redirects faker's internal calls.
 */
function installSafeOverrides(faker: Faker): void {
  const originalIpv4 = faker.internet.ipv4;
  const originalAvatar = faker.image.personPortrait;
  Object.assign(faker.internet, {
    email: (options: { firstName?: string; lastName?: string } = {}) => safeEmail(activeRng(), options.firstName, options.lastName),
    exampleEmail: (options: { firstName?: string; lastName?: string } = {}) => safeEmail(activeRng(), options.firstName, options.lastName),
    url: () => url(activeRng()),
    domainName: () => hostname(activeRng()),
    ip: () => (activeRng().bool() ? ipv4(activeRng()) : ipv6(activeRng())),
    ipv4: (options: { network?: string; cidrBlock?: string } = {}) =>
      options.cidrBlock === undefined && options.network !== undefined && NON_PUBLIC_NETWORKS.has(options.network)
        ? originalIpv4(options as never)
        : ipv4(activeRng()),
    ipv6: () => ipv6(activeRng()),
    mac: (options: string | { separator?: string } = {}) =>
      documentationMac(activeRng(), typeof options === 'string' ? options : (options.separator ?? ':')),
  });
  Object.assign(faker.phone, {
    number: (options: { style?: PhoneStyle } = {}) => safePhone(activeRng(), options.style),
    imei: refuse('phone.imei'),
  });
  Object.assign(faker.finance, {
    creditCardNumber: (options: string | { issuer?: string } = {}) =>
      testCardNumber(activeRng(), typeof options === 'string' ? options : options.issuer),
    iban: (options: { formatted?: boolean; countryCode?: string } = {}) => exampleIban(activeRng(), options),
  });
  Object.assign(faker.vehicle, { vin: refuse('vehicle.vin'), vrm: refuse('vehicle.vrm') });
  // avatarGitHub points at real GitHub users' pictures; faker's portrait set is synthetic.
  Object.assign(faker.image, { avatar: () => originalAvatar(), avatarGitHub: () => originalAvatar() });
}

// ---------------------------------------------------------------------------------------------------------
// x-faker / faker keyword
// ---------------------------------------------------------------------------------------------------------

const FAKER_MODULES: ReadonlySet<string> = new Set([
  'airline',
  'animal',
  'book',
  'color',
  'commerce',
  'company',
  'database',
  'datatype',
  'date',
  'finance',
  'food',
  'git',
  'hacker',
  'helpers',
  'image',
  'internet',
  'location',
  'lorem',
  'music',
  'number',
  'person',
  'phone',
  'science',
  'string',
  'system',
  'vehicle',
  'word',
]);

/** Pre-v8 paths that json-schema-faker schemas still carry. */
const PATH_ALIASES: Readonly<Record<string, string>> = {
  fake: 'helpers.fake',
  'name.findName': 'person.fullName',
  'name.firstName': 'person.firstName',
  'name.lastName': 'person.lastName',
  'name.middleName': 'person.middleName',
  'name.fullName': 'person.fullName',
  'name.jobTitle': 'person.jobTitle',
  'name.prefix': 'person.prefix',
  'name.suffix': 'person.suffix',
  'name.gender': 'person.gender',
  'internet.userName': 'internet.username',
  'internet.avatar': 'image.avatar',
  'phone.phoneNumber': 'phone.number',
  'company.companyName': 'company.name',
  'datatype.number': 'number.int',
  'datatype.float': 'number.float',
  'datatype.uuid': 'string.uuid',
  'random.word': 'lorem.word',
  'random.words': 'lorem.words',
  'random.alphaNumeric': 'string.alphanumeric',
  'random.uuid': 'string.uuid',
};

const MODULE_ALIASES: Readonly<Record<string, string>> = { name: 'person', address: 'location' };

function canonicalPath(path: string): string {
  const aliased = PATH_ALIASES[path];
  if (aliased !== undefined) return aliased;
  const dot = path.indexOf('.');
  if (dot === -1) return path;
  const module = MODULE_ALIASES[path.slice(0, dot)];
  return module === undefined ? path : `${module}${path.slice(dot)}`;
}

function resolveMethod(faker: Faker, path: string): ((...args: unknown[]) => unknown) | undefined {
  const parts = path.split('.');
  if (parts.length !== 2) return undefined;
  const [moduleName = '', methodName = ''] = parts;
  if (!FAKER_MODULES.has(moduleName)) return undefined;
  const module = (faker as unknown as Record<string, unknown>)[moduleName];
  if (module === null || typeof module !== 'object' || !Object.prototype.hasOwnProperty.call(module, methodName)) return undefined;
  const method = (module as Record<string, unknown>)[methodName];
  return typeof method === 'function' ? (method as (...args: unknown[]) => unknown) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Faker returns strings, numbers, Dates, bigints, booleans and the odd object; rows hold strings/numbers. */
function toCell(value: unknown): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}

/**
 * Reads `x-faker` / `faker`: `"person.firstName"`, `{"number.int": {"min": 1, "max": 9}}` (one argument) or
 * `{"helpers.arrayElement": [["a", "b"]]}` (an array is the argument list). Unknown paths, bad shapes and
 * arguments faker rejects (found by one trial call) throw SDG_ERR_INVALID_SCHEMA at `pointer`.
 */
export function parseFakerKeyword(value: unknown, pointer: string): { path: string; args: unknown[] } {
  let rawPath: string;
  let args: unknown[];
  if (typeof value === 'string') {
    rawPath = value;
    args = [];
  } else if (isRecord(value) && Object.keys(value).length === 1) {
    rawPath = Object.keys(value)[0] as string;
    const rawArgs = value[rawPath];
    args = Array.isArray(rawArgs) ? rawArgs : rawArgs === undefined || rawArgs === null ? [] : [rawArgs];
  } else {
    throw new SdgError('SDG_ERR_INVALID_SCHEMA', 'x-faker must be a method path string or an object with exactly one method path key', {
      pointer,
      hint: 'write "person.firstName", {"number.int": {"min": 1, "max": 9}} or {"helpers.arrayElement": [["a", "b"]]}',
    });
  }
  const path = canonicalPath(rawPath.trim());
  if (REFUSED_PATHS.has(path)) {
    throw new SdgError('SDG_ERR_UNSUPPORTED', `x-faker "${rawPath}" would emit a real-looking identifier and has no reserved safe range`, {
      pointer,
      hint: 'describe the value with a `pattern` instead',
    });
  }
  const method = resolveMethod(getFaker(), path);
  if (method === undefined) {
    throw new SdgError('SDG_ERR_INVALID_SCHEMA', `x-faker: unknown faker method "${rawPath}"`, {
      pointer,
      hint: 'use a faker v10 "module.method" path such as "person.firstName", "location.city" or "number.int"',
    });
  }
  try {
    withFaker(Rng.fromSeed('x-faker-trial'), () => toCell(method(...args)));
  } catch (cause) {
    if (cause instanceof SdgError) throw new SdgError(cause.code, cause.message, { pointer, hint: cause.hint, cause });
    throw new SdgError('SDG_ERR_INVALID_SCHEMA', `x-faker "${rawPath}" rejected its arguments: ${(cause as Error).message}`, {
      pointer,
      hint: 'check the arguments against the faker v10 API documentation',
      cause,
    });
  }
  return { path, args };
}

/**
 * A generator calling faker `methodPath` with `args`. PII-emitting methods (internet.email, phone.number,
 * finance.creditCardNumber, internet.ip/ipv4/ipv6/mac/url/domainName, finance.iban, image.avatar*) are
 * routed to the safe generators by the overrides installed on our instance.
 */
export function fakerGenerator(methodPath: string, args: unknown[] = []): SemanticGenerator {
  const path = canonicalPath(methodPath);
  if (REFUSED_PATHS.has(path)) refuse(path)();
  const method = resolveMethod(getFaker(), path);
  if (method === undefined) {
    throw new SdgError('SDG_ERR_INVALID_SCHEMA', `x-faker: unknown faker method "${methodPath}"`, {
      hint: 'use a faker v10 "module.method" path such as "person.firstName"',
    });
  }
  return (rng) => {
    try {
      return withFaker(rng, () => toCell(method(...args)));
    } catch (cause) {
      if (cause instanceof SdgError) throw cause;
      throw new SdgError('SDG_ERR_GENERATION_FAILED', `faker ${path} failed: ${(cause as Error).message}`, { cause });
    }
  };
}

// ---------------------------------------------------------------------------------------------------------
// Property names
// ---------------------------------------------------------------------------------------------------------

interface Entry {
  readonly text?: (rng: Rng) => string;
  readonly int?: (rng: Rng) => number;
  readonly num?: (rng: Rng) => number;
  /** May also match as the last words of a longer name (`billing_city`, `order_total`). */
  readonly suffix: boolean;
}

let fast: FakerData | undefined;

/**
 * A generator from semantic-data's compiled faker en data. The data are loaded on the first value drawn,
 * not when the generator is looked up.
 */
function viaData(key: keyof FakerData): (rng: Rng) => string {
  let gen: ((rng: Rng) => string) | undefined;
  return (rng) => (gen ??= (fast ??= fakerData())[key])(rng);
}

/** Log-uniform in [lo, hi] with 2 decimals: prices and amounts are spread over magnitudes. */
function money(rng: Rng, lo: number, hi: number): number {
  const v = Math.exp(Math.log(lo) + rng.float() * (Math.log(hi) - Math.log(lo)));
  return Math.round(v * 100) / 100;
}

const TS_FROM = Date.UTC(2015, 0, 1) / 1000;
const TS_TO = Date.UTC(2025, 11, 31, 23, 59, 59) / 1000;
const BIRTH_FROM = Date.UTC(1940, 0, 1) / 86400000;
const BIRTH_TO = Date.UTC(2006, 11, 31) / 86400000;

/** `1985-` for 1900..2099 (the years generated), `MM-DD` by month·32 + day: a date is one concatenation. */
const YEAR_DASH: readonly string[] = Array.from({ length: 200 }, (_, i) => `${1900 + i}-`);
const MONTH_DAY: readonly string[] = Array.from(
  { length: 13 * 32 },
  (_, i) => `${DEC2[Math.floor(i / 32) % 100] as string}-${DEC2[i % 32] as string}`,
);

/** `YYYY-MM-DD` of a day count since 1970-01-01 (proleptic Gregorian; H. Hinnant's civil_from_days). */
function civilDate(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const year = y >= 1900 && y < 2100 ? (YEAR_DASH[y - 1900] as string) : `${String(y).padStart(4, '0')}-`;
  return year + (MONTH_DAY[m * 32 + d] as string);
}

/** `THH:` by hour and `MM:SSZ` by minute·60 + second, built on first use. */
let clock: { hours: readonly string[]; minuteSeconds: readonly string[] } | undefined;

const TS_SPAN = TS_TO - TS_FROM + 1;
const TS_LIMIT = limitFor(TS_SPAN);
const BIRTH_SPAN = BIRTH_TO - BIRTH_FROM + 1;
const BIRTH_LIMIT = limitFor(BIRTH_SPAN);
const epochSeconds = (rng: Rng): number => TS_FROM + below(rng, TS_SPAN, TS_LIMIT);

/** `2021-03-04T05:06:07Z` (what `Date#toISOString` gives, without the `.000`), in three concatenations. */
const isoSeconds = (rng: Rng): string => {
  const t = epochSeconds(rng);
  const days = Math.floor(t / 86400);
  const s = t - days * 86400;
  const h = Math.floor(s / 3600);
  const c = (clock ??= {
    hours: Array.from({ length: 24 }, (_, i) => `T${DEC2[i] as string}:`),
    minuteSeconds: Array.from({ length: 3600 }, (_, i) => `${DEC2[Math.floor(i / 60)] as string}:${DEC2[i % 60] as string}Z`),
  });
  return civilDate(days) + (c.hours[h] as string) + (c.minuteSeconds[s - h * 3600] as string);
};
const birthDate = (rng: Rng): string => civilDate(BIRTH_FROM + below(rng, BIRTH_SPAN, BIRTH_LIMIT));

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** `AB` by 26·first + second, and `C-`: the letters of a SKU in one concatenation. */
const UPPER_PAIRS: readonly string[] = Array.from(
  { length: 26 * 26 },
  (_, i) => (UPPER[Math.floor(i / 26)] as string) + (UPPER[i % 26] as string),
);
const UPPER_DASH: readonly string[] = Array.from(UPPER, (c) => `${c}-`);

const SKU_LETTERS_LIMIT = limitFor(26 * 26 * 26);
const SKU_NUMBER_LIMIT = limitFor(90000);

/** `ABC-12345`: three uniform letters (one draw) and a five-digit number. */
function sku(rng: Rng): string {
  const letters = below(rng, 26 * 26 * 26, SKU_LETTERS_LIMIT);
  const c = letters % 26;
  const number = 10000 + below(rng, 90000, SKU_NUMBER_LIMIT);
  return (UPPER_PAIRS[(letters - c) / 26] as string) + (UPPER_DASH[c] as string) + decimal(number);
}

/** `toFixed(decimals)` of values already rounded to `decimals` places, from digit tables for 2 and 6 places. */
function fixed(decimals: 2 | 6, gen: (rng: Rng) => number): (rng: Rng) => string {
  const scale = 10 ** decimals;
  const fraction =
    decimals === 2
      ? (f: number): string => DEC2[f] as string
      : (f: number): string => {
          const hi = Math.floor(f / 1000);
          return (DEC3[hi] as string) + (DEC3[f - hi * 1000] as string);
        };
  return (rng) => {
    const v = gen(rng);
    const units = Math.round(Math.abs(v) * scale);
    if (!(units < 1e15)) return v.toFixed(decimals);
    const whole = Math.floor(units / scale);
    const text = `${decimal(whole)}.${fraction(units - whole * scale)}`;
    return v < 0 && units !== 0 ? `-${text}` : text;
  };
}

function entry(e: Omit<Entry, 'suffix'>, suffix = true): Entry {
  return { ...e, suffix };
}

const price = (rng: Rng): number => money(rng, 1, 1000);
const ZIP_INT_LIMIT = limitFor(90000);
const latitude = (rng: Rng): number => Math.round((rng.float() * 180 - 90) * 1e6) / 1e6;
const longitude = (rng: Rng): number => Math.round((rng.float() * 360 - 180) * 1e6) / 1e6;

const E = {
  firstName: entry({ text: viaData('firstName') }),
  lastName: entry({ text: viaData('lastName') }),
  middleName: entry({ text: viaData('middleName') }),
  fullName: entry({ text: viaData('fullName') }),
  username: entry({ text: viaData('username') }),
  email: entry({ text: (rng) => safeEmail(rng) }),
  phone: entry({ text: (rng) => safePhone(rng) }),
  street: entry({ text: viaData('streetAddress') }),
  street2: entry({ text: viaData('secondaryAddress') }),
  city: entry({ text: viaData('city') }),
  state: entry({ text: viaData('state') }, false),
  stateCode: entry({ text: viaData('stateAbbr') }),
  zip: entry({ text: viaData('zipCode'), int: (rng) => 10000 + below(rng, 90000, ZIP_INT_LIMIT) }),
  country: entry({ text: viaData('country') }),
  countryCode: entry({ text: viaData('countryCode') }),
  company: entry({ text: viaData('companyName') }),
  jobTitle: entry({ text: viaData('jobTitle') }, false),
  url: entry({ text: url }),
  hostname: entry({ text: hostname }),
  money: entry({ text: fixed(2, price), num: price, int: (rng) => Math.round(price(rng)) }),
  salary: entry({
    text: fixed(2, (rng) => money(rng, 25000, 250000)),
    num: (rng) => money(rng, 25000, 250000),
    int: (rng) => Math.round(money(rng, 25000, 250000)),
  }),
  timestamp: entry({ text: isoSeconds, int: epochSeconds, num: epochSeconds }),
  birthDate: entry({ text: birthDate }),
  description: entry({ text: viaData('productDescription') }),
  notes: entry({ text: viaData('hackerPhrase') }),
  bio: entry({ text: viaData('bio') }),
  currency: entry({ text: viaData('currencyCode') }),
  iban: entry({ text: (rng) => exampleIban(rng) }),
  card: entry({ text: (rng) => testCardNumber(rng) }),
  ssn: entry({ text: safeSsn }),
  ipv4: entry({ text: ipv4 }),
  ipv6: entry({ text: ipv6 }),
  mac: entry({ text: (rng) => documentationMac(rng) }),
  latitude: entry({ text: fixed(6, latitude), num: latitude }),
  longitude: entry({ text: fixed(6, longitude), num: longitude }),
  color: entry({ text: viaData('colorHuman') }),
  hexColor: entry({ text: viaData('hexColor') }),
  product: entry({ text: viaData('productName') }, false),
  department: entry({ text: viaData('department') }),
  sku: entry({ text: sku }),
  age: entry({ text: (rng) => decimal(intIn(rng, 18, 90)), int: (rng) => intIn(rng, 18, 90), num: (rng) => intIn(rng, 18, 90) }, false),
  quantity: entry({ text: (rng) => decimal(intIn(rng, 1, 20)), int: (rng) => intIn(rng, 1, 20), num: (rng) => intIn(rng, 1, 20) }),
  rating: entry({ text: (rng) => decimal(intIn(rng, 1, 5)), int: (rng) => intIn(rng, 1, 5), num: (rng) => intIn(rng, 10, 50) / 10 }),
  percent: entry({
    text: (rng) => decimal(intIn(rng, 0, 100)),
    int: (rng) => intIn(rng, 0, 100),
    num: (rng) => intIn(rng, 0, 10000) / 100,
  }),
  year: entry(
    { text: (rng) => decimal(intIn(rng, 1970, 2035)), int: (rng) => intIn(rng, 1970, 2035), num: (rng) => intIn(rng, 1970, 2035) },
    false,
  ),
  gender: entry({ text: viaData('gender') }, false),
  sex: entry({ text: viaData('sex') }, false),
  uuid: entry({ text: uuid }),
  password: entry({ text: password }),
  timeZone: entry({ text: viaData('timeZone') }),
  isbn: entry({ text: viaData('isbn') }),
} satisfies Record<string, Entry>;

/** Normalised name (lowercase, no separators) to entry. */
const NAMES: ReadonlyMap<string, Entry> = new Map<string, Entry>([
  ...['firstname', 'givenname', 'forename', 'fname'].map((n) => [n, E.firstName] as const),
  ...['lastname', 'surname', 'familyname', 'lname'].map((n) => [n, E.lastName] as const),
  ['middlename', E.middleName],
  ...['fullname', 'name', 'displayname', 'personname', 'contactname', 'customername'].map((n) => [n, E.fullName] as const),
  ...['username', 'login', 'handle', 'screenname', 'nickname', 'userid'].map((n) => [n, E.username] as const),
  ...['email', 'emailaddress', 'mail', 'emailaddr'].map((n) => [n, E.email] as const),
  ...['phone', 'phonenumber', 'mobile', 'mobilenumber', 'mobilephone', 'telephone', 'tel', 'cell', 'cellphone', 'fax', 'contactnumber'].map(
    (n) => [n, E.phone] as const,
  ),
  ...['street', 'streetaddress', 'address', 'addressline1', 'address1', 'line1', 'streetline1'].map((n) => [n, E.street] as const),
  ...['addressline2', 'address2', 'line2', 'secondaryaddress', 'streetline2'].map((n) => [n, E.street2] as const),
  ...['city', 'town'].map((n) => [n, E.city] as const),
  ...['state', 'province'].map((n) => [n, E.state] as const),
  ...['statecode', 'stateabbr', 'stateabbreviation'].map((n) => [n, E.stateCode] as const),
  ...['zip', 'zipcode', 'postalcode', 'postcode'].map((n) => [n, E.zip] as const),
  ['country', E.country],
  ...['countrycode', 'countryiso'].map((n) => [n, E.countryCode] as const),
  ...['company', 'companyname', 'organization', 'organisation', 'employer', 'businessname'].map((n) => [n, E.company] as const),
  ...['jobtitle', 'title', 'position', 'occupation'].map((n) => [n, E.jobTitle] as const),
  ...['url', 'website', 'homepage', 'link', 'uri', 'weburl', 'websiteurl'].map((n) => [n, E.url] as const),
  ...['domain', 'domainname', 'hostname', 'host'].map((n) => [n, E.hostname] as const),
  ...['price', 'amount', 'cost', 'total', 'subtotal', 'balance', 'fee', 'unitprice', 'totalamount'].map((n) => [n, E.money] as const),
  ...['salary', 'income'].map((n) => [n, E.salary] as const),
  ...[
    'createdat',
    'updatedat',
    'deletedat',
    'modifiedat',
    'timestamp',
    'lastlogin',
    'lastloginat',
    'publishedat',
    'lastseen',
    'createdon',
    'updatedon',
  ].map((n) => [n, E.timestamp] as const),
  ...['birthdate', 'dob', 'dateofbirth', 'birthday'].map((n) => [n, E.birthDate] as const),
  ...['description', 'summary', 'details'].map((n) => [n, E.description] as const),
  ...['notes', 'note', 'comment', 'comments', 'remarks'].map((n) => [n, E.notes] as const),
  ['bio', E.bio],
  ...['currency', 'currencycode'].map((n) => [n, E.currency] as const),
  ...['iban', 'ibannumber'].map((n) => [n, E.iban] as const),
  ...['creditcard', 'creditcardnumber', 'cardnumber', 'ccnumber', 'pan'].map((n) => [n, E.card] as const),
  ...['ssn', 'socialsecuritynumber', 'socialsecurity'].map((n) => [n, E.ssn] as const),
  ...['ip', 'ipaddress', 'ipv4', 'ipv4address', 'clientip', 'remoteip'].map((n) => [n, E.ipv4] as const),
  ...['ipv6', 'ipv6address'].map((n) => [n, E.ipv6] as const),
  ...['mac', 'macaddress'].map((n) => [n, E.mac] as const),
  ...['latitude', 'lat'].map((n) => [n, E.latitude] as const),
  ...['longitude', 'lng', 'lon', 'long'].map((n) => [n, E.longitude] as const),
  ...['color', 'colour'].map((n) => [n, E.color] as const),
  ...['hexcolor', 'colorhex', 'hexcolour'].map((n) => [n, E.hexColor] as const),
  ...['product', 'productname', 'itemname'].map((n) => [n, E.product] as const),
  ['department', E.department],
  ...['sku', 'productcode'].map((n) => [n, E.sku] as const),
  ['age', E.age],
  ...['quantity', 'qty'].map((n) => [n, E.quantity] as const),
  ...['rating', 'stars', 'score'].map((n) => [n, E.rating] as const),
  ...['percent', 'percentage', 'discount', 'discountpercent'].map((n) => [n, E.percent] as const),
  ['year', E.year],
  ['gender', E.gender],
  ['sex', E.sex],
  ...['uuid', 'guid'].map((n) => [n, E.uuid] as const),
  ['password', E.password],
  ...['timezone', 'tz'].map((n) => [n, E.timeZone] as const),
  ['isbn', E.isbn],
]);

/** `<person word> name` is a person's full name (`customer_name`, `authorName`); other `*_name` are not. */
const PERSON_WORDS: ReadonlySet<string> = new Set([
  'customer',
  'user',
  'contact',
  'author',
  'employee',
  'owner',
  'person',
  'member',
  'manager',
  'recipient',
  'sender',
  'patient',
  'student',
  'teacher',
  'client',
  'buyer',
  'seller',
  'driver',
  'agent',
  'guest',
  'display',
  'full',
]);

function tokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '');
}

function lookup(name: string): Entry | undefined {
  const parts = tokens(name);
  if (parts.length === 0) return undefined;
  const exact = NAMES.get(parts.join(''));
  if (exact !== undefined) return exact;
  for (let i = 1; i < parts.length; i++) {
    const found = NAMES.get(parts.slice(i).join(''));
    if (found !== undefined && found.suffix && found !== E.fullName) return found;
  }
  const last = parts[parts.length - 1];
  const before = parts[parts.length - 2];
  if (last === 'name' && before !== undefined && PERSON_WORDS.has(before)) return E.fullName;
  return undefined;
}

/**
 * A generator for a property name (case, `_`, `-` and camelCase insensitive; `billing_city` matches `city`)
 * and JSON type, or undefined when the name says nothing useful for that type.
 */
export function semanticForName(propertyName: string, type: 'string' | 'integer' | 'number'): SemanticGenerator | undefined {
  const found = lookup(propertyName);
  if (found === undefined) return undefined;
  if (type === 'integer') return found.int;
  if (type === 'number') return found.num ?? found.int;
  if (found.text !== undefined) return found.text;
  const numeric = found.num ?? found.int;
  return numeric === undefined ? undefined : (rng) => String(numeric(rng));
}
