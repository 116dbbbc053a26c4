/**
 * Dates and date-times written as text, in a strict, closed set of layouts: a column is temporal only when
 * (nearly) every value parses as one layout of this list and is a real calendar date, never by guessing.
 *
 * A layout is a token string: `YYYY` year, `MM`/`M` month (padded or not), `MMM`/`MMMM` English month name
 * (short or long), `DD`/`D` day, `HH` hour (00-23), `mm` minute, `ss` second, `S`…`S` fraction digits, `ZZ`
 * a ±HH:MM offset; every other character is literal (`T`, `Z`, `-`, `/`, `.`, `:`, `,`, space).
 *
 * Values become milliseconds since the epoch (UTC; local times without an offset are read as UTC), and are
 * formatted back into the same layout, so generated values look like the sample's.
 */

export type MonthCase = 'title' | 'upper' | 'lower';

export interface DatetimeFormat {
  /** Token string, e.g. `YYYY-MM-DD`, `MMM DD YYYY`, `YYYY-MM-DDTHH:mm:ss.SSSZ`. */
  readonly layout: string;
  /** Case of month names (layouts with MMM/MMMM). */
  readonly monthCase?: MonthCase;
  /** Offset written for `ZZ`, in minutes east of UTC (default 0). */
  readonly offsetMinutes?: number;
}

type Token = { kind: 'token'; name: string } | { kind: 'literal'; text: string };

const TOKEN_NAMES = ['YYYY', 'MMMM', 'MMM', 'MM', 'M', 'DD', 'D', 'HH', 'mm', 'ss', 'ZZ'];

const MONTHS_LONG = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const MONTHS_SHORT = MONTHS_LONG.map((m) => m.slice(0, 3));

const tokenCache = new Map<string, Token[]>();

export function layoutTokens(layout: string): Token[] {
  const cached = tokenCache.get(layout);
  if (cached !== undefined) return cached;
  const out: Token[] = [];
  let i = 0;
  while (i < layout.length) {
    if (layout[i] === 'S') {
      let j = i;
      while (layout[j] === 'S') j++;
      out.push({ kind: 'token', name: layout.slice(i, j) });
      i = j;
      continue;
    }
    const name = TOKEN_NAMES.find((t) => layout.startsWith(t, i));
    if (name !== undefined) {
      out.push({ kind: 'token', name });
      i += name.length;
    } else {
      const last = out[out.length - 1];
      if (last !== undefined && last.kind === 'literal') out[out.length - 1] = { kind: 'literal', text: last.text + layout[i] };
      else out.push({ kind: 'literal', text: layout[i] as string });
      i++;
    }
  }
  if (tokenCache.size < 256) tokenCache.set(layout, out);
  return out;
}

/** Escapes the characters ECMA-262 treats as syntax (valid under the `u` flag JSON Schema validators use). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function monthNames(long: boolean, monthCase: MonthCase): string[] {
  const names = long ? MONTHS_LONG : MONTHS_SHORT;
  return names.map((n) => (monthCase === 'upper' ? n.toUpperCase() : monthCase === 'lower' ? n.toLowerCase() : n));
}

/** Regex source (no anchors, no capturing groups) of one token, as JSON Schema `pattern` (ECMA-262) accepts it. */
function tokenPattern(name: string, monthCase: MonthCase, loose: boolean): string {
  switch (name) {
    case 'YYYY':
      return '[0-9]{4}';
    case 'MM':
      return '(?:0[1-9]|1[0-2])';
    case 'M':
      return '(?:[1-9]|1[0-2])';
    case 'DD':
      return '(?:0[1-9]|[12][0-9]|3[01])';
    case 'D':
      return '(?:[1-9]|[12][0-9]|3[01])';
    case 'MMM':
      return loose ? '[A-Za-z]{3}' : `(?:${monthNames(false, monthCase).join('|')})`;
    case 'MMMM':
      return loose ? '[A-Za-z]{3,9}' : `(?:${monthNames(true, monthCase).join('|')})`;
    case 'HH':
      return '(?:[01][0-9]|2[0-3])';
    case 'mm':
    case 'ss':
      return '[0-5][0-9]';
    case 'ZZ':
      return loose ? '[+-][0-9]{2}:?[0-9]{2}' : '[+-][0-9]{2}:[0-9]{2}';
    default:
      // Fraction: any number of digits when reading, exactly the layout's when writing.
      return loose ? '[0-9]{1,9}' : `[0-9]{${name.length}}`;
  }
}

