/**
 * Spaces that belong to no one.
 *
 * One table, read by two sides: the generator draws PII-shaped values (emails, phones, SSNs, card numbers,
 * IPs, MACs, IBANs) only from these spaces, and the PII scanner asks the predicates below whether a value it
 * found lies in one of them, so a value we generated is never reported as a leak and a value outside them is
 * never excused. Keeping the data in one place (as faker keeps its definitions apart from its logic) means a
 * range added here is at once generated and recognised.
 *
 * Every entry names its authority. Ranges are included only where the reservation is published by that
 * authority; where memory of a list was not certain (e.g. the full ACMA list of fictional mobiles, Ofcom's
 * Northern Ireland drama block) the entry is left out rather than guessed, because a wrong "safe" range would
 * make the scanner excuse a real person's number. See docs/safe-ranges.md.
 */

export interface SafeSource {
  /** Body that made the reservation (IETF, NANPA, Ofcom, ACMA, SSA/IRS, a payment processor, SWIFT). */
  readonly authority: string;
  /** Document or page: an RFC number, a numbering plan, a published test-card list. */
  readonly reference: string;
}

const RFC2606: SafeSource = { authority: 'IETF', reference: 'RFC 2606 (Reserved Top Level DNS Names), RFC 6761 §6' };
const RFC6761: SafeSource = { authority: 'IETF', reference: 'RFC 6761 §6 (Special-Use Domain Names)' };
const NANPA: SafeSource = { authority: 'NANPA', reference: 'NANP 555 line numbers: 555-0100 to 555-0199 reserved for fictitious use' };
const OFCOM: SafeSource = { authority: 'Ofcom (UK)', reference: 'Telephone numbers for TV, radio and drama use' };
const ACMA: SafeSource = { authority: 'ACMA (Australia)', reference: 'Phone numbers for use in TV shows, films and creative works' };
const STRIPE: SafeSource = { authority: 'Stripe', reference: 'Stripe docs, Testing: test card numbers' };
const PAYPAL: SafeSource = { authority: 'PayPal / Braintree', reference: 'Published sandbox test credit card numbers' };
const SWIFT_IBAN: SafeSource = { authority: 'SWIFT', reference: 'IBAN Registry (ISO 13616) per-country example IBAN' };

// ---------------------------------------------------------------------------------------------------------
// Email domains and hostnames
// ---------------------------------------------------------------------------------------------------------

export interface SafeDomain {
  /** `domain`: this name and every name under it; `tld`: every name under this top-level label. */
  readonly kind: 'domain' | 'tld';
  readonly value: string;
  /** Concrete names the generator uses under this entry (empty: recognised, never generated). */
  readonly generate: readonly string[];
  readonly purpose: string;
  readonly source: SafeSource;
}

export const SAFE_DOMAINS: readonly SafeDomain[] = [
  { kind: 'domain', value: 'example.com', generate: ['example.com'], purpose: 'documentation second-level domain', source: RFC2606 },
  { kind: 'domain', value: 'example.org', generate: ['example.org'], purpose: 'documentation second-level domain', source: RFC2606 },
  { kind: 'domain', value: 'example.net', generate: ['example.net'], purpose: 'documentation second-level domain', source: RFC2606 },
  { kind: 'tld', value: 'example', generate: ['mail.example', 'shop.example'], purpose: 'documentation TLD', source: RFC2606 },
  { kind: 'tld', value: 'test', generate: ['acme.test', 'inbox.test'], purpose: 'testing TLD, never delegated', source: RFC6761 },
  { kind: 'tld', value: 'invalid', generate: [], purpose: 'names that must never resolve', source: RFC6761 },
  { kind: 'tld', value: 'localhost', generate: [], purpose: 'loopback names', source: RFC6761 },
];

// ---------------------------------------------------------------------------------------------------------
// Telephone numbers
// ---------------------------------------------------------------------------------------------------------

