/**
 * Person names and street addresses: dictionaries, shapes, and compromise for names inside free text.
 *
 * Two dictionaries with two jobs:
 * - the generator's own (faker en, the lists named in core/safe-ranges SYNTHETIC_NAME_DICTIONARY): a name or
 *   street made only of its tokens, in faker's shapes, is what our generator emits, reported as synthetic;
 * - a wider first/last-name lexicon (faker's lists plus compromise's lexicon, which spans many languages),
 *   used to spot name-shaped values in columns whose name says nothing and candidate names in free text.
 *
 * Both are built on first use; compromise (NLP, ~0.5 ms a sentence) is loaded and run only for candidates.
 */
import { createRequire } from 'node:module';
import type nlpType from 'compromise';
import { SYNTHETIC_NAME_DICTIONARY } from '../core/safe-ranges.js';

type Nlp = typeof nlpType;

interface NameData {
  /** Lowercase tokens of the generator's person lists (first, middle, last, prefix, suffix). */
  readonly generatorPerson: ReadonlySet<string>;
  /** The generator's whole street names (`lime grove`) and street suffixes (`ridge`), lowercase. */
  readonly generatorStreets: ReadonlySet<string>;
  readonly generatorSuffixes: ReadonlySet<string>;
  /** Street-type words (faker's suffixes, abbreviations and other languages' words), lowercase without dot. */
  readonly streetTypes: ReadonlySet<string>;
  /** The same lists in faker's own case, for the fast path. */
  readonly exactPerson: ReadonlySet<string>;
  readonly exactStreets: ReadonlySet<string>;
  readonly exactSuffixes: ReadonlySet<string>;
  /**
   * The person lists' words, as written, that `personCell` takes for the generator's (ASCII, name-shaped, in
   * the dictionary), and the subset that may be joined by hyphens (no `.` or `-` of their own): with them a
   * generated name is recognised by set look-ups, without the split, regexes and case folding.
   */
  readonly cellTokens: ReadonlySet<string>;
  readonly cellParts: ReadonlySet<string>;
}

interface Lexicon {
  /** First and last names: faker's lists plus compromise's lexicon (many languages), lowercase, accents folded. */
  readonly firstNames: ReadonlySet<string>;
  readonly lastNames: ReadonlySet<string>;
  /** Everyday words (compromise's lexicon, faker's word lists): a capitalised one is rarely a surname. */
  readonly commonWords: ReadonlySet<string>;
  /** Words that make a capitalised run an organisation or a place (compromise's orgWords/placeWords and more). */
  readonly notPersonWords: ReadonlySet<string>;
  /** Multi-word place names (faker's countries, states, cities, counties), lowercase: `sri lanka`, `new york`. */
  readonly placePhrases: readonly string[];
}

let data: NameData | undefined;
let lexicon: Lexicon | undefined;
let nlp: Nlp | undefined;

const require = createRequire(import.meta.url);

function compromise(): Nlp {
  nlp ??= require('compromise') as Nlp;
  return nlp;
}

function collect(node: unknown, out: string[]): void {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const item of node) collect(item, out);
  else if (node !== null && typeof node === 'object') for (const value of Object.values(node)) collect(value, out);
}

