/**
 * Recognisers: one value in, matches out (to a Sink). Each follows Presidio's recipe — a pattern, then a
 * validator, then context — with a cheap character census first so that the common case (UUIDs, timestamps,
 * amounts, enum labels, lorem text) leaves after a single pass over the characters and no regex at all.
 *
 * A match is either real-looking (`hit`, with a confidence) or inside a safe synthetic space (`safe`, the
 * table in core/safe-ranges). Values that are neither (private IPs, invalid checksums, look-alikes) produce
 * nothing.
 */
import {
  DOCUMENTATION_IP_RANGES,
  GENERATION_DOMAINS,
  SAFE_PHONE_RANGES,
  ipAddressKind,
  isDocumentationMac,
  isExampleIban,
  isSafeEmailDomain,
  isSafeHostname,
  isSafePhone,
  isSafeSsn,
  isTestCardNumber,
} from '../core/safe-ranges.js';
import {
  cardIssuer,
  ethAddressCase,
  IBAN_LENGTHS,
  luhnValid,
  macKind,
  parseDate,
  taxIdKind,
  validBase58Address,
  validBech32Address,
  validIban,
  validIsbn,
} from './checks.js';
import { CONTEXT_BOOST, NEGATIVE_PENALTY, TEXT_CONTEXT, type ColumnContext } from './context.js';
import {
  generatorStreet,
  nameCandidates,
  nameLikeCell,
  personCell,
  streetCell,
  streetShape,
  streetsInText,
  syntheticPersonCell,
  type TextCandidate,
} from './names.js';
import { phoneForm, validPhoneRegion, type PhoneForm } from './phone.js';
import type { PiiEntity } from './types.js';

export type Where = 'cell' | 'text';
export type ExpensiveKind = 'phone' | 'nlp';

export interface Sink {
  /** A real-looking match with its confidence (already adjusted for context). */
  hit(entity: PiiEntity, score: number, text: string, reason: string, where: Where): void;
  /** A value inside a safe synthetic space. */
  safe(entity: PiiEntity): void;
  /** May an expensive validator run for this candidate? (false: count it as unverified instead) */
  budget(kind: ExpensiveKind): boolean;
  unverified(kind: ExpensiveKind, entity: PiiEntity, score: number): void;
  /** A 12-19 digit card-shaped candidate, and whether it passed Luhn (column evidence for ids vs cards). */
  cardShaped(passed: boolean): void;
  /** People found by compromise in a text (cached per column by the sink). */
  people(text: string, candidates: readonly TextCandidate[]): string[];
}

/** Base confidences, before context (docs/pii.md lists them). */
export const BASE = {
  email: 0.9,
  phone: { international: 0.7, e164: 0.65, nanp: 0.6, national: 0.4, bare: 0.3, local: 0.3 } satisfies Record<PhoneForm, number>,
  creditCard: 0.9,
  iban: 0.95,
  ssn: { dashed: 0.6, spaced: 0.5, bare: 0.25 },
  ip: 0.6,
  mac: { universal: 0.6, local: 0.45 },
  url: { credentials: 0.9, personal: 0.6, user: 0.5 },
  btc: 0.95,
  eth: { checksummed: 0.95, uniform: 0.45 },
  dob: 0.5,
  person: { column: 0.5, nameLike: 0.35, text: 0.65, textCue: 0.6, textHonorific: 0.75 },
  street: { column: 0.5, shape: 0.35, text: 0.6 },
} as const;

/** Entities whose look-alikes are ordinary numbers: a column name announcing a non-personal number lowers them. */
const NUMERIC_ENTITIES: ReadonlySet<PiiEntity> = new Set(['phone', 'credit_card', 'us_ssn', 'us_itin', 'date_of_birth', 'ip_address']);

function clamp(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 100) / 100;
}

/** Confidence for a cell match: base, +0.35 when the column name supports it, -0.35 when it announces another number. */
function cellScore(ctx: ColumnContext, entity: PiiEntity, base: number): number {
  if (ctx.positive.has(entity)) return clamp(base + CONTEXT_BOOST);
  if (ctx.numericNegative && NUMERIC_ENTITIES.has(entity)) return clamp(base - NEGATIVE_PENALTY);
  return base;
}

/** Confidence for a match inside text: the words just before it, or the column name, support it. */
function textScore(ctx: ColumnContext, entity: PiiEntity, base: number, text: string, index: number): number {
  const supported = ctx.positive.has(entity) || (TEXT_CONTEXT[entity]?.test(text.slice(Math.max(0, index - 48), index)) ?? false);
  return clamp(base + (supported ? CONTEXT_BOOST : 0));
}

// ---------------------------------------------------------------------------------------------------------
// Character census
// ---------------------------------------------------------------------------------------------------------

interface Census {
  digits: number;
  letters: number;
  upper: number;
  spaces: number;
  at: number;
  colons: number;
  dots: number;
  dashes: number;
  /** Longest run of ASCII letters and digits (wallet addresses, IBANs without spaces). */
  maxRun: number;
  /** Capitalised words: an upper-case letter after a non-letter, followed by a lower-case one (name pre-filter). */
  titles: number;
}

/**
 * Scratch space for `take`, overwritten on every call and read only until the next one (scans are
 * synchronous), so no state passes between values; it saves an allocation per value on the hot path.
 */
const census: Census = { digits: 0, letters: 0, upper: 0, spaces: 0, at: 0, colons: 0, dots: 0, dashes: 0, maxRun: 0, titles: 0 };

