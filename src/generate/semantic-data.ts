/**
 * Fast generators over faker's en locale data, for the property-name path of semantic.ts.
 *
 * Faker's template engine (`helpers.fake`, behind `location.city`, `location.streetAddress`, `company.name`,
 * `person.lastName`…) re-parses its pattern and evaluates every `{{module.method}}` reference on each call,
 * which costs 1-40 µs per value. Here the en definition lists are sampled directly with our Rng, and each
 * pattern is compiled ONCE into a small function (see `compile`, `choose`, `specialise`). The choices follow
 * faker 10's own algorithms and odds: uniform pattern and element picks, `person.firstName`'s sex weighting
 * (3·√n against the generic list), `person.lastName`'s 95/5 single/double-barrelled split, `#` runs as
 * numbers without a leading zero, `internet.username`'s three shapes, `commerce.isbn`'s registrant ranges.
 * So values have faker's distribution; the draws differ, so they are not the values faker itself would
 * return for the same Rng.
 *
 * Nothing is loaded at import: faker's en locale on the first `fakerData()`, and each generator (with the
 * lists and patterns it needs) when first asked for. Every generator is a pure function of the Rng handed in;
 * the number of draws a value takes may vary, deterministically.
 */

import { createRequire } from 'node:module';
import type { Faker } from '@faker-js/faker';
import { SdgError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';

export type StringGen = (rng: Rng) => string;

// ---------------------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------------------

let enFaker: Faker | undefined;

/**
 * Faker's prebuilt en instance (its module also carries the en + base definitions). Synchronous and lazy: the
 * en locale costs ~40 ms; the package index, which loads every locale, ~250 ms. Node >= 20.19 can require()
 * an ES module, which keeps the generator API synchronous.
 */
export function loadEnFaker(): Faker {
  if (enFaker !== undefined) return enFaker;
  const require = createRequire(import.meta.url);
  try {
    enFaker = (require('@faker-js/faker/locale/en') as { faker: Faker }).faker;
  } catch (cause) {
    throw new SdgError('SDG_ERR_UNSUPPORTED', 'could not load @faker-js/faker (en locale)', {
      hint: 'install @faker-js/faker 10 and run on Node >= 20.19 (require of ES modules)',
      cause,
    });
  }
  return enFaker;
}

// ---------------------------------------------------------------------------------------------------------
// Definition access (shape-checked, so a faker upgrade that moves data fails loudly at build time)
// ---------------------------------------------------------------------------------------------------------

type Defs = Readonly<Record<string, unknown>>;

function dataError(path: string, what: string): SdgError {
  return new SdgError('SDG_ERR_UNSUPPORTED', `faker en locale: ${path} ${what}`, {
    hint: 'SynthDataGen expects the @faker-js/faker 10 en locale data',
  });
}

function at(defs: Defs, path: string): unknown {
  let value: unknown = defs;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw dataError(path, 'is missing');
    value = (value as Record<string, unknown>)[part];
  }
  if (value === undefined) throw dataError(path, 'is missing');
  return value;
}

function strings(defs: Defs, path: string): readonly string[] {
  const value = at(defs, path);
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string'))
    throw dataError(path, 'is not a list of strings');
  return value as string[];
}

function records(defs: Defs, path: string): ReadonlyArray<Record<string, unknown>> {
  const value = at(defs, path);
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => v !== null && typeof v === 'object'))
    throw dataError(path, 'is not a list of records');
  return value as Array<Record<string, unknown>>;
}