function definitions(paths: readonly string[]): string[] {
  const { faker } = require(`${SYNTHETIC_NAME_DICTIONARY.package}/locale/${SYNTHETIC_NAME_DICTIONARY.locale}`) as {
    faker: { rawDefinitions: Record<string, unknown> };
  };
  const out: string[] = [];
  for (const path of paths) {
    let node: unknown = faker.rawDefinitions;
    for (const part of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
    if (node === undefined) throw new Error(`faker en definition ${path} is missing`);
    collect(node, out);
  }
  return out;
}

const EXTRA_STREET_TYPES = [
  'st', 'str', 'ave', 'av', 'rd', 'blvd', 'dr', 'ln', 'ct', 'pl', 'ter', 'terr', 'hwy', 'pkwy', 'cir', 'sq', 'cres', 'crt',
  'gdns', 'gr', 'pde', 'esp', 'cl', 'mews', 'row', 'wharf', 'close', 'gardens', 'crescent', 'walk', 'hill', 'green', 'rise',
  'parade', 'broadway', 'embankment', 'wynd', 'hwy', 'fwy', 'expy', 'trl', 'aly', 'bnd', 'xing', 'cv', 'pt', 'lndg',
  'boulevard', 'avenue', 'street', 'road', 'lane', 'drive', 'court', 'place', 'square', 'terrace', 'way', 'parkway', 'highway',
  'freeway', 'expressway', 'circle', 'alley', 'quay', 'promenade', 'esplanade', 'grove', 'mall', 'plaza',
]; // prettier-ignore

/** Lowercase, accents removed (`Siobhán` → `siobhan`), possessive dropped. */
export function fold(word: string): string {
  let w = word.toLowerCase();
  if (w.endsWith("'s") || w.endsWith('’s')) w = w.slice(0, -2);
  return /[^\u0000-\u007f]/.test(w) ? w.normalize('NFD').replace(/\p{M}/gu, '') : w;
}

/** The generator's dictionaries (faker en, as listed in SYNTHETIC_NAME_DICTIONARY). */
export function nameData(): NameData {
  if (data !== undefined) return data;
  const lower = (list: readonly string[]): string[] => list.map((s) => s.toLowerCase());
  const person = definitions(SYNTHETIC_NAME_DICTIONARY.personLists);
  const personWords = lower(person).flatMap((s) => [s, ...s.split(/[\s-]/)]);
  const streets = definitions(['location.street_name']);
  const suffixes = definitions(['location.street_suffix']);
  const generatorPerson = new Set(personWords.map((s) => s.replace(/\.$/, '')));
  const cellTokens = new Set<string>();
  const cellParts = new Set<string>();
  for (const word of person.flatMap((s) => s.split(/[\s,]+/))) {
    // ASCII only, so that lower-casing a hyphenated word is lower-casing its parts.
    if (!/^[A-Za-z][A-Za-z'.-]*$/.test(word) || !NAME_TOKEN.test(word)) continue;
    const t = word.toLowerCase().replace(/\.$/, '');
    if (!generatorPerson.has(t) && !PLACEHOLDERS.has(t)) continue;
    cellTokens.add(word);
    if (!/[.-]/.test(word) && generatorPerson.has(t)) cellParts.add(word);
  }
  data = {
    generatorPerson,
    generatorStreets: new Set(lower(streets)),
    generatorSuffixes: new Set(lower(suffixes)),
    streetTypes: new Set([...lower(suffixes), ...EXTRA_STREET_TYPES]),
    exactPerson: new Set(person),
    exactStreets: new Set(streets),
    exactSuffixes: new Set(suffixes),
    cellTokens,
    cellParts,
  };
  return data;
}

const PLACE_WORDS = [
  'saint', 'san', 'santa', 'sao', 'st', 'ste', 'mount', 'mt', 'lake', 'port', 'fort', 'north', 'south', 'east', 'west',
  'northern', 'southern', 'eastern', 'western', 'new', 'upper', 'lower', 'great', 'little', 'isle', 'isles', 'island',
  'islands', 'republic', 'kingdom', 'united', 'territory', 'territories', 'county', 'city', 'state', 'states', 'province',
  'bay', 'river', 'valley', 'beach', 'park', 'street', 'avenue', 'road', 'inc', 'llc', 'ltd', 'gmbh', 'corp', 'co', 'group',
  'sons', 'partners', 'company', 'holdings', 'bank', 'university', 'college', 'school', 'hospital', 'institute', 'foundation',
  'agency', 'association', 'airport', 'station', 'hotel', 'center', 'centre', 'club', 'team', 'department', 'ministry',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april',
  'june', 'july', 'august', 'september', 'october', 'november', 'december', 'christmas', 'easter', 'god', 'lord', 'jesus',
]; // prettier-ignore

const COMMON_WORD_LISTS = [
  'word', 'commerce.product_name', 'commerce.department', 'company.buzz_noun', 'company.buzz_adjective', 'company.buzz_verb',
  'company.adjective', 'company.descriptor', 'company.noun', 'hacker', 'animal.type', 'color.human', 'vehicle.type',
  'food.ingredient', 'food.fruit', 'food.vegetable', 'food.adjective', 'music.genre', 'science.chemical_element',
]; // prettier-ignore

/** The wide name lexicon and everyday words (loads compromise, ~0.5 s the first time). */
export function nameLexicon(): Lexicon {
  if (lexicon !== undefined) return lexicon;
  const firstNames = new Set(definitions(['person.first_name', 'person.middle_name']).map(fold));
  const lastNames = new Set(definitions(['person.last_name']).map(fold));
  const commonWords = new Set<string>();
  for (const phrase of definitions(COMMON_WORD_LISTS.filter((p) => p !== 'science.chemical_element'))) {
    for (const w of phrase.split(/[\s-]+/)) if (w !== '') commonWords.add(fold(w));
  }
  const model = compromise().model() as {
    one?: { lexicon?: Record<string, string | string[]> };
    two?: { orgWords?: Record<string, unknown>; placeWords?: Record<string, unknown> };
  };
  for (const [word, tags] of Object.entries(model.one?.lexicon ?? {})) {
    const tag = Array.isArray(tags) ? tags.join(' ') : tags;
    if (/FirstName|MaleName|FemaleName/.test(tag)) firstNames.add(fold(word));
    else if (/LastName/.test(tag)) lastNames.add(fold(word));
    else if (!/Person|Honorific|Place|Country|City|Region|Organization/.test(tag) && !word.includes(' ')) commonWords.add(fold(word));
  }
  const notPersonWords = new Set([...PLACE_WORDS, ...Object.keys(model.two?.orgWords ?? {}), ...Object.keys(model.two?.placeWords ?? {})]);
  const placePhrases = [
    ...new Set(
      definitions(['location.country', 'location.state', 'location.city_name', 'location.county'])
        .map((p) => fold(p))
        .filter((p) => p.includes(' ')),
    ),
  ];
  lexicon = { firstNames, lastNames, commonWords, notPersonWords, placePhrases };
  return lexicon;
}

// ---------------------------------------------------------------------------------------------------------
// Person names in a cell
// ---------------------------------------------------------------------------------------------------------

const NAME_TOKEN = /^\p{L}[\p{L}\p{M}'’.-]*$/u;
const TITLE_TOKEN = /^\p{Lu}[\p{Ll}\p{M}]*(?:['’-]?\p{Lu}?[\p{Ll}\p{M}]+)*$/u;
/** Values that stand for "no one". */
const PLACEHOLDERS = new Set([
  'doe', 'roe', 'test', 'tester', 'user', 'customer', 'unknown', 'anonymous', 'anon', 'redacted', 'sample', 'example', 'none',
  'null', 'nobody', 'someone', 'placeholder', 'tbd', 'foo', 'bar', 'admin', 'guest', 'demo', 'dummy', 'fake', 'n', 'a', 'na',
  'system', 'root', 'support', 'team', 'staff', 'unassigned', 'nil', 'undefined', 'blank', 'withheld', 'private',
]); // prettier-ignore
const HONORIFICS = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'sir',
  'dame',
  'herr',
  'frau',
  'mme',
  'mlle',
  'sr',
  'sra',
  'srta',
  'dott',
]);
const NAME_SUFFIXES = new Set(['jr', 'sr', 'i', 'ii', 'iii', 'iv', 'v', 'md', 'phd', 'dds', 'dvm', 'esq', 'mba', 'rn']);

export type NameVerdict = 'synthetic' | 'real';

function tokensOf(value: string): string[] | undefined {
  const tokens = value.split(/[\s,]+/).filter((t) => t !== '');
  if (tokens.length === 0 || tokens.length > 6) return undefined;
  for (const t of tokens) if (!NAME_TOKEN.test(t)) return undefined;
  return tokens;
}

function generatorToken(token: string, d: NameData): boolean {
  const t = token.toLowerCase().replace(/\.$/, '');
  if (d.generatorPerson.has(t) || PLACEHOLDERS.has(t)) return true;
  return t.includes('-') && t.split('-').every((p) => d.generatorPerson.has(p));
}

/**
 * True when `personCell` would call the value synthetic and the scan of a person column would stop there:
 * one to six dictionary words joined by single spaces (a word may be dictionary words joined by hyphens, as
 * faker's double-barrelled surnames are). Anything else (other separators, lower case, accents) is left to
 * `personCell`, so this only ever saves work.
 */
export function syntheticPersonCell(value: string): boolean {
  const n = value.length;
  if (n < 2 || n > 80) return false;
  const { cellTokens, cellParts } = nameData();
  if (value.indexOf(' ') === -1) return cellTokens.has(value) || hyphenated(value, cellParts);
  let start = 0;
  for (let words = 1; words <= 6; words++) {
    const space = value.indexOf(' ', start);
    const end = space === -1 ? n : space;
    if (end === start) return false;
    const word = value.slice(start, end);
    if (!cellTokens.has(word) && !hyphenated(word, cellParts)) return false;
    if (space === -1) return true;
    start = space + 1;
  }
  return false;
}

/** Two or more of `parts` joined by single hyphens. */
function hyphenated(word: string, parts: ReadonlySet<string>): boolean {
  let start = 0;
  for (;;) {
    const dash = word.indexOf('-', start);
    if (dash === -1) return start > 0 && parts.has(word.slice(start));
    if (dash === start || !parts.has(word.slice(start, dash))) return false;
    start = dash + 1;
  }
}

/** A value in a column named for a person: name-shaped? made only of the generator's name tokens? */
export function personCell(value: string): NameVerdict | undefined {
  if (value.length < 2 || value.length > 80) return undefined;
  const tokens = tokensOf(value);
  if (tokens === undefined) return undefined;
  const d = nameData();
  if (tokens.every((t) => generatorToken(t, d))) return 'synthetic';
  return 'real';
}

/**
 * Whether capitalised words read as a person's name: an honorific or a known first name (or a known surname
 * after a word that is not an everyday one), ending in a known surname or a word that is not an everyday
 * word, with no organisation or place word, and not after "the" ("the Mariano Chicken is…").
 */
export function plausiblePerson(words: readonly string[], before = ''): boolean {
  const lex = nameLexicon();
  let list = words.map((w) => w.replace(/[.,]$/, ''));
  const honorific = list.length > 0 && HONORIFICS.has(fold(list[0] as string));
  if (honorific) list = list.slice(1);
  while (list.length > 1 && NAME_SUFFIXES.has(fold(list[list.length - 1] as string))) list = list.slice(0, -1);
  if (list.length === 0 || (!honorific && list.length < 2)) return false;
  const folded = list.map(fold);
  for (const w of folded) for (const part of w.split('-')) if (lex.notPersonWords.has(part)) return false;
  if (isPlace(folded.join(' '), lex)) return false;
  if (/\bthe\s+$/i.test(before)) return false;
  const first = folded[0] as string;
  const last = folded[folded.length - 1] as string;
  const lastOk = honorific || lex.lastNames.has(last) || !lex.commonWords.has(last);
  if (!lastOk) return false;
  if (honorific) return true;
  return lex.firstNames.has(first) || (lex.lastNames.has(last) && !lex.commonWords.has(first));
}

function isPlace(phrase: string, lex: Lexicon): boolean {
  for (const place of lex.placePhrases) if (phrase.includes(place)) return true;
  return false;
}

/**
 * A value in a column whose name says nothing: 2-4 capitalised words that read as a person's name.
 * Undefined when not name-like.
 */
export function nameLikeCell(value: string): NameVerdict | undefined {
  if (value.length < 5 || value.length > 60) return undefined;
  const tokens = value.split(' ');
  if (tokens.length < 2 || tokens.length > 6) return undefined;
  const start = HONORIFICS.has(fold(tokens[0] as string).replace(/\.$/, '')) ? 1 : 0;
  let end = tokens.length;
  while (end - start > 2 && NAME_SUFFIXES.has(fold(tokens[end - 1] as string).replace(/\.$/, ''))) end--;
  if (end - start < 2 || end - start > 4) return undefined;
  for (let k = start; k < end; k++) if (!TITLE_TOKEN.test(tokens[k] as string)) return undefined;
  if (!plausiblePerson(tokens.slice(0, end))) return undefined;
  const d = nameData();
  return tokens.every((t) => generatorToken(t, d)) ? 'synthetic' : 'real';
}

// ---------------------------------------------------------------------------------------------------------
// Street addresses
// ---------------------------------------------------------------------------------------------------------

const HOUSE_NUMBER = /^\d{1,6}[a-zA-Z]?(?:[-/]\d{1,4}[a-zA-Z]?)?,?$/;
const UNIT_WORDS = new Set(['apt', 'apartment', 'unit', 'flat', 'suite', 'ste', 'fl', 'floor', 'room', 'rm', '#']);
/** Continental street words, as a suffix of the street name (`Hauptstraße`) or a word of their own. */
const SUFFIX_STREET =
  /(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|laan|straat|gracht|plein|kade|singel|steeg|gade|vej|vägen|väg|gatan|gata|veien|vegen|katu|tie|utca|ulica)$/i;
const LEADING_STREET = new Set([
  'calle', 'c/', 'avenida', 'avda', 'avda.', 'av.', 'plaza', 'paseo', 'carrera', 'via', 'viale', 'piazza', 'corso', 'largo',
  'rua', 'travessa', 'praça', 'rue', 'avenue', 'boulevard', 'bd', 'chemin', 'place', 'allée', 'impasse', 'quai', 'route',
  'cours', 'ul.', 'ulica', 'rambla', 'camino', 'carretera', 'vicolo', 'contrada', 'estrada',
]); // prettier-ignore

/** A street address in one of the common Western layouts (US/UK/IE/AU, DE/NL/Nordic, FR, ES/IT/PT). */
export function streetShape(value: string): boolean {
  if (value.length < 6 || value.length > 160) return false;
  const tokens = value.split(/[\s,]+/).filter((t) => t !== '');
  if (tokens.length < 2) return false;
  const d = nameData();
  // Optional unit prefix: "Flat 3, 14 Baker Street", "Apt 4B 221 …".
  let i = 0;
  if (UNIT_WORDS.has((tokens[0] as string).toLowerCase().replace(/\.$/, '')) && tokens.length > 3) i = 2;
  const lead = tokens[i] as string;
  if (HOUSE_NUMBER.test(lead)) {
    // Number first: French/Spanish word order ("12 rue de Rivoli"), or a street-type word within six words.
    let next = (tokens[i + 1] ?? '').toLowerCase();
    if (next === 'bis' || next === 'ter') next = (tokens[i + 2] ?? '').toLowerCase();
    if (LEADING_STREET.has(next)) return tokens.length >= i + 3;
    let names = 0;
    for (let k = i + 1; k < Math.min(tokens.length, i + 8); k++) {
      const t = tokens[k] as string;
      const bare = t.toLowerCase().replace(/\.$/, '');
      if (names > 0 && d.streetTypes.has(bare) && /^\p{Lu}/u.test(t)) return true;
      if (!/^[\p{L}\d]/u.test(t)) return false;
      names++;
    }
    return false;
  }
  // Street word first: "Calle Mayor 5", "Via Roma 10" …
  if (LEADING_STREET.has(lead.toLowerCase())) {
    return tokens.slice(i + 1, i + 8).some((t, k) => k > 0 && HOUSE_NUMBER.test(t));
  }
  // … or the street name carries the type: "Hauptstraße 5", "Kerkstraat 12", "Storgatan 3".
  for (let k = i; k < Math.min(tokens.length - 1, i + 5); k++) {
    const t = tokens[k] as string;
    const numberNext = HOUSE_NUMBER.test(tokens[k + 1] as string);
    if (numberNext && /^\p{Lu}/u.test(t) && (SUFFIX_STREET.test(t) || /^(?:Straße|Strasse|Weg|Allee|Platz|Gasse)$/.test(t))) return true;
  }
  return false;
}

/** An address in the generator's own shapes: `370 Lime Grove`, `806 Davis Gateway Suite 123`, `Apt. 123`. */
export function generatorStreet(value: string): boolean {
  let end = value.length;
  // Secondary address: "Apt. 123" / "Suite 123", alone or at the end.
  if (end >= 8 && value.charCodeAt(end - 4) === 32 && isDigits(value, end - 3, end)) {
    const head = value.slice(0, end - 4);
    const unit = head.endsWith('Apt.') ? 4 : head.endsWith('Suite') ? 5 : 0;
    if (unit > 0) {
      if (head.length === unit) return true;
      if (head.charCodeAt(head.length - unit - 1) !== 32) return false;
      end = head.length - unit - 1;
    }
  }
  const sp = value.indexOf(' ');
  if (sp < 3 || sp > 5 || sp >= end || !isDigits(value, 0, sp)) return false;
  const d = nameData();
  const last = value.lastIndexOf(' ', end - 1);
  if (last > sp) {
    // The common shape first: "<building> <first or last name> <suffix>".
    const suffix = value.slice(last + 1, end);
    if (d.exactSuffixes.has(suffix) && d.exactPerson.has(value.slice(sp + 1, last))) return true;
  }
  const street = value.slice(sp + 1, end);
  if (d.exactStreets.has(street)) return true;
  if (last <= sp) return false;
  const suffix = street.slice(last - sp);
  const name = street.slice(0, last - sp - 1);
  // Slow path: case-insensitive, double-barrelled names.
  const lower = street.toLowerCase();
  if (d.generatorStreets.has(lower)) return true;
  if (!d.generatorSuffixes.has(suffix.toLowerCase())) return false;
  const lowerName = name.toLowerCase();
  return d.generatorPerson.has(lowerName) || lowerName.split(/[\s-]/).every((p) => d.generatorPerson.has(p));
}

function isDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** An address-shaped value in a street column: the generator's, or another. */
export function streetCell(value: string): NameVerdict | undefined {
  if (generatorStreet(value)) return 'synthetic';
  return streetShape(value) ? 'real' : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Inside free text
// ---------------------------------------------------------------------------------------------------------

/** Runs of capitalised words, optionally after an honorific, with name particles allowed inside. */
const TITLE_RUN =
  /(?<![\p{L}\p{M}])(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Herr|Frau|Mme|Mlle|Sr|Sra)\.?\s+)?\p{Lu}[\p{Ll}\p{M}]+(?:['’-]\p{Lu}?[\p{Ll}\p{M}]+)*(?:\s+(?:(?:de|del|della|da|di|van|von|der|den|la|le|du|dos|das|bin|al)\s+)?\p{Lu}[\p{Ll}\p{M}]*(?:['’-]?\p{Lu}?[\p{Ll}\p{M}]+)+)+/gu;

export interface TextCandidate {
  readonly index: number;
  readonly text: string;
  /**
   * lexicon: reads as a name by the name lexicon (accepted as is); cue: unknown words right after a person
   * cue ("called", "spoke with", "Dear"…) or before a speech verb (accepted); unknown: capitalised words
   * nothing vouches for (compromise decides).
   */
  readonly strength: 'lexicon' | 'cue' | 'unknown';
}

const CUE_BEFORE =
  /\b(?:called|calling|call|phoned|spoke(?: with| to)?|speak(?:ing)? (?:with|to)|talked (?:with|to)|met(?: with)?|meeting with|contact(?:ed)?|e-?mailed|emailed|wrote to|by|with|from|to|for|dear|hi|hello|thanks|thank you|cc|attn:?|customer|client|patient|tenant|guest|passenger|employee|applicant|daughter|son|wife|husband|mother|father|brother|sister|partner|agent|manager|signed|regards|named|name:?|sent (?:it |this |the \w+ )?to)\s+$/i;
const CUE_AFTER =
  /^(?:'s|’s|\s+(?:said|says|asked|called|wrote|agreed|confirmed|reported|requested|complained|replied|phoned|emailed|visited|paid|signed))\b/i;

function unknownPair(words: readonly string[]): boolean {
  if (words.length < 2 || words.length > 4) return false;
  const lex = nameLexicon();
  const streets = nameData().streetTypes;
  for (const w of words) {
    const f = fold(w.replace(/[.,]$/, ''));
    if (streets.has(f)) return false;
    for (const part of f.split('-')) if (lex.notPersonWords.has(part)) return false;
    if (lex.commonWords.has(f) && !lex.firstNames.has(f) && !lex.lastNames.has(f)) return false;
  }
  return true;
}

/** Capitalised runs that read as a person's name, by the lexicon, by a cue, or only by their shape. */
export function nameCandidates(text: string): TextCandidate[] {
  const out: TextCandidate[] = [];
  TITLE_RUN.lastIndex = 0;
  for (let m = TITLE_RUN.exec(text); m !== null; m = TITLE_RUN.exec(text)) {
    const words = m[0].split(/\s+/);
    // A sentence may start with a capitalised word before the name ("Called Maria Gonzalez"): try the tails too.
    for (let k = 0; k <= Math.min(2, words.length - 2); k++) {
      const tail = words.slice(k);
      const skipped = words.slice(0, k).join(' ');
      const offset = k === 0 ? 0 : m[0].indexOf(tail[0] as string, skipped.length);
      const before = text.slice(Math.max(0, m.index - 24), m.index) + (k > 0 ? `${skipped} ` : '');
      const after = text.slice(m.index + m[0].length, m.index + m[0].length + 16);
      if (/\bthe\s+$/i.test(before) || /^\s+\d/.test(after)) break; // "the X Y", "X Y 12" (a street)
      let strength: TextCandidate['strength'] | undefined;
      if (plausiblePerson(tail, before)) strength = 'lexicon';
      else if (unknownPair(tail)) strength = CUE_BEFORE.test(before) || CUE_AFTER.test(after) ? 'cue' : 'unknown';
      if (strength !== undefined) {
        out.push({ index: m.index + offset, text: tail.join(' '), strength });
        break;
      }
    }
  }
  return out;
}

/**
 * People compromise finds in the text that are also plausible candidates: compromise confirms from the
 * sentence's grammar, the candidate rules keep its product and place look-alikes out. The text is cut to a
 * window around the candidates so long texts cost what a sentence does.
 */
export function peopleInText(text: string, candidates: readonly TextCandidate[]): string[] {
  const first = candidates[0];
  const last = candidates[candidates.length - 1];
  if (first === undefined || last === undefined) return [];
  const from = Math.max(0, first.index - 120);
  const to = Math.min(text.length, last.index + last.text.length + 120);
  const doc = compromise()(text.slice(from, to));
  const found = doc.people().out('array') as string[];
  const out: string[] = [];
  for (const raw of found) {
    const person = raw.replace(/[.,;:!?)"'’]+$/, '').trim();
    if (candidates.some((c) => c.text.includes(person) || person.includes(c.text))) out.push(person);
  }
  return out;
}

/** Street addresses inside text: a house number, one to five words, a street-type word (or a continental form). */
export function streetsInText(text: string): string[] {
  const out: string[] = [];
  const d = nameData();
  const re = /(?<![\p{L}\d])\d{1,5}[a-zA-Z]?\s+(?:\p{Lu}[\p{L}'’.-]*\s+){1,5}\p{Lu}[\p{L}.]*/gu;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const words = m[0].split(/\s+/);
    // Shrink to the last street-type word.
    for (let k = words.length - 1; k >= 2; k--) {
      if (d.streetTypes.has((words[k] as string).toLowerCase().replace(/\.$/, ''))) {
        out.push(words.slice(0, k + 1).join(' '));
        break;
      }
    }
  }
  const cont =
    /(?<![\p{L}])\p{Lu}[\p{L}-]*(?:straße|strasse|weg|gasse|platz|allee|damm|ring|ufer|laan|straat|gracht|gatan|vej|(?:\s(?:Straße|Strasse|Allee|Weg|Platz|Gasse|Ring|Damm)))\s+\d{1,4}[a-zA-Z]?(?![\p{L}\d])/gu;
  for (let m = cont.exec(text); m !== null; m = cont.exec(text)) out.push(m[0]);
  const lead =
    /(?<![\p{L}])(?:\d{1,4},?\s+)?(?:[Rr]ue|[Aa]venue|[Bb]oulevard|[Cc]alle|[Aa]venida|[Vv]ia|[Vv]iale|[Pp]iazza|[Rr]ua|[Pp]laza)\s+(?:(?:de|del|della|da|di|la|le|des|du|do|dos)\s+)*\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*(?:,?\s+\d{1,4}[a-zA-Z]?(?![\p{L}\d]))?/gu;
  for (let m = lead.exec(text); m !== null; m = lead.exec(text)) {
    if (/^\d/.test(m[0]) || /\d$/.test(m[0])) out.push(m[0]);
  }
  return out;
}
