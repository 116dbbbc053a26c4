/**
 * Columns: what kind each one is, how a raw JSON value becomes the number or category the metrics compare,
 * and what a JSON Schema declares about it.
 *
 * Kinds follow SDV's metadata detection (sdv SingleTableMetadata.detect_from_dataframe), so our quality score
 * scores the same columns SDMetrics' QualityReport would:
 * - numerical, datetime (compared as numbers: epoch milliseconds), categorical and boolean columns are
 *   modelled: they get column shapes, pair trends and privacy metrics;
 * - id (a column named `id`/`…_id`, or the first column whose values are all distinct), pii (a name SDV
 *   reads as personal data: email, phone_number, first_name, city, state, latitude, …), text (more distinct
 *   categories than the category cap), empty (no values) and other (arrays, objects) are profiled (counts,
 *   nulls, distinct values, uniqueness) but not compared — SDMetrics' QualityReport skips SDV's id, pii and
 *   text sdtypes the same way.
 *
 * A schema can say so too: `x-unique`, identifier and personal-data formats, an `x-faker` method that makes
 * names, addresses, identifiers or prose, and the columns infer's `x-model` fills from a safe generator.
 */
import { getByPointer } from '../core/json-pointer.js';
import { isPlainObject, type JsonSchema, type JsonSchemaObject, type JsonValue } from '../core/types.js';
import { canonicalJson } from '../core/canonical.js';
import { DISTRIBUTION_TYPES, gridFor, type DistributionSpec } from '../generate/numbers.js';

export type ColumnKind = 'numerical' | 'datetime' | 'categorical' | 'boolean' | 'id' | 'pii' | 'text' | 'empty' | 'other';
export const COLUMN_KINDS: readonly ColumnKind[] = [
  'numerical',
  'datetime',
  'categorical',
  'boolean',
  'id',
  'pii',
  'text',
  'empty',
  'other',
];

export function isContinuous(kind: ColumnKind): boolean {
  return kind === 'numerical' || kind === 'datetime';
}

export function isDiscrete(kind: ColumnKind): boolean {
  return kind === 'categorical' || kind === 'boolean';
}

export function isModelled(kind: ColumnKind): boolean {
  return isContinuous(kind) || isDiscrete(kind);
}

// ------------------------------------------------------------------------------------------ values

const NUMERIC_TEXT = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

/** A number from a JSON number or a numeric-looking string (CSV cells); NaN otherwise. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value === 'string' && NUMERIC_TEXT.test(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : NaN;
  }
  return NaN;
}

export function looksNumeric(value: unknown): boolean {
  return typeof value === 'number' ? Number.isFinite(value) : typeof value === 'string' && NUMERIC_TEXT.test(value);
}

const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };

const SLASH_YMD = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
const SLASH_MDY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const MONTH_DAY_YEAR = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$/;
const DAY_MONTH_YEAR = /^(\d{1,2}) ([A-Za-z]{3,9})\.?,? (\d{4})$/;

const MONTH_NAMES =
  /^(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?)$/;

function monthIndex(name: string): number {
  const lower = name.toLowerCase();
  return MONTH_NAMES.test(lower) ? (MONTHS[lower.slice(0, 3)] ?? NaN) : NaN;
}

const DAY_MS = 86_400_000;

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil); month 1–12. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to the first of each month of 1900–2199 (the common case of daysFromCivil, precomputed). */
const TABLE_FIRST_YEAR = 1900;
const TABLE_YEARS = 300;
const MONTH_STARTS = Int32Array.from({ length: TABLE_YEARS * 12 }, (_, i) =>
  daysFromCivil(TABLE_FIRST_YEAR + Math.floor(i / 12), (i % 12) + 1, 1),
);

/** daysFromCivil for a valid date, from the table when the year is in it. */
function daysOf(year: number, month: number, day: number): number {
  const k = year - TABLE_FIRST_YEAR;
  return k >= 0 && k < TABLE_YEARS ? (MONTH_STARTS[k * 12 + month - 1] as number) + day - 1 : daysFromCivil(year, month, day);
}

