/**
 * The CLI as a function: argv in, exit code out, all output through a CliIo. Errors become one line on
 * stderr and an exit code from exit-codes.ts; a stack trace only with SYNTHDATAGEN_DEBUG=1.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { isSdgError } from '../core/index.js';
import type { CommandContext } from './command.js';
import { COMMANDS } from './commands/index.js';
import { EXIT, EXIT_CODE_HELP, exitCodeFor, type ExitCode } from './exit-codes.js';
import { processIo, type CliIo } from './io.js';
import { BrokenPipe } from './output.js';

const NAME = 'synthdatagen';

function packageVersion(): string {
  // Read at run time: package.json sits outside tsc's rootDir, and ../../ is right from src/cli and dist/cli alike.
  try {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function debugEnabled(io: CliIo): boolean {
  const value = io.env.SYNTHDATAGEN_DEBUG;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** Reports an error the way the exit-code table promises and returns the code. */
export function reportError(error: unknown, io: CliIo): ExitCode {
  if (error instanceof BrokenPipe) return EXIT.OK;
  const code = exitCodeFor(error);
  if (isSdgError(error)) io.stderr.write(`${NAME}: ${oneLine(error.oneLine())}\n`);
  else {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`${NAME}: internal error: ${oneLine(message)} — please report it; SYNTHDATAGEN_DEBUG=1 shows the stack\n`);
  }
  if (debugEnabled(io) && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
  return code;
}

export function createProgram(context: CommandContext): Command {
  const { io } = context;
  const program = new Command(NAME)
    .description('Schema-driven synthetic data: generate rows from a JSON Schema, lint schemas.')
    .version(packageVersion(), '-V, --version')
    // Settings made before .command() are inherited by every subcommand.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`${NAME}: ${oneLine(text.replace(/^error: /, ''))}\n`),
    })
    .showSuggestionAfterError()
    .addHelpText('after', `\nRun "${NAME} help <command>" for a command's options. Reference: docs/cli.md\n\n${EXIT_CODE_HELP}`);
  for (const command of COMMANDS) command.register(program, context);
  return program;
}

export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.OK;
  const program = createProgram({
    io,
    setExitCode: (code) => {
      exitCode = code;
    },
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    return reportError(error, io);
  }
  return exitCode;
}