/** The JSON Schema pattern every value formatted with `format` matches. */
export function layoutPattern(format: DatetimeFormat): string {
  const monthCase = format.monthCase ?? 'title';
  return `^${layoutTokens(format.layout)
    .map((t) => (t.kind === 'literal' ? escapeRegex(t.text) : tokenPattern(t.name, monthCase, false)))
    .join('')}$`;
}

/** The JSON Schema `format` whose syntax is exactly the layout's, if there is one. */
export function layoutFormat(layout: string): 'date' | 'date-time' | undefined {
  if (layout === 'YYYY-MM-DD') return 'date';
  if (/^YYYY-MM-DDTHH:mm:ss(\.S+)?(Z|ZZ)$/.test(layout)) return 'date-time';
  return undefined;
}

interface Parser {
  readonly regex: RegExp;
  /** Token name of each capturing group, in order. */
  readonly names: string[];
}

const parserCache = new Map<string, Parser>();

function parserFor(layout: string): Parser {
  let parser = parserCache.get(layout);
  if (parser === undefined) {
    const names: string[] = [];
    const tokens = layoutTokens(layout);
    let source = '';
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as Token;
      const next = tokens[i + 1];
      if (t.kind === 'literal' && t.text.endsWith('.') && next?.kind === 'token' && next.name.startsWith('S')) {
        // A fraction may be left out (`10:00:00Z` beside `10:00:00.5Z`).
        source += `${escapeRegex(t.text.slice(0, -1))}(?:\\.(${tokenPattern(next.name, 'title', true)}))?`;
        names.push(next.name);
        i++;
      } else if (t.kind === 'literal') source += escapeRegex(t.text);
      else {
        names.push(t.name);
        source += `(${tokenPattern(t.name, 'title', true)})`;
      }
    }
    parser = { regex: new RegExp(`^${source}$`), names };
    if (parserCache.size < 256) parserCache.set(layout, parser);
  }
  return parser;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function monthFromName(text: string): number | undefined {
  const lower = text.toLowerCase();
  const i = MONTHS_LONG.findIndex((m) => m.toLowerCase() === lower || m.slice(0, 3).toLowerCase() === lower);
  return i === -1 ? undefined : i + 1;
}

/**
 * Milliseconds since the epoch of `text` read with `layout`, or undefined when it does not match or is not a
 * calendar date (30 February, month 13).
 */
export function parseDatetime(text: string, layout: string): number | undefined {
  const { regex, names } = parserFor(layout);
  const match = regex.exec(text);
  if (match === null) return undefined;
  let year = 1970;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let millis = 0;
  let offset = 0;
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const value = match[i + 1];
    if (value === undefined) continue;
    switch (name) {
      case 'YYYY':
        year = Number(value);
        break;
      case 'MM':
      case 'M':
        month = Number(value);
        break;
      case 'MMM':
      case 'MMMM': {
        const m = monthFromName(value);
        if (m === undefined) return undefined;
        if (name === 'MMMM' && value.toLowerCase() !== (MONTHS_LONG[m - 1] as string).toLowerCase()) return undefined;
        month = m;
        break;
      }
      case 'DD':
      case 'D':
        day = Number(value);
        break;
      case 'HH':
        hour = Number(value);
        break;
      case 'mm':
        minute = Number(value);
        break;
      case 'ss':
        second = Number(value);
        break;
      case 'ZZ': {
        const sign = value[0] === '-' ? -1 : 1;
        const digits = value.slice(1).replace(':', '');
        offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
        break;
      }
      default:
        millis = Math.round(Number(`0.${value}`) * 1000);
    }
  }
  if (day > daysInMonth(year, month)) return undefined;
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
  date.setUTCFullYear(year);
  return date.getTime() - offset * 60_000;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** `epochMillis` written in the format's layout (at its offset, if it has `ZZ`). */
