/**
 * What a column holds, from its values and its name: the scalar type (numbers, booleans and dates written
 * as text included), string formats, and whether it carries personal data. Every recogniser is strict and
 * share-based (a type wins only when nearly every value fits it), so nothing is guessed from a few values.
 */
import { createRequire } from 'node:module';
import type { JsonValue } from '../core/types.js';
import { ibanChecksumValid, luhnValid } from '../core/safe-ranges.js';
import { detectDatetime, type DatetimeFormat } from './datetime.js';

export type ScalarType = 'integer' | 'number' | 'boolean' | 'datetime' | 'string';

/** A type wins when at least this share of the non-missing values has it; the rest are counted as missing. */
export const TYPE_SHARE = 0.95;

/** Text that means "no value" in a typed (number, boolean, date) column. */
const NULL_TOKENS = new Set(['', 'null', 'na', 'n/a', 'nan', 'none', 'nil', '#n/a', '-', '?', 'missing', 'undefined']);

const INTEGER_TEXT = /^[+-]?(0|[1-9][0-9]*)$/;
const NUMBER_TEXT = /^[+-]?(0|[1-9][0-9]*)?(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

export function isNullToken(text: string): boolean {
  return NULL_TOKENS.has(text.trim().toLowerCase());
}

/** Decimal places written in a number's text (`12.80` → 2, `1.5e-3` → 4). */
export function decimalsOf(text: string): number {
  const exp = /[eE]([+-]?\d+)$/.exec(text);
  const mantissa = exp ? text.slice(0, exp.index) : text;
  const dot = mantissa.indexOf('.');
  const fraction = dot === -1 ? 0 : mantissa.length - dot - 1;
  return Math.max(0, fraction - (exp ? Number(exp[1]) : 0));
}

/** A number written as text, or undefined (thousands separators, `NaN`, `Infinity` and leading zeros are not numbers). */
export function numberFromText(text: string): number | undefined {
  const t = text.trim();
  if (t === '' || t === '.' || !NUMBER_TEXT.test(t) || !/[0-9]/.test(t)) return undefined;
  // `007` is a code, not seven; `0.5` and `0` are numbers.
  if (/^[+-]?0[0-9]/.test(t)) return undefined;
  const value = Number(t);
  return Number.isFinite(value) ? value : undefined;
}

export interface TypedColumn {
  readonly type: ScalarType;
  /** Per value (same order as given): the typed value, or null when missing or not of the type. */
  readonly values: (number | boolean | string | null)[];
  /** Values that were present but not of the winning type (now missing). */
  readonly coerced: number;
  /** Values that were null tokens in a typed column (now missing). */
  readonly nullTokens: number;
  /** Largest number of decimals written (numbers). */
  readonly decimals?: number;
  readonly datetime?: DatetimeFormat;
  readonly ambiguousDayMonth?: boolean;
  /** Some values were arrays or objects: the column is modelled over the values' JSON texts (see columns.ts). */
  readonly structured?: boolean;
}

/**
 * Types a column from its present (non-null, non-absent) values. Rule: numbers (JSON numbers or numeric text),
 * booleans (JSON booleans or `true`/`false` in any case) or dates/date-times (one layout of datetime.ts) win
 * when they make up ≥ 95% of the values that are not null tokens; integer when every such number is whole.
 * The minority values are counted as missing. Otherwise the column is a string column and every value is
 * kept as text (numbers as their JSON text).
 */
export function typeColumn(raw: readonly JsonValue[]): TypedColumn {
  let numbers = 0;
  let integers = 0;
  let booleans = 0;
  let tokens = 0;
  let structured = false;
  const texts: string[] = [];
  for (const value of raw) {
    if (typeof value === 'number') {
      numbers++;
      if (Number.isInteger(value)) integers++;
    } else if (typeof value === 'boolean') booleans++;
    else if (typeof value === 'string') {
      if (isNullToken(value)) {
        tokens++;
        continue;
      }
      const n = numberFromText(value);
      if (n !== undefined) {
        numbers++;
        if (INTEGER_TEXT.test(value.trim()) && Number.isSafeInteger(n)) integers++;
      } else {
        const lower = value.trim().toLowerCase();
        if (lower === 'true' || lower === 'false') booleans++;
        else texts.push(value);
      }
    } else if (value !== null) structured = true;
  }
  const considered = raw.length - tokens;
  const need = Math.max(1, TYPE_SHARE * considered);
  const asString = (): TypedColumn => ({
    type: 'string',
    values: raw.map((v) => (v === null ? null : typeof v === 'string' ? v : JSON.stringify(v))),
    coerced: 0,
    nullTokens: 0,
    ...(structured ? { structured } : {}),
  });
  if (considered === 0) return asString();
  if (numbers >= need) {
    const integer = integers === numbers;
    let decimals = 0;
    let coerced = 0;
    const values = raw.map((v): number | null => {
      let n: number | undefined;
      if (typeof v === 'number') n = v;
      else if (typeof v === 'string' && !isNullToken(v)) n = numberFromText(v);
      if (n === undefined) {
        if (v !== null && !(typeof v === 'string' && isNullToken(v))) coerced++;
        return null;
      }
      decimals = Math.max(decimals, Math.min(12, decimalsOf(typeof v === 'string' ? v.trim() : String(v))));
      return n;
    });
    return { type: integer ? 'integer' : 'number', values, coerced, nullTokens: tokens, decimals: integer ? 0 : decimals };
  }
  if (booleans >= need) {
    let coerced = 0;
    const values = raw.map((v): boolean | null => {
      if (typeof v === 'boolean') return v;
      if (typeof v === 'string') {
        const lower = v.trim().toLowerCase();
        if (lower === 'true' || lower === 'false') return lower === 'true';
        if (!isNullToken(v)) coerced++;
        return null;
      }
      if (v !== null) coerced++;
      return null;
    });
    return { type: 'boolean', values, coerced, nullTokens: tokens };
  }
  if (texts.length >= need && numbers + booleans <= considered - need) {
    const detection = detectDatetime(texts, TYPE_SHARE);
    if (detection !== undefined && detection.parsed >= need) {
      let coerced = 0;
      let i = 0;
      const parsedByText = detection.values;
      const values = raw.map((v): number | null => {
        if (typeof v !== 'string' || isNullToken(v)) {
          if (v !== null && !(typeof v === 'string')) coerced++;
          return null;
        }
        if (numberFromText(v) !== undefined || ['true', 'false'].includes(v.trim().toLowerCase())) {
          coerced++;
          return null;
        }
        const ms = parsedByText[i++];
        if (ms === undefined) {
          coerced++;
          return null;
        }
        return ms;
      });
      return {
        type: 'datetime',
        values,
        coerced,
        nullTokens: tokens,
        datetime: detection.format,
        ...(detection.ambiguousDayMonth ? { ambiguousDayMonth: true } : {}),
      };
    }
  }
  return asString();
}

// -------------------------------------------------------------------------------------------------------------
// Personal data: from the column name, and from the shape of the values
// -------------------------------------------------------------------------------------------------------------

/** Kinds of personal or identifying data; each has a safe generator (generate/model.ts). */
export type PiiKind =
  | 'fullName'
  | 'firstName'
  | 'lastName'
  | 'username'
  | 'email'
  | 'phone'
  | 'streetAddress'
  | 'secondaryAddress'
  | 'zip'
  | 'ssn'
  | 'creditCard'
  | 'iban'
  | 'ipv4'
  | 'ipv6'
  | 'mac'
  | 'url'
  | 'birthDate'
  | 'uuid'
  | 'identifier'
  | 'text'
  /** Not personal data: arrays/objects that do not repeat, generated empty (`[]`, `{}`). */
  | 'empty';

/** Lowercase words of a column name (`billingEmail` → billing, email; `Cost Total $` → cost, total). */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '');
}

