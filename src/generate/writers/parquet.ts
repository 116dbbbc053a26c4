/**
 * Parquet writer: parquet-wasm (Rust arrow-rs compiled to WASM) fed Arrow record batches built here.
 *
 * Library choice, measured on Node 20.20 / 2 vCPU, 1M rows × 10 columns (int64, 2× utf8, optional int32,
 * double, boolean, date-time string, 2 flattened `address.*` strings, array-as-JSON), 64k-row row groups,
 * rows generated in-process (~2.5 s of each figure is building the rows themselves):
 *
 *   library                          codec          time     rows/s   peak RSS (time -v)   file
 *   parquet-wasm 0.8 + apache-arrow  uncompressed    8.7 s   115 k    237 MiB              94 MiB
 *   parquet-wasm 0.8 + apache-arrow  snappy          9.1 s   109 k    225 MiB              32 MiB
 *   @dsnp/parquetjs 1.8.8            uncompressed   37.6 s    27 k    333 MiB             121 MiB
 *   @dsnp/parquetjs 1.8.8            snappy         35.2 s    28 k    273 MiB              30 MiB
 *   parquet-wasm, uncompressed, 3M rows             21.7 s   139 k    257 MiB (flat: +20 MiB for 3× rows)
 *
 * @dsnp/parquetjs 1.8.9+ requires Node ≥ 24; 1.8.8 runs on 20 but drags in @aws-sdk/client-s3 and @zenfs
 * (whose engines say Node ≥ 22), shreds row by row in JS, and is ~4× slower. parquet-wasm's
 * `writeParquet` writes a whole table per call, but `transformParquetStream` takes a ReadableStream of
 * record batches and emits bytes as row groups close (observed: one output chunk per row group, at most
 * one group behind), so one file can be streamed with memory bounded by `batchSize`. The WASM heap grows to the largest row group
 * (~55-70 MiB at 64k rows) and is reused, never returned; the default of 16k-row groups keeps a 10M-row
 * customer run under 250 MB peak RSS and was also faster than 64k in our measurement (bench/large.ts).
 *
 * Type mapping (JSON Schema → Parquet):
 *   integer with both bounds inside int32 → INT32, other integers → INT64; number → DOUBLE;
 *   boolean → BOOLEAN; string → UTF8 (STRING), including `format: date`/`date-time`: the values are kept
 *   exactly as generated (offsets, sub-millisecond digits) instead of normalised to a UTC TIMESTAMP; cast
 *   in the consumer if needed. Arrays, free-form objects and mixed-type unions → UTF8 holding JSON text.
 *   Nested objects with declared properties are flattened to dotted column names. A column is OPTIONAL
 *   when its property (or an enclosing object) is not `required` or admits null; REQUIRED otherwise.
 *   Without a schema, types come from the first row (numbers → DOUBLE, everything OPTIONAL).
 * Values of the wrong type throw SDG_ERR_GENERATION_FAILED rather than being coerced. Snappy, because it
 * cut the file 3× for ~5% more time in the table above.
 */
import type * as ArrowNs from 'apache-arrow';
import type * as ParquetWasmNs from 'parquet-wasm';
import { SdgError, appendPointer } from '../../core/index.js';
import { SinkTracker } from './chunked.js';
import { layoutFromOptions, layoutFromRow, rowAsObject, type ColumnKind, type ColumnLayout, type ColumnSpec } from './columns.js';
import type { DatasetWriter, RowSink, WriterOptions } from './types.js';

type Arrow = typeof ArrowNs;
type ParquetWasm = typeof ParquetWasmNs;
type WasmRecordBatch = ParquetWasmNs.RecordBatch;

export const DEFAULT_ROW_GROUP_ROWS = 16_384;

let libraries: Promise<{ arrow: Arrow; pw: ParquetWasm }> | undefined;

/** Loaded on first use: the 5 MB WASM module is compiled at import, a cost JSONL/CSV users should not pay. */
function loadLibraries(): Promise<{ arrow: Arrow; pw: ParquetWasm }> {
  libraries ??= Promise.all([import('apache-arrow'), import('parquet-wasm')]).then(([arrow, pw]) => ({ arrow, pw }));
  return libraries;
}

