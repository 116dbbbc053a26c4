/**
 * Context words, as Presidio uses them: a column's name raises the confidence of the entity it announces
 * (`phone` for phone numbers) and lowers that of numeric look-alikes when it announces something else
 * (`order_id`, `isbn`, `zip`, `version`). Computed once per column from its dotted path.
 */
import type { PiiEntity } from './types.js';

export interface ColumnContext {
  /** Entities the column name announces. */
  readonly positive: ReadonlySet<PiiEntity>;
  /** The name announces a number that is not personal (ids, amounts, codes, times). */
  readonly numericNegative: boolean;
  /** The name announces free text (notes, comments, descriptions). */
  readonly text: boolean;
  /** The name announces something that is not a person (product, company, city…), for name look-alikes. */
  readonly notPerson: boolean;
  /** Words that matched, for the finding's reasons. */
  readonly words: readonly string[];
}

/** Lowercase word tokens of one path segment: snake, kebab, camelCase and digits split. */
export function nameTokens(segment: string): string[] {
  return segment
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '');
}

type Words = readonly string[];

/** Words that announce an entity: a token equal to one of them, or (5+ letters) contained in the joined name. */
const POSITIVE: Readonly<Partial<Record<PiiEntity, Words>>> = {
  email: ['email', 'mail', 'mailto', 'courriel', 'correo'],
  phone: [
    'phone',
    'telephone',
    'tel',
    'mobile',
    'cell',
    'cellphone',
    'fax',
    'msisdn',
    'whatsapp',
    'telefon',
    'telefono',
    'handy',
    'landline',
  ],
  credit_card: ['card', 'cc', 'pan', 'creditcard', 'ccnumber', 'cardnumber', 'visa', 'mastercard', 'amex'],
  iban: ['iban', 'bankaccount', 'account', 'acct', 'bank'],
  us_ssn: ['ssn', 'social', 'socialsecurity', 'taxpayer', 'tin', 'nationalid'],
  us_itin: ['itin', 'tin', 'taxid', 'taxpayer', 'atin'],
  ip_address: ['ip', 'ipaddress', 'ipv4', 'ipv6', 'clientip', 'remoteip', 'remoteaddr', 'srcip', 'dstip', 'forwarded'],
  mac_address: ['mac', 'macaddress', 'hwaddr', 'bssid', 'ethernet'],
  url: ['url', 'uri', 'link', 'website', 'homepage', 'href', 'profile'],
  btc_address: ['btc', 'bitcoin', 'wallet', 'crypto'],
  eth_address: ['eth', 'ethereum', 'wallet', 'crypto'],
  date_of_birth: ['dob', 'birth', 'birthday', 'birthdate', 'born', 'dateofbirth', 'geburtsdatum', 'nacimiento', 'naissance'],
};

const NUMERIC_NEGATIVE = new Set([
  'id', 'ids', 'order', 'orders', 'invoice', 'isbn', 'sku', 'version', 'ver', 'zip', 'zipcode', 'postal', 'postcode', 'plz',
  'tracking', 'reference', 'ref', 'count', 'qty', 'quantity', 'amount', 'price', 'total', 'timestamp', 'time', 'epoch',
  'created', 'updated', 'serial', 'build', 'batch', 'lot', 'hash', 'checksum', 'uuid', 'guid', 'year', 'latitude',
  'longitude', 'lat', 'lng', 'ts', 'seq', 'sequence', 'index', 'port', 'mcc', 'code', 'sku', 'ean', 'upc', 'gtin',
  'product', 'item', 'transaction', 'txn', 'ticket', 'case', 'shipment', 'parcel', 'confirmation', 'booking',
]); // prettier-ignore

const TEXT_WORDS = new Set([
  'notes', 'note', 'comment', 'comments', 'description', 'desc', 'message', 'messages', 'body', 'text', 'remarks', 'remark',
  'feedback', 'bio', 'summary', 'details', 'content', 'memo', 'reason', 'review', 'transcript', 'narrative', 'subject',
]); // prettier-ignore