function take(s: string): Census {
  let digits = 0;
  let letters = 0;
  let upper = 0;
  let spaces = 0;
  let at = 0;
  let colons = 0;
  let dots = 0;
  let dashes = 0;
  let run = 0;
  let maxRun = 0;
  let titles = 0;
  let prevLetter = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      run++;
      continue;
    }
    if (c >= 97 && c <= 122) {
      letters++;
      run++;
      prevLetter = true;
      continue;
    }
    if (c >= 65 && c <= 90) {
      if (!prevLetter) {
        const next = s.charCodeAt(i + 1);
        if ((next >= 97 && next <= 122) || next > 127) titles++;
      }
      letters++;
      upper++;
      run++;
      prevLetter = true;
      continue;
    }
    if (run > maxRun) maxRun = run;
    run = 0;
    prevLetter = c > 127;
    if (c === 32 || c === 9 || c === 10 || c === 13) spaces++;
    else if (c === 64) at++;
    else if (c === 58) colons++;
    else if (c === 46) dots++;
    else if (c === 45) dashes++;
    else if (c > 127) {
      letters++;
      // Non-ASCII capitals count as upper for the name pre-filter (Á, Ö, Ł …).
      const ch = s[i] as string;
      if (ch !== ch.toLowerCase()) {
        upper++;
        titles++;
      }
    }
  }
  if (run > maxRun) maxRun = run;
  census.digits = digits;
  census.letters = letters;
  census.upper = upper;
  census.spaces = spaces;
  census.at = at;
  census.colons = colons;
  census.dots = dots;
  census.dashes = dashes;
  census.maxRun = maxRun;
  census.titles = titles;
  return census;
}

// ---------------------------------------------------------------------------------------------------------
// Single recognisers (shared by cells and text)
// ---------------------------------------------------------------------------------------------------------

/** Extensions that follow an `@` in file names (`logo@2x.png`) but are not top-level domains. */
const FILE_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'bmp', 'ico', 'pdf', 'txt', 'js', 'mjs', 'ts', 'css', 'html', 'htm', 'json',
  'xml', 'csv', 'yaml', 'yml', 'md', 'tsx', 'jsx', 'vue', 'scss', 'lock', 'log', 'ini', 'cfg', 'conf', 'tmp', 'bak',
]); // prettier-ignore

const EMAIL =
  /^[\p{L}\p{N}.!#$%&'*+/=?^_`{|}~-]{1,64}@((?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+([\p{L}]{2,63}|xn--[a-z0-9-]{1,59}))$/u;

const EMAIL_ASCII =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+([A-Za-z]{2,63}|xn--[a-z0-9-]{1,59}))$/;

const SIMPLE_LOCAL = /^[A-Za-z0-9._%+-]{1,64}$/;

function email(text: string, sink: Sink, score: number, where: Where): boolean {
  // Fast path for generated values: a plain local part at a reserved domain.
  const at = text.lastIndexOf('@');
  if (at > 0 && isSafeEmailDomain(text.slice(at + 1)) && SIMPLE_LOCAL.test(text.slice(0, at)) && text.indexOf('.', at) > at + 1) {
    sink.safe('email');
    return true;
  }
  const m = EMAIL_ASCII.exec(text) ?? EMAIL.exec(text);
  if (m === null) return false;
  const tld = (m[2] as string).toLowerCase();
  if (FILE_EXTENSIONS.has(tld)) return false;
  if (isSafeEmailDomain(m[1] as string)) sink.safe('email');
  else sink.hit('email', score, text, 'valid address at a non-reserved domain', where);
  return true;
}

