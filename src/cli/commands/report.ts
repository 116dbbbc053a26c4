/**
 * `synthdatagen report DATA [--schema S] [--reference SAMPLE] --out DIR`: the quality report of a data set as
 * DIR/report.json and DIR/report.html (one self-contained page: metrics with pass/warn/fail badges, the PII
 * verdict with findings, the charts inline, the run's parameters and schema fingerprint).
 *
 * One pass over the data: a single profiler feeds both the evaluation and the charts. The PII scan reads the
 * rows as parsed (as `scan` does), the evaluation and charts the typed rows (as `evaluate` does).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { SdgError, fingerprint, isPlainObject, type JsonSchema } from '../../core/index.js';
import type { Dataset, DatasetFormat, DataRow } from '../../infer/dataset.js';
import type { ChartKind } from '../../visualize/index.js';
import type { CliCommand, CommandContext } from '../command.js';
import { EXIT, EXIT_CODE_HELP } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { STDIN } from '../options.js';

// ------------------------------------------------------------------------------- shared with `visualize`

export function usage(message: string, hint?: string): SdgError {
  return new SdgError('SDG_ERR_BAD_OPTION', message, hint === undefined ? {} : { hint });
}

export function parseDataFormat(text: string | undefined): DatasetFormat | undefined {
  if (text === undefined) return undefined;
  if (text === 'csv' || text === 'json' || text === 'jsonl') return text;
  throw usage(`unknown --data-format ${JSON.stringify(text)}`, 'use csv, json or jsonl');
}

/** A comma-separated list option ("a,b , c") as its non-empty items. */
export function listOption(text: string | undefined): string[] | undefined {
  return text
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function parseCharts(text: string | undefined, kinds: readonly ChartKind[]): ChartKind[] | undefined {
  const list = listOption(text);
  for (const kind of list ?? [])
    if (!(kinds as readonly string[]).includes(kind))
      throw usage(`unknown chart kind ${JSON.stringify(kind)} in --charts`, `use any of ${kinds.join(', ')}`);
  return list as ChartKind[] | undefined;
}

function displayName(path: string): string {
  return path === STDIN ? '<stdin>' : path;
}

async function readBytes(path: string, io: CliIo, what: string): Promise<Uint8Array> {
  try {
    if (path === STDIN) {
      const parts: Buffer[] = [];
      for await (const chunk of io.stdin) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      return Buffer.concat(parts);
    }
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const reason = code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : String(error);
    throw new SdgError('SDG_ERR_IO', `cannot read ${what} ${displayName(path)}: ${reason}`, {
      cause: error,
      hint: `check the ${what} path (CSV, JSON or JSON Lines; - reads stdin)`,
    });
  }
}

export interface DataSide {
  /** As messages and reports name it: the path, or <stdin>. */
  readonly name: string;
  readonly dataset: Dataset;
  /** The rows as parsed (CSV cells are text): what the PII scan reads. */
  readonly parsed: DataRow[];
  /** CSV cells typed as `evaluate` types them (numbers, booleans; nested by a dotted schema): what profiles read. */
  rows: DataRow[];
}

export interface DataInputs {
  readonly data: DataSide;
  readonly reference?: DataSide;
  readonly schema?: { readonly name: string; readonly schema: JsonSchema };
  readonly warnings: string[];
}

/** Reads DATA, --reference and --schema, and types CSV cells the way `evaluate` does (docs/evaluation.md, "CSV input"). */
export async function readDataInputs(
  io: CliIo,
  paths: { readonly data: string; readonly reference?: string; readonly schema?: string; readonly dataFormat?: DatasetFormat },
): Promise<DataInputs> {
  if (paths.data === STDIN && paths.reference === STDIN) throw usage('DATA and --reference cannot both be read from stdin');
  const [{ parseDataset }, evaluation, { readSchema }] = await Promise.all([
    import('../../infer/dataset.js'),
    import('../../evaluate/index.js'),
    import('../input.js'),
  ]);
  const schema = paths.schema === undefined ? undefined : await readSchema(paths.schema, io);
  if (schema !== undefined && typeof schema.schema !== 'boolean' && !isPlainObject(schema.schema))
    throw new SdgError('SDG_ERR_INVALID_SCHEMA', `${schema.name}: the schema must be a JSON object`);
  const read = async (path: string, what: 'data' | 'reference'): Promise<DataSide> => {
    const name = displayName(path);
    const bytes = await readBytes(path, io, what);
    try {
      const dataset = parseDataset(bytes, {
        name: path === STDIN ? 'stdin' : path,
        ...(paths.dataFormat !== undefined && what === 'data' ? { format: paths.dataFormat } : {}),
      });
      // Typing CSV cells rewrites the rows in place: the scan keeps copies of them as parsed.
      return {
        name,
        dataset,
        parsed: dataset.format === 'csv' ? dataset.rows.map((row) => ({ ...row })) : dataset.rows,
        rows: dataset.rows,
      };
    } catch (error) {
      if (error instanceof SdgError)
        throw new SdgError(error.code, `${what} ${name}: ${error.message}`, { ...(error.hint ? { hint: error.hint } : {}), cause: error });
      throw error;
    }
  };
  const data = await read(paths.data, 'data');
  const reference = paths.reference === undefined ? undefined : await read(paths.reference, 'reference');
  const schemaInfo = schema === undefined ? undefined : evaluation.schemaColumns(schema.schema);
  const sides = [data, ...(reference ? [reference] : [])];
  const types = evaluation.csvColumnTypes(
    sides.map((s) => ({ rows: s.dataset.rows, columns: s.dataset.columns, csv: s.dataset.format === 'csv' })),
    schemaInfo,
  );
  const nest = schemaInfo !== undefined && schemaInfo.columns.some((c) => c.name.includes('.'));
  for (const side of sides) if (side.dataset.format === 'csv') side.rows = evaluation.coerceCsvRows(side.dataset.rows, types, nest);
  return {
    data,
    ...(reference ? { reference } : {}),
    ...(schema ? { schema } : {}),
    warnings: [...data.dataset.warnings.map((w) => `data: ${w}`), ...(reference?.dataset.warnings ?? []).map((w) => `reference: ${w}`)],
  };
}

export async function makeOutDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    throw new SdgError(
      'SDG_ERR_IO',
      `cannot create --out ${dir}: ${code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : String(error)}`,
      {
        cause: error,
      },
    );
  }
}

