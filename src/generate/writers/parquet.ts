/**
 * Parquet writer: parquet-wasm (Rust arrow-rs compiled to WASM) fed Arrow record batches built here and
 * serialised by arrow-ipc.ts (apache-arrow was used for that when the table below was measured).
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
 * one group behind), so one file can be streamed with memory bounded by `batchSize`.
 *
 * Memory (bench/large.ts, 10M customer rows): rows are encoded into the builders' buffers as they arrive,
 * handed to WASM in BATCH_SLICE_ROWS batches, and the builders reused; the WASM heap then only holds the
 * open row group's pages (~15-20 MiB at 16k rows, ~40 at 64k; grown once, never returned). Keeping cells
 * as JS strings until a 16k-row batch closed cost ~100 MB of old-space on such runs, and apache-arrow's
 * module ~15 MB. The default row group stays 16k rows: the file bytes are the same as before the slicing.
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
import type * as ParquetWasmNs from 'parquet-wasm';
import { SdgError, appendPointer } from '../../core/index.js';
import { IpcBatchEncoder, type IpcColumn, type IpcKind } from './arrow-ipc.js';
import { SinkTracker } from './chunked.js';
import { layoutFromOptions, layoutFromRow, rowAsObject, type ColumnKind, type ColumnLayout, type ColumnSpec } from './columns.js';
import type { DatasetWriter, RowSink, WriterOptions } from './types.js';

type ParquetWasm = typeof ParquetWasmNs;
type WasmRecordBatch = ParquetWasmNs.RecordBatch;

export const DEFAULT_ROW_GROUP_ROWS = 16_384;
/**
 * Rows per record batch handed to the WASM writer, whatever the row group size: arrow-rs encodes each batch
 * into the open row group's (compressed) pages at once, so only this many rows ever exist unencoded, on
 * either side of the boundary. Each batch costs one IPC round (~0.1 ms), so much smaller slices start to show.
 */
export const BATCH_SLICE_ROWS = 4_096;

let library: Promise<ParquetWasm> | undefined;

/** Loaded on first use: the 5 MB WASM module is compiled at import, a cost JSONL/CSV users should not pay. */
function loadParquetWasm(): Promise<ParquetWasm> {
  library ??= import('parquet-wasm');
  return library;
}

const EMPTY = new Uint8Array(0);

