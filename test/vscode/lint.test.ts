/**
 * Lint on open and save through the real CLI: diagnostics at the text their pointers name, quick fixes that
 * the CLI then agrees are fixes, the hint action for findings that need judgement, and documents that are
 * not schemas left alone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { activateExtension, ensureCliBuilt, makeWorkspace, type Activated, type TestWorkspace } from './support.js';
import {
  CodeAction,
  Diagnostic,
  DiagnosticSeverity,
  harness,
  Range,
  TextDocument,
  Uri,
  workspace as vscodeWorkspace,
  type WorkspaceEdit,
} from './vscode-double.js';

vi.mock('vscode', () => import('./vscode-double.js'));

const BAD = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "age": { "type": "integer", "minimum": 10, "maximum": 5 },
    "nickname": { "type": "string", "x-nullRate": 0.2 },
    "score": { "type": "integer", "minimum": 1.2, "maximum": 1.8 },
    "status": { "type": "string", "x-weights": [1, 2] }
  }
}
`;

let workspace: TestWorkspace;
let activated: Activated;

beforeAll(async () => {
  await ensureCliBuilt();
  workspace = makeWorkspace();
  activated = await activateExtension(workspace);
});

afterAll(() => {
  activated.deactivate();
  workspace.cleanup();
});

beforeEach(() => harness.reset());

function textAt(document: TextDocument, range: Range): string {
  return document.getText().slice(document.offsetAt(range.start), document.offsetAt(range.end));
}

async function diagnosticsOf(document: TextDocument, count: number): Promise<Diagnostic[]> {
  return harness.eventually(() => {
    const diagnostics = harness.diagnosticsFor(document.uri);
    return diagnostics.length === count ? diagnostics : undefined;
  });
}

function codeActions(document: TextDocument, diagnostic: Diagnostic): CodeAction[] {
  const provider = harness.codeActionProviders[0]!.provider;
  return provider.provideCodeActions(document, diagnostic.range, {
    diagnostics: [diagnostic],
    triggerKind: 1,
    only: undefined,
  }) as CodeAction[];
}

/** What VS Code does with a quick fix: apply its edit to the document, then the user saves. */
async function apply(document: TextDocument, edit: WorkspaceEdit): Promise<void> {
  let text = document.getText();
  const edits = edit.edits.map((e) => ({
    start: document.offsetAt(e.range.start),
    end: document.offsetAt(e.range.end),
    newText: e.newText,
  }));
  for (const e of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  document.setText(text);
  await document.save();
}

describe('diagnostics from synthdatagen lint', () => {
  it('appear on open, each at the text its pointer names, with the hint in the message', async () => {
    const path = join(workspace.schemas, 'bad.schema.json');
    writeFileSync(path, BAD);
    const document = await vscodeWorkspace.openTextDocument(Uri.file(path));
    const diagnostics = await diagnosticsOf(document, 4);
    const shown = diagnostics.map((d) => [d.code, d.severity, textAt(document, d.range)]);
    expect(shown.sort()).toEqual([
      ['min-above-max', DiagnosticSeverity.Error, '"age"'],
      ['no-integer-in-range', DiagnosticSeverity.Error, '"score"'],
      ['null-rate-without-null', DiagnosticSeverity.Warning, '"x-nullRate"'],
      ['weights-without-enum', DiagnosticSeverity.Warning, '"x-weights"'],
    ]);
    const age = diagnostics.find((d) => d.code === 'min-above-max')!;
    expect(age.source).toBe('synthdatagen');
    expect(age.message).toBe('the lower bound 10 is above the upper bound 5: no number fits — swap or correct minimum/maximum');
    expect(age.range.start.line).toBe(4);
  });

  it('offer quick fixes that lint then accepts, re-linting on save', async () => {
    const path = join(workspace.schemas, 'fix-me.schema.json');
    writeFileSync(path, BAD);
    const document = await vscodeWorkspace.openTextDocument(Uri.file(path));
    let diagnostics = await diagnosticsOf(document, 4);

    for (const code of ['min-above-max', 'null-rate-without-null', 'weights-without-enum']) {
      const diagnostic = diagnostics.find((d) => d.code === code)!;
      const [fix, ...others] = codeActions(document, diagnostic);
      expect(others, code).toEqual([]);
      expect(fix!.isPreferred, code).toBe(true);
      expect(fix!.diagnostics).toEqual([diagnostic]);
      await apply(document, fix!.edit!);
      diagnostics = await diagnosticsOf(document, diagnostics.length - 1);
      expect(diagnostics.map((d) => d.code)).not.toContain(code);
    }
    expect(readFileSync(path, 'utf8')).toContain('"minimum": 5, "maximum": 10');
    expect(JSON.parse(readFileSync(path, 'utf8')).properties.nickname.type).toEqual(['string', 'null']);
    expect(JSON.parse(readFileSync(path, 'utf8')).properties.status).toEqual({ type: 'string' });

    // What is left needs a person: the action is the hint, and choosing it shows the hint.
    const [score] = diagnostics;
    expect(score!.code).toBe('no-integer-in-range');
    const [hint] = codeActions(document, score!);
    expect(hint!.title).toBe('Fix: widen the bounds or use type number');
    expect(hint!.edit).toBeUndefined();
    await harness.commandHandlers.get(hint!.command!.command)!(...hint!.command!.arguments!);
    expect(harness.state.messages.at(-1)).toEqual({
      level: 'info',
      message: 'no integer lies between 1.2 and 1.8 — fix: widen the bounds or use type number',
      items: ['Open the schema vocabulary'],
    });
  });

  it('lint an unsaved schema through stdin, and clear when the document closes', async () => {
    const document = (await vscodeWorkspace.openTextDocument({
      language: 'json',
      content: '{"type": "string", "x-unique": "yes"}',
    })) as TextDocument;
    const [diagnostic] = await diagnosticsOf(document, 1);
    expect(diagnostic!.code).toBe('bad-unique');
    expect(textAt(document, diagnostic!.range)).toBe('"x-unique"');
    harness.closeDocument(document);
    expect(harness.diagnosticsFor(document.uri)).toEqual([]);
  });

  it('leave JSON that is not a schema, and schemas that do not parse, alone', async () => {
    const packageJson = await vscodeWorkspace.openTextDocument(Uri.file(join(workspace.root, 'package.json')));
    const broken = join(workspace.schemas, 'broken.schema.json');
    writeFileSync(broken, '{"type": "object", "properties": {');
    const brokenDocument = await vscodeWorkspace.openTextDocument(Uri.file(broken));
    const findings = await (activated.api.linter.lint(brokenDocument as never) as Promise<unknown[]>);
    expect(findings).toEqual([]);
    expect(harness.diagnosticsFor(packageJson.uri)).toEqual([]);
    expect(harness.diagnosticsFor(brokenDocument.uri)).toEqual([]);
  });

  it('pass the example schemas clean', async () => {
    const document = await vscodeWorkspace.openTextDocument(Uri.file(join(workspace.schemas, 'orders.json')));
    const findings = (await harness.commandHandlers.get('synthdatagen.lintSchema')!(document.uri)) as unknown[];
    expect(findings).toEqual([]);
    expect(harness.diagnosticsFor(document.uri)).toEqual([]);
  });

  it('stop when disabled in the settings', async () => {
    const path = join(workspace.schemas, 'disabled.schema.json');
    writeFileSync(path, BAD);
    const document = await vscodeWorkspace.openTextDocument(Uri.file(path));
    await diagnosticsOf(document, 4);
    harness.configure({ 'synthdatagen.lint.enabled': false });
    expect(harness.diagnosticsFor(document.uri)).toEqual([]);
    harness.configure({ 'synthdatagen.lint.enabled': true });
    await diagnosticsOf(document, 4);
  });
});
