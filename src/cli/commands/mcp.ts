/**
 * `synthdatagen mcp [--data-dir DIR] [--database-url URL]`: the MCP server over stdio, for VS Code, desktop
 * clients and the inspector. It uses the same store and settings as `serve` (SQLite under ./data by default,
 * PostgreSQL with DATABASE_URL) and acts for the key in SYNTHDATAGEN_API_KEY, or else for the local user as
 * admin (see src/mcp/stdio.ts for why). stdout is the protocol; messages go to stderr.
 */
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import type { CliCommand, CommandContext } from '../command.js';

interface McpFlags {
  readonly dataDir?: string;
  readonly databaseUrl?: string;
}

async function mcpAction(flags: McpFlags, { io }: CommandContext): Promise<void> {
  const [{ loadConfig }, { openStore }, { createService }, mcp] = await Promise.all([
    import('../../server/index.js'),
    import('../../store/index.js'),
    import('../../service/index.js'),
    import('../../mcp/index.js'),
  ]);
  const config = loadConfig(io.env, {
    ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }),
    ...(flags.databaseUrl === undefined ? {} : { databaseUrl: flags.databaseUrl }),
  });
  const store = await openStore({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    dataDir: config.dataDir,
    artifactsDir: config.artifactDir,
    artifactStore: config.artifactStore,
  });
  try {
    const service = createService({
      store,
      artifacts: store.artifacts,
      maxRows: config.maxRows,
      asyncRowThreshold: config.asyncRowThreshold,
      maxQueuedRuns: config.maxQueuedRuns,
      runConcurrency: config.runConcurrency,
    });
    const principal = await mcp.resolveStdioPrincipal(service, io.env);
    const session = await mcp.serveStdio({
      service,
      principal,
      stdin: io.stdin as Readable,
      stdout: io.stdout as Writable,
      stderr: io.stderr as Writable,
    });
    io.stderr.write(`synthdatagen mcp: serving over stdio as ${principal.id} (${principal.role}); database: ${store.location}\n`);
    const stop = (): void => void session.stop();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    await session.closed;
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    if (service.queue.active > 0) io.stderr.write('synthdatagen mcp: client gone; finishing runs in progress before exiting\n');
    await service.queue.drain();
  } finally {
    await store.close();
  }
}

export const mcpCommand: CliCommand = {
  name: 'mcp',
  register(program: Command, context: CommandContext): void {
    program
      .command('mcp')
      .description('serve the MCP tools, resources and prompts over stdio (for VS Code, desktop clients, the inspector)')
      .option('--data-dir <dir>', 'folder of the SQLite file and artifacts (default $SYNTHDATAGEN_DATA_DIR or ./data)')
      .option('--database-url <url>', 'postgres://… to use PostgreSQL (default $DATABASE_URL)')
      .addHelpText(
        'after',
        `
Acts for the API key in SYNTHDATAGEN_API_KEY (its role applies), or else for the local user as
cli:<login> with the admin role: whoever can run this can read the database file anyway.
Over HTTP the same server is at /mcp of \`synthdatagen serve\`. Reference: docs/mcp.md.`,
      )
      .action((flags: McpFlags) => mcpAction(flags, context));
  },
};
