/**
 * Finding and running the `synthdatagen` CLI. Free of the vscode API so the same code runs in tests against the
 * real CLI. Cancellation is an AbortSignal: the child gets SIGINT first, so the CLI removes a partial `--out` file
 * (its documented exit code 130), and SIGKILL only if it has not exited two seconds later.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';

export interface CliCommand {
  /** The program to start. */
  readonly command: string;
  /** Arguments before the subcommand (the script when `command` is Node.js). */
  readonly args: readonly string[];
  /** Where it was found, for messages. */
  readonly source: 'setting' | 'workspace' | 'path';
  /** The package version when it is known (the MCP definition's version: a change makes VS Code refresh the tools). */
  readonly version?: string;
  /** The package's folder when known (its docs/ folder is linked from lint hints). */
  readonly packageRoot?: string;
}

export interface CliLocation {
  readonly cliPath: string;
  readonly nodePath: string;
  readonly folders: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly platform?: NodeJS.Platform;
}

const SCRIPT = /\.(c|m)?js$/i;

interface PackageJson {
  readonly name?: unknown;
  readonly version?: unknown;
  readonly bin?: unknown;
}

function readPackage(file: string): PackageJson | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

function binOf(pkg: PackageJson): string | undefined {
  if (typeof pkg.bin === 'string') return pkg.bin;
  if (typeof pkg.bin === 'object' && pkg.bin !== null) {
    const bin = (pkg.bin as Record<string, unknown>).synthdatagen;
    return typeof bin === 'string' ? bin : undefined;
  }
  return undefined;
}

/** The CLI of an installed (or checked-out) synthdatagen package at `root`, run with Node.js. */
function fromPackage(root: string, nodePath: string, source: CliCommand['source']): CliCommand | undefined {
  const pkg = readPackage(join(root, 'package.json'));
  if (pkg?.name !== 'synthdatagen') return undefined;
  const bin = binOf(pkg);
  if (bin === undefined) return undefined;
  const script = resolve(root, bin);
  if (!existsSync(script)) return undefined;
  return {
    command: nodePath,
    args: [script],
    source,
    packageRoot: root,
    ...(typeof pkg.version === 'string' ? { version: pkg.version } : {}),
  };
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The package folder above a script such as `<root>/dist/cli/main.js`, when there is one. */
function packageRootAbove(script: string): string | undefined {
  let dir = dirname(script);
  for (let i = 0; i < 4; i++) {
    if (readPackage(join(dir, 'package.json'))?.name === 'synthdatagen') return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/**
 * Where the CLI is, in order: the `cliPath` setting; the workspace's installed package
 * (`node_modules/synthdatagen`) or the workspace being a synthdatagen checkout; `synthdatagen` on PATH.
 * The installed package is run as `node <bin script>` rather than through `node_modules/.bin`, which is a
 * symlink on Unix and a `.cmd` shim on Windows.
 */
export function resolveCli(location: CliLocation): CliCommand | undefined {
  const { cliPath, nodePath, folders } = location;
  if (cliPath !== '') {
    const path = isAbsolute(cliPath) ? cliPath : resolve(folders[0] ?? process.cwd(), cliPath);
    const root = packageRootAbove(path);
    const version = root === undefined ? undefined : readPackage(join(root, 'package.json'))?.version;
    const extra = {
      ...(root === undefined ? {} : { packageRoot: root }),
      ...(typeof version === 'string' ? { version } : {}),
    };
    return SCRIPT.test(path)
      ? { command: nodePath, args: [path], source: 'setting', ...extra }
      : { command: path, args: [], source: 'setting', ...extra };
  }
  for (const folder of folders) {
    const found =
      fromPackage(join(folder, 'node_modules', 'synthdatagen'), nodePath, 'workspace') ?? fromPackage(folder, nodePath, 'workspace');
    if (found) return found;
  }
  const env = location.env ?? process.env;
  const windows = (location.platform ?? process.platform) === 'win32';
  for (const dir of (env.PATH ?? env.Path ?? '').split(windows ? ';' : delimiter)) {
    if (dir === '') continue;
    for (const name of windows ? ['synthdatagen.cmd', 'synthdatagen.exe'] : ['synthdatagen']) {
      const candidate = join(dir, name);
      if (windows ? existsSync(candidate) : isExecutable(candidate)) return { command: candidate, args: [], source: 'path' };
    }
  }
  return undefined;
}

export function describeCli(cli: CliCommand): string {
  return [cli.command, ...cli.args].join(' ');
}

export interface CliResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly cancelled: boolean;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly input?: string;
  readonly signal?: AbortSignal;
  readonly env?: NodeJS.ProcessEnv;
  /** stderr as it arrives (warnings, progress messages). */
  readonly onStderr?: (text: string) => void;
}

const KILL_AFTER_MS = 2000;

export function runCli(cli: CliCommand, args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    if (options.signal?.aborted) {
      resolvePromise({ exitCode: null, stdout: '', stderr: '', cancelled: true });
      return;
    }
    const child = spawn(cli.command, [...cli.args, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
      // A .cmd shim found on PATH only starts through the shell on Windows.
      shell: process.platform === 'win32' && /\.cmd$/i.test(cli.command),
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let cancelled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      cancelled = true;
      child.kill('SIGINT');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      options.onStderr?.(chunk.toString('utf8'));
    });
    // The CLI may exit before reading all of stdin (a usage error): that is its answer, not ours to report.
    child.stdin.on('error', () => {});
    child.on('error', (error: NodeJS.ErrnoException) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      reject(
        error.code === 'ENOENT'
          ? new Error(
              `cannot start ${cli.command}: not found — install synthdatagen in the workspace (npm i -D synthdatagen) or set synthdatagen.cliPath`,
            )
          : error,
      );
    });
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      resolvePromise({
        exitCode: code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        cancelled,
      });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A CLI failure: its exit code and its one-line message (`synthdatagen: <message> (at <pointer>) — <hint>`). */
export class CliFailure extends Error {
  readonly exitCode: number | null;
  readonly pointer: string | undefined;
  readonly hint: string | undefined;

  constructor(result: CliResult, what: string) {
    const line =
      result.stderr
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l.startsWith('synthdatagen:'))
        .pop() ?? result.stderr.trim().split(/\r?\n/).pop();
    const text = (line ?? '').replace(/^synthdatagen:\s*/, '');
    const match = /^(.*?)(?: \(at ([^)]*)\))?(?: — (.*))?$/.exec(text);
    super(`${what} failed (exit ${result.exitCode ?? 'signal'}): ${text || 'no message'}`);
    this.name = 'CliFailure';
    this.exitCode = result.exitCode;
    this.pointer = match?.[2];
    this.hint = match?.[3];
  }
}

/** The CLI's exit codes the extension treats specially (docs/cli.md). */
export const EXIT = { OK: 0, FINDINGS: 1, BLOCKED: 6, INTERRUPTED: 130 } as const;
