/**
 * Schema authoring: `synthdatagen lint` (local CLI) or `POST /api/lint` (remote) on open and save, each finding
 * a diagnostic at the text its JSON pointer names, and its fix hint as a code action (an edit where the fix is
 * mechanical, see fixes.ts).
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { CliFailure, runCli } from './cli.js';
import { fixesFor } from './fixes.js';
import { parseJson, spanOfPointer } from './pointer.js';
import { Runtime } from './runtime.js';
import { ServerClient, type LintIssue, type LintResult } from './server.js';

export const LINT_SOURCE = 'synthdatagen';

const SCHEMA_DECLARATION = /"\$schema"\s*:\s*"https?:\/\/json-schema\.org\//;
const VOCABULARY = /"(x-faker|x-distribution|x-weights|x-nullRate|x-unique|x-correlations|x-model)"\s*:/;

/**
 * Whether a document is a JSON Schema worth linting: named `*.schema.json`, under a `schemas` folder (the two
 * jsonValidation patterns of the manifest), declaring a json-schema.org `$schema`, or using our `x-` keywords.
 */
export function isSchemaDocument(document: vscode.TextDocument): boolean {
  if (document.languageId !== 'json' && document.languageId !== 'jsonc') return false;
  if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled') return false;
  const path = document.uri.path.toLowerCase();
  if (path.endsWith('.schema.json') || /\/schemas\/(.*\/)?[^/]+\.json$/.test(path)) return true;
  const text = document.getText();
  return SCHEMA_DECLARATION.test(text.slice(0, 4096)) || VOCABULARY.test(text);
}

export interface Finding {
  readonly issue: LintIssue;
  readonly diagnostic: vscode.Diagnostic;
}

/** Findings as diagnostics on `document` (whose text the pointers were computed from). */
export function toFindings(document: vscode.TextDocument, issues: readonly LintIssue[]): Finding[] {
  const { root } = parseJson(document.getText());
  return issues.map((issue) => {
    const span = root ? spanOfPointer(root, issue.pointer) : { start: 0, end: 0, exact: false };
    const range = new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
    const where = span.exact ? '' : ` (at ${issue.pointer || '#'})`;
    const diagnostic = new vscode.Diagnostic(
      range,
      `${issue.message}${where}${issue.hint ? ` — ${issue.hint}` : ''}`,
      issue.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
    );
    diagnostic.source = LINT_SOURCE;
    diagnostic.code = issue.code;
    return { issue, diagnostic };
  });
}