// ---------------------------------------------------------------------------------------------------------
// Column builders: one batch of one column in Arrow's physical layout, filled row by row.

interface ColumnBuilder {
  /** Must set or clear the validity bit itself: a row that throws half-way is overwritten, not rolled back. */
  set(i: number, value: unknown, rowIndex: number): void;
  data(arrow: Arrow, n: number): ArrowNs.Data;
}

function typeError(spec: ColumnSpec, value: unknown, rowIndex: number, expected: string): SdgError {
  const shown = typeof value === 'string' ? JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value) : String(value);
  return new SdgError('SDG_ERR_GENERATION_FAILED', `Column ${spec.name} is ${expected} but row ${rowIndex} holds ${shown}`, {
    pointer: appendPointer('', rowIndex, ...spec.path),
    hint: value === null || value === undefined ? 'Make the property optional or nullable in the schema.' : undefined,
  });
}

abstract class BaseBuilder implements ColumnBuilder {
  protected readonly valid: Uint8Array;

  constructor(
    protected readonly spec: ColumnSpec,
    capacity: number,
  ) {
    this.valid = new Uint8Array((capacity + 7) >> 3);
  }

  abstract set(i: number, value: unknown, rowIndex: number): void;
  abstract data(arrow: Arrow, n: number): ArrowNs.Data;

  protected markNull(i: number, value: unknown, rowIndex: number, expected: string): void {
    if (!this.spec.nullable) throw typeError(this.spec, value, rowIndex, `REQUIRED ${expected}`);
    this.valid[i >> 3]! &= ~(1 << (i & 7));
  }

  protected markValid(i: number): void {
    this.valid[i >> 3]! |= 1 << (i & 7);
  }

  /** Null count and bitmap for rows [0, n); the bitmap is omitted when there are no nulls. */
  protected validity(n: number): { nullCount: number; nullBitmap: Uint8Array | undefined } {
    let set = 0;
    const bytes = (n + 7) >> 3;
    for (let b = 0; b < bytes; b++) {
      let x = this.valid[b]!;
      if (b === bytes - 1 && (n & 7) !== 0) x &= (1 << (n & 7)) - 1;
      x = x - ((x >> 1) & 0x55);
      x = (x & 0x33) + ((x >> 2) & 0x33);
      set += (x + (x >> 4)) & 0x0f;
    }
    const nullCount = n - set;
    return { nullCount, nullBitmap: nullCount === 0 ? undefined : this.valid.subarray(0, bytes) };
  }
}

class Int32Builder extends BaseBuilder {
  private readonly values: Int32Array;
  constructor(spec: ColumnSpec, capacity: number) {
    super(spec, capacity);
    this.values = new Int32Array(capacity);
  }
  set(i: number, value: unknown, rowIndex: number): void {
    if (value === null || value === undefined) return this.markNull(i, value, rowIndex, 'INT32');
    if (typeof value !== 'number' || (value | 0) !== value) throw typeError(this.spec, value, rowIndex, 'INT32');
    this.values[i] = value;
    this.markValid(i);
  }
  data(arrow: Arrow, n: number): ArrowNs.Data {
    return arrow.makeData({ type: new arrow.Int32(), length: n, data: this.values.subarray(0, n), ...this.validity(n) });
  }
}

const TWO_POW_32 = 4294967296;

class Int64Builder extends BaseBuilder {
  private readonly values: BigInt64Array;
  /** Same memory as `values`: writing both halves as uint32 avoids a BigInt allocation per value. */
  private readonly words: Uint32Array;
  constructor(spec: ColumnSpec, capacity: number) {
    super(spec, capacity);
    this.values = new BigInt64Array(capacity);
    this.words = new Uint32Array(this.values.buffer);
  }
  set(i: number, value: unknown, rowIndex: number): void {
    if (value === null || value === undefined) return this.markNull(i, value, rowIndex, 'INT64');
    if (typeof value === 'bigint') {
      if (BigInt.asIntN(64, value) !== value) throw typeError(this.spec, value, rowIndex, 'INT64');
      this.values[i] = value;
    } else {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw typeError(this.spec, value, rowIndex, 'INT64');
      const hi = Math.floor(value / TWO_POW_32);
      // Little-endian word order, as Arrow specifies and every platform Node runs on is.
      this.words[2 * i] = value - hi * TWO_POW_32;
      this.words[2 * i + 1] = hi;
    }
    this.markValid(i);
  }
  data(arrow: Arrow, n: number): ArrowNs.Data {
    return arrow.makeData({ type: new arrow.Int64(), length: n, data: this.values.subarray(0, n), ...this.validity(n) });
  }
}