/** `field` of every record of the list at `path` (country_code[].alpha2, currency[].code…). */
function column(defs: Defs, path: string, field: string): readonly string[] {
  return records(defs, path).map((r) => {
    const v = r[field];
    if (typeof v !== 'string') throw dataError(`${path}[].${field}`, 'is not a string');
    return v;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Sampling primitives
// ---------------------------------------------------------------------------------------------------------

const TWO_POW_32 = 4294967296;

/** Rejection limit for a uniform index below `n`: `Rng.int` redraws draws at or above it. */
export function limitFor(n: number): number {
  return TWO_POW_32 - (TWO_POW_32 % n);
}

/**
 * Uniform index in [0, n): exactly `Rng.below`'s algorithm (the same draws give the same index), with the
 * rejection limit precomputed by `limitFor(n)` (`Rng.int` recomputes it, with a floating-point modulo, and
 * checks its range on every call). For n < 2^32 only.
 */
export function below(rng: Rng, n: number, limit: number): number {
  let x = rng.nextU32();
  while (x >= limit) x = rng.nextU32();
  // Both operands as uint32, so the optimiser emits an integer modulo rather than a floating-point fmod call.
  return (x >>> 0) % (n >>> 0);
}

/** `String(i)` for 0..999, and zero-padded two- and three-digit forms: number-to-string is slow in V8. */
export const DEC: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i));
export const DEC2: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
export const DEC3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** `String(v)` for a non-negative integer, from the tables below a million. */
export function decimal(v: number): string {
  if (v < 1000) return DEC[v] as string;
  if (v < 1000000) {
    const hi = Math.floor(v / 1000);
    return (DEC[hi] as string) + (DEC3[v - hi * 1000] as string);
  }
  return String(v);
}

/**
 * A generator built from source, one per list or pattern, with `bindings` as its free variables.
 *
 * Every generator here would otherwise be one of a few shared closures (one picker, one pattern executor…)
 * called with dozens of different lists, sizes and callees: V8 then optimises each shared closure once, for
 * all of them, with variable sizes (a hardware division per pick) and megamorphic calls, which costs about as
 * much again as the work itself. A function per list or pattern lets the optimiser see its own constants and
 * call targets (ajv builds its validators the same way). Only integers and numbers computed here are written
 * into the source; strings, lists and functions are passed in as bindings, never spliced into code.
 */
function specialise(bindings: Readonly<Record<string, unknown>>, body: string): StringGen {
  const names = Object.keys(bindings);
  return new Function(...names, `'use strict';\nreturn ${body};`)(...names.map((n) => bindings[n])) as StringGen;
}

/** A number as source text that reads back as exactly the same number. */
function num(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  return Object.is(x, -0) ? '-0' : String(x);
}

/** Uniform element (faker's `helpers.arrayElement`). */
function picker(list: readonly string[]): StringGen {
  const n = list.length;
  if (n === 1) {
    const only = list[0] as string;
    return () => only;
  }
  return specialise({ list, below }, `function pick(rng) { return list[below(rng, ${n}, ${limitFor(n)})]; }`);
}

/**
 * An element of one of several lists, the list chosen with the given probabilities and the element
 * uniformly within it. One 53-bit float does both: where it falls among the cumulative probabilities picks
 * the list, where it falls inside that list's interval picks the element (each element's probability is
 * exact to ~2^-52).
 */
function segmentPicker(segments: ReadonlyArray<{ readonly list: readonly string[]; readonly p: number }>): StringGen {
  const used = segments.filter((s) => s.p > 0 && s.list.length > 0);
  if (used.length === 0) throw dataError('name lists', 'are empty');
  if (used.length === 1) return picker(used[0]!.list);
  const total = used.reduce((sum, s) => sum + s.p, 0);
  const lists = used.map((s) => s.list);
  const lows: number[] = [];
  const spans: number[] = [];
  let acc = 0;
  for (const s of used) {
    lows.push(acc / total);
    acc += s.p;
    spans.push(acc / total - (lows[lows.length - 1] as number));
  }
  spans[spans.length - 1] = 1 - (lows[lows.length - 1] as number);
  // if (u >= low_k) { i = floor((u - low_k) / span_k * |list_k|); return list_k[min(i, |list_k| - 1)]; } … down to k = 0.
  const bindings: Record<string, unknown> = {};
  const branches = used.map((_, k) => {
    const list = lists[k]!;
    bindings[`l${k}`] = list;
    const pick = `{ const i = Math.floor(((u - ${num(lows[k] as number)}) / ${num(spans[k] as number)}) * ${list.length}); return l${k}[i < ${list.length} ? i : ${list.length - 1}]; }`;
    return k === 0 ? pick : `if (u >= ${num(lows[k] as number)}) ${pick}`;
  });
  return specialise(bindings, `function pickWeighted(rng) {\n  const u = rng.float();\n  ${branches.reverse().join('\n  ')}\n}`);
}

/** How names are rendered: as faker shows them, as `internet.username` cleans them, as email local parts. */
interface NameForm {
  /** Applied to every name of a list. */
  readonly name: (name: string) => string;
  /** Applied to the literal text of name patterns (the `-` of `Smith-Jones`). */
  readonly literal: (text: string) => string;
}

/**
 * Faker's sex-aware name pick (`person.firstName()` with no sex): sex is female or male with equal odds,
 * then the sex's own list with weight 3·√|list| against the generic list with weight √|generic|, then a
 * uniform element. The form maps each name to the string returned, so every variant draws the same name
 * for the same Rng.
 */
function sexedPicker(defs: Defs, path: string, form: (name: string) => string): StringGen {
  const def = at(defs, path) as Record<string, unknown>;
  const list = (key: string): readonly string[] | undefined =>
    def[key] === undefined ? undefined : strings(defs, `${path}.${key}`).map(form);
  const generic = list('generic');
  const segments: Array<{ list: readonly string[]; p: number }> = [];
  for (const own of [list('female'), list('male')]) {
    if (own === undefined) segments.push({ list: generic ?? [], p: 0.5 });
    else if (generic === undefined) segments.push({ list: own, p: 0.5 });
    else {
      const wOwn = 3 * Math.sqrt(own.length);
      const pOwn = wOwn / (wOwn + Math.sqrt(generic.length));
      segments.push({ list: own, p: 0.5 * pOwn }, { list: generic, p: 0.5 * (1 - pOwn) });
    }
  }
  return segmentPicker(segments);
}

// ---------------------------------------------------------------------------------------------------------
// Name forms
// ---------------------------------------------------------------------------------------------------------

/** Lowercase ASCII letters only (email local parts): faker names carry apostrophes and the odd diacritic. */
export function asciiLower(name: string): string {
  const out = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  return out === '' ? 'user' : out;
}

/** `internet.username`'s clean-up of a name: diacritics stripped, apostrophes and spaces dropped. */
function usernameForm(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, (c) => (c.codePointAt(0) ?? 0).toString(36))
    .replace(/['\s]/g, '');
}

const DISPLAY: NameForm = { name: (s) => s, literal: (s) => s };
const USERNAME: NameForm = { name: usernameForm, literal: usernameForm };
const EMAIL: NameForm = {
  name: asciiLower,
  literal: (s) =>
    s
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z]/g, ''),
};

