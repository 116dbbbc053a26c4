import { domainToASCII, domainToUnicode } from 'node:url';
import * as ajvModule from 'ajv';
import * as ajvFormatsModule from 'ajv-formats';
import { formatNames as ajvFormatNames } from 'ajv-formats/dist/formats.js';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { isDocumentationIp, isSafeEmail, isSafeHostname } from '../../src/core/safe-ranges.js';
import { formatGenerators, formatLengthRange, formatWriters } from '../../src/generate/formats.js';
import { JsonOut } from '../../src/generate/json-out.js';

type AjvLike = { compile(schema: unknown): (data: unknown) => boolean };

// CommonJS through ESM: the export may sit on `.default` once or twice.
function unwrap<T>(module: unknown): T {
  let value = module as { default?: unknown };
  while (typeof value !== 'function' && value !== null && typeof value === 'object' && 'default' in value)
    value = value.default as { default?: unknown };
  return value as T;
}

const AjvClass = unwrap<new (options?: object) => AjvLike>(ajvModule);
const addFormats = unwrap<(ajv: AjvLike) => AjvLike>(ajvFormatsModule);
const ajv = new AjvClass({ strict: true });
addFormats(ajv); // full mode, the default

const STREAMS = 2500;
const NUMERIC = new Set(['int32', 'int64', 'float', 'double']);
/** Standard formats ajv-formats does not implement: checked against their RFCs below. */
const NOT_IN_AJV = ['idn-email', 'idn-hostname', 'iri', 'iri-reference'];
const STANDARD = [
  'date',
  'time',
  'date-time',
  'duration',
  'email',
  'idn-email',
  'hostname',
  'idn-hostname',
  'ipv4',
  'ipv6',
  'uri',
  'uri-reference',
  'iri',
  'iri-reference',
  'uuid',
  'json-pointer',
  'relative-json-pointer',
  'regex',
  'uri-template',
];

const ajvHostname = ajv.compile({ type: 'string', format: 'hostname' });
const ajvUri = ajv.compile({ type: 'string', format: 'uri' });
const ajvUriReference = ajv.compile({ type: 'string', format: 'uri-reference' });

/** RFC 5890/5891 via Node's UTS-46: NFC, round-trips through its A-label form, which is a valid hostname. */
function validIdnHostname(s: string): boolean {
  if (s !== s.normalize('NFC') || s.length === 0) return false;
  const ascii = domainToASCII(s);
  return (
    ascii !== '' &&
    ascii.length <= 253 &&
    ajvHostname(ascii) &&
    domainToUnicode(ascii) === s &&
    ascii.split('.').every((l) => l.length <= 63)
  );
}

/** RFC 6531 mailbox: dot-atom local part (UTF-8 allowed) @ IDN host. */
function validIdnEmail(s: string): boolean {
  const at = s.lastIndexOf('@');
  if (at <= 0) return false;
  const local = s.slice(0, at);
  return (
    /^[a-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uffff-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uffff-]+)*$/iu.test(local) &&
    validIdnHostname(s.slice(at + 1))
  );
}

/** RFC 3987 §3.1: an IRI maps to a URI by percent-encoding its ucschar characters as UTF-8. */
function iriToUri(s: string): string | undefined {
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (cp > 0x7f && !(cp >= 0xa0 && cp <= 0xd7ff) && !(cp >= 0xf900 && cp <= 0xfdcf) && !(cp >= 0xfdf0 && cp <= 0xffef)) return undefined;
  }
  return s.replace(/[^\x00-\x7f]/gu, (c) => encodeURIComponent(c));
}

const validators: Record<string, (s: string) => boolean> = {
  'idn-hostname': validIdnHostname,
  'idn-email': validIdnEmail,
  iri: (s) => {
    const uri = iriToUri(s);
    return uri !== undefined && ajvUri(uri);
  },
  'iri-reference': (s) => {
    const uri = iriToUri(s);
    return uri !== undefined && ajvUriReference(uri);
  },
};

