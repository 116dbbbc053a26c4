/**
 * Generators for every standard JSON Schema `format` and the ajv-formats extras.
 *
 * Each output validates under ajv-formats 3 in full mode (the test suite checks thousands of streams per
 * format); the four formats ajv-formats does not know (idn-email, idn-hostname, iri, iri-reference) are
 * checked against their RFCs with Node's UTS-46 implementation instead. PII-shaped formats draw only from
 * the safe spaces in core/safe-ranges (documentation domains and IP ranges).
 *
 * Lengths: `minLength`/`maxLength` count code points. Every non-ASCII character used here is in the BMP,
 * so `string.length` equals the code-point count and no generator has to count surrogates on the hot path.
 * When a natural value misses the bounds, the format's `fit` builds one of an exact feasible length; when no
 * feasible length lies inside the bounds the closest one is returned and the caller's verifier decides.
 */

import type { Rng } from '../core/rng.js';
import { GENERATION_DOMAINS, GENERATION_IPV4_PREFIXES } from '../core/safe-ranges.js';
import type { JsonOut } from './json-out.js';

export type FormatGenerator = (rng: Rng, minLength?: number, maxLength?: number) => string;

// ---------------------------------------------------------------------------------------------------------
// Small helpers (hot path: no allocation beyond the result string)
// ---------------------------------------------------------------------------------------------------------

/**
 * Index in [0, n) from one draw. Modulo bias is below n / 2^32 (< 1e-8 for the alphabets here), far under
 * anything observable, and it saves the rejection loop of `Rng.int` on every character.
 */
function idx(rng: Rng, n: number): number {
  return rng.nextU32() % n;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.nextU32() % items.length] as T;
}

const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));
const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const DIGITS = '0123456789';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

const perDrawCache = new Map<number, number>();

/**
 * Characters taken from one 32-bit draw: k base-`size` digits of the draw, with k chosen so the most
 * significant digit used still spans >= 1000 * size values (relative bias < 0.1%). Several characters per
 * draw roughly quarters the hashing cost of long strings.
 */
function perDraw(size: number): number {
  let k = perDrawCache.get(size);
  if (k === undefined) {
    k = Math.max(1, 1 + Math.floor(Math.log(4294967296 / (1000 * size)) / Math.log(size)));
    perDrawCache.set(size, k);
  }
  return k;
}

function chars(rng: Rng, n: number, alphabet: string): string {
  const size = alphabet.length;
  const k = perDraw(size);
  let s = '';
  let v = 0;
  let left = 0;
  for (let i = 0; i < n; i++) {
    if (left === 0) {
      v = rng.nextU32();
      left = k;
    }
    s += alphabet[v % size];
    v = Math.floor(v / size);
    left--;
  }
  return s;
}

/** n decimal digits, the first one non-zero (n >= 1). */
function number(rng: Rng, n: number): string {
  return String.fromCharCode(49 + idx(rng, 9)) + chars(rng, n - 1, DIGITS);
}

function hex4(v: number): string {
  return (HEX2[(v >>> 8) & 255] as string) + (HEX2[v & 255] as string);
}

function hex8(v: number): string {
  return hex4(v >>> 16) + hex4(v & 0xffff);
}

/** A DNS label of exactly n (1..63) characters: letter first, letters/digits after. */
function label(rng: Rng, n: number): string {
  return LOWER[idx(rng, 26)] + chars(rng, n - 1, ALNUM);
}

/** Dot-separated labels totalling exactly n characters (n >= 1), each at most 63 long. */
function labels(rng: Rng, n: number): string {
  let out = '';
  let remaining = n;
  while (remaining > 0) {
    if (out !== '') out += '.';
    if (remaining <= 63) {
      out += label(rng, remaining);
      break;
    }
    if (remaining === 64) {
      // 63 + '.' would leave nothing for the next label; split so both are non-empty.
      out += `${label(rng, 61)}.${label(rng, 2)}`;
      break;
    }
    out += label(rng, 63);
    remaining -= 64;
  }
  return out;
}

