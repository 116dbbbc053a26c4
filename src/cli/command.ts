/**
 * What a CLI command module provides. Each command lives in its own file under commands/ and only adds
 * itself to the program, so new commands (infer, evaluate, scan, serve, …) slot in without touching others.
 */
import type { Command } from 'commander';
import type { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

export interface CommandContext {
  readonly io: CliIo;
  /** The status the process ends with when the action returns normally (errors pick theirs from exit-codes). */
  setExitCode(code: ExitCode): void;
}

export interface CliCommand {
  readonly name: string;
  register(program: Command, context: CommandContext): void;
}
