/**
 * `synthdatagen serve [--port P] [--host H] [--data-dir DIR] [--database-url URL] [--workers N]`: the REST
 * API (and the Admin UI and /mcp) on the embedded SQLite default, or PostgreSQL with DATABASE_URL. On the
 * first start it prints the admin API key once. SIGTERM/SIGINT drain running work before exiting.
 *
 * With --workers N (N > 1) it runs N server processes on the same port (node:cluster): a pipeline is CPU
 * work on one thread, so this is how one machine uses all its cores. The primary prepares the store once
 * (migrations, first key, recovery) before forking, and restarts a worker that dies.
 */
import cluster from 'node:cluster';
import type { Command } from 'commander';
import { SdgError } from '../../core/index.js';
import type { CliCommand, CommandContext } from '../command.js';

interface ServeFlags {
  readonly port?: string;
  readonly host?: string;
  readonly dataDir?: string;
  readonly databaseUrl?: string;
  readonly workers?: string;
}

function waitForSignal(io: CommandContext['io'], stop: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    const onSignal = (signal: string): void => {
      io.stderr.write(`synthdatagen: ${signal}: finishing running work, then exiting\n`);
      void stop().then(resolve, resolve);
    };
    process.once('SIGTERM', () => onSignal('SIGTERM'));
    process.once('SIGINT', () => onSignal('SIGINT'));
  });
}

function printKey(io: CommandContext['io'], secret: string, url: string): void {
  io.stderr.write(
    `synthdatagen: first start — admin API key (shown once, store it now):\n\n  ${secret}\n\n` +
      `  use it as: curl -H "Authorization: Bearer <key>" ${url}/api/me\n`,
  );
}

async function serveAction(flags: ServeFlags, { io }: CommandContext): Promise<void> {
  const { startServer } = await import('../../server/index.js');
  const port = flags.port === undefined ? undefined : Number(flags.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535))
    throw new SdgError('SDG_ERR_BAD_OPTION', `--port must be 0 … 65535, got ${JSON.stringify(flags.port)}`);
  const workers = flags.workers === undefined ? Number(io.env.SYNTHDATAGEN_SERVER_WORKERS ?? 1) : Number(flags.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64)
    throw new SdgError('SDG_ERR_BAD_OPTION', `--workers must be 1 … 64, got ${JSON.stringify(flags.workers)}`);
  const overrides = {
    ...(port === undefined ? {} : { port }),
    ...(flags.host === undefined ? {} : { host: flags.host }),
    ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }),
    ...(flags.databaseUrl === undefined ? {} : { databaseUrl: flags.databaseUrl }),
  };

  if (workers > 1 && cluster.isPrimary) {
    const { loadConfig, prepareStore } = await import('../../server/index.js');
    const config = loadConfig(io.env, overrides);
    const prepared = await prepareStore(io.env, overrides);
    let stopping = false;
    const fork = (): void => {
      cluster.fork({ SYNTHDATAGEN_CLUSTER_WORKER: '1' });
    };
    cluster.on('exit', (worker, code, signal) => {
      if (stopping) return;
      io.stderr.write(`synthdatagen: server process ${worker.process.pid} exited (${signal ?? code}); starting another\n`);
      fork();
    });
    for (let i = 0; i < workers; i++) fork();
    // Announce (and hand out the first key) once every process accepts connections.
    await new Promise<void>((resolve) => {
      let listening = 0;
      const onListening = (_worker: unknown, address: { address: string | null; port: number }): void => {
        if (++listening < workers) return;
        cluster.off('listening', onListening);
        const url = `http://${address.address && address.address !== '::' ? address.address : config.host}:${address.port}`;
        io.stderr.write(
          `synthdatagen: serving on ${url} with ${workers} processes (database: ${prepared.location}; API docs: ${url}/api/docs)\n`,
        );
        if (prepared.bootstrapKey) printKey(io, prepared.bootstrapKey.secret, url);
        resolve();
      };
      cluster.on('listening', onListening);
    });
    await waitForSignal(io, async () => {
      stopping = true;
      const exits = Object.values(cluster.workers ?? {}).map(
        (worker) =>
          new Promise<void>((resolve) =>
            worker && !worker.isDead() ? (worker.once('exit', () => resolve()), worker.process.kill('SIGTERM')) : resolve(),
          ),
      );
      await Promise.all(exits);
    });
    return;
  }

  const server = await startServer(io.env, overrides, { prepare: !cluster.isWorker });
  if (cluster.isWorker) {
    await waitForSignal(io, () => server.close().catch(() => undefined));
    // The IPC channel to the primary would keep a drained worker alive.
    process.exit(0);
  }
  io.stderr.write(`synthdatagen: serving on ${server.url} (database: ${server.store.location}; API docs: ${server.url}/api/docs)\n`);
  if (server.bootstrapKey) printKey(io, server.bootstrapKey.secret, server.url);
  await waitForSignal(io, () => server.close());
}

export const serveCommand: CliCommand = {
  name: 'serve',
  register(program: Command, context: CommandContext): void {
    program
      .command('serve')
      .description('run the REST API (SQLite under ./data by default; PostgreSQL with DATABASE_URL)')
      .option('-p, --port <port>', 'port (default $PORT or 8080)')
      .option('--host <host>', 'address to bind (default $HOST or 127.0.0.1)')
      .option('--data-dir <dir>', 'folder of the SQLite file and artifacts (default $SYNTHDATAGEN_DATA_DIR or ./data)')
      .option('--database-url <url>', 'postgres://… to use PostgreSQL (default $DATABASE_URL)')
      .option(
        '-w, --workers <n>',
        'server processes sharing the port, one per core for throughput (default $SYNTHDATAGEN_SERVER_WORKERS or 1)',
      )
      .action((flags: ServeFlags) => serveAction(flags, context));
  },
};
