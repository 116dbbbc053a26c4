import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { tableFromIPC, type Table } from 'apache-arrow';
import fc from 'fast-check';
import * as pw from 'parquet-wasm';
import { describe, expect, it } from 'vitest';
import { isSdgError } from '../../src/core/index.js';
import {
  columnsFromSchema,
  createWriter,
  flattenRow,
  memorySink,
  type DatasetWriter,
  type OutputFormat,
  type RowSink,
  type WriterOptions,
} from '../../src/generate/writers/index.js';
import { fileSink } from '../../src/generate/writers/node-sinks.js';

// ---------------------------------------------------------------------------------------------------------
// Helpers

async function writeAll(writer: DatasetWriter, rows: Iterable<unknown>): Promise<void> {
  for (const row of rows) {
    const wait = writer.write(row);
    if (wait !== undefined) await wait;
  }
  await writer.end();
}

async function render(format: OutputFormat, rows: unknown[], options?: WriterOptions): Promise<Uint8Array> {
  const sink = memorySink();
  await writeAll(createWriter(format, sink, options), rows);
  return sink.bytes();
}

async function renderText(format: OutputFormat, rows: unknown[], options?: WriterOptions): Promise<string> {
  return new TextDecoder().decode(await render(format, rows, options));
}

/**
 * RFC 4180 reader that keeps what the writer distinguishes: an unquoted empty field is null, a quoted one
 * is ''. Records must end in CRLF; a bare CR or LF outside quotes is a failure.
 */
function parseCsv(text: string): Array<Array<string | null>> {
  const records: Array<Array<string | null>> = [];
  let record: Array<string | null> = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let field: string | null;
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= n) throw new Error('unterminated quoted field');
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += c;
        i++;
      }
      field = value;
    } else {
      let j = i;
      while (j < n && text[j] !== ',' && text[j] !== '\r' && text[j] !== '\n') {
        if (text[j] === '"') throw new Error(`bare quote at ${j}`);
        j++;
      }
      field = j === i ? null : text.slice(i, j);
      i = j;
    }
    record.push(field);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
      continue;
    }
    throw new Error(`expected , or CRLF at ${i}, got ${JSON.stringify(text.slice(i, i + 5))}`);
  }
  if (record.length > 0) throw new Error('last record not CRLF-terminated');
  return records;
}

function readParquet(bytes: Uint8Array): Table {
  return tableFromIPC(pw.readParquet(bytes).intoIPCStream());
}

function parquetRows(bytes: Uint8Array): Array<Record<string, unknown>> {
  return readParquet(bytes)
    .toArray()
    .map((row: { toJSON(): Record<string, unknown> }) => ({ ...row.toJSON() }));
}

async function rowGroupCount(bytes: Uint8Array): Promise<number> {
  const file = await pw.ParquetFile.fromFile(new Blob([bytes]));
  return file.metadata().numRowGroups();
}

async function expectSdgError(action: () => unknown, code: string, pointer?: string): Promise<void> {
  let caught: unknown;
  try {
    await action();
  } catch (error) {
    caught = error;
  }
  expect(isSdgError(caught), String(caught)).toBe(true);
  if (isSdgError(caught)) {
    expect(caught.code).toBe(code);
    if (pointer !== undefined) expect(caught.pointer).toBe(pointer);
  }
}

// A row shape with every kind of value the writers must handle.
const personSchema = {
  type: 'object',
  required: ['id', 'name', 'score', 'active', 'address', 'tags', 'createdAt'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    age: { type: ['integer', 'null'], minimum: 0, maximum: 150 },
    score: { type: 'number' },
    active: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    address: {
      type: 'object',
      required: ['city'],
      properties: { city: { type: 'string' }, zip: { type: 'string' } },
    },
    tags: { type: 'array', items: { type: 'string' } },
  },
} as const;

const tricky = ['plain', 'comma, inside', 'quote " inside', 'line\nbreak', 'cr\rlf\r\n', '', ' padded ', 'Zoë — 東京 🎉', '"', ',', 'a""b'];

function person(i: number): Record<string, unknown> {
  return {
    id: i,
    name: tricky[i % tricky.length]!,
    age: i % 4 === 0 ? null : 20 + (i % 50),
    score: i / 7,
    active: i % 2 === 0,
    createdAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
    address: i % 5 === 0 ? { city: tricky[(i + 3) % tricky.length]! } : { city: 'Berlin', zip: String(10_000 + i) },
    tags: [['a'], [], ['x, y', 'q"uote'], ['ünï', 'emoji 🎉']][i % 4]!,
  };
}