export interface SafePhoneRange {
  readonly region: 'NANP' | 'GB' | 'AU';
  /** E.164 country calling code, no `+`. */
  readonly callingCode: string;
  /** National trunk prefix dialled before the national significant number ('' for NANP, which uses `1`). */
  readonly trunkPrefix: string;
  /**
   * NANP only: the range is the 7-digit subscriber part (exchange + line) under ANY area code, as NANPA
   * reserves 555-01XX in every NPA. Elsewhere from/to are whole national significant numbers.
   */
  readonly anyAreaCode: boolean;
  /** Inclusive bounds, equal-length digit strings (so string comparison is numeric comparison). */
  readonly from: string;
  readonly to: string;
  /** How the range is written nationally, for docs and error messages. */
  readonly display: string;
  readonly source: SafeSource;
}

const ofcomGeo = (display: string, nsnPrefix: string): SafePhoneRange => ({
  region: 'GB',
  callingCode: '44',
  trunkPrefix: '0',
  anyAreaCode: false,
  from: `${nsnPrefix}000`,
  to: `${nsnPrefix}999`,
  display,
  source: OFCOM,
});

const acmaLandline = (area: string, exchange: string): SafePhoneRange => ({
  region: 'AU',
  callingCode: '61',
  trunkPrefix: '0',
  anyAreaCode: false,
  from: `${area}${exchange}0000`,
  to: `${area}${exchange}9999`,
  display: `0${area} ${exchange} 0000 to 0${area} ${exchange} 9999`,
  source: ACMA,
});

const acmaMobile = (from: string, to: string, display: string): SafePhoneRange => ({
  region: 'AU',
  callingCode: '61',
  trunkPrefix: '0',
  anyAreaCode: false,
  from,
  to,
  display,
  source: ACMA,
});

export const SAFE_PHONE_RANGES: readonly SafePhoneRange[] = [
  {
    region: 'NANP',
    callingCode: '1',
    trunkPrefix: '',
    anyAreaCode: true,
    from: '5550100',
    to: '5550199',
    display: '(NPA) 555-0100 to (NPA) 555-0199',
    source: NANPA,
  },
  ofcomGeo('07700 900000 to 07700 900999 (mobile)', '7700900'),
  ofcomGeo('020 7946 0000 to 020 7946 0999 (London)', '2079460'),
  ofcomGeo('01632 960000 to 01632 960999 (no area)', '1632960'),
  ofcomGeo('0113 496 0000 to 0113 496 0999 (Leeds)', '1134960'),
  ofcomGeo('0114 496 0000 to 0114 496 0999 (Sheffield)', '1144960'),
  ofcomGeo('0115 496 0000 to 0115 496 0999 (Nottingham)', '1154960'),
  ofcomGeo('0116 496 0000 to 0116 496 0999 (Leicester)', '1164960'),
  ofcomGeo('0117 496 0000 to 0117 496 0999 (Bristol)', '1174960'),
  ofcomGeo('0118 496 0000 to 0118 496 0999 (Reading)', '1184960'),
  ofcomGeo('0121 496 0000 to 0121 496 0999 (Birmingham)', '1214960'),
  ofcomGeo('0131 496 0000 to 0131 496 0999 (Edinburgh)', '1314960'),
  ofcomGeo('0141 496 0000 to 0141 496 0999 (Glasgow)', '1414960'),
  ofcomGeo('0161 496 0000 to 0161 496 0999 (Manchester)', '1614960'),
  ofcomGeo('0191 498 0000 to 0191 498 0999 (Tyneside)', '1914980'),
  ofcomGeo('029 2018 0000 to 029 2018 0999 (Cardiff)', '2920180'),
  ofcomGeo('08081 570000 to 08081 570999 (freephone)', '8081570'),
  ofcomGeo('0909 879 0000 to 0909 879 0999 (premium rate)', '9098790'),
  ofcomGeo('03069 990000 to 03069 990999 (UK-wide)', '3069990'),
  // ACMA publishes individual fictional mobiles, not a block: 0491 570 006 to 0491 570 159 as a RANGE would
  // take in allocatable numbers. Only the listed ones we are sure of are here.
  acmaMobile('491570006', '491570006', '0491 570 006 (mobile)'),
  acmaMobile('491570156', '491570159', '0491 570 156 to 0491 570 159 (mobile)'),
  acmaLandline('2', '5550'),
  acmaLandline('2', '7010'),
  acmaLandline('3', '5550'),
  acmaLandline('3', '7010'),
  acmaLandline('7', '5550'),
  acmaLandline('7', '7010'),
  acmaLandline('8', '5550'),
  acmaLandline('8', '7010'),
];