const URL = /^([a-z][a-z0-9+.-]{1,9}):\/\/(?:([^\s/?#@]*)@)?(\[[0-9a-f:.]+\]|[^\s/?#:@]+)(?::\d{1,5})?(\/[^\s?#]*)?/i;
const PERSONAL_PATH = /\/(?:users?|home|profiles?|people|members?|u|in|author|authors|customers?|patients?|employees?|~)\/([^/\s?#]+)/i;
const TILDE_PATH = /\/~([a-z][\w.-]*)/i;
const SOCIAL_HOSTS =
  /(?:^|\.)(?:facebook\.com|fb\.com|twitter\.com|x\.com|instagram\.com|tiktok\.com|linkedin\.com|threads\.net|youtube\.com|medium\.com|vk\.com)$/i;
/** Path segments that are roles, not people. */
const NOT_PERSONAL = new Set(['shared', 'public', 'default', 'admin', 'root', 'user', 'username', 'ubuntu', 'ec2-user', 'runner', 'me', 'self', 'login', 'signup', 'search', 'settings', 'new', 'edit', 'list', 'all', 'www-data', 'nobody', 'guest', 'test', 'example', 'home', 'share', 'intent', 'hashtag', 'explore', 'watch', 'results', 'feed', 'groups', 'pages', 'events', 'company', 'school', 'jobs', 'p', 'reel', 'reels', 'stories', 'tv', 'channel', 'c', 'playlist', 'embed', 'help', 'about', 'privacy', 'terms', 'policies', 'legal', 'i', 'api', 'oauth']); // prettier-ignore

function url(text: string, sink: Sink, ctx: ColumnContext, where: Where): boolean {
  const m = URL.exec(text);
  if (m === null) return false;
  const userinfo = m[2];
  const host = (m[3] as string).toLowerCase();
  const path = m[4] ?? '';
  const ipKind = ipAddressKind(host);
  const reservedHost = isSafeHostname(host) || ipKind === 'documentation' || ipKind === 'non-public' || host === 'localhost';
  let base = 0;
  let reason = '';
  if (userinfo !== undefined && userinfo.includes(':') && userinfo.indexOf(':') < userinfo.length - 1) {
    base = BASE.url.credentials;
    reason = 'carries credentials (user:password@)';
  } else {
    const personal = PERSONAL_PATH.exec(path) ?? TILDE_PATH.exec(path);
    const segment = personal?.[1]?.toLowerCase();
    if (segment !== undefined && !NOT_PERSONAL.has(segment) && /[a-z]/.test(segment)) {
      base = BASE.url.personal;
      reason = 'personal path (/users/…, /home/…, /~…)';
    } else if (SOCIAL_HOSTS.test(host)) {
      const first = path.split('/')[1]?.replace(/^@/, '').toLowerCase();
      if (first !== undefined && first !== '' && !NOT_PERSONAL.has(first)) {
        base = BASE.url.personal;
        reason = 'social-network profile';
      }
    }
    if (base === 0 && userinfo !== undefined && userinfo !== '' && !NOT_PERSONAL.has(userinfo.toLowerCase())) {
      base = BASE.url.user;
      reason = 'carries a user name (user@host)';
    }
  }
  if (base === 0) return true; // a URL, but nothing personal in it
  if (reservedHost) sink.safe('url');
  else sink.hit('url', where === 'cell' ? cellScore(ctx, 'url', base) : base, text, reason, where);
  return true;
}

const LOCAL_PATH = /^(?:[A-Za-z]:\\(?:Users|Documents and Settings)\\|\/(?:home|Users)\/)([^\\/\s]+)/;

function localPath(text: string, sink: Sink, ctx: ColumnContext, where: Where): boolean {
  const m = LOCAL_PATH.exec(text);
  if (m === null) return false;
  const user = (m[1] as string).toLowerCase();
  if (NOT_PERSONAL.has(user) || !/[a-z]/.test(user)) return true;
  sink.hit(
    'url',
    where === 'cell' ? cellScore(ctx, 'url', BASE.url.personal) : BASE.url.personal,
    text,
    'personal path (home directory)',
    where,
  );
  return true;
}

function ip(text: string, sink: Sink, ctx: ColumnContext, where: Where, index = 0, whole = text): boolean {
  const kind = ipAddressKind(text);
  if (kind === undefined) return false;
  if (kind === 'documentation') sink.safe('ip_address');
  else if (kind === 'public') {
    const score = where === 'cell' ? cellScore(ctx, 'ip_address', BASE.ip) : textScore(ctx, 'ip_address', BASE.ip, whole, index);
    sink.hit('ip_address', score, text, `public IPv${text.includes(':') ? 6 : 4} address`, where);
  }
  return true;
}

function mac(text: string, sink: Sink, ctx: ColumnContext, where: Where): boolean {
  const kind = macKind(text);
  if (kind === undefined) return false;
  if (isDocumentationMac(text)) sink.safe('mac_address');
  else if (kind !== 'group') {
    const base = kind === 'universal' ? BASE.mac.universal : BASE.mac.local;
    sink.hit(
      'mac_address',
      where === 'cell' ? cellScore(ctx, 'mac_address', base) : base,
      text,
      kind === 'universal' ? 'vendor-assigned (universal) MAC' : 'locally administered MAC',
      where,
    );
  }
  return true;
}

function wallet(text: string, sink: Sink, ctx: ColumnContext, where: Where): boolean {
  const c0 = text.charCodeAt(0);
  if (c0 === 48 /* 0 */ && text.length === 42 && (text[1] === 'x' || text[1] === 'X')) {
    const kind = ethAddressCase(text);
    if (kind === undefined) return false;
    const body = text.slice(2);
    if (/^0+$/.test(body) || /^0+dead$/i.test(body)) return true; // zero / burn address: no owner
    const base = kind === 'checksummed' ? BASE.eth.checksummed : BASE.eth.uniform;
    sink.hit(
      'eth_address',
      where === 'cell' ? cellScore(ctx, 'eth_address', base) : clamp(base + (ctx.positive.has('eth_address') ? CONTEXT_BOOST : 0)),
      text,
      kind === 'checksummed' ? 'EIP-55 checksum valid' : 'Ethereum address shape (no checksum case)',
      where,
    );
    return true;
  }
  if ((text.startsWith('bc1') || text.startsWith('BC1')) && validBech32Address(text)) {
    sink.hit('btc_address', BASE.btc, text, 'bech32/bech32m checksum valid', where);
    return true;
  }
  if ((c0 === 49 || c0 === 51) && validBase58Address(text)) {
    sink.hit('btc_address', BASE.btc, text, 'Base58Check checksum valid', where);
    return true;
  }
  return false;
}

function iban(text: string, sink: Sink, where: Where): boolean {
  const compact = validIban(text);
  if (compact === undefined) return false;
  if (isExampleIban(compact)) sink.safe('iban');
  else sink.hit('iban', BASE.iban, text, `mod-97 checksum and ${compact.slice(0, 2)} length valid`, where);
  return true;
}

const IBAN_START = /^[A-Za-z]{2}\d{2}/;
/** Card layouts: compact, groups of four (the last 1-4), or Amex/Diners 4-6-5 / 4-6-4, one separator kind. */
function cardLayout(text: string): boolean {
  if (/^\d{12,19}$/.test(text)) return true;
  const sep = text.includes(' ') ? ' ' : '-';
  const groups = text.split(sep);
  if (groups.some((g) => !/^\d+$/.test(g))) return false;
  if (groups.length === 3 && groups[0]?.length === 4 && groups[1]?.length === 6 && (groups[2]?.length === 5 || groups[2]?.length === 4))
    return true;
  return groups.length >= 3 && groups.slice(0, -1).every((g) => g.length === 4) && (groups[groups.length - 1]?.length ?? 0) <= 4;
}

function card(text: string, digits: string, sink: Sink, ctx: ColumnContext, where: Where, whole = text, index = 0): boolean {
  if (digits.length < 12 || digits.length > 19 || !cardLayout(text)) return false;
  const passed = luhnValid(digits);
  if (where === 'cell') sink.cardShaped(passed);
  if (!passed) return false;
  const issuer = cardIssuer(digits);
  if (issuer === undefined) return false;
  if (isTestCardNumber(digits)) sink.safe('credit_card');
  else {
    const score =
      where === 'cell' ? cellScore(ctx, 'credit_card', BASE.creditCard) : textScore(ctx, 'credit_card', BASE.creditCard, whole, index);
    sink.hit('credit_card', score, text, `Luhn valid, ${issuer} issuer range`, where);
  }
  return true;
}

const SSN_SHAPE = /^(\d{3})([- ]?)(\d{2})\2(\d{4})$/;

function ssn(text: string, sink: Sink, ctx: ColumnContext, where: Where, whole = text, index = 0): boolean {
  const m = SSN_SHAPE.exec(text);
  if (m === null) return false;
  const sep = m[2] as string;
  const base = sep === '-' ? BASE.ssn.dashed : sep === ' ' ? BASE.ssn.spaced : BASE.ssn.bare;
  const kind = taxIdKind(Number(m[1]), Number(m[3]), Number(m[4]));
  const entity: PiiEntity = kind === 'itin' || kind === 'atin' ? 'us_itin' : 'us_ssn';
  const supported =
    ctx.positive.has('us_ssn') ||
    ctx.positive.has('us_itin') ||
    (where === 'text' &&
      (TEXT_CONTEXT.us_ssn?.test(whole.slice(Math.max(0, index - 48), index)) === true ||
        TEXT_CONTEXT.us_itin?.test(whole.slice(Math.max(0, index - 48), index)) === true));
  // A bare 9-digit number is an SSN only when something says so.
  if (sep === '' && !supported) return false;
  if (isSafeSsn(text)) {
    sink.safe('us_ssn');
    return true;
  }
  if (kind === undefined) return true;
  const score = clamp(supported ? base + CONTEXT_BOOST : where === 'cell' && ctx.numericNegative ? base - NEGATIVE_PENALTY : base);
  sink.hit(
    entity,
    score,
    text,
    kind === 'ssn' ? 'SSA issuing rules hold (area, group, serial)' : `IRS ${kind.toUpperCase()} group range`,
    where,
  );
  return true;
}

function phone(text: string, digitCount: number, sink: Sink, ctx: ColumnContext, where: Where, whole = text, index = 0): boolean {
  const form = phoneForm(text, digitCount);
  if (form === undefined) return false;
  const supported =
    ctx.positive.has('phone') || (where === 'text' && (TEXT_CONTEXT.phone?.test(whole.slice(Math.max(0, index - 48), index)) ?? false));
  // Bare digit runs and trunk-0 national numbers are phones only with support; in text, NANP shapes too.
  if ((form === 'bare' || form === 'national' || form === 'local') && !supported) return false;
  if (isSafePhone(text)) {
    sink.safe('phone');
    return true;
  }
  if (validIsbn(text)) return false;
  const base = BASE.phone[form];
  const score = clamp(supported ? base + CONTEXT_BOOST : where === 'cell' && ctx.numericNegative ? base - NEGATIVE_PENALTY : base);
  if (!sink.budget('phone')) {
    sink.unverified('phone', 'phone', score);
    return true;
  }
  const region = validPhoneRegion(text, form);
  if (region === undefined) return false;
  const reason =
    region === 'ZZ'
      ? 'phone-shaped value where the context says phone (no country to validate against)'
      : `valid ${region === '001' ? 'non-geographic' : region} number (libphonenumber)`;
  sink.hit('phone', score, text, reason, where);
  return true;
}

function dateOfBirth(text: string, sink: Sink, score: number, where: Where): boolean {
  if (!parseDate(text)) return false;
  sink.hit('date_of_birth', score, text, 'a date in a birth-date context', where);
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Cells
// ---------------------------------------------------------------------------------------------------------

const IPV6_CHARS = /^\[?[0-9a-fA-F:]+(?:\.\d{1,3}){0,3}(?:%\w+)?\]?$/;
const DIGIT_CHARS = /^[+(]?[\d\s().\-/]+(?:\s*(?:x|ext\.?|#)\s*\d{1,6})?$/i;

/** The NANP fictional block(s) of the safe-ranges table, as subscriber-number bounds (7 digits, numeric). */
const NANP_SAFE = SAFE_PHONE_RANGES.filter((r) => r.anyAreaCode).map((r) => [Number(r.from), Number(r.to)] as const);

/**
 * Digits of a string made only of phone characters (digits, space, `+().-/`), or undefined. One pass.
 */
function phoneDigits(s: string): string | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 48 || c > 57) && c !== 32 && c !== 43 && c !== 40 && c !== 41 && c !== 45 && c !== 46 && c !== 47) return undefined;
  }
  return s.replace(NON_DIGITS, '');
}
const NON_DIGITS = /\D/g;

/**
 * The common generated case, a NANP 555-01XX number in any layout, settled from the characters alone (no
 * allocation): exactly what isSafePhone accepts for NANP (10 digits with an area code 2-9, or 11 with a
 * leading 1; `+` only before the 1).
 */
function safeNanpChars(s: string): boolean {
  const c0 = s.charCodeAt(0);
  if (c0 !== 43 && c0 !== 40 && (c0 < 48 || c0 > 57)) return false;
  let count = 0;
  let first = -1;
  let sub = 0;
  let area = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      const d = c - 48;
      if (count === 0) first = d;
      count++;
      if (count > 11) return false;
      sub = (sub * 10 + d) % 10_000_000; // the last seven digits
      if (count <= 4) area = area * 10 + d;
    } else if (c !== 32 && c !== 43 && c !== 40 && c !== 41 && c !== 45 && c !== 46 && c !== 47) {
      return false;
    }
  }
  let npaFirst: number;
  if (count === 11) {
    if (first !== 1) return false;
    npaFirst = Math.floor((area % 1000) / 100);
  } else if (count === 10) {
    if (c0 === 43) return false;
    npaFirst = first;
  } else {
    return false;
  }
  if (npaFirst < 2) return false;
  for (const [from, to] of NANP_SAFE) if (sub >= from && sub <= to) return true;
  return false;
}

function digitCell(s: string, sink: Sink, ctx: ColumnContext): boolean {
  if (safeNanpChars(s)) {
    sink.safe('phone');
    return true;
  }
  let digits = phoneDigits(s);
  if (digits === undefined) {
    if (!DIGIT_CHARS.test(s)) return false; // an extension ("x123") is the only other thing allowed
    digits = s.replace(NON_DIGITS, '');
  }
  if (ctx.positive.has('date_of_birth')) return dateOfBirth(s, sink, cellScore(ctx, 'date_of_birth', BASE.dob), 'cell');
  if (card(s, digits, sink, ctx, 'cell')) return true;
  if (digits.length === 9 && ssn(s, sink, ctx, 'cell')) return true;
  return phone(s, digits.length, sink, ctx, 'cell');
}

// ---------------------------------------------------------------------------------------------------------
// Fast paths: exact shapes a column's values keep to, settled without the census
// ---------------------------------------------------------------------------------------------------------

/** 1 for the ASCII hex digits, by character code. */
const HEX_DIGIT = new Uint8Array(128);
for (const ch of '0123456789abcdefABCDEF') HEX_DIGIT[ch.charCodeAt(0)] = 1;

function hexRun(s: string, from: number, to: number): number {
  let ok = 1;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    ok &= c < 128 ? (HEX_DIGIT[c] as number) : 0;
  }
  return ok;
}

/**
 * `8-4-4-4-12` hex digits. A table look-up per character, with no branch on which kind of digit it is: on
 * random hex that branch is mispredicted every other character, and the regex it replaces ran at a third of
 * the speed.
 */
function uuidShape(s: string): boolean {
  if (s.length !== 36 || s.charCodeAt(8) !== 45 || s.charCodeAt(13) !== 45 || s.charCodeAt(18) !== 45 || s.charCodeAt(23) !== 45)
    return false;
  return (hexRun(s, 0, 8) & hexRun(s, 9, 13) & hexRun(s, 14, 18) & hexRun(s, 19, 23) & hexRun(s, 24, 36)) === 1;
}

/** The documentation IPv4 blocks of the safe-ranges table as [first, last] addresses (32-bit, numeric). */
const DOCUMENTATION_V4: readonly (readonly [number, number])[] = DOCUMENTATION_IP_RANGES.filter((r) => r.version === 4).map((r) => {
  const [address, bits] = r.cidr.split('/') as [string, string];
  const first = address.split('.').reduce((v, octet) => v * 256 + Number(octet), 0);
  return [first, first + 2 ** (32 - Number(bits)) - 1] as const;
});

/**
 * A dotted-quad IPv4 address in a documentation block, read in one pass with the same rules as
 * core's parser (four decimal octets ≤ 255, no leading zeros); false for anything else.
 */
function documentationV4(s: string): boolean {
  const n = s.length;
  if (n < 7 || n > 15) return false;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= n; i++) {
    const c = i === n ? 46 : s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || octet > 255 || ++parts > 4) return false;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return false;
      octet = octet * 10 + (c - 48);
      if (++digits > 3) return false;
    } else return false;
  }
  if (parts !== 4) return false;
  for (const [first, last] of DOCUMENTATION_V4) if (value >= first && value <= last) return true;
  return false;
}