function validatorFor(format: string): (s: string) => boolean {
  const own = validators[format];
  if (own !== undefined) return own;
  const asString = ajv.compile({ type: 'string', format });
  if (!NUMERIC.has(format)) return (s) => asString(s);
  const asNumber = ajv.compile({ type: 'number', format });
  return (s) => asString(s) && /^-?\d+(?:\.\d+)?$/.test(s) && asNumber(Number(s));
}

const codePoints = (s: string): number => [...s].length;

describe('formatGenerators', () => {
  it('covers every standard format and every ajv-formats format', () => {
    for (const name of [
      ...STANDARD,
      ...ajvFormatNames,
      'iso-time',
      'iso-date-time',
      'url',
      'byte',
      'int32',
      'int64',
      'float',
      'double',
      'password',
      'binary',
    ]) {
      expect(formatGenerators[name], name).toBeTypeOf('function');
    }
    for (const name of NOT_IN_AJV) expect(ajvFormatNames).not.toContain(name);
  });

  for (const format of Object.keys(formatGenerators)) {
    it(`${format}: ${STREAMS} streams validate and are deterministic`, () => {
      const generate = formatGenerators[format]!;
      const valid = validatorFor(format);
      const root = Rng.fromSeed(`formats/${format}`);
      const seen = new Set<string>();
      for (let i = 0; i < STREAMS; i++) {
        const value = generate(root.forkIndex(i));
        if (!valid(value)) expect.fail(`${format} stream ${i}: ${JSON.stringify(value)} is invalid`);
        expect(generate(root.forkIndex(i))).toBe(value);
        seen.add(value);
      }
      // Formats built from small vocabularies (regex, uri-template) repeat by design; none may be near-constant.
      expect(seen.size, 'distinct values').toBeGreaterThan(100);
    });
  }

  it('keeps every non-ASCII character in the BMP (so string length is the code-point count)', () => {
    for (const [format, generate] of Object.entries(formatGenerators)) {
      for (let i = 0; i < 500; i++) {
        const value = generate(Rng.fromSeed(format).forkIndex(i));
        expect(codePoints(value), `${format}: ${value}`).toBe(value.length);
      }
    }
  });

  it('draws PII-shaped formats from the safe spaces', () => {
    for (let i = 0; i < 2000; i++) {
      const rng = () => Rng.fromSeed('safe').forkIndex(i);
      expect(isSafeEmail(formatGenerators.email!(rng()))).toBe(true);
      expect(isSafeEmail(formatGenerators['idn-email']!(rng()))).toBe(true);
      expect(isSafeHostname(formatGenerators.hostname!(rng()))).toBe(true);
      expect(isSafeHostname(formatGenerators['idn-hostname']!(rng()))).toBe(true);
      expect(isDocumentationIp(formatGenerators.ipv4!(rng()))).toBe(true);
      expect(isDocumentationIp(formatGenerators.ipv6!(rng()))).toBe(true);
      for (const f of ['uri', 'url', 'iri']) {
        const host = new URL(formatGenerators[f]!(rng())).hostname;
        expect(isSafeHostname(domainToUnicode(host)), `${f} host ${host}`).toBe(true);
      }
    }
  });

  it('keeps dates in 1970..2035 and marks UUIDs as version 4', () => {
    for (let i = 0; i < 3000; i++) {
      const rng = Rng.fromSeed('dates').forkIndex(i);
      const d = formatGenerators.date!(rng);
      expect(d >= '1970-01-01' && d <= '2035-12-31', d).toBe(true);
      const u = formatGenerators.uuid!(Rng.fromSeed('uuid').forkIndex(i));
      expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    const dt = new Set<string>();
    for (let i = 0; i < 500; i++)
      dt.add(
        formatGenerators['date-time']!(Rng.fromSeed('dt').forkIndex(i))
          .slice(19)
          .replace(/^\.\d+/, '')
          .replace(/\d/g, '9'),
      );
    expect([...dt].sort()).toEqual(['+99:99', '-99:99', 'Z']);
  });

  it('puts non-ASCII letters in idn-* and iri values', () => {
    for (const f of ['idn-email', 'idn-hostname', 'iri']) {
      let nonAscii = 0;
      for (let i = 0; i < 500; i++) if (/[^\x00-\x7f]/.test(formatGenerators[f]!(Rng.fromSeed(f).forkIndex(i)))) nonAscii++;
      expect(nonAscii, f).toBe(500);
    }
  });

  it('meets exact lengths wherever the format allows them, and outputs stay valid', () => {
    for (const [format, generate] of Object.entries(formatGenerators)) {
      const range = formatLengthRange(format)!;
      const valid = validatorFor(format);
      const top = Math.min(range.max, range.min + 80);
      for (let length = Math.max(0, range.min - 3); length <= top + 3; length++) {
        for (let k = 0; k < 12; k++) {
          const value = generate(Rng.fromSeed(`${format}/${length}`).forkIndex(k), length, length);
          if (!valid(value)) expect.fail(`${format} at length ${length}: ${JSON.stringify(value)} is invalid`);
          const n = codePoints(value);
          if (n === length) continue;
          const infeasible =
            length < range.min ||
            length > range.max ||
            (format === 'byte' && length % 4 !== 0) ||
            (format === 'time' && length === 10) ||
            (format === 'date-time' && length === 21);
          if (!infeasible) expect.fail(`${format}: asked for ${length}, got ${n} (${JSON.stringify(value)})`);
          // Closest feasible length.
          expect(Math.abs(n - length), `${format} at ${length}`).toBeLessThanOrEqual(
            length < range.min ? range.min - length : length > range.max ? length - range.max : 2,
          );
        }
      }
    }
  });

  it('pads to long minimum lengths and honours windows', () => {
    for (const [format, generate] of Object.entries(formatGenerators)) {
      const range = formatLengthRange(format)!;
      const valid = validatorFor(format);
      const windows: Array<[number | undefined, number | undefined]> = [
        [undefined, 12],
        [20, undefined],
        [150, 200],
        [5, 9],
        [1000, undefined],
      ];
      for (const [min, max] of windows) {
        const lo = Math.max(min ?? 0, range.min);
        const hi = Math.min(max ?? Infinity, range.max);
        for (let k = 0; k < 20; k++) {
          const value = generate(Rng.fromSeed(`${format}/w`).forkIndex(k), min, max);
          if (!valid(value)) expect.fail(`${format} [${min}, ${max}]: ${JSON.stringify(value)} is invalid`);
          const n = codePoints(value);
          if (lo <= hi && !(format === 'byte' && hi - lo < 3)) {
            expect(n >= lo && n <= hi, `${format} [${min}, ${max}] got ${n}: ${value}`).toBe(true);
          }
        }
      }
    }
  });

  it('format writers write exactly the JSON of the generator’s unbounded value, from the same draws', () => {
    const decoder = new TextDecoder();
    expect(Object.keys(formatWriters).sort()).toEqual(['date', 'date-time', 'email', 'time', 'uuid']);
    for (const [format, write] of Object.entries(formatWriters)) {
      const generate = formatGenerators[format]!;
      const root = Rng.fromSeed(`writers/${format}`);
      const out = new JsonOut(8); // small, so the writers' reserve() is exercised
      const expected: string[] = [];
      for (let i = 0; i < STREAMS; i++) {
        expected.push(JSON.stringify(generate(root.forkIndex(i))));
        const rng = root.forkIndex(i);
        write(rng, out);
        // Same number of draws too: the next draw of both streams agrees.
        const reference = root.forkIndex(i);
        generate(reference);
        expect(rng.nextU32(), `${format} stream ${i} draws`).toBe(reference.nextU32());
      }
      expect(decoder.decode(out.take())).toBe(expected.join(''));
    }
  });
});
