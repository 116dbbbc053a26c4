/** Every command of the CLI, in help order. Adding one is adding a module and a line here. */
import type { CliCommand } from '../command.js';
import { evaluateCommand } from './evaluate.js';
import { generateCommand } from './generate.js';
import { inferCommand } from './infer.js';
import { lintCommand } from './lint.js';
import { scanCommand } from './scan.js';

export const COMMANDS: readonly CliCommand[] = [generateCommand, lintCommand, inferCommand, scanCommand, evaluateCommand];