/** The reserved domains the generator writes (exact, lowercase): a set look-up settles most generated emails. */
const GENERATION_DOMAIN_SET: ReadonlySet<string> = new Set(GENERATION_DOMAINS);

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternatives = (list: readonly string[]): string => (list.length === 0 ? '(?!)' : `(?:${list.join('|')})`);

/*
 * The shapes the generator writes, each as one regex. A regex reads a string natively; the checks below read
 * it a character at a time and cut pieces out to look them up, which costs several times more on this kind of
 * value. Each regex accepts only values its check accepts, and the check still runs on whatever it refuses.
 */

/**
 * The generation domains both email tests accept as written: reserved (isSafeEmailDomain), with a dot after
 * their first character.
 */
const EMAIL_DOMAINS = GENERATION_DOMAINS.filter((d) => d.indexOf('.') > 0 && isSafeEmailDomain(d));
/** A plain local part (SIMPLE_LOCAL's characters) at one of them. */
const GENERATED_EMAIL = new RegExp(`^[A-Za-z0-9._%+-]{1,64}@${alternatives(EMAIL_DOMAINS.map(escapeRegex))}$`);

/** An address in one of the /24 documentation blocks (written canonically, so no leading zeros), any host octet. */
const DOCUMENTATION_V4_24 = new RegExp(
  `^${alternatives(
    DOCUMENTATION_IP_RANGES.map((r) => r.cidr)
      .filter((cidr) => cidr.endsWith('.0/24') && cidr.split('.').every((octet) => /^(?:0|[1-9]\d{0,2})(?:\/24)?$/.test(octet)))
      .map((cidr) => escapeRegex(cidr.slice(0, -'0/24'.length))),
  )}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$`,
);

