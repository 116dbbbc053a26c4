/** `synthdatagen lint SCHEMA`: every finding with its JSON pointer and a fix; exit 1 when any is an error. */
import type { Command } from 'commander';
import type { LintResult } from '../../schema/index.js';
import type { CliCommand, CommandContext } from '../command.js';
import { EXIT, EXIT_CODE_HELP } from '../exit-codes.js';
import { SdgError } from '../../core/index.js';

interface LintFlags {
  readonly format?: string;
  readonly draft?: string;
  readonly refs?: string;
}

function displayPointer(pointer: string): string {
  return pointer === '' ? '#' : pointer;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatLintText(result: LintResult): string {
  const lines = result.issues.map((issue) => `${issue.severity} ${displayPointer(issue.pointer)}: ${issue.message} — ${issue.hint}`);
  const errors = result.issues.filter((issue) => issue.severity === 'error').length;
  const warnings = result.issues.length - errors;
  lines.push(
    result.issues.length === 0
      ? `no issues (${result.draft})`
      : `${plural(errors, 'error')}, ${plural(warnings, 'warning')} (${result.draft})`,
  );
  return lines.join('\n') + '\n';
}

async function lintAction(schemaPath: string, flags: LintFlags, { io, setExitCode }: CommandContext): Promise<void> {
  const format = flags.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new SdgError('SDG_ERR_BAD_OPTION', `unknown --format ${JSON.stringify(format)} for lint`, { hint: 'use text or json' });
  }
  // Loaded here rather than at the top so `--help` does not pay for Ajv.
  const [{ lintSchema }, { parseDraftOption, readRefs, readSchema }] = await Promise.all([
    import('../../schema/index.js'),
    import('../input.js'),
  ]);
  const draft = flags.draft === undefined ? undefined : parseDraftOption(flags.draft);
  const { name, schema } = await readSchema(schemaPath, io);
  const refs = flags.refs === undefined ? undefined : await readRefs(flags.refs, schema, io);
  const result = lintSchema(schema, { ...(draft === undefined ? {} : { draft }), ...(refs === undefined ? {} : { refs }) });
  io.stdout.write(format === 'json' ? JSON.stringify({ file: name, ...result }, null, 2) + '\n' : formatLintText(result));
  setExitCode(result.valid ? EXIT.OK : EXIT.LINT_ERRORS);
}

export const lintCommand: CliCommand = {
  name: 'lint',
  register(program: Command, context: CommandContext): void {
    program
      .command('lint')
      .description('check a JSON Schema before generating: each finding with its JSON pointer and a fix')
      .argument('<schema>', 'schema file, or - for stdin')
      .option('--format <format>', 'text or json', 'text')
      .option('-d, --draft <draft>', 'dialect for a schema without $schema: 4, 6, 7, 2019-09 or 2020-12 (default 2020-12)')
      .option('-r, --refs <dir|file|json>', 'remote schemas for $refs that leave the document (see docs/cli.md)')
      .addHelpText(
        'after',
        `
Output (text): one line per finding, "error|warning /pointer: message — hint", then a summary line.
Exit status: 0 when there is no error (warnings allowed), 1 when there is at least one, 2/64 for bad input.

${EXIT_CODE_HELP}`,
      )
      .action((schema: string, flags: LintFlags) => lintAction(schema, flags, context));
  },
};
