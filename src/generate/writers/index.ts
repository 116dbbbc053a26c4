/**
 * Streaming dataset writers: rows in, encoded chunks out to a caller-supplied sink. Nothing here touches
 * the file system (see node-sinks.ts for that), so the same writers serve files, stdout, HTTP bodies and
 * in-memory buffers.
 */
import { SdgError } from '../../core/index.js';
import { CsvWriter } from './csv.js';
import { JsonArrayWriter, JsonlWriter } from './json.js';
import { ParquetWriter } from './parquet.js';
import type { DatasetWriter, OutputFormat, RowSink, WriterOptions } from './types.js';

export type { DatasetWriter, OutputFormat, RowSink, WriterOptions } from './types.js';
export { flattenRow, columnsFromSchema } from './columns.js';
export { memorySink } from './memory-sink.js';
export type { MemorySink } from './memory-sink.js';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['jsonl', 'json', 'csv', 'parquet'];

export function createWriter(format: OutputFormat, sink: RowSink, options: WriterOptions = {}): DatasetWriter {
  const { batchSize } = options;
  if (batchSize !== undefined && !(Number.isSafeInteger(batchSize) && batchSize >= 1)) {
    throw new SdgError('SDG_ERR_BAD_OPTION', `batchSize must be a positive integer, got ${String(batchSize)}`, { pointer: '/batchSize' });
  }
  switch (format) {
    case 'jsonl':
      return new JsonlWriter(sink);
    case 'json':
      return new JsonArrayWriter(sink);
    case 'csv':
      return new CsvWriter(sink, options);
    case 'parquet':
      return new ParquetWriter(sink, options);
    default:
      throw new SdgError('SDG_ERR_BAD_OPTION', `Unknown output format ${JSON.stringify(format as unknown)}`, {
        hint: `Use one of ${OUTPUT_FORMATS.join(', ')}.`,
      });
  }
}