/** Path-ish filler of exactly n characters: letters/digits with an occasional '/', never first or doubled. */
function pathChars(rng: Rng, n: number): string {
  let s = '';
  let run = 0;
  for (let i = 0; i < n; i++) {
    if (run >= 4 && i < n - 1 && idx(rng, 5) === 0) {
      s += '/';
      run = 0;
    } else {
      s += run === 0 ? LOWER[idx(rng, 26)] : ALNUM[idx(rng, 36)];
      run++;
    }
  }
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// Length fitting
// ---------------------------------------------------------------------------------------------------------

interface FormatSpec {
  /** A natural-looking value. */
  gen(rng: Rng): string;
  /** A value of exactly `length` code points; only called with lengths where `feasible` is true. */
  fit(rng: Rng, length: number): string;
  /** Shortest and longest lengths `fit` can make. */
  readonly lo: number;
  readonly hi: number;
  /** Feasibility inside [lo, hi] when not every length is (byte: multiples of 4). */
  feasible?(length: number): boolean;
}

function chooseLength(natural: number, min: number, max: number, spec: FormatSpec): number {
  const ok = spec.feasible ?? (() => true);
  const a = Math.max(min, spec.lo);
  const b = Math.min(max, spec.hi);
  if (a <= b) {
    const want = natural < a ? a : natural > b ? b : natural;
    // Feasible lengths are never more than a few apart, so the outward scan is short.
    for (let d = 0; d <= 64; d++) {
      if (want + d <= b && ok(want + d)) return want + d;
      if (want - d >= a && ok(want - d)) return want - d;
    }
  }
  if (max < spec.lo) return spec.lo;
  if (min > spec.hi) return spec.hi;
  // The bounds overlap the format's range but hold no feasible length: take the nearest one outside.
  for (let d = 1; d <= 64; d++) {
    if (a - d >= spec.lo && ok(a - d)) return a - d;
    if (b + d <= spec.hi && ok(b + d)) return b + d;
  }
  return spec.lo;
}

function make(spec: FormatSpec): FormatGenerator {
  return (rng, minLength, maxLength) => {
    const s = spec.gen(rng);
    if (minLength === undefined && maxLength === undefined) return s;
    const min = minLength ?? 0;
    const max = maxLength ?? Number.POSITIVE_INFINITY;
    if (s.length >= min && s.length <= max) return s;
    return spec.fit(rng, chooseLength(s.length, min, max, spec));
  };
}

/** For formats whose every value has one length. */
function fixed(gen: (rng: Rng) => string, length: number): FormatSpec {
  return { gen, fit: gen, lo: length, hi: length };
}

// ---------------------------------------------------------------------------------------------------------
// Dates and times (no Date objects: civil-from-days arithmetic is several times faster and exact)
// ---------------------------------------------------------------------------------------------------------

/** Days since 1970-01-01 of 2035-12-31: the default window is 1970-01-01 .. 2035-12-31 inclusive. */
const LAST_DAY = 24105;

/** Howard Hinnant's civil_from_days, for the proleptic Gregorian calendar: year·512 + month·32 + day. */
function civilFields(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 512 + m * 32 + d;
}

function civilDate(days: number): string {
  const f = civilFields(days);
  return `${Math.floor(f / 512)}-${PAD2[(f >> 5) & 15]}-${PAD2[f & 31]}`;
}

function date(rng: Rng): string {
  return civilDate(idx(rng, LAST_DAY + 1));
}

/** HH:MM:SS; second 60 is never produced (a leap second is only valid at 23:59:60Z, which ajv checks). */
function clock(rng: Rng): string {
  const t = idx(rng, 86400);
  const h = (t / 3600) | 0;
  const m = ((t % 3600) / 60) | 0;
  return `${PAD2[h]}:${PAD2[m]}:${PAD2[t % 60]}`;
}

const OFFSETS: readonly string[] = [
  '+00:00',
  '+01:00',
  '+02:00',
  '+03:00',
  '+04:00',
  '+05:30',
  '+05:45',
  '+08:00',
  '+09:00',
  '+10:00',
  '+12:00',
  '-03:00',
  '-04:00',
  '-05:00',
  '-06:00',
  '-07:00',
  '-08:00',
];

function fraction(rng: Rng, digits: number): string {
  return `.${chars(rng, digits, DIGITS)}`;
}

/** Natural time: milliseconds one time in three, `Z` half the time, else a real-world offset. */
function timeOfDay(rng: Rng, zoneRequired: boolean): string {
  const r = rng.nextU32();
  let s = clock(rng);
  if (r % 3 === 0) s += fraction(rng, 3);
  const zone = (r >>> 8) % 4;
  if (zone < 2) return `${s}Z`;
  if (zone === 2 || zoneRequired) return s + pick(rng, OFFSETS);
  return s;
}

/**
 * A time with exactly `rest` characters after HH:MM:SS. RFC 3339 zones are `Z` (1) or `+HH:MM` (6) and a
 * fraction is '.' plus at least one digit, so with a required zone rest = 2 cannot be made.
 */
function zonedTail(rng: Rng, rest: number, zoneRequired: boolean): string {
  if (rest === 0) return '';
  if (rest === 1) return 'Z';
  if (!zoneRequired && (rest === 2 || idx(rng, 3) === 0)) return fraction(rng, rest - 1);
  if (rest === 6 && idx(rng, 2) === 0) return pick(rng, OFFSETS);
  if (rest >= 8 && idx(rng, 2) === 0) return fraction(rng, rest - 7) + pick(rng, OFFSETS);
  return `${fraction(rng, rest - 2)}Z`;
}

function timeSpec(prefix: (rng: Rng) => string, prefixLength: number, zoneRequired: boolean): FormatSpec {
  const base = prefixLength + 8;
  return {
    gen: (rng) => prefix(rng) + timeOfDay(rng, zoneRequired),
    fit: (rng, length) => prefix(rng) + clock(rng) + zonedTail(rng, length - base, zoneRequired),
    lo: zoneRequired ? base + 1 : base,
    hi: Number.POSITIVE_INFINITY,
    ...(zoneRequired ? { feasible: (length: number) => length - base !== 2 } : {}),
  };
}

const noPrefix = (): string => '';
const datePrefix = (rng: Rng): string => `${date(rng)}T`;
/** iso-date-time also accepts a space separator (RFC 3339 §5.6 note); used now and then. */
const isoDatePrefix = (rng: Rng): string => `${date(rng)}${idx(rng, 8) === 0 ? ' ' : 'T'}`;

const DURATION_UNITS_DATE = ['Y', 'M', 'D'] as const;
const DURATION_UNITS_TIME = ['H', 'M', 'S'] as const;
const DURATION_LIMITS = [10, 11, 30, 23, 59, 59] as const;

function duration(rng: Rng): string {
  const r = rng.nextU32();
  if (r % 10 === 0) return `P${1 + idx(rng, 12)}W`;
  let date = '';
  let time = '';
  for (let i = 0; i < 6; i++) {
    if (((r >>> (4 + i)) & 3) === 0 || (i === 5 && date === '' && time === '')) {
      const n = 1 + idx(rng, DURATION_LIMITS[i] as number);
      if (i < 3) date += `${n}${DURATION_UNITS_DATE[i]}`;
      else time += `${n}${DURATION_UNITS_TIME[i - 3]}`;
    }
  }
  return `P${date}${time === '' ? '' : `T${time}`}`;
}

function durationFit(rng: Rng, length: number): string {
  if (length >= 4 && idx(rng, 2) === 0) return `PT${number(rng, length - 3)}${pick(rng, DURATION_UNITS_TIME)}`;
  return `P${number(rng, length - 2)}${pick(rng, ['Y', 'M', 'D', 'W'])}`;
}

// ---------------------------------------------------------------------------------------------------------
// Email and host names (reserved domains only)
// ---------------------------------------------------------------------------------------------------------

// Common given and family names: generic words, not anyone's identity, used only to make local parts look real.
const FIRST = [
  'james',
  'mary',
  'john',
  'patricia',
  'robert',
  'jennifer',
  'michael',
  'linda',
  'william',
  'elizabeth',
  'david',
  'barbara',
  'richard',
  'susan',
  'joseph',
  'jessica',
  'thomas',
  'sarah',
  'chris',
  'karen',
  'daniel',
  'nancy',
  'matthew',
  'lisa',
  'anthony',
  'betty',
  'mark',
  'sandra',
  'paul',
  'ashley',
  'steven',
  'emily',
  'andrew',
  'donna',
  'kevin',
  'michelle',
  'brian',
  'carol',
  'george',
  'amanda',
  'jane',
  'alex',
  'sam',
  'maria',
  'omar',
  'priya',
  'wei',
  'yuki',
  'lucas',
  'ana',
] as const;
const LAST = [
  'smith',
  'johnson',
  'williams',
  'brown',
  'jones',
  'garcia',
  'miller',
  'davis',
  'rodriguez',
  'martinez',
  'hernandez',
  'lopez',
  'gonzalez',
  'wilson',
  'anderson',
  'thomas',
  'taylor',
  'moore',
  'jackson',
  'martin',
  'lee',
  'perez',
  'thompson',
  'white',
  'harris',
  'sanchez',
  'clark',
  'ramirez',
  'lewis',
  'robinson',
  'walker',
  'young',
  'allen',
  'king',
  'wright',
  'scott',
  'torres',
  'nguyen',
  'hill',
  'flores',
  'doe',
  'green',
  'adams',
  'nelson',
  'baker',
  'hall',
  'rivera',
  'campbell',
  'mitchell',
  'carter',
] as const;

/** The three example.* names carry most of the weight; .example/.test names add variety. */
const PRIMARY_DOMAINS = GENERATION_DOMAINS.filter((d) => d.startsWith('example.'));
const OTHER_DOMAINS = GENERATION_DOMAINS.filter((d) => !d.startsWith('example.'));

function emailDomain(rng: Rng): string {
  return idx(rng, 5) === 0 && OTHER_DOMAINS.length > 0 ? pick(rng, OTHER_DOMAINS) : pick(rng, PRIMARY_DOMAINS);
}

/** Exported for semantic.ts, which supplies faker names instead of these. */
export function localPart(rng: Rng, first: string, last: string): string {
  switch (idx(rng, 6)) {
    case 0:
      return `${first}.${last}`;
    case 1:
      return `${first}.${last}${1 + idx(rng, 99)}`;
    case 2:
      return `${first[0]}${last}`;
    case 3:
      return `${first}_${last}`;
    case 4:
      return `${first}${1 + idx(rng, 999)}`;
    default:
      return `${first}${last[0]}${1970 + idx(rng, 36)}`;
  }
}

function email(rng: Rng): string {
  return `${localPart(rng, pick(rng, FIRST), pick(rng, LAST))}@${emailDomain(rng)}`;
}

/** A local part of exactly n (1..64) characters, from a name where it fits. */
function localFit(rng: Rng, n: number): string {
  const base = `${pick(rng, FIRST)}.${pick(rng, LAST)}`;
  if (base.length >= n) {
    const cut = base.slice(0, n);
    return cut.endsWith('.') ? `${cut.slice(0, -1)}${LOWER[idx(rng, 26)]}` : cut;
  }
  return base + chars(rng, n - base.length, DIGITS);
}

/** A host name of exactly n (6..253) characters under a reserved name. */
function hostFit(rng: Rng, n: number): string {
  if (n === 11) return pick(rng, PRIMARY_DOMAINS);
  if (n >= 13) return `${labels(rng, n - 12)}.${pick(rng, PRIMARY_DOMAINS)}`;
  return `${labels(rng, n - 5)}.test`;
}

function emailFit(rng: Rng, length: number): string {
  if (length < 13) return `${localFit(rng, length - 7)}@${hostFit(rng, 6)}`;
  const local = Math.min(64, length - 12);
  return `${localFit(rng, local)}@${hostFit(rng, length - 1 - local)}`;
}

const SUBDOMAINS = ['www', 'api', 'mail', 'app', 'cdn', 'shop', 'dev', 'static', 'auth', 'files', 'db-01', 'eu-west'];

function hostname(rng: Rng): string {
  const r = idx(rng, 10);
  const base = r < 7 ? pick(rng, PRIMARY_DOMAINS) : pick(rng, GENERATION_DOMAINS);
  if (r % 3 === 0) return base;
  // Numbered hosts (web-12, node3) give fleets of distinct names, as real inventories have.
  const sub = pick(rng, SUBDOMAINS);
  const n = idx(rng, 4);
  return n === 0 ? `${sub}-${1 + idx(rng, 99)}.${base}` : n === 1 ? `${sub}${1 + idx(rng, 9)}.${base}` : `${sub}.${base}`;
}

// IDN labels: lowercase, NFC, BMP only, no IDNA2008 deviation characters (ß, ς, ZWJ/ZWNJ) and no
// right-to-left scripts, so the UTS-46 transitional and non-transitional mappings agree and no Bidi rule
// applies. Written as escapes so an editor's normalisation cannot change them.
const IDN_LABELS: readonly string[] = [
  'b\u00fccher',
  'caf\u00e9',
  'm\u00fcnchen',
  'z\u00fcrich',
  'k\u00f6ln',
  'espa\u00f1a',
  'sm\u00f8rrebr\u00f8d',
  '\u00e5lesund',
  'fran\u00e7ais',
  '\u65e5\u672c',
  '\u4f8b\u3048',
  '\u043f\u0440\u0438\u043c\u0435\u0440',
  '\u03b4\u03bf\u03ba\u03b9\u03bc\u03ae',
  '\u0442\u0435\u0441\u0442',
];
const IDN_FIRST_CHARS = '\u00fc\u00e9\u00f6\u00f1\u00e5\u00e7\u00e0\u00ee';
const IDN_BASES = ['example', 'test', 'example.com', 'example.org', 'example.net'];

function idnHostname(rng: Rng): string {
  const host = `${pick(rng, IDN_LABELS)}.${pick(rng, IDN_BASES)}`;
  const r = idx(rng, 6);
  return r === 0 ? `www.${host}` : r === 1 ? `${pick(rng, SUBDOMAINS)}${1 + idx(rng, 9)}.${host}` : host;
}

/**
 * Exactly n (6..240) code points under `.test`; the label next to the TLD starts with a non-ASCII letter.
 * That label stays <= 50 code points so its Punycode form (about n + 7 characters) stays under 63, and the
 * whole A-label form stays under 253.
 */
function idnHostFit(rng: Rng, n: number): string {
  const p = n - 5;
  if (p <= 50) return `${IDN_FIRST_CHARS[idx(rng, IDN_FIRST_CHARS.length)]}${chars(rng, p - 1, LOWER)}.test`;
  const idnLabel = `${IDN_FIRST_CHARS[idx(rng, IDN_FIRST_CHARS.length)]}${chars(rng, 39, LOWER)}`;
  return `${labels(rng, p - 41)}.${idnLabel}.test`;
}

// Accented given names for idn-email local parts (RFC 6531 allows UTF-8 there).
const IDN_FIRST = [
  'jos\u00e9',
  'zo\u00eb',
  'ren\u00e9e',
  'fran\u00e7ois',
  's\u00f8ren',
  'bj\u00f6rn',
  'm\u00fcller',
  'ana',
  'jane',
  'lucas',
];

function idnEmail(rng: Rng): string {
  return `${localPart(rng, pick(rng, IDN_FIRST), pick(rng, LAST))}@${idnHostname(rng)}`;
}

function idnEmailFit(rng: Rng, length: number): string {
  let local = Math.min(64, Math.max(1, length - 15));
  let domain = length - 1 - local;
  if (domain < 6) {
    domain = 6;
    local = length - 7;
  }
  return `${localFit(rng, local)}@${idnHostFit(rng, domain)}`;
}

// ---------------------------------------------------------------------------------------------------------
// IP addresses (documentation ranges only)
// ---------------------------------------------------------------------------------------------------------

/** Host part 1..254: .0 and .255 look like network/broadcast addresses. */
function hostOctet(rng: Rng, digits: number): number {
  if (digits === 1) return 1 + idx(rng, 9);
  if (digits === 2) return 10 + idx(rng, 90);
  return 100 + idx(rng, 155);
}

function ipv4(rng: Rng): string {
  return `${pick(rng, GENERATION_IPV4_PREFIXES)}${1 + idx(rng, 254)}`;
}

/** 9..11 characters from 192.0.2.x, 12..14 from 198.51.100.x. */
function ipv4Fit(rng: Rng, length: number): string {
  if (length <= 11) return `192.0.2.${hostOctet(rng, length - 8)}`;
  return `198.51.100.${hostOctet(rng, length - 11)}`;
}

/** A hex group of exactly d (1..4) digits, no leading zero unless d = 1 (RFC 5952 style). */
function group(rng: Rng, d: number): string {
  if (d === 1) return HEX2[idx(rng, 16)]!.charAt(1);
  const lo = 16 ** (d - 1);
  return (lo + idx(rng, 16 ** d - lo)).toString(16);
}

function ipv6(rng: Rng): string {
  const r = rng.nextU32();
  if ((r & 1) === 0) {
    let s = '2001:db8';
    for (let i = 0; i < 6; i++) s += `:${(rng.nextU32() & 0xffff).toString(16)}`;
    return s;
  }
  // Compressed: 2001:db8:<0-2 groups>::<1-3 groups>, the shapes documentation usually shows.
  let s = '2001:db8';
  const head = (r >>> 1) % 3;
  for (let i = 0; i < head; i++) s += `:${(rng.nextU32() & 0xffff).toString(16)}`;
  s += ':';
  const tail = 1 + ((r >>> 3) % 3);
  for (let i = 0; i < tail; i++) s += `:${(rng.nextU32() & 0xffff).toString(16)}`;
  return s;
}

/** Splits `total` digits over `groups` groups of 1..4 digits each. */
function groupsOfDigits(rng: Rng, groups: number, total: number): string[] {
  const out: string[] = [];
  let left = total - groups;
  for (let i = 0; i < groups; i++) {
    // Extra digits for this group: at least what the later groups cannot absorb, at most 3.
    const laterCapacity = 3 * (groups - 1 - i);
    const lo = Math.max(0, left - laterCapacity);
    const hi = Math.min(3, left);
    const extra = lo + idx(rng, hi - lo + 1);
    left -= extra;
    out.push(group(rng, 1 + extra));
  }
  return out;
}

/** 10..39 characters: `2001:db8::` plus compressed tail groups below 20, six full groups from 20. */
function ipv6Fit(rng: Rng, length: number): string {
  if (length === 10) return '2001:db8::';
  if (length >= 20) {
    const prefix = length === 39 ? '2001:0db8' : '2001:db8';
    return `${prefix}:${groupsOfDigits(rng, 6, length - prefix.length - 6).join(':')}`;
  }
  // 2001:db8:: + k groups: length = 10 + (k - 1) + digits, digits in [k, 4k].
  const k = length <= 14 ? 1 : 2;
  return `2001:db8::${groupsOfDigits(rng, k, length - 10 - (k - 1)).join(':')}`;
}

// ---------------------------------------------------------------------------------------------------------
// URIs, IRIs, templates, pointers, regexes
// ---------------------------------------------------------------------------------------------------------

const PATH_WORDS = [
  'products',
  'users',
  'orders',
  'items',
  'docs',
  'blog',
  'api',
  'v1',
  'v2',
  'search',
  'account',
  'images',
  'assets',
  'about',
  'help',
  'news',
  'reports',
  'settings',
  'cart',
  'checkout',
  'downloads',
  'media',
];
const QUERY_KEYS = ['q', 'page', 'sort', 'ref', 'lang', 'id', 'limit'];

function pathSegments(rng: Rng, count: number): string {
  let s = '';
  for (let i = 0; i < count; i++) s += `/${idx(rng, 4) === 0 ? 1 + idx(rng, 9999) : pick(rng, PATH_WORDS)}`;
  return s;
}

function httpUri(rng: Rng): string {
  const r = rng.nextU32();
  const path = pathSegments(rng, (r >>> 4) % 4);
  const query = (r >>> 8) % 5 === 0 ? `?${pick(rng, QUERY_KEYS)}=${pick(rng, PATH_WORDS)}` : '';
  const fragment = (r >>> 12) % 10 === 0 ? `#${pick(rng, PATH_WORDS)}` : '';
  // ajv's `url` (dperini's pattern) wants a '/' before any query or fragment.
  const slash = path === '' && (query !== '' || fragment !== '') ? '/' : '';
  return `${r % 10 === 0 ? 'http' : 'https'}://${hostname(rng)}${path}${slash}${query}${fragment}`;
}

/** 13.. characters: http://<host> below 19, https://example.com/<path> from 19. */
function httpUriFit(rng: Rng, length: number): string {
  if (length < 19) return `http://${hostFit(rng, length - 7)}`;
  const base = `https://${pick(rng, PRIMARY_DOMAINS)}`;
  return length === 19 ? base : `${base}/${pathChars(rng, length - 20)}`;
}

const RELATIVE_REFS: readonly ((rng: Rng) => string)[] = [
  (rng) => pathSegments(rng, 1 + idx(rng, 3)),
  (rng) => `../${pick(rng, PATH_WORDS)}/${pick(rng, PATH_WORDS)}.png`,
  (rng) => `?${pick(rng, QUERY_KEYS)}=${1 + idx(rng, 99)}`,
  (rng) => `#${pick(rng, PATH_WORDS)}`,
  (rng) => `${pick(rng, PATH_WORDS)}/${1 + idx(rng, 999)}`,
];

function uriReference(rng: Rng): string {
  return idx(rng, 2) === 0 ? httpUri(rng) : pick(rng, RELATIVE_REFS)(rng);
}

/** Any length: '' or a path starting with '/' then a letter (never '//', which would start an authority). */
function relativeFit(rng: Rng, length: number): string {
  return length === 0 ? '' : `/${pathChars(rng, length - 1)}`;
}

const IRI_WORDS: readonly string[] = [
  'caf\u00e9',
  'men\u00fc',
  'r\u00e9sum\u00e9',
  'na\u00efve',
  'donn\u00e9es',
  '\u00fcber-uns',
  'ni\u00f1os',
  'stra\u00dfe',
  '\u65e5\u672c\u8a9e',
  '\u043f\u0440\u0438\u043c\u0435\u0440',
  '\u03b4\u03bf\u03ba\u03b9\u03bc\u03ae',
];

function iriPath(rng: Rng): string {
  const before = idx(rng, 2) === 0 ? `/${pick(rng, PATH_WORDS)}` : '';
  const after = idx(rng, 3) === 0 ? `/${1 + idx(rng, 999)}` : '';
  return `${before}/${pick(rng, IRI_WORDS)}${after}`;
}

function iri(rng: Rng): string {
  return `https://${hostname(rng)}${iriPath(rng)}`;
}

/** 15.. code points with one non-ASCII letter; 13..14 fall back to an ASCII URI (every URI is an IRI). */
function iriFit(rng: Rng, length: number): string {
  if (length < 15) return httpUriFit(rng, length);
  const nonAscii = IDN_FIRST_CHARS[idx(rng, IDN_FIRST_CHARS.length)] as string;
  if (length < 21) return `http://${hostFit(rng, length - 9)}/${nonAscii}`;
  return `https://${pick(rng, PRIMARY_DOMAINS)}/${nonAscii}${pathChars(rng, length - 21)}`;
}

function iriReference(rng: Rng): string {
  const r = idx(rng, 4);
  if (r === 0) return iri(rng);
  if (r === 1) return `${pick(rng, IRI_WORDS)}#${pick(rng, PATH_WORDS)}`;
  return iriPath(rng);
}

function iriReferenceFit(rng: Rng, length: number): string {
  if (length < 2) return relativeFit(rng, length);
  return `/${IDN_FIRST_CHARS[idx(rng, IDN_FIRST_CHARS.length)]}${pathChars(rng, length - 2)}`;
}

const VAR_NAMES = ['id', 'userId', 'orderId', 'page', 'q', 'lang', 'version', 'path', 'itemId'];
const URI_TEMPLATES: readonly ((rng: Rng) => string)[] = [
  (rng) => `https://api.${pick(rng, PRIMARY_DOMAINS)}/${pick(rng, PATH_WORDS)}/{${pick(rng, VAR_NAMES)}}`,
  (rng) => `https://${pick(rng, PRIMARY_DOMAINS)}/search{?q,page}`,
  (rng) => `/${pick(rng, PATH_WORDS)}/{${pick(rng, VAR_NAMES)}}/items{/itemId}`,
  (rng) => `{+baseUrl}/${pick(rng, PATH_WORDS)}`,
  (rng) => `https://${pick(rng, PRIMARY_DOMAINS)}/files{/path*}`,
  (rng) => `/${pick(rng, PATH_WORDS)}{?sort,limit}`,
];

function uriTemplate(rng: Rng): string {
  return pick(rng, URI_TEMPLATES)(rng);
}

function uriTemplateFit(rng: Rng, length: number): string {
  if (length < 4) return relativeFit(rng, length);
  if (length < 9) return `/{${chars(rng, length - 3, LOWER)}}`;
  if (length < 30) return `/${pathChars(rng, length - 6)}/{id}`;
  return `https://example.com/${pathChars(rng, length - 25)}/{id}`;
}

const POINTER_TOKENS = ['users', 'items', 'name', 'email', 'address', 'properties', 'definitions', 'tags', 'meta', 'data'];

function pointerTokens(rng: Rng, count: number): string {
  let s = '';
  for (let i = 0; i < count; i++) {
    const r = idx(rng, 12);
    s += `/${r < 3 ? idx(rng, 20) : r === 3 ? `${pick(rng, POINTER_TOKENS)}~1${pick(rng, POINTER_TOKENS)}` : r === 4 ? `~0${pick(rng, POINTER_TOKENS)}` : pick(rng, POINTER_TOKENS)}`;
  }
  return s;
}

function jsonPointer(rng: Rng): string {
  return pointerTokens(rng, idx(rng, 20) === 0 ? 0 : 1 + idx(rng, 4));
}

function uriFragmentPointer(rng: Rng): string {
  let s = '#';
  const n = idx(rng, 20) === 0 ? 0 : 1 + idx(rng, 4);
  for (let i = 0; i < n; i++) s += `/${idx(rng, 4) === 0 ? idx(rng, 20) : pick(rng, POINTER_TOKENS)}`;
  return s;
}

function relativeJsonPointer(rng: Rng): string {
  const up = idx(rng, 4);
  return idx(rng, 4) === 0 ? `${up}#` : `${up}${pointerTokens(rng, idx(rng, 3))}`;
}

function relativeJsonPointerFit(rng: Rng, length: number): string {
  const up = idx(rng, 10);
  if (length === 1) return `${up}`;
  if (length === 2) return `${up}#`;
  return `${up}/${pathChars(rng, length - 2)}`;
}

const REGEXES: readonly ((rng: Rng) => string)[] = [
  (rng) => `^[a-z]{${1 + idx(rng, 3)},${4 + idx(rng, 12)}}$`,
  (rng) => `^\\d{${1 + idx(rng, 9)}}$`,
  (rng) => `^[A-Z]{2}\\d{${2 + idx(rng, 8)}}$`,
  (rng) => `^(?:${pick(rng, PATH_WORDS)}|${pick(rng, PATH_WORDS)}|${pick(rng, PATH_WORDS)})$`,
  () => '^[A-Za-z0-9._%+-]+@example\\.com$',
  () => '^#[0-9a-fA-F]{6}$',
  (rng) => `^${pick(rng, PATH_WORDS)}-\\d+$`,
  (rng) => `\\b${pick(rng, PATH_WORDS)}\\b`,
  () => '^\\d{3}-\\d{3}-\\d{4}$',
  () => '^(?:[01]\\d|2[0-3]):[0-5]\\d$',
];

function regex(rng: Rng): string {
  return pick(rng, REGEXES)(rng);
}

function regexFit(rng: Rng, length: number): string {
  if (length < 2) return chars(rng, length, LOWER);
  return `^${chars(rng, length - 2, LOWER)}$`;
}

// ---------------------------------------------------------------------------------------------------------
// OpenAPI extras: byte, numbers as text, password, binary
// ---------------------------------------------------------------------------------------------------------

/** Standard base64 (RFC 4648 §4) of `bytes` random bytes, with '=' padding. */
function base64(rng: Rng, bytes: number): string {
  let s = '';
  let i = 0;
  for (; i + 3 <= bytes; i += 3) {
    const v = rng.nextU32();
    s += B64[(v >>> 18) & 63]! + B64[(v >>> 12) & 63]! + B64[(v >>> 6) & 63]! + B64[v & 63]!;
  }
  const rest = bytes - i;
  if (rest > 0) {
    const v = rng.nextU32();
    s += B64[(v >>> 18) & 63]! + (rest === 1 ? B64[(v >>> 12) & 48]! + '==' : B64[(v >>> 12) & 63]! + B64[(v >>> 6) & 60]! + '=');
  }
  return s;
}

const byteSpec: FormatSpec = {
  gen: (rng) => base64(rng, 6 + idx(rng, 43)),
  fit: (rng, length) => base64(rng, (length / 4) * 3),
  lo: 0,
  hi: Number.POSITIVE_INFINITY,
  feasible: (length) => length % 4 === 0,
};

const INT32_MAX = 2147483647;
const INT53_MAX = 9007199254740991;

/** Digit counts drawn uniformly, so small and large magnitudes both show up. */
function integerText(rng: Rng, maxDigits: number, maxValue: number): string {
  const digits = 1 + idx(rng, maxDigits);
  const negative = idx(rng, 5) === 0;
  let v: number;
  if (digits === 1) v = idx(rng, 10);
  else if (digits === maxDigits) v = rng.int(10 ** (digits - 1), maxValue);
  else v = rng.int(10 ** (digits - 1), 10 ** digits - 1);
  return negative && v !== 0 ? `-${v}` : `${v}`;
}

function integerFit(rng: Rng, length: number, maxDigits: number, maxValue: number): string {
  const negative = length > maxDigits;
  const digits = negative ? length - 1 : length;
  let v: number;
  if (digits === 1) v = negative ? 1 + idx(rng, 9) : idx(rng, 10);
  else if (digits === maxDigits) v = rng.int(10 ** (digits - 1), maxValue);
  else v = rng.int(10 ** (digits - 1), 10 ** digits - 1);
  return negative ? `-${v}` : `${v}`;
}

/** Decimal text with no trailing fractional zero, so `String(Number(s)) === s` for short values. */
function decimalText(rng: Rng, maxIntDigits: number): string {
  const intPart = idx(rng, 4) === 0 ? '0' : number(rng, 1 + idx(rng, maxIntDigits));
  const frac = chars(rng, idx(rng, 4), DIGITS) + String.fromCharCode(49 + idx(rng, 9));
  return `${idx(rng, 5) === 0 ? '-' : ''}${intPart}.${frac}`;
}

function decimalFit(rng: Rng, length: number): string {
  if (length <= 2) return number(rng, length);
  return `${idx(rng, 10)}.${chars(rng, length - 3, DIGITS)}${String.fromCharCode(49 + idx(rng, 9))}`;
}

const PASSWORD_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*-_=+?';

// ---------------------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------------------

function uuid(rng: Rng): string {
  const a = rng.nextU32();
  const b = rng.nextU32();
  const c = rng.nextU32();
  const d = rng.nextU32();
  // Version 4 (random) in the time_hi nibble, RFC 4122 variant (10xx) in clock_seq_hi.
  return `${hex8(a)}-${hex4(b >>> 16)}-${hex4((b & 0x0fff) | 0x4000)}-${hex4(((c >>> 16) & 0x3fff) | 0x8000)}-${hex4(c & 0xffff)}${hex8(d)}`;
}

const SPECS: Readonly<Record<string, FormatSpec>> = {
  date: fixed(date, 10),
  time: timeSpec(noPrefix, 0, true),
  'date-time': timeSpec(datePrefix, 11, true),
  'iso-time': timeSpec(noPrefix, 0, false),
  'iso-date-time': timeSpec(isoDatePrefix, 11, false),
  duration: { gen: duration, fit: durationFit, lo: 3, hi: Number.POSITIVE_INFINITY },
  email: { gen: email, fit: emailFit, lo: 8, hi: 318 },
  'idn-email': { gen: idnEmail, fit: idnEmailFit, lo: 8, hi: 305 },
  hostname: { gen: hostname, fit: hostFit, lo: 6, hi: 253 },
  'idn-hostname': { gen: idnHostname, fit: idnHostFit, lo: 6, hi: 240 },
  ipv4: { gen: ipv4, fit: ipv4Fit, lo: 9, hi: 14 },
  ipv6: { gen: ipv6, fit: ipv6Fit, lo: 10, hi: 39 },
  uri: { gen: httpUri, fit: httpUriFit, lo: 13, hi: Number.POSITIVE_INFINITY },
  url: { gen: httpUri, fit: httpUriFit, lo: 13, hi: Number.POSITIVE_INFINITY },
  'uri-reference': { gen: uriReference, fit: relativeFit, lo: 0, hi: Number.POSITIVE_INFINITY },
  iri: { gen: iri, fit: iriFit, lo: 13, hi: Number.POSITIVE_INFINITY },
  'iri-reference': { gen: iriReference, fit: iriReferenceFit, lo: 0, hi: Number.POSITIVE_INFINITY },
  'uri-template': { gen: uriTemplate, fit: uriTemplateFit, lo: 0, hi: Number.POSITIVE_INFINITY },
  uuid: fixed(uuid, 36),
  'json-pointer': { gen: jsonPointer, fit: relativeFit, lo: 0, hi: Number.POSITIVE_INFINITY },
  'json-pointer-uri-fragment': {
    gen: uriFragmentPointer,
    fit: (rng, length) => (length === 1 ? '#' : `#/${pathChars(rng, length - 2)}`),
    lo: 1,
    hi: Number.POSITIVE_INFINITY,
  },
  'relative-json-pointer': { gen: relativeJsonPointer, fit: relativeJsonPointerFit, lo: 1, hi: Number.POSITIVE_INFINITY },
  regex: { gen: regex, fit: regexFit, lo: 0, hi: Number.POSITIVE_INFINITY },
  byte: byteSpec,
  int32: { gen: (rng) => integerText(rng, 10, INT32_MAX), fit: (rng, n) => integerFit(rng, n, 10, INT32_MAX), lo: 1, hi: 11 },
  int64: { gen: (rng) => integerText(rng, 16, INT53_MAX), fit: (rng, n) => integerFit(rng, n, 16, INT53_MAX), lo: 1, hi: 17 },
  float: { gen: (rng) => decimalText(rng, 6), fit: decimalFit, lo: 1, hi: Number.POSITIVE_INFINITY },
  double: { gen: (rng) => decimalText(rng, 9), fit: decimalFit, lo: 1, hi: Number.POSITIVE_INFINITY },
  password: {
    gen: (rng) => chars(rng, 12 + idx(rng, 9), PASSWORD_CHARS),
    fit: (rng, length) => chars(rng, length, PASSWORD_CHARS),
    lo: 0,
    hi: Number.POSITIVE_INFINITY,
  },
  binary: {
    gen: (rng) => chars(rng, 16 + idx(rng, 17), ALNUM),
    fit: (rng, length) => chars(rng, length, ALNUM),
    lo: 0,
    hi: Number.POSITIVE_INFINITY,
  },
};

// ---------------------------------------------------------------------------------------------------------
// Writers: the same values as JSON bytes, for compiled JSONL programs
// ---------------------------------------------------------------------------------------------------------

/**
 * Writes `JSON.stringify(generator(rng))` as bytes, from the same draws as the generator with no length
 * bounds, without building the string (test/generate/formats.test.ts compares them stream by stream). Only
 * for the formats that dominate real schemas: ids and timestamps.
 */
export type FormatWriter = (rng: Rng, out: JsonOut) => void;

const HEX_CODES = new Uint8Array([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);
const OFFSET_BYTES: readonly Uint8Array[] = OFFSETS.map((o) => new TextEncoder().encode(o));

/** `nibbles` lowercase hex digits of v (v < 2^32), most significant first, at buf[p…]. */
function putHex(buf: Uint8Array, p: number, v: number, nibbles: number): void {
  for (let i = nibbles - 1; i >= 0; i--) {
    buf[p + i] = HEX_CODES[v & 15] as number;
    v >>>= 4;
  }
}

/** Two decimal digits of v (0..99) at buf[p…]. */
function put2(buf: Uint8Array, p: number, v: number): void {
  const tens = (v / 10) | 0;
  buf[p] = 48 + tens;
  buf[p + 1] = 48 + v - tens * 10;
}

function writeUuid(rng: Rng, out: JsonOut): void {
  const a = rng.nextU32();
  const b = rng.nextU32();
  const c = rng.nextU32();
  const d = rng.nextU32();
  out.reserve(38);
  const buf = out.buf;
  const p = out.pos;
  buf[p] = 34;
  putHex(buf, p + 1, a, 8);
  buf[p + 9] = 45;
  putHex(buf, p + 10, b >>> 16, 4);
  buf[p + 14] = 45;
  putHex(buf, p + 15, (b & 0x0fff) | 0x4000, 4);
  buf[p + 19] = 45;
  putHex(buf, p + 20, ((c >>> 16) & 0x3fff) | 0x8000, 4);
  buf[p + 24] = 45;
  putHex(buf, p + 25, c & 0xffff, 4);
  putHex(buf, p + 29, d, 8);
  buf[p + 37] = 34;
  out.pos = p + 38;
}

/** `YYYY-MM-DD` (years 1970..2035: always four digits) at out.pos, no quotes. */
function putDate(rng: Rng, out: JsonOut): void {
  const f = civilFields(idx(rng, LAST_DAY + 1));
  const y = Math.floor(f / 512);
  const buf = out.buf;
  const p = out.pos;
  put2(buf, p, (y / 100) | 0);
  put2(buf, p + 2, y % 100);
  buf[p + 4] = 45;
  put2(buf, p + 5, (f >> 5) & 15);
  buf[p + 7] = 45;
  put2(buf, p + 8, f & 31);
  out.pos = p + 10;
}

/** timeOfDay(rng, true) at out.pos, no quotes. */
function putZonedTime(rng: Rng, out: JsonOut): void {
  const r = rng.nextU32();
  const t = idx(rng, 86400);
  const buf = out.buf;
  let p = out.pos;
  put2(buf, p, (t / 3600) | 0);
  buf[p + 2] = 58;
  put2(buf, p + 3, ((t % 3600) / 60) | 0);
  buf[p + 5] = 58;
  put2(buf, p + 6, t % 60);
  p += 8;
  if (r % 3 === 0) {
    // fraction(rng, 3): three digits of one draw, least significant first.
    let v = rng.nextU32();
    buf[p++] = 46;
    for (let i = 0; i < 3; i++) {
      buf[p++] = 48 + (v % 10);
      v = Math.floor(v / 10);
    }
  }
  if ((r >>> 8) % 4 < 2) buf[p++] = 90;
  else {
    const offset = OFFSET_BYTES[rng.nextU32() % OFFSET_BYTES.length] as Uint8Array;
    for (let i = 0; i < offset.length; i++) buf[p++] = offset[i] as number;
  }
  out.pos = p;
}

/** Decimal digits of a positive integer below 10^4. */
function putSmall(buf: Uint8Array, p: number, v: number): number {
  if (v >= 1000) buf[p++] = 48 + Math.floor(v / 1000);
  if (v >= 100) buf[p++] = 48 + (Math.floor(v / 100) % 10);
  if (v >= 10) buf[p++] = 48 + (Math.floor(v / 10) % 10);
  buf[p++] = 48 + (v % 10);
  return p;
}

function putBytes(buf: Uint8Array, p: number, bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) buf[p++] = bytes[i] as number;
  return p;
}

/** The email vocabulary as bytes, when all of it is ASCII needing no JSON escape (it is: names and reserved domains). */
const EMAIL_BYTES = (() => {
  const encoder = new TextEncoder();
  const plain = (t: string): boolean => /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(t);
  const all = [...FIRST, ...LAST, ...PRIMARY_DOMAINS, ...OTHER_DOMAINS];
  if (!all.every(plain) || PRIMARY_DOMAINS.length === 0) return undefined;
  const bytes = (list: readonly string[], before = ''): Uint8Array[] => list.map((t) => encoder.encode(before + t));
  const longest = Math.max(...all.map((t) => t.length));
  return {
    first: bytes(FIRST),
    last: bytes(LAST),
    primary: bytes(PRIMARY_DOMAINS, '@'),
    other: bytes(OTHER_DOMAINS, '@'),
    // quotes, two names, a separator, a 4-digit number, '@' and a domain
    room: 2 + 3 * longest + 6,
  };
})();

/** email(rng): `localPart(rng, pick FIRST, pick LAST)` then `@` and emailDomain(rng), in that order of draws. */
function writeEmail(rng: Rng, out: JsonOut): void {
  const words = EMAIL_BYTES as NonNullable<typeof EMAIL_BYTES>;
  const first = words.first[rng.nextU32() % words.first.length] as Uint8Array;
  const last = words.last[rng.nextU32() % words.last.length] as Uint8Array;
  out.reserve(words.room);
  const buf = out.buf;
  let p = out.pos;
  buf[p++] = 34;
  switch (idx(rng, 6)) {
    case 0:
      p = putBytes(buf, p, first);
      buf[p++] = 46;
      p = putBytes(buf, p, last);
      break;
    case 1:
      p = putBytes(buf, p, first);
      buf[p++] = 46;
      p = putBytes(buf, p, last);
      p = putSmall(buf, p, 1 + idx(rng, 99));
      break;
    case 2:
      buf[p++] = first[0] as number;
      p = putBytes(buf, p, last);
      break;
    case 3:
      p = putBytes(buf, p, first);
      buf[p++] = 95;
      p = putBytes(buf, p, last);
      break;
    case 4:
      p = putBytes(buf, p, first);
      p = putSmall(buf, p, 1 + idx(rng, 999));
      break;
    default:
      p = putBytes(buf, p, first);
      buf[p++] = last[0] as number;
      p = putSmall(buf, p, 1970 + idx(rng, 36));
  }
  const domain =
    idx(rng, 5) === 0 && words.other.length > 0
      ? (words.other[rng.nextU32() % words.other.length] as Uint8Array)
      : (words.primary[rng.nextU32() % words.primary.length] as Uint8Array);
  p = putBytes(buf, p, domain);
  buf[p++] = 34;
  out.pos = p;
}

export const formatWriters: Readonly<Record<string, FormatWriter>> = Object.freeze({
  ...(EMAIL_BYTES === undefined ? {} : { email: writeEmail }),
  uuid: writeUuid,
  date: (rng: Rng, out: JsonOut) => {
    out.reserve(12);
    out.buf[out.pos++] = 34;
    putDate(rng, out);
    out.buf[out.pos++] = 34;
  },
  'date-time': (rng: Rng, out: JsonOut) => {
    out.reserve(32);
    out.buf[out.pos++] = 34;
    putDate(rng, out);
    out.buf[out.pos++] = 84;
    putZonedTime(rng, out);
    out.buf[out.pos++] = 34;
  },
  time: (rng: Rng, out: JsonOut) => {
    out.reserve(21);
    out.buf[out.pos++] = 34;
    putZonedTime(rng, out);
    out.buf[out.pos++] = 34;
  },
});

export const formatGenerators: Readonly<Record<string, FormatGenerator>> = Object.freeze(
  Object.fromEntries(Object.entries(SPECS).map(([name, spec]) => [name, make(spec)])),
);

/** Shortest and longest output a format can have, for callers that want to report infeasible bounds early. */
export function formatLengthRange(format: string): { min: number; max: number } | undefined {
  const spec = SPECS[format];
  return spec === undefined ? undefined : { min: spec.lo, max: spec.hi };
}
