/**
 * Validators: the checksums and issuing rules that turn "has the shape of" into "is a well-formed". Every
 * function takes already-extracted text and answers without allocation-heavy work where it can; the scanner
 * calls them only after a cheap shape test has passed.
 */
import { createHash } from 'node:crypto';
import { luhnValid } from '../core/safe-ranges.js';
import { keccak256Hex } from './keccak.js';

// ---------------------------------------------------------------------------------------------------------
// Payment cards
// ---------------------------------------------------------------------------------------------------------

export type CardIssuer = 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb' | 'unionpay' | 'maestro' | 'mir';

interface IssuerRule {
  readonly issuer: CardIssuer;
  /** Inclusive IIN prefix ranges, as equal-length digit strings. */
  readonly ranges: readonly (readonly [string, string])[];
  readonly lengths: readonly number[];
}

const r = (from: string, to = from): readonly [string, string] => [from, to];
const span = (lo: number, hi: number): number[] => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

/** Issuer identification number ranges and PAN lengths (ISO/IEC 7812 as published by the networks). */
export const CARD_ISSUERS: readonly IssuerRule[] = [
  { issuer: 'visa', ranges: [r('4')], lengths: [13, 16, 19] },
  { issuer: 'mastercard', ranges: [r('51', '55'), r('2221', '2720')], lengths: [16] },
  { issuer: 'amex', ranges: [r('34'), r('37')], lengths: [15] },
  { issuer: 'discover', ranges: [r('6011'), r('644', '649'), r('65'), r('622126', '622925')], lengths: span(16, 19) },
  { issuer: 'diners', ranges: [r('300', '305'), r('3095'), r('36'), r('38', '39')], lengths: span(14, 19) },
  { issuer: 'jcb', ranges: [r('3528', '3589')], lengths: span(16, 19) },
  { issuer: 'unionpay', ranges: [r('62'), r('81')], lengths: span(16, 19) },
  {
    issuer: 'maestro',
    ranges: [r('5018'), r('5020'), r('5038'), r('5893'), r('6304'), r('6759'), r('6761', '6763')],
    lengths: span(12, 19),
  },
  { issuer: 'mir', ranges: [r('2200', '2204')], lengths: span(16, 19) },
];

/** The network whose IIN range and length fit the digits (no Luhn check here), or undefined. */
export function cardIssuer(digits: string): CardIssuer | undefined {
  for (const rule of CARD_ISSUERS) {
    if (!rule.lengths.includes(digits.length)) continue;
    for (const [from, to] of rule.ranges) {
      const prefix = digits.slice(0, from.length);
      if (prefix >= from && prefix <= to) return rule.issuer;
    }
  }
  return undefined;
}

export { luhnValid };

// ---------------------------------------------------------------------------------------------------------
// IBAN
// ---------------------------------------------------------------------------------------------------------

/** IBAN length per country (SWIFT IBAN Registry). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28,
  CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23,
  GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32,
  LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18,
  NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24,
  SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
}; // prettier-ignore

/** The compact IBAN (no spaces, uppercase) when its country length and mod-97 checksum hold, else undefined. */
export function validIban(text: string): string | undefined {
  const iban = text.replace(/[\s-]/g, '').toUpperCase();
  const length = IBAN_LENGTHS[iban.slice(0, 2)];
  if (length === undefined || iban.length !== length || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return undefined;
  let remainder = 0;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    const v = c >= 65 ? c - 55 : c - 48;
    remainder = v >= 10 ? (remainder * 100 + v) % 97 : (remainder * 10 + v) % 97;
  }
  return remainder === 1 ? iban : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// US SSN / ITIN
// ---------------------------------------------------------------------------------------------------------

export type TaxIdKind = 'ssn' | 'itin' | 'atin';

/**
 * What a 9-digit US taxpayer number could be under the issuing rules: an SSN the SSA may have issued (area
 * 001-899 but not 666, group 01-99, serial 0001-9999), an IRS ITIN (9xx, group 50-65, 70-88, 90-92, 94-99)
 * or ATIN (9xx-93), or nothing (never issued). The safe-space predicate isSafeSsn decides the same split.
 */
export function taxIdKind(area: number, group: number, serial: number): TaxIdKind | undefined {
  if (group === 0 || serial === 0) return undefined;
  if (area >= 900) {
    if (group === 93) return 'atin';
    if ((group >= 50 && group <= 65) || (group >= 70 && group <= 88) || (group >= 90 && group <= 92) || group >= 94) return 'itin';
    return undefined;
  }
  if (area === 0 || area === 666) return undefined;
  return 'ssn';
}

// ---------------------------------------------------------------------------------------------------------
// Crypto wallets
// ---------------------------------------------------------------------------------------------------------

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BASE58_INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE58.length; i++) BASE58_INDEX[BASE58.charCodeAt(i)] = i;

