/**
 * Arrow IPC stream bytes (schema message, one record batch, end-of-stream) for the flat columns the Parquet
 * writer builds: the only way into parquet-wasm's memory. Written here rather than through apache-arrow,
 * whose module alone added ~15 MB to the peak RSS of a Parquet run and whose Table/RecordBatch objects per
 * batch only wrapped buffers we already hold.
 *
 * Format: https://arrow.apache.org/docs/format/Columnar.html#serialization-and-interprocess-communication-ipc
 * (encapsulated messages: 0xFFFFFFFF, metadata length, a FlatBuffers `Message`, padding to 8, the body).
 * The FlatBuffers are laid out front to back: every vtable directly before its table, every child after
 * the field that points to it, so each offset is forward as the format requires, and every scalar aligned
 * to its size from the start of the buffer, as arrow-rs' verifier checks.
 */

export type IpcKind = 'int32' | 'int64' | 'double' | 'boolean' | 'utf8';

export interface IpcField {
  readonly name: string;
  readonly kind: IpcKind;
  readonly nullable: boolean;
}

/** One column of a batch: its null count and its buffers in Arrow order, validity first (empty when no nulls). */
export interface IpcColumn {
  readonly nullCount: number;
  readonly buffers: readonly Uint8Array[];
}

// Message.fbs / Schema.fbs constants.
const METADATA_V5 = 4;
const HEADER_SCHEMA = 1;
const HEADER_RECORD_BATCH = 3;
const TYPE_INT = 2;
const TYPE_FLOATING_POINT = 3;
const TYPE_UTF8 = 5;
const TYPE_BOOL = 6;
const PRECISION_DOUBLE = 2;

type Scalar = { readonly kind: 'u8' | 'bool' | 'i16' | 'i32' | 'i64'; readonly value: number };

/** A table field: a scalar, or something written after the table that the field points to. */
type Slot = Scalar | { readonly kind: 'ref'; readonly write: (fb: FlatBuilder) => number } | undefined;

const SIZES = { u8: 1, bool: 1, i16: 2, i32: 4, i64: 8 } as const;

