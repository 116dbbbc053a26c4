/**
 * The MCP server definition provider, and the servers it points VS Code at, answering the MCP SDK's real
 * client: stdio from the workspace's installed package or a configured path, and HTTP with the API key from
 * the secret storage (asked for at start when missing).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../server/support.js';
import { activateExtension, CLI_SCRIPT, ensureCliBuilt, makeWorkspace, REPO, type Activated, type TestWorkspace } from './support.js';
import { CancellationTokenSource, harness, McpHttpServerDefinition, McpStdioServerDefinition } from './vscode-double.js';

vi.mock('vscode', () => import('./vscode-double.js'));

interface Provider {
  onDidChangeMcpServerDefinitions: (listener: () => void) => { dispose(): void };
  provideMcpServerDefinitions(token: unknown): Promise<(McpStdioServerDefinition | McpHttpServerDefinition)[]>;
  resolveMcpServerDefinition(server: unknown, token: unknown): Promise<McpStdioServerDefinition | McpHttpServerDefinition | undefined>;
}

const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

let workspace: TestWorkspace;
let activated: Activated;
let provider: Provider;
const token = new CancellationTokenSource().token;

beforeAll(async () => {
  await ensureCliBuilt();
  workspace = makeWorkspace();
  activated = await activateExtension(workspace);
  provider = harness.mcpProviders.get('synthdatagen') as Provider;
});

afterAll(() => {
  activated.deactivate();
  workspace.cleanup();
});

beforeEach(() => harness.reset());

/** Starts the stdio server exactly as VS Code would from the definition, and connects the SDK client. */
async function connectStdio(definition: McpStdioServerDefinition): Promise<Client> {
  const env = Object.fromEntries(
    Object.entries({ ...process.env, ...definition.env }).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  const client = new Client({ name: 'vscode-test', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: definition.command,
      args: definition.args,
      env,
      ...(definition.cwd ? { cwd: definition.cwd.fsPath } : {}),
      stderr: 'pipe',
    }),
  );
  return client;
}

function structured(result: unknown): Record<string, unknown> {
  const r = result as CallToolResult;
  expect(r.isError ?? false, JSON.stringify(r.content)).toBe(false);
  return r.structuredContent as Record<string, unknown>;
}

describe('local mode: stdio', () => {
  it('starts `synthdatagen mcp` from the workspace’s installed package, on the workspace’s data folder', async () => {
    const [definition, ...rest] = await provider.provideMcpServerDefinitions(token);
    expect(rest).toEqual([]);
    expect(definition).toBeInstanceOf(McpStdioServerDefinition);
    const stdio = definition as McpStdioServerDefinition;
    expect(stdio.label).toBe('SynthDataGen');
    expect(stdio.command).toBe(process.execPath);
    expect(stdio.args).toEqual([join(workspace.root, 'node_modules/synthdatagen/dist/cli/main.js'), 'mcp']);
    expect(stdio.env).toEqual({ SYNTHDATAGEN_DATA_DIR: join(workspace.root, 'data') });
    expect(stdio.cwd?.fsPath).toBe(workspace.root);
    expect(stdio.version).toBe(version);
    expect(await provider.resolveMcpServerDefinition(stdio, token)).toBe(stdio);

    const client = await connectStdio(stdio);
    try {
      expect(client.getServerVersion()?.name).toBe('synthdatagen');
      const tools = (await client.listTools()).tools.map((t) => t.name);
      expect(tools).toEqual(
        expect.arrayContaining(['generate_dataset', 'run_pipeline', 'scan_pii', 'lint_schema', 'list_runs', 'infer_schema']),
      );
      const lint = structured(
        await client.callTool({ name: 'lint_schema', arguments: { schema: { type: 'integer', minimum: 3, maximum: 1 } } }),
      );
      expect(JSON.stringify(lint)).toContain('min-above-max');
      const generated = structured(
        await client.callTool({
          name: 'generate_dataset',
          arguments: {
            schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
            rowCount: 5,
            seed: 1,
            previewRows: 2,
          },
        }),
      );
      expect(JSON.stringify(generated)).toContain('succeeded');
      const runs = structured(await client.callTool({ name: 'list_runs', arguments: {} }));
      expect(runs.total).toBe(1);
    } finally {
      await client.close();
    }
    // The run went into the workspace's data folder, as with the .vscode/mcp.json recipe.
    expect(existsSync(join(workspace.root, 'data'))).toBe(true);
  });

  it('uses a configured CLI path and data folder instead', async () => {
    const changes: number[] = [];
    const subscription = provider.onDidChangeMcpServerDefinitions(() => changes.push(1));
    harness.configure({ 'synthdatagen.cliPath': CLI_SCRIPT, 'synthdatagen.mcp.dataDirectory': 'synth-data' });
    try {
      expect(changes.length).toBeGreaterThan(0);
      const [definition] = (await provider.provideMcpServerDefinitions(token)) as McpStdioServerDefinition[];
      expect(definition!.args).toEqual([CLI_SCRIPT, 'mcp']);
      expect(definition!.env).toEqual({ SYNTHDATAGEN_DATA_DIR: join(workspace.root, 'synth-data') });
      const client = await connectStdio(definition!);
      try {
        expect((await client.listTools()).tools.length).toBeGreaterThan(5);
      } finally {
        await client.close();
      }
    } finally {
      subscription.dispose();
      harness.configure({ 'synthdatagen.cliPath': undefined, 'synthdatagen.mcp.dataDirectory': undefined });
    }
  });

  it('offers no server when there is no CLI, and says why in the log', async () => {
    harness.setWorkspaceFolders([join(workspace.root, 'schemas')]);
    harness.configure({ 'synthdatagen.nodePath': process.execPath });
    try {
      const saved = process.env.PATH;
      process.env.PATH = '';
      try {
        expect(await provider.provideMcpServerDefinitions(token)).toEqual([]);
      } finally {
        process.env.PATH = saved;
      }
      expect(harness.state.output.join('')).toContain('MCP: no synthdatagen CLI for');
    } finally {
      harness.setWorkspaceFolders([workspace.root]);
    }
  });
});