function utc(year: number, month: number, day: number): number {
  if (!(month >= 0 && month <= 11) || day < 1 || day > daysInMonth(year, month + 1)) return NaN;
  return daysOf(year, month + 1, day) * DAY_MS;
}

/** Days in each month of a common year (index 1–12). */
const MONTH_DAYS = Int32Array.from([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);

/** The digit at text[i] as 0–9; anything else is above 9. Past the end it is 0: callers check the length first. */
function digitAt(text: string, i: number): number {
  return (text.charCodeAt(i) - 48) >>> 0;
}

/**
 * ISO 8601 `YYYY-MM-DD` and `YYYY-MM-DD[T ]HH:MM[:SS[.fff…]][Z|±HH[:]MM]`, by hand (10× faster than regex +
 * Date.parse). Every fixed position is read as a digit at once and tested together: this runs once per cell
 * of a datetime column.
 */
function parseIso(text: string): number {
  const n = text.length;
  if (n < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return NaN;
  const y0 = digitAt(text, 0);
  const y1 = digitAt(text, 1);
  const y2 = digitAt(text, 2);
  const y3 = digitAt(text, 3);
  const m0 = digitAt(text, 5);
  const m1 = digitAt(text, 6);
  const d0 = digitAt(text, 8);
  const d1 = digitAt(text, 9);
  if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9) return NaN;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12 || day < 1) return NaN;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0;
  if (day > (MONTH_DAYS[month] as number) + leap) return NaN;
  const days = daysOf(year, month, day);
  if (n === 10) return days * DAY_MS;
  const sep = text.charCodeAt(10);
  if ((sep !== 84 && sep !== 116 && sep !== 32) || n < 16 || text.charCodeAt(13) !== 58) return NaN;
  const h0 = digitAt(text, 11);
  const h1 = digitAt(text, 12);
  const i0 = digitAt(text, 14);
  const i1 = digitAt(text, 15);
  if (h0 > 9 || h1 > 9 || i0 > 9 || i1 > 9) return NaN;
  const hour = h0 * 10 + h1;
  const minute = i0 * 10 + i1;
  if (hour > 23 || minute > 59) return NaN;
  let i = 16;
  let second = 0;
  let millis = 0;
  if (i < n && text.charCodeAt(i) === 58) {
    if (n < 19) return NaN;
    const s0 = digitAt(text, 17);
    const s1 = digitAt(text, 18);
    if (s0 > 9 || s1 > 9) return NaN;
    second = s0 * 10 + s1;
    if (second > 59) return NaN;
    i = 19;
    if (i < n && text.charCodeAt(i) === 46) {
      i++;
      let scale = 100;
      const from = i;
      while (i < n) {
        const d = text.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        millis += d * scale;
        scale /= 10;
        i++;
      }
      if (i === from) return NaN;
      millis = Math.floor(millis);
    }
  }
  let offset = 0;
  if (i < n) {
    const z = text.charCodeAt(i);
    if ((z === 90 || z === 122) && i + 1 === n) offset = 0;
    else if (z === 43 || z === 45) {
      const colon = text.charCodeAt(i + 3) === 58 ? 1 : 0;
      if (i + 5 + colon !== n) return NaN;
      const a0 = digitAt(text, i + 1);
      const a1 = digitAt(text, i + 2);
      const b0 = digitAt(text, i + 3 + colon);
      const b1 = digitAt(text, i + 4 + colon);
      if (a0 > 9 || a1 > 9 || b0 > 9 || b1 > 9) return NaN;
      const oh = a0 * 10 + a1;
      const om = b0 * 10 + b1;
      if (oh > 23 || om > 59) return NaN;
      offset = (z === 43 ? 1 : -1) * (oh * 60 + om) * 60_000;
    } else return NaN;
  }
  return days * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + millis - offset;
}

