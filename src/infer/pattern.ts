/**
 * String patterns for ID-like columns, by character-class tokenisation: each value is split into runs of one
 * class (upper-case letters, lower-case letters, digits) and single punctuation characters; when every value
 * has the same sequence of runs, the pattern lists the runs with their length ranges (`AB-1234` → `^[A-Z]{2}-
 * [0-9]{4}$`). A run whose text is the same in every value stays literal. When the classes do not line up,
 * coarser classes are tried (letters, then letters and digits, hex when that is all there is). No pattern
 * is derived unless every value fits it.
 *
 * The same runs drive the identifier generator of generate/model.ts, which must never produce a value of the
 * sample: it writes, at one chosen position, only characters no sample value has there (`exclusive`), or, when
 * every character occurs everywhere, one character more than any sample value has in one run (`extraLength`;
 * the pattern then allows that length too).
 */
import { escapeRegex } from './datetime.js';

export type CharClass = 'upper' | 'lower' | 'digit' | 'letter' | 'alnum' | 'hexLower' | 'hexUpper';

export const CLASS_CHARS: Readonly<Record<CharClass, string>> = {
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  digit: '0123456789',
  letter: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  alnum: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  hexLower: '0123456789abcdef',
  hexUpper: '0123456789ABCDEF',
};

const CLASS_PATTERN: Readonly<Record<CharClass, string>> = {
  upper: '[A-Z]',
  lower: '[a-z]',
  digit: '[0-9]',
  letter: '[A-Za-z]',
  alnum: '[0-9A-Za-z]',
  hexLower: '[0-9a-f]',
  hexUpper: '[0-9A-F]',
};

export type PatternRun = { readonly literal: string } | { readonly class: CharClass; readonly min: number; readonly max: number };

export interface IdentifierSpec {
  readonly runs: readonly PatternRun[];
  /** Characters allowed at `position` of run `run` when generating: none of them occurs there in the sample. */
  readonly exclusive?: { readonly run: number; readonly position: number; readonly chars: string };
  /** When no such position exists: run `run` is generated one character longer than any sample value has it. */
  readonly extraLength?: { readonly run: number; readonly length: number };
}

type Level = 0 | 1 | 2;

function classOf(code: number, level: Level): CharClass | undefined {
  const digit = code >= 48 && code <= 57;
  const upper = code >= 65 && code <= 90;
  const lower = code >= 97 && code <= 122;
  if (!digit && !upper && !lower) return undefined;
  if (level === 2) return 'alnum';
  if (digit) return 'digit';
  if (level === 1) return 'letter';
  return upper ? 'upper' : 'lower';
}

interface RawRun {
  readonly key: string;
  readonly text: string;
  readonly cls: CharClass | undefined;
}

function split(value: string, level: Level): RawRun[] {
  const runs: RawRun[] = [];
  let i = 0;
  while (i < value.length) {
    const cls = classOf(value.charCodeAt(i), level);
    if (cls === undefined) {
      runs.push({ key: `L${value[i]}`, text: value[i] as string, cls });
      i++;
      continue;
    }
    let j = i + 1;
    while (j < value.length && classOf(value.charCodeAt(j), level) === cls) j++;
    runs.push({ key: `C${cls}`, text: value.slice(i, j), cls });
    i = j;
  }
  return runs;
}

function refineAlnum(texts: readonly string[]): CharClass {
  if (texts.every((t) => /^[0-9a-f]+$/.test(t))) return 'hexLower';
  if (texts.every((t) => /^[0-9A-F]+$/.test(t))) return 'hexUpper';
  return 'alnum';
}