// ---------------------------------------------------------------------------------------------------------
// US Social Security numbers
// ---------------------------------------------------------------------------------------------------------

export interface SsnSpace {
  /** Area numbers (first three digits) the SSA has never issued and will not issue. */
  readonly neverIssuedAreas: readonly (readonly [number, number])[];
  /** A group (middle two digits) of 00 or a serial (last four) of 0000 is never issued. */
  readonly neverIssuedGroup: number;
  readonly neverIssuedSerial: number;
  /** 987-65-4320 to 987-65-4329: the SSA's own numbers for advertisements. */
  readonly advertising: readonly [string, string];
  /**
   * Area 9xx is shared with IRS Individual Taxpayer Identification Numbers (group 50-65, 70-88, 90-92, 94-99)
   * and Adoption Taxpayer IDs (group 93). Those identify real people, so a 9xx value in these groups is NOT safe.
   */
  readonly taxpayerIdGroups: readonly (readonly [number, number])[];
  /** What the generator draws: area 900-999, group 01-49 (no ITIN/ATIN), serial 0001-9999. */
  readonly generate: {
    readonly area: readonly [number, number];
    readonly group: readonly [number, number];
    readonly serial: readonly [number, number];
  };
  readonly source: SafeSource;
}

export const SSN_SPACE: SsnSpace = {
  neverIssuedAreas: [
    [0, 0],
    [666, 666],
    [900, 999],
  ],
  neverIssuedGroup: 0,
  neverIssuedSerial: 0,
  advertising: ['987654320', '987654329'],
  taxpayerIdGroups: [
    [50, 65],
    [70, 88],
    [90, 92],
    [93, 93],
    [94, 99],
  ],
  generate: { area: [900, 999], group: [1, 49], serial: [1, 9999] },
  source: { authority: 'SSA / IRS', reference: 'SSA SSN randomization (area 000, 666, 900-999 never issued); IRS ITIN/ATIN group ranges' },
};

// ---------------------------------------------------------------------------------------------------------
// Payment card numbers
// ---------------------------------------------------------------------------------------------------------

export type CardNetwork = 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb' | 'unionpay';

export interface TestCard {
  readonly number: string;
  readonly network: CardNetwork;
  readonly note: string;
  readonly source: SafeSource;
}

export const TEST_CARDS: readonly TestCard[] = [
  { number: '4242424242424242', network: 'visa', note: 'Visa', source: STRIPE },
  { number: '4000056655665556', network: 'visa', note: 'Visa (debit)', source: STRIPE },
  { number: '5555555555554444', network: 'mastercard', note: 'Mastercard', source: STRIPE },
  { number: '2223003122003222', network: 'mastercard', note: 'Mastercard (2-series)', source: STRIPE },
  { number: '5200828282828210', network: 'mastercard', note: 'Mastercard (debit)', source: STRIPE },
  { number: '5105105105105100', network: 'mastercard', note: 'Mastercard (prepaid)', source: STRIPE },
  { number: '378282246310005', network: 'amex', note: 'American Express', source: STRIPE },
  { number: '371449635398431', network: 'amex', note: 'American Express', source: STRIPE },
  { number: '6011111111111117', network: 'discover', note: 'Discover', source: STRIPE },
  { number: '6011000990139424', network: 'discover', note: 'Discover', source: STRIPE },
  { number: '3056930009020004', network: 'diners', note: 'Diners Club', source: STRIPE },
  { number: '36227206271667', network: 'diners', note: 'Diners Club (14-digit)', source: STRIPE },
  { number: '3566002020360505', network: 'jcb', note: 'JCB', source: STRIPE },
  { number: '6200000000000005', network: 'unionpay', note: 'UnionPay', source: STRIPE },
  { number: '4111111111111111', network: 'visa', note: 'Visa', source: PAYPAL },
  { number: '4012888888881881', network: 'visa', note: 'Visa', source: PAYPAL },
  { number: '378734493671000', network: 'amex', note: 'American Express (corporate)', source: PAYPAL },
  { number: '30569309025904', network: 'diners', note: 'Diners Club', source: PAYPAL },
  { number: '38520000023237', network: 'diners', note: 'Diners Club', source: PAYPAL },
  { number: '3530111333300000', network: 'jcb', note: 'JCB', source: PAYPAL },
];