class DoubleBuilder extends BaseBuilder {
  private readonly values: Float64Array;
  constructor(spec: ColumnSpec, capacity: number) {
    super(spec, capacity);
    this.values = new Float64Array(capacity);
  }
  set(i: number, value: unknown, rowIndex: number): void {
    if (value === null || value === undefined) return this.markNull(i, value, rowIndex, 'DOUBLE');
    if (typeof value !== 'number') throw typeError(this.spec, value, rowIndex, 'DOUBLE');
    this.values[i] = value;
    this.markValid(i);
  }
  data(arrow: Arrow, n: number): ArrowNs.Data {
    return arrow.makeData({ type: new arrow.Float64(), length: n, data: this.values.subarray(0, n), ...this.validity(n) });
  }
}

class BooleanBuilder extends BaseBuilder {
  private readonly bits: Uint8Array;
  constructor(spec: ColumnSpec, capacity: number) {
    super(spec, capacity);
    this.bits = new Uint8Array((capacity + 7) >> 3);
  }
  set(i: number, value: unknown, rowIndex: number): void {
    if (value === null || value === undefined) return this.markNull(i, value, rowIndex, 'BOOLEAN');
    if (typeof value !== 'boolean') throw typeError(this.spec, value, rowIndex, 'BOOLEAN');
    if (value) this.bits[i >> 3]! |= 1 << (i & 7);
    else this.bits[i >> 3]! &= ~(1 << (i & 7));
    this.markValid(i);
  }
  data(arrow: Arrow, n: number): ArrowNs.Data {
    return arrow.makeData({ type: new arrow.Bool(), length: n, data: this.bits.subarray(0, (n + 7) >> 3), ...this.validity(n) });
  }
}

const encoder = new TextEncoder();

/** UTF8 columns; `json` kind stores non-strings as JSON text and strings as-is, the same cells CSV writes. */
class Utf8Builder extends BaseBuilder {
  private readonly values: Array<string | undefined>;
  constructor(
    spec: ColumnSpec,
    capacity: number,
    private readonly json: boolean,
  ) {
    super(spec, capacity);
    this.values = new Array<string | undefined>(capacity);
  }
  set(i: number, value: unknown, rowIndex: number): void {
    if (value === null || value === undefined) {
      this.markNull(i, value, rowIndex, 'UTF8');
      this.values[i] = undefined;
      return;
    }
    let text: string | undefined;
    if (typeof value === 'string') text = value;
    else if (this.json) text = typeof value === 'bigint' ? value.toString() : JSON.stringify(value);
    if (typeof text !== 'string') throw typeError(this.spec, value, rowIndex, 'UTF8');
    this.values[i] = text;
    this.markValid(i);
  }
  data(arrow: Arrow, n: number): ArrowNs.Data {
    const offsets = new Int32Array(n + 1);
    let bytes = new Uint8Array(Math.max(1024, n * 24));
    let pos = 0;
    for (let i = 0; i < n; i++) {
      const s = this.values[i];
      if (s !== undefined) {
        // Worst case is 3 bytes per UTF-16 unit; grow up front so encodeInto never truncates.
        if (bytes.length - pos < s.length * 3) {
          const grown = new Uint8Array(Math.max(bytes.length * 2, pos + s.length * 3));
          grown.set(bytes.subarray(0, pos));
          bytes = grown;
        }
        // Short ASCII strings dominate generated data; copying them by hand measured ~2× faster than an
        // encodeInto call each. The first non-ASCII unit hands the whole string to encodeInto.
        const len = s.length;
        let j = 0;
        for (; j < len; j++) {
          const c = s.charCodeAt(j);
          if (c >= 0x80) break;
          bytes[pos + j] = c;
        }
        pos += j === len ? len : encoder.encodeInto(s, bytes.subarray(pos)).written;
      }
      offsets[i + 1] = pos;
    }
    if (pos > 0x7fffffff)
      throw new SdgError('SDG_ERR_BAD_OPTION', `Column ${this.spec.name} exceeds 2 GiB in one row group`, { hint: 'Lower batchSize.' });
    return arrow.makeData({ type: new arrow.Utf8(), length: n, valueOffsets: offsets, data: bytes.subarray(0, pos), ...this.validity(n) });
  }
}

