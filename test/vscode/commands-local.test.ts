/**
 * The commands in local mode, against the real CLI from the workspace's installed package: generate (open,
 * preview, cancel), run pipeline + report webview, infer, scan, the local history, and the policy view.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { activateExtension, cli, ensureCliBuilt, makeWorkspace, REPO, type Activated, type TestWorkspace } from './support.js';
import { harness, Uri, window } from './vscode-double.js';

vi.mock('vscode', () => import('./vscode-double.js'));

let workspace: TestWorkspace;
let activated: Activated;

beforeAll(async () => {
  await ensureCliBuilt();
  workspace = makeWorkspace();
  activated = await activateExtension(workspace, { 'synthdatagen.defaultCount': 200, 'synthdatagen.defaultFormat': 'csv' });
});

afterAll(() => {
  activated.deactivate();
  workspace.cleanup();
});

beforeEach(() => harness.reset());

function run<T>(command: string, ...args: unknown[]): Promise<T> {
  return harness.commandHandlers.get(command)!(...args) as Promise<T>;
}

function errors(): string[] {
  return harness.state.messages.filter((m) => m.level === 'error').map((m) => m.message);
}

describe('Generate data from this schema', () => {
  it('writes what the CLI writes for the picked count, format and seed, beside the schema, and opens it', async () => {
    const schema = join(workspace.schemas, 'customers.json');
    harness.answerQuickPicks('200', 'csv', 'Other…');
    harness.answerInputBoxes('42');
    const result = await run<{ output: string; shown: string; bytes: number }>('synthdatagen.generate', Uri.file(schema));
    expect(errors()).toEqual([]);
    expect(result.output).toBe(join(workspace.schemas, 'customers.200-seed-42.csv'));
    expect(result.shown).toBe('file');
    expect(readFileSync(result.output, 'utf8')).toBe(cli(['generate', schema, '--count', '200', '--seed', '42', '--format', 'csv']));
    expect(result.bytes).toBe(statSync(result.output).size);
    expect(harness.state.shown.at(-1)!.uri.fsPath).toBe(result.output);
    // The quick picks offered the configured defaults first.
    expect(harness.state.quickPickCalls[0]!.items[0]).toMatchObject({ label: '200', description: 'default' });
    expect(harness.state.quickPickCalls[1]!.items[0]).toMatchObject({ label: 'csv' });
    expect(harness.state.progress[0]!.title).toBe('SynthDataGen: generating customers.200-seed-42.csv');
  });

  it('acts on the active editor’s schema when no file is given, and offers the last seed again', async () => {
    const schema = join(workspace.schemas, 'iot-readings.json');
    await window.showTextDocument(Uri.file(schema));
    harness.answerQuickPicks('10', 'jsonl', '42');
    const result = await run<{ output: string }>('synthdatagen.generate');
    expect(result.output).toBe(join(workspace.schemas, 'iot-readings.10-seed-42.jsonl'));
    expect(readFileSync(result.output, 'utf8').trim().split('\n')).toHaveLength(10);
    expect(harness.state.quickPickCalls[2]!.items.map((i) => (typeof i === 'string' ? i : i.description))).toContain('last used');
  });

  it('shows a preview of the first rows for Parquet, which is the first rows the file holds', async () => {
    const schema = join(workspace.schemas, 'orders.json');
    harness.answerQuickPicks('100', 'parquet', '0');
    const result = await run<{ output: string; shown: string }>('synthdatagen.generate', Uri.file(schema));
    expect(result.shown).toBe('preview');
    expect(readFileSync(result.output).subarray(0, 4).toString()).toBe('PAR1');
    const preview = harness.state.shown.at(-1)!;
    expect(preview.uri.scheme).toBe('untitled');
    const rows = JSON.parse(preview.getText()) as unknown[];
    expect(rows).toHaveLength(20);
    expect(rows).toEqual(JSON.parse(cli(['generate', schema, '--count', '20', '--seed', '0', '--format', 'json'])));
    expect(harness.state.messages.at(-1)!.message).toMatch(
      /^Wrote 100 rows \(.+\) to orders\.100-seed-0\.parquet; showing the first 20\.$/,
    );
  });

  it('stops the CLI when the notification is cancelled, leaving no file behind', async () => {
    const schema = join(workspace.schemas, 'customers.json');
    harness.answerQuickPicks('Other…', 'jsonl', '0');
    harness.answerInputBoxes('5_000_000');
    harness.state.onProgressStart = (cancel) => setTimeout(cancel, 1500);
    const result = await run('synthdatagen.generate', Uri.file(schema));
    expect(result).toBeUndefined();
    expect(harness.state.messages.at(-1)!.message).toBe('SynthDataGen: generation cancelled; no file was written.');
    expect(existsSync(join(workspace.schemas, 'customers.5000000-seed-0.jsonl'))).toBe(false);
    // The CLI writes under a temporary name and removes it on SIGINT.
    expect(readdirSync(workspace.schemas).filter((f) => f.startsWith('customers.5000000'))).toEqual([]);
  });

  it('does nothing when a quick pick is dismissed', async () => {
    harness.answerQuickPicks('200', undefined);
    expect(await run('synthdatagen.generate', Uri.file(join(workspace.schemas, 'customers.json')))).toBeUndefined();
    expect(harness.state.progress).toEqual([]);
  });

  it('reports the CLI’s own message when the schema cannot be generated', async () => {
    const schema = join(workspace.schemas, 'impossible.schema.json');
    writeFileSync(schema, JSON.stringify({ type: 'integer', minimum: 10, maximum: 5 }));
    harness.answerQuickPicks('10', 'jsonl', '0');
    expect(await run('synthdatagen.generate', Uri.file(schema))).toBeUndefined();
    expect(errors()).toEqual([
      'SynthDataGen: synthdatagen generate failed (exit 4): the lower bound 10 is above the upper bound 5: no number fits (at #) — swap or correct minimum/maximum',
    ]);
  });
});

describe('Run pipeline and show report', () => {
  it('shows the CLI’s HTML report, charts inline, in a script-free webview', async () => {
    const schema = join(workspace.schemas, 'iot-readings.json');
    harness.answerQuickPicks('200', 'Other…');
    harness.answerInputBoxes('7');
    const result = await run<{ html: string; status: string; reportPath: string }>('synthdatagen.runPipeline', Uri.file(schema));
    expect(errors()).toEqual([]);
    expect(result.status).toMatch(/^report: (pass|warn|fail) \(evaluation \w+(, quality [\d.]+)?; PII clean; \d+ charts\)$/);
    const panel = harness.state.panels.at(-1)!;
    expect(panel.title).toBe('Report: IoT sensor reading: 200 rows, seed 7');
    expect(panel.options).toMatchObject({ enableScripts: false, localResourceRoots: [] });
    expect(panel.webview.html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data: https://webview.test; style-src 'unsafe-inline'; font-src data:">`,
    );
    expect(panel.webview.html).toContain('<svg');
    expect(panel.webview.html).not.toMatch(/<script/i);
    expect(panel.webview.html).toContain('IoT sensor reading: 200 rows, seed 7');
    // The data and report live in the extension's storage, not in the workspace.
    expect(result.reportPath.startsWith(activated.context.storageUri.fsPath)).toBe(true);
    const report = JSON.parse(readFileSync(join(result.reportPath, '../report.json'), 'utf8')) as {
      parameters?: unknown;
      pii: { verdict: string };
    };
    expect(report.pii.verdict).toBe('clean');
  });
});

describe('Infer schema from this file', () => {
  it('writes <name>.schema.json beside the sample, opens it, and the schema generates and lints clean', async () => {
    const sample = join(workspace.root, 'people.csv');
    copyFileSync(join(REPO, 'test/vscode/fixtures/people.csv'), sample);
    const result = await run<{ output: string; schema: { 'x-model': unknown; title: string } }>(
      'synthdatagen.inferSchema',
      Uri.file(sample),
    );
    expect(errors()).toEqual([]);
    expect(result.output).toBe(join(workspace.root, 'people.schema.json'));
    expect(result.schema.title).toBe('people');
    expect(result.schema['x-model']).toMatchObject({ version: 1, type: 'gaussian-copula' });
    expect(harness.state.shown.at(-1)!.uri.fsPath).toBe(result.output);
    expect(JSON.parse(cli(['lint', result.output, '--format', 'json'])).issues).toEqual([]);
    // No sample value leaks into the schema (infer's promise): the real addresses are not in it.
    expect(readFileSync(result.output, 'utf8')).not.toContain('@gmail.com');
  });

  it('asks before replacing an existing schema', async () => {
    const sample = join(workspace.root, 'people.csv');
    harness.answerMessages(undefined);
    expect(await run('synthdatagen.inferSchema', Uri.file(sample))).toBeUndefined();
    expect(harness.state.messages.at(-1)).toMatchObject({
      level: 'warning',
      message: 'people.schema.json exists. Replace it with the inferred schema?',
      items: ['Replace'],
    });
  });
});

describe('Scan this file for PII', () => {
  it('blocks the real sample and shows masked findings', async () => {
    harness.answerQuickPicks('Scan for personal data');
    harness.answerMessages('Show findings');
    const result = await run<{
      report: { verdict: string; findings: { column: string; entity: string }[] };
      summary: string;
      markdown: string;
    }>('synthdatagen.scanPii', Uri.file(join(workspace.root, 'people.csv')));
    expect(result.summary).toMatch(/^PII scan: BLOCKED — \d+ blocking findings?/);
    expect(result.report.findings.map((f) => `${f.column}:${f.entity}`)).toContain('email:email');
    expect(harness.state.messages.at(-1)!.level).toBe('warning');
    const shown = harness.state.shown.at(-1)!;
    expect(shown.languageId).toBe('markdown');
    expect(shown.getText()).toBe(result.markdown);
    expect(result.markdown).toContain('| BLOCK | email | email | 80 |');
    expect(result.markdown).not.toMatch(/alice\.johnson0@gmail\.com/);
  });

  it('finds generated data clean, and no copies of the sample it did not come from', async () => {
    const data = join(workspace.schemas, 'customers.200-seed-42.csv');
    harness.answerQuickPicks('Scan, and check for copies of a real sample…');
    harness.answerOpenDialogs([Uri.file(join(workspace.root, 'people.csv'))]);
    const result = await run<{ report: { verdict: string }; summary: string; markdown: string }>('synthdatagen.scanPii', Uri.file(data));
    expect(result.report.verdict).toBe('clean');
    expect(result.summary).toBe('PII scan: clean — 0 blocking findings, 0 warnings (200 rows, 14 columns)');
    expect(result.markdown).toContain('Leak check against the real sample `people.csv`.');
    expect(harness.state.messages.at(-1)!.level).toBe('info');
  });
});

describe('Show run history (local)', () => {
  it('lists the runs made in this workspace, newest first, and opens the picked one', async () => {
    harness.answerQuickPicks((items) => items.find((i) => typeof i !== 'string' && i.label.startsWith('$(graph)')));
    const result = await run<{ mode: string; total: number; items: { label: string; description: string }[] }>('synthdatagen.showHistory');
    expect(result.mode).toBe('local');
    expect(result.items.map((i) => i.description)).toEqual([
      '200 rows · jsonl · seed 7',
      '100 rows · parquet · seed 0',
      '10 rows · jsonl · seed 42',
      '200 rows · csv · seed 42',
    ]);
    expect(harness.state.panels.at(-1)!.webview.html).toContain('<svg');
  });
});

describe('Show server settings and PII policy (local)', () => {
  it('names the CLI and says the download block is a server policy', async () => {
    const policy = await run<{ mode: string; source: string; text: string }>('synthdatagen.showServerSettings');
    expect(policy.mode).toBe('local');
    expect(policy.text).toContain(`${join(workspace.root, 'node_modules/synthdatagen/dist/cli/main.js')}`);
    expect(policy.text).toContain('the block is a server policy');
    expect(harness.state.statusItems[0]).toMatchObject({
      text: '$(database) SynthDataGen: local',
      command: 'synthdatagen.showServerSettings',
      visible: true,
    });
  });

  it('explains how to get a CLI when there is none', async () => {
    harness.configure({ 'synthdatagen.cliPath': join(workspace.root, 'nowhere/synthdatagen') });
    try {
      harness.answerQuickPicks('10', 'jsonl', '0');
      expect(await run('synthdatagen.generate', Uri.file(join(workspace.schemas, 'customers.json')))).toBeUndefined();
      expect(errors()[0]).toMatch(/^SynthDataGen: cannot start .*nowhere\/synthdatagen: not found — install synthdatagen in the workspace/);
    } finally {
      harness.configure({ 'synthdatagen.cliPath': undefined });
    }
  });
});