// ---------------------------------------------------------------------------------------------------------
// IP and MAC addresses
// ---------------------------------------------------------------------------------------------------------

export interface DocumentationIpRange {
  readonly version: 4 | 6;
  readonly cidr: string;
  readonly name: string;
  /** Whether the generator draws from it (the scanner recognises all). */
  readonly generate: boolean;
  readonly source: SafeSource;
}

export const DOCUMENTATION_IP_RANGES: readonly DocumentationIpRange[] = [
  { version: 4, cidr: '192.0.2.0/24', name: 'TEST-NET-1', generate: true, source: { authority: 'IETF', reference: 'RFC 5737' } },
  { version: 4, cidr: '198.51.100.0/24', name: 'TEST-NET-2', generate: true, source: { authority: 'IETF', reference: 'RFC 5737' } },
  { version: 4, cidr: '203.0.113.0/24', name: 'TEST-NET-3', generate: true, source: { authority: 'IETF', reference: 'RFC 5737' } },
  {
    version: 4,
    cidr: '233.252.0.0/24',
    name: 'MCAST-TEST-NET',
    generate: false,
    source: { authority: 'IETF', reference: 'RFC 5771 §9.2, RFC 6676' },
  },
  { version: 6, cidr: '2001:db8::/32', name: 'IPv6 documentation', generate: true, source: { authority: 'IETF', reference: 'RFC 3849' } },
  {
    version: 6,
    cidr: '3fff::/20',
    name: 'IPv6 documentation (expanded)',
    generate: false,
    source: { authority: 'IETF', reference: 'RFC 9637' },
  },
];

/**
 * Address blocks that are not globally routable (IANA special-purpose registries, RFC 6890). An address in one
 * of them points to no one on the Internet, so it is not personal data; the generator emits them only when a
 * schema asks for one (`internet.ipv4({ network: 'private-a' })`). The scanner ignores them: neither a
 * finding nor a synthetic match.
 */
export interface NonPublicIpRange {
  readonly version: 4 | 6;
  readonly cidr: string;
  readonly name: string;
  readonly source: SafeSource;
}

const ietf = (reference: string): SafeSource => ({ authority: 'IETF / IANA', reference });

export const NON_PUBLIC_IP_RANGES: readonly NonPublicIpRange[] = [
  { version: 4, cidr: '0.0.0.0/8', name: '"this network"', source: ietf('RFC 791, RFC 1122 §3.2.1.3') },
  { version: 4, cidr: '10.0.0.0/8', name: 'private', source: ietf('RFC 1918') },
  { version: 4, cidr: '100.64.0.0/10', name: 'shared address space (CGN)', source: ietf('RFC 6598') },
  { version: 4, cidr: '127.0.0.0/8', name: 'loopback', source: ietf('RFC 1122 §3.2.1.3') },
  { version: 4, cidr: '169.254.0.0/16', name: 'link-local', source: ietf('RFC 3927') },
  { version: 4, cidr: '172.16.0.0/12', name: 'private', source: ietf('RFC 1918') },
  { version: 4, cidr: '192.0.0.0/24', name: 'IETF protocol assignments', source: ietf('RFC 6890') },
  { version: 4, cidr: '192.168.0.0/16', name: 'private', source: ietf('RFC 1918') },
  { version: 4, cidr: '198.18.0.0/15', name: 'benchmarking', source: ietf('RFC 2544') },
  { version: 4, cidr: '224.0.0.0/4', name: 'multicast (groups, not hosts)', source: ietf('RFC 5771') },
  { version: 4, cidr: '240.0.0.0/4', name: 'reserved, and 255.255.255.255 broadcast', source: ietf('RFC 1112 §4, RFC 919') },
  { version: 6, cidr: '::/127', name: 'unspecified and loopback', source: ietf('RFC 4291 §2.5.2-2.5.3') },
  { version: 6, cidr: '100::/64', name: 'discard-only', source: ietf('RFC 6666') },
  { version: 6, cidr: 'fc00::/7', name: 'unique local', source: ietf('RFC 4193') },
  { version: 6, cidr: 'fe80::/10', name: 'link-local', source: ietf('RFC 4291 §2.5.6') },
  { version: 6, cidr: 'ff00::/8', name: 'multicast (groups, not hosts)', source: ietf('RFC 4291 §2.7') },
];

