/**
 * Strings that match a JSON Schema `pattern`.
 *
 * Ajv tests patterns as `new RegExp(pattern, 'u').test(s)`: unicode mode, and a search rather than a full
 * match unless the pattern anchors itself. We parse the pattern once with regexpp, compile the AST into a
 * small tree of generator nodes, and walk that tree per call. Each node knows the least and most code points
 * it can produce, so quantifiers and alternations can pick choices that still land inside the caller's
 * length window instead of generating blindly and rejecting.
 *
 * Plain regular syntax (literals, classes, quantifiers, groups, alternation, `^`/`$`) is generated exactly.
 * Lookarounds, backreferences, word boundaries and inline modifiers are generated approximately and every
 * candidate is checked against the real RegExp; a failed attempt is retried on a fresh stream.
 */

import { RegExpParser, type AST } from '@eslint-community/regexpp';
import { SdgError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';

export interface PatternGenerator {
  readonly source: string;
  /** true when every string it returns is guaranteed to match without a runtime check (no lookarounds/backrefs/word boundaries) */
  readonly exact: boolean;
  /** Returns a matching string whose length in Unicode code points is within [minLength, maxLength], or undefined if it could not find one within a bounded number of attempts. */
  generate(rng: Rng, minLength?: number, maxLength?: number): string | undefined;
}

/** Retries per call; each retry is cheap, and patterns that need more are better served by a different strategy. */
const MAX_ATTEMPTS = 50;
/** `*`, `+` and `{n,}` repeat at most this many times beyond their minimum unless the length window demands more. */
const SOFT_REPEAT = 8;
/** `{n,m}` with a huge span is capped like this so `{1,1000}` does not average 500 characters. */
const SOFT_RANGE = 64;
const MAX_CP = 0x10ffff;
/** `a{1000000000}` with no maxLength would otherwise die with "Invalid string length" mid-generation. */
const MAX_OUTPUT = 1 << 24;

// ---------------------------------------------------------------------------------------------------------
// Code point sets: flat sorted arrays of inclusive [lo, hi] pairs, disjoint and non-adjacent.

type Ranges = number[];

function normalize(pairs: Ranges): Ranges {
  const idx: number[] = [];
  for (let i = 0; i < pairs.length; i += 2) idx.push(i);
  idx.sort((a, b) => (pairs[a] as number) - (pairs[b] as number));
  const out: Ranges = [];
  for (const i of idx) {
    const lo = pairs[i] as number;
    const hi = pairs[i + 1] as number;
    if (hi < lo) continue;
    const n = out.length;
    if (n > 0 && lo <= (out[n - 1] as number) + 1) {
      if (hi > (out[n - 1] as number)) out[n - 1] = hi;
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}

function complement(set: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (let i = 0; i < set.length; i += 2) {
    const lo = set[i] as number;
    if (lo > next) out.push(next, lo - 1);
    next = (set[i + 1] as number) + 1;
  }
  if (next <= MAX_CP) out.push(next, MAX_CP);
  return out;
}

function intersect(a: Ranges, b: Ranges): Ranges {
  const out: Ranges = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i] as number, b[j] as number);
    const ahi = a[i + 1] as number;
    const bhi = b[j + 1] as number;
    const hi = Math.min(ahi, bhi);
    if (lo <= hi) out.push(lo, hi);
    if (ahi < bhi) i += 2;
    else j += 2;
  }
  return out;
}

function subtract(a: Ranges, b: Ranges): Ranges {
  return intersect(a, complement(b));
}

function sizeOf(set: Ranges): number {
  let n = 0;
  for (let i = 0; i < set.length; i += 2) n += (set[i + 1] as number) - (set[i] as number) + 1;
  return n;
}

const DIGIT: Ranges = [0x30, 0x39];
const WORD: Ranges = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
const SPACE: Ranges = normalize([
  0x09, 0x0d, 0x20, 0x20, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f, 0x205f, 0x205f, 0x3000, 0x3000,
  0xfeff, 0xfeff,
]);
const LINE_TERMINATORS: Ranges = [0x0a, 0x0a, 0x0d, 0x0d, 0x2028, 0x2029];
const SURROGATES: Ranges = [0xd800, 0xdfff];
const CONTROLS: Ranges = [0x00, 0x1f, 0x7f, 0x9f];
const PRINTABLE_ASCII: Ranges = [0x20, 0x7e];
/** Where a large set draws its non-ASCII characters from most of the time: scripts people recognise. */
const FAMILIAR: Ranges = normalize([
  0xc0, 0xd6, 0xd8, 0xf6, 0xf8, 0x17f, 0x391, 0x3a1, 0x3a3, 0x3a9, 0x3b1, 0x3c9, 0x410, 0x44f, 0x5d0, 0x5ea, 0x627, 0x64a, 0x3041, 0x3096,
  0x30a1, 0x30fa, 0x4e00, 0x4fff, 0xac00, 0xad7f, 0x1f600, 0x1f64f,
]);
/** The rare "anything in the set" draw stays below here, where most assigned code points live. */
const LOW_PLANES: Ranges = [0, 0x2ffff];

function escapeSet(kind: 'digit' | 'space' | 'word', negate: boolean): Ranges {
  const base = kind === 'digit' ? DIGIT : kind === 'space' ? SPACE : WORD;
  return negate ? complement(base) : base;
}

function cpString(cp: number): string {
  return cp < 0x10000 ? String.fromCharCode(cp) : String.fromCodePoint(cp);
}

function cpLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A low surrogate right after a high one is the second half of one code point.
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const p = s.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) continue;
    }
    n++;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------------------
// Unicode property escapes. We have no property tables of our own, so the engine's answer is the truth:
// every candidate code point is run through the actual escape (or the whole class containing it) once, and
// the ones that match form the set. Candidates are the whole BMP and plane 1 plus a sparse sweep of the
// rest, so the set is an exact subset of the property's true members (never a superset), which keeps
// generation exact even for negated classes, at a few milliseconds per distinct escape.

/** A stretch of candidates: code points `from`, `from + step`, … below `to`, each `units` UTF-16 units long. */
interface Segment {
  readonly from: number;
  readonly to: number;
  readonly step: number;
  readonly units: number;
  /** Offset of the segment's first code point in the candidate text. */
  readonly offset: number;
}

const SEGMENT_SHAPES: readonly (readonly [from: number, to: number, step: number])[] = [
  [0, 0xd800, 1],
  [0xe000, 0x10000, 1],
  [0x10000, 0x20000, 1],
  [0x20000, 0x40000, 8],
  [0x40000, MAX_CP + 1, 256],
];

let candidates: { readonly text: string; readonly segments: readonly Segment[] } | undefined;
const propertyCache = new Map<string, Ranges>();

function getCandidates(): { readonly text: string; readonly segments: readonly Segment[] } {
  if (candidates !== undefined) return candidates;
  const segments: Segment[] = [];
  let offset = 0;
  for (const [from, to, step] of SEGMENT_SHAPES) {
    const units = from < 0x10000 ? 1 : 2;
    segments.push({ from, to, step, units, offset });
    offset += Math.ceil((to - from) / step) * units;
  }
  const buf = new Uint16Array(offset);
  let k = 0;
  for (const seg of segments) {
    for (let cp = seg.from; cp < seg.to; cp += seg.step) {
      if (seg.units === 1) buf[k++] = cp;
      else {
        const v = cp - 0x10000;
        buf[k++] = 0xd800 + (v >> 10);
        buf[k++] = 0xdc00 + (v & 0x3ff);
      }
    }
  }
  candidates = { text: new TextDecoder('utf-16le').decode(buf), segments };
  return candidates;
}

/** The members of a class atom (e.g. `\p{L}`, `[^\p{Lu}\d]`) among the candidates, by asking the engine. */
function propertyRanges(atomRaw: string): Ranges {
  const cached = propertyCache.get(atomRaw);
  if (cached !== undefined) return cached;
  const { text, segments } = getCandidates();
  const re = new RegExp(`(?:${atomRaw})+`, 'gu');
  const pairs: Ranges = [];
  const add = (lo: number, hi: number): void => {
    const n = pairs.length;
    if (n > 0 && (pairs[n - 1] as number) + 1 >= lo) pairs[n - 1] = Math.max(pairs[n - 1] as number, hi);
    else pairs.push(lo, hi);
  };
  for (const m of text.matchAll(re)) {
    const start = m.index;
    const end = start + m[0].length;
    for (const seg of segments) {
      const segEnd = seg.offset + Math.ceil((seg.to - seg.from) / seg.step) * seg.units;
      const a = Math.max(start, seg.offset);
      const b = Math.min(end, segEnd);
      if (a >= b) continue;
      const first = seg.from + ((a - seg.offset) / seg.units) * seg.step;
      const last = seg.from + ((b - seg.offset) / seg.units - 1) * seg.step;
      if (seg.step === 1) add(first, last);
      else for (let cp = first; cp <= last; cp += seg.step) add(cp, cp);
    }
  }
  propertyCache.set(atomRaw, pairs);
  return pairs;
}

// ---------------------------------------------------------------------------------------------------------
// Per-call state.

/** Per-call mutable state; one instance per compiled pattern is reused because generation never re-enters. */
class Ctx {
  rng!: Rng;
  /** Unused random bits from the last draw: small choices take 8 or 16 bits instead of a whole hash. */
  private buf = 0;
  private bits = 0;
  out = '';
  /** Code points in `out`. */
  len = 0;
  groups: (string | undefined)[];
  groupLens: number[];
  /** `^` was matched, so nothing may be padded in front. */
  sawStart = false;
  /** Code point offset where `$` was matched, or -1. */
  endAt = -1;
  /** Text a leading positive lookbehind wants in front of the match. */
  prefix = '';
  prefixLen = 0;
  /** Text a trailing positive lookahead wants after the match, valid only if nothing followed it. */
  suffix = '';
  suffixLen = 0;
  suffixAt = -1;

  constructor(groupCount: number) {
    this.groups = new Array<string | undefined>(groupCount).fill(undefined);
    this.groupLens = new Array<number>(groupCount).fill(0);
  }

  reset(rng: Rng): void {
    this.rng = rng;
    this.buf = 0;
    this.bits = 0;
    this.out = '';
    this.len = 0;
    this.sawStart = false;
    this.endAt = -1;
    this.prefix = '';
    this.prefixLen = 0;
    this.suffix = '';
    this.suffixLen = 0;
    this.suffixAt = -1;
    for (let i = 0; i < this.groups.length; i++) {
      this.groups[i] = undefined;
      this.groupLens[i] = 0;
    }
  }