const NAME_KINDS: ReadonlyArray<[PiiKind, readonly string[]]> = [
  ['firstName', ['firstname', 'givenname', 'forename', 'fname', 'middlename']],
  ['lastName', ['lastname', 'surname', 'familyname', 'lname', 'maidenname']],
  ['fullName', ['fullname', 'personname', 'contactname', 'customername', 'displayname', 'employeename', 'patientname', 'clientname']],
  ['username', ['username', 'login', 'loginname', 'handle', 'screenname', 'nickname']],
  ['email', ['email', 'emailaddress', 'mail', 'emailaddr', 'email1', 'email2']],
  [
    'phone',
    [
      'phone',
      'phonenumber',
      'phoneno',
      'mobile',
      'mobilenumber',
      'mobilephone',
      'telephone',
      'tel',
      'cell',
      'cellphone',
      'fax',
      'contactnumber',
    ],
  ],
  ['streetAddress', ['address', 'streetaddress', 'street', 'addressline1', 'address1', 'line1', 'homeaddress', 'mailingaddress']],
  ['secondaryAddress', ['addressline2', 'address2', 'line2', 'secondaryaddress']],
  ['zip', ['zip', 'zipcode', 'postalcode', 'postcode']],
  [
    'ssn',
    [
      'ssn',
      'socialsecuritynumber',
      'socialsecurity',
      'nationalid',
      'nationalidnumber',
      'taxid',
      'passport',
      'passportnumber',
      'driverslicense',
      'licensenumber',
      'nin',
    ],
  ],
  ['creditCard', ['creditcard', 'creditcardnumber', 'cardnumber', 'ccnumber', 'pan']],
  ['iban', ['iban', 'ibannumber', 'bankaccount', 'accountnumber']],
  ['ipv4', ['ip', 'ipaddress', 'ipv4', 'ipv4address', 'clientip', 'remoteip']],
  ['ipv6', ['ipv6', 'ipv6address']],
  ['mac', ['mac', 'macaddress']],
  ['birthDate', ['birthdate', 'dob', 'dateofbirth', 'birthday']],
  ['uuid', ['uuid', 'guid']],
  ['text', ['notes', 'note', 'comment', 'comments', 'remarks', 'bio', 'message', 'body', 'review', 'feedback', 'description', 'freetext']],
];

