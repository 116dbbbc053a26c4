/**
 * Joining chunk outputs into the dataset one writer would have written, byte for byte, by copying byte
 * ranges of the stored chunks (nothing is parsed, nothing is held in memory):
 *
 *   JSON Lines  every chunk whole
 *   CSV         chunk 0 whole; the others without their header line (the same header: the schema fixes it)
 *   JSON array  `[\n` r0 `,\n` r1 … `\n]\n` per chunk: the first keeps its `[\n`, the last its `\n]\n`,
 *               and `,\n` goes between chunks
 *   Parquet     chunks are JSON Lines slices (row groups do not concatenate); their rows go, in order,
 *               through one Parquet writer, as they would have in a single pass (one row in memory at a time)
 *
 * The framing of every chunk is checked before it is copied, so a writer that changed its framing fails the
 * run loudly instead of producing a corrupt file.
 */
import { SdgError, type JsonSchema, type JsonValue } from '../core/index.js';
import { createWriter, memorySink, type OutputFormat } from '../generate/writers/index.js';
import type { ArtifactRef, ArtifactStore } from '../store/index.js';

export interface JoinPart {
  readonly digest: string;
  readonly size: number;
  /** Bytes before the rows (the slice's marker line, jobs/chunk.ts); 0 when absent. */
  readonly offset?: number;
}

const JSON_OPEN = Buffer.from('[\n');
const JSON_CLOSE = Buffer.from('\n]\n');
const JSON_BETWEEN = Buffer.from(',\n');

/** The bytes a writer emits before its first row (the CSV header line; `[\n` for JSON; nothing for JSONL). */
export async function writerPreamble(format: OutputFormat, schema: JsonSchema): Promise<Buffer> {
  if (format === 'jsonl') return Buffer.alloc(0);
  if (format === 'json') return JSON_OPEN;
  const sink = memorySink();
  await createWriter(format, sink, { schema }).end();
  return Buffer.from(sink.bytes());
}

async function readRange(artifacts: ArtifactStore, digest: string, start: number, length: number): Promise<Buffer> {
  const opened = await artifacts.open(digest, { start, end: start + length });
  if (opened === undefined) throw missingPart(digest);
  const chunks: Buffer[] = [];
  for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function missingPart(digest: string): SdgError {
  return new SdgError('SDG_ERR_INTERNAL', `chunk artifact ${digest} is missing; the chunks cannot be joined`, {
    hint: 'every worker must write to the same artifact store (a shared folder or SYNTHDATAGEN_ARTIFACT_STORE=database)',
  });
}

function framingError(index: number, what: string): SdgError {
  return new SdgError('SDG_ERR_INTERNAL', `chunk ${index} does not ${what}; the chunks cannot be joined`, {
    hint: 'every worker must run the same synthdatagen version',
  });
}

/** Byte range [start, end) of part `index` to copy, after checking its framing. */
async function rangeOf(
  artifacts: ArtifactStore,
  format: OutputFormat,
  preamble: Buffer,
  part: JoinPart,
  index: number,
  last: boolean,
): Promise<{ start: number; end: number }> {
  const read = (start: number, length: number): Promise<Buffer> => readRange(artifacts, part.digest, start, length);
  const offset = part.offset ?? 0;
  if (format === 'jsonl') return { start: offset, end: part.size };
  if (format === 'csv') {
    if (index === 0) return { start: offset, end: part.size };
    if (!(await read(offset, preamble.length)).equals(preamble)) throw framingError(index, 'start with the header');
    return { start: offset + preamble.length, end: part.size };
  }
  if (!(await read(offset, JSON_OPEN.length)).equals(JSON_OPEN)) throw framingError(index, 'open a JSON array');
  if (!(await read(part.size - JSON_CLOSE.length, JSON_CLOSE.length)).equals(JSON_CLOSE)) throw framingError(index, 'close its JSON array');
  return { start: index === 0 ? offset : offset + JSON_OPEN.length, end: last ? part.size : part.size - JSON_CLOSE.length };
}

/** Joins the parts (in row order) into one new artifact. */
export async function joinDataset(
  artifacts: ArtifactStore,
  format: OutputFormat,
  schema: JsonSchema,
  parts: readonly JoinPart[],
): Promise<ArtifactRef> {
  if (format === 'parquet') return encodeSlices(artifacts, format, schema, parts);
  const preamble = await writerPreamble(format, schema);
  const writer = await artifacts.createWriter();
  try {
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const { start, end } = await rangeOf(artifacts, format, preamble, part, i, i === parts.length - 1);
      if (format === 'json' && i > 0) await writer.write(JSON_BETWEEN);
      if (end <= start) continue;
      const opened = await artifacts.open(part.digest, { start, end });
      if (opened === undefined) throw missingPart(part.digest);
      for await (const chunk of opened.stream) await writer.write(chunk as Buffer);
    }
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return writer.commit();
}

/** Re-encodes JSON Lines slices (in row order) through one writer of `format`, line by line. */
async function encodeSlices(
  artifacts: ArtifactStore,
  format: OutputFormat,
  schema: JsonSchema,
  parts: readonly JoinPart[],
): Promise<ArtifactRef> {
  const out = await artifacts.createWriter();
  const writer = createWriter(format, out, { schema });
  const decoder = new TextDecoder();
  let index = 0;
  const put = async (line: string): Promise<void> => {
    if (line === '') return;
    let row: JsonValue;
    try {
      row = JSON.parse(line) as JsonValue;
    } catch {
      throw framingError(index, 'hold JSON Lines');
    }
    const pending = writer.write(row);
    if (pending !== undefined) await pending;
  };
  try {
    for (const [i, part] of parts.entries()) {
      index = i;
      const opened = await artifacts.open(part.digest, { start: part.offset ?? 0, end: part.size });
      if (opened === undefined) throw missingPart(part.digest);
      let carry = '';
      for await (const chunk of opened.stream) {
        const text = carry + decoder.decode(chunk as Buffer, { stream: true });
        const lines = text.split('\n');
        carry = lines.pop() as string;
        for (const line of lines) await put(line);
      }
      await put(carry + decoder.decode());
    }
    await writer.end();
  } catch (error) {
    await out.abort();
    throw error;
  }
  return out.commit();
}
