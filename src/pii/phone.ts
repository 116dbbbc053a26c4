/**
 * Phone numbers: a cheap shape test here, then libphonenumber-js (max metadata: per-country number plans and
 * number types) decides whether the digits are a valid number of some country. The library is loaded on the
 * first candidate that needs it (it carries ~150 KB of metadata), so importing the scanner stays cheap.
 */
import { createRequire } from 'node:module';
import type * as Libphonenumber from 'libphonenumber-js/max';

type Lib = typeof Libphonenumber;
let lib: Lib | undefined;

function phoneLib(): Lib {
  lib ??= createRequire(import.meta.url)('libphonenumber-js/max') as Lib;
  return lib;
}

/** How a candidate is written; decides the base confidence. */
export type PhoneForm = 'international' | 'e164' | 'nanp' | 'national' | 'bare' | 'local';

/**
 * Countries tried, in order, for a national number with a trunk `0` (written without `+`). Outside NANP a
 * national number is ambiguous; these cover the corpus's countries and Presidio's default regions.
 */
export const NATIONAL_REGIONS = ['GB', 'DE', 'FR', 'IT', 'NL', 'BE', 'AT', 'CH', 'AU', 'JP', 'IN', 'IE', 'SE', 'ES', 'BR', 'MX'] as const;

const PHONE_CHARS = /^[+(]?[\d\s().\-/]+(?:\s*(?:x|ext\.?|extension|#)\s*\d{1,6})?$/i;
const NANP_SHAPE = /^(?:\+?1[\s.-]?)?(?:\([2-9]\d{2}\)\s?|[2-9]\d{2}[\s.-])[2-9]\d{2}[\s.-]\d{4}(?:\s*(?:x|ext\.?|#)\s*\d{1,6})?$/i;
const NANP_BARE = /^1?[2-9]\d{2}[2-9]\d{6}$/;
// Look-alikes that share the character set: dates, times, versions, decimals, ZIP+4, SSN shape, IPv4, card groups.
const NOT_PHONE =
  /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d+\.\d+(?:\.\d+)*|\d{5}-\d{4}|\d{3}-\d{2}-\d{4}|\d{4}([\s-])\d{4}\1\d{4}(?:\1\d{1,7})?|\d{4}([\s-])\d{6}\2\d{4,5})$/;

/** The written form of a phone-shaped string, or undefined when it cannot be a phone number. */
export function phoneForm(text: string, digits: number): PhoneForm | undefined {
  if (digits < 7 || digits > 15 || !PHONE_CHARS.test(text)) return undefined;
  const compact = text.replace(/[\s().\-/]/g, '');
  if (/^(\d)\1+$/.test(compact)) return undefined;
  if (text.startsWith('+')) return /^\+\d+$/.test(text) ? 'e164' : 'international';
  if (compact.startsWith('00')) return 'international';
  if (NANP_SHAPE.test(text)) return 'nanp';
  if (NOT_PHONE.test(text)) return undefined;
  if (/^\d+$/.test(text)) return 'bare';
  if (text.startsWith('0') || text.startsWith('(0')) return 'national';
  // Grouped digits with no country to infer: a phone only where the column says so (see validPhoneRegion).
  return /^1?[-. ]?\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}$/.test(text) ? undefined : 'local';
}

/** The region (ISO 3166 alpha-2, or '001' for non-geographic) of a valid number, or undefined when invalid. */
export function validPhoneRegion(text: string, form: PhoneForm): string | undefined {
  const { parsePhoneNumberFromString } = phoneLib();
  const clean = text.replace(/\s*(?:x|ext\.?|extension|#)\s*\d{1,6}$/i, '');
  if (form === 'international' || form === 'e164') {
    const normalized = clean.startsWith('+') ? clean : `+${clean.replace(/^[\s(]*00/, '')}`;
    const parsed = parsePhoneNumberFromString(normalized);
    return parsed?.isValid() === true ? (parsed.country ?? '001') : undefined;
  }
  const digits = clean.replace(/\D/g, '');
  if (form === 'nanp' || (form === 'bare' && NANP_BARE.test(digits))) {
    const parsed = parsePhoneNumberFromString(clean, 'US');
    if (parsed?.isValid() === true) return parsed.country ?? 'US';
    if (form === 'nanp') return undefined;
  }
  // No trunk prefix and no country code: nothing to validate against. Callers accept these only in a column
  // named for phones, as phone-shaped values of an unknown region.
  if (!digits.startsWith('0')) return form === 'bare' || form === 'local' ? 'ZZ' : undefined;
  for (const region of NATIONAL_REGIONS) {
    const parsed = parsePhoneNumberFromString(clean, region);
    if (parsed?.isValid() === true && parsed.country === region) return region;
  }
  return form === 'national' && !/^0+$/.test(digits) ? 'ZZ' : undefined;
}