const people = Array.from({ length: 200 }, (_, i) => person(i));

// ---------------------------------------------------------------------------------------------------------

describe('flattenRow / columnsFromSchema', () => {
  it('flattens nested objects to dotted keys and keeps arrays and nulls as leaves', () => {
    expect(flattenRow({ a: 1, b: { c: { d: 'x' }, e: null }, f: [1, { g: 2 }], h: {} })).toEqual({
      a: 1,
      'b.c.d': 'x',
      'b.e': null,
      f: [1, { g: 2 }],
      h: {},
    });
  });

  it('projects onto given columns, missing paths undefined, literal dotted keys first', () => {
    expect(flattenRow({ a: { b: 1 }, 'x.y': 2, x: { y: 3 } }, ['a.b', 'x.y', 'nope', 'a'])).toEqual({
      'a.b': 1,
      'x.y': 2,
      nope: undefined,
      a: { b: 1 },
    });
  });

  it('tabulates non-object rows as one `value` column', () => {
    expect(flattenRow(42)).toEqual({ value: 42 });
    expect(flattenRow(['x'])).toEqual({ value: ['x'] });
  });

  it('lists leaf paths in declaration order, following $ref and allOf', () => {
    expect(columnsFromSchema(personSchema)).toEqual([
      'id',
      'name',
      'age',
      'score',
      'active',
      'createdAt',
      'address.city',
      'address.zip',
      'tags',
    ]);
    const schema = {
      $defs: { geo: { type: 'object', properties: { lat: { type: 'number' }, lon: { type: 'number' } } } },
      allOf: [{ properties: { id: { type: 'string' } } }, { properties: { where: { $ref: '#/$defs/geo' }, meta: { type: 'object' } } }],
    };
    expect(columnsFromSchema(schema)).toEqual(['id', 'where.lat', 'where.lon', 'meta']);
  });

  it('stops at recursive $refs and returns undefined for non-object schemas', () => {
    const tree = {
      $defs: { node: { type: 'object', properties: { v: { type: 'integer' }, next: { $ref: '#/$defs/node' } } } },
      $ref: '#/$defs/node',
    };
    expect(columnsFromSchema(tree)).toEqual(['v', 'next']);
    expect(columnsFromSchema({ type: 'string' })).toBeUndefined();
    expect(columnsFromSchema({ type: 'object' })).toBeUndefined();
    expect(columnsFromSchema(true)).toBeUndefined();
  });
});

describe('JSONL', () => {
  it('round-trips: one JSON.stringify per LF-terminated line', async () => {
    const text = await renderText('jsonl', people);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(people.length);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(people);
    expect(lines[7]).toBe(JSON.stringify(people[7]));
  });

  it('writes nothing for zero rows and accepts scalar rows', async () => {
    expect(await renderText('jsonl', [])).toBe('');
    expect(await renderText('jsonl', [1, 'two', null, [3]])).toBe('1\n"two"\nnull\n[3]\n');
  });

  it('batches into ~64 KiB chunks that never split a row', async () => {
    const sink = memorySink();
    const writer = createWriter('jsonl', sink);
    const rows = Array.from({ length: 20_000 }, (_, i) => person(i));
    await writeAll(writer, rows);
    expect(sink.chunks.length).toBeGreaterThan(5);
    expect(sink.chunks.length).toBeLessThan(200);
    const decoder = new TextDecoder();
    for (const chunk of sink.chunks) {
      expect(chunk).toBeInstanceOf(Uint8Array);
      expect((chunk as Uint8Array).length).toBeLessThanOrEqual(64 * 1024);
      expect(decoder.decode(chunk as Uint8Array).endsWith('\n')).toBe(true);
    }
    expect(sink.text().split('\n').length - 1).toBe(rows.length);
  });

  it('refuses rows that are not JSON values instead of writing "undefined"', async () => {
    const writer = createWriter('jsonl', memorySink());
    writer.write({ ok: true });
    await expectSdgError(() => writer.write(undefined), 'SDG_ERR_GENERATION_FAILED', '/1');
  });

  it('writeMany matches write', async () => {
    const sink = memorySink();
    const writer = createWriter('jsonl', sink);
    const rows = Array.from({ length: 5000 }, (_, i) => person(i));
    await writer.writeMany!(rows);
    await writer.end();
    expect(sink.text()).toBe(await renderText('jsonl', rows));
  });
});