function base58Decode(text: string): Uint8Array | undefined {
  const bytes: number[] = []; // little-endian
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const value = c < 128 ? (BASE58_INDEX[c] as number) : -1;
    if (value < 0) return undefined;
    let carry = value;
    for (let j = 0; j < bytes.length; j++) {
      carry += (bytes[j] as number) * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  for (let i = 0; i < text.length && text[i] === '1'; i++) bytes.push(0);
  return Uint8Array.from(bytes.reverse());
}

function sha256(data: Uint8Array): Uint8Array {
  return createHash('sha256').update(data).digest();
}

/** A legacy (P2PKH `1…`) or script (P2SH `3…`) mainnet Bitcoin address with a valid Base58Check checksum. */
export function validBase58Address(text: string): boolean {
  if (text.length < 26 || text.length > 35 || (text[0] !== '1' && text[0] !== '3')) return false;
  const decoded = base58Decode(text);
  if (decoded === undefined || decoded.length !== 25) return false;
  const version = decoded[0];
  if (version !== 0x00 && version !== 0x05) return false;
  const check = sha256(sha256(decoded.subarray(0, 21)));
  for (let i = 0; i < 4; i++) if (check[i] !== decoded[21 + i]) return false;
  return true;
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BECH32_GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function bech32Polymod(values: readonly number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= BECH32_GEN[i] as number;
  }
  return chk >>> 0;
}

/** A mainnet SegWit address (`bc1…`): BIP-173 bech32 for witness v0, BIP-350 bech32m for v1+, right lengths. */
export function validBech32Address(text: string): boolean {
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) return false;
  const s = text.toLowerCase();
  if (!s.startsWith('bc1') || s.length < 14 || s.length > 74) return false;
  const data: number[] = [];
  for (let i = 3; i < s.length; i++) {
    const v = BECH32.indexOf(s[i] as string);
    if (v === -1) return false;
    data.push(v);
  }
  const hrp = [3, 3, 0, 2, 3]; // expand("bc"): high bits [3, 3], 0, low bits [2, 3]
  const mod = bech32Polymod([...hrp, ...data]);
  const version = data[0] as number;
  if (version > 16) return false;
  if (mod !== (version === 0 ? 1 : 0x2bc830a3)) return false;
  // Witness program: 5-bit groups (minus version and 6-char checksum) to bytes.
  const groups = data.length - 7;
  const programBytes = Math.floor((groups * 5) / 8);
  if (version === 0) return programBytes === 20 || programBytes === 32;
  return programBytes >= 2 && programBytes <= 40;
}

export type EthCase = 'checksummed' | 'uniform';

/**
 * An Ethereum address `0x` + 40 hex: 'checksummed' when mixed-case and EIP-55 holds, 'uniform' when all one
 * case (no checksum to test), undefined when mixed-case fails EIP-55 (a typo or not an address).
 */
export function ethAddressCase(text: string): EthCase | undefined {
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) return undefined;
  const body = text.slice(2);
  const lower = body.toLowerCase();
  if (body === lower || body === body.toUpperCase()) return 'uniform';
  const hash = keccak256Hex(new TextEncoder().encode(lower));
  for (let i = 0; i < 40; i++) {
    const c = body.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    const upper = c <= 90;
    if (upper !== parseInt(hash[i] as string, 16) >= 8) return undefined;
  }
  return 'checksummed';
}

// ---------------------------------------------------------------------------------------------------------
// Look-alikes (hard negatives): ISBN
// ---------------------------------------------------------------------------------------------------------

/** ISBN-10 or ISBN-13 (hyphens/spaces allowed) with a valid check digit. */
export function validIsbn(text: string): boolean {
  const s = text.replace(/^ISBN(?:-1[03])?:?\s*/i, '').replace(/[\s-]/g, '');
  if (/^\d{9}[\dXx]$/.test(s)) {
    let sum = 0;
    for (let i = 0; i < 10; i++) sum += (i === 9 && (s[i] === 'X' || s[i] === 'x') ? 10 : Number(s[i])) * (10 - i);
    return sum % 11 === 0;
  }
  if (/^97[89]\d{10}$/.test(s)) {
    let sum = 0;
    for (let i = 0; i < 13; i++) sum += Number(s[i]) * (i % 2 === 0 ? 1 : 3);
    return sum % 10 === 0;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// Dates (for dates of birth)
// ---------------------------------------------------------------------------------------------------------

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
}; // prettier-ignore

function validDay(y: number, m: number, d: number): boolean {
  if (y < 1880 || y > 2030 || m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= (days[m - 1] as number);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const NUMERIC_DATE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/;
const YMD_SLASH = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/;
const NAMED_DATE =
  /^(?:(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]{3,9})\.?,?[\s-]+(\d{4})|([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))$/;

/** True for a calendar date in a common written form (ISO with optional time, d/m/y or m/d/y, named month), years 1880-2030. */
export function parseDate(text: string): boolean {
  const s = text.trim();
  if (s.length < 8 || s.length > 35) return false;
  let m = ISO_DATE.exec(s);
  if (m !== null) return validDay(Number(m[1]), Number(m[2]), Number(m[3]));
  m = NUMERIC_DATE.exec(s);
  if (m !== null) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = Number(m[4]);
    return validDay(y, b, a) || validDay(y, a, b);
  }
  m = YMD_SLASH.exec(s);
  if (m !== null) return validDay(Number(m[1]), Number(m[2]), Number(m[3]));
  m = NAMED_DATE.exec(s);
  if (m !== null) {
    const month = MONTHS[(m[2] ?? m[4] ?? '').toLowerCase()];
    if (month === undefined) return false;
    return validDay(Number(m[3] ?? m[6]), month, Number(m[1] ?? m[5]));
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// MAC addresses
// ---------------------------------------------------------------------------------------------------------

export type MacKind = 'universal' | 'local' | 'group';

/** A MAC in `:`/`-` pairs or Cisco dotted form; its kind from the first octet (I/G and U/L bits). */
export function macKind(text: string): MacKind | undefined {
  const t = text.toLowerCase();
  if (!/^(?:[0-9a-f]{2}([-:])(?:[0-9a-f]{2}\1){4}[0-9a-f]{2}|[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4})$/.test(t)) return undefined;
  const hex = t.replace(/[-:.]/g, '');
  if (/^0+$/.test(hex)) return 'group'; // all-zero: a placeholder, no device
  const first = parseInt(hex.slice(0, 2), 16);
  if (first & 1) return 'group';
  return first & 2 ? 'local' : 'universal';
}
