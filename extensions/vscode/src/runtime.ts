/**
 * What every command needs: the settings, the CLI (local mode), the server client with its key from
 * SecretStorage (remote mode), the output channel and the local run history. One object made in activate().
 */
import * as vscode from 'vscode';
import { describeCli, resolveCli, type CliCommand } from './cli.js';
import { ServerClient } from './server.js';
import { readSettings, workspaceFolderPaths, type Settings } from './settings.js';

/** An error whose message is for the user as is (no "internal error" framing). */
export class UserError extends Error {
  constructor(
    message: string,
    readonly actions: readonly { readonly title: string; readonly command: string; readonly args?: readonly unknown[] }[] = [],
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export interface LocalRun {
  readonly kind: 'generate' | 'report';
  readonly at: string;
  readonly schema: string;
  readonly count: number;
  readonly seed: string;
  readonly format: string;
  /** The dataset file (generate) or report.html (report). */
  readonly output: string;
  readonly status?: string;
}

const HISTORY_KEY = 'synthdatagen.localRuns';
const HISTORY_LIMIT = 50;

export class Runtime {
  constructor(
    readonly context: vscode.ExtensionContext,
    readonly output: vscode.OutputChannel,
  ) {}

  settings(scope?: vscode.Uri): Settings {
    return readSettings(scope);
  }

  cli(): CliCommand | undefined {
    const settings = this.settings();
    return resolveCli({ cliPath: settings.cliPath, nodePath: settings.nodePath, folders: workspaceFolderPaths() });
  }

  requireCli(): CliCommand {
    const cli = this.cli();
    if (cli === undefined)
      throw new UserError(
        'The synthdatagen CLI was not found: install it in the workspace (npm i -D synthdatagen), set synthdatagen.cliPath, or switch synthdatagen.mode to remote.',
        [{ title: 'Open Settings', command: 'workbench.action.openSettings', args: ['synthdatagen'] }],
      );
    this.output.appendLine(`CLI (${cli.source}): ${describeCli(cli)}`);
    return cli;
  }

  secretKey(serverUrl: string): string {
    return `synthdatagen.apiKey:${serverUrl}`;
  }

  async apiKey(serverUrl = this.settings().serverUrl): Promise<string | undefined> {
    return (await this.context.secrets.get(this.secretKey(serverUrl))) || undefined;
  }

  /** Asks for the key (hidden input) and keeps it in SecretStorage; undefined when the user dismisses the box. */
  async promptApiKey(serverUrl = this.settings().serverUrl): Promise<string | undefined> {
    const key = await vscode.window.showInputBox({
      title: 'SynthDataGen API key',
      prompt: `API key for ${serverUrl} (kept in VS Code's secret storage; an admin makes one with "synthdatagen keys create")`,
      password: true,
      ignoreFocusOut: true,
      placeHolder: 'sdg_…',
      validateInput: (value) => (value.trim() === '' ? 'Enter the key, or press Escape' : undefined),
    });
    const trimmed = key?.trim();
    if (!trimmed) return undefined;
    await this.context.secrets.store(this.secretKey(serverUrl), trimmed);
    return trimmed;
  }

  /** The REST client for remote mode, asking for the key the first time. */
  async server(): Promise<ServerClient> {
    const { serverUrl } = this.settings();
    const key = (await this.apiKey(serverUrl)) ?? (await this.promptApiKey(serverUrl));
    if (key === undefined) throw new UserError(`No API key for ${serverUrl}: run "SynthDataGen: Set the API key for the server".`);
    return new ServerClient(serverUrl, key);
  }

  localRuns(): LocalRun[] {
    return this.context.workspaceState.get<LocalRun[]>(HISTORY_KEY, []);
  }

  async recordLocalRun(run: LocalRun): Promise<void> {
    await this.context.workspaceState.update(HISTORY_KEY, [run, ...this.localRuns()].slice(0, HISTORY_LIMIT));
  }
}

/** Shows an error; a UserError's message as is with its actions, anything else with a pointer to the log. */
export async function showError(runtime: Runtime, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  runtime.output.appendLine(`error: ${error instanceof Error && !(error instanceof UserError) ? (error.stack ?? message) : message}`);
  const actions = error instanceof UserError ? error.actions : [];
  const choice = await vscode.window.showErrorMessage(`SynthDataGen: ${message}`, ...actions.map((a) => a.title));
  const action = actions.find((a) => a.title === choice);
  if (action) await vscode.commands.executeCommand(action.command, ...(action.args ?? []));
}