/**
 * Milliseconds since 1970-01-01T00:00:00Z for the date formats SDV recognises in practice: ISO 8601 dates
 * and date-times (no zone = UTC, so the result never depends on the machine's time zone), `YYYY/MM/DD`,
 * `MM/DD/YYYY`, `Jun 12 1998`, `12 Jun 1998`. NaN for anything else.
 */
export function parseDateMs(value: unknown): number {
  if (typeof value !== 'string') return NaN;
  const c = value.charCodeAt(0);
  if (c >= 48 && c <= 57 && value.charCodeAt(4) === 45) return parseIso(value);
  const text = value.trim();
  if (text !== value) return parseDateMs(text);
  let m = SLASH_YMD.exec(text);
  if (m) return utc(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  m = SLASH_MDY.exec(text);
  if (m) return utc(Number(m[3]), Number(m[1]) - 1, Number(m[2]));
  m = MONTH_DAY_YEAR.exec(text);
  if (m) return utc(Number(m[3]), monthIndex(m[1] as string), Number(m[2]));
  m = DAY_MONTH_YEAR.exec(text);
  if (m) return utc(Number(m[3]), monthIndex(m[2] as string), Number(m[1]));
  return NaN;
}

/** The text a category is compared by: strings as they are, numbers and booleans as JSON writes them. */
export function toCategory(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return canonicalJson(value);
}

/** 'true' / 'false' from a boolean or its text (any case); null for anything else. */
export function toBooleanKey(value: unknown): string | null {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true' || lower === 'false') return lower;
  }
  return null;
}

export type JsonTypeName = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

export function jsonType(value: unknown): JsonTypeName {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string') return 'string';
  return Array.isArray(value) ? 'array' : 'object';
}

/** The value at a dotted column path: the key itself first (flat CSV rows), else walking nested objects. */
export function cellAt(row: unknown, path: string, parts: readonly string[]): unknown {
  if (!isPlainObject(row)) return undefined;
  const direct = row[path];
  if (direct !== undefined || parts.length === 1) return direct;
  let node: unknown = row;
  for (const part of parts) {
    if (!isPlainObject(node)) return undefined;
    node = node[part];
  }
  return node;
}

// ------------------------------------------------------------------------------------- name rules

// sdv.metadata.SingleTableMetadata._REFERENCE_TO_SDTYPE: names SDV reads as personal data.
const PII_ANYWHERE = [
  'phonenumber',
  'email',
  'firstname',
  'lastname',
  'countrycode',
  'stateabbr',
  'postalcode',
  'zipcode',
  'postcode',
  'streetaddress',
  'line1',
  'secondaryaddress',
  'line2',
  'latitude',
  'longitude',
  'ipv4',
  'ipv6',
  'ipaddress',
  'macaddress',
  'useragent',
  'iban',
  'swift',
  'creditcardnumber',
  'licenseplate',
  'license',
];
const PII_TOKENS = ['ssn', 'administativeunit', 'state', 'province', 'city', 'vin'];

/** SDV's column-name tokenizer: split on space, `_`, `-`, else on camelCase; lower case. */
export function nameTokens(name: string): string[] {
  let tokens = name.replace(/ /g, '_').replace(/-/g, '_').split('_');
  if (tokens.length === 1) {
    tokens = [];
    if (name.toUpperCase() !== name && name.slice(1).toLowerCase() !== name.slice(1)) tokens = name.match(/[A-Z][^A-Z]*/g) ?? [];
  }
  if (tokens.length === 0) tokens = [name];
  return tokens.map((t) => t.toLowerCase());
}

/** 'pii' or 'id' when the column name alone says so (SDV's _detect_pii_column / _detect_id_column). */
export function kindFromName(name: string): 'pii' | 'id' | undefined {
  const leaf = name.includes('.') ? (name.split('.').pop() as string) : name;
  const cleaned = leaf.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (PII_ANYWHERE.some((reference) => cleaned.includes(reference))) return 'pii';
  const tokens = nameTokens(leaf);
  if (PII_TOKENS.some((reference) => tokens.includes(reference))) return 'pii';
  if (tokens.includes('id')) return 'id';
  return undefined;
}