/** Tokens that make `name` a person's name. */
const NAME_WORDS = new Set([
  'name', 'names', 'firstname', 'lastname', 'fullname', 'surname', 'givenname', 'forename', 'fname', 'lname', 'middlename',
  'vorname', 'nachname', 'nombre', 'apellido', 'apellidos', 'prenom', 'nom', 'cognome',
]); // prettier-ignore

/** Nouns for a person: a column called just this holds a person (`assignee`, `customer.contact`). */
const PERSON_NOUNS = new Set([
  'customer', 'client', 'contact', 'patient', 'employee', 'person', 'requester', 'requestor', 'assignee', 'owner', 'author',
  'recipient', 'sender', 'spouse', 'guardian', 'manager', 'driver', 'passenger', 'member', 'student', 'teacher', 'beneficiary',
  'holder', 'cardholder', 'signatory', 'nominee', 'kin', 'reporter', 'agent', 'buyer', 'seller', 'tenant', 'landlord',
  'doctor', 'physician', 'nurse', 'applicant', 'candidate', 'accountholder', 'policyholder', 'insured', 'subscriber', 'witness',
]); // prettier-ignore

const NOT_PERSON = new Set([
  'product', 'company', 'merchant', 'vendor', 'brand', 'business', 'org', 'organization', 'organisation', 'file', 'filename',
  'host', 'hostname', 'domain', 'city', 'town', 'country', 'state', 'street', 'category', 'item', 'project', 'team', 'app',
  'application', 'device', 'model', 'event', 'username', 'login', 'handle', 'screen', 'nick', 'nickname', 'tag', 'label',
  'title', 'job', 'department', 'role', 'bank', 'school', 'store', 'shop', 'sku', 'color', 'colour', 'currency', 'status',
  'building', 'region', 'province', 'county', 'district', 'table', 'column', 'field', 'service', 'server', 'queue', 'topic',
  'class', 'type', 'kind', 'group', 'plan', 'course', 'campaign', 'venue', 'location', 'place', 'site', 'channel', 'repo',
  'package', 'module', 'feature', 'metric', 'unit', 'species', 'breed', 'pet', 'animal', 'ship', 'vessel', 'airline', 'hotel',
  'restaurant', 'game', 'song', 'album', 'artist', 'movie', 'book', 'series', 'show', 'image', 'document', 'folder', 'path',
  'bucket', 'key', 'env', 'variable', 'var', 'param', 'parameter', 'attribute', 'option', 'setting', 'font', 'language', 'locale',
]); // prettier-ignore

const STREET_WORDS = new Set([
  'street',
  'streetaddress',
  'address',
  'addr',
  'addressline',
  'line1',
  'line2',
  'residence',
  'domicile',
  'strasse',
  'calle',
  'rue',
]);
const NOT_STREET = new Set([
  'email', 'mail', 'ip', 'ipv4', 'ipv6', 'mac', 'wallet', 'web', 'url', 'btc', 'eth', 'crypto', 'bitcoin', 'ethereum', 'host',
  'server', 'remote', 'memory', 'contract', 'token', 'hw', 'hardware', 'network', 'bind', 'listen', 'proxy', 'gateway',
]); // prettier-ignore

function matchesWord(tokens: readonly string[], joined: string, word: string): boolean {
  return tokens.includes(word) || (word.length >= 5 && joined.includes(word));
}

/** Splits a dotted column path (array steps `[]` removed) into segments of tokens. */
function segments(path: string): string[][] {
  return path
    .split('.')
    .map((s) => nameTokens(s.replace(/\[\]/g, '')))
    .filter((t) => t.length > 0);
}

/**
 * Contexts already read, by path. Reading a column name is most of what a scan costs to set up, and the
 * service scans outputs of the same few schemas again and again; the contexts are never modified.
 */
const CONTEXTS = new Map<string, ColumnContext>();
const MAX_CONTEXTS = 4096;

