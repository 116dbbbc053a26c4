/**
 * Masking for examples in findings. A masked example keeps the shape a reviewer needs (separators, the first
 * letter of each word, an email's top-level domain, the last two digits of a long number) and nothing that
 * would let the value be recovered: never more than 4 consecutive characters of the original survive.
 */
import type { PiiEntity } from './types.js';

const MAX_LENGTH = 48;

function isLetter(c: string): boolean {
  return c.toLowerCase() !== c.toUpperCase();
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function maskGeneric(raw: string): string {
  const chars = [...raw];
  const totalDigits = chars.filter(isDigit).length;
  const keepDigitsFrom = totalDigits >= 8 ? totalDigits - 2 : Infinity;
  let digitIndex = 0;
  let out = '';
  let prev = ' ';
  let run = 0; // consecutive original characters kept
  for (const c of chars) {
    let keep: boolean;
    if (isDigit(c)) keep = digitIndex++ >= keepDigitsFrom;
    else if (isLetter(c)) keep = !isLetter(prev) && !isDigit(prev);
    else keep = true;
    if (keep && run >= 3 && (isLetter(c) || isDigit(c))) keep = false;
    out += keep ? c : isDigit(c) ? '#' : '*';
    run = keep && (isLetter(c) || isDigit(c)) ? run + 1 : 0;
    prev = c;
  }
  return out;
}

function maskEmail(raw: string): string {
  const at = raw.lastIndexOf('@');
  const local = raw.slice(0, at);
  const labels = raw.slice(at + 1).split('.');
  const tld = labels.pop() ?? '';
  const maskedLabels = labels.map((l) => (l.length === 0 ? l : `${l[0]}${'*'.repeat(Math.min(6, Math.max(2, l.length - 1)))}`));
  return `${local.slice(0, 1)}***@${[...maskedLabels, tld.length <= 4 ? tld : `${tld.slice(0, 1)}***`].join('.')}`;
}

function maskToken(raw: string): string {
  return raw.length <= 8 ? '*'.repeat(raw.length) : `${raw.slice(0, 4)}…${raw.slice(-2)}`;
}

/** The masked form of a raw value for a finding of `entity`. */
export function maskValue(entity: PiiEntity, raw: string): string {
  const value = raw.trim();
  let masked: string;
  if (value.length < 4) masked = '*'.repeat(value.length);
  else if (entity === 'email' && value.includes('@')) masked = maskEmail(value);
  else if (entity === 'btc_address' || entity === 'eth_address') masked = maskToken(value);
  else masked = maskGeneric(value);
  return masked.length > MAX_LENGTH ? `${masked.slice(0, MAX_LENGTH - 1)}…` : masked;
}