export interface DocumentationMacRange {
  /** 12 lowercase hex digits, inclusive bounds. */
  readonly from: string;
  readonly to: string;
  readonly display: string;
  readonly generate: boolean;
  readonly source: SafeSource;
}

export const DOCUMENTATION_MAC_RANGES: readonly DocumentationMacRange[] = [
  {
    from: '00005e005300',
    to: '00005e0053ff',
    display: '00-00-5E-00-53-00 to 00-00-5E-00-53-FF (unicast)',
    generate: true,
    source: { authority: 'IETF / IANA', reference: 'RFC 7042 §2.1.2' },
  },
  {
    from: '01005e901000',
    to: '01005e9010ff',
    display: '01-00-5E-90-10-00 to 01-00-5E-90-10-FF (multicast)',
    generate: false,
    source: { authority: 'IETF / IANA', reference: 'RFC 7042 §2.1.2' },
  },
];

// ---------------------------------------------------------------------------------------------------------
// IBANs
// ---------------------------------------------------------------------------------------------------------

export interface ExampleIban {
  readonly iban: string;
  readonly country: string;
  readonly source: SafeSource;
}

/**
 * Only the published registry examples: there is no reserved IBAN range, and a random checksum-valid IBAN
 * could name a real account, so the generator never invents one.
 */
export const EXAMPLE_IBANS: readonly ExampleIban[] = [
  { iban: 'GB82WEST12345698765432', country: 'GB', source: SWIFT_IBAN },
  { iban: 'DE89370400440532013000', country: 'DE', source: SWIFT_IBAN },
  { iban: 'FR1420041010050500013M02606', country: 'FR', source: SWIFT_IBAN },
  { iban: 'NL91ABNA0417164300', country: 'NL', source: SWIFT_IBAN },
  { iban: 'BE68539007547034', country: 'BE', source: SWIFT_IBAN },
  { iban: 'CH9300762011623852957', country: 'CH', source: SWIFT_IBAN },
  { iban: 'ES9121000418450200051332', country: 'ES', source: SWIFT_IBAN },
  { iban: 'IT60X0542811101000000123456', country: 'IT', source: SWIFT_IBAN },
  { iban: 'AT611904300234573201', country: 'AT', source: SWIFT_IBAN },
];

// ---------------------------------------------------------------------------------------------------------
// Names and street addresses
// ---------------------------------------------------------------------------------------------------------

/**
 * Where the generator's person names and street addresses come from. There is no reserved range for names, so
 * the "space" is the generator's own dictionary: faker's en lists, which faker's authors wrote as invented or
 * generic values. A name or street made only of these tokens, in these shapes, is what our generator emits;
 * the PII scanner loads exactly these lists (src/pii/names.ts) and reports such values as synthetic. A column
 * of real names is still caught, because real names fall outside the lists (see docs/pii.md for the limits).
 */
export interface SyntheticDictionary {
  /** npm package and locale the lists are read from. */
  readonly package: string;
  readonly locale: string;
  /** Definition paths inside the locale (`person.first_name`: every sub-list of it). */
  readonly personLists: readonly string[];
  readonly streetLists: readonly string[];
  readonly source: SafeSource;
}

export const SYNTHETIC_NAME_DICTIONARY: SyntheticDictionary = {
  package: '@faker-js/faker',
  locale: 'en',
  personLists: ['person.first_name', 'person.middle_name', 'person.last_name', 'person.prefix', 'person.suffix'],
  streetLists: ['location.street_name', 'location.street_suffix', 'location.secondary_address', 'location.building_number'],
  source: { authority: 'faker-js', reference: "@faker-js/faker en locale definitions (the generator's name and street data)" },
};

