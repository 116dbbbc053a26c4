/**
 * JsonOut writes what JSON.stringify + UTF-8 would, byte for byte: strings with every escape, lone surrogates
 * and astral characters; numbers in their shortest form (the decimal fast path included); any JSON value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonOut, jsonBytes, memberPrefix } from '../../src/generate/json-out.js';

const encoder = new TextEncoder();

function written(write: (out: JsonOut) => void): Uint8Array {
  const out = new JsonOut(4); // tiny, so reserve() grows it mid-write
  write(out);
  return out.take();
}

/** Any UTF-16 unit sequence, lone surrogates and controls included. */
const anyText = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 });

describe('JsonOut', () => {
  it('writes strings as JSON.stringify does (escapes, controls, lone surrogates, astral pairs)', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.string({ unit: 'binary', maxLength: 40 })), (s) => {
        expect(written((out) => out.string(s))).toEqual(encoder.encode(JSON.stringify(s)));
      }),
      { numRuns: 2000 },
    );
    for (const s of ['', '"', '\\', '\u0000\u001f\u007f', '\b\f\n\r\t', '\u2028\u2029', '\ud800', 'a\udc00b', '\ud83d\ude00', 'é€𝄞']) {
      expect(written((out) => out.string(s))).toEqual(encoder.encode(JSON.stringify(s)));
    }
  });

  it('writes numbers in their shortest round-trip form', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.double(), fc.integer(), fc.maxSafeInteger(), fc.constantFrom(0, -0, 1e21, -1e21, 2 ** 53, 1e-7, 123.456)),
        (v) => {
          expect(written((out) => out.number(v))).toEqual(encoder.encode(JSON.stringify(v)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('writes grid decimals from their digits, and anything else as String() would', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 15), max: 10 ** 15 }), fc.integer({ min: 1, max: 15 }), (k, places) => {
        const v = k / 10 ** places;
        expect(written((out) => out.decimal(v, places))).toEqual(encoder.encode(JSON.stringify(v)));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.double(), fc.integer({ min: 1, max: 15 }), (v, places) => {
        expect(written((out) => out.decimal(v, places))).toEqual(encoder.encode(JSON.stringify(v)));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes any JSON value as JSON.stringify does', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(written((out) => out.value(v as never))).toEqual(encoder.encode(JSON.stringify(v)));
      }),
      { numRuns: 500 },
    );
    expect(written((out) => out.value({ a: undefined, b: 1 } as never))).toEqual(encoder.encode('{"b":1}'));
  });

  it('builds member prefixes and value bytes', () => {
    expect(new TextDecoder().decode(memberPrefix('a"b', true))).toBe('"a\\"b":');
    expect(new TextDecoder().decode(memberPrefix('k', false))).toBe(',"k":');
    expect(jsonBytes({ x: [1, 'é'] })).toEqual(encoder.encode('{"x":[1,"é"]}'));
    const out = new JsonOut(2);
    out.bytes(encoder.encode('abc'));
    out.boolean(false);
    out.null();
    expect(new TextDecoder().decode(out.take())).toBe('abcfalsenull');
    expect(out.take().length).toBe(0);
  });
});
