/**
 * `synthdatagen generate SCHEMA --count N`: rows offset … offset+N-1 of the seeded run, through the dataset
 * writers, to stdout or a file. Large runs go to the worker pool; the bytes are the same either way.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { SdgError, type JsonSchema } from '../../core/index.js';
import type { DatasetWriter, OutputFormat, RowSink } from '../../generate/writers/index.js';
import { DEFAULT_CHUNK_SIZE, generateParallel, generateParallelJsonl } from '../../jobs/index.js';
import type { Draft } from '../../schema/index.js';
import type { CliCommand, CommandContext } from '../command.js';
import { EXIT, EXIT_CODE_HELP } from '../exit-codes.js';
import {
  FORMATS,
  MAX_ROWS_ENV,
  DEFAULT_MAX_ROWS,
  STDIN,
  formatFromPath,
  maxRows,
  parseChunkSize,
  parseFormat,
  parseRowNumber,
  parseSeed,
  parseWorkers,
} from '../options.js';
import { fileOutput, stdoutSink, type OutputSink } from '../output.js';
import { startProgress, type Progress } from '../progress.js';

// The engine, the writers (Parquet's WebAssembly) and Ajv are loaded only once the options are known to be
// good: --help and usage errors then answer in a tenth of the time.
const engine = (): Promise<typeof import('../../generate/index.js')> => import('../../generate/index.js');
const writers = (): Promise<typeof import('../../generate/writers/index.js')> => import('../../generate/writers/index.js');
const input = (): Promise<typeof import('../input.js')> => import('../input.js');

/**
 * Below this many rows `--workers auto` stays on the main thread: a worker must load the generator and
 * compile the schema before its first row (~0.5 s on an idle core, seconds on a busy machine), which a run of a few seconds never earns back.
 */
export const AUTO_PARALLEL_MIN_ROWS = 100_000;
const AUTO_MAX_WORKERS = 8;
/** Rows between progress updates on the single-threaded path. */
const PROGRESS_STEP = 1000;

interface GenerateFlags {
  readonly count: string;
  readonly seed?: string;
  readonly format?: string;
  readonly out?: string;
  readonly offset?: string;
  readonly workers?: string;
  readonly chunkSize?: string;
  readonly draft?: string;
  readonly refs?: string;
  readonly progress: boolean;
  readonly validate: boolean;
}

interface Plan {
  readonly schema: JsonSchema;
  readonly count: number;
  readonly offset: number;
  readonly seed: number | string | undefined;
  readonly draft: Draft | undefined;
  readonly refs: Record<string, JsonSchema> | undefined;
  readonly format: OutputFormat;
  readonly workers: number;
  readonly chunkSize: number | undefined;
  readonly validate: boolean;
}

export function autoWorkers(count: number): number {
  const cores = availableParallelism();
  return count >= AUTO_PARALLEL_MIN_ROWS && cores > 1 ? Math.min(cores, AUTO_MAX_WORKERS) : 1;
}

function engineOptions(plan: Plan): { seed?: number | string; draft?: Draft; refs?: Record<string, JsonSchema>; validate: boolean } {
  return {
    validate: plan.validate,
    ...(plan.seed === undefined ? {} : { seed: plan.seed }),
    ...(plan.draft === undefined ? {} : { draft: plan.draft }),
    ...(plan.refs === undefined ? {} : { refs: plan.refs }),
  };
}

async function writeSerial(plan: Plan, writer: DatasetWriter, progress: Progress): Promise<void> {
  const { compileSchema } = await engine();
  const compiled = compileSchema(plan.schema, engineOptions(plan));
  let sinceUpdate = 0;
  for (let i = 0; i < plan.count; i++) {
    const pending = writer.write(compiled.row(plan.offset + i));
    if (pending !== undefined) await pending;
    if (++sinceUpdate === PROGRESS_STEP) {
      progress.advance(sinceUpdate);
      sinceUpdate = 0;
    }
  }
  progress.advance(sinceUpdate);
}

async function writeParallel(plan: Plan, writer: DatasetWriter, sink: RowSink, progress: Progress): Promise<void> {
  const options = {
    ...engineOptions(plan),
    count: plan.count,
    offset: plan.offset,
    workers: plan.workers,
    ...(plan.chunkSize === undefined ? {} : { chunkSize: plan.chunkSize }),
  };
  if (plan.format === 'jsonl') {
    // The workers encode with the JSONL writer itself, so their text is what `writer` would have produced;
    // the main thread only forwards it.
    for await (const chunk of generateParallelJsonl(plan.schema, options)) {
      const pending = sink.write(chunk.text);
      if (pending !== undefined) await pending;
      progress.advance(chunk.count);
    }
    return;
  }
  for await (const rows of generateParallel(plan.schema, options)) {
    const pending = writer.writeMany !== undefined ? writer.writeMany(rows) : writeEach(writer, rows);
    if (pending !== undefined) await pending;
    progress.advance(rows.length);
  }
}

async function writeEach(writer: DatasetWriter, rows: unknown[]): Promise<void> {
  for (const row of rows) {
    const pending = writer.write(row);
    if (pending !== undefined) await pending;
  }
}