// --------------------------------------------------------------------------------- kinds from data

export interface KindGuess {
  readonly kind: ColumnKind;
  /** Why, in a few words (for the report). */
  readonly reason: string;
  /** Could be the table's primary key (SDV: unique, no nulls, whole non-negative numbers or plain text). */
  readonly keyCandidate: boolean;
}

/**
 * A column's kind from its values, as SDV decides it: booleans → boolean; numbers → categorical when whole,
 * non-negative and with at most min(round(n/10), 10) distinct values (n > 5), else numerical; strings that
 * all parse as dates → datetime; other strings → categorical, or text above `categoryCap` distinct values.
 * Mixed numbers and strings are categorical (every value compared by its text).
 */
export function guessKind(name: string, values: readonly unknown[], categoryCap: number): KindGuess {
  const present = values.filter((v) => v !== null && v !== undefined);
  const n = values.length;
  const fromName = kindFromName(name);
  // Every present value distinct, and none missing: stops at the first repeat (most columns repeat early).
  const allDistinct = (): boolean => {
    if (present.length !== n || n <= 5) return false;
    const seen = new Set<unknown>();
    for (const v of present) {
      const key = typeof v === 'object' ? canonicalJson(v) : v;
      if (seen.has(key)) return false;
      seen.add(key);
    }
    return true;
  };
  if (present.length === 0) return { kind: fromName ?? 'empty', reason: 'no values', keyCandidate: false };
  if (present.some((v) => typeof v === 'object')) return { kind: 'other', reason: 'arrays or objects', keyCandidate: false };
  if (fromName !== undefined) return { kind: fromName, reason: `the name "${name}"`, keyCandidate: allDistinct() };
  if (present.every((v) => toBooleanKey(v) !== null) && present.some((v) => typeof v === 'boolean' || typeof v === 'string'))
    return { kind: 'boolean', reason: 'true/false values', keyCandidate: false };
  if (present.every(looksNumeric)) {
    const numbers = present.map(toNumber);
    const whole = numbers.every(Number.isInteger);
    const nonNegative = numbers.every((x) => x >= 0);
    if (n > 5 && whole && nonNegative) {
      // Distinct values only matter up to the limit: counting stops just past it.
      const limit = Math.min(Math.round(n / 10), 10);
      const distinct = new Set<number>();
      for (const x of numbers) if (distinct.add(x).size > limit) break;
      if (distinct.size <= limit) return { kind: 'categorical', reason: `${distinct.size} distinct whole numbers`, keyCandidate: false };
    }
    return { kind: 'numerical', reason: 'numbers', keyCandidate: whole && nonNegative && allDistinct() };
  }
  if (present.every((v) => typeof v === 'string' && !Number.isNaN(parseDateMs(v))))
    return { kind: 'datetime', reason: 'dates', keyCandidate: false };
  const distinct = new Set(present.map((v) => toCategory(v))).size;
  if (distinct > categoryCap)
    return { kind: 'text', reason: `${distinct} distinct values (more than ${categoryCap})`, keyCandidate: allDistinct() };
  return {
    kind: 'categorical',
    reason: present.some((v) => typeof v !== 'string') ? 'mixed numbers and text' : 'text',
    keyCandidate: allDistinct(),
  };
}

// ------------------------------------------------------------------------------------ the schema

export interface DeclaredDistribution {
  readonly spec: DistributionSpec;
  readonly lo: number;
  readonly hi: number;
  readonly loExclusive: boolean;
  readonly hiExclusive: boolean;
  /** The grid step values are snapped to (1 for integers, the multipleOf), if any. */
  readonly step?: number;
  readonly pointer: string;
}