  /**
   * Uniform integer in [0, n), unbiased: rejection sampling on a chunk of 8, 10, 15 or 30 bits, so one hash
   * serves up to three small choices. The buffer keeps 30 of the 32 bits so it stays a small integer for V8
   * instead of a boxed double.
   */
  below(n: number): number {
    if (n <= 1) return 0;
    if (n <= 64) {
      // The common case (character tables, small counts) with constants the JIT can fold.
      const limit = 256 - (256 % n);
      for (;;) {
        if (this.bits < 8) {
          this.buf = this.rng.nextU32() >>> 2;
          this.bits = 30;
        }
        const x = this.buf & 0xff;
        this.buf >>>= 8;
        this.bits -= 8;
        if (x < limit) return x % n;
      }
    }
    const width = n <= 256 ? 10 : n <= 4096 ? 15 : n <= 0x40000000 ? 30 : 0;
    if (width === 0) return this.rng.below(n);
    const size = 1 << width;
    const limit = size - (size % n);
    const mask = size - 1;
    for (;;) {
      if (this.bits < width) {
        this.buf = this.rng.nextU32() >>> 2;
        this.bits = 30;
      }
      const x = this.buf & mask;
      this.buf >>>= width;
      this.bits -= width;
      if (x < limit) return x % n;
    }
  }

  int(min: number, max: number): number {
    return min + this.below(max - min + 1);
  }

  /** Generates `node` on its own (for a lookaround body) without disturbing the main match. */
  detached(node: GenNode): { text: string; len: number } | undefined {
    const { out, len, sawStart, endAt } = this;
    this.out = '';
    this.len = 0;
    const ok = node.gen(this, 0, Infinity);
    const result = ok ? { text: this.out, len: this.len } : undefined;
    this.out = out;
    this.len = len;
    this.sawStart = sawStart;
    this.endAt = endAt;
    return result;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Sampling one code point from a set.

type Sampler = (ctx: Ctx) => string;
type CpPicker = (ctx: Ctx) => number;

function rangePicker(set: Ranges): CpPicker {
  if (set.length === 2) {
    const lo = set[0] as number;
    const span = (set[1] as number) - lo + 1;
    return (ctx) => lo + ctx.below(span);
  }
  const k = set.length / 2;
  const cum = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < k; i++) {
    total += (set[2 * i + 1] as number) - (set[2 * i] as number) + 1;
    cum[i] = total;
  }
  return (ctx) => {
    const x = ctx.below(total);
    let a = 0;
    let b = k - 1;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if ((cum[mid] as number) > x) b = mid;
      else a = mid + 1;
    }
    const before = a === 0 ? 0 : (cum[a - 1] as number);
    return (set[2 * a] as number) + (x - before);
  };
}

function tableOf(set: Ranges): string[] {
  const table: string[] = [];
  for (let i = 0; i < set.length; i += 2) {
    for (let cp = set[i] as number; cp <= (set[i + 1] as number); cp++) table.push(cpString(cp));
  }
  return table;
}

function tableSampler(table: readonly string[]): Sampler {
  const n = table.length;
  if (n === 1) {
    const only = table[0] as string;
    return () => only;
  }
  return (ctx) => table[ctx.below(n)] as string;
}

/** Unassigned, private-use, format and control code points render as boxes or nothing; redraw those. */
const OTHER_CATEGORY = /\p{C}/u;

interface CharPicker {
  readonly sample: Sampler;
  /** The characters, when sampling is uniform over a list short enough for chunk tables. */
  readonly table: readonly string[] | undefined;
  /** Every string of `width` draws from `table`; built on first bulk use. */
  chunks: readonly string[] | undefined;
  width: number;
}

/**
 * Short strings in V8 cost an allocation and copy per `+=`, which dominates `[0-9]{5}`; drawing two or
 * three characters at once from a table of all combinations (at most 4096 entries) halves that and the
 * draws too.
 */
function buildChunks(picker: CharPicker, table: readonly string[]): readonly string[] {
  const width = table.length <= 16 ? 3 : 2;
  let chunks: string[] = [...table];
  for (let w = 1; w < width; w++) {
    const next: string[] = [];
    for (const head of chunks) for (const t of table) next.push(head + t);
    chunks = next;
  }
  picker.width = width;
  picker.chunks = chunks;
  return chunks;
}

/**
 * Small sets the author spelled out are sampled uniformly. Big or control-bearing sets (`.`, `[^…]`, `\S`,
 * `\p{L}`) mostly yield printable ASCII, sometimes a familiar script, rarely anything in the set, so output
 * reads like text rather than a dump of the code space.
 */
function makePicker(set: Ranges): CharPicker | undefined {
  let usable = subtract(set, SURROGATES);
  // Lone surrogates only when the author asked for nothing else: they break JSON round-trips.
  if (usable.length === 0) usable = set;
  if (usable.length === 0) return undefined;
  const n = sizeOf(usable);
  const hasControls = intersect(usable, CONTROLS).length > 0;
  if (n <= 256 && !hasControls) {
    const table = tableOf(usable);
    return { sample: tableSampler(table), table: n >= 2 && n <= 64 ? table : undefined, chunks: undefined, width: 1 };
  }
  return { sample: makeSampler(usable), table: undefined, chunks: undefined, width: 1 };
}

