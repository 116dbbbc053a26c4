/**
 * Shared setup for the extension's tests: the built CLI (built once if dist/ is missing), a throwaway workspace
 * that has synthdatagen "installed" (node_modules/synthdatagen → this checkout, as `npm i -D synthdatagen`
 * would give), and activate() with the vscode test double.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createExtensionContext, harness } from './vscode-double.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const EXTENSION = join(REPO, 'extensions/vscode');
export const CLI_SCRIPT = join(REPO, 'dist/cli/main.js');

/**
 * The CLI as the package ships it; built with the package's own build when a fresh checkout has no dist/. Test
 * files run in parallel, so one of them builds (holding a lock directory) and the others wait for it.
 */
export async function ensureCliBuilt(): Promise<void> {
  const lock = join(REPO, '.tmp', 'vscode-tests-build.lock');
  const deadline = Date.now() + 10 * 60_000;
  while (!existsSync(CLI_SCRIPT) || existsSync(lock)) {
    if (Date.now() > deadline) throw new Error(`${CLI_SCRIPT} did not appear: run npm run build (and remove ${lock} if it is stale)`);
    try {
      mkdirSync(join(REPO, '.tmp'), { recursive: true });
      mkdirSync(lock);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    try {
      if (!existsSync(CLI_SCRIPT)) execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'inherit' });
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

export interface TestWorkspace {
  readonly root: string;
  readonly schemas: string;
  cleanup(): void;
}

/** A workspace folder with the package installed and the example schemas under schemas/. */
export function makeWorkspace(): TestWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'sdg-vscode-ws-'));
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(REPO, join(root, 'node_modules', 'synthdatagen'), 'dir');
  const schemas = join(root, 'schemas');
  cpSync(join(REPO, 'examples/schemas'), schemas, { recursive: true });
  writeFileSync(
    join(root, 'package.json'),
    `${JSON.stringify({ name: 'workspace-under-test', private: true, devDependencies: { synthdatagen: '*' } }, null, 2)}\n`,
  );
  return { root, schemas, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

type Api = Awaited<ReturnType<(typeof import('../../extensions/vscode/src/extension.js'))['activate']>>;

export interface Activated {
  readonly api: Api;
  readonly context: ReturnType<typeof createExtensionContext>;
  deactivate(): void;
}

/** activate() as VS Code calls it, with the Node.js that runs the tests as the CLI's runtime. */
export async function activateExtension(workspace: TestWorkspace, settings: Record<string, unknown> = {}): Promise<Activated> {
  harness.setWorkspaceFolders([workspace.root]);
  harness.configure({ 'synthdatagen.nodePath': process.execPath, ...settings });
  const extension = await import('../../extensions/vscode/src/extension.js');
  const context = createExtensionContext(EXTENSION);
  const api = extension.activate(context as never);
  return {
    api,
    context,
    deactivate() {
      for (const d of context.subscriptions) d.dispose();
      extension.deactivate();
      rmSync(context.storageRoot, { recursive: true, force: true });
    },
  };
}

/** Runs the real CLI directly, for comparing what the extension produced. */
export function cli(args: readonly string[], options: { cwd?: string; input?: string } = {}): string {
  return execFileSync(process.execPath, [CLI_SCRIPT, ...args], { cwd: options.cwd ?? REPO, input: options.input ?? '', encoding: 'utf8' });
}