export interface SchemaColumn {
  readonly name: string;
  readonly pointer: string;
  readonly kind?: ColumnKind;
  /** What in the schema set the kind, for columns it leaves unscored (`x-faker person.fullName`, `x-unique`, …). */
  readonly kindReason?: string;
  readonly types: readonly string[];
  readonly nullable: boolean;
  readonly required: boolean;
  readonly nullRate?: number;
  readonly unique: boolean;
  /** The enum / const values as category texts (null excluded). */
  readonly categories?: readonly string[];
  readonly distribution?: DeclaredDistribution;
}

export interface DeclaredCorrelation {
  readonly columns: readonly [string, string];
  readonly rho: number;
  readonly pointer: string;
}

export interface SchemaColumns {
  readonly columns: SchemaColumn[];
  readonly correlations: DeclaredCorrelation[];
}

function resolveLocal(root: JsonSchema, node: unknown, depth = 0): JsonSchemaObject | undefined {
  if (!isPlainObject(node)) return undefined;
  let s = node as JsonSchemaObject;
  if (typeof s.$ref === 'string' && s.$ref.startsWith('#') && depth < 32) {
    const target = getByPointer(root, decodeURIComponent(s.$ref.slice(1)));
    const resolved = resolveLocal(root, target, depth + 1);
    if (resolved) {
      const { $ref: _ref, ...rest } = s;
      s = { ...resolved, ...rest };
    }
  }
  if (Array.isArray(s.allOf) && depth < 32) {
    let merged: JsonSchemaObject = { ...s };
    delete merged.allOf;
    for (const part of s.allOf) {
      const p = resolveLocal(root, part, depth + 1);
      if (!p) continue;
      merged = {
        ...p,
        ...merged,
        properties: {
          ...(isPlainObject(p.properties) ? p.properties : {}),
          ...(isPlainObject(merged.properties) ? merged.properties : {}),
        },
        required: [...(Array.isArray(p.required) ? p.required : []), ...(Array.isArray(merged.required) ? merged.required : [])],
      };
    }
    s = merged;
  }
  return s;
}

function typesOf(s: JsonSchemaObject): string[] {
  if (typeof s.type === 'string') return [s.type];
  if (Array.isArray(s.type)) return s.type.filter((t): t is string => typeof t === 'string');
  const values = Array.isArray(s.enum) ? s.enum : 'const' in s ? [s.const] : [];
  return [...new Set(values.map((v) => jsonType(v)).map((t) => (t === 'integer' ? 'number' : t)))];
}

function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

const PERSONAL_FORMATS = new Set(['email', 'idn-email', 'ipv4', 'ipv6']);
const ID_FORMATS = new Set(['uuid']);
const TEXT_FORMATS = new Set([
  'uri',
  'uri-reference',
  'iri',
  'iri-reference',
  'hostname',
  'idn-hostname',
  'uri-template',
  'json-pointer',
  'relative-json-pointer',
  'regex',
  'time',
  'duration',
]);

interface SchemaKind {
  readonly kind: ColumnKind;
  /** Only for the kinds the quality score leaves out: what in the schema says so. */
  readonly reason?: string;
}

/**
 * Faker methods whose values stand for a person, a place or an account (SDV's pii sdtypes): a comparison of
 * their made-up values with the real ones measures nothing, so they are not scored.
 */
const PERSONAL_FAKER = new Set([
  'person.fullName',
  'person.firstName',
  'person.lastName',
  'person.middleName',
  'person.name',
  'internet.email',
  'internet.exampleEmail',
  'internet.username',
  'internet.userName',
  'internet.displayName',
  'internet.password',
  'internet.ip',
  'internet.ipv4',
  'internet.ipv6',
  'internet.mac',
  'phone.number',
  'phone.imei',
  'location.streetAddress',
  'location.street',
  'location.buildingNumber',
  'location.secondaryAddress',
  'location.zipCode',
  'location.city',
  'location.state',
  'location.county',
  'location.latitude',
  'location.longitude',
  'location.nearbyGPSCoordinate',
  'finance.creditCardNumber',
  'finance.creditCardCVV',
  'finance.iban',
  'finance.bic',
  'finance.accountNumber',
  'finance.routingNumber',
  'finance.pin',
  'finance.bitcoinAddress',
  'finance.ethereumAddress',
  'finance.litecoinAddress',
  'date.birthdate',
  'vehicle.vin',
  'vehicle.vrm',
  'image.avatar',
  'image.avatarGitHub',
]);

