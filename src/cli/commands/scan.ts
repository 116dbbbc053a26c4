/**
 * `synthdatagen scan DATA [--reference SAMPLE]`: the PII scan of a data file (CSV, JSON, JSON Lines), with the
 * leak check against a real sample. Exit 0 when clean, EXIT.PII_BLOCKED when the policy blocks. Output holds
 * masked examples only, never a raw value.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { SdgError } from '../../core/index.js';
import type { DatasetFormat } from '../../infer/dataset.js';
import type { PiiAllowRule, PiiEntity, PiiPolicy } from '../../pii/index.js';
import type { CliCommand, CommandContext } from '../command.js';
import type { CliIo } from '../io.js';
import { EXIT, EXIT_CODE_HELP } from '../exit-codes.js';
import { STDIN } from '../options.js';

interface ScanFlags {
  readonly reference?: string;
  readonly format?: string;
  readonly dataFormat?: string;
  readonly columns?: string;
  readonly allow?: string[];
  readonly minConfidence?: string;
  readonly blockDob?: boolean;
  readonly block: boolean;
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
    throw new SdgError('SDG_ERR_IO', `cannot read ${path === STDIN ? '<stdin>' : path}: ${reason}`, {
      cause: error,
      hint: `check the ${what} path (CSV, JSON or JSON Lines; - reads stdin)`,
    });
  }
}

function parseDataFormat(text: string | undefined): DatasetFormat | undefined {
  if (text === undefined) return undefined;
  if (text === 'csv' || text === 'json' || text === 'jsonl') return text;
  throw new SdgError('SDG_ERR_BAD_OPTION', `unknown --data-format ${JSON.stringify(text)}`, { hint: 'use csv, json or jsonl' });
}

function parsePolicy(flags: ScanFlags, entities: readonly PiiEntity[]): PiiPolicy {
  const allow: PiiAllowRule[] = (flags.allow ?? []).map((spec) => {
    const colon = spec.lastIndexOf(':');
    const entity = colon === -1 ? undefined : spec.slice(colon + 1);
    if (entity !== undefined && !(entities as readonly string[]).includes(entity)) {
      throw new SdgError('SDG_ERR_BAD_OPTION', `unknown entity in --allow ${JSON.stringify(spec)}`, {
        hint: `write COLUMN or COLUMN:ENTITY with ENTITY one of ${entities.join(', ')}`,
      });
    }
    return entity === undefined ? { column: spec } : { column: spec.slice(0, colon), entity: entity as PiiEntity };
  });
  let minConfidence: number | undefined;
  if (flags.minConfidence !== undefined) {
    minConfidence = Number(flags.minConfidence);
    if (!(minConfidence >= 0 && minConfidence <= 1)) {
      throw new SdgError('SDG_ERR_BAD_OPTION', `--min-confidence must be a number from 0 to 1, got ${JSON.stringify(flags.minConfidence)}`);
    }
  }
  return {
    block: flags.block,
    allow,
    ...(minConfidence === undefined ? {} : { minConfidence }),
    ...(flags.blockDob === true ? { blockEntities: entities } : {}),
  };
}

async function scanAction(dataPath: string, flags: ScanFlags, { io, setExitCode }: CommandContext): Promise<void> {
  const format = flags.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new SdgError('SDG_ERR_BAD_OPTION', `unknown --format ${JSON.stringify(format)} for scan`, { hint: 'use text or json' });
  }
  const dataFormat = parseDataFormat(flags.dataFormat);
  if (flags.reference === STDIN && dataPath === STDIN) {
    throw new SdgError('SDG_ERR_BAD_OPTION', 'DATA and --reference cannot both be stdin', { hint: 'give at least one of them as a file' });
  }
  const [{ parseDataset }, pii] = await Promise.all([import('../../infer/dataset.js'), import('../../pii/index.js')]);
  const policy = parsePolicy(flags, pii.PII_ENTITIES);
  const data = parseDataset(await readBytes(dataPath, io, 'DATA'), {
    name: dataPath === STDIN ? '<stdin>' : dataPath,
    ...(dataFormat === undefined ? {} : { format: dataFormat }),
  });
  const reference =
    flags.reference === undefined
      ? undefined
      : parseDataset(await readBytes(flags.reference, io, '--reference'), {
          name: flags.reference === STDIN ? '<stdin>' : flags.reference,
        });
  const columns = flags.columns
    ?.split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  const result = pii.scanPii(data.rows, {
    policy,
    ...(reference === undefined ? {} : { reference: reference.rows }),
    ...(columns === undefined ? {} : { columns }),
  });
  io.stdout.write(format === 'json' ? JSON.stringify({ file: dataPath, ...result }, null, 2) + '\n' : pii.formatPiiReport(result));
  setExitCode(result.verdict === 'blocked' ? EXIT.PII_BLOCKED : EXIT.OK);
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export const scanCommand: CliCommand = {
  name: 'scan',
  register(program: Command, context: CommandContext): void {
    program
      .command('scan')
      .description('scan a dataset for personal data and for copies of a real sample: verdict clean or blocked, with a fix per finding')
      .argument('<data>', 'CSV, JSON or JSON Lines file, or - for stdin')
      .option('-r, --reference <sample>', 'the real sample the data was made from: values and rows copied from it block')
      .option('--format <format>', 'report as text or json', 'text')
      .option('--data-format <format>', 'csv, json or jsonl (default: from the extension, else sniffed)')
      .option('--columns <list>', 'scan only these columns (comma-separated dotted paths)')
      .option('--allow <column[:entity]>', 'accept a finding (reported as a warning, never blocks); repeatable', collect)
      .option('--min-confidence <x>', 'confidence from which a finding blocks (default 0.5)')
      .option('--block-dob', 'dates of birth block too (by default they are a warning)')
      .option('--no-block', 'report only: exit 0 even when findings would block')
      .addHelpText(
        'after',
        `
Output (text): the verdict line, then one block per finding: column, entity, rows (count and share),
confidence, a masked example with row indexes, why, and how to fix it. --format json gives the same as
{file, verdict, wouldBlock, rowsScanned, findings: [...], synthetic: [...], reference?, policy}.
Raw values never appear in the output. Reference: docs/pii.md.

${EXIT_CODE_HELP}`,
      )
      .action((data: string, flags: ScanFlags) => scanAction(data, flags, context));
  },
};