/** Runs shared by every value, or undefined. Values must be 1–100 characters of printable ASCII without spaces. */
export function deriveRuns(values: readonly string[]): PatternRun[] | undefined {
  if (values.length === 0) return undefined;
  for (const v of values) if (v.length === 0 || v.length > 100 || !/^[\x21-\x7e]+$/.test(v)) return undefined;
  for (const level of [0, 1, 2] as const) {
    const first = split(values[0] as string, level);
    if (first.length > 40) return undefined;
    const signature = first.map((r) => r.key).join('|');
    const texts: string[][] = first.map(() => []);
    let consistent = true;
    for (const v of values) {
      const runs = split(v, level);
      if (runs.length !== first.length || runs.map((r) => r.key).join('|') !== signature) {
        consistent = false;
        break;
      }
      runs.forEach((r, i) => (texts[i] as string[]).push(r.text));
    }
    if (!consistent) continue;
    return first.map((r, i): PatternRun => {
      const column = texts[i] as string[];
      if (r.cls === undefined) return { literal: r.text };
      const same = column.every((t) => t === column[0]);
      if (same) return { literal: column[0] as string };
      const lengths = column.map((t) => t.length);
      const cls = r.cls === 'alnum' ? refineAlnum(column) : r.cls;
      return { class: cls, min: Math.min(...lengths), max: Math.max(...lengths) };
    });
  }
  return undefined;
}

function runPattern(run: PatternRun): string {
  if ('literal' in run) return escapeRegex(run.literal);
  const quantifier = run.min === run.max ? (run.min === 1 ? '' : `{${run.min}}`) : `{${run.min},${run.max}}`;
  return `${CLASS_PATTERN[run.class]}${quantifier}`;
}

export function runsPattern(runs: readonly PatternRun[]): string {
  return `^${runs.map(runPattern).join('')}$`;
}

/** A pattern every value fits, when the values share one run structure. */
export function derivePattern(values: readonly string[]): string | undefined {
  const runs = deriveRuns(values);
  return runs === undefined ? undefined : runsPattern(runs);
}

/**
 * The generation spec for an identifier column: its runs plus the position (or extra length) that keeps every
 * generated value out of the sample. Only counts of characters per position are looked at; no value is kept.
 */
export function identifierSpec(values: readonly string[]): IdentifierSpec | undefined {
  const runs = deriveRuns(values);
  if (runs === undefined || !runs.some((r) => 'class' in r)) return undefined;
  // Characters seen at each position of each class run (positions every value has).
  let best: { run: number; position: number; chars: string } | undefined;
  const perRun: Array<Array<Set<string>>> = runs.map((r) => ('class' in r ? Array.from({ length: r.min }, () => new Set<string>()) : []));
  for (const v of values) {
    let offset = 0;
    // Re-split by the derived runs: literal runs have fixed text; class runs are maximal runs of their class.
    for (let r = 0; r < runs.length; r++) {
      const run = runs[r] as PatternRun;
      if ('literal' in run) {
        offset += run.literal.length;
        continue;
      }
      const alphabet = CLASS_CHARS[run.class];
      let end = offset;
      while (end < v.length && alphabet.includes(v[end] as string) && end - offset < run.max) end++;
      const seen = perRun[r] as Array<Set<string>>;
      for (let p = 0; p < seen.length; p++) (seen[p] as Set<string>).add(v[offset + p] as string);
      offset = end;
    }
  }
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r] as PatternRun;
    if (!('class' in run)) continue;
    const alphabet = CLASS_CHARS[run.class];
    const seen = perRun[r] as Array<Set<string>>;
    for (let p = 0; p < seen.length; p++) {
      const unused = [...alphabet].filter((c) => !(seen[p] as Set<string>).has(c)).join('');
      if (unused.length > 0 && (best === undefined || unused.length > best.chars.length)) best = { run: r, position: p, chars: unused };
    }
  }
  if (best !== undefined) return { runs, exclusive: best };
  // Every character occurs at every position: lengthen the last class run by one.
  let last = -1;
  runs.forEach((r, i) => {
    if ('class' in r) last = i;
  });
  const run = runs[last] as { class: CharClass; min: number; max: number };
  const widened = runs.map((r, i) => (i === last ? { class: run.class, min: run.min, max: run.max + 1 } : r));
  return { runs: widened, extraLength: { run: last, length: run.max + 1 } };
}
