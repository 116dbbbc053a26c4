/**
 * `synthdatagen infer SAMPLE [--out schema.json] [--format csv|json|jsonl]`: a JSON Schema with a fitted
 * x-model from a sample file (or stdin), pretty-printed to stdout or --out; warnings go to stderr.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { SdgError } from '../../core/index.js';
import type { CliCommand, CommandContext } from '../command.js';
import { EXIT, EXIT_CODE_HELP } from '../exit-codes.js';
import { STDIN } from '../options.js';

interface InferFlags {
  readonly out?: string;
  readonly format?: string;
  readonly minCount?: string;
  readonly title?: string;
}

const SAMPLE_FORMATS = ['csv', 'json', 'jsonl'] as const;
type SampleFormat = (typeof SAMPLE_FORMATS)[number];

function parseSampleFormat(text: string): SampleFormat {
  const format = SAMPLE_FORMATS.find((f) => f === text.toLowerCase());
  if (format === undefined)
    throw new SdgError('SDG_ERR_BAD_OPTION', `unknown --format ${JSON.stringify(text)} for infer`, {
      hint: `use one of ${SAMPLE_FORMATS.join(', ')}`,
    });
  return format;
}

function parseMinCount(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new SdgError('SDG_ERR_BAD_OPTION', `--min-count must be a positive integer, got ${JSON.stringify(text)}`, {
      hint: 'e.g. --min-count 5',
    });
  }
  return value;
}

async function readBytes(path: string, stdin: NodeJS.ReadableStream): Promise<{ name: string; bytes: Uint8Array }> {
  if (path === STDIN) {
    const parts: Buffer[] = [];
    try {
      for await (const chunk of stdin) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    } catch (error) {
      throw new SdgError('SDG_ERR_IO', `cannot read <stdin>: ${(error as Error).message}`, { cause: error });
    }
    return { name: '<stdin>', bytes: Buffer.concat(parts) };
  }
  try {
    return { name: path, bytes: await readFile(path) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file or directory'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'is a directory'
            : (error as Error).message;
    throw new SdgError('SDG_ERR_IO', `cannot read ${path}: ${why}`, {
      cause: error,
      hint: 'check the path (use - to read the sample from stdin)',
    });
  }
}

async function inferAction(samplePath: string, flags: InferFlags, { io, setExitCode }: CommandContext): Promise<void> {
  const format = flags.format === undefined ? undefined : parseSampleFormat(flags.format);
  const minCategoryCount = flags.minCount === undefined ? undefined : parseMinCount(flags.minCount);
  const [{ infer, parseDataset }, { fileOutput, stdoutSink }] = await Promise.all([import('../../infer/index.js'), import('../output.js')]);
  const { name, bytes } = await readBytes(samplePath, io.stdin);
  const dataset = parseDataset(bytes, { ...(format !== undefined ? { format } : {}), ...(name !== '<stdin>' ? { name } : {}) });
  const { schema, report } = infer(dataset, {
    ...(minCategoryCount !== undefined ? { minCategoryCount } : {}),
    ...(flags.title !== undefined ? { title: flags.title } : {}),
  });
  for (const warning of report.warnings) io.stderr.write(`synthdatagen: warning: ${warning}\n`);
  const text = `${JSON.stringify(schema, null, 2)}\n`;
  const sink = flags.out === undefined || flags.out === STDIN ? stdoutSink(io.stdout) : await fileOutput(flags.out);
  try {
    await sink.write(text);
    await sink.commit();
  } catch (error) {
    await sink.abort();
    throw error;
  }
  setExitCode(EXIT.OK);
}

export const inferCommand: CliCommand = {
  name: 'infer',
  register(program: Command, context: CommandContext): void {
    program
      .command('infer')
      .description('infer a JSON Schema with a fitted model (x-model) from a sample: CSV, JSON array or JSON Lines')
      .argument('<sample>', 'sample file, or - for stdin')
      .option('-o, --out <file>', 'write the schema here instead of stdout (the file appears only when complete)')
      .option('-f, --format <format>', 'sample format: csv, json or jsonl (default: from the extension, else sniffed)')
      .option('--min-count <n>', 'keep a category only when it occurs at least n times (default 5)')
      .option('--title <title>', 'schema title')
      .addHelpText(
        'after',
        `
Personal data (names, emails, phones, addresses, identifiers, free text) is never resampled: those columns
get safe generators and no sample value is written to the schema. See docs/infer.md.
Warnings (mixed types, dropped rare categories, ragged CSV rows, non-UTF-8 input) go to stderr.
Then: synthdatagen generate schema.json --count 1000 --seed 1

${EXIT_CODE_HELP}`,
      )
      .action((sample: string, flags: InferFlags) => inferAction(sample, flags, context));
  },
};