// ---------------------------------------------------------------------------------------------------------
// Compiled faker patterns
// ---------------------------------------------------------------------------------------------------------

/**
 * What a pattern reference resolves to: a uniform element of a list (`location.city_suffix`), a uniform
 * number (`###`, `number.int({"min":1,"max":9})`) or any other generator (`person.firstName`). Lists and
 * numbers are "uniform choices": a compiled pattern draws all of its uniform choices from as few Rng draws
 * as it can (one draw over the product of their sizes, decoded in mixed radix, is exactly uniform and
 * independent). Literal text next to a list is folded into the list's strings, and next to a generator that
 * can `wrap` it (names, nested pattern lists) into that generator's own lists, so a value costs few draws
 * and few string concatenations (each costs about as much as a draw).
 */
type Ref =
  | { readonly kind: 'list'; readonly list: readonly string[] }
  | { readonly kind: 'num'; readonly lo: number; readonly n: number }
  | { readonly kind: 'gen'; readonly gen: StringGen; readonly wrap?: (before: string, after: string) => StringGen };

const listRef = (list: readonly string[]): Ref => ({ kind: 'list', list });
const genRef = (gen: StringGen): Ref => ({ kind: 'gen', gen });

/** A generator that can be rebuilt with literal text around its values (built once per text pair). */
function wrappable(make: (before: string, after: string) => StringGen): Ref {
  const built = new Map<string, StringGen>();
  const wrap = (before: string, after: string): StringGen => {
    const key = `${before}\u0000${after}`;
    let gen = built.get(key);
    if (gen === undefined) built.set(key, (gen = make(before, after)));
    return gen;
  };
  return { kind: 'gen', gen: wrap('', ''), wrap };
}

type Methods = Readonly<Record<string, Ref>>;

/** A compiled pattern; `single` when the whole pattern is one uniform choice (its value is that choice). */
interface Compiled {
  readonly gen: StringGen;
  readonly single?: Extract<Ref, { kind: 'list' | 'num' }>;
}

/** Lists up to this size absorb neighbouring literal text (`" Alley"` instead of `" " + "Alley"`). */
const FOLD_MAX = 1000;
/** Uniform choices are packed into one draw while the product of their sizes stays at or below this. */
const GROUP_MAX = 1 << 24;

const folded = new WeakMap<readonly string[], Map<string, readonly string[]>>();

/** `list` with `before` and `after` around every element, shared between patterns that ask for the same. */
function foldList(list: readonly string[], before: string, after: string): readonly string[] {
  let byText = folded.get(list);
  if (byText === undefined) folded.set(list, (byText = new Map()));
  const key = `${before}\u0000${after}`;
  let out = byText.get(key);
  if (out === undefined) byText.set(key, (out = list.map((s) => before + s + after)));
  return out;
}

type Item =
  { kind: 'lit'; text: string } | Ref | { kind: 'wrap'; wrap: (before: string, after: string) => StringGen; before: string; after: string };

/**
 * Compiles a faker `helpers.fake` pattern (`"{{person.lastName}} {{company.legal_entity_type}}"`) once. A
 * reference resolves to a method in `methods` (faker method names: `person.firstName`…), to
 * `number.int({"min":…,"max":…})`, or to a definition path (`location.city_suffix`,
 * `person.last_name.generic`, `science.chemical_element.name`), which faker samples uniformly; a list of
 * records followed by a field samples that field of a uniform record. With `hashRuns`, each run of `#` in
 * the literal text is a number of that many digits without a leading zero (faker's `buildingNumber` and
 * `secondaryAddress`). Unknown references throw here, at build time, never while generating.
 */
