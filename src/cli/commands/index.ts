/** Every command of the CLI, in help order. Adding one is adding a module and a line here. */
import type { CliCommand } from '../command.js';
import { auditCommand } from './audit.js';
import { evaluateCommand } from './evaluate.js';
import { generateCommand } from './generate.js';
import { inferCommand } from './infer.js';
import { keysCommand } from './keys.js';
import { lintCommand } from './lint.js';
import { mcpCommand } from './mcp.js';
import { reportCommand } from './report.js';
import { scanCommand } from './scan.js';
import { serveCommand } from './serve.js';
import { visualizeCommand } from './visualize.js';
import { workerCommand } from './worker.js';

export const COMMANDS: readonly CliCommand[] = [
  generateCommand,
  lintCommand,
  inferCommand,
  scanCommand,
  evaluateCommand,
  visualizeCommand,
  reportCommand,
  serveCommand,
  workerCommand,
  mcpCommand,
  auditCommand,
  keysCommand,
];