export async function writeOut(path: string, content: string | Uint8Array): Promise<void> {
  try {
    await writeFile(path, content);
  } catch (error) {
    throw new SdgError('SDG_ERR_IO', `cannot write ${path}: ${String(error)}`, { cause: error });
  }
}

/** The report's time: SOURCE_DATE_EPOCH (seconds) when set, for reproducible files, else now. */
export function reportTime(env: Readonly<Record<string, string | undefined>>): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return new Date().toISOString();
}

// ------------------------------------------------------------------------------------------- report

interface ReportFlags {
  readonly out?: string;
  readonly reference?: string;
  readonly schema?: string;
  readonly dataFormat?: string;
  readonly thresholds?: string;
  readonly charts?: string;
  readonly columns?: string;
  readonly title?: string;
  readonly failOn?: string;
}

const FAIL_ON = ['fail', 'warn', 'never'] as const;
type FailOn = (typeof FAIL_ON)[number];

async function reportAction(dataPath: string, flags: ReportFlags, { io, setExitCode }: CommandContext): Promise<void> {
  if (flags.out === undefined) throw usage('report needs --out DIR', 'name the folder for report.json and report.html');
  const failOn = (flags.failOn ?? 'never') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw usage(`unknown --fail-on ${JSON.stringify(flags.failOn)}`, `use one of ${FAIL_ON.join(', ')}`);
  const dataFormat = parseDataFormat(flags.dataFormat);
  const [evaluation, pii, viz, { parseJson, readJson }] = await Promise.all([
    import('../../evaluate/index.js'),
    import('../../pii/index.js'),
    import('../../visualize/index.js'),
    import('../input.js'),
  ]);
  const charts = parseCharts(flags.charts, viz.CHART_KINDS);
  const columns = listOption(flags.columns);
  let thresholds: unknown;
  if (flags.thresholds !== undefined) {
    thresholds = flags.thresholds.trimStart().startsWith('{')
      ? parseJson({ name: '--thresholds', text: flags.thresholds })
      : (await readJson(flags.thresholds, io)).value;
    if (!isPlainObject(thresholds)) throw usage('--thresholds must be a JSON object such as {"quality": {"pass": 0.9}}');
    evaluation.resolveThresholds(thresholds); // usage errors before any data is read
  }
  const inputs = await readDataInputs(io, {
    data: dataPath,
    ...(flags.reference === undefined ? {} : { reference: flags.reference }),
    ...(flags.schema === undefined ? {} : { schema: flags.schema }),
    ...(dataFormat === undefined ? {} : { dataFormat }),
  });
  const schema = inputs.schema?.schema;
  const referenceRows = inputs.reference?.rows;

  const piiResult = pii.scanPii(inputs.data.parsed, referenceRows === undefined ? {} : { reference: inputs.reference!.parsed });

  // One profiler for the evaluation and the charts: the data is read once.
  const built =
    referenceRows === undefined
      ? undefined
      : evaluation.buildPlan({ ...(schema === undefined ? {} : { schema: evaluation.schemaColumns(schema) }), reference: referenceRows });
  const profiler = evaluation.createProfiler({ ...(built ? { plan: built.plan } : {}), ...(schema === undefined ? {} : { schema }) });
  for (const row of inputs.data.rows) profiler.add(row);
  const report = evaluation.evaluateProfile(profiler, {
    ...(referenceRows === undefined ? {} : { reference: referenceRows }),
    ...(thresholds === undefined ? {} : { thresholds: thresholds as never }),
    warnings: [...inputs.warnings, ...(built?.warnings ?? [])],
  });
  const drawn = await viz.visualize(profiler, {
    ...(referenceRows === undefined ? {} : { reference: referenceRows }),
    ...(charts === undefined ? {} : { charts }),
    ...(columns === undefined ? {} : { columns }),
    // Inline SVG only, and lighter scatter plots (600 points a side): the page should stay under a megabyte.
    scale: [],
    maxPoints: 600,
  });

  const input = {
    ...(flags.title === undefined ? {} : { title: flags.title }),
    generatedAt: reportTime(io.env),
    data: { name: inputs.data.name, rows: report.rows },
    reference: inputs.reference ? { name: inputs.reference.name, rows: inputs.reference.rows.length } : null,
    evaluation: report,
    pii: piiResult,
    charts: drawn.charts,
    skipped: drawn.skipped,
    schemaFingerprint: schema === undefined ? null : fingerprint(schema),
    parameters: {
      command: 'synthdatagen report',
      ...(inputs.schema ? { schema: inputs.schema.name } : {}),
      ...(thresholds === undefined ? {} : { thresholds }),
      ...(charts === undefined ? {} : { charts }),
      ...(columns === undefined ? {} : { columns }),
    },
  };
  await makeOutDir(flags.out);
  const jsonPath = join(flags.out, 'report.json');
  const htmlPath = join(flags.out, 'report.html');
  await writeOut(jsonPath, `${JSON.stringify(viz.buildReportDocument(input), null, 2)}\n`);
  await writeOut(htmlPath, viz.renderReportHtml(input));
  const status = viz.reportStatus(input);
  const quality = report.summary.quality;
  io.stdout.write(
    `report: ${status} (evaluation ${report.status}${quality === null ? '' : `, quality ${quality.toFixed(3)}`}; PII ${piiResult.verdict}; ` +
      `${drawn.charts.length} chart${drawn.charts.length === 1 ? '' : 's'}) → ${htmlPath}, ${jsonPath}\n`,
  );
  const failing = failOn === 'never' ? false : failOn === 'warn' ? status !== 'pass' : status === 'fail';
  setExitCode(!failing ? EXIT.OK : piiResult.verdict === 'blocked' ? EXIT.PII_BLOCKED : EXIT.LINT_ERRORS);
}