function compile(
  defs: Defs,
  pattern: string,
  methods: Methods,
  options: { hashRuns?: boolean; literal?: (text: string) => string } = {},
): Compiled {
  const literal = options.literal ?? ((t: string) => t);
  const items: Item[] = [];
  const parts = pattern.split(/\{\{(.+?)\}\}/);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (i % 2 === 1) {
      items.push(resolveReference(defs, part.trim(), methods));
      continue;
    }
    const pieces = options.hashRuns === true ? part.split(/(#+)/) : [part];
    for (let j = 0; j < pieces.length; j++) {
      const piece = pieces[j] as string;
      if (j % 2 === 0) {
        if (literal(piece) !== '') items.push({ kind: 'lit', text: literal(piece) });
      } else {
        if (piece.length > 9) throw dataError(`pattern "${pattern}"`, 'has a run of more than 9 digits');
        items.push({ kind: 'num', lo: 10 ** (piece.length - 1), n: 9 * 10 ** (piece.length - 1) });
      }
    }
  }
  // Fold each literal into a neighbour: a small list before it, else a small list after it, else a wrappable
  // generator after or before it.
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind !== 'lit') continue;
    const prev = items[i - 1];
    const next = items[i + 1];
    if (prev?.kind === 'list' && prev.list.length <= FOLD_MAX) {
      items[i - 1] = listRef(foldList(prev.list, '', item.text));
    } else if (next?.kind === 'list' && next.list.length <= FOLD_MAX) {
      items[i + 1] = listRef(foldList(next.list, item.text, ''));
    } else if (next?.kind === 'wrap' || (next?.kind === 'gen' && next.wrap !== undefined)) {
      // Before the next generator rather than after the previous one: text after a `#####` building number
      // could not be folded any further, text before a street pattern folds into its name lists.
      items[i + 1] =
        next.kind === 'wrap'
          ? { ...next, before: item.text + next.before }
          : { kind: 'wrap', wrap: next.wrap!, before: item.text, after: '' };
    } else if (prev?.kind === 'wrap' || (prev?.kind === 'gen' && prev.wrap !== undefined)) {
      items[i - 1] =
        prev.kind === 'wrap'
          ? { ...prev, after: prev.after + item.text }
          : { kind: 'wrap', wrap: prev.wrap!, before: '', after: item.text };
    } else continue;
    items.splice(i, 1);
    i--;
  }
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind === 'wrap') items[i] = genRef(item.wrap(item.before, item.after));
  }
  if (items.length === 0) return { gen: () => '' };
  const only = items[0]! as Exclude<Item, { kind: 'wrap' }>;
  if (items.length === 1) {
    if (only.kind === 'lit') return { gen: () => only.text };
    if (only.kind === 'gen') return { gen: only.gen };
    if (only.kind === 'list') return { gen: picker(only.list), single: only };
    return {
      gen: specialise(
        { below, decimal },
        `function number(rng) { return decimal(${only.lo} + below(rng, ${only.n}, ${limitFor(only.n)})); }`,
      ),
      single: only,
    };
  }
  return { gen: run(items as ReadonlyArray<Exclude<Item, { kind: 'wrap' }>>) };
}