/**
 * The fictional subscriber blocks (`555-01XX`) as a pattern with an optional separator after the exchange,
 * or undefined when a block is not a fixed prefix followed by any digits.
 */
function subscriberPattern(): string | undefined {
  const blocks: string[] = [];
  for (const [from, to] of NANP_SAFE) {
    const first = String(from).padStart(7, '0');
    const last = String(to).padStart(7, '0');
    let k = 0;
    while (k < 7 && first[k] === last[k]) k++;
    if (!/^0*$/.test(first.slice(k)) || !/^9*$/.test(last.slice(k))) return undefined;
    const digits = [...first.slice(0, k), ...Array<string>(7 - k).fill('\\d')];
    blocks.push(`${digits.slice(0, 3).join('')}[-. ]?${digits.slice(3).join('')}`);
  }
  return blocks.length === 0 ? undefined : `(?:${blocks.join('|')})`;
}

/**
 * A NANP number in the fictional block, in the usual layouts (`+1 NXX-555-01XX`, `(NXX) 555-01XX`,
 * `NXX5550123`…; area code 2-9): a subset of what safeNanpChars accepts.
 */
const SUBSCRIBERS = subscriberPattern();
const GENERATED_NANP =
  SUBSCRIBERS === undefined ? undefined : new RegExp(`^(?:\\+1 ?)?(?:\\([2-9]\\d\\d\\) ?|[2-9]\\d\\d[-. ]?)${SUBSCRIBERS}$`);

function generatedNanp(s: string): boolean {
  return GENERATED_NANP !== undefined && GENERATED_NANP.test(s);
}

const DATETIME_SHAPE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Whether core's classifier could still call a value that `documentationV4` refused a documentation address:
 * only IPv6 (it has a colon) or text that trimming changes (an edge character outside printable ASCII). The
 * classifier splits and parses what it is given; profiling runs this check on every value of every column,
 * names and amounts included, so those are turned away here first.
 */
function mayBeOtherIp(s: string): boolean {
  if (s.indexOf(':') !== -1) return true;
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  return !(first > 32 && first < 127 && last > 32 && last < 127);
}