function makeSampler(usable: Ranges): Sampler {
  const ascii = intersect(usable, PRINTABLE_ASCII);
  const familiar = intersect(usable, FAMILIAR);
  const low = intersect(usable, LOW_PLANES);
  const anyPick = rangePicker(low.length > 0 ? low : usable);
  const asciiPick = ascii.length > 0 ? tableSampler(tableOf(ascii)) : undefined;
  const familiarPick = familiar.length > 0 ? rangePicker(familiar) : undefined;
  // Weights out of 20: 16 ASCII, 3 familiar, 1 anything.
  const wA = asciiPick ? 16 : 0;
  const wB = familiarPick ? 3 : 0;
  const total = wA + wB + 1;
  return (ctx) => {
    const u = ctx.below(total);
    if (u < wA && asciiPick) return asciiPick(ctx);
    if (u < wA + wB && familiarPick) return cpString(familiarPick(ctx));
    let cp = anyPick(ctx);
    for (let tries = 0; tries < 3; tries++) {
      const s = cpString(cp);
      if (!OTHER_CATEGORY.test(s)) return s;
      cp = anyPick(ctx);
    }
    return cpString(cp);
  };
}

// ---------------------------------------------------------------------------------------------------------
// Generator nodes.

interface GenNode {
  /** Fewest / most code points this node can produce; `dead` nodes can produce nothing at all. */
  readonly min: number;
  readonly max: number;
  readonly dead: boolean;
  /** Appends a production to ctx, aiming for a length in [lo, hi]; false means this attempt is lost. */
  gen(ctx: Ctx, lo: number, hi: number): boolean;
}

/**
 * A random lower bound on one part's share of `excess`: uniform up to one and a half times the even split,
 * so parts grow together on average yet any single part can still stay small (parity-bound patterns like
 * `\d{1,3}(,\d{3})*` need that).
 */
function share(ctx: Ctx, excess: number, parts: number): number {
  const top = Math.floor((excess * 1.5) / parts);
  return top > 0 ? ctx.below(Math.min(top, excess) + 1) : 0;
}

function fits(node: GenNode, lo: number, hi: number): boolean {
  return !node.dead && node.min <= hi && node.max >= lo;
}

class EmptyNode implements GenNode {
  readonly min = 0;
  readonly max = 0;
  readonly dead = false;
  gen(): boolean {
    return true;
  }
}

class DeadNode implements GenNode {
  readonly min = Infinity;
  readonly max = 0;
  readonly dead = true;
  gen(): boolean {
    return false;
  }
}

class LitNode implements GenNode {
  readonly min: number;
  readonly max: number;
  readonly dead = false;
  constructor(readonly text: string) {
    this.min = this.max = cpLength(text);
  }
  gen(ctx: Ctx): boolean {
    ctx.out += this.text;
    ctx.len += this.min;
    return true;
  }
}

class SetNode implements GenNode {
  readonly min = 1;
  readonly max = 1;
  readonly dead = false;
  private readonly sample: Sampler;
  constructor(private readonly picker: CharPicker) {
    this.sample = picker.sample;
  }
  gen(ctx: Ctx): boolean {
    ctx.out += this.sample(ctx);
    ctx.len++;
    return true;
  }
  /** Appends `count` independent samples. */
  genMany(ctx: Ctx, count: number): void {
    const picker = this.picker;
    let left = count;
    if (picker.table !== undefined && count > 1) {
      const chunks = picker.chunks ?? buildChunks(picker, picker.table);
      const width = picker.width;
      const n = chunks.length;
      while (left >= width) {
        ctx.out += chunks[ctx.below(n)] as string;
        left -= width;
      }
    }
    const sample = this.sample;
    while (left-- > 0) ctx.out += sample(ctx);
    ctx.len += count;
  }
}

class SeqNode implements GenNode {
  readonly min: number;
  readonly max: number;
  readonly dead: boolean;
  /** Least / most the elements after index i can still produce. */
  private readonly restMin: Float64Array;
  private readonly restMax: Float64Array;
  /** Unbounded elements from index i on: the ones that share growth a long window forces. */
  private readonly flexible: Int32Array;
  constructor(private readonly items: readonly GenNode[]) {
    const n = items.length;
    this.restMin = new Float64Array(n);
    this.restMax = new Float64Array(n);
    this.flexible = new Int32Array(n);
    let min = 0;
    let max = 0;
    let flexible = 0;
    for (let i = n - 1; i >= 0; i--) {
      this.restMin[i] = min;
      this.restMax[i] = max;
      const item = items[i] as GenNode;
      if (item.max === Infinity) flexible++;
      this.flexible[i] = flexible;
      min += item.min;
      max += item.max;
    }
    this.dead = items.some((i) => i.dead);
    this.min = min;
    this.max = max;
  }
  gen(ctx: Ctx, lo: number, hi: number): boolean {
    const items = this.items;
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as GenNode;
      const start = ctx.len;
      if (item.min === item.max) {
        if (!item.gen(ctx, item.min, item.max)) return false;
      } else {
        const restMin = this.restMin[i] as number;
        let l = Math.max(item.min, lo - (this.restMax[i] as number));
        const h = Math.min(item.max, hi - restMin);
        if (l > h) return false;
        // When the window forces growth, share it among the variable parts instead of piling it on the last.
        const excess = lo - item.min - restMin;
        if (excess > 0 && item.max === Infinity) l = Math.max(l, Math.min(h, item.min + share(ctx, excess, this.flexible[i] as number)));
        if (!item.gen(ctx, l, h)) return false;
      }
      const used = ctx.len - start;
      lo -= used;
      hi -= used;
    }
    return true;
  }
}

