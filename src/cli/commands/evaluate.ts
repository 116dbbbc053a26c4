/**
 * `synthdatagen evaluate DATA [--reference SAMPLE] [--schema SCHEMA] [--format json|text]`: the quality report
 * of a data set — validity against the schema, per-column profiles, SDMetrics-style shapes, pair trends and
 * quality against a reference sample, privacy — with pass/warn/fail verdicts. Exit 0 unless the overall status
 * reaches `--fail-on` (default: fail), then 1.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { SdgError, isPlainObject, type JsonSchema } from '../../core/index.js';
import type { CliCommand, CommandContext } from '../command.js';
import { EXIT, EXIT_CODE_HELP } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { STDIN } from '../options.js';

interface EvaluateFlags {
  readonly reference?: string;
  readonly schema?: string;
  readonly format?: string;
  readonly dataFormat?: string;
  readonly thresholds?: string;
  readonly failOn?: string;
  readonly verbose?: boolean;
}

const FAIL_ON = ['fail', 'warn', 'never'] as const;
type FailOn = (typeof FAIL_ON)[number];
const DATA_FORMATS = ['csv', 'json', 'jsonl'] as const;
type DataFormat = (typeof DATA_FORMATS)[number];

function usage(message: string, hint?: string): SdgError {
  return new SdgError('SDG_ERR_BAD_OPTION', message, hint === undefined ? {} : { hint });
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}

/** A data file's bytes (bytes, not text: the dataset reader detects non-UTF-8 encodings itself). */
async function readBytes(path: string, io: CliIo, what: string): Promise<{ name: string; bytes: Uint8Array }> {
  try {
    if (path === STDIN) {
      const parts: Buffer[] = [];
      for await (const chunk of io.stdin) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      return { name: '<stdin>', bytes: Buffer.concat(parts) };
    }
    return { name: path, bytes: await readFile(path) };
  } catch (error) {
    throw new SdgError('SDG_ERR_IO', `cannot read ${what} ${path === STDIN ? '<stdin>' : path}: ${describeFsError(error)}`, {
      cause: error,
    });
  }
}