/** The executor of a compiled pattern: literals, generators and uniform choices in order, as one function. */
function run(items: ReadonlyArray<Exclude<Item, { kind: 'wrap' }>>): StringGen {
  const bindings: Record<string, unknown> = { below, decimal };
  const bind = (value: unknown): string => {
    const name = `v${Object.keys(bindings).length}`;
    bindings[name] = value;
    return name;
  };
  // Group the uniform choices (in order; generators in between do not disturb the pending draw).
  const sizes = items.map((it) => (it.kind === 'list' ? it.list.length : it.kind === 'num' ? it.n : 0));
  const groupOf: number[] = [];
  const groupSizes: number[] = [];
  let start = -1;
  for (let i = 0; i < items.length; i++) {
    const n = sizes[i] as number;
    if (n === 0) continue;
    if (start >= 0 && (groupSizes[start] as number) * n <= GROUP_MAX) groupSizes[start] = (groupSizes[start] as number) * n;
    else groupSizes[(start = i)] = n;
    groupOf[i] = start;
  }
  const lines: string[] = [];
  const parts: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (it.kind === 'lit') {
      parts.push(bind(it.text));
    } else if (it.kind === 'gen') {
      lines.push(`const p${i} = ${bind(it.gen)}(rng);`);
      parts.push(`p${i}`);
    } else {
      const n = sizes[i] as number;
      if (groupOf[i] === i) lines.push(`r = below(rng, ${groupSizes[i]}, ${limitFor(groupSizes[i] as number)}) | 0;`);
      // Mixed-radix decoding of the group's draw: this choice, then the rest for the next ones.
      lines.push(`k = r % ${n};`, `r = ((r - k) / ${n}) | 0;`);
      lines.push(it.kind === 'list' ? `const p${i} = ${bind(it.list)}[k];` : `const p${i} = decimal(${it.lo} + k);`);
      parts.push(`p${i}`);
    }
  }
  return specialise(
    bindings,
    `function pattern(rng) {\n  let r = 0;\n  let k = 0;\n  ${lines.join('\n  ')}\n  return ${parts.join(' + ')};\n}`,
  );
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * One of several compiled patterns, with integer weights (faker's `{ value, weight }` lists) or uniformly
 * (plain pattern lists). Exact: one draw over total weight × Q picks the pattern, and when the pattern is a
 * single uniform choice whose size divides Q, the rest of that draw is its index (so `{{location.city_name}}`
 * or `#####` costs no second draw). Non-integer weights fall back to faker's float comparison.
 */
function choose(options: readonly Compiled[], weights?: readonly number[]): StringGen {
  if (options.length === 0) throw dataError('pattern list', 'is empty');
  if (options.length === 1) return options[0]!.gen;
  const w = weights ?? options.map(() => 1);
  const total = w.reduce((a, b) => a + b, 0);
  const gens = options.map((o) => o.gen);
  const last = options.length - 1;
  if (!w.every((x) => Number.isInteger(x) && x > 0) || total > GROUP_MAX) {
    const cumulative: number[] = [];
    let acc = 0;
    for (const x of w) cumulative.push((acc += x) / total);
    return (rng) => {
      const u = rng.float();
      let i = 0;
      while (i < last && u >= (cumulative[i] as number)) i++;
      return gens[i]!(rng);
    };
  }
  let q = 1;
  for (const o of options) {
    if (o.single === undefined) continue;
    const n = o.single.kind === 'list' ? o.single.list.length : o.single.n;
    const next = (q / gcd(q, n)) * n;
    if (total * next > 2 ** 31) {
      q = 1;
      break;
    }
    q = next;
  }
  const span = total * q;
  // t = one draw below span (<= 2^31, so `| 0` is exact); ticket = t / q picks the option by its weight range;
  // a single uniform choice takes its index from the rest of t.
  const bindings: Record<string, unknown> = { below, decimal };
  let end = 0;
  const branches = options.map((o, i) => {
    end += w[i] as number;
    const single = q > 1 ? o.single : undefined;
    let value: string;
    if (single === undefined) {
      bindings[`g${i}`] = gens[i];
      value = `g${i}(rng)`;
    } else if (single.kind === 'list') {
      bindings[`l${i}`] = single.list;
      value = `l${i}[rest % ${single.list.length}]`;
    } else {
      value = `decimal(${single.lo} + (rest % ${single.n}))`;
    }
    return i === last ? `return ${value};` : `if (ticket < ${end}) return ${value};`;
  });
  return specialise(
    bindings,
    `function choose(rng) {\n  const t = below(rng, ${span}, ${limitFor(span)}) | 0;\n  const ticket = (t / ${q}) | 0;\n  const rest = (t - ticket * ${q}) | 0;\n  ${branches.join('\n  ')}\n}`,
  );
}

function resolveReference(defs: Defs, ref: string, methods: Methods): Ref {
  if (Object.hasOwn(methods, ref)) return methods[ref] as Ref;
  const call = /^number\.int\((.*)\)$/.exec(ref);
  if (call !== null) {
    let options: unknown;
    try {
      options = JSON.parse(call[1] as string);
    } catch {
      options = undefined;
    }
    const { min, max } = (options ?? {}) as { min?: unknown; max?: unknown };
    if (
      typeof min !== 'number' ||
      typeof max !== 'number' ||
      !Number.isInteger(min) ||
      !Number.isInteger(max) ||
      max < min ||
      min < 0 ||
      max - min >= 2 ** 31
    ) {
      throw dataError(`pattern reference {{${ref}}}`, 'is not a number.int({min, max}) call SynthDataGen can compile');
    }
    return { kind: 'num', lo: min, n: max - min + 1 };
  }
  const path = ref.split('.');
  let value: unknown = defs;
  for (let i = 0; i < path.length; i++) {
    if (Array.isArray(value)) {
      // A list of records followed by a field (science.chemical_element.name): a uniform record's field.
      const rest = path.slice(i).join('.');
      const list = value.map((r) => at(r as Defs, rest));
      if (!list.every((v) => typeof v === 'string')) throw dataError(ref, 'does not resolve to strings');
      return listRef(list as string[]);
    }
    if (value === null || typeof value !== 'object') throw dataError(`pattern reference {{${ref}}}`, 'is unknown');
    value = (value as Record<string, unknown>)[path[i] as string];
  }
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) return listRef(value as string[]);
  throw dataError(`pattern reference {{${ref}}}`, 'is unknown (not a method SynthDataGen compiles, nor a list of strings)');
}

/**
 * A pattern list (faker's `helpers.fake(list)`: uniform; `weights` for `{ value, weight }` lists), compiled,
 * as a wrappable reference: literal text around it is compiled into each pattern.
 */