class AltNode implements GenNode {
  readonly min: number;
  readonly max: number;
  readonly dead: boolean;
  constructor(private readonly options: readonly GenNode[]) {
    const live = options.filter((o) => !o.dead);
    this.dead = live.length === 0;
    this.min = this.dead ? Infinity : Math.min(...live.map((o) => o.min));
    this.max = this.dead ? 0 : Math.max(...live.map((o) => o.max));
  }
  gen(ctx: Ctx, lo: number, hi: number): boolean {
    const options = this.options;
    let count = 0;
    for (const o of options) if (fits(o, lo, hi)) count++;
    if (count === 0) return false;
    let k = count === 1 ? 0 : ctx.below(count);
    for (const o of options) {
      if (!fits(o, lo, hi)) continue;
      if (k-- === 0) return o.gen(ctx, lo, hi);
    }
    return false;
  }
}

class CaptureNode implements GenNode {
  readonly min: number;
  readonly max: number;
  readonly dead: boolean;
  constructor(
    private readonly index: number,
    private readonly body: GenNode,
  ) {
    this.min = body.min;
    this.max = body.max;
    this.dead = body.dead;
  }
  gen(ctx: Ctx, lo: number, hi: number): boolean {
    const startUnits = ctx.out.length;
    const startLen = ctx.len;
    if (!this.body.gen(ctx, lo, hi)) return false;
    ctx.groups[this.index] = ctx.out.slice(startUnits);
    ctx.groupLens[this.index] = ctx.len - startLen;
    return true;
  }
}

class RepeatNode implements GenNode {
  readonly min: number;
  readonly max: number;
  readonly dead: boolean;
  private readonly softMax: number;
  constructor(
    private readonly body: GenNode,
    private readonly qmin: number,
    private readonly qmax: number,
    /** Capture groups inside the body: ECMAScript clears them at the start of every iteration. */
    private readonly resets: readonly number[],
  ) {
    if (body.dead) {
      this.dead = qmin > 0;
      this.qmax = 0;
      this.min = this.dead ? Infinity : 0;
      this.max = 0;
    } else {
      this.dead = false;
      this.min = qmin * body.min;
      this.max = qmax === 0 || body.max === 0 ? 0 : qmax * body.max;
    }
    this.softMax = qmax === Infinity ? qmin + SOFT_REPEAT : Math.min(qmax, qmin + SOFT_RANGE);
  }
  gen(ctx: Ctx, lo: number, hi: number): boolean {
    const body = this.body;
    const emin = body.min;
    const emax = body.max;
    let count: number;
    if (emax === 0) {
      // Zero-width bodies (empty groups, anchors) have the same effect once as a million times.
      count = Math.min(this.qmin, 1);
      if (count === 0 && this.qmax > 0) count = ctx.below(2);
    } else {
      let cLo = this.qmin;
      let cHi = this.qmax;
      if (emin > 0) cHi = Math.min(cHi, Math.floor(hi / emin));
      if (lo > 0) cLo = Math.max(cLo, emax === Infinity ? 1 : Math.ceil(lo / emax));
      if (cLo > cHi) return false;
      // A forced minimum still gets some spread above it, so long windows do not all land on one length.
      const top = Math.min(cHi, Math.max(this.softMax, cLo + (cLo >> 2)));
      count = cLo === top ? cLo : ctx.int(cLo, top);
    }
    if (body instanceof SetNode) {
      body.genMany(ctx, count);
      return true;
    }
    const resets = this.resets;
    const fixed = emin === emax;
    for (let j = 0; j < count; j++) {
      for (let r = 0; r < resets.length; r++) {
        const g = resets[r] as number;
        ctx.groups[g] = undefined;
        ctx.groupLens[g] = 0;
      }
      const start = ctx.len;
      if (fixed) {
        if (!body.gen(ctx, emin, emax)) return false;
      } else {
        const rest = count - j - 1;
        let l = Math.max(emin, rest === 0 ? lo : lo - rest * emax);
        const h = Math.min(emax, hi - rest * emin);
        if (l > h) return false;
        const excess = lo - (rest + 1) * emin;
        if (excess > 0) l = Math.max(l, Math.min(h, emin + share(ctx, excess, rest + 1)));
        if (!body.gen(ctx, l, h)) return false;
      }
      const used = ctx.len - start;
      lo -= used;
      hi -= used;
    }
    return true;
  }
}

class BackrefNode implements GenNode {
  readonly min = 0;
  readonly max: number;
  readonly dead = false;
  constructor(
    private readonly indices: readonly number[],
    max: number,
  ) {
    this.max = max;
  }
  gen(ctx: Ctx): boolean {
    for (const i of this.indices) {
      const text = ctx.groups[i];
      if (text !== undefined) {
        ctx.out += text;
        ctx.len += ctx.groupLens[i] as number;
        return true;
      }
    }
    // A reference to a group that has not participated matches the empty string.
    return true;
  }
}

class StartNode implements GenNode {
  readonly min = 0;
  readonly max = 0;
  readonly dead = false;
  gen(ctx: Ctx): boolean {
    if (ctx.len !== 0) return false;
    ctx.sawStart = true;
    return true;
  }
}

class EndNode implements GenNode {
  readonly min = 0;
  readonly max = 0;
  readonly dead = false;
  gen(ctx: Ctx): boolean {
    if (ctx.endAt >= 0 && ctx.endAt !== ctx.len) return false;
    ctx.endAt = ctx.len;
    return true;
  }
}

/**
 * Positive lookarounds at the edges of the match are easy to satisfy by construction: a lookbehind before
 * anything was generated becomes a prefix, a lookahead after which nothing follows becomes a suffix. Every
 * other lookaround is left to the final RegExp check.
 */