/** The whole table, for the scanner's report and the docs. */
export const SAFE_RANGES = {
  domains: SAFE_DOMAINS,
  phones: SAFE_PHONE_RANGES,
  ssn: SSN_SPACE,
  testCards: TEST_CARDS,
  ipRanges: DOCUMENTATION_IP_RANGES,
  macRanges: DOCUMENTATION_MAC_RANGES,
  ibans: EXAMPLE_IBANS,
} as const;

// ---------------------------------------------------------------------------------------------------------
// Derived lists the generator draws from (computed once, here, so generator and scanner cannot drift)
// ---------------------------------------------------------------------------------------------------------

export const GENERATION_DOMAINS: readonly string[] = SAFE_DOMAINS.flatMap((d) => d.generate);
export const GENERATION_IPV4_PREFIXES: readonly string[] = DOCUMENTATION_IP_RANGES.filter((r) => r.version === 4 && r.generate).map((r) =>
  r.cidr.slice(0, r.cidr.lastIndexOf('.') + 1),
);

// ---------------------------------------------------------------------------------------------------------
// Predicates
// ---------------------------------------------------------------------------------------------------------

/** True for a domain (or hostname) at or under a reserved name. Case-insensitive; a trailing dot is ignored. */
export function isSafeEmailDomain(domain: string): boolean {
  let d = domain.trim().toLowerCase();
  if (d.endsWith('.')) d = d.slice(0, -1);
  if (d === '') return false;
  const lastDot = d.lastIndexOf('.');
  if (SAFE_TLDS.has(lastDot === -1 ? d : d.slice(lastDot + 1))) return true;
  for (const [name, dotted] of SAFE_NAMES) if (d === name || d.endsWith(dotted)) return true;
  return false;
}

const SAFE_TLDS: ReadonlySet<string> = new Set(SAFE_DOMAINS.filter((e) => e.kind === 'tld').map((e) => e.value));
const SAFE_NAMES: readonly (readonly [string, string])[] = SAFE_DOMAINS.filter((e) => e.kind === 'domain').map((e) => [
  e.value,
  `.${e.value}`,
]);

/** Hostnames follow the same reservations as email domains. */
export const isSafeHostname = isSafeEmailDomain;

/** True for `local@domain` whose domain is reserved. */
export function isSafeEmail(address: string): boolean {
  const at = address.lastIndexOf('@');
  return at > 0 && isSafeEmailDomain(address.slice(at + 1));
}

function inPhoneRange(range: SafePhoneRange, nsn: string): boolean {
  if (range.anyAreaCode) {
    // NANP: a 10-digit NSN (valid NPA) or the bare 7-digit local form.
    let sub: string;
    if (nsn.length === 10) {
      if (nsn.charCodeAt(0) < 50 /* '2' */) return false;
      sub = nsn.slice(3);
    } else if (nsn.length === 7) {
      sub = nsn;
    } else {
      return false;
    }
    return sub >= range.from && sub <= range.to;
  }
  return nsn.length === range.from.length && nsn >= range.from && nsn <= range.to;
}

/**
 * True for a telephone number inside a fictional range, written in E.164 (`+442079460123`), international
 * (`0044 20 7946 0123`) or national form (`020 7946 0123`, `(415) 555-0123`). Separators are ignored.
 */