/**
 * A fast check: true when it settled the value (and told the sink), false to fall back to the full scan.
 * Each returns true only for values the full scan would settle the same way, so using one never hides a
 * match; the scanner picks, per column, the one that settles most of its first values.
 */
export type FastCheck = (s: string, sink: Sink) => boolean;

export const FAST_CHECKS: Readonly<Record<string, (ctx: ColumnContext) => FastCheck | undefined>> = {
  uuid: () => uuidShape,
  datetime: (ctx) => (ctx.positive.has('date_of_birth') ? undefined : (s) => DATETIME_SHAPE.test(s)),
  email: () => (s, sink) => {
    if (GENERATED_EMAIL.test(s)) {
      sink.safe('email');
      return true;
    }
    const at = s.lastIndexOf('@');
    if (at <= 0 || at > 64 || s.indexOf('.', at) <= at + 1) return false;
    const domain = s.slice(at + 1);
    if (!GENERATION_DOMAIN_SET.has(domain) && !isSafeEmailDomain(domain)) return false;
    for (let i = 0; i < at; i++) {
      const c = s.charCodeAt(i);
      // [A-Za-z0-9._%+-]
      if (!(
        (c >= 97 && c <= 122) ||
        (c >= 48 && c <= 57) ||
        (c >= 65 && c <= 90) ||
        c === 46 ||
        c === 95 ||
        c === 37 ||
        c === 43 ||
        c === 45
      ))
        return false;
    }
    sink.safe('email');
    return true;
  },
  phone: () => (s, sink) => {
    if (!generatedNanp(s) && !safeNanpChars(s)) return false;
    sink.safe('phone');
    return true;
  },
  person: (ctx) =>
    ctx.positive.has('person')
      ? (s, sink) => {
          if (!syntheticPersonCell(s)) return false;
          sink.safe('person');
          return true;
        }
      : undefined,
  street: (ctx) =>
    ctx.positive.has('street_address')
      ? (s, sink) => {
          if (!generatorStreet(s)) return false;
          sink.safe('street_address');
          return true;
        }
      : undefined,
  ip: () => (s, sink) => {
    if (s.length > 15) return false;
    if (!DOCUMENTATION_V4_24.test(s) && !documentationV4(s) && (!mayBeOtherIp(s) || ipAddressKind(s) !== 'documentation')) return false;
    sink.safe('ip_address');
    return true;
  },
};

/** Shortest value worth the plain-text test (below it the census is as cheap as the regex call). */
const PLAIN_MIN = 20;
/** A digit, `@`, `:` or non-ASCII character ends the plain-text test; a capital before a small letter may be a title. */
const NOT_PLAIN = /[\d@:\u0080-\uffff]|[A-Z][a-z]/g;

function asciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/**
 * Prose that no recogniser can start from, in a column whose name announces nothing: no digit, `@`, `:` or
 * non-ASCII character, at most one capitalised word (the census's `titles`), fewer than five dashes, not the
 * length of a MAC address and not a path. Every branch of the full scan needs one of those, so such a value
 * would produce nothing; the regex reads it natively, several times faster than the census loop does.
 */
function plainText(s: string): boolean {
  const n = s.length;
  const c0 = s.charCodeAt(0);
  if (n === 14 || n === 17 || c0 === 47) return false;
  let titles = 0;
  NOT_PLAIN.lastIndex = 0;
  if (c0 >= 65 && c0 <= 90) {
    // A sentence's first word is counted here, which spares the regex a stop.
    const c1 = s.charCodeAt(1);
    if (c1 >= 97 && c1 <= 122) {
      titles = 1;
      NOT_PLAIN.lastIndex = 2;
    }
  }
  while (NOT_PLAIN.test(s)) {
    const end = NOT_PLAIN.lastIndex;
    const c = s.charCodeAt(end - 1);
    if (c < 97 || c > 122) return false;
    // The capital starts a word (a title, as the census counts them) unless a letter precedes it.
    if (!asciiLetter(end >= 3 ? s.charCodeAt(end - 3) : 0) && ++titles >= 2) return false;
  }
  let dashes = 0;
  for (let i = s.indexOf('-'); i !== -1; i = s.indexOf('-', i + 1)) if (++dashes >= 5) return false;
  return true;
}

/** Last characters of the generation domains: a value ending otherwise is not a generated email. */
const EMAIL_ENDINGS: ReadonlySet<number> = new Set(EMAIL_DOMAINS.map((d) => d.charCodeAt(d.length - 1)));

/**
 * The generator's own shapes, settled before the census. Each test accepts only values that the branches of
 * scanString would settle the same way in such a column (why, beside each), so it changes what a value costs,
 * not what it yields. Profiling, memo misses, and whatever a column's fast check leaves all come through here.
 */
function settledEarly(s: string, n: number, ctx: ColumnContext, sink: Sink): boolean {
  const positive = ctx.positive;
  const c0 = s.charCodeAt(0);
  if (positive.has('person')) {
    // personCell's 'synthetic': dictionary words hold no digit or `@` and single spaces part at most six of
    // them, so the person branch is reached, and stops there.
    if (syntheticPersonCell(s)) {
      sink.safe('person');
      return true;
    }
  } else if (positive.has('street_address')) {
    // streetCell's 'synthetic' (the generator's streets have no `@` and nothing to trim).
    if (generatorStreet(s)) {
      sink.safe('street_address');
      return true;
    }
  } else if (positive.size === 0) {
    // A UUID has no space, `@`, colon or dot; too many digits for a phone, card or SSN; no IBAN country is
    // spelled in hex at 32 characters. Nothing below takes it.
    if (n === 36 && uuidShape(s)) return true;
    // An ISO date or date-time has a dash (not an IPv6 address), a colon or `T` or the date layout that
    // phoneForm refuses (not a phone; but a leading `00` reads as an international prefix first), at most one
    // space (not text, outside text columns). Nothing below takes it.
    if (!ctx.text && n >= 10 && c0 >= 49 && c0 <= 57 && s.charCodeAt(4) === 45 && DATETIME_SHAPE.test(s)) return true;
    if (n >= PLAIN_MIN && plainText(s)) return true;
  }
  // In any column: no space and one `@` take a generated email straight to the email recogniser's first test.
  if (n >= 5 && EMAIL_ENDINGS.has(s.charCodeAt(n - 1)) && GENERATED_EMAIL.test(s)) {
    sink.safe('email');
    return true;
  }
  if (c0 >= 48 && c0 <= 57 && n >= 7 && n <= 15 && DOCUMENTATION_V4_24.test(s)) {
    // A dotted quad without letters: the first recogniser to take it is the IP one (a street needs a word).
    sink.safe('ip_address');
    return true;
  }
  if (!ctx.text && n >= 10 && n <= 17 && ((c0 >= 48 && c0 <= 57) || c0 === 43 || c0 === 40) && generatedNanp(s)) {
    // Digits and separators only: digitCell takes it and settles it by safeNanpChars (which accepts it) first.
    // In a text column a space would make it text, hence the exception.
    sink.safe('phone');
    return true;
  }
  return false;
}