function patternList(
  defs: Defs,
  sources: readonly string[],
  methods: Methods,
  options: { weights?: readonly number[]; hashRuns?: boolean; literal?: (text: string) => string } = {},
): Extract<Ref, { kind: 'gen' }> {
  return wrappable((before, after) => {
    if (options.hashRuns === true && /#/.test(before + after)) throw dataError('pattern text', 'next to a # pattern contains #');
    return choose(
      sources.map((p) => compile(defs, before + p + after, methods, options)),
      options.weights,
    );
  }) as Extract<Ref, { kind: 'gen' }>;
}

/** A definition that is a pattern list, picked uniformly. */
function patterns(defs: Defs, path: string, methods: Methods, hashRuns = false): Extract<Ref, { kind: 'gen' }> {
  return patternList(defs, strings(defs, path), methods, { hashRuns });
}

/** A `{ value, weight }` pattern list, picked with faker's `helpers.weightedArrayElement` odds. */
function weightedPatterns(defs: Defs, path: string, methods: Methods, literal?: (text: string) => string): Extract<Ref, { kind: 'gen' }> {
  const entries = records(defs, path).map((e) => {
    if (typeof e.value !== 'string' || typeof e.weight !== 'number' || !(e.weight > 0))
      throw dataError(path, 'is not a list of {value, weight}');
    return { value: e.value, weight: e.weight };
  });
  return patternList(
    defs,
    entries.map((e) => e.value),
    methods,
    { weights: entries.map((e) => e.weight), literal },
  );
}

// ---------------------------------------------------------------------------------------------------------
// ISBN (faker's `commerce.isbn()`: ISBN-13, `-` separated, group 0 or 1, registrant length by range)
// ---------------------------------------------------------------------------------------------------------

/** International ISBN Agency registrant ranges for groups 978-0 and 978-1, as faker 10 ships them. */
const ISBN_RULES: Readonly<Record<'0' | '1', ReadonlyArray<readonly [number, number]>>> = {
  0: [
    [1999999, 2],
    [2279999, 3],
    [2289999, 4],
    [3689999, 3],
    [3699999, 4],
    [6389999, 3],
    [6397999, 4],
    [6399999, 7],
    [6449999, 3],
    [6459999, 7],
    [6479999, 3],
    [6489999, 7],
    [6549999, 3],
    [6559999, 4],
    [6999999, 3],
    [8499999, 4],
    [8999999, 5],
    [9499999, 6],
    [9999999, 7],
  ],
  1: [
    [99999, 3],
    [299999, 2],
    [349999, 3],
    [399999, 4],
    [499999, 3],
    [699999, 2],
    [999999, 4],
    [3979999, 3],
    [5499999, 4],
    [6499999, 5],
    [6799999, 4],
    [6859999, 5],
    [7139999, 4],
    [7169999, 3],
    [7319999, 4],
    [7399999, 7],
    [7749999, 5],
    [7753999, 7],
    [7763999, 5],
    [7764999, 7],
    [7769999, 5],
    [7782999, 7],
    [7899999, 5],
    [7999999, 4],
    [8004999, 5],
    [8049999, 5],
    [8379999, 5],
    [8384999, 7],
    [8671999, 5],
    [8675999, 4],
    [8697999, 5],
    [9159999, 6],
    [9165059, 7],
    [9168699, 6],
    [9169079, 7],
    [9195999, 6],
    [9196549, 7],
    [9729999, 6],
    [9877999, 4],
    [9911499, 6],
    [9911999, 7],
    [9989899, 6],
    [9999999, 7],
  ],
};

/** Registrant length for each 7-digit prefix would be a 10M table; a binary search over the bounds is ~6 steps. */
function registrantLength(rules: ReadonlyArray<readonly [number, number]>, prefix: number): number {
  let lo = 0;
  let hi = rules.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (prefix <= (rules[mid] as readonly [number, number])[0]) hi = mid;
    else lo = mid + 1;
  }
  return (rules[lo] as readonly [number, number])[1];
}

const ISBN_BODY_LIMIT = limitFor(100000000);
const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000];

/** `v` (< 10^width, width 1..8) with leading zeros to `width` digits. */
function padded(v: number, width: number): string {
  if (width <= 3) return (DEC3[v] as string).slice(3 - width);
  const lowWidth = width - 3;
  const hi = Math.floor(v / (POW10[lowWidth] as number));
  return (DEC3[hi] as string) + padded(v - hi * (POW10[lowWidth] as number), lowWidth);
}