/** Faker methods that make keys: distinct by design, nothing to compare. */
const IDENTIFIER_FAKER = new Set([
  'string.uuid',
  'string.nanoid',
  'string.ulid',
  'string.alphanumeric',
  'string.alpha',
  'string.hexadecimal',
  'string.numeric',
  'string.sample',
  'database.mongodbObjectId',
  'git.commitSha',
  'commerce.isbn',
  'commerce.upc',
]);

/**
 * Namespaces whose methods draw numbers, dates, booleans or picks from a list given in the schema: their
 * values have a distribution worth comparing, so the column keeps the kind its type gives it.
 */
const VALUE_FAKER_NAMESPACES = new Set(['helpers', 'number', 'datatype', 'date', 'boolean', 'color', 'science']);

/** The faker method an `x-faker` (or json-schema-faker's `faker`) value names: `"a.b"` or `{"a.b": args}`. */
export function fakerMethod(s: JsonSchemaObject): string | undefined {
  const raw = s['x-faker'] ?? s.faker;
  if (typeof raw === 'string') return raw;
  if (isPlainObject(raw)) {
    const keys = Object.keys(raw);
    if (keys.length === 1) return keys[0];
  }
  return undefined;
}

/** The unscored kind an `x-faker` method gives a column of these types, if any. */
function kindFromFaker(method: string, types: readonly string[]): SchemaKind | undefined {
  if (PERSONAL_FAKER.has(method)) return { kind: 'pii', reason: `x-faker ${method}` };
  if (IDENTIFIER_FAKER.has(method)) return { kind: 'id', reason: `x-faker ${method}` };
  const nonNull = types.filter((t) => t !== 'null');
  // Numbers stay numbers whatever made them (number.int, finance.amount on a number column): SDV's numerical.
  if (nonNull.length !== 1 || nonNull[0] !== 'string') return undefined;
  if (VALUE_FAKER_NAMESPACES.has(method.split('.')[0] as string)) return undefined;
  return { kind: 'text', reason: `x-faker ${method}` };
}

function kindFromSchema(s: JsonSchemaObject, types: string[]): SchemaKind | undefined {
  const nonNull = types.filter((t) => t !== 'null');
  const values = Array.isArray(s.enum) ? s.enum : 'const' in s ? [s.const] : undefined;
  if (values !== undefined) {
    const present = values.filter((v) => v !== null);
    return { kind: present.length > 0 && present.every((v) => typeof v === 'boolean') ? 'boolean' : 'categorical' };
  }
  if (s['x-unique'] === true) return { kind: 'id', reason: 'x-unique' };
  const method = fakerMethod(s);
  const faker = method === undefined ? undefined : kindFromFaker(method, types);
  if (faker !== undefined) return faker;
  if (nonNull.length === 0) return undefined;
  if (nonNull.every((t) => t === 'integer' || t === 'number')) return { kind: 'numerical' };
  if (nonNull.length === 1 && nonNull[0] === 'boolean') return { kind: 'boolean' };
  if (nonNull.every((t) => t === 'array' || t === 'object')) return { kind: 'other' };
  if (nonNull.length === 1 && nonNull[0] === 'string') {
    const format = typeof s.format === 'string' ? s.format : undefined;
    if (format === 'date' || format === 'date-time') return { kind: 'datetime' };
    if (format !== undefined && PERSONAL_FORMATS.has(format)) return { kind: 'pii', reason: `format: ${format}` };
    if (format !== undefined && ID_FORMATS.has(format)) return { kind: 'id', reason: `format: ${format}` };
    if (format !== undefined && TEXT_FORMATS.has(format)) return { kind: 'text', reason: `format: ${format}` };
  }
  return undefined;
}