function makeBuilder(spec: ColumnSpec, capacity: number): ColumnBuilder {
  switch (spec.kind) {
    case 'int32':
      return new Int32Builder(spec, capacity);
    case 'int64':
      return new Int64Builder(spec, capacity);
    case 'double':
      return new DoubleBuilder(spec, capacity);
    case 'boolean':
      return new BooleanBuilder(spec, capacity);
    case 'string':
      return new Utf8Builder(spec, capacity, false);
    case 'json':
      return new Utf8Builder(spec, capacity, true);
  }
}

function arrowType(arrow: Arrow, kind: ColumnKind): ArrowNs.DataType {
  switch (kind) {
    case 'int32':
      return new arrow.Int32();
    case 'int64':
      return new arrow.Int64();
    case 'double':
      return new arrow.Float64();
    case 'boolean':
      return new arrow.Bool();
    case 'string':
    case 'json':
      return new arrow.Utf8();
  }
}

/** Arrow IPC is the only way into parquet-wasm's memory; the copy costs less than building rows. */
function batchToIpc(arrow: Arrow, layout: ColumnLayout, builders: ColumnBuilder[], n: number): Uint8Array {
  const fields = layout.columns.map((c) => new arrow.Field(c.name, arrowType(arrow, c.kind), c.nullable));
  const schema = new arrow.Schema(fields);
  const children = builders.map((b) => b.data(arrow, n));
  const struct = arrow.makeData({ type: new arrow.Struct(fields), length: n, nullCount: 0, children });
  return arrow.tableToIPC(new arrow.Table([new arrow.RecordBatch(schema, struct)]), 'stream');
}

// ---------------------------------------------------------------------------------------------------------