class FlatBuilder {
  private buf = new Uint8Array(512);
  private view = new DataView(this.buf.buffer);
  pos = 0;

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    grown.set(this.buf);
    this.buf = grown;
    this.view = new DataView(grown.buffer);
  }

  /** Pads with zeros until `(pos + extra) % n === 0`. */
  align(n: number, extra = 0): void {
    const pad = (n - ((this.pos + extra) % n)) % n;
    this.reserve(pad);
    this.pos += pad;
  }

  u8(v: number): void {
    this.reserve(1);
    this.view.setUint8(this.pos, v);
    this.pos += 1;
  }
  u16(v: number): void {
    this.reserve(2);
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
  }
  i32(v: number): void {
    this.reserve(4);
    this.view.setInt32(this.pos, v, true);
    this.pos += 4;
  }
  i64(v: number): void {
    this.reserve(8);
    this.view.setBigInt64(this.pos, BigInt(v), true);
    this.pos += 8;
  }
  /** Points the uoffset at `at` to `target` (which lies after it). */
  patch(at: number, target: number): void {
    this.view.setUint32(at, target - at, true);
  }

  /** A table: its vtable, then the table, then whatever its reference slots point to. Returns the table's position. */
  table(slots: readonly Slot[]): number {
    // Lay the fields out largest first after the 4-byte vtable offset, each aligned to its size.
    const order = slots
      .map((slot, i) => [slot, i] as const)
      .filter((e): e is readonly [Exclude<Slot, undefined>, number] => e[0] !== undefined);
    const size = (slot: Exclude<Slot, undefined>): number => (slot.kind === 'ref' ? 4 : SIZES[slot.kind]);
    order.sort((a, b) => size(b[0]) - size(a[0]) || a[1] - b[1]);
    const offsets = new Array<number>(slots.length).fill(0);
    let cursor = 4;
    let maxAlign = 4;
    for (const [slot, i] of order) {
      const s = size(slot);
      cursor = Math.ceil(cursor / s) * s;
      offsets[i] = cursor;
      cursor += s;
      maxAlign = Math.max(maxAlign, s);
    }
    const tableSize = Math.ceil(cursor / 4) * 4;
    // The vtable: its own size, the table's, then one u16 per slot (0 = absent).
    this.align(2);
    const vtable = this.pos;
    this.u16(4 + 2 * slots.length);
    this.u16(tableSize);
    for (const o of offsets) this.u16(o);
    this.align(maxAlign);
    const start = this.pos;
    this.reserve(tableSize);
    this.buf.fill(0, start, start + tableSize);
    this.view.setInt32(start, start - vtable, true);
    const refs: Array<[number, (fb: FlatBuilder) => number]> = [];
    slots.forEach((slot, i) => {
      if (slot === undefined) return;
      const at = start + (offsets[i] as number);
      switch (slot.kind) {
        case 'u8':
        case 'bool':
          this.view.setUint8(at, slot.value);
          break;
        case 'i16':
          this.view.setInt16(at, slot.value, true);
          break;
        case 'i32':
          this.view.setInt32(at, slot.value, true);
          break;
        case 'i64':
          this.view.setBigInt64(at, BigInt(slot.value), true);
          break;
        case 'ref':
          refs.push([at, slot.write]);
          break;
      }
    });
    this.pos = start + tableSize;
    for (const [at, write] of refs) this.patch(at, write(this));
    return start;
  }

  string(text: string): number {
    const bytes = new TextEncoder().encode(text);
    this.align(4);
    const start = this.pos;
    this.i32(bytes.length);
    this.reserve(bytes.length + 1);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
    this.u8(0);
    return start;
  }

  /** A vector of tables (offsets), each element written after the vector. */
  tables(items: ReadonlyArray<(fb: FlatBuilder) => number>): number {
    this.align(4);
    const start = this.pos;
    this.i32(items.length);
    const slots = items.map(() => {
      const at = this.pos;
      this.i32(0);
      return at;
    });
    items.forEach((write, i) => this.patch(slots[i] as number, write(this)));
    return start;
  }

  /** A vector of structs of two int64s (FieldNode, Buffer), elements 8-aligned. */
  longPairs(pairs: ReadonlyArray<readonly [number, number]>): number {
    this.align(8, 4);
    const start = this.pos;
    this.i32(pairs.length);
    for (const [a, b] of pairs) {
      this.i64(a);
      this.i64(b);
    }
    return start;
  }

  /** The finished FlatBuffer: a root offset at 0 pointing to `root` (written by the callback). */
  static finish(root: (fb: FlatBuilder) => number): Uint8Array {
    const fb = new FlatBuilder();
    fb.i32(0);
    fb.patch(0, root(fb));
    return fb.buf.subarray(0, fb.pos);
  }
}

const ref = (write: (fb: FlatBuilder) => number): Slot => ({ kind: 'ref', write });

function typeSlots(kind: IpcKind): [Slot, Slot] {
  switch (kind) {
    case 'int32':
    case 'int64':
      return [
        { kind: 'u8', value: TYPE_INT },
        ref((fb) =>
          fb.table([
            { kind: 'i32', value: kind === 'int32' ? 32 : 64 },
            { kind: 'bool', value: 1 },
          ]),
        ),
      ];
    case 'double':
      return [{ kind: 'u8', value: TYPE_FLOATING_POINT }, ref((fb) => fb.table([{ kind: 'i16', value: PRECISION_DOUBLE }]))];
    case 'boolean':
      return [{ kind: 'u8', value: TYPE_BOOL }, ref((fb) => fb.table([]))];
    case 'utf8':
      return [{ kind: 'u8', value: TYPE_UTF8 }, ref((fb) => fb.table([]))];
  }
}

/** The encapsulated message: continuation marker, padded metadata length, metadata, padding. The body follows. */
function frame(metadata: Uint8Array): Uint8Array {
  const padded = Math.ceil(metadata.length / 8) * 8;
  const head = new Uint8Array(8 + padded);
  const view = new DataView(head.buffer);
  view.setUint32(0, 0xffffffff, true);
  view.setInt32(4, padded, true);
  head.set(metadata, 8);
  return head;
}