function bytesOf(values: Int32Array | BigInt64Array | Float64Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

// ---------------------------------------------------------------------------------------------------------
// Column builders: one batch of one column in Arrow's physical layout, filled row by row.

interface ColumnBuilder {
  /** Must set or clear the validity bit itself: a row that throws half-way is overwritten, not rolled back. */
  set(i: number, value: unknown, rowIndex: number): void;
  /** Rows [0, n) as Arrow buffers: views of the builder's memory, valid until its next set(). */
  column(n: number): IpcColumn;
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
  abstract column(n: number): IpcColumn;

  protected markNull(i: number, value: unknown, rowIndex: number, expected: string): void {
    if (!this.spec.nullable) throw typeError(this.spec, value, rowIndex, `REQUIRED ${expected}`);
    this.valid[i >> 3]! &= ~(1 << (i & 7));
  }

  protected markValid(i: number): void {
    this.valid[i >> 3]! |= 1 << (i & 7);
  }

  /** Rows [0, n) with these data buffers after the validity bitmap, which is empty when there are no nulls. */
  protected columnOf(n: number, ...data: Uint8Array[]): IpcColumn {
    const { nullCount, nullBitmap } = this.validity(n);
    return { nullCount, buffers: [nullBitmap ?? EMPTY, ...data] };
  }

  private validity(n: number): { nullCount: number; nullBitmap: Uint8Array | undefined } {
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
  column(n: number): IpcColumn {
    return this.columnOf(n, bytesOf(this.values.subarray(0, n)));
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
  column(n: number): IpcColumn {
    return this.columnOf(n, bytesOf(this.values.subarray(0, n)));
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
  column(n: number): IpcColumn {
    return this.columnOf(n, bytesOf(this.values.subarray(0, n)));
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
  column(n: number): IpcColumn {
    return this.columnOf(n, this.bits.subarray(0, (n + 7) >> 3));
  }
}

const encoder = new TextEncoder();

/**
 * UTF8 columns; `json` kind stores non-strings as JSON text and strings as-is, the same cells CSV writes.
 * Cells are encoded as they arrive rather than kept as JS strings until the batch closes: a batch's worth of
 * live strings survives young-generation GCs, gets promoted, and grew the old space (and RSS) by ~100 MB on
 * 10M-row runs, while bytes in one reused buffer cost the collector nothing.
 */
class Utf8Builder extends BaseBuilder {
  /** offsets[i] … offsets[i + 1] are row i's bytes; offsets[0] stays 0. */
  private readonly offsets: Int32Array;
  private bytes: Uint8Array;
  constructor(
    spec: ColumnSpec,
    capacity: number,
    private readonly json: boolean,
  ) {
    super(spec, capacity);
    this.offsets = new Int32Array(capacity + 1);
    this.bytes = new Uint8Array(Math.max(1024, capacity * 24));
  }
  set(i: number, value: unknown, rowIndex: number): void {
    // Starts from offsets[i], not from the end of the last write: a row that threw half-way is overwritten.
    const start = this.offsets[i]!;
    if (value === null || value === undefined) {
      this.markNull(i, value, rowIndex, 'UTF8');
      this.offsets[i + 1] = start;
      return;
    }
    let text: string | undefined;
    if (typeof value === 'string') text = value;
    else if (this.json) text = typeof value === 'bigint' ? value.toString() : JSON.stringify(value);
    if (typeof text !== 'string') throw typeError(this.spec, value, rowIndex, 'UTF8');
    const end = this.append(text, start);
    if (end > 0x7fffffff)
      throw new SdgError('SDG_ERR_BAD_OPTION', `Column ${this.spec.name} exceeds 2 GiB in one record batch`, { hint: 'Lower batchSize.' });
    this.offsets[i + 1] = end;
    this.markValid(i);
  }
  private append(s: string, pos: number): number {
    const len = s.length;
    // Worst case is 3 bytes per UTF-16 unit; grow up front so encodeInto never truncates.
    if (this.bytes.length - pos < len * 3) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, pos + len * 3));
      grown.set(this.bytes.subarray(0, pos));
      this.bytes = grown;
    }
    const bytes = this.bytes;
    // Short ASCII strings dominate generated data; copying them by hand measured ~2× faster than an
    // encodeInto call each. The first non-ASCII unit hands the whole string to encodeInto.
    let j = 0;
    for (; j < len; j++) {
      const c = s.charCodeAt(j);
      if (c >= 0x80) break;
      bytes[pos + j] = c;
    }
    return j === len ? pos + len : pos + encoder.encodeInto(s, bytes.subarray(pos)).written;
  }
  column(n: number): IpcColumn {
    return this.columnOf(n, bytesOf(this.offsets.subarray(0, n + 1)), this.bytes.subarray(0, this.offsets[n]!));
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

const IPC_KINDS: Readonly<Record<ColumnKind, IpcKind>> = {
  int32: 'int32',
  int64: 'int64',
  double: 'double',
  boolean: 'boolean',
  string: 'utf8',
  json: 'utf8',
};

function ipcEncoderFor(layout: ColumnLayout): IpcBatchEncoder {
  return new IpcBatchEncoder(layout.columns.map((c) => ({ name: c.name, kind: IPC_KINDS[c.kind], nullable: c.nullable })));
}

// ---------------------------------------------------------------------------------------------------------

interface Handoff {
  batch: WasmRecordBatch;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class ParquetWriter implements DatasetWriter {
  private readonly out: SinkTracker;
  private readonly rowGroupRows: number;
  /** Rows per batch handed to WASM (see BATCH_SLICE_ROWS). */
  private readonly sliceRows: number;
  private layout: ColumnLayout | undefined;
  private builders: ColumnBuilder[] | undefined;
  /** Builder sets whose batch is already serialised: reused, so a run allocates a set or two, not one per batch. */
  private readonly spareBuilders: ColumnBuilder[][] = [];
  private ipc: IpcBatchEncoder | undefined;
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
    this.rowGroupRows = options.batchSize ?? DEFAULT_ROW_GROUP_ROWS;
    this.sliceRows = Math.min(this.rowGroupRows, BATCH_SLICE_ROWS);
    this.layout = layoutFromOptions(options);
    // Start compiling the WASM while the first batch fills; failures surface at the first flush.
    loadParquetWasm().catch(() => undefined);
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
    return this.n >= this.sliceRows ? this.flushBatch() : undefined;
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
    return this.spareBuilders.pop() ?? layout.columns.map((c) => makeBuilder(c, this.sliceRows));
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
    const pw = await loadParquetWasm();
    this.ipc ??= ipcEncoderFor(layout);
    const ipc = this.ipc.encode(
      n,
      builders.map((b) => b.column(n)),
    );
    // The IPC bytes are a copy: the builders can take the next batch while this one waits for WASM. WASM
    // copies them in turn, so the encoder's buffer is free again once fromIPCStream returns.
    this.spareBuilders.push(builders);
    const table = pw.Table.fromIPCStream(ipc);
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
      .setMaxRowGroupSize(this.rowGroupRows)
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