/** infer's safe generators (x-model `"generator": "semantic"`) by the kind of column they stand in for. */
const SEMANTIC_KINDS: Readonly<Record<string, ColumnKind>> = {
  fullName: 'pii',
  firstName: 'pii',
  lastName: 'pii',
  username: 'pii',
  email: 'pii',
  phone: 'pii',
  streetAddress: 'pii',
  secondaryAddress: 'pii',
  zip: 'pii',
  ssn: 'pii',
  creditCard: 'pii',
  iban: 'pii',
  ipv4: 'pii',
  ipv6: 'pii',
  mac: 'pii',
  birthDate: 'pii',
  uuid: 'id',
  identifier: 'id',
  url: 'text',
  text: 'text',
};

/**
 * The columns a root `x-model` (what `infer` writes) fills from a safe generator instead of the sample's
 * values, by dotted name. Read leniently: a model this cannot read tags nothing (generation reports it).
 */
function semanticColumns(schema: JsonSchema): Map<string, { kind: ColumnKind; reason: string }> {
  const out = new Map<string, { kind: ColumnKind; reason: string }>();
  if (!isPlainObject(schema)) return out;
  const model = (schema as JsonSchemaObject)['x-model'];
  const components = isPlainObject(model) ? model.components : undefined;
  const first = Array.isArray(components) ? components[0] : undefined;
  const columns = isPlainObject(first) ? first.columns : undefined;
  if (!Array.isArray(columns)) return out;
  for (const column of columns) {
    if (!isPlainObject(column) || column.generator !== 'semantic' || typeof column.semantic !== 'string') continue;
    const kind = SEMANTIC_KINDS[column.semantic];
    const path = column.path;
    if (kind === undefined || !Array.isArray(path) || !path.every((p) => typeof p === 'string')) continue;
    out.set(path.join('.'), { kind, reason: `x-model: a safe ${column.semantic} generator, not the sample's values` });
  }
  return out;
}

function declaredDistribution(s: JsonSchemaObject, types: string[], pointer: string): DeclaredDistribution | undefined {
  const raw = s['x-distribution'];
  if (raw === undefined) return undefined;
  const spec = (typeof raw === 'string' ? { type: raw } : raw) as DistributionSpec;
  if (!isPlainObject(spec) || !(DISTRIBUTION_TYPES as readonly string[]).includes(String((spec as { type?: unknown }).type)))
    return undefined;
  let lo = -Infinity;
  let hi = Infinity;
  let loExclusive = false;
  let hiExclusive = false;
  const minimum = asNumber(s.minimum);
  const maximum = asNumber(s.maximum);
  if (typeof s.exclusiveMinimum === 'boolean') {
    if (minimum !== undefined) [lo, loExclusive] = [minimum, s.exclusiveMinimum];
  } else {
    if (minimum !== undefined) lo = minimum;
    const ex = asNumber(s.exclusiveMinimum);
    if (ex !== undefined && ex >= lo) [lo, loExclusive] = [ex, true];
  }
  if (typeof s.exclusiveMaximum === 'boolean') {
    if (maximum !== undefined) [hi, hiExclusive] = [maximum, s.exclusiveMaximum];
  } else {
    if (maximum !== undefined) hi = maximum;
    const ex = asNumber(s.exclusiveMaximum);
    if (ex !== undefined && ex <= hi) [hi, hiExclusive] = [ex, true];
  }
  const multipleOf = asNumber(s.multipleOf);
  const integer = types.includes('integer') && !types.includes('number');
  const grid = gridFor(multipleOf === undefined ? [] : [multipleOf], integer);
  const step = grid === undefined ? undefined : grid.numerator / grid.scale;
  return { spec, lo, hi, loExclusive, hiExclusive, ...(step === undefined ? {} : { step }), pointer: `${pointer}/x-distribution` };
}