class LookNode implements GenNode {
  readonly min = 0;
  readonly max = 0;
  readonly dead: boolean;
  constructor(
    private readonly behind: boolean,
    private readonly negate: boolean,
    private readonly body: GenNode,
  ) {
    this.dead = !negate && body.dead;
  }
  gen(ctx: Ctx): boolean {
    if (this.negate) return true;
    if (this.behind) {
      if (ctx.len !== 0 || ctx.prefixLen !== 0) return true;
      const got = ctx.detached(this.body);
      if (got !== undefined) {
        ctx.prefix = got.text;
        ctx.prefixLen = got.len;
      }
      return true;
    }
    const got = ctx.detached(this.body);
    if (got !== undefined) {
      ctx.suffix = got.text;
      ctx.suffixLen = got.len;
      ctx.suffixAt = ctx.len;
    }
    return true;
  }
}

// ---------------------------------------------------------------------------------------------------------
// AST → nodes.

const EMPTY = new EmptyNode();
const DEAD = new DeadNode();
const pickerCache = new Map<string, CharPicker | undefined>();
const CACHE_LIMIT = 1000;

function setNode(key: string, build: () => Ranges): GenNode {
  let picker: CharPicker | undefined;
  if (pickerCache.has(key)) picker = pickerCache.get(key);
  else {
    picker = makePicker(build());
    if (pickerCache.size >= CACHE_LIMIT) pickerCache.clear();
    pickerCache.set(key, picker);
  }
  return picker === undefined ? DEAD : new SetNode(picker);
}

interface Compiler {
  readonly groupIndex: Map<AST.CapturingGroup, number>;
  readonly groupMax: Map<AST.CapturingGroup, number>;
  /** Cleared by anything the node tree only approximates. */
  exact: boolean;
}

function classElementRanges(el: AST.CharacterClassElement): Ranges | undefined {
  switch (el.type) {
    case 'Character':
      return [el.value, el.value];
    case 'CharacterClassRange':
      return [el.min.value, el.max.value];
    case 'CharacterSet':
      if (el.kind === 'property') return undefined;
      return escapeSet(el.kind, el.negate);
    default:
      // `v`-flag constructs cannot occur in `u` mode; treat them like properties and ask the engine.
      return undefined;
  }
}

function compileClass(node: AST.CharacterClass): GenNode {
  return setNode(`class:${node.raw}`, () => {
    let pairs: Ranges = [];
    for (const el of node.elements) {
      const r = classElementRanges(el);
      if (r === undefined) return propertyRanges(node.raw);
      pairs = pairs.concat(r);
    }
    const set = normalize(pairs);
    return node.negate ? complement(set) : set;
  });
}

function compileCharacterSet(node: AST.CharacterSet): GenNode {
  switch (node.kind) {
    case 'any':
      return setNode('any', () => complement(LINE_TERMINATORS));
    case 'property':
      return setNode(`class:${node.raw}`, () => propertyRanges(node.raw));
    default:
      return setNode(`${node.kind}:${node.negate}`, () => escapeSet(node.kind, node.negate));
  }
}

function collectGroups(node: AST.Node, out: AST.CapturingGroup[]): void {
  switch (node.type) {
    case 'CapturingGroup':
      out.push(node);
      for (const a of node.alternatives) collectGroups(a, out);
      break;
    case 'Pattern':
    case 'Group':
      for (const a of node.alternatives) collectGroups(a, out);
      break;
    case 'Assertion':
      if (node.kind === 'lookahead' || node.kind === 'lookbehind') for (const a of node.alternatives) collectGroups(a, out);
      break;
    case 'Alternative':
      for (const e of node.elements) collectGroups(e, out);
      break;
    case 'Quantifier':
      collectGroups(node.element, out);
      break;
    default:
      break;
  }
}

function compileAlternatives(c: Compiler, alternatives: readonly AST.Alternative[]): GenNode {
  if (alternatives.length === 1) return compileSequence(c, alternatives[0] as AST.Alternative);
  return new AltNode(alternatives.map((a) => compileSequence(c, a)));
}

function compileSequence(c: Compiler, alt: AST.Alternative, elements: readonly AST.Element[] = alt.elements): GenNode {
  const items: GenNode[] = [];
  let literal = '';
  for (const el of elements) {
    if (el.type === 'Character') {
      literal += String.fromCodePoint(el.value);
      continue;
    }
    if (literal !== '') {
      items.push(new LitNode(literal));
      literal = '';
    }
    items.push(compileElement(c, el));
  }
  if (literal !== '') items.push(new LitNode(literal));
  if (items.length === 0) return EMPTY;
  if (items.length === 1) return items[0] as GenNode;
  return new SeqNode(items);
}

