/** Public contracts of the dataset writers; kept apart so format modules can share them without cycles. */

export type OutputFormat = 'jsonl' | 'json' | 'csv' | 'parquet';

/**
 * Where encoded bytes go. Text formats hand over strings (the sink picks the encoding; fileSink writes
 * UTF-8), Parquet hands over bytes. Returning a promise is how a sink applies backpressure: writers pass it
 * back from `write`, so a caller that awaits each write never buffers more than one chunk ahead.
 */
export interface RowSink {
  write(chunk: string | Uint8Array): void | Promise<void>;
}

/**
 * Writers return `undefined` from `write` on the fast path (row only buffered) and a promise when a chunk
 * went to the sink; await it whenever it is a promise. `end` flushes, writes any trailer and waits for the
 * sink, but never closes the sink: the caller owns it (see fileSink's `close`).
 */
export interface DatasetWriter {
  write(row: unknown): void | Promise<void>;
  writeMany?(rows: unknown[]): void | Promise<void>;
  end(): Promise<void>;
}

export interface WriterOptions {
  /** JSON Schema of ONE row: CSV headers and Parquet column types come from its object properties. */
  schema?: unknown;
  /**
   * Explicit dotted column list. It is a projection: keys outside it are dropped silently, because the
   * caller asked for exactly these columns. Without it, columns are fixed by the schema or the first row and
   * a row with a key outside them is an error rather than a silently lost value.
   */
  columns?: string[];
  /** Parquet rows per row group (default 16 384); memory is bounded by it. Text formats chunk by size instead. */
  batchSize?: number;
}
