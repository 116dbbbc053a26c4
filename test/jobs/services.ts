/**
 * Private Redis and PostgreSQL servers for the fault tests, so restarting them mid-run disturbs nobody else
 * on the machine (the shared ones at :6379 and :5432 serve every other suite). PostgreSQL runs as the
 * `postgres` system user (it refuses root), from Debian's /usr/lib/postgresql/<version>/bin.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitPort(port: number, up: boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (open === up) return;
    if (Date.now() > deadline) throw new Error(`port ${port} did not go ${up ? 'up' : 'down'}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface PrivateService {
  readonly url: string;
  readonly port: number;
  /** Stops the server (its data goes with it for Redis: no persistence, like the CI Redis) and starts it again. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** `hosts`: addresses to listen on besides 127.0.0.1 (e.g. the root end of veth links to network namespaces). */
export interface PrivateServiceOptions {
  readonly hosts?: readonly string[];
}

export async function startPrivateRedis(options: PrivateServiceOptions = {}): Promise<PrivateService> {
  const port = await freePort();
  let child: ChildProcess;
  const bind = ['127.0.0.1', ...(options.hosts ?? [])].join(' ');
  const start = async (): Promise<void> => {
    child = spawn('redis-server', ['--port', String(port), '--bind', bind, '--protected-mode', 'no', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await waitPort(port, true);
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    await waitPort(port, false);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async restart() {
      await stop();
      await start();
    },
    stop,
  };
}

function pgBin(tool: string): string {
  const versions = readdirSync('/usr/lib/postgresql').sort();
  return join('/usr/lib/postgresql', versions[versions.length - 1]!, 'bin', tool);
}

function asPostgres(tool: string, args: string[]): void {
  const command = userInfo().uid === 0 ? ['runuser', '-u', 'postgres', '--', pgBin(tool), ...args] : [pgBin(tool), ...args];
  const result = spawnSync(command[0]!, command.slice(1), { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr || result.stdout}`);
}

export function postgresAvailable(): boolean {
  return existsSync('/usr/lib/postgresql');
}

export async function startPrivatePostgres(options: PrivateServiceOptions = {}): Promise<PrivateService> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sdg-pg-'));
  chmodSync(dir, 0o755);
  if (userInfo().uid === 0) {
    const id = (flag: string): number => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const data = join(dir, 'data');
  asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const hosts = options.hosts ?? [];
  if (hosts.length > 0)
    appendFileSync(join(data, 'pg_hba.conf'), hosts.map((h) => `host all all ${h.replace(/\.\d+$/, '.0')}/24 trust\n`).join(''));
  const settings = `-p ${port} -k ${dir} -c listen_addresses=${['127.0.0.1', ...hosts].join(',')} -c fsync=off -c full_page_writes=off`;
  const start = (): void => asPostgres('pg_ctl', ['-D', data, '-o', settings, '-l', join(dir, 'log'), '-w', 'start']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async restart() {
      asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      start();
    },
    async stop() {
      try {
        asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