function compileElement(c: Compiler, el: AST.Element): GenNode {
  switch (el.type) {
    case 'Character':
      return new LitNode(String.fromCodePoint(el.value));
    case 'CharacterClass':
      return compileClass(el);
    case 'CharacterSet':
      return compileCharacterSet(el);
    case 'ExpressionCharacterClass':
      return setNode(`class:${el.raw}`, () => propertyRanges(el.raw));
    case 'Group':
      // Inline modifiers can change what `.`, `^`, `$` and letters mean; generate plainly, then verify.
      if (el.modifiers !== null) c.exact = false;
      return compileAlternatives(c, el.alternatives);
    case 'CapturingGroup':
      return new CaptureNode(c.groupIndex.get(el) as number, compileAlternatives(c, el.alternatives));
    case 'Quantifier': {
      const inner: AST.CapturingGroup[] = [];
      collectGroups(el.element, inner);
      const resets = inner.map((g) => c.groupIndex.get(g) as number);
      return new RepeatNode(compileElement(c, el.element), el.min, el.max, resets);
    }
    case 'Backreference': {
      c.exact = false;
      const targets = Array.isArray(el.resolved) ? el.resolved : [el.resolved];
      const indices = targets.map((g) => c.groupIndex.get(g) as number);
      // The group's own node is not at hand here; its text can be anything the group allows.
      const max = targets.reduce((m, g) => Math.max(m, maxLengthOf(c, g)), 0);
      return new BackrefNode(indices, max);
    }
    case 'Assertion':
      switch (el.kind) {
        case 'start':
          return new StartNode();
        case 'end':
          return new EndNode();
        case 'word':
          c.exact = false;
          return EMPTY;
        default:
          c.exact = false;
          return new LookNode(el.kind === 'lookbehind', el.negate, compileAlternatives(c, el.alternatives));
      }
  }
}

/** Upper bound on a group's length for backreference budgeting, computed on a throwaway compile. */
function maxLengthOf(c: Compiler, g: AST.CapturingGroup): number {
  const known = c.groupMax.get(g);
  if (known !== undefined) return known;
  // A reference inside its own group (`(a\1)`) would recurse; unbounded is a safe answer meanwhile.
  c.groupMax.set(g, Infinity);
  const scratch: Compiler = { groupIndex: c.groupIndex, groupMax: c.groupMax, exact: true };
  const max = compileAlternatives(scratch, g.alternatives).max;
  c.groupMax.set(g, max);
  return max;
}

