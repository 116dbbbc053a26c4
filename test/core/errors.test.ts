import { describe, expect, it } from 'vitest';
import { canonicalJson, fingerprint, getByPointer, parsePointer, appendPointer, SdgError, isSdgError } from '../../src/core/index.js';
import { parseDraft, detectDraft, draftOfMetaUri } from '../../src/schema/index.js';

describe('SdgError', () => {
  it('renders one stable JSON shape and one terminal line', () => {
    const error = new SdgError('SDG_ERR_UNSATISFIABLE', 'minimum 5 > maximum 1', { pointer: '/properties/age', hint: 'swap them' });
    expect(error.status).toBe(422);
    expect(error.toJSON()).toEqual({
      error: { code: 'SDG_ERR_UNSATISFIABLE', message: 'minimum 5 > maximum 1', pointer: '/properties/age', hint: 'swap them' },
    });
    expect(error.oneLine()).toBe('minimum 5 > maximum 1 (at /properties/age) — swap them');
    expect(new SdgError('SDG_ERR_IO', 'disk full').toJSON()).toEqual({ error: { code: 'SDG_ERR_IO', message: 'disk full' } });
    expect(new SdgError('SDG_ERR_IO', 'x', { pointer: '' }).oneLine()).toBe('x (at #)');
    expect(isSdgError(error)).toBe(true);
    expect(isSdgError(new Error('x'))).toBe(false);
  });
});

describe('canonical JSON and fingerprints (RFC 8785)', () => {
  it('ignores key order and whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x', 1.5e-7], c: { z: 1, y: 2 } })).toBe(
      '{"a":[true,null,"x",1.5e-7],"b":1,"c":{"y":2,"z":1}}',
    );
    expect(fingerprint({ a: 1, b: 2 })).toBe(fingerprint({ b: 2, a: 1 }));
    expect(fingerprint({ a: 1 })).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
  });
});

describe('JSON pointers', () => {
  it('parses, appends and looks up with ~0 ~1 escapes', () => {
    const doc = { 'a/b': { 'c~d': [10, 20] } };
    const pointer = appendPointer('', 'a/b', 'c~d', 1);
    expect(pointer).toBe('/a~1b/c~0d/1');
    expect(parsePointer(pointer)).toEqual(['a/b', 'c~d', '1']);
    expect(getByPointer(doc, pointer)).toBe(20);
    expect(getByPointer(doc, '/a~1b/c~0d/x')).toBeUndefined();
    expect(getByPointer(doc, '/missing')).toBeUndefined();
    expect(getByPointer(5, '/x')).toBeUndefined();
    expect(getByPointer(doc, '')).toBe(doc);
    expect(() => parsePointer('a')).toThrow(SyntaxError);
  });
});

describe('drafts', () => {
  it('reads $schema URIs and names', () => {
    expect(draftOfMetaUri('http://json-schema.org/draft-04/schema#')).toBe('draft4');
    expect(draftOfMetaUri('https://json-schema.org/draft/2019-09/schema')).toBe('2019-09');
    expect(draftOfMetaUri('https://example.com/custom')).toBeUndefined();
    expect(detectDraft({ $schema: 'http://json-schema.org/draft-06/schema#' })).toBe('draft6');
    expect(detectDraft(true, 'draft7')).toBe('draft7');
    expect(['4', 'draft-06', 'draft7', '2019-09', '202012', 'x'].map(parseDraft)).toEqual([
      'draft4',
      'draft6',
      'draft7',
      '2019-09',
      '2020-12',
      undefined,
    ]);
  });
});
