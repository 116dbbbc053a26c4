import { describe, expect, it } from 'vitest';
import { SdgError } from '../../src/core/errors.js';
import { decodeText, leafPaths, parseDataset, sniffDelimiter, sniffFormat, valueAt } from '../../src/infer/index.js';

function failure(fn: () => unknown): SdgError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SdgError) return error;
    throw error;
  }
  throw new Error('expected an SdgError');
}

describe('parseDataset', () => {
  it('sniffs the format from the name, then from the text', () => {
    expect(sniffFormat('a,b', 'x.tsv')).toBe('csv');
    expect(sniffFormat('{}', 'x.ndjson')).toBe('jsonl');
    expect(sniffFormat('[{"a":1}]')).toBe('json');
    expect(sniffFormat('{"a":1}\n{"a":2}')).toBe('jsonl');
    expect(sniffFormat('{"a":\n1}')).toBe('json');
    expect(sniffFormat('{"data": [{"a": 1}]}')).toBe('json');
    expect(sniffFormat('a;b', 'x.json')).toBe('json');
    expect(sniffFormat('a,b\n1,2')).toBe('csv');
  });

  it('sniffs the CSV delimiter and honours quotes', () => {
    expect(sniffDelimiter('a;b;c\n1;2;3')).toBe(';');
    expect(sniffDelimiter('a\tb\n1\t2')).toBe('\t');
    expect(sniffDelimiter('a|b\n1|2')).toBe('|');
    expect(sniffDelimiter('"a,b";c\n"1,2";3')).toBe(';');
    const ds = parseDataset('\ufeffname;note\n"Smith; J";"said ""hi"""\n', { name: 'x.csv' });
    expect(ds.delimiter).toBe(';');
    expect(ds.rows).toEqual([{ name: 'Smith; J', note: 'said "hi"' }]);
  });

  it('names blank and repeated CSV headers, and reads empty cells as null', () => {
    const ds = parseDataset('a,,a\n1,,3\n', { name: 'x.csv' });
    expect(ds.columns).toEqual(['a', 'column_2', 'a_2']);
    expect(ds.rows[0]).toEqual({ a: '1', column_2: null, a_2: '3' });
  });

  it('reads JSON arrays, a wrapped array, a single object and nested records', () => {
    expect(parseDataset('{"data": [{"a": 1}, {"a": 2}]}').rows).toHaveLength(2);
    expect(parseDataset('{"a": 1, "b": {"c": 2}}').columns).toEqual(['a', 'b.c']);
    const nested = parseDataset('[{"id": 1, "address": {"city": "Oslo", "geo": {"lat": 1}}}, {"id": 2, "extra": true}]');
    expect(nested.columns).toEqual(['id', 'address.city', 'address.geo.lat', 'extra']);
    expect(valueAt(nested.rows[0]!, 'address.geo.lat')).toBe(1);
    expect(valueAt(nested.rows[1]!, 'address.city')).toBeUndefined();
    expect(leafPaths({ a: { b: 1, c: {} }, d: [1] })).toEqual(['a.b', 'a.c', 'd']);
  });

  it('reads JSON Lines, skipping blank lines', () => {
    const ds = parseDataset('{"a":1}\n\n{"a":2}\r\n', { name: 'x.jsonl' });
    expect(ds.format).toBe('jsonl');
    expect(ds.rows).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('explains what is wrong, with the place', () => {
    expect(failure(() => parseDataset('  \n')).message).toContain('empty');
    expect(failure(() => parseDataset('[1, 2]')).message).toContain('record 0 is 1');
    expect(failure(() => parseDataset('[[1]]')).message).toContain('an array');
    expect(failure(() => parseDataset('"text"', { format: 'json' })).code).toBe('SDG_ERR_INVALID_DATA');
    expect(failure(() => parseDataset('[{"a": 1},', { format: 'json' })).code).toBe('SDG_ERR_INVALID_JSON');
    const line = failure(() => parseDataset('{"a":1}\n{oops}\n', { format: 'jsonl' }));
    expect(line.code).toBe('SDG_ERR_INVALID_JSON');
    expect(line.message).toContain('line 2');
    expect(failure(() => parseDataset('{"a":1}\n[2]\n', { format: 'jsonl' })).message).toContain('line 2');
    expect(failure(() => parseDataset('[]')).message).toContain('no data rows');
    expect(failure(() => parseDataset('[{}]')).message).toContain('no columns');
    expect(failure(() => parseDataset('a,b\n"unclosed,1\n', { name: 'x.csv' })).code).toBe('SDG_ERR_INVALID_DATA');
  });

  it('decodes bytes: UTF-8, else Windows-1252 with a warning; drops a BOM', () => {
    const warnings: string[] = [];
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]), warnings)).toBe('a');
    expect(warnings).toEqual([]);
    expect(decodeText(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), warnings)).toBe('café');
    expect(warnings[0]).toContain('Windows-1252');
  });
});
