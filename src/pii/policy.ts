/** The policy (what blocks) and the remediation guide (how to fix each kind of finding). */
import { SdgError } from '../core/errors.js';
import { PII_ENTITIES, type PiiEntity, type PiiPolicy, type PiiScanResult } from './types.js';

export type ResolvedPolicy = PiiScanResult['policy'];

export const DEFAULT_MIN_CONFIDENCE = 0.5;
export const DEFAULT_REPORT_CONFIDENCE = 0.3;
/** Every entity blocks except dates of birth, a quasi-identifier on its own (reported as a warning). */
export const DEFAULT_BLOCK_ENTITIES: readonly PiiEntity[] = PII_ENTITIES.filter((e) => e !== 'date_of_birth');

function checkConfidence(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new SdgError('SDG_ERR_BAD_OPTION', `policy.${name} must be a number from 0 to 1, got ${JSON.stringify(value)}`, {
      pointer: `/policy/${name}`,
      hint: `e.g. ${name === 'minConfidence' ? DEFAULT_MIN_CONFIDENCE : DEFAULT_REPORT_CONFIDENCE}`,
    });
  }
  return value;
}

function checkEntity(value: unknown, pointer: string): PiiEntity {
  if (typeof value !== 'string' || !(PII_ENTITIES as readonly string[]).includes(value)) {
    throw new SdgError('SDG_ERR_BAD_OPTION', `unknown PII entity ${JSON.stringify(value)}`, {
      pointer,
      hint: `use one of ${PII_ENTITIES.join(', ')}`,
    });
  }
  return value as PiiEntity;
}

export function resolvePolicy(policy: PiiPolicy = {}): ResolvedPolicy {
  if (policy.block !== undefined && typeof policy.block !== 'boolean') {
    throw new SdgError('SDG_ERR_BAD_OPTION', 'policy.block must be true or false', { pointer: '/policy/block' });
  }
  const minConfidence = checkConfidence(policy.minConfidence, 'minConfidence') ?? DEFAULT_MIN_CONFIDENCE;
  const reportConfidence = checkConfidence(policy.reportConfidence, 'reportConfidence') ?? DEFAULT_REPORT_CONFIDENCE;
  const blockEntities = (policy.blockEntities ?? DEFAULT_BLOCK_ENTITIES).map((e, i) => checkEntity(e, `/policy/blockEntities/${i}`));
  const allow = (policy.allow ?? []).map((rule, i) => {
    if (rule === null || typeof rule !== 'object' || typeof rule.column !== 'string') {
      throw new SdgError('SDG_ERR_BAD_OPTION', 'policy.allow entries must be {column, entity?}', { pointer: `/policy/allow/${i}` });
    }
    return rule.entity === undefined
      ? { column: rule.column }
      : { column: rule.column, entity: checkEntity(rule.entity, `/policy/allow/${i}/entity`) };
  });
  return { block: policy.block ?? true, minConfidence, reportConfidence: Math.min(reportConfidence, minConfidence), blockEntities, allow };
}

const WHAT: Record<PiiEntity, string> = {
  email: 'real-looking email addresses',
  phone: 'real-looking phone numbers',
  credit_card: 'payment card numbers that pass Luhn and an issuer range but are not published test cards',
  iban: 'IBANs with a valid checksum that are not registry examples',
  us_ssn: 'US Social Security numbers that the SSA may have issued',
  us_itin: 'US taxpayer numbers (ITIN/ATIN)',
  ip_address: 'public IP addresses',
  mac_address: 'device MAC addresses',
  url: 'URLs with credentials or personal paths',
  btc_address: 'Bitcoin addresses with a valid checksum',
  eth_address: 'Ethereum addresses',
  date_of_birth: 'dates of birth',
  person: "people's names",
  street_address: 'street addresses',
  leaked_value: 'values copied verbatim from the reference sample',
  copied_row: 'whole rows copied from the reference sample',
};

const FIX: Record<PiiEntity, string> = {
  email: 'give it `format: email` or `x-faker: internet.email` so values come from example.com/.test domains, or drop it',
  phone: 'give it `x-faker: phone.number` (NANP 555-01XX fictional range) or name it `phone` with no pattern, or drop it',
  credit_card: 'give it `x-faker: finance.creditCardNumber` so values are published test card numbers, or drop it',
  iban: 'give it `x-faker: finance.iban` so values are the IBAN registry examples, or drop it',
  us_ssn:
    'name it `ssn` with no pattern (area 900-999, group 01-49: never issued) or use the pattern `^9[0-9]{2}-[0-4][0-9]-[0-9]{4}$`, or drop it',
  us_itin: 'use the never-issued SSN space (area 9xx, group 01-49) instead of ITIN groups, or drop it',
  ip_address: 'give it `format: ipv4`/`ipv6` so values come from the documentation ranges (192.0.2.0/24, 2001:db8::/32), or drop it',
  mac_address: 'give it `x-faker: internet.mac` (RFC 7042 documentation block 00-00-5E-00-53-xx), or drop it',
  url: 'give it `format: uri` or `x-faker: internet.url` (reserved domains) and keep credentials and user paths out of it, or drop it',
  btc_address: 'no reserved wallet range exists: describe it with a `pattern` (the checksum will not hold), or drop it',
  eth_address: 'no reserved wallet range exists: use an all-zero or all-lowercase `pattern`, or drop it',
  date_of_birth: 'generate it (`format: date` with an `x-distribution`), or keep only the year or an age band',
  person:
    'give it `x-faker: person.fullName` (or name it first_name/last_name/name) so names come from the generator dictionary, or drop it',
  street_address: 'give it `x-faker: location.streetAddress` (or name it street/address), or drop it',
  leaked_value:
    'do not carry sample values into the schema (`enum`, `const`, `default`, `examples`) or the fitted model; regenerate the column from its type or a faker method',
  copied_row: 'regenerate from the schema or the fitted model instead of sampling rows, and check that no column is copied wholesale',
};

const FREE_TEXT_FIX = 'generate the text (`x-faker: lorem.paragraph` or `hacker.phrase`) instead of copying real notes, or drop the column';

/** The guide line for a finding: what the column holds and how to make it synthetic. */
export function remediation(entity: PiiEntity, column: string, where: 'cell' | 'text' | 'cell+text', referenceColumn?: string): string {
  const subject = column === '*' ? 'the data' : `column ${column}`;
  if (entity === 'leaked_value') {
    return `${subject} holds ${WHAT.leaked_value}${referenceColumn !== undefined ? ` (column ${referenceColumn})` : ''}: ${FIX.leaked_value}`;
  }
  if (entity === 'copied_row') return `${subject} holds ${WHAT.copied_row}: ${FIX.copied_row}`;
  if (where === 'text') return `${subject} mentions ${WHAT[entity]} inside free text: ${FREE_TEXT_FIX}`;
  return `${subject} holds ${WHAT[entity]}: ${FIX[entity]}`;
}
