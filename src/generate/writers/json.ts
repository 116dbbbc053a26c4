/** JSON Lines and streaming JSON array writers: rows go out as JSON.stringify gives them, unflattened. */
import { SdgError, appendPointer } from '../../core/index.js';
import { ChunkedTextWriter } from './chunked.js';
import type { RowSink } from './types.js';

function stringify(row: unknown, rowIndex: number): string {
  const text = JSON.stringify(row);
  // JSON.stringify yields undefined (not a string) for undefined, functions and symbols; writing the word
  // "undefined" would corrupt the file, so refuse the row instead.
  if (typeof text !== 'string') {
    throw new SdgError('SDG_ERR_GENERATION_FAILED', `Row ${rowIndex} is not a JSON value (${typeof row})`, {
      pointer: appendPointer('', rowIndex),
    });
  }
  return text;
}

export class JsonlWriter extends ChunkedTextWriter {
  protected encode(row: unknown, rowIndex: number): string {
    return stringify(row, rowIndex) + '\n';
  }

  protected finish(): string {
    return '';
  }
}

/** `[\n` row `,\n` row … `\n]\n`; zero rows give `[\n]\n`, still valid JSON. One row per line keeps it greppable. */
export class JsonArrayWriter extends ChunkedTextWriter {
  constructor(sink: RowSink) {
    super(sink);
    void this.append('[\n');
  }

  protected encode(row: unknown, rowIndex: number): string {
    const text = stringify(row, rowIndex);
    return rowIndex === 0 ? text : ',\n' + text;
  }

  protected finish(): string {
    return this.rowCount === 0 ? ']\n' : '\n]\n';
  }
}
