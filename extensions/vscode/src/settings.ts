/** The extension's settings (contributes.configuration in package.json), read fresh on every use. */
import * as vscode from 'vscode';

export const OUTPUT_FORMATS = ['jsonl', 'json', 'csv', 'parquet'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export type ServerMode = 'local' | 'remote';

export interface Settings {
  readonly mode: ServerMode;
  readonly serverUrl: string;
  readonly cliPath: string;
  readonly nodePath: string;
  readonly defaultCount: number;
  readonly defaultFormat: OutputFormat;
  readonly outputDirectory: string;
  readonly previewRows: number;
  readonly lintEnabled: boolean;
  readonly mcpDataDirectory: string;
}

export const SECTION = 'synthdatagen';

function isFormat(value: unknown): value is OutputFormat {
  return typeof value === 'string' && (OUTPUT_FORMATS as readonly string[]).includes(value);
}

export function readSettings(scope?: vscode.Uri): Settings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const count = config.get<number>('defaultCount', 1000);
  const format = config.get<string>('defaultFormat', 'jsonl');
  const previewRows = config.get<number>('previewRows', 20);
  return {
    mode: config.get<string>('mode', 'local') === 'remote' ? 'remote' : 'local',
    serverUrl: config.get<string>('serverUrl', 'http://127.0.0.1:8080').trim().replace(/\/+$/, ''),
    cliPath: config.get<string>('cliPath', '').trim(),
    nodePath: config.get<string>('nodePath', 'node').trim() || 'node',
    defaultCount: Number.isInteger(count) && count >= 0 ? count : 1000,
    defaultFormat: isFormat(format) ? format : 'jsonl',
    outputDirectory: config.get<string>('outputDirectory', '').trim(),
    previewRows: Number.isInteger(previewRows) && previewRows > 0 ? Math.min(previewRows, 100) : 20,
    lintEnabled: config.get<boolean>('lint.enabled', true),
    mcpDataDirectory: config.get<string>('mcp.dataDirectory', '').trim(),
  };
}

/** Folders of the open workspace as file-system paths (the CLI and the MCP server need real paths). */
export function workspaceFolderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}