export const reportCommand: CliCommand = {
  name: 'report',
  register(program: Command, context: CommandContext): void {
    program
      .command('report')
      .description('write the quality report of a data set: report.json and a self-contained report.html (metrics, PII verdict, charts)')
      .argument('<data>', 'the data to report on: CSV, JSON array or JSON Lines, or - for stdin')
      .option('-o, --out <dir>', 'folder for report.json and report.html (created if missing)')
      .option('-r, --reference <sample>', 'real sample to compare against (CSV, JSON or JSONL): quality, leak check, overlays')
      .option(
        '-s, --schema <schema>',
        'JSON Schema of a row: validity, kinds, x-nullRate, x-unique, enums; its fingerprint goes in the report',
      )
      .option('--data-format <format>', 'format of DATA when the name does not say: csv, json or jsonl (default: sniffed)')
      .option('-t, --thresholds <json|file>', 'threshold overrides, e.g. \'{"quality": {"pass": 0.9}}\' (see docs/evaluation.md)')
      .option('--charts <kinds>', 'chart kinds, comma-separated: histogram, values, scatter, correlation, nulls (default: all)')
      .option('--columns <list>', 'chart only these columns (comma-separated dotted paths)')
      .option('--title <text>', 'the report heading')
      .option('--fail-on <status>', 'exit non-zero when the report status is at least this bad: fail, warn or never', 'never')
      .addHelpText(
        'after',
        `
Examples:
  synthdatagen report synthetic.csv --reference real.csv --out report/
  synthdatagen report rows.jsonl --schema customer.schema.json --out out/ --fail-on fail

Output: DIR/report.html (open it in a browser; no network needed) and DIR/report.json (the same facts:
evaluation, PII scan, chart titles and alt texts, parameters, schema fingerprint). The status is the worst
of the evaluation's and the PII verdict's (blocked fails). SOURCE_DATE_EPOCH fixes the report's time.

Exit status: 0 unless --fail-on is reached: then 6 when the PII scan blocked, else 1.

${EXIT_CODE_HELP}`,
      )
      .action((data: string, flags: ReportFlags) => reportAction(data, flags, context));
  },
};