function parseCorrelations(value: unknown, prefix: string, pointer: string, out: DeclaredCorrelation[]): void {
  const name = (field: unknown): string => (prefix === '' ? String(field) : `${prefix}.${String(field)}`);
  if (Array.isArray(value)) {
    value.forEach((entry, i) => {
      if (!isPlainObject(entry) || !Array.isArray(entry.fields) || entry.fields.length !== 2 || typeof entry.rho !== 'number') return;
      out.push({ columns: [name(entry.fields[0]), name(entry.fields[1])], rho: entry.rho, pointer: `${pointer}/x-correlations/${i}` });
    });
  } else if (isPlainObject(value)) {
    for (const [a, row] of Object.entries(value)) {
      if (!isPlainObject(row)) continue;
      for (const [b, rho] of Object.entries(row)) {
        if (typeof rho === 'number') out.push({ columns: [name(a), name(b)], rho, pointer: `${pointer}/x-correlations/${a}/${b}` });
      }
    }
  }
}

/**
 * The leaf columns a row schema declares (nested object properties as dotted paths, in declaration order),
 * with what it says about each: kind, nullability, `x-nullRate`, `x-unique`, enum values, `x-distribution`
 * with its bounds; and the root's (and nested objects') `x-correlations`. Local `$ref`s and `allOf` are
 * followed; anything else is left to Ajv (validity).
 */
export function schemaColumns(schema: JsonSchema): SchemaColumns {
  const columns: SchemaColumn[] = [];
  const correlations: DeclaredCorrelation[] = [];
  const semantic = semanticColumns(schema);
  const walk = (node: unknown, prefix: string, pointer: string, depth: number): void => {
    const s = resolveLocal(schema, node);
    if (!s || depth > 16) return;
    if (s['x-correlations'] !== undefined) parseCorrelations(s['x-correlations'], prefix, pointer, correlations);
    const properties = isPlainObject(s.properties) ? (s.properties as Record<string, unknown>) : {};
    const required = new Set(Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string') : []);
    for (const [key, child] of Object.entries(properties)) {
      const name = prefix === '' ? key : `${prefix}.${key}`;
      const childPointer = `${pointer}/properties/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const c = resolveLocal(schema, child);
      if (!c) continue;
      const types = typesOf(c);
      if (isPlainObject(c.properties) && (types.length === 0 || types.includes('object'))) {
        walk(c, name, childPointer, depth + 1);
        continue;
      }
      const values = Array.isArray(c.enum) ? c.enum : 'const' in c ? [c.const] : undefined;
      // infer's tag wins over the type (an integer identifier, a birth date) unless the type already excludes it.
      const tagged = semantic.get(name);
      const own = kindFromSchema(c, types);
      const declared = tagged !== undefined && (own === undefined || isModelled(own.kind)) ? tagged : own;
      const kind = declared?.kind;
      const nullRate = asNumber(c['x-nullRate']);
      const distribution = declaredDistribution(c, types, childPointer);
      const categories = values?.filter((v): v is JsonValue => v !== null).map((v) => toCategory(v) as string);
      columns.push({
        name,
        pointer: childPointer,
        ...(kind === undefined ? {} : { kind }),
        ...(declared?.reason === undefined ? {} : { kindReason: declared.reason }),
        types,
        nullable: types.includes('null') || (values?.includes(null) ?? false),
        required: required.has(key),
        ...(nullRate === undefined ? {} : { nullRate }),
        unique: c['x-unique'] === true,
        ...(categories === undefined ? {} : { categories: [...new Set(categories)] }),
        ...(distribution === undefined ? {} : { distribution }),
      });
    }
  };
  walk(schema, '', '', 0);
  return { columns, correlations };
}