describe('JSON', () => {
  it('round-trips through JSON.parse of the whole output', async () => {
    const text = await renderText('json', people);
    expect(text.startsWith('[\n')).toBe(true);
    expect(text.endsWith('\n]\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(people);
  });

  it('is valid JSON for zero and one row', async () => {
    expect(await renderText('json', [])).toBe('[\n]\n');
    expect(JSON.parse(await renderText('json', []))).toEqual([]);
    expect(await renderText('json', [{ a: 1 }])).toBe('[\n{"a":1}\n]\n');
  });

  it('stays valid across many chunks', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => person(i));
    expect(JSON.parse(await renderText('json', rows))).toEqual(rows);
  });
});

describe('CSV', () => {
  it('round-trips with schema headers, dotted nesting, JSON arrays, CRLF', async () => {
    const text = await renderText('csv', people, { schema: personSchema });
    expect(text.startsWith('id,name,age,score,active,createdAt,address.city,address.zip,tags\r\n')).toBe(true);
    const [header, ...records] = parseCsv(text);
    expect(header).toEqual(columnsFromSchema(personSchema));
    expect(records).toHaveLength(people.length);
    records.forEach((record, i) => {
      const p = people[i]!;
      const address = p.address as Record<string, unknown>;
      expect(record).toEqual([
        String(p.id),
        p.name,
        p.age === null ? null : String(p.age),
        String(p.score),
        String(p.active),
        p.createdAt,
        address.city,
        address.zip ?? null,
        JSON.stringify(p.tags),
      ]);
    });
  });

  it('quotes only when needed, doubles quotes, tells "" from null', async () => {
    const rows = [
      { s: 'plain' },
      { s: 'a,b' },
      { s: 'say "hi"' },
      { s: 'two\nlines' },
      { s: 'cr\r' },
      { s: '' },
      { s: null },
      { s: 'ünïcødé 🎉' },
      { s: ' lead and trail ' },
      {},
    ];
    const text = await renderText('csv', rows, { columns: ['s'] });
    expect(text).toBe('s\r\nplain\r\n"a,b"\r\n"say ""hi"""\r\n"two\nlines"\r\n"cr\r"\r\n""\r\n\r\nünïcødé 🎉\r\n lead and trail \r\n\r\n');
    expect(parseCsv(text).slice(1)).toEqual(rows.map((r) => [r.s === undefined ? null : r.s]));
  });

  it('encodes arrays, objects, numbers and booleans like the generic JSON path', async () => {
    const rows = [
      { v: [] },
      { v: [5] },
      { v: [1, 2] },
      { v: ['a'] },
      { v: [null, true, 'x"y', 'back\\slash'] },
      { v: { k: [1] } },
      { v: 1e21 },
      { v: -0.5 },
      { v: false },
    ];
    const records = parseCsv(await renderText('csv', rows, { columns: ['v'] })).slice(1);
    expect(records.map((r) => r[0])).toEqual([
      '[]',
      '[5]',
      '[1,2]',
      '["a"]',
      '[null,true,"x\\"y","back\\\\slash"]',
      '{"k":[1]}',
      '1e+21',
      '-0.5',
      'false',
    ]);
  });

  it('round-trips any string and any JSON array (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ s: fc.option(fc.string({ unit: 'grapheme' }), { nil: null }), a: fc.array(fc.jsonValue(), { maxLength: 4 }) }),
        ),
        async (rows) => {
          const records = parseCsv(await renderText('csv', rows, { columns: ['s', 'a'] })).slice(1);
          expect(records).toEqual(rows.map((r) => [r.s, JSON.stringify(r.a)]));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('takes headers from the first row when there is no schema, and rejects later extra keys', async () => {
    const sink = memorySink();
    const writer = createWriter('csv', sink);
    writer.write({ a: 1, b: { c: 'x' } });
    writer.write({ b: { c: 'y' } }); // missing keys are empty cells
    await expectSdgError(() => writer.write({ a: 2, extra: true }), 'SDG_ERR_GENERATION_FAILED', '/2/extra');
    await expectSdgError(() => writer.write({ a: 2, b: { c: 'z', d: 1 } }), 'SDG_ERR_GENERATION_FAILED', '/2/b/d');
    await expectSdgError(() => writer.write({ b: 'not an object' }), 'SDG_ERR_GENERATION_FAILED', '/2/b');
    writer.write({ a: 3, b: null });
    await writer.end();
    expect(sink.text()).toBe('a,b.c\r\n1,x\r\n,y\r\n3,\r\n');
  });

  it('rejects keys outside the schema, but drops them when `columns` projects', async () => {
    const strict = createWriter('csv', memorySink(), { schema: personSchema });
    await expectSdgError(() => strict.write({ ...people[1], secret: 'x' }), 'SDG_ERR_GENERATION_FAILED', '/0/secret');
    const projected = await renderText('csv', [{ a: 1, b: 2, c: { d: 3 } }], { columns: ['c.d', 'a'] });
    expect(projected).toBe('c.d,a\r\n3,1\r\n');
  });

  it('writes only the header for zero rows when columns are known, nothing otherwise', async () => {
    expect(await renderText('csv', [], { schema: personSchema })).toBe(
      'id,name,age,score,active,createdAt,address.city,address.zip,tags\r\n',
    );
    expect(await renderText('csv', [], { columns: ['x', 'y,z'] })).toBe('x,"y,z"\r\n');
    expect(await renderText('csv', [])).toBe('');
  });

  it('tabulates scalar rows as a `value` column', async () => {
    expect(await renderText('csv', ['a', 'b,c'])).toBe('value\r\na\r\n"b,c"\r\n');
  });
});

describe('Parquet', () => {
  it('round-trips typed columns across several row groups', async () => {
    const rows = Array.from({ length: 2_500 }, (_, i) => person(i));
    const bytes = await render('parquet', rows, { schema: personSchema, batchSize: 1_000 });
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('PAR1');
    expect(await rowGroupCount(bytes)).toBe(3);

    const table = readParquet(bytes);
    expect(table.schema.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual([
      ['id', 'Int64', false],
      ['name', 'Utf8', false],
      ['age', 'Int32', true],
      ['score', 'Float64', false],
      ['active', 'Bool', false],
      ['createdAt', 'Utf8', false],
      ['address.city', 'Utf8', false],
      ['address.zip', 'Utf8', true],
      ['tags', 'Utf8', false],
    ]);
    const back = parquetRows(bytes);
    expect(back).toHaveLength(rows.length);
    back.forEach((got, i) => {
      const p = rows[i]!;
      const address = p.address as Record<string, unknown>;
      expect(got).toEqual({
        id: BigInt(p.id as number),
        name: p.name,
        age: p.age,
        score: p.score,
        active: p.active,
        createdAt: p.createdAt,
        'address.city': address.city,
        'address.zip': address.zip ?? null,
        tags: JSON.stringify(p.tags),
      });
    });
  });

  it('streams: row groups reach the sink before end()', async () => {
    const sink = memorySink();
    const writer = createWriter('parquet', sink, { schema: personSchema, batchSize: 500 });
    for (let i = 0; i < 3_000; i++) {
      const wait = writer.write(person(i));
      if (wait !== undefined) await wait;
    }
    const before = sink.chunks.length;
    expect(before).toBeGreaterThan(0);
    await writer.end();
    expect(sink.chunks.length).toBeGreaterThan(before);
    expect(await rowGroupCount(sink.bytes())).toBe(6);
  });

  it('keeps row groups of batchSize rows when they span several batches handed to WASM', async () => {
    // 4,096-row batches: 10,000 rows in 9,000-row groups cross batch boundaries inside a group.
    const rows = Array.from({ length: 10_000 }, (_, i) => person(i));
    const bytes = await render('parquet', rows, { schema: personSchema, batchSize: 9_000 });
    expect(await rowGroupCount(bytes)).toBe(2);
    const back = parquetRows(bytes);
    expect(back.map((r) => r.id)).toEqual(rows.map((r) => BigInt(r.id as number)));
    expect(back.map((r) => r.name)).toEqual(rows.map((r) => r.name));
    expect(back.map((r) => r['address.zip'])).toEqual(rows.map((r) => (r.address as Record<string, unknown>).zip ?? null));
  });

  it('never reuses a batch still waiting for WASM, even when writes are not awaited', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => person(i));
    const sink = memorySink();
    const writer = createWriter('parquet', sink, { schema: personSchema });
    for (const row of rows) void writer.write(row);
    await writer.end();
    const back = parquetRows(sink.bytes());
    expect(back.map((r) => r.id)).toEqual(rows.map((r) => BigInt(r.id as number)));
    expect(back.map((r) => r.tags)).toEqual(rows.map((r) => JSON.stringify(r.tags)));
  });

  it('writes a valid, schema-bearing file for zero rows', async () => {
    const bytes = await render('parquet', [], { schema: personSchema });
    const table = readParquet(bytes);
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(columnsFromSchema(personSchema));
    const bare = readParquet(await render('parquet', []));
    expect(bare.numRows).toBe(0);
    expect(bare.numCols).toBe(0);
  });

  it('maps integer ranges, unions, enums and int64 extremes', async () => {
    const schema = {
      type: 'object',
      properties: {
        small: { type: 'integer', minimum: -5, maximum: 5 },
        big: { type: 'integer', minimum: 0 },
        num: { anyOf: [{ type: 'integer' }, { type: 'number' }] },
        color: { enum: ['red', 'green', null] },
        mixed: { type: ['string', 'integer'] },
        blob: { type: 'object' },
      },
    };
    const rows = [
      { small: -5, big: Number.MAX_SAFE_INTEGER, num: 1.5, color: 'red', mixed: 'x', blob: { a: [1] } },
      { small: 5, big: -Number.MAX_SAFE_INTEGER, num: 2, color: null, mixed: 7, blob: {} },
      { big: 9_223_372_036_854_775_807n },
      {},
    ];
    const bytes = await render('parquet', rows, { schema });
    expect(readParquet(bytes).schema.fields.map((f) => `${f.name}:${String(f.type)}:${f.nullable}`)).toEqual([
      'small:Int32:true',
      'big:Int64:true',
      'num:Float64:true',
      'color:Utf8:true',
      'mixed:Utf8:true',
      'blob:Utf8:true',
    ]);
    expect(parquetRows(bytes)).toEqual([
      { small: -5, big: BigInt(Number.MAX_SAFE_INTEGER), num: 1.5, color: 'red', mixed: 'x', blob: '{"a":[1]}' },
      { small: 5, big: -BigInt(Number.MAX_SAFE_INTEGER), num: 2, color: null, mixed: '7', blob: '{}' },
      { small: null, big: 9_223_372_036_854_775_807n, num: null, color: null, mixed: null, blob: null },
      { small: null, big: null, num: null, color: null, mixed: null, blob: null },
    ]);
  });

  it('infers columns from the first row without a schema', async () => {
    const rows = [
      { n: 1, s: 'a', b: true, o: { x: 'y' }, l: [1] },
      { n: 2.5, s: null, b: false, o: { x: null }, l: null },
    ];
    const bytes = await render('parquet', rows);
    expect(readParquet(bytes).schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual([
      'n:Float64',
      's:Utf8',
      'b:Bool',
      'o.x:Utf8',
      'l:Utf8',
    ]);
    expect(parquetRows(bytes)).toEqual([
      { n: 1, s: 'a', b: true, 'o.x': 'y', l: '[1]' },
      { n: 2.5, s: null, b: false, 'o.x': null, l: null },
    ]);
  });

  it('rejects wrongly typed values and nulls in REQUIRED columns, keeping earlier rows intact', async () => {
    const sink = memorySink();
    const writer = createWriter('parquet', sink, { schema: personSchema });
    writer.write(people[1]);
    await expectSdgError(() => writer.write({ ...people[2], id: 1.5 }), 'SDG_ERR_GENERATION_FAILED', '/1/id');
    await expectSdgError(() => writer.write({ ...people[2], score: 'high' }), 'SDG_ERR_GENERATION_FAILED', '/1/score');
    await expectSdgError(() => writer.write({ ...people[2], name: null }), 'SDG_ERR_GENERATION_FAILED', '/1/name');
    await expectSdgError(() => writer.write({ ...people[2], address: { zip: '1' } }), 'SDG_ERR_GENERATION_FAILED', '/1/address/city');
    writer.write(people[3]);
    await writer.end();
    expect(parquetRows(sink.bytes()).map((r) => r.id)).toEqual([1n, 3n]);
  });

  it('agrees with the CSV writer on cell text for strings', async () => {
    const rows = tricky.map((s, i) => ({ i, s }));
    const fromParquet = parquetRows(await render('parquet', rows)).map((r) => r.s);
    const fromCsv = parseCsv(await renderText('csv', rows))
      .slice(1)
      .map((r) => r[1]);
    expect(fromParquet).toEqual(tricky);
    expect(fromCsv).toEqual(tricky);
  });
});

describe('sinks and lifecycle', () => {
  it('passes sink backpressure through and keeps chunk order', async () => {
    const received: Uint8Array[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const slow: RowSink = {
      async write(chunk) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        received.push(chunk as Uint8Array);
        inFlight--;
      },
    };
    const rows = Array.from({ length: 3_000 }, (_, i) => person(i));
    await writeAll(createWriter('jsonl', slow), rows);
    expect(maxInFlight).toBe(1);
    expect(Buffer.concat(received).toString('utf8')).toBe(await renderText('jsonl', rows));
  });

  it('surfaces a failing sink from end(), even when writes were not awaited', async () => {
    const failing: RowSink = { write: () => Promise.reject(new Error('disk full')) };
    for (const format of ['jsonl', 'parquet'] as const) {
      const writer = createWriter(format, failing, { batchSize: 10 });
      for (let i = 0; i < 3_000; i++) {
        try {
          void writer.write(person(i));
        } catch {
          break; // a later write may already see the failure
        }
      }
      await expect(writer.end()).rejects.toThrow('disk full');
    }
  });

  it('refuses writes after end and bad options', async () => {
    const writer = createWriter('csv', memorySink());
    await writer.end();
    await expectSdgError(() => writer.write({ a: 1 }), 'SDG_ERR_IO');
    await expectSdgError(() => createWriter('xml' as OutputFormat, memorySink()), 'SDG_ERR_BAD_OPTION');
    await expectSdgError(() => createWriter('parquet', memorySink(), { batchSize: 0 }), 'SDG_ERR_BAD_OPTION', '/batchSize');
  });

  it('fileSink writes every format to disk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sdg-writers-'));
    try {
      const rows = Array.from({ length: 5_000 }, (_, i) => person(i));
      for (const format of ['jsonl', 'json', 'csv', 'parquet'] as const) {
        const path = join(dir, `out.${format}`);
        const sink = fileSink(path);
        await writeAll(createWriter(format, sink, { schema: personSchema, batchSize: 2_000 }), rows);
        await sink.close();
        const onDisk = await readFile(path);
        const inMemory = await render(format, rows, { schema: personSchema, batchSize: 2_000 });
        // Buffer.equals: a deep toEqual over a megabyte of bytes takes tens of seconds.
        expect(onDisk.equals(inMemory), format).toBe(true);
      }
      // The open fails asynchronously; whether write() already sees it depends on timing, close() always does.
      await expectSdgError(async () => {
        const bad = fileSink(join(dir, 'missing-dir', 'x.jsonl'));
        try {
          await bad.write('x');
        } finally {
          await bad.close();
        }
      }, 'SDG_ERR_IO');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('memory stays flat in the row count', () => {
  // Measured in bytes held after a forced GC, not time: a writer that kept rows or output would hold
  // >60 MB after 300k rows of ~200 bytes; a streaming one holds its chunk or row group only.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const discard: RowSink = { write: () => undefined };

  function held(): number {
    gc();
    gc();
    const m = process.memoryUsage();
    // WASM linear memory is counted in neither; parquet-wasm's heap must stay flat too.
    return m.heapUsed + m.arrayBuffers + pw.wasmMemory().buffer.byteLength;
  }

  for (const format of ['jsonl', 'json', 'csv', 'parquet'] as const) {
    it(`${format}: 300k rows to a discarding sink`, async () => {
      const writer = createWriter(format, discard, { schema: personSchema, batchSize: 10_000 });
      // Warm up one row group so lazily loaded code and buffers are not counted as growth.
      for (let i = 0; i < 10_000; i++) await writer.write(person(i));
      const before = held();
      for (let i = 10_000; i < 300_000; i++) {
        const wait = writer.write(person(i));
        if (wait !== undefined) await wait;
      }
      const after = held();
      await writer.end();
      if (process.env.SDG_PRINT_MEMORY) console.log(format, ((after - before) / 2 ** 20).toFixed(2), 'MiB');
      expect(after - before).toBeLessThan(16 * 1024 * 1024);
    });
  }
});
