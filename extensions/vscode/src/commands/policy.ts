/**
 * "SynthDataGen: Show server settings and PII policy", the status bar item, and the API key commands. The PII
 * download block is the server's setting (GET /api/settings; a compliance admin changes it): the extension shows
 * it and never changes it. Roles without `settings:read` are told the server's documented default instead.
 */
import * as vscode from 'vscode';
import { describeCli, runCli } from '../cli.js';
import { Runtime } from '../runtime.js';
import { ServerClient, ServerError } from '../server.js';
import type { LintIssue } from '../server.js';

export interface PolicyView {
  readonly mode: 'local' | 'remote';
  /** true/false when read from the server; undefined when the role may not read settings or in local mode. */
  readonly blockPiiDownloads?: boolean;
  readonly role?: string;
  readonly source: 'server-settings' | 'server-default' | 'local-cli';
  readonly text: string;
}

const SERVER_DEFAULT =
  'The server refuses downloads of datasets whose PII scan is blocked unless a compliance admin has turned that off (setting blockPiiDownloads, on by default).';

export async function readPolicy(runtime: Runtime, client?: ServerClient): Promise<PolicyView> {
  const settings = runtime.settings();
  if (settings.mode === 'local') {
    const cli = runtime.cli();
    let version = 'not found';
    if (cli) {
      const result = await runCli(cli, ['--version']).catch(() => undefined);
      version = result?.exitCode === 0 ? `${result.stdout.trim()} (${describeCli(cli)})` : describeCli(cli);
    }
    return {
      mode: 'local',
      source: 'local-cli',
      text: `Local CLI: ${version}. Generated values come from safe synthetic spaces; "Scan this file for PII" reports real-looking personal data and copies of a real sample. Locally nothing withholds files: the block is a server policy.`,
    };
  }
  const server = client ?? (await runtime.server());
  const me = await server.me();
  try {
    const values = await server.settings();
    const block = values.blockPiiDownloads === true;
    return {
      mode: 'remote',
      role: me.role,
      blockPiiDownloads: block,
      source: 'server-settings',
      text: `Server ${server.baseUrl}, your role ${me.role}. PII policy (read-only here): ${
        block ? 'datasets whose PII scan is blocked cannot be downloaded' : 'downloads of PII-blocked datasets are allowed'
      } (blockPiiDownloads: ${String(block)}). Server defaults: ${String(values.defaultRowCount)} rows, ${String(values.defaultFormat)}.`,
    };
  } catch (error) {
    if (!(error instanceof ServerError) || error.status !== 403) throw error;
    return {
      mode: 'remote',
      role: me.role,
      source: 'server-default',
      text: `Server ${server.baseUrl}, your role ${me.role}. ${SERVER_DEFAULT}`,
    };
  }
}

export async function showServerSettingsCommand(runtime: Runtime): Promise<PolicyView> {
  const policy = await readPolicy(runtime);
  const choice = await vscode.window.showInformationMessage(`SynthDataGen: ${policy.text}`, 'Open Settings');
  if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'synthdatagen');
  return policy;
}

export async function setApiKeyCommand(runtime: Runtime): Promise<boolean> {
  const key = await runtime.promptApiKey();
  if (key === undefined) return false;
  void vscode.window.showInformationMessage(`SynthDataGen: API key saved for ${runtime.settings().serverUrl}.`);
  return true;
}

export async function clearApiKeyCommand(runtime: Runtime): Promise<void> {
  const { serverUrl } = runtime.settings();
  await runtime.context.secrets.delete(runtime.secretKey(serverUrl));
  void vscode.window.showInformationMessage(`SynthDataGen: API key for ${serverUrl} forgotten.`);
}

export async function showLintHintCommand(runtime: Runtime, issue?: LintIssue): Promise<void> {
  if (issue === undefined) return;
  const docs = runtime.cli()?.packageRoot;
  const open = 'Open the schema vocabulary';
  const choice = await vscode.window.showInformationMessage(`${issue.message} — fix: ${issue.hint}`, ...(docs ? [open] : []));
  if (choice === open && docs)
    await vscode.commands.executeCommand(
      'markdown.showPreview',
      vscode.Uri.joinPath(vscode.Uri.file(docs), 'docs', 'schema-vocabulary.md'),
    );
}

/** The status bar item: the mode, and in remote mode the role and the PII download policy. */
export class StatusItem implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly runtime: Runtime) {
    this.item = vscode.window.createStatusBarItem('synthdatagen.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'SynthDataGen';
    this.item.command = 'synthdatagen.showServerSettings';
    this.subscriptions = [
      this.item,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('synthdatagen')) void this.refresh();
      }),
      runtime.context.secrets.onDidChange(() => void this.refresh()),
    ];
  }

  async refresh(): Promise<void> {
    const settings = this.runtime.settings();
    if (settings.mode === 'local') {
      this.item.text = '$(database) SynthDataGen: local';
      this.item.tooltip = this.runtime.cli()
        ? 'Runs the synthdatagen CLI on this machine'
        : 'synthdatagen CLI not found: set synthdatagen.cliPath';
    } else {
      const key = await this.runtime.apiKey(settings.serverUrl);
      this.item.text = '$(cloud) SynthDataGen: remote';
      this.item.tooltip = key ? settings.serverUrl : `${settings.serverUrl}: no API key yet`;
      if (key) {
        try {
          const policy = await readPolicy(this.runtime, new ServerClient(settings.serverUrl, key));
          this.item.text = `$(cloud) SynthDataGen: ${policy.role ?? 'remote'}${policy.blockPiiDownloads === false ? ' · PII downloads allowed' : ' · PII block'}`;
          this.item.tooltip = policy.text;
        } catch (error) {
          this.item.tooltip = `${settings.serverUrl}: ${error instanceof Error ? error.message : String(error)}`;
        }
      }
    }
    this.item.show();
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