/** Whether every way through `alt` begins (`edge` = 'start') or ends with the matching anchor. */
function anchored(alt: AST.Alternative, edge: 'start' | 'end'): boolean {
  const els = alt.elements;
  for (let k = 0; k < els.length; k++) {
    const el = els[edge === 'start' ? k : els.length - 1 - k] as AST.Element;
    if (el.type === 'Assertion') {
      if (el.kind === edge) return true;
      if (el.kind === 'start' || el.kind === 'end') return false;
      continue;
    }
    if (el.type === 'Group' || el.type === 'CapturingGroup') {
      return el.alternatives.every((a) => anchored(a, edge));
    }
    return false;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// The compiled pattern.

interface TopAlternative {
  readonly node: GenNode;
  readonly canPad: boolean;
  /** Leading `^` / trailing `$` lifted out of the node tree: the common case costs no node calls. */
  readonly startAnchor: boolean;
  readonly endAnchor: boolean;
}

function isEdge(el: AST.Element | undefined, kind: 'start' | 'end'): boolean {
  return el !== undefined && el.type === 'Assertion' && el.kind === kind;
}

function compileTop(c: Compiler, alt: AST.Alternative): TopAlternative {
  let from = 0;
  let to = alt.elements.length;
  while (from < to && isEdge(alt.elements[from], 'start')) from++;
  while (to > from && isEdge(alt.elements[to - 1], 'end')) to--;
  return {
    node: compileSequence(c, alt, alt.elements.slice(from, to)),
    canPad: !(anchored(alt, 'start') && anchored(alt, 'end')),
    startAnchor: from > 0,
    endAnchor: to < alt.elements.length,
  };
}

const PADDING = ['abcdefghijklmnopqrstuvwxyz', ' ', '0123456789'] as const;

class CompiledPattern implements PatternGenerator {
  private readonly ctx: Ctx;

  constructor(
    readonly source: string,
    readonly exact: boolean,
    private readonly top: readonly TopAlternative[],
    groupCount: number,
    /** No `g`/`y` flag, so `test` keeps no lastIndex state between calls. */
    private readonly re: RegExp,
  ) {
    this.ctx = new Ctx(groupCount);
  }

  generate(rng: Rng, minLength = 0, maxLength = Infinity): string | undefined {
    const lo = Math.max(0, Math.ceil(minLength));
    const hi = Math.min(Math.floor(maxLength), MAX_OUTPUT);
    if (!(lo <= hi)) return undefined;
    // Length windows no alternative can reach fail the same way on every attempt.
    if (!this.top.some((t) => this.feasible(t, lo, hi))) return undefined;
    let salt = -1;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      let r = rng;
      if (attempt > 0) {
        // Salted by a draw so two calls on one stream do not replay the same retry streams.
        if (salt < 0) salt = rng.nextU32();
        r = rng.forkIndex(salt * 64 + attempt);
      }
      const s = this.attempt(r, lo, hi, attempt);
      if (s !== undefined) return s;
    }
    return undefined;
  }

  private attempt(rng: Rng, lo: number, hi: number, attempt: number): string | undefined {
    const ctx = this.ctx;
    ctx.reset(rng);
    const top = this.top;
    let choice: TopAlternative | undefined;
    if (top.length === 1) {
      choice = top[0] as TopAlternative;
      if (!this.feasible(choice, lo, hi)) return undefined;
    } else {
      let count = 0;
      for (const t of top) if (this.feasible(t, lo, hi)) count++;
      if (count === 0) return undefined;
      let k = ctx.below(count);
      for (const t of top) {
        if (!this.feasible(t, lo, hi)) continue;
        if (k-- === 0) {
          choice = t;
          break;
        }
      }
      if (choice === undefined) return undefined;
    }
    const node = choice.node;
    // When padding is allowed, the pattern still tries to reach minLength itself so padding stays rare.
    let coreLo = choice.canPad ? Math.max(node.min, Math.min(lo, node.max)) : Math.max(node.min, lo);
    let coreHi = Math.min(node.max, hi);
    if (coreLo > coreHi) return undefined;
    if (!this.exact && choice.canPad && attempt > 0) {
      // Lookaround prefixes/suffixes and edge padding take room the node tree did not budget; retries
      // leave some of the window to them.
      const slack = ctx.int(0, Math.min(4, coreHi === Infinity ? 4 : coreHi - node.min));
      if (coreHi !== Infinity) coreHi -= slack;
      coreLo = Math.max(node.min, Math.min(coreLo - slack, coreHi));
    }

    if (choice.startAnchor) ctx.sawStart = true;
    if (!node.gen(ctx, coreLo, coreHi)) return undefined;
    let core = ctx.out;
    let coreLen = ctx.len;
    if (ctx.endAt >= 0 && ctx.endAt !== coreLen) return undefined;
    if (choice.endAnchor) ctx.endAt = coreLen;
    if (ctx.suffixAt === coreLen && ctx.endAt < 0) {
      core += ctx.suffix;
      coreLen += ctx.suffixLen;
    }
    const startFree = !ctx.sawStart;
    const endFree = ctx.endAt < 0;
    const prefix = startFree ? ctx.prefix : '';
    let total = coreLen + (startFree ? ctx.prefixLen : 0);
    const need = lo > total ? lo - total : 0;
    let head = 0;
    let tail = 0;
    if (!this.exact && attempt > 0) {
      // Edge assertions (`\b`, `\B`, lookbehinds) may want a particular neighbour on either side, so
      // retries try random short padding, independently per side.
      if (startFree && ctx.below(2) === 1) head = ctx.int(1, 3);
      if (endFree && ctx.below(2) === 1) tail = ctx.int(1, 3);
      const room = Math.max(0, hi - total - need);
      if (head > room) head = room;
      if (tail > room - head) tail = room - head;
    }
    if (need > 0) {
      if (startFree && endFree) {
        const before = ctx.int(0, need);
        head += before;
        tail += need - before;
      } else if (startFree) head += need;
      else if (endFree) tail += need;
      else return undefined;
    }
    total += head + tail;
    if (total < lo || total > hi) return undefined;

    let s = prefix + core;
    if (head > 0) s = this.padding(ctx, head, true) + s;
    if (tail > 0) s += this.padding(ctx, tail, false);
    // Surrogate halves from separate nodes can fuse into one code point; recount only when astral text exists.
    if (s.length !== total) {
      const real = cpLength(s);
      if (real < lo || real > hi) return undefined;
    }
    if (!this.exact && !this.re.test(s)) return undefined;
    return s;
  }

  /**
   * Random filler for an unanchored side. Only the character touching the match matters to `\b`, `\B` and
   * one-character lookarounds, so for verified patterns that one is drawn separately: a space half the time,
   * otherwise a letter or digit.
   */
  private padding(ctx: Ctx, count: number, before: boolean): string {
    const letters = PADDING[0];
    let out = '';
    const body = this.exact ? count : count - 1;
    for (let i = 0; i < body; i++) out += letters[ctx.below(letters.length)];
    if (this.exact) return out;
    const kind = ctx.below(4);
    const alphabet = kind < 2 ? PADDING[1] : kind === 2 ? letters : PADDING[2];
    const touching = alphabet[ctx.below(alphabet.length)] as string;
    return before ? out + touching : touching + out;
  }

  private feasible(t: TopAlternative, lo: number, hi: number): boolean {
    const n = t.node;
    return !n.dead && n.min <= hi && (t.canPad || n.max >= lo);
  }
}

const compiledCache = new Map<string, CompiledPattern>();

function invalid(source: string, err: unknown): SdgError {
  const reason = err instanceof Error ? err.message : String(err);
  return new SdgError('SDG_ERR_INVALID_SCHEMA', `Invalid pattern ${JSON.stringify(source)}: ${reason}`, {
    hint: 'JSON Schema patterns are ECMAScript regular expressions tested with the "u" flag.',
    cause: err,
  });
}

export function compilePattern(source: string): PatternGenerator {
  const cached = compiledCache.get(source);
  if (cached !== undefined) return cached;
  let re: RegExp;
  try {
    re = new RegExp(source, 'u');
  } catch (err) {
    throw invalid(source, err);
  }
  let ast: AST.Pattern;
  try {
    ast = new RegExpParser().parsePattern(source, 0, source.length, { unicode: true });
  } catch (err) {
    // The engine accepted it, so this is our parser lagging behind, not a bad schema.
    throw new SdgError('SDG_ERR_UNSUPPORTED', `Pattern ${JSON.stringify(source)} uses syntax the generator cannot parse`, {
      cause: err,
    });
  }
  const groups: AST.CapturingGroup[] = [];
  collectGroups(ast, groups);
  groups.sort((a, b) => a.start - b.start);
  const c: Compiler = { groupIndex: new Map(groups.map((g, i) => [g, i])), groupMax: new Map(), exact: true };
  const top = ast.alternatives.map((alt) => compileTop(c, alt));
  const compiled = new CompiledPattern(source, c.exact, top, groups.length, re);
  if (compiledCache.size >= CACHE_LIMIT) compiledCache.clear();
  compiledCache.set(source, compiled);
  return compiled;
}