/** Scans one string value of a column. */
export function scanString(s: string, ctx: ColumnContext, sink: Sink): void {
  const n = s.length;
  if (n < 2 || settledEarly(s, n, ctx, sink)) return;
  scanStringFully(s, ctx, sink);
}

/** scanString without the early settlements: every value through the census (the tests' reference). */
export function scanStringFully(s: string, ctx: ColumnContext, sink: Sink): void {
  const n = s.length;
  if (n < 2) return;
  const c = take(s);
  const textLike = (c.spaces >= 3 && n >= 20 && c.letters >= 6) || (ctx.text && c.spaces >= 1);
  if (ctx.positive.has('person') && c.digits === 0 && c.at === 0 && c.spaces <= 6) {
    const verdict = personCell(s.trim());
    if (verdict === 'synthetic') sink.safe('person');
    else if (verdict === 'real')
      sink.hit('person', cellScore(ctx, 'person', BASE.person.column), s, 'name outside the generator dictionary', 'cell');
    if (verdict !== undefined) return;
  }
  if (ctx.positive.has('street_address') && c.at === 0) {
    const verdict = streetCell(s.trim());
    if (verdict === 'synthetic') sink.safe('street_address');
    else if (verdict === 'real')
      sink.hit(
        'street_address',
        cellScore(ctx, 'street_address', BASE.street.column),
        s,
        'street address outside the generator dictionary',
        'cell',
      );
    if (verdict !== undefined) return;
  }
  if (textLike && !ctx.notPerson && c.digits === 0 && c.spaces <= 5 && c.titles >= 2 && n <= 60) {
    // A cell that is just a name ("Mrs. Jo Fay Sr."), not prose about one.
    const verdict = nameLikeCell(s);
    if (verdict === 'synthetic') return sink.safe('person');
    if (verdict === 'real') return sink.hit('person', BASE.person.nameLike, s, 'capitalised words that read as a name', 'cell');
  }
  if (!textLike) {
    if (c.at === 1 && c.spaces === 0) {
      if (email(s, sink, cellScore(ctx, 'email', BASE.email), 'cell')) return;
    }
    if (c.colons > 0 && c.spaces === 0 && s.includes('://')) {
      if (url(s, sink, ctx, 'cell')) return;
    }
    if ((s[0] === '/' || s[1] === ':') && localPath(s, sink, ctx, 'cell')) return;
    if (c.dots === 3 && c.letters === 0 && c.spaces === 0 && c.dashes === 0 && c.digits >= 4 && ip(s, sink, ctx, 'cell')) return;
    if (c.digits >= 7 && c.letters <= 9 && digitCell(s, sink, ctx)) return;
    if (c.spaces === 0 && c.maxRun >= 25 && c.digits > 0 && wallet(s, sink, ctx, 'cell')) return;
    if (n >= 15 && n <= 42 && c.upper >= 2 && c.digits >= 8 && IBAN_START.test(s) && iban(s, sink, 'cell')) return;
    if ((n === 17 && (c.colons === 5 || c.dashes === 5)) || (n === 14 && c.dots === 2)) {
      if (mac(s, sink, ctx, 'cell')) return;
    }
    if (n === 12 && ctx.positive.has('mac_address') && /^[0-9a-fA-F]{12}$/.test(s)) {
      if (mac(s.replace(/(..)(?!$)/g, '$1:'), sink, ctx, 'cell')) return;
    }
    if (c.colons >= 2 && c.spaces === 0 && IPV6_CHARS.test(s) && ip(s, sink, ctx, 'cell')) return;
    if (ctx.positive.has('date_of_birth') && c.digits >= 4) {
      if (dateOfBirth(s.trim(), sink, cellScore(ctx, 'date_of_birth', BASE.dob), 'cell')) return;
    }
    if (!ctx.notPerson && c.digits === 0 && c.spaces >= 1 && c.spaces <= 5 && c.titles >= 2) {
      const verdict = nameLikeCell(s);
      if (verdict === 'synthetic') sink.safe('person');
      else if (verdict === 'real')
        sink.hit('person', BASE.person.nameLike, s, 'capitalised words starting with a known first name', 'cell');
      if (verdict !== undefined) return;
    }
    if (c.digits > 0 && c.spaces >= 2 && c.upper >= 1 && n <= 100 && streetShape(s.trim())) {
      const verdict = streetCell(s.trim());
      if (verdict === 'synthetic') sink.safe('street_address');
      else sink.hit('street_address', BASE.street.shape, s, 'street-address shape', 'cell');
      return;
    }
    if (c.spaces < 3) return;
  }
  scanText(s, c, ctx, sink);
}

/** Scans one numeric value: only integers long enough to be a phone, SSN or card number. */
export function scanNumber(value: number, ctx: ColumnContext, sink: Sink): void {
  if (!Number.isSafeInteger(value) || value < 1_000_000) return;
  const s = String(value);
  if (ctx.positive.has('date_of_birth')) return;
  if (card(s, s, sink, ctx, 'cell')) return;
  if (s.length === 9 && ssn(s, sink, ctx, 'cell')) return;
  phone(s, s.length, sink, ctx, 'cell');
}