function isbn13(rng: Rng): string {
  // faker draws the group as a uniform key of its table (0 or 1), then `string.numeric(8)` (leading zeros
  // allowed): the registrant (its length set by the group's ranges) and the publication number.
  const group = rng.nextU32() >>> 31;
  const v = below(rng, 100000000, ISBN_BODY_LIMIT);
  const split = registrantLength(ISBN_RULES[group === 0 ? '0' : '1'], Math.floor(v / 10));
  // Check digit over 978 + group + 8 digits, weights 1,3,1,3…: 9·1 + 7·3 + 8·1 = 38 and the group weighs 3;
  // the body's digits (most significant first) weigh 1,3,1,3,1,3,1,3.
  let sum = 38 + 3 * group;
  let rest = v | 0; // < 10^8: `| 0` keeps the digit arithmetic in integers
  for (let i = 7; i >= 0; i--) {
    const digit = rest % 10;
    rest = ((rest - digit) / 10) | 0;
    sum += i % 2 === 1 ? 3 * digit : digit;
  }
  const tail = POW10[8 - split] as number;
  const registrant = Math.floor(v / tail);
  return `978-${group}-${padded(registrant, split)}-${padded(v - registrant * tail, 8 - split)}-${(10 - (sum % 10)) % 10}`;
}

// ---------------------------------------------------------------------------------------------------------
// The generators
// ---------------------------------------------------------------------------------------------------------

export interface FakerData {
  readonly firstName: StringGen;
  readonly lastName: StringGen;
  readonly middleName: StringGen;
  /** `First Last`. */
  readonly fullName: StringGen;
  /** First and last name as email local-part material (lowercase ASCII letters), same odds as the names. */
  readonly emailFirstName: StringGen;
  readonly emailLastName: StringGen;
  readonly username: StringGen;
  /** `1234 Main Street`. */
  readonly streetAddress: StringGen;
  readonly secondaryAddress: StringGen;
  readonly city: StringGen;
  readonly state: StringGen;
  readonly stateAbbr: StringGen;
  /** Five digits, leading zeros allowed (`location.zipCode('#####')`). */
  readonly zipCode: StringGen;
  readonly country: StringGen;
  readonly countryCode: StringGen;
  readonly companyName: StringGen;
  readonly jobTitle: StringGen;
  readonly productName: StringGen;
  readonly productDescription: StringGen;
  readonly department: StringGen;
  readonly hackerPhrase: StringGen;
  readonly bio: StringGen;
  readonly currencyCode: StringGen;
  readonly colorHuman: StringGen;
  /** `#a1b2c3` (`color.rgb()`). */
  readonly hexColor: StringGen;
  readonly gender: StringGen;
  readonly sex: StringGen;
  readonly timeZone: StringGen;
  readonly isbn: StringGen;
}

let data: FakerData | undefined;

const ZIP_LIMIT = limitFor(100000);
const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** An object whose properties are built on first read (and kept). */
function lazyRecord<T>(thunks: Readonly<Record<string, () => T>>): Readonly<Record<string, T>> {
  const out: Record<string, T> = {};
  for (const [key, make] of Object.entries(thunks)) {
    let value: T | undefined;
    Object.defineProperty(out, key, { enumerable: true, get: () => (value ??= make()) });
  }
  return out;
}

/**
 * The generators over faker's en data. Faker's locale is loaded on the first call; each generator (and the
 * lists and patterns it needs) is built when first asked for, so a schema with a `city` field never builds
 * product descriptions.
 */
export function fakerData(): FakerData {
  return (data ??= buildFakerData(loadEnFaker().rawDefinitions as unknown as Defs));
}

type GenRef = Extract<Ref, { kind: 'gen' }>;