describe('remote mode: Streamable HTTP', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    harness.configure({ 'synthdatagen.mode': 'remote', 'synthdatagen.serverUrl': server.url });
  });

  afterAll(async () => {
    harness.configure({ 'synthdatagen.mode': undefined, 'synthdatagen.serverUrl': undefined });
    await server.close();
  });

  async function connectHttp(definition: McpHttpServerDefinition): Promise<Client> {
    const client = new Client({ name: 'vscode-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(definition.uri.toString()), { requestInit: { headers: definition.headers } }),
    );
    return client;
  }

  it('points at /mcp with the key from the secret storage, and the server acts for that key', async () => {
    const changes: number[] = [];
    const subscription = provider.onDidChangeMcpServerDefinitions(() => changes.push(1));
    await activated.context.secrets.store(`synthdatagen.apiKey:${server.url}`, server.keys.ml_engineer);
    subscription.dispose();
    expect(changes).toHaveLength(1);

    const [definition, ...rest] = await provider.provideMcpServerDefinitions(token);
    expect(rest).toEqual([]);
    expect(definition).toBeInstanceOf(McpHttpServerDefinition);
    const http = definition as McpHttpServerDefinition;
    expect(http.uri.toString()).toBe(`${server.url}/mcp`);
    expect(http.headers).toEqual({ Authorization: `Bearer ${server.keys.ml_engineer}` });
    expect(http.label).toBe(`SynthDataGen (${server.url})`);

    const client = await connectHttp((await provider.resolveMcpServerDefinition(http, token)) as McpHttpServerDefinition);
    try {
      const generated = structured(
        await client.callTool({
          name: 'generate_dataset',
          arguments: { schema: { type: 'object', properties: { a: { type: 'integer' } } }, rowCount: 3 },
        }),
      );
      const runId = (generated.run as { runId: string } | undefined)?.runId ?? (generated.runId as string);
      const stored = (await server.call('GET', `/api/runs/${runId}`)).json;
      expect(stored.user).toBe(server.keyIds.ml_engineer);
    } finally {
      await client.close();
    }
  });

  it('asks for the key when VS Code starts the server and none is stored, and starts nothing without one', async () => {
    await activated.context.secrets.delete(`synthdatagen.apiKey:${server.url}`);
    const [definition] = (await provider.provideMcpServerDefinitions(token)) as McpHttpServerDefinition[];
    expect(definition!.headers).toEqual({});

    harness.answerInputBoxes(undefined);
    expect(await provider.resolveMcpServerDefinition(definition, token)).toBeUndefined();

    harness.answerInputBoxes(server.keys.qa_engineer);
    const resolved = (await provider.resolveMcpServerDefinition(definition, token)) as McpHttpServerDefinition;
    expect(resolved.headers).toEqual({ Authorization: `Bearer ${server.keys.qa_engineer}` });
    expect(await activated.context.secrets.get(`synthdatagen.apiKey:${server.url}`)).toBe(server.keys.qa_engineer);
    const client = await connectHttp(resolved);
    try {
      const runs = structured(await client.callTool({ name: 'list_runs', arguments: {} }));
      expect(runs.total).toBe(1);
    } finally {
      await client.close();
    }
  });

  it('without a key the endpoint refuses the client: the header is what authenticates', async () => {
    const [definition] = (await provider.provideMcpServerDefinitions(token)) as McpHttpServerDefinition[];
    await expect(connectHttp(new McpHttpServerDefinition('no key', definition!.uri, {}))).rejects.toThrow(/401|Unauthorized|key/i);
  });
});