export function columnContext(path: string): ColumnContext {
  let ctx = CONTEXTS.get(path);
  if (ctx === undefined) {
    ctx = readContext(path);
    if (CONTEXTS.size >= MAX_CONTEXTS) CONTEXTS.clear();
    CONTEXTS.set(path, ctx);
  }
  return ctx;
}

function readContext(path: string): ColumnContext {
  const segs = segments(path);
  const last = segs[segs.length - 1] ?? [];
  const parent = segs[segs.length - 2] ?? [];
  const lastJoined = last.join('');
  const positive = new Set<PiiEntity>();
  const words: string[] = [];
  for (const [entity, list] of Object.entries(POSITIVE) as [PiiEntity, Words][]) {
    const hit = list.find((w) => matchesWord(last, lastJoined, w));
    if (hit !== undefined) {
      positive.add(entity);
      words.push(hit);
    }
  }
  // `email_address`, `ip_address`: the qualifier decides; `address` alone (or `street`) is a street address.
  const streetWord = last.find((t) => STREET_WORDS.has(t)) ?? (STREET_WORDS.has(lastJoined) ? lastJoined : undefined);
  if (streetWord !== undefined && !last.some((t) => NOT_STREET.has(t)) && positive.size === 0) {
    positive.add('street_address');
    words.push(streetWord);
  }
  const notPersonHere = last.some((t) => NOT_PERSON.has(t));
  const nameWord = last.find((t) => NAME_WORDS.has(t)) ?? (NAME_WORDS.has(lastJoined) ? lastJoined : undefined);
  const onlyName = last.every((t) => NAME_WORDS.has(t) || t === 'full' || t === 'display' || t === 'legal');
  const personNoun = last.length > 0 && last.every((t) => PERSON_NOUNS.has(t));
  let person = false;
  if (nameWord !== undefined && !notPersonHere && positive.size === 0) {
    // `name` alone takes its meaning from the parent: `requester.name` yes, `company.name` no.
    person = !(onlyName && parent.some((t) => NOT_PERSON.has(t)));
  } else if (personNoun && positive.size === 0) {
    person = true;
  } else if (last.includes('holder') && !notPersonHere) {
    // `account_holder`, `card_holder`: the person, not the account.
    positive.clear();
    words.length = 0;
    person = true;
  }
  if (person) {
    positive.add('person');
    words.push(nameWord ?? last.join('_'));
  }
  const numericNegative = positive.size === 0 && last.some((t) => NUMERIC_NEGATIVE.has(t));
  const text = last.some((t) => TEXT_WORDS.has(t)) && positive.size === 0;
  const notPerson = notPersonHere || (onlyName && parent.some((t) => NOT_PERSON.has(t)));
  return { positive, numericNegative, text, notPerson, words };
}

/** Presidio's context enhancement: +0.35 for a supporting context word. */
export const CONTEXT_BOOST = 0.35;
/** Penalty when the column name announces a non-personal number. */
export const NEGATIVE_PENALTY = 0.35;

/** Words that, within a few words before a match inside free text, support it. */
export const TEXT_CONTEXT: Readonly<Partial<Record<PiiEntity, RegExp>>> = {
  phone: /\b(?:phone|tel|telephone|mobile|cell|call|fax|ring|text|whatsapp|contact|number|no\.?|#)\W*$/i,
  us_ssn: /\b(?:ssn|social security(?: number| no\.?)?|soc\.? sec\.?|ss#|ss no\.?)\W*$/i,
  us_itin: /\b(?:itin|atin|taxpayer id(?:entification)?(?: number)?|tax id|tin)\W*$/i,
  date_of_birth: /\b(?:born(?: on)?|dob|d\.o\.b\.?|date of birth|birth ?date|birthday|b-day|geb\.?|né(?:e)? le)\W*$/i,
  credit_card: /\b(?:card|cc|credit|debit|visa|mastercard|amex|pan)\b[^.]*$/i,
};
