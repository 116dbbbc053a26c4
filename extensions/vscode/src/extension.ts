/**
 * The SynthDataGen extension. activate() wires four things to one Runtime (settings, CLI, server client, key):
 *
 *   commands     generate · run pipeline + report · infer · scan · history · settings/PII policy · API key
 *   lint         diagnostics on open/save from `synthdatagen lint` or POST /api/lint, hints as code actions
 *   MCP          the server definition provider: stdio from the workspace's CLI, or the server's /mcp + key
 *   status bar   mode, role and the server's PII download policy
 *
 * Snippets and the x- keyword JSON Schema are static contributions (package.json), not code.
 */
import * as vscode from 'vscode';
import { generateCommand } from './commands/generate.js';
import { showHistoryCommand } from './commands/history.js';
import { inferSchemaCommand } from './commands/infer.js';
import { clearApiKeyCommand, setApiKeyCommand, showLintHintCommand, showServerSettingsCommand, StatusItem } from './commands/policy.js';
import { runPipelineCommand, showRunReportCommand } from './commands/report.js';
import { scanPiiCommand } from './commands/scan.js';
import { isSchemaDocument, SchemaLinter } from './lint.js';
import { MCP_PROVIDER_ID, SynthMcpProvider } from './mcp.js';
import { Runtime, showError, UserError } from './runtime.js';
import type { LintIssue } from './server.js';

export interface SynthDataGenApi {
  readonly runtime: Runtime;
  readonly linter: SchemaLinter;
  readonly mcp: SynthMcpProvider;
  readonly status: StatusItem;
}

export function activate(context: vscode.ExtensionContext): SynthDataGenApi {
  const output = vscode.window.createOutputChannel('SynthDataGen');
  const runtime = new Runtime(context, output);
  const linter = new SchemaLinter(runtime);
  const mcp = new SynthMcpProvider(runtime);
  const status = new StatusItem(runtime);

  // Every command shows its own failure and answers undefined, so a palette run never ends in a bare
  // "command failed"; the return values are for other extensions and the tests.
  const command = <A extends unknown[], R>(id: string, handler: (...args: A) => Promise<R>): vscode.Disposable =>
    vscode.commands.registerCommand(id, async (...args: A) => {
      try {
        return await handler(...args);
      } catch (error) {
        await showError(runtime, error);
        return undefined;
      }
    });

  context.subscriptions.push(
    output,
    mcp,
    status,
    vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, mcp),
    ...linter.register(),
    command('synthdatagen.generate', (uri?: unknown) => generateCommand(runtime, uri)),
    command('synthdatagen.runPipeline', (uri?: unknown) => runPipelineCommand(runtime, uri)),
    command('synthdatagen.inferSchema', (uri?: unknown) => inferSchemaCommand(runtime, uri)),
    command('synthdatagen.scanPii', (uri?: unknown) => scanPiiCommand(runtime, uri)),
    command('synthdatagen.showHistory', () => showHistoryCommand(runtime)),
    command('synthdatagen.showRunReport', (runId?: unknown) => showRunReportCommand(runtime, runId)),
    command('synthdatagen.lintSchema', async (uri?: unknown) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (target === undefined) throw new UserError('Open a JSON Schema first.');
      const document = await vscode.workspace.openTextDocument(target);
      const findings = await linter.lint(document);
      if (!isSchemaDocument(document)) output.appendLine(`${target.fsPath}: linted on request (not recognised as a schema on open)`);
      return findings.map((f) => f.issue);
    }),
    command('synthdatagen.showServerSettings', () => showServerSettingsCommand(runtime)),
    command('synthdatagen.setApiKey', () => setApiKeyCommand(runtime)),
    command('synthdatagen.clearApiKey', () => clearApiKeyCommand(runtime)),
    command('synthdatagen.showLintHint', (issue?: LintIssue) => showLintHintCommand(runtime, issue)),
  );
  void status.refresh();
  return { runtime, linter, mcp, status };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; running CLI children end with their AbortSignals' owners.
}