export class SchemaLinter implements vscode.CodeActionProvider {
  readonly diagnostics: vscode.DiagnosticCollection;
  private readonly findings = new Map<string, Finding[]>();
  private readonly running = new Map<string, AbortController>();

  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly runtime: Runtime) {
    this.diagnostics = vscode.languages.createDiagnosticCollection(LINT_SOURCE);
  }

  register(): vscode.Disposable[] {
    const lintIfSchema = (document: vscode.TextDocument): void => {
      if (this.runtime.settings(document.uri).lintEnabled && isSchemaDocument(document)) void this.lint(document);
    };
    for (const document of vscode.workspace.textDocuments) lintIfSchema(document);
    return [
      this.diagnostics,
      vscode.workspace.onDidOpenTextDocument(lintIfSchema),
      vscode.workspace.onDidSaveTextDocument(lintIfSchema),
      vscode.workspace.onDidCloseTextDocument((document) => this.clear(document.uri)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration('synthdatagen')) return;
        for (const document of vscode.workspace.textDocuments) {
          if (this.runtime.settings(document.uri).lintEnabled) lintIfSchema(document);
          else this.clear(document.uri);
        }
      }),
      vscode.languages.registerCodeActionsProvider([{ language: 'json' }, { language: 'jsonc' }], this, {
        providedCodeActionKinds: SchemaLinter.providedCodeActionKinds,
      }),
    ];
  }

  clear(uri: vscode.Uri): void {
    this.running.get(uri.toString())?.abort();
    this.findings.delete(uri.toString());
    this.diagnostics.delete(uri);
  }

  /** Lints the document and publishes its diagnostics; answers the findings (empty when it could not lint). */
  async lint(document: vscode.TextDocument): Promise<Finding[]> {
    const key = document.uri.toString();
    this.running.get(key)?.abort();
    const controller = new AbortController();
    this.running.set(key, controller);
    try {
      // A syntax error is VS Code's own JSON diagnostics' to show; lint needs a document that parses.
      if (parseJson(document.getText()).errors.length > 0) {
        this.clear(document.uri);
        return [];
      }
      const result = await this.run(document, controller.signal);
      if (controller.signal.aborted || result === undefined) return [];
      const findings = toFindings(document, result.issues);
      this.findings.set(key, findings);
      this.diagnostics.set(
        document.uri,
        findings.map((f) => f.diagnostic),
      );
      return findings;
    } catch (error) {
      if (controller.signal.aborted) return [];
      this.runtime.output.appendLine(`lint ${document.uri.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
      const finding: Finding = {
        issue: {
          severity: 'error',
          code: 'lint-failed',
          pointer: '',
          message: error instanceof Error ? error.message : String(error),
          hint: '',
        },
        diagnostic: new vscode.Diagnostic(
          new vscode.Range(0, 0, 0, 1),
          error instanceof Error ? error.message : String(error),
          vscode.DiagnosticSeverity.Error,
        ),
      };
      finding.diagnostic.source = LINT_SOURCE;
      finding.diagnostic.code = 'lint-failed';
      this.findings.set(key, [finding]);
      this.diagnostics.set(document.uri, [finding.diagnostic]);
      return [finding];
    } finally {
      if (this.running.get(key) === controller) this.running.delete(key);
    }
  }

  private async run(document: vscode.TextDocument, signal: AbortSignal): Promise<LintResult | undefined> {
    const settings = this.runtime.settings(document.uri);
    if (settings.mode === 'remote') {
      // Lint on open must not pop up a key prompt: without a key there is simply no remote lint yet.
      const key = await this.runtime.apiKey(settings.serverUrl);
      if (key === undefined) return undefined;
      return new ServerClient(settings.serverUrl, key).lint(JSON.parse(document.getText()) as unknown, signal);
    }
    const cli = this.runtime.cli();
    if (cli === undefined) return undefined;
    // A saved file is linted by path, so relative $refs resolve beside it; an unsaved one through stdin.
    const onDisk = document.uri.scheme === 'file' && !document.isDirty;
    const result = await runCli(cli, ['lint', onDisk ? document.uri.fsPath : '-', '--format', 'json'], {
      signal,
      ...(onDisk ? { cwd: dirname(document.uri.fsPath) } : { input: document.getText() }),
    });
    if (result.cancelled) return undefined;
    if (result.exitCode !== 0 && result.exitCode !== 1) throw new CliFailure(result, 'synthdatagen lint');
    return JSON.parse(result.stdout) as LintResult;
  }

  /** The finding behind a diagnostic VS Code hands back (a copy: matched by code and range). */
  private findingFor(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Finding | undefined {
    return this.findings
      .get(document.uri.toString())
      ?.find(
        (f) =>
          f.diagnostic.code === diagnostic.code &&
          f.diagnostic.range.isEqual(diagnostic.range) &&
          f.diagnostic.message === diagnostic.message,
      );
  }

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== LINT_SOURCE) continue;
      const finding = this.findingFor(document, diagnostic);
      if (finding === undefined) continue;
      // Pointers name schema locations, not offsets, so fixes are computed on the text as it is now.
      const fixes = fixesFor(document.getText(), finding.issue);
      for (const fix of fixes) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.preferred;
        action.edit = new vscode.WorkspaceEdit();
        for (const edit of fix.edits)
          action.edit.replace(
            document.uri,
            new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.length)),
            edit.content,
          );
        actions.push(action);
      }
      if (fixes.length === 0 && finding.issue.hint) {
        const action = new vscode.CodeAction(`Fix: ${finding.issue.hint}`, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.command = { title: 'Show the fix', command: 'synthdatagen.showLintHint', arguments: [finding.issue] };
        actions.push(action);
      }
    }
    return actions;
  }
}