async function generateAction(schemaPath: string, flags: GenerateFlags, { io }: CommandContext): Promise<void> {
  // Usage first: a bad flag is reported before any file is touched.
  const count = parseRowNumber(flags.count, 'count', maxRows(io.env));
  const offset = flags.offset === undefined ? 0 : parseRowNumber(flags.offset, 'offset', Number.MAX_SAFE_INTEGER - count);
  const seed = flags.seed === undefined ? undefined : parseSeed(flags.seed);
  const out = flags.out ?? STDIN;
  const format = flags.format !== undefined ? parseFormat(flags.format) : out === STDIN ? 'jsonl' : (formatFromPath(out) ?? 'jsonl');
  if (format === 'parquet' && out === STDIN) {
    throw new SdgError('SDG_ERR_BAD_OPTION', 'Parquet is binary and cannot be written to stdout', { hint: 'pass --out FILE.parquet' });
  }
  const requestedWorkers = parseWorkers(flags.workers ?? 'auto');
  const chunkSize = flags.chunkSize === undefined ? undefined : parseChunkSize(flags.chunkSize);

  const [{ assertUsableSchema, parseDraftOption, readRefs, readSchema }, { createWriter }] = await Promise.all([input(), writers()]);
  const draft = flags.draft === undefined ? undefined : parseDraftOption(flags.draft);
  const { schema } = await readSchema(schemaPath, io);
  const refs = flags.refs === undefined ? undefined : await readRefs(flags.refs, schema, io);
  assertUsableSchema(schema, { ...(draft === undefined ? {} : { draft }), ...(refs === undefined ? {} : { refs }) });

  const plan: Plan = {
    schema,
    count,
    offset,
    seed,
    draft,
    refs,
    format,
    workers: requestedWorkers ?? autoWorkers(count),
    chunkSize,
    validate: flags.validate,
  };
  const sink: OutputSink = out === STDIN ? stdoutSink(io.stdout) : await fileOutput(out);
  const progress = startProgress(io, count, flags.progress);
  const stopOnSignal = (): void => {
    progress.stop();
    void sink.abort().finally(() => process.exit(EXIT.INTERRUPTED));
  };
  process.once('SIGINT', stopOnSignal);
  try {
    const writer = createWriter(format, sink, { schema });
    if (plan.workers > 1) await writeParallel(plan, writer, sink, progress);
    else await writeSerial(plan, writer, progress);
    await writer.end();
    await sink.commit();
  } catch (error) {
    await sink.abort();
    throw error;
  } finally {
    process.off('SIGINT', stopOnSignal);
    progress.stop();
  }
}

export const generateCommand: CliCommand = {
  name: 'generate',
  register(program: Command, context: CommandContext): void {
    program
      .command('generate')
      .description('generate rows that satisfy a JSON Schema (same schema + seed + row index ⇒ same row)')
      .argument('<schema>', 'schema file, or - for stdin')
      .requiredOption(
        '-n, --count <n>',
        `number of rows, at most $${MAX_ROWS_ENV} (default ${DEFAULT_MAX_ROWS.toLocaleString('en-US')}); 1_000_000 and 1e6 are accepted`,
      )
      .option('-s, --seed <seed>', 'seed: an integer or any string (default 0)')
      .option('-f, --format <format>', `${FORMATS.join(' | ')} (default: from the --out extension, else jsonl)`)
      .option('-o, --out <file>', 'output file, or - for stdout (default -); written to a temporary name and renamed when complete')
      .option('--offset <k>', 'index of the first row: --offset K --count N gives rows K … K+N-1 of the full run (default 0)')
      .option(
        '-w, --workers <w>',
        `worker threads, or auto: 1 below ${AUTO_PARALLEL_MIN_ROWS.toLocaleString('en-US')} rows, else one per core (at most ${AUTO_MAX_WORKERS})`,
        'auto',
      )
      .option('--chunk-size <n>', `rows per worker task (default ${DEFAULT_CHUNK_SIZE}); output does not depend on it`)
      .option('-d, --draft <draft>', 'dialect for a schema without $schema: 4, 6, 7, 2019-09 or 2020-12 (default 2020-12)')
      .option(
        '-r, --refs <dir|file|json>',
        'remote schemas for $refs that leave the document: a directory, a JSON file, or inline JSON (see docs/cli.md)',
      )
      .option('--no-validate', 'skip the final Ajv check of each row (faster; rows are still built to the schema)')
      .option('--no-progress', 'no progress bar (it is only ever shown when stderr is a terminal)')
      .addHelpText(
        'after',
        `
Examples:
  synthdatagen generate customer.schema.json --count 1000 --seed 42 > customers.jsonl
  synthdatagen generate customer.schema.json -n 1e6 -o customers.parquet
  synthdatagen generate customer.schema.json -n 1000 --offset 5000000   # rows 5,000,000 … 5,000,999 alone
  cat schema.json | synthdatagen generate - -n 10 --format csv

${EXIT_CODE_HELP}`,
      )
      .action((schema: string, flags: GenerateFlags) => generateAction(schema, flags, context));
  },
};