interface Handoff {
  batch: WasmRecordBatch;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class ParquetWriter implements DatasetWriter {
  private readonly out: SinkTracker;
  private readonly batchSize: number;
  private layout: ColumnLayout | undefined;
  private builders: ColumnBuilder[] | undefined;
  /** Rows in the current batch / rows accepted overall. */
  private n = 0;
  private rowCount = 0;
  private batchesSent = 0;
  private closed = false;
  private ending: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;
  /** Batches are serialised and handed to WASM strictly in order, one at a time. */
  private chain: Promise<void> = Promise.resolve();
  private pump: Promise<void> | undefined;
  private handoff: Handoff | undefined;
  private wakePull: (() => void) | undefined;
  private inputDone = false;

  constructor(
    sink: RowSink,
    private readonly options: WriterOptions,
  ) {
    this.out = new SinkTracker(sink);
    this.batchSize = options.batchSize ?? DEFAULT_ROW_GROUP_ROWS;
    this.layout = layoutFromOptions(options);
    // Start compiling the WASM while the first batch fills; failures surface at the first flush.
    loadLibraries().catch(() => undefined);
  }

  write(row: unknown): void | Promise<void> {
    this.assertOpen();
    const obj = rowAsObject(row);
    const layout = this.layout ?? layoutFromRow(obj);
    layout.check?.(obj, this.rowCount);
    this.layout = layout;
    const builders = (this.builders ??= this.newBuilders(layout));
    const columns = layout.columns;
    const i = this.n;
    for (let c = 0; c < columns.length; c++) builders[c]!.set(i, columns[c]!.get(obj), this.rowCount);
    this.n++;
    this.rowCount++;
    return this.n >= this.batchSize ? this.flushBatch() : undefined;
  }

  writeMany(rows: unknown[]): void | Promise<void> {
    return this.writeFrom(rows, 0);
  }

  private writeFrom(rows: unknown[], start: number): void | Promise<void> {
    for (let i = start; i < rows.length; i++) {
      const wait = this.write(rows[i]);
      if (wait !== undefined) return wait.then(() => this.writeFrom(rows, i + 1));
    }
    return undefined;
  }

  end(): Promise<void> {
    this.ending ??= (async () => {
      this.assertOpen();
      this.closed = true;
      // Zero rows still produce a valid file: one empty batch carries the schema.
      if (this.n > 0 || this.batchesSent === 0) {
        this.layout ??= { columns: [], check: undefined };
        this.builders ??= this.newBuilders(this.layout);
        await this.flushBatch();
      }
      await this.chain;
      this.rethrow();
      this.inputDone = true;
      this.wakePull?.();
      await this.pump;
      this.rethrow();
      await this.out.drain();
    })();
    return this.ending;
  }

  private newBuilders(layout: ColumnLayout): ColumnBuilder[] {
    return layout.columns.map((c) => makeBuilder(c, this.batchSize));
  }

  private assertOpen(): void {
    if (this.closed) throw new SdgError('SDG_ERR_IO', 'write after end() on a dataset writer');
    this.rethrow();
  }

  private rethrow(): void {
    if (this.failure !== undefined) throw this.failure.error;
    this.out.rethrow();
  }

  private fail(error: unknown): void {
    this.failure ??= { error };
    this.handoff?.reject(error);
    this.handoff = undefined;
  }

  /**
   * Hands the filled builders to the chain and starts a fresh set, so a caller that does not await can keep
   * writing without overwriting a batch still waiting for the WASM module.
   */
  private flushBatch(): Promise<void> {
    const builders = this.builders!;
    const n = this.n;
    const layout = this.layout!;
    this.builders = undefined;
    this.n = 0;
    this.batchesSent++;
    const sent = this.chain.then(() => this.emit(layout, builders, n));
    this.chain = sent.catch((error: unknown) => this.fail(error));
    return sent;
  }

  private async emit(layout: ColumnLayout, builders: ColumnBuilder[], n: number): Promise<void> {
    this.rethrow();
    const { arrow, pw } = await loadLibraries();
    const table = pw.Table.fromIPCStream(batchToIpc(arrow, layout, builders, n));
    const batches = table.recordBatches();
    table.free();
    this.pump ??= this.startPump(pw);
    for (const batch of batches) await this.offer(batch);
  }

  /** Resolves once the WASM writer pulled the batch, which it does only after writing the previous one out. */
  private offer(batch: WasmRecordBatch): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.failure !== undefined) return reject(this.failure.error);
      this.handoff = { batch, resolve, reject };
      this.wakePull?.();
    });
  }

  private async pull(controller: ReadableStreamDefaultController<WasmRecordBatch>): Promise<void> {
    for (;;) {
      const handoff = this.handoff;
      if (handoff !== undefined) {
        this.handoff = undefined;
        controller.enqueue(handoff.batch);
        handoff.resolve();
        return;
      }
      if (this.inputDone) {
        controller.close();
        return;
      }
      await new Promise<void>((resolve) => (this.wakePull = resolve));
      this.wakePull = undefined;
    }
  }

  private startPump(pw: ParquetWasm): Promise<void> {
    const input = new ReadableStream<WasmRecordBatch>({ pull: (controller) => this.pull(controller) }, { highWaterMark: 0 });
    const properties = new pw.WriterPropertiesBuilder()
      .setCompression(pw.Compression.SNAPPY)
      .setMaxRowGroupSize(this.batchSize)
      .setCreatedBy('synthdatagen')
      .build();
    const run = async (): Promise<void> => {
      // transformParquetStream reads the first batch before resolving, so it must not be awaited before
      // that batch is offered — hence this runs detached from emit().
      const output = (await pw.transformParquetStream(input, properties)) as ReadableStream<unknown>;
      const reader = output.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        if (!(value instanceof Uint8Array)) throw new SdgError('SDG_ERR_IO', 'parquet-wasm produced a non-byte chunk');
        await this.out.write(value);
      }
    };
    return run().catch((error: unknown) => this.fail(error));
  }
}