export function isSafePhone(e164OrNational: string): boolean {
  const raw = e164OrNational.trim();
  if (!/^[+(\d][\d\s().\-/]*$/.test(raw)) return false;
  const digits = raw.replace(/\D/g, '');
  let international: string | undefined;
  if (raw.startsWith('+')) international = digits;
  else if (digits.startsWith('00')) international = digits.slice(2);
  if (international !== undefined) {
    for (const range of SAFE_PHONE_RANGES) {
      if (international.startsWith(range.callingCode) && inPhoneRange(range, international.slice(range.callingCode.length))) return true;
    }
    return false;
  }
  for (const range of SAFE_PHONE_RANGES) {
    if (range.anyAreaCode) {
      const nsn = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
      if (inPhoneRange(range, nsn)) return true;
    } else if (digits.startsWith(range.trunkPrefix) && inPhoneRange(range, digits.slice(range.trunkPrefix.length))) {
      return true;
    }
  }
  return false;
}

/**
 * True for an SSN-shaped value (`123-45-6789`, `123 45 6789` or 9 digits) that the SSA never issues: area 000,
 * 666 or 900-999, group 00, serial 0000, or the advertising block, excluding 9xx values shaped like ITINs/ATINs.
 */
export function isSafeSsn(s: string): boolean {
  const m = /^(\d{3})[- ]?(\d{2})[- ]?(\d{4})$/.exec(s.trim());
  if (m === null) return false;
  const area = Number(m[1]);
  const group = Number(m[2]);
  const serial = Number(m[3]);
  const joined = `${m[1]}${m[2]}${m[3]}`;
  if (joined >= SSN_SPACE.advertising[0] && joined <= SSN_SPACE.advertising[1]) return true;
  if (area >= 900 && SSN_SPACE.taxpayerIdGroups.some(([lo, hi]) => group >= lo && group <= hi)) return false;
  if (group === SSN_SPACE.neverIssuedGroup || serial === SSN_SPACE.neverIssuedSerial) return true;
  return SSN_SPACE.neverIssuedAreas.some(([lo, hi]) => area >= lo && area <= hi);
}

/** Luhn (mod 10) check over a digit string. */
export function luhnValid(digits: string): boolean {
  if (!/^\d{2,19}$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

const TEST_CARD_SET: ReadonlySet<string> = new Set(TEST_CARDS.map((c) => c.number));

/** True for a published test PAN (spaces and dashes ignored). */
export function isTestCardNumber(s: string): boolean {
  const digits = s.replace(/[\s-]/g, '');
  return luhnValid(digits) && TEST_CARD_SET.has(digits);
}

/** Parses dotted-quad IPv4 (no leading zeros) to a uint32, or undefined. One pass, no allocation. */
function parseIpv4(s: string): number | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i === s.length ? 46 : s.charCodeAt(i);
    if (c === 46 /* . */) {
      if (digits === 0 || octet > 255 || ++parts > 4) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return undefined; // leading zero
      octet = octet * 10 + (c - 48);
      if (++digits > 3) return undefined;
    } else {
      return undefined;
    }
  }
  return parts === 4 ? value : undefined;
}

/** Parses IPv6 text (with `::` and an embedded IPv4 tail) to 8 groups, or undefined. */
function parseIpv6(s: string): number[] | undefined {
  let text = s.toLowerCase();
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  let tail: number[] = [];
  if (text.includes('.')) {
    const lastColon = text.lastIndexOf(':');
    if (lastColon === -1) return undefined;
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [Math.floor(v4 / 65536), v4 % 65536];
    text = text.slice(0, lastColon + 1);
    // Keep a `::` that ends right before the IPv4 tail; drop a lone separator colon.
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parseGroups(halves[0] ?? '');
  const rest = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (head === undefined || rest === undefined) return undefined;
  const explicit = head.length + rest.length + tail.length;
  if (halves.length === 1) return explicit === 8 ? [...head, ...tail] : undefined;
  if (explicit > 7) return undefined;
  return [...head, ...new Array<number>(8 - explicit).fill(0), ...rest, ...tail];
}

interface ParsedRange {
  readonly version: 4 | 6;
  /** IPv4: network as uint32; IPv6: first groups compared under the prefix mask. */
  readonly v4Net: number;
  readonly v6Groups: readonly number[];
  readonly bits: number;
}

function parseRange(r: { readonly version: 4 | 6; readonly cidr: string }): ParsedRange {
  const [addr = '', bitsText = '0'] = r.cidr.split('/');
  const bits = Number(bitsText);
  return r.version === 4
    ? { version: 4, v4Net: parseIpv4(addr) ?? 0, v6Groups: [], bits }
    : { version: 6, v4Net: 0, v6Groups: parseIpv6(addr) ?? [], bits };
}

const PARSED_RANGES: readonly ParsedRange[] = DOCUMENTATION_IP_RANGES.map(parseRange);
const PARSED_NON_PUBLIC: readonly ParsedRange[] = NON_PUBLIC_IP_RANGES.map(parseRange);

function v4InRange(value: number, range: ParsedRange): boolean {
  const size = 2 ** (32 - range.bits);
  return value >= range.v4Net && value < range.v4Net + size;
}

function v6InRange(groups: readonly number[], range: ParsedRange): boolean {
  let bits = range.bits;
  for (let i = 0; bits > 0; i++, bits -= 16) {
    const take = Math.min(16, bits);
    const mask = (0xffff << (16 - take)) & 0xffff;
    if (((groups[i] ?? 0) & mask) !== ((range.v6Groups[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** True for an IPv4 or IPv6 address in a documentation range (IPv4-mapped IPv6 included). */
export function isDocumentationIp(s: string): boolean {
  const text = s.trim();
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return PARSED_RANGES.some((r) => r.version === 4 && v4InRange(v4, r));
  const groups = parseIpv6(text.replace(/^\[|\]$/g, ''));
  if (groups === undefined) return false;
  if (PARSED_RANGES.some((r) => r.version === 6 && v6InRange(groups, r))) return true;
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (!mapped) return false;
  const embedded = (groups[6] ?? 0) * 65536 + (groups[7] ?? 0);
  return PARSED_RANGES.some((r) => r.version === 4 && v4InRange(embedded, r));
}

export type IpAddressKind = 'documentation' | 'non-public' | 'public';

/**
 * What an IP address is: in a documentation range (safe synthetic), not globally routable (private, loopback,
 * link-local, multicast… — points to no one), or public (could identify a subscriber). Undefined when the
 * text is not an IPv4/IPv6 address. IPv4-mapped IPv6 is judged by its IPv4 part.
 */
export function ipAddressKind(s: string): IpAddressKind | undefined {
  const text = s.trim();
  let v4 = parseIpv4(text);
  let groups: number[] | undefined;
  if (v4 === undefined) {
    groups = parseIpv6(text.replace(/^\[|\]$/g, ''));
    if (groups === undefined) return undefined;
    if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) v4 = (groups[6] ?? 0) * 65536 + (groups[7] ?? 0);
  }
  if (v4 !== undefined) {
    const value = v4;
    if (PARSED_RANGES.some((r) => r.version === 4 && v4InRange(value, r))) return 'documentation';
    return PARSED_NON_PUBLIC.some((r) => r.version === 4 && v4InRange(value, r)) ? 'non-public' : 'public';
  }
  const g = groups as number[];
  if (PARSED_RANGES.some((r) => r.version === 6 && v6InRange(g, r))) return 'documentation';
  return PARSED_NON_PUBLIC.some((r) => r.version === 6 && v6InRange(g, r)) ? 'non-public' : 'public';
}

/** True for a MAC address (`00-00-5E-00-53-01`, `00:00:5e:00:53:01`, `0000.5e00.5301`) in RFC 7042's block. */
export function isDocumentationMac(s: string): boolean {
  const text = s.trim().toLowerCase();
  if (!/^(?:[0-9a-f]{2}([-:])(?:[0-9a-f]{2}\1){4}[0-9a-f]{2}|[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}|[0-9a-f]{12})$/.test(text)) return false;
  const hex = text.replace(/[-:.]/g, '');
  return DOCUMENTATION_MAC_RANGES.some((r) => hex >= r.from && hex <= r.to);
}

/** ISO 13616 mod-97 check on an IBAN (spaces ignored). */
export function ibanChecksumValid(s: string): boolean {
  const iban = s.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    const v = c >= 65 ? c - 55 : c - 48;
    remainder = v >= 10 ? (remainder * 100 + v) % 97 : (remainder * 10 + v) % 97;
  }
  return remainder === 1;
}

const EXAMPLE_IBAN_SET: ReadonlySet<string> = new Set(EXAMPLE_IBANS.map((e) => e.iban));

/** True for one of the published registry example IBANs (spaces and case ignored). */
export function isExampleIban(s: string): boolean {
  return EXAMPLE_IBAN_SET.has(s.replace(/\s/g, '').toUpperCase());
}