const NAME_LOOKUP: ReadonlyMap<string, PiiKind> = new Map(NAME_KINDS.flatMap(([kind, names]) => names.map((n) => [n, kind] as const)));

/** Words before `name` that make it a person's name (`customer_name`, `authorName`). */
const PERSON_WORDS = new Set([
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
  'full',
  'first',
  'last',
  'maiden',
  'emergency',
  'parent',
  'mother',
  'father',
  'spouse',
  'applicant',
  'account',
  'holder',
]);

export interface NameHint {
  readonly kind: PiiKind;
  /** The name alone is conclusive (`email`, `first_name`); `name` alone needs the values to agree. */
  readonly conclusive: boolean;
}

/** What a column's name says about personal data, if anything. */
export function piiFromName(name: string): NameHint | undefined {
  const tokens = nameTokens(name);
  if (tokens.length === 0) return undefined;
  const joined = tokens.join('');
  const exact = NAME_LOOKUP.get(joined);
  if (exact !== undefined) return { kind: exact, conclusive: true };
  // `billing_email`, `home_phone`, `shipping_address_line2`: the last words decide.
  for (let i = 1; i < tokens.length; i++) {
    const kind = NAME_LOOKUP.get(tokens.slice(i).join(''));
    if (kind !== undefined && kind !== 'text' && kind !== 'uuid') return { kind, conclusive: true };
  }
  const last = tokens[tokens.length - 1] as string;
  const before = tokens[tokens.length - 2];
  if (last === 'name' && before !== undefined && PERSON_WORDS.has(before))
    return {
      kind: before === 'first' ? 'firstName' : before === 'last' || before === 'maiden' ? 'lastName' : 'fullName',
      conclusive: true,
    };
  if (joined === 'name') return { kind: 'fullName', conclusive: false };
  if (last === 'id' || last === 'uuid' || last === 'guid' || joined.endsWith('uuid') || (last === 'key' && tokens.length > 1))
    return { kind: 'identifier', conclusive: false };
  return undefined;
}

let firstNames: ReadonlySet<string> | undefined;