export function formatDatetime(epochMillis: number, format: DatetimeFormat): string {
  const offset = format.offsetMinutes ?? 0;
  const date = new Date(epochMillis + offset * 60_000);
  const monthCase = format.monthCase ?? 'title';
  let out = '';
  for (const token of layoutTokens(format.layout)) {
    if (token.kind === 'literal') {
      out += token.text;
      continue;
    }
    switch (token.name) {
      case 'YYYY':
        out += pad(date.getUTCFullYear(), 4);
        break;
      case 'MM':
        out += pad(date.getUTCMonth() + 1, 2);
        break;
      case 'M':
        out += String(date.getUTCMonth() + 1);
        break;
      case 'MMM':
        out += monthNames(false, monthCase)[date.getUTCMonth()];
        break;
      case 'MMMM':
        out += monthNames(true, monthCase)[date.getUTCMonth()];
        break;
      case 'DD':
        out += pad(date.getUTCDate(), 2);
        break;
      case 'D':
        out += String(date.getUTCDate());
        break;
      case 'HH':
        out += pad(date.getUTCHours(), 2);
        break;
      case 'mm':
        out += pad(date.getUTCMinutes(), 2);
        break;
      case 'ss':
        out += pad(date.getUTCSeconds(), 2);
        break;
      case 'ZZ': {
        const sign = offset < 0 ? '-' : '+';
        const abs = Math.abs(offset);
        out += `${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
        break;
      }
      default: {
        const digits = token.name.length;
        const ms = date.getUTCMilliseconds();
        out += pad(ms, 3).padEnd(digits, '0').slice(0, digits);
      }
    }
  }
  return out;
}

/** Smallest step a layout can express, in milliseconds (a day, a minute, a second or 10^-n s). */
export function layoutResolution(layout: string): number {
  const tokens = layoutTokens(layout)
    .filter((t) => t.kind === 'token')
    .map((t) => (t as { name: string }).name);
  const fraction = tokens.find((t) => t.startsWith('S'));
  if (fraction !== undefined) return Math.max(1, 10 ** (3 - fraction.length));
  if (tokens.includes('ss')) return 1000;
  if (tokens.includes('mm')) return 60_000;
  if (tokens.includes('HH')) return 3_600_000;
  return 86_400_000;
}

const DATE_LAYOUTS = [
  'YYYY-MM-DD',
  'YYYY/MM/DD',
  'YYYY.MM.DD',
  'MM/DD/YYYY',
  'M/D/YYYY',
  'DD/MM/YYYY',
  'D/M/YYYY',
  'MM-DD-YYYY',
  'DD-MM-YYYY',
  'DD.MM.YYYY',
  'D.M.YYYY',
  'MMM DD YYYY',
  'MMM D YYYY',
  'MMM DD, YYYY',
  'MMM D, YYYY',
  'MMMM DD, YYYY',
  'MMMM D, YYYY',
  'MMMM D YYYY',
  'DD MMM YYYY',
  'D MMM YYYY',
  'DD-MMM-YYYY',
  'DD MMMM YYYY',
  'D MMMM YYYY',
];

const TIME_SUFFIXES = ['HH:mm', 'HH:mm:ss'];

/** The candidate layouts, most preferred first. */
function candidateLayouts(sample: string): string[] {
  const out: string[] = [];
  const hasTime = /\d:\d\d/.test(sample);
  for (const date of DATE_LAYOUTS) {
    if (!hasTime) {
      out.push(date);
      continue;
    }
    const separators = date === 'YYYY-MM-DD' ? ['T', ' '] : [' '];
    for (const sep of separators) {
      for (const time of TIME_SUFFIXES) {
        const fractions = time.endsWith('ss') ? ['', '.S'] : [''];
        for (const fraction of fractions) for (const zone of ['', 'Z', 'ZZ']) out.push(`${date}${sep}${time}${fraction}${zone}`);
      }
    }
  }
  return out;
}

export interface DatetimeDetection {
  readonly format: DatetimeFormat;
  /** Milliseconds since the epoch per value (undefined where a value does not parse). */
  readonly values: (number | undefined)[];
  readonly parsed: number;
  /** Set when day and month could be swapped for every value (both ≤ 12): the US order was assumed. */
  readonly ambiguousDayMonth: boolean;
}

function fractionDigits(text: string): number {
  const match = /[:]\d\d\.(\d{1,9})/.exec(text);
  return match === null ? 0 : (match[1] as string).length;
}

/**
 * The layout that reads the most values (at least `minShare` of them), with month-name case, fraction width and
 * offset settled from the values; undefined when no layout reaches the share.
 */
export function detectDatetime(texts: readonly string[], minShare = 0.95): DatetimeDetection | undefined {
  if (texts.length === 0) return undefined;
  // Cheap pre-filter: every layout has at least 6 digits and starts or ends with a digit or a month name.
  let plausible = 0;
  for (const t of texts) if (t.length >= 8 && t.length <= 40 && /\d{4}/.test(t)) plausible++;
  if (plausible < minShare * texts.length) return undefined;
  const probe = texts.slice(0, 200);
  const first = probe.find((t) => /\d{4}/.test(t)) ?? '';
  const ranked: Array<{ layout: string; count: number }> = [];
  for (const layout of candidateLayouts(first)) {
    let count = 0;
    for (const t of probe) if (parseDatetime(t, layout) !== undefined) count++;
    if (count > 0) ranked.push({ layout, count });
  }
  if (ranked.length === 0) return undefined;
  ranked.sort((a, b) => b.count - a.count);
  let best = ranked[0] as { layout: string; count: number };
  if (best.count < minShare * probe.length) return undefined;
  // Re-rank the leaders on every value (the probe may miss what tells M/D from MM/DD).
  const leaders = ranked.filter((r) => r.count >= minShare * probe.length).slice(0, 6);
  let bestCount = -1;
  const fullCounts = new Map<string, number>();
  for (const candidate of leaders) {
    let count = 0;
    for (const t of texts) if (parseDatetime(t, candidate.layout) !== undefined) count++;
    fullCounts.set(candidate.layout, count);
    if (count > bestCount) {
      bestCount = count;
      best = candidate;
    }
  }
  if (bestCount < minShare * texts.length) return undefined;
  let layout = best.layout;
  const swapped = layout.startsWith('MM/DD')
    ? layout.replace('MM/DD', 'DD/MM')
    : layout.startsWith('M/D')
      ? layout.replace('M/D', 'D/M')
      : undefined;
  const ambiguousDayMonth = swapped !== undefined && (fullCounts.get(swapped) ?? -1) === bestCount;
  if (layout.includes('.S')) {
    let digits = 1;
    for (const t of texts) digits = Math.max(digits, fractionDigits(t));
    layout = layout.replace('.S', `.${'S'.repeat(digits)}`);
  }
  let monthCase: MonthCase | undefined;
  if (layout.includes('MMM')) {
    let upper = 0;
    let lower = 0;
    let title = 0;
    for (const t of texts.slice(0, 500)) {
      const word = /[A-Za-z]{3,}/.exec(t)?.[0];
      if (word === undefined) continue;
      if (word === word.toUpperCase()) upper++;
      else if (word === word.toLowerCase()) lower++;
      else title++;
    }
    monthCase = upper > title && upper >= lower ? 'upper' : lower > title ? 'lower' : 'title';
  }
  let offsetMinutes: number | undefined;
  if (layout.endsWith('ZZ')) {
    const offsets = new Map<string, number>();
    for (const t of texts) {
      const m = /([+-])(\d{2}):?(\d{2})$/.exec(t);
      if (m !== null) offsets.set(m[0], (offsets.get(m[0]) ?? 0) + 1);
    }
    // One offset throughout is kept; mixed offsets are all written in UTC.
    if (offsets.size === 1) {
      const m = /([+-])(\d{2}):?(\d{2})$/.exec([...offsets.keys()][0] as string) as RegExpExecArray;
      offsetMinutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
    } else offsetMinutes = 0;
  }
  const values = texts.map((t) => parseDatetime(t, layout));
  const format: DatetimeFormat = {
    layout,
    ...(monthCase !== undefined ? { monthCase } : {}),
    ...(offsetMinutes !== undefined && offsetMinutes !== 0 ? { offsetMinutes } : {}),
  };
  return { format, values, parsed: bestCount, ambiguousDayMonth };
}
