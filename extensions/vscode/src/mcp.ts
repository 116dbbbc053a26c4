/**
 * MCP with zero setup: the `synthdatagen` MCP server definition provider (contributes.mcpServerDefinitionProviders).
 * Local mode: `synthdatagen mcp` over stdio, started from the workspace's installed package or the configured
 * CLI, on the workspace's data folder. Remote mode: the server's Streamable HTTP endpoint `/mcp`, with the API
 * key from SecretStorage as a Bearer header, asked for when VS Code starts the server and none is stored yet.
 */
import { basename, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { resolveCli } from './cli.js';
import { Runtime } from './runtime.js';
import { mcpUrl } from './server.js';
import { workspaceFolderPaths } from './settings.js';

export const MCP_PROVIDER_ID = 'synthdatagen';

export class SynthMcpProvider implements vscode.McpServerDefinitionProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeMcpServerDefinitions = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly runtime: Runtime) {
    this.subscriptions = [
      this.changed,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('synthdatagen')) this.changed.fire();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.changed.fire()),
      runtime.context.secrets.onDidChange((event) => {
        if (event.key.startsWith('synthdatagen.apiKey:')) this.changed.fire();
      }),
    ];
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }

  async provideMcpServerDefinitions(): Promise<vscode.McpServerDefinition[]> {
    const settings = this.runtime.settings();
    if (settings.mode === 'remote') {
      const key = await this.runtime.apiKey(settings.serverUrl);
      return [
        new vscode.McpHttpServerDefinition(
          `SynthDataGen (${settings.serverUrl})`,
          vscode.Uri.parse(mcpUrl(settings.serverUrl)),
          key === undefined ? {} : { Authorization: `Bearer ${key}` },
        ),
      ];
    }
    const folders = workspaceFolderPaths();
    // One server per workspace folder, each on that folder's data; a window without a folder gets the
    // configured CLI or the one on PATH, on the default data folder of its working directory.
    const roots: (string | undefined)[] = folders.length > 0 ? folders : [undefined];
    const definitions: vscode.McpServerDefinition[] = [];
    for (const folder of roots) {
      const cli = resolveCli({ cliPath: settings.cliPath, nodePath: settings.nodePath, folders: folder === undefined ? [] : [folder] });
      if (cli === undefined) {
        this.runtime.output.appendLine(
          `MCP: no synthdatagen CLI for ${folder ?? 'this window'} (install the package in the workspace or set synthdatagen.cliPath)`,
        );
        continue;
      }
      const dataDir = settings.mcpDataDirectory
        ? folder === undefined || isAbsolute(settings.mcpDataDirectory)
          ? settings.mcpDataDirectory
          : join(folder, settings.mcpDataDirectory)
        : folder === undefined
          ? undefined
          : join(folder, 'data');
      const label = folders.length > 1 && folder !== undefined ? `SynthDataGen (${basename(folder)})` : 'SynthDataGen';
      const definition = new vscode.McpStdioServerDefinition(
        label,
        cli.command,
        [...cli.args, 'mcp'],
        dataDir === undefined ? {} : { SYNTHDATAGEN_DATA_DIR: dataDir },
        cli.version,
      );
      if (folder !== undefined) definition.cwd = vscode.Uri.file(folder);
      definitions.push(definition);
    }
    return definitions;
  }

  async resolveMcpServerDefinition(server: vscode.McpServerDefinition): Promise<vscode.McpServerDefinition | undefined> {
    if (!(server instanceof vscode.McpHttpServerDefinition) || server.headers.Authorization) return server;
    // VS Code is starting the server now, so asking is allowed; without a key there is nothing to start.
    const key = (await this.runtime.apiKey()) ?? (await this.runtime.promptApiKey());
    if (key === undefined) return undefined;
    server.headers = { ...server.headers, Authorization: `Bearer ${key}` };
    return server;
  }
}