// ---------------------------------------------------------------------------------------------------------
// Free text
// ---------------------------------------------------------------------------------------------------------

const EMAIL_IN_TEXT = /(?<![\p{L}\p{N}._%+:/-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,63}/gu;
const URL_IN_TEXT = /\b(?:https?|ftp|ftps|sftp|ssh|smb):\/\/[^\s<>"'`]+/gi;
const NUMBER_IN_TEXT = /(?<![\p{L}\p{N}+/.-])(?:\+|\(\+?)?\d[\d ().\-/]{5,24}\d(?![\p{L}\p{N}])/gu;
const IBAN_IN_TEXT = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,32}\b/g;
const BIRTH_WORDS = /\b(?:born|dob|d\.o\.b|date of birth|birth ?date|birthday|b-day)\b/i;
const DATE_IN_TEXT =
  /\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4}|[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})\b/g;
/** A number next to a capitalised word: the least a street address inside text has. */
const STREET_HINT = /\d[a-zA-Z]?,?\s+\p{Lu}|\p{Lu}\p{Ll}+\s+\d/u;
const TOKEN_TRIM = /^[([{<"'`]+|[)\]}>"'`.,;:!?]+$/g;

function scanText(s: string, c: Census, ctx: ColumnContext, sink: Sink): void {
  if (c.at > 0) {
    EMAIL_IN_TEXT.lastIndex = 0;
    for (let m = EMAIL_IN_TEXT.exec(s); m !== null; m = EMAIL_IN_TEXT.exec(s)) {
      email(m[0].replace(/^[.]+|[.]+$/g, ''), sink, BASE.email, 'text');
    }
  }
  if (c.colons > 0 && s.includes('://')) {
    URL_IN_TEXT.lastIndex = 0;
    for (let m = URL_IN_TEXT.exec(s); m !== null; m = URL_IN_TEXT.exec(s)) url(m[0].replace(/[.,;:!?)]+$/, ''), sink, ctx, 'text');
  }
  if (c.digits >= 4) {
    NUMBER_IN_TEXT.lastIndex = 0;
    for (let m = NUMBER_IN_TEXT.exec(s); m !== null; m = NUMBER_IN_TEXT.exec(s)) {
      const t = m[0].trim();
      if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(t)) {
        ip(t, sink, ctx, 'text', m.index, s);
        continue;
      }
      const digits = t.replace(/\D/g, '');
      if (digits.length < 7) continue;
      if (parseDate(t)) continue; // dates of birth are looked for below, with their context
      if (card(t, digits, sink, ctx, 'text', s, m.index)) continue;
      if (digits.length === 9 && ssn(t, sink, ctx, 'text', s, m.index)) continue;
      phone(t, digits.length, sink, ctx, 'text', s, m.index);
    }
  }
  if (c.upper >= 2 && c.digits >= 8 && c.maxRun >= 4) {
    IBAN_IN_TEXT.lastIndex = 0;
    for (let m = IBAN_IN_TEXT.exec(s); m !== null; m = IBAN_IN_TEXT.exec(s)) {
      const compact = m[0].replace(/ /g, '');
      const length = IBAN_LENGTHS[compact.slice(0, 2)];
      if (length === undefined || compact.length < length) continue;
      iban(compact.slice(0, length), sink, 'text');
    }
  }
  // Token recognisers: wallets, MACs, IPv6 (rare characters gate them).
  const tokenScan = (c.maxRun >= 25 && c.digits > 0) || c.colons >= 2 || c.dashes >= 5;
  if (tokenScan) {
    for (const raw of s.split(/[\s,;]+/)) {
      const t = raw.replace(TOKEN_TRIM, '');
      if (t.length >= 25 && t.length <= 74 && wallet(t, sink, ctx, 'text')) continue;
      if ((t.length === 17 || t.length === 14) && mac(t, sink, ctx, 'text')) continue;
      if (
        t.length >= 3 &&
        t.includes(':') &&
        !t.includes('://') &&
        /^[\[0-9a-fA-F:.\]%\w]+$/.test(t) &&
        (t.match(/:/g)?.length ?? 0) >= 2
      ) {
        ip(t, sink, ctx, 'text');
      }
    }
  }
  if (c.digits >= 4 && (ctx.positive.has('date_of_birth') || BIRTH_WORDS.test(s))) {
    DATE_IN_TEXT.lastIndex = 0;
    for (let m = DATE_IN_TEXT.exec(s); m !== null; m = DATE_IN_TEXT.exec(s)) {
      const score = textScore(ctx, 'date_of_birth', 0.3, s, m.index);
      if (score >= 0.5) dateOfBirth(m[0], sink, score, 'text');
    }
  }
  if (c.digits > 0 && c.titles >= 1 && STREET_HINT.test(s)) {
    for (const street of streetsInText(s)) sink.hit('street_address', BASE.street.text, street, 'street address inside text', 'text');
  }
  if (c.titles >= 2 && !ctx.notPerson) {
    const candidates = nameCandidates(s);
    const unknown: TextCandidate[] = [];
    for (const cand of candidates) {
      if (cand.strength === 'unknown') unknown.push(cand);
      else {
        const honorific = /^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Herr|Frau|Mme|Mlle|Sr|Sra)\b/.test(cand.text);
        const base = honorific ? BASE.person.textHonorific : cand.strength === 'lexicon' ? BASE.person.text : BASE.person.textCue;
        sink.hit(
          'person',
          base,
          cand.text,
          cand.strength === 'lexicon' ? 'known first/last name in free text' : 'capitalised name after a person cue in free text',
          'text',
        );
      }
    }
    if (unknown.length > 0) {
      if (!sink.budget('nlp')) sink.unverified('nlp', 'person', BASE.person.textCue);
      else
        for (const person of sink.people(s, unknown))
          sink.hit('person', BASE.person.textCue, person, 'person named in free text (compromise)', 'text');
    }
  }
}
