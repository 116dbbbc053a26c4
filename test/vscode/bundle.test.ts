/**
 * The shipped artifact, not the sources: the production bundle (built into a temporary folder exactly as
 * `npm run package` builds dist/), loaded the way VS Code loads it — `require()` with the editor providing the
 * `vscode` module — then activated and driven: a local generate through the real CLI and a remote PII scan
 * through the bundled MCP client against a real server. This catches what only bundling breaks (a dependency
 * that requires its own files at run time, a lazily loaded chunk).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/support.js';
import { cli, ensureCliBuilt, EXTENSION, makeWorkspace, REPO, type TestWorkspace } from './support.js';
import * as vscodeDouble from './vscode-double.js';

const { createExtensionContext, harness, Uri } = vscodeDouble;

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleWithLoad = Module as unknown as { _load: Loader };

let out: string;
let workspace: TestWorkspace;
let server: TestServer;
let context: ReturnType<typeof createExtensionContext>;
const originalLoad = moduleWithLoad._load;
/** Every module the bundle asked Node for, over the whole file (load, activation, commands). */
const requiredByBundle = new Set<string>();

beforeAll(async () => {
  await ensureCliBuilt();
  out = mkdtempSync(join(tmpdir(), 'sdg-vscode-bundle-'));
  execFileSync(process.execPath, [join(EXTENSION, 'scripts/build.mjs'), '--production', '--outdir', out], { stdio: 'pipe' });
  server = await startTestServer('sqlite');
  workspace = makeWorkspace();
  moduleWithLoad._load = function load(request, parent, isMain) {
    if ((parent as { filename?: string } | null)?.filename === join(out, 'extension.js')) requiredByBundle.add(request);
    return request === 'vscode' ? vscodeDouble : originalLoad.call(this, request, parent, isMain);
  };
  const extension = createRequire(import.meta.url)(join(out, 'extension.js')) as { activate(context: unknown): unknown };
  harness.setWorkspaceFolders([workspace.root]);
  harness.configure({ 'synthdatagen.nodePath': process.execPath });
  context = createExtensionContext(EXTENSION);
  extension.activate(context);
});

afterAll(async () => {
  moduleWithLoad._load = originalLoad;
  for (const d of context.subscriptions) d.dispose();
  rmSync(context.storageRoot, { recursive: true, force: true });
  workspace.cleanup();
  await server.close();
  rmSync(out, { recursive: true, force: true });
});

beforeEach(() => harness.reset());

function run<T>(command: string, ...args: unknown[]): Promise<T> {
  return harness.commandHandlers.get(command)!(...args) as Promise<T>;
}

describe('the production bundle', () => {
  it('writes the snippets beside the bundle', async () => {
    const { buildSnippets, readExampleSchemas } = (await import(join(EXTENSION, 'scripts/snippets.mjs'))) as {
      buildSnippets(examples: unknown): unknown;
      readExampleSchemas(dir: string): Promise<unknown>;
    };
    const expected = buildSnippets(await readExampleSchemas(join(REPO, 'examples/schemas')));
    expect(readFileSync(join(out, 'snippets.code-snippets'), 'utf8')).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it('registers every contributed command and the MCP provider on activate()', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION, 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string }[] };
    };
    for (const { command } of manifest.contributes.commands) expect(harness.commandHandlers.has(command), command).toBe(true);
    expect(harness.mcpProviders.has('synthdatagen')).toBe(true);
  });

  it('generates through the real CLI', async () => {
    const schema = join(workspace.schemas, 'support-tickets.json');
    harness.answerQuickPicks('10', 'jsonl', '0');
    const result = await run<{ output: string }>('synthdatagen.generate', Uri.file(schema));
    expect(harness.state.messages.filter((m) => m.level === 'error')).toEqual([]);
    expect(readFileSync(result.output, 'utf8')).toBe(cli(['generate', schema, '--count', '10', '--seed', '0']));
  });

  it('scans through the bundled MCP client against a real server', async () => {
    harness.configure({ 'synthdatagen.mode': 'remote', 'synthdatagen.serverUrl': server.url });
    await context.secrets.store(`synthdatagen.apiKey:${server.url}`, server.keys.qa_engineer);
    try {
      harness.answerQuickPicks('Scan for personal data');
      const result = await run<{ report: { verdict: string } }>(
        'synthdatagen.scanPii',
        Uri.file(join(REPO, 'test/vscode/fixtures/people.csv')),
      );
      expect(harness.state.messages.filter((m) => m.level === 'error')).toEqual([]);
      expect(result.report.verdict).toBe('blocked');
    } finally {
      harness.configure({ 'synthdatagen.mode': undefined, 'synthdatagen.serverUrl': undefined });
    }
  });

  // Last: by now the bundle has loaded, activated, run the CLI and loaded its lazy MCP client chunk.
  it('asked Node for nothing but vscode and built-in modules', () => {
    expect(requiredByBundle.has('vscode')).toBe(true);
    expect([...requiredByBundle].filter((r) => r !== 'vscode' && !r.startsWith('node:') && !Module.builtinModules.includes(r))).toEqual([]);
  });
});