/** Faker's English first names, lowercased (loaded on first use). */
function knownFirstNames(): ReadonlySet<string> {
  if (firstNames === undefined) {
    try {
      const require = createRequire(import.meta.url);
      const faker = (
        require('@faker-js/faker/locale/en') as { faker: { rawDefinitions: { person?: { first_name?: Record<string, string[]> } } } }
      ).faker;
      const lists = faker.rawDefinitions.person?.first_name ?? {};
      firstNames = new Set(Object.values(lists).flatMap((list) => list.map((n) => n.toLowerCase())));
    } catch {
      firstNames = new Set();
    }
  }
  return firstNames;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const URL_TEXT = /^(https?|ftp):\/\/[^\s/$.?#][^\s]*$/i;
const IPV4 = /^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$/;
const IPV6 = /^(?=.*:)[0-9a-f:]{2,39}$/i;
const MAC = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i;
const SSN = /^[0-9]{3}-[0-9]{2}-[0-9]{4}$/;
const PHONE = /^\+?[0-9][0-9 ().-]{5,22}[0-9]$/;
const IBAN = /^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/;
const STREET =
  /^[0-9]+[A-Za-z]?\s+\S.*\b(st|street|ave|avenue|rd|road|blvd|boulevard|ln|lane|dr|drive|way|ct|court|pl|place|ter|terrace|sq|square|hwy|highway|pkwy|parkway|cir|circle|trail|row)\b\.?/i;
const NAME_WORD = /^[\p{Lu}][\p{L}'’.-]*$/u;

function ibanValid(text: string): boolean {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  return IBAN.test(compact) && ibanChecksumValid(compact);
}

function looksLikePhone(text: string): boolean {
  if (!PHONE.test(text)) return false;
  const digits = text.replace(/[^0-9]/g, '').length;
  if (digits < 7 || digits > 15) return false;
  // Bare digit strings are numbers or codes unless they carry a + or the separators phones are written with.
  return text.startsWith('+') || /[ ().-]/.test(text);
}

function looksLikePersonName(text: string): boolean {
  const words = text.trim().split(/\s+/);
  if (words.length < 2 || words.length > 4) return false;
  if (!words.every((w) => NAME_WORD.test(w) || /^(de|da|van|von|der|del|la|le|di|bin|al)$/.test(w))) return false;
  const names = knownFirstNames();
  // "Smith, John" puts the first name second.
  const first = (text.includes(',') ? words[1] : words[0]) as string;
  return names.has(first.replace(/[,.]/g, '').toLowerCase());
}

interface ShapeTest {
  readonly kind: PiiKind;
  readonly test: (text: string) => boolean;
  readonly share: number;
}

const SHAPES: readonly ShapeTest[] = [
  { kind: 'email', test: (t) => EMAIL.test(t), share: 0.9 },
  { kind: 'uuid', test: (t) => UUID.test(t), share: 0.95 },
  { kind: 'url', test: (t) => URL_TEXT.test(t), share: 0.9 },
  { kind: 'ipv4', test: (t) => IPV4.test(t), share: 0.9 },
  { kind: 'mac', test: (t) => MAC.test(t), share: 0.9 },
  { kind: 'ipv6', test: (t) => IPV6.test(t) && t.split(':').length >= 3, share: 0.9 },
  { kind: 'ssn', test: (t) => SSN.test(t), share: 0.9 },
  {
    kind: 'creditCard',
    test: (t) => {
      const digits = t.replace(/[ -]/g, '');
      // Luhn-valid, or written the way cards are (groups of four): privacy errs on the side of caution.
      return (
        /^[0-9]{13,19}$/.test(digits) && /^[0-9 -]+$/.test(t) && (luhnValid(digits) || /^[0-9]{4}([ -][0-9]{4}){2}[ -][0-9]{1,7}$/.test(t))
      );
    },
    share: 0.9,
  },
  { kind: 'iban', test: ibanValid, share: 0.9 },
  { kind: 'phone', test: looksLikePhone, share: 0.9 },
  { kind: 'streetAddress', test: (t) => STREET.test(t), share: 0.6 },
  { kind: 'fullName', test: looksLikePersonName, share: 0.5 },
];

/** The personal-data kind the values' shape shows (on distinct values), if any. */
export function piiFromValues(distinct: readonly string[]): PiiKind | undefined {
  if (distinct.length === 0) return undefined;
  const sample = distinct.length > 2000 ? distinct.filter((_, i) => i % Math.ceil(distinct.length / 2000) === 0) : distinct;
  for (const shape of SHAPES) {
    let hits = 0;
    for (const text of sample) if (shape.test(text.trim())) hits++;
    if (hits >= shape.share * sample.length && hits > 0) return shape.kind;
  }
  return undefined;
}

/** Share of the (distinct) values that look like a person's name. */
export function personNameShare(distinct: readonly string[]): number {
  if (distinct.length === 0) return 0;
  let hits = 0;
  for (const text of distinct) if (looksLikePersonName(text)) hits++;
  return hits / distinct.length;
}