function buildFakerData(defs: Defs): FakerData {
  const list =
    (path: string): (() => Ref) =>
    () =>
      listRef(strings(defs, path));
  const firstNameAs = (form: (s: string) => string): StringGen => sexedPicker(defs, 'person.first_name', form);
  const sexed = (path: string): GenRef => wrappable((before, after) => sexedPicker(defs, path, (s) => before + s + after)) as GenRef;

  // person.lastName: the weighted last_name_pattern (95 % one name, 5 % double-barrelled) when the locale has one.
  const lastNameAs = (form: NameForm): GenRef => {
    const raw = at(defs, 'person') as Record<string, unknown>;
    if (raw.last_name_pattern === undefined) {
      return wrappable((before, after) => sexedPicker(defs, 'person.last_name', (s) => before + form.name(s) + after)) as GenRef;
    }
    const byKind = at(defs, 'person.last_name_pattern') as Record<string, unknown>;
    if (Object.keys(byKind).join() !== 'generic')
      throw dataError('person.last_name_pattern', 'has sexed patterns SynthDataGen does not compile');
    const names: Methods = { 'person.last_name.generic': listRef(strings(defs, 'person.last_name.generic').map(form.name)) };
    return weightedPatterns(defs, 'person.last_name_pattern.generic', names, form.literal);
  };

  // Methods that faker patterns reference and that are not plain picks of a same-named definition list.
  const methods: Methods = lazyRecord<Ref>({
    'person.firstName': () => sexed('person.first_name'),
    'person.lastName': () => lastNameAs(DISPLAY),
    'person.middleName': () => sexed('person.middle_name'),
    'person.jobDescriptor': list('person.job_descriptor'),
    'person.jobArea': list('person.job_area'),
    'person.jobType': list('person.job_type'),
    'commerce.product': list('commerce.product_name.product'),
    'commerce.productMaterial': list('commerce.product_name.material'),
    'commerce.productAdjective': list('commerce.product_name.adjective'),
    'location.buildingNumber': () => patterns(defs, 'location.building_number', methods, true),
    'location.secondaryAddress': () => patterns(defs, 'location.secondary_address', methods, true),
    'location.street': () => patterns(defs, 'location.street_pattern', methods),
    'company.name': () => patterns(defs, 'company.name_pattern', methods),
    'company.catchPhrase': () => patternList(defs, ['{{company.adjective}} {{company.descriptor}} {{company.noun}}'], methods),
    // internet.emoji(): a uniform category, then a uniform emoji of it.
    'internet.emoji': () =>
      patternList(
        defs,
        Object.keys(at(defs, 'internet.emoji') as Record<string, unknown>).map((k) => `{{internet.emoji.${k}}}`),
        methods,
      ),
  });
  const method = (name: string): StringGen => (methods[name] as GenRef).gen;
  const pattern =
    (path: string): (() => StringGen) =>
    () =>
      patterns(defs, path, methods).gen;
  const pick =
    (path: string): (() => StringGen) =>
    () =>
      picker(strings(defs, path));

  return lazyRecord<StringGen>({
    firstName: () => method('person.firstName'),
    lastName: () => method('person.lastName'),
    middleName: () => method('person.middleName'),
    // `First Last`, the space folded into the first names: one concatenation.
    fullName: () => compile(defs, '{{person.firstName}} {{person.lastName}}', methods).gen,
    emailFirstName: () => firstNameAs(EMAIL.name),
    emailLastName: () => lastNameAs(EMAIL).gen,
    username: () => {
      // internet.username(): a name, a separator (. or _), a number 0-99 and one of three shapes
      // (`first.last42`, `first.last`, `first42`); the first name lists carry the separator already.
      const first = firstNameAs(usernameForm);
      const firstDot = firstNameAs((s) => `${usernameForm(s)}.`);
      const firstUnderscore = firstNameAs((s) => `${usernameForm(s)}_`);
      const last = lastNameAs(USERNAME).gen;
      const choices = 2 * 100 * 3;
      const limit = limitFor(choices);
      return (rng) => {
        // Separator, number and shape are uniform and independent: one draw over their 600 combinations.
        const r = below(rng, choices, limit);
        const n = DEC[(r >>> 1) % 100] as string;
        const shape = Math.floor(r / 200);
        if (shape === 2) return first(rng) + n;
        const head = (r & 1) === 0 ? firstDot(rng) : firstUnderscore(rng);
        return shape === 0 ? head + last(rng) + n : head + last(rng);
      };
    },
    streetAddress: () => {
      const streetAddressPattern = at(defs, 'location.street_address.normal');
      if (typeof streetAddressPattern !== 'string') throw dataError('location.street_address.normal', 'is not a pattern');
      return compile(defs, streetAddressPattern, methods).gen;
    },
    secondaryAddress: () => method('location.secondaryAddress'),
    city: pattern('location.city_pattern'),
    state: pick('location.state'),
    stateAbbr: pick('location.state_abbr'),
    zipCode: () => (rng) => {
      // `#####` through replaceSymbols: five independent digits, leading zeros allowed.
      const n = below(rng, 100000, ZIP_LIMIT);
      const hi = Math.floor(n / 1000);
      return (DEC2[hi] as string) + (DEC3[n - hi * 1000] as string);
    },
    country: pick('location.country'),
    countryCode: () => picker(column(defs, 'location.country_code', 'alpha2')),
    companyName: () => method('company.name'),
    jobTitle: pattern('person.job_title_pattern'),
    productName: pattern('commerce.product_name.pattern'),
    productDescription: pattern('commerce.product_description'),
    department: pick('commerce.department'),
    hackerPhrase: pattern('hacker.phrase'),
    bio: pattern('person.bio_pattern'),
    currencyCode: () => picker(column(defs, 'finance.currency', 'code')),
    colorHuman: pick('color.human'),
    hexColor: () => (rng) => {
      // color.rgb(): six independent lowercase hex digits, i.e. a uniform 24-bit value.
      const x = rng.nextU32();
      return `#${HEX2[(x >>> 16) & 255] as string}${HEX2[(x >>> 8) & 255] as string}${HEX2[x & 255] as string}`;
    },
    gender: pick('person.gender'),
    sex: pick('person.sex'),
    timeZone: pick('location.time_zone'),
    isbn: () => isbn13,
  }) as unknown as FakerData;
}