async function evaluateAction(dataPath: string, flags: EvaluateFlags, { io, setExitCode }: CommandContext): Promise<void> {
  const format = flags.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw usage(`unknown --format ${JSON.stringify(format)} for evaluate`, 'use text or json');
  const failOn = (flags.failOn ?? 'fail') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw usage(`unknown --fail-on ${JSON.stringify(flags.failOn)}`, `use one of ${FAIL_ON.join(', ')}`);
  const dataFormat = flags.dataFormat as DataFormat | undefined;
  if (dataFormat !== undefined && !DATA_FORMATS.includes(dataFormat))
    throw usage(`unknown --data-format ${JSON.stringify(dataFormat)}`, `use one of ${DATA_FORMATS.join(', ')}`);
  if (dataPath === STDIN && flags.reference === STDIN) throw usage('DATA and --reference cannot both be read from stdin');

  const [{ parseDataset }, evaluation, { parseJson, readJson, readSchema }] = await Promise.all([
    import('../../infer/dataset.js'),
    import('../../evaluate/index.js'),
    import('../input.js'),
  ]);
  let thresholds: unknown;
  if (flags.thresholds !== undefined) {
    thresholds = flags.thresholds.trimStart().startsWith('{')
      ? parseJson({ name: '--thresholds', text: flags.thresholds })
      : (await readJson(flags.thresholds, io)).value;
    if (!isPlainObject(thresholds)) throw usage('--thresholds must be a JSON object such as {"quality": {"pass": 0.9}}');
    evaluation.resolveThresholds(thresholds); // usage errors before any data is read
  }
  const schema: { name: string; schema: JsonSchema } | undefined =
    flags.schema === undefined ? undefined : await readSchema(flags.schema, io);

  const read = async (path: string, what: string): Promise<ReturnType<typeof parseDataset>> => {
    const { name, bytes } = await readBytes(path, io, what);
    try {
      return parseDataset(bytes, {
        name: path === STDIN ? 'stdin' : name,
        ...(dataFormat !== undefined && what === 'data' ? { format: dataFormat } : {}),
      });
    } catch (error) {
      if (error instanceof SdgError)
        throw new SdgError(error.code, `${what} ${name}: ${error.message}`, { ...(error.hint ? { hint: error.hint } : {}), cause: error });
      throw error;
    }
  };
  const data = await read(dataPath, 'data');
  const reference = flags.reference === undefined ? undefined : await read(flags.reference, 'reference');

  // CSV cells are text: type them the same way on both sides (docs/evaluation.md, "CSV input").
  const schemaInfo = schema === undefined ? undefined : evaluation.schemaColumns(schema.schema);
  const sides = [data, ...(reference ? [reference] : [])].map((d) => ({ rows: d.rows, columns: d.columns, csv: d.format === 'csv' }));
  const types = evaluation.csvColumnTypes(sides, schemaInfo);
  const nest = schemaInfo !== undefined && schemaInfo.columns.some((c) => c.name.includes('.'));
  const rows = data.format === 'csv' ? evaluation.coerceCsvRows(data.rows, types, nest) : data.rows;
  const referenceRows =
    reference === undefined
      ? undefined
      : reference.format === 'csv'
        ? evaluation.coerceCsvRows(reference.rows, types, nest)
        : reference.rows;

  const report = evaluation.evaluateSync(rows, {
    ...(schema === undefined ? {} : { schema: schema.schema }),
    ...(referenceRows === undefined ? {} : { reference: referenceRows }),
    ...(thresholds === undefined ? {} : { thresholds: thresholds as never }),
    warnings: [...data.warnings.map((w) => `data: ${w}`), ...(reference?.warnings ?? []).map((w) => `reference: ${w}`)],
  });
  io.stdout.write(
    format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : evaluation.formatReportText(report, {
          names: {
            data: dataPath === STDIN ? '<stdin>' : dataPath,
            ...(flags.reference === undefined ? {} : { reference: flags.reference === STDIN ? '<stdin>' : flags.reference }),
            ...(schema === undefined ? {} : { schema: schema.name }),
          },
          verbose: flags.verbose === true,
        }),
  );
  const failing = failOn === 'never' ? false : failOn === 'warn' ? report.status !== 'pass' : report.status === 'fail';
  // Exit 1 is the "check found problems" status lint uses too.
  setExitCode(failing ? EXIT.LINT_ERRORS : EXIT.OK);
}

export const evaluateCommand: CliCommand = {
  name: 'evaluate',
  register(program: Command, context: CommandContext): void {
    program
      .command('evaluate')
      .description('score a data set: validity, column profiles, SDMetrics-style quality vs a reference sample, privacy; pass/warn/fail')
      .argument('<data>', 'the data to evaluate: CSV, JSON array or JSON Lines, or - for stdin')
      .option('-r, --reference <sample>', 'real sample to compare against (CSV, JSON or JSONL)')
      .option(
        '-s, --schema <schema>',
        'JSON Schema of a row: validity, x-nullRate, x-unique, enum coverage, x-distribution, x-correlations',
      )
      .option('-f, --format <format>', 'report format: text or json', 'text')
      .option('--data-format <format>', 'format of DATA when the name does not say: csv, json or jsonl (default: sniffed)')
      .option(
        '-t, --thresholds <json|file>',
        'threshold overrides, e.g. \'{"quality": {"pass": 0.9, "warn": 0.75}}\' (see docs/evaluation.md)',
      )
      .option('--fail-on <status>', 'exit 1 when the overall status is at least this bad: fail, warn or never', 'fail')
      .option('-v, --verbose', 'text format: list every check, not only those that warn or fail')
      .addHelpText(
        'after',
        `
Examples:
  synthdatagen evaluate synthetic.csv --reference real.csv
  synthdatagen evaluate rows.jsonl --schema customer.schema.json --format json > report.json
  synthdatagen evaluate rows.jsonl -r real.csv -t '{"quality": {"pass": 0.9}}' --fail-on warn

Exit status: 0 when the overall status is better than --fail-on (default fail), 1 when it is not;
2/3/64 for unreadable input, a bad schema or a bad option, as below.

${EXIT_CODE_HELP}`,
      )
      .action((data: string, flags: EvaluateFlags) => evaluateAction(data, flags, context));
  },
};
