/**
 * The commands in remote mode against a real listening server (SQLite store), the API key in the secret
 * storage: generate (download, preview, cancel, PII block), report webview, infer, scan (the server's MCP
 * tool), history, lint via POST /api/lint, the read-only PII policy per role, and the key prompt.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestServer, waitForRun, type TestServer } from '../server/support.js';
import { activateExtension, makeWorkspace, REPO, type Activated, type TestWorkspace } from './support.js';
import { harness, Uri, workspace as vscodeWorkspace } from './vscode-double.js';

vi.mock('vscode', () => import('./vscode-double.js'));

let server: TestServer;
let workspace: TestWorkspace;
let activated: Activated;

const secretKey = (): string => `synthdatagen.apiKey:${server.url}`;

async function useKey(key: string | undefined): Promise<void> {
  if (key === undefined) await activated.context.secrets.delete(secretKey());
  else await activated.context.secrets.store(secretKey(), key);
}

beforeAll(async () => {
  server = await startTestServer('sqlite');
  workspace = makeWorkspace();
  activated = await activateExtension(workspace, {
    'synthdatagen.mode': 'remote',
    'synthdatagen.serverUrl': server.url,
    'synthdatagen.defaultCount': 50,
    'synthdatagen.defaultFormat': 'jsonl',
  });
  await useKey(server.keys.qa_engineer);
});

afterAll(async () => {
  activated.deactivate();
  workspace.cleanup();
  await server.close();
});

beforeEach(() => harness.reset());

function run<T>(command: string, ...args: unknown[]): Promise<T> {
  return harness.commandHandlers.get(command)!(...args) as Promise<T>;
}

function errors(): string[] {
  return harness.state.messages.filter((m) => m.level === 'error').map((m) => m.message);
}

describe('Generate data from this schema (remote)', () => {
  it('runs on the server in the background with progress, and saves its dataset', async () => {
    const schema = join(workspace.schemas, 'orders.json');
    harness.answerQuickPicks('50', 'jsonl', 'Other…');
    harness.answerInputBoxes('11');
    const result = await run<{ output: string; runId: string; shown: string }>('synthdatagen.generate', Uri.file(schema));
    expect(errors()).toEqual([]);
    expect(result.output).toBe(join(workspace.schemas, 'orders.50-seed-11.jsonl'));
    expect(result.shown).toBe('file');
    const stored = (await server.call('GET', `/api/runs/${result.runId}`)).json;
    expect(stored).toMatchObject({ status: 'succeeded', rowCount: 50, seed: 11, format: 'jsonl', user: server.keyIds.qa_engineer });
    expect(readFileSync(result.output)).toEqual((await server.call('GET', `/api/runs/${result.runId}/dataset.jsonl`)).bytes);
    expect(readFileSync(result.output, 'utf8').trim().split('\n')).toHaveLength(50);
    expect(harness.state.progress[0]!.reports.some((r) => /^generating: /.test(r.message ?? ''))).toBe(true);
  });

  it('previews Parquet with the server’s preview of the same rows', async () => {
    const schema = join(workspace.schemas, 'customers.json');
    harness.answerQuickPicks('50', 'parquet', '0');
    const result = await run<{ output: string; shown: string; runId: string }>('synthdatagen.generate', Uri.file(schema));
    expect(result.shown).toBe('preview');
    const rows = JSON.parse(harness.state.shown.at(-1)!.getText()) as unknown[];
    expect(rows).toHaveLength(20);
    const jsonl = (await server.call('GET', `/api/runs/${result.runId}/dataset.jsonl`)).text.trim().split('\n').slice(0, 20);
    expect(rows).toEqual(jsonl.map((line) => JSON.parse(line) as unknown));
  });

  it('cancels the run on the server when the notification is cancelled', async () => {
    const schema = join(workspace.schemas, 'customers.json');
    harness.answerQuickPicks('Other…', 'jsonl', '0');
    harness.answerInputBoxes('3000000');
    harness.state.onProgressStart = (cancel) => setTimeout(cancel, 1000);
    expect(await run('synthdatagen.generate', Uri.file(schema))).toBeUndefined();
    expect(errors()).toEqual([]);
    expect(harness.state.messages.at(-1)!.message).toBe('SynthDataGen: generation cancelled; no file was written.');
    const history = (await server.call('GET', '/api/pipelineHistory?limit=1')).json;
    const runId = history.items[0].runId as string;
    expect(history.items[0].rowCount).toBe(3_000_000);
    expect((await waitForRun(server, runId)).json.status).toBe('cancelled');
  });

  it('explains the server’s PII block when the dataset may not leave, with the report one click away', async () => {
    const schema = join(workspace.schemas, 'leaky.schema.json');
    writeFileSync(
      schema,
      JSON.stringify({ type: 'object', required: ['email'], properties: { email: { const: 'john.smith@gmail.com' } } }),
    );
    harness.answerQuickPicks('10', 'jsonl', '0');
    harness.answerMessages('Show report');
    expect(await run('synthdatagen.generate', Uri.file(schema))).toBeUndefined();
    const [message] = errors();
    expect(message).toMatch(
      /^SynthDataGen: The server refuses to hand out run \S+: its PII scan is blocked and the server's policy \(blockPiiDownloads\) withholds such datasets\. email: email in 10 rows/,
    );
    const panel = harness.state.panels.at(-1)!;
    expect(panel.title).toMatch(/^Report: run /);
    expect(panel.webview.html).toContain('blocked');
  });
});

describe('Run pipeline and show report (remote)', () => {
  it('shows the run’s report.html with its charts', async () => {
    harness.answerQuickPicks('50', '0');
    const result = await run<{ html: string; status: string; runId: string }>(
      'synthdatagen.runPipeline',
      Uri.file(join(workspace.schemas, 'iot-readings.json')),
    );
    expect(errors()).toEqual([]);
    expect(result.status).toMatch(/^(pass|warn|fail); PII clean$/);
    expect(result.html).toBe((await server.call('GET', `/api/runs/${result.runId}/report.html`)).text);
    const panel = harness.state.panels.at(-1)!;
    expect(panel.webview.html).toContain('<svg');
    expect(panel.webview.html).toContain('Content-Security-Policy');
    expect(panel.title).toBe('Report: IoT sensor reading: 50 rows, seed 0');
  });
});

describe('Infer and scan (remote)', () => {
  it('infers a schema through POST /api/inferSchema', async () => {
    const sample = join(workspace.root, 'people.csv');
    copyFileSync(join(REPO, 'test/vscode/fixtures/people.csv'), sample);
    const result = await run<{ output: string; schema: { 'x-model': unknown; properties: Record<string, unknown> } }>(
      'synthdatagen.inferSchema',
      Uri.file(sample),
    );
    expect(errors()).toEqual([]);
    expect(result.output).toBe(join(workspace.root, 'people.schema.json'));
    expect(Object.keys(result.schema.properties)).toEqual([
      'customer_id',
      'name',
      'email',
      'age',
      'city',
      'plan',
      'monthly_spend',
      'signup_date',
    ]);
    expect(result.schema['x-model']).toMatchObject({ version: 1 });
  });

  it('scans with the server’s scan_pii tool, leak check included', async () => {
    harness.answerQuickPicks('Scan, and check for copies of a real sample…');
    harness.answerOpenDialogs([Uri.file(join(workspace.root, 'people.csv'))]);
    const result = await run<{
      report: { verdict: string; findings: { column: string; entity: string; referenceColumn?: string }[] };
      summary: string;
    }>('synthdatagen.scanPii', Uri.file(join(workspace.root, 'people.csv')));
    expect(errors()).toEqual([]);
    expect(result.report.verdict).toBe('blocked');
    expect(result.summary).toMatch(/^PII scan: BLOCKED — \d+ blocking findings, \d+ warnings? \(80 rows, 8 columns\)$/);
    expect(result.report.findings.map((f) => `${f.column}:${f.entity}`)).toContain('email:email');
    // The audit trail names who scanned: the key from the secret storage.
    const audit = (await server.call('GET', '/api/audit?limit=200', { key: server.keys.admin })).json;
    expect(JSON.stringify(audit)).toContain(server.keyIds.qa_engineer);
  });
});

describe('Show run history (remote)', () => {
  it('lists GET /api/pipelineHistory newest first and opens a run’s report', async () => {
    harness.answerQuickPicks((items) => items.find((i) => typeof i !== 'string' && i.description?.includes('seed 11')), 'Open report');
    const result = await run<{ mode: string; total: number; items: { label: string; description: string }[]; action: string }>(
      'synthdatagen.showHistory',
    );
    const history = (await server.call('GET', '/api/pipelineHistory?limit=50')).json;
    expect(result.mode).toBe('remote');
    expect(result.total).toBe(history.total);
    expect(result.items.map((i) => i.label)).toEqual(
      history.items.map((r: { status: string; runId: string }) => expect.stringContaining(r.runId)),
    );
    expect(result.items[0]!.label.startsWith('$(')).toBe(true);
    expect(result.action).toBe('Open report');
    expect(harness.state.panels.at(-1)!.title).toMatch(/^Report: run /);
  });
});

describe('lint (remote)', () => {
  it('lints through POST /api/lint on open', async () => {
    const path = join(workspace.schemas, 'remote-bad.schema.json');
    writeFileSync(path, '{\n  "type": "object",\n  "properties": { "n": { "type": "integer", "x-distribution": "gaussian" } }\n}\n');
    const document = await vscodeWorkspace.openTextDocument(Uri.file(path));
    const [diagnostic] = await harness.eventually(() =>
      harness.diagnosticsFor(document.uri).length === 1 ? harness.diagnosticsFor(document.uri) : undefined,
    );
    expect(diagnostic!.code).toBe('bad-distribution');
    const start = document.offsetAt(diagnostic!.range.start);
    expect(document.getText().slice(start, document.offsetAt(diagnostic!.range.end))).toBe('"x-distribution"');
  });
});

describe('server settings, PII policy and the key', () => {
  it('shows blockPiiDownloads read-only to a role that may read settings', async () => {
    await useKey(server.keys.compliance_admin);
    try {
      const policy = await run<{ role: string; blockPiiDownloads: boolean; source: string; text: string }>(
        'synthdatagen.showServerSettings',
      );
      expect(policy).toMatchObject({ role: 'compliance_admin', blockPiiDownloads: true, source: 'server-settings' });
      expect(policy.text).toContain(
        'PII policy (read-only here): datasets whose PII scan is blocked cannot be downloaded (blockPiiDownloads: true)',
      );
      await server.call('PUT', '/api/settings', { key: server.keys.compliance_admin, body: { blockPiiDownloads: false } });
      expect((await run<{ blockPiiDownloads: boolean }>('synthdatagen.showServerSettings')).blockPiiDownloads).toBe(false);
      await activated.api.status.refresh();
      expect(harness.state.statusItems[0]!.text).toBe('$(cloud) SynthDataGen: compliance_admin · PII downloads allowed');
    } finally {
      await server.call('PUT', '/api/settings', { key: server.keys.compliance_admin, body: { blockPiiDownloads: true } });
      await useKey(server.keys.qa_engineer);
    }
  });

  it('states the server’s policy to a role that may not read settings', async () => {
    const policy = await run<{ role: string; blockPiiDownloads?: boolean; source: string; text: string }>(
      'synthdatagen.showServerSettings',
    );
    expect(policy).toMatchObject({ role: 'qa_engineer', source: 'server-default' });
    expect(policy.blockPiiDownloads).toBeUndefined();
    expect(policy.text).toContain('unless a compliance admin has turned that off');
    await activated.api.status.refresh();
    expect(harness.state.statusItems[0]!.text).toBe('$(cloud) SynthDataGen: qa_engineer · PII block');
  });

  it('asks for the key once when none is stored, keeps it in the secret storage, and can forget it', async () => {
    await useKey(undefined);
    harness.answerInputBoxes(server.keys.ml_engineer);
    harness.answerQuickPicks(undefined);
    await run('synthdatagen.showHistory');
    expect(await activated.context.secrets.get(secretKey())).toBe(server.keys.ml_engineer);
    await run('synthdatagen.clearApiKey');
    expect(await activated.context.secrets.get(secretKey())).toBeUndefined();
    harness.answerInputBoxes(undefined);
    await run('synthdatagen.showHistory');
    expect(errors()).toEqual([`SynthDataGen: No API key for ${server.url}: run "SynthDataGen: Set the API key for the server".`]);
    harness.answerInputBoxes(server.keys.qa_engineer);
    expect(await run('synthdatagen.setApiKey')).toBe(true);
  });

  it('reports a revoked or wrong key with the server’s message', async () => {
    await useKey('sdg_not_a_key');
    try {
      await run('synthdatagen.showHistory');
      expect(errors()[0]).toMatch(/^SynthDataGen: .*(key|API)/i);
    } finally {
      await useKey(server.keys.qa_engineer);
    }
  });
});
