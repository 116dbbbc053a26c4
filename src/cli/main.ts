#!/usr/bin/env node
/** Entry point of the `synthdatagen` command (package.json "bin" → dist/cli/main.js). */
import { runCli } from './program.js';

// A reader that stops early (`synthdatagen … | head`) is a normal end, not a crash: without this listener
// Node reports the EPIPE as an unhandled 'error' event with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  process.stderr.write(`synthdatagen: cannot write to stdout: ${error.message}\n`);
  process.exit(2);
});

// exitCode rather than process.exit(): pending stdout writes are flushed before the process ends.
process.exitCode = await runCli(process.argv.slice(2));
