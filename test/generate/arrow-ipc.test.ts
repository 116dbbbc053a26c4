import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { IpcBatchEncoder, ipcSchemaMessage, ipcStream, type IpcColumn } from '../../src/generate/writers/arrow-ipc.js';

const bytes = (a: Int32Array | BigInt64Array | Float64Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function bitmap(bits: boolean[]): Uint8Array {
  const out = new Uint8Array((bits.length + 7) >> 3);
  bits.forEach((b, i) => {
    if (b) out[i >> 3]! |= 1 << (i & 7);
  });
  return out;
}

function utf8(values: Array<string | null>): IpcColumn {
  const encoder = new TextEncoder();
  const parts = values.map((v) => encoder.encode(v ?? ''));
  const offsets = new Int32Array(values.length + 1);
  parts.forEach((p, i) => (offsets[i + 1] = offsets[i]! + p.length));
  const data = new Uint8Array(offsets[values.length]!);
  parts.forEach((p, i) => data.set(p, offsets[i]!));
  const nulls = values.filter((v) => v === null).length;
  return { nullCount: nulls, buffers: [nulls === 0 ? new Uint8Array(0) : bitmap(values.map((v) => v !== null)), bytes(offsets), data] };
}

describe('Arrow IPC stream encoder', () => {
  it('is read back by apache-arrow, every kind, with and without nulls', () => {
    const schema = ipcSchemaMessage([
      { name: 'i32', kind: 'int32', nullable: true },
      { name: 'i64', kind: 'int64', nullable: false },
      { name: 'f64', kind: 'double', nullable: false },
      { name: 'flag', kind: 'boolean', nullable: true },
      { name: 'text — ünï', kind: 'utf8', nullable: true },
    ]);
    const n = 5;
    const stream = ipcStream(schema, n, [
      { nullCount: 1, buffers: [bitmap([true, true, false, true, true]), bytes(Int32Array.from([1, -2, 0, 2 ** 31 - 1, -(2 ** 31)]))] },
      { nullCount: 0, buffers: [new Uint8Array(0), bytes(BigInt64Array.from([0n, -1n, 2n ** 62n, -(2n ** 63n), 2n ** 63n - 1n]))] },
      { nullCount: 0, buffers: [new Uint8Array(0), bytes(Float64Array.from([0.5, -1e300, Number.MIN_VALUE, 3, -0]))] },
      { nullCount: 2, buffers: [bitmap([true, false, true, false, true]), bitmap([true, false, false, false, true])] },
      utf8(['a', null, '', 'Zoë — 東京 🎉', 'end']),
    ]);
    expect(stream.length % 8).toBe(0);
    const table = tableFromIPC(stream);
    expect(table.numRows).toBe(n);
    expect(table.schema.fields.map((f) => `${f.name}:${String(f.type)}:${f.nullable}`)).toEqual([
      'i32:Int32:true',
      'i64:Int64:false',
      'f64:Float64:false',
      'flag:Bool:true',
      'text — ünï:Utf8:true',
    ]);
    expect(table.toArray().map((r) => ({ ...(r as object) }))).toEqual([
      { i32: 1, i64: 0n, f64: 0.5, flag: true, 'text — ünï': 'a' },
      { i32: -2, i64: -1n, f64: -1e300, flag: null, 'text — ünï': null },
      { i32: null, i64: 2n ** 62n, f64: Number.MIN_VALUE, flag: false, 'text — ünï': '' },
      { i32: 2 ** 31 - 1, i64: -(2n ** 63n), f64: 3, flag: null, 'text — ünï': 'Zoë — 東京 🎉' },
      { i32: -(2 ** 31), i64: 2n ** 63n - 1n, f64: -0, flag: true, 'text — ünï': 'end' },
    ]);
  });

  it('reuses one buffer across batches without carrying bytes over', () => {
    const encoder = new IpcBatchEncoder([{ name: 's', kind: 'utf8', nullable: true }]);
    const batches = [['a long first batch value', 'x', null], ['b'], [], ['c', null, 'dd', 'eee', 'ffff']];
    let previous: ArrayBufferLike | undefined;
    let reused = 0;
    for (const values of batches) {
      const bytes = encoder.encode(values.length, [utf8(values)]);
      // Decoded before the next encode, which may overwrite the buffer.
      expect(
        tableFromIPC(bytes)
          .toArray()
          .map((r) => (r as { s: string | null }).s),
      ).toEqual(values);
      expect(bytes).toEqual(ipcStream(ipcSchemaMessage([{ name: 's', kind: 'utf8', nullable: true }]), values.length, [utf8(values)]));
      if (bytes.buffer === previous) reused++;
      previous = bytes.buffer;
    }
    expect(reused).toBeGreaterThan(0);
  });

  it('encodes an empty batch and a schema without fields', () => {
    const empty = tableFromIPC(ipcStream(ipcSchemaMessage([{ name: 'a', kind: 'utf8', nullable: false }]), 0, [utf8([])]));
    expect(empty.numRows).toBe(0);
    expect(empty.schema.fields.map((f) => f.name)).toEqual(['a']);
    const bare = tableFromIPC(ipcStream(ipcSchemaMessage([]), 0, []));
    expect(bare.numCols).toBe(0);
  });
});