/** The schema message; the same for every batch of a file, so callers keep it. */
export function ipcSchemaMessage(fields: readonly IpcField[]): Uint8Array {
  const metadata = FlatBuilder.finish((fb) =>
    fb.table([
      { kind: 'i16', value: METADATA_V5 },
      { kind: 'u8', value: HEADER_SCHEMA },
      ref((b) =>
        b.table([
          undefined, // endianness: Little is the default
          ref((c) =>
            c.tables(
              fields.map((field) => (d: FlatBuilder) => {
                const [typeType, type] = typeSlots(field.kind);
                return d.table([
                  ref((e) => e.string(field.name)),
                  { kind: 'bool', value: field.nullable ? 1 : 0 },
                  typeType,
                  type,
                  undefined, // dictionary
                  ref((e) => e.tables([])), // children
                ]);
              }),
            ),
          ),
        ]),
      ),
      { kind: 'i64', value: 0 },
    ]),
  );
  return frame(metadata);
}

const END_OF_STREAM = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/** A whole IPC stream of one batch: `schema` (from ipcSchemaMessage), the record batch, end of stream. */
export function ipcStream(schema: Uint8Array, length: number, columns: readonly IpcColumn[]): Uint8Array {
  return writeStream(schema, length, columns, undefined);
}

/**
 * ipcStream for one file's batches into one buffer, grown as needed and reused: a fresh ~1 MB buffer per batch
 * was the bulk of a Parquet run's ArrayBuffer churn, which V8 frees only once external memory has grown by
 * tens of MB. The bytes returned are valid until the next encode.
 */
export class IpcBatchEncoder {
  private readonly schema: Uint8Array;
  private scratch: Uint8Array | undefined;

  constructor(fields: readonly IpcField[]) {
    this.schema = ipcSchemaMessage(fields);
  }

  encode(length: number, columns: readonly IpcColumn[]): Uint8Array {
    const out = writeStream(this.schema, length, columns, this.scratch);
    if (out.buffer !== this.scratch?.buffer) this.scratch = new Uint8Array(out.buffer);
    return out;
  }
}

function writeStream(schema: Uint8Array, length: number, columns: readonly IpcColumn[], scratch: Uint8Array | undefined): Uint8Array {
  const nodes: Array<[number, number]> = [];
  const buffers: Array<[number, number]> = [];
  let bodyLength = 0;
  for (const column of columns) {
    nodes.push([length, column.nullCount]);
    for (const buffer of column.buffers) {
      buffers.push([bodyLength, buffer.length]);
      bodyLength += Math.ceil(buffer.length / 8) * 8;
    }
  }
  const metadata = FlatBuilder.finish((fb) =>
    fb.table([
      { kind: 'i16', value: METADATA_V5 },
      { kind: 'u8', value: HEADER_RECORD_BATCH },
      ref((b) => b.table([{ kind: 'i64', value: length }, ref((c) => c.longPairs(nodes)), ref((c) => c.longPairs(buffers))])),
      { kind: 'i64', value: bodyLength },
    ]),
  );
  const head = frame(metadata);
  const total = schema.length + head.length + bodyLength + END_OF_STREAM.length;
  // Room to grow by half again, so a batch slightly larger than the last does not reallocate.
  const out =
    scratch !== undefined && scratch.length >= total
      ? scratch.subarray(0, total)
      : new Uint8Array(Math.ceil(total * 1.5)).subarray(0, total);
  out.set(schema, 0);
  out.set(head, schema.length);
  const body = schema.length + head.length;
  let i = 0;
  for (const column of columns) {
    for (const buffer of column.buffers) {
      const [offset, size] = buffers[i] as [number, number];
      out.set(buffer, body + offset);
      // Padding is never read, but a reused buffer would otherwise carry the last batch's bytes into it.
      out.fill(0, body + offset + size, body + Math.ceil((offset + size) / 8) * 8);
      i++;
    }
  }
  out.set(END_OF_STREAM, body + bodyLength);
  return out;
}
