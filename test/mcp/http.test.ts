/**
 * The MCP server over Streamable HTTP at /mcp, driven by the SDK's real client against a listening server on
 * SQLite and on PostgreSQL: every tool, resources, prompts, completion, images, argument errors, protocol
 * errors, RBAC refusals, the PII block, background runs with progress, and the audit trail they leave.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { verifyAudit } from '../../src/audit/index.js';
import { generate } from '../../src/generate/index.js';
import { TOOLS } from '../../src/mcp/index.js';
import { DIALECTS } from '../store/databases.js';
import { startTestServer, type TestServer } from '../server/support.js';
import { auditOf, blocksOf, httpClient, isPng, leaky, schema, textOf } from './support.js';

type Structured = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test convenience

const csvSample = [
  'id,age,city,income',
  ...Array.from(
    { length: 60 },
    (_, i) => `${i + 1},${20 + ((i * 7) % 50)},${['Lyon', 'Oslo', 'Kyiv'][i % 3]},${30000 + ((i * 911) % 40000)}`,
  ),
].join('\n');

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

async function protocolErrorOf(promise: Promise<unknown>): Promise<McpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof McpError) return error;
    throw error;
  }
  throw new Error('expected a protocol error');
}

describe.each(DIALECTS)('MCP over Streamable HTTP on %s', (dialect) => {
  let server: TestServer;
  let qa: Client;
  let runId: string;

  beforeAll(async () => {
    server = await startTestServer(dialect, { asyncRowThreshold: 3000 });
    qa = await httpClient(server.url, { authorization: `Bearer ${server.keys.qa_engineer}` });
  });
  afterAll(async () => {
    await qa?.close();
    await server?.close();
  });

  it('initializes with tools, resources, prompts, completions and logging, and instructions for the model', async () => {
    expect(qa.getServerVersion()).toMatchObject({ name: 'synthdatagen', title: 'SynthDataGen' });
    expect(Object.keys(qa.getServerCapabilities() ?? {}).sort()).toEqual(['completions', 'logging', 'prompts', 'resources', 'tools']);
    expect(qa.getInstructions()).toContain('generate_dataset');
    expect(await qa.ping()).toEqual({});
  });

  it('lists the ten tools with input and output schemas, descriptions and annotations', async () => {
    const { tools } = await qa.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      'generate_dataset',
      'run_pipeline',
      'evaluate_dataset',
      'visualize_dataset',
      'scan_pii',
      'infer_schema',
      'lint_schema',
      'list_runs',
      'get_run',
      'list_schema_templates',
    ]);
    for (const tool of tools) {
      expect(tool.description!.length).toBeGreaterThan(100);
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
      expect(tool.annotations?.openWorldHint).toBe(false);
    }
    expect(tools.find((t) => t.name === 'lint_schema')!.annotations?.readOnlyHint).toBe(true);
    expect(tools.find((t) => t.name === 'generate_dataset')!.annotations?.readOnlyHint).toBe(false);
  });

  it('generate_dataset: a run with its first rows inline and the dataset as a resource link, audited for the key', async () => {
    const result = await call(qa, 'generate_dataset', { schema, rowCount: 120, seed: 7, previewRows: 3 });
    expect(result.isError).toBeFalsy();
    const run = result.structuredContent as Structured;
    runId = run.runId;
    expect(run).toMatchObject({
      status: 'succeeded',
      rowCount: 120,
      seed: 7,
      format: 'jsonl',
      user: server.keyIds.qa_engineer,
      role: 'qa_engineer',
    });
    expect(run.pii.verdict).toBe('clean');
    const expected = [...generate(schema, { count: 120, seed: 7 })];
    expect(run.preview).toEqual({ rows: expected.slice(0, 3), truncated: true });
    const links = blocksOf(result, 'resource_link');
    expect(links[0]).toMatchObject({ uri: `synthdatagen://runs/${runId}/dataset.jsonl`, mimeType: 'application/x-ndjson' });
    expect(textOf(result)).toContain(`Run ${runId} succeeded`);

    const trail = (
      await auditOf(server.store, ['DataGenStarted', 'DataGenCompleted', 'PIIDetected', 'EvalCompleted', 'ExportTriggered'])
    ).filter((e) => e.runId === runId);
    expect(trail.map((e) => e.type)).toEqual(
      expect.arrayContaining(['DataGenStarted', 'DataGenCompleted', 'EvalCompleted', 'ExportTriggered']),
    );
    expect(trail.every((e) => e.user === server.keyIds.qa_engineer && e.role === 'qa_engineer')).toBe(true);
    // The preview left the server: recorded as an export of the rows shown.
    expect(trail.find((e) => e.type === 'ExportTriggered')!.payload).toMatchObject({ artifact: 'dataset', format: 'json', rowCount: 3 });
  });

  it('reads the run, its dataset (as written and converted) and its reports as resources', async () => {
    const runResource = await qa.readResource({ uri: `synthdatagen://runs/${runId}` });
    expect(JSON.parse(runResource.contents[0]!.text as string)).toMatchObject({ runId, status: 'succeeded' });
    const jsonl = await qa.readResource({ uri: `synthdatagen://runs/${runId}/dataset.jsonl` });
    const rows = (jsonl.contents[0]!.text as string)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows).toEqual([...generate(schema, { count: 120, seed: 7 })]);
    const csv = await qa.readResource({ uri: `synthdatagen://runs/${runId}/dataset.csv` });
    expect((csv.contents[0]!.text as string).trim().split('\n')).toHaveLength(121);
    const parquet = await qa.readResource({ uri: `synthdatagen://runs/${runId}/dataset.parquet` });
    expect(
      Buffer.from(parquet.contents[0]!.blob as string, 'base64')
        .subarray(0, 4)
        .toString('latin1'),
    ).toBe('PAR1');
    const report = await qa.readResource({ uri: `synthdatagen://runs/${runId}/report.json` });
    expect(JSON.parse(report.contents[0]!.text as string)).toMatchObject({ reportVersion: 1, runId });
    const html = await qa.readResource({ uri: `synthdatagen://runs/${runId}/report.html` });
    expect(html.contents[0]!.mimeType).toMatch(/^text\/html/);
    const exports = (await auditOf(server.store, ['ExportTriggered']))
      .filter((e) => e.runId === runId)
      .map((e) => `${e.payload.artifact}:${e.payload.format}`);
    expect(exports).toEqual(expect.arrayContaining(['dataset:jsonl', 'dataset:csv', 'dataset:parquet', 'report:json', 'report:html']));
  });

  it('lists runs as resources and resource templates', async () => {
    const { resources } = await qa.listResources();
    expect(resources.map((r) => r.uri)).toContain(`synthdatagen://runs/${runId}`);
    const { resourceTemplates } = await qa.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(
      expect.arrayContaining([
        'synthdatagen://runs/{runId}',
        'synthdatagen://runs/{runId}/report.json',
        'synthdatagen://runs/{runId}/dataset.{format}',
      ]),
    );
  });

  it('run_pipeline: charts come back as PNG image content, each after its title and alt text', async () => {
    const result = await call(qa, 'run_pipeline', {
      schema,
      rowCount: 150,
      seed: 3,
      options: { visualizations: { charts: ['histogram', 'values'], columns: ['age', 'plan'] } },
      chartImages: 1,
    });
    expect(result.isError).toBeFalsy();
    const images = blocksOf(result, 'image');
    expect(images).toHaveLength(1);
    expect(images[0]!.mimeType).toBe('image/png');
    expect(isPng(images[0]!.data as string)).toBe(true);
    const structured = result.structuredContent as Structured;
    expect(structured.charts.map((c: { kind: string }) => c.kind).sort()).toEqual(['histogram', 'values']);
    // The chart not shown as an image is a link to its PNG, which reads back as a blob.
    const chartLink = blocksOf(result, 'resource_link').find((l) => String(l.uri).endsWith('.png'))!;
    const png = await qa.readResource({ uri: chartLink.uri as string });
    expect(png.contents[0]!.mimeType).toBe('image/png');
    expect(isPng(png.contents[0]!.blob as string)).toBe(true);
    const viz = (await auditOf(server.store, ['VizCompleted'])).filter((e) => e.runId === structured.runId);
    expect(viz).toHaveLength(1);
  });

  it('get_run returns the run and, on request, its charts as images', async () => {
    const runs = (await call(qa, 'list_runs', { limit: 5 })).structuredContent as Structured;
    const withCharts = runs.items.find((r: { runId: string }) => r.runId !== runId)!.runId;
    const result = await call(qa, 'get_run', { runId: withCharts, chartImages: 2 });
    expect((result.structuredContent as Structured).resources.charts).toHaveLength(2);
    expect(blocksOf(result, 'image').every((i) => isPng(i.data as string))).toBe(true);
    expect(blocksOf(result, 'image')).toHaveLength(2);
  });

  it('list_runs pages the history with resource links', async () => {
    const first = await call(qa, 'list_runs', { limit: 1 });
    const page = first.structuredContent as Structured;
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(2);
    expect(page.nextCursor).toEqual(expect.any(String));
    const second = (await call(qa, 'list_runs', { limit: 1, cursor: page.nextCursor })).structuredContent as Structured;
    expect(second.items[0].runId).not.toBe(page.items[0].runId);
    expect(blocksOf(first, 'resource_link')[0]!.uri).toBe(page.items[0].uri);
  });

  it('evaluate_dataset scores a run and inline rows; its report matches the published report schema', async () => {
    // The client validates structuredContent against outputSchema (docs/report.schema.json) itself.
    const byRun = await call(qa, 'evaluate_dataset', { runId });
    expect(byRun.isError).toBeFalsy();
    expect(byRun.structuredContent).toMatchObject({ reportVersion: 1, rows: 120 });
    const inline = await call(qa, 'evaluate_dataset', { text: csvSample, format: 'csv', reference: { text: csvSample, format: 'csv' } });
    expect((inline.structuredContent as Structured).reference).toEqual({ rows: 60 });
    expect(textOf(inline)).toMatch(/^Evaluation (pass|warn|fail): 60 rows against 60 reference rows/);
  });

  it('visualize_dataset returns PNG images of any data', async () => {
    const result = await call(qa, 'visualize_dataset', {
      text: csvSample,
      charts: ['histogram'],
      columns: ['age', 'income'],
      imageLimit: 1,
    });
    const structured = result.structuredContent as Structured;
    expect(structured.charts).toHaveLength(2);
    expect(structured.imagesReturned).toBe(1);
    const images = blocksOf(result, 'image');
    expect(images).toHaveLength(1);
    expect(isPng(images[0]!.data as string)).toBe(true);
  });

  it('scan_pii finds real-looking personal data and never echoes a raw value', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({ id: i, contact: 'john.smith@gmail.com', ssn: '123-45-6789' }));
    const result = await call(qa, 'scan_pii', { rows });
    const scan = result.structuredContent as Structured;
    expect(scan.verdict).toBe('blocked');
    expect(scan.findings.map((f: { entity: string }) => f.entity)).toEqual(expect.arrayContaining(['email', 'us_ssn']));
    const everything = JSON.stringify(result);
    expect(everything).not.toContain('john.smith@gmail.com');
    expect(everything).not.toContain('123-45-6789');
    const safe = await call(qa, 'scan_pii', { runId });
    expect((safe.structuredContent as Structured).verdict).toBe('clean');
  });

  it('infer_schema and lint_schema work on text and schemas', async () => {
    const inferred = (await call(qa, 'infer_schema', { text: csvSample, name: 'people.csv' })).structuredContent as Structured;
    expect(Object.keys(inferred.schema.properties)).toEqual(['id', 'age', 'city', 'income']);
    const fromInferred = await call(qa, 'generate_dataset', { schema: inferred.schema, rowCount: 30, seed: 1, previewRows: 0 });
    expect((fromInferred.structuredContent as Structured).status).toBe('succeeded');
    const clean = await call(qa, 'lint_schema', { schema });
    expect(clean.structuredContent).toMatchObject({ valid: true });
    const broken = await call(qa, 'lint_schema', {
      schema: { type: 'object', properties: { n: { type: 'integer', minimum: 10, maximum: 1 } } },
    });
    const lint = broken.structuredContent as Structured;
    expect(lint.valid).toBe(false);
    expect(lint.issues[0]).toMatchObject({ severity: 'error', pointer: '/properties/n' });
  });

  it('list_schema_templates lists templates and library schemas; generate_dataset runs from a template', async () => {
    const admin = { id: server.keyIds.admin, name: 'admin', role: 'admin' as const };
    const template = (await server.service.createDocument(admin, 'templates', {
      name: 'mcp-people',
      description: 'People for MCP tests',
      content: { schema, rowCount: 40, format: 'csv' },
    })) as Structured;
    await server.service.saveSchema(admin, { name: 'mcp-library-schema', schema });
    const listed = (await call(qa, 'list_schema_templates', { q: 'mcp', includeSchemas: true })).structuredContent as Structured;
    expect(listed.templates.items).toEqual([
      expect.objectContaining({ id: template.id, name: 'mcp-people', rowCount: 40, format: 'csv', schema }),
    ]);
    expect(listed.schemas.items).toEqual([expect.objectContaining({ name: 'mcp-library-schema', schema })]);
    const fromTemplate = (await call(qa, 'generate_dataset', { templateId: template.id, rowCount: 10, previewRows: 2 }))
      .structuredContent as Structured;
    expect(fromTemplate).toMatchObject({ status: 'succeeded', templateId: template.id, format: 'csv', rowCount: 10 });
    expect(fromTemplate.preview.rows).toHaveLength(2);
    const templateResource = await qa.readResource({ uri: `synthdatagen://templates/${template.id}` });
    expect(JSON.parse(templateResource.contents[0]!.text as string)).toMatchObject({ name: 'mcp-people' });
  });

  it('a bad argument is an isError result that names each field and its fix; nothing runs', async () => {
    const before = (await auditOf(server.store, ['DataGenStarted'])).length;
    const result = await call(qa, 'generate_dataset', { schema, row_count: 10, format: 'xlsx' });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    const text = textOf(result);
    expect(text).toContain('/rowCount: is required. Fix: add rowCount');
    expect(text).toContain('/row_count: is not a known field. Fix: did you mean rowCount?');
    expect(text).toContain('/format: must be one of "jsonl", "json", "csv", "parquet"');
    const nested = textOf(await call(qa, 'run_pipeline', { schema, rowCount: 5, options: { pii: { minConfidence: 2 } } }));
    expect(nested).toContain('/options/pii/minConfidence: must be <= 1');
    expect((await auditOf(server.store, ['DataGenStarted'])).length).toBe(before);
  });

  it('a failed run is an isError result with the error, its pointer, its fix and the run id', async () => {
    const result = await call(qa, 'generate_dataset', {
      schema: { type: 'object', properties: { n: { type: 'integer', minimum: 10, maximum: 1 } } },
      rowCount: 5,
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^SDG_ERR_\w+: .*\nField: \/.*\nFix: .*\nRun: run_/s);
  });

  it('a role without the permission gets an isError refusal, audited with the tool it asked for', async () => {
    const compliance = await httpClient(server.url, { 'x-api-key': server.keys.compliance_admin });
    try {
      const result = await call(compliance, 'generate_dataset', { schema, rowCount: 5 });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('SDG_ERR_FORBIDDEN: the role compliance_admin may not pipeline:run');
      // What compliance may do, it can: read the history and the reports.
      expect((await call(compliance, 'get_run', { runId })).isError).toBeFalsy();
      const denied = (await auditOf(server.store, ['AccessDenied'])).filter((e) => e.user === server.keyIds.compliance_admin);
      expect(denied.at(-1)).toMatchObject({
        role: 'compliance_admin',
        payload: { reason: 'forbidden', permission: 'pipeline:run', method: 'tools/call', route: 'mcp:generate_dataset' },
      });
    } finally {
      await compliance.close();
    }
  });

  it('PII-blocked runs: rows are withheld and the dataset resource is refused with the findings and remediation', async () => {
    const result = await call(qa, 'generate_dataset', { schema: leaky, rowCount: 20, seed: 1 });
    const run = result.structuredContent as Structured;
    expect(run.pii.verdict).toBe('blocked');
    expect(run.preview.withheld).toContain('downloads are blocked');
    expect(JSON.stringify(result)).not.toContain('123-45-6789');
    const detected = (await auditOf(server.store, ['PIIDetected'])).filter((e) => e.runId === run.runId);
    expect(detected).toHaveLength(1);
    expect(detected[0]).toMatchObject({ user: server.keyIds.qa_engineer, payload: { verdict: 'blocked' } });
    const error = await protocolErrorOf(qa.readResource({ uri: `synthdatagen://runs/${run.runId}/dataset.jsonl` }));
    expect(error.code).toBe(-32600);
    expect(error.data).toMatchObject({ code: 'PII_BLOCKED' });
  });

  it('an unknown tool is an isError result naming the tools; protocol errors carry the protocol codes: unknown resource -32002, unknown prompt -32602', async () => {
    const unknown = (await qa.callTool({ name: 'make_data', arguments: {} })) as { isError?: boolean; content: Array<{ text?: string }> };
    expect(unknown.isError).toBe(true);
    expect(unknown.content[0]!.text).toMatch(/Unknown tool "make_data".*generate_dataset/);
    expect((await protocolErrorOf(qa.readResource({ uri: 'synthdatagen://runs/run_nope' }))).code).toBe(-32002);
    expect((await protocolErrorOf(qa.readResource({ uri: 'file:///etc/passwd' }))).code).toBe(-32002);
    expect((await protocolErrorOf(qa.getPrompt({ name: 'nope' }))).code).toBe(-32602);
  });

  it('prompts for the common flows, with run ids completed from the store', async () => {
    const { prompts } = await qa.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(['generate_test_data', 'synthesize_from_sample', 'review_run', 'generate_from_template']);
    const generateTestData = await qa.getPrompt({
      name: 'generate_test_data',
      arguments: { schema: JSON.stringify(schema), rowCount: '50' },
    });
    expect((generateTestData.messages[0]!.content as { text: string }).text).toContain('generate_dataset with the schema, rowCount 50');
    const review = await qa.getPrompt({ name: 'review_run', arguments: { runId } });
    expect(review.messages[0]!.content).toMatchObject({ type: 'resource', resource: { uri: `synthdatagen://runs/${runId}` } });
    const completion = await qa.complete({
      ref: { type: 'ref/prompt', name: 'review_run' },
      argument: { name: 'runId', value: runId.slice(0, 8) },
    });
    expect(completion.completion.values).toContain(runId);
    const formats = await qa.complete({
      ref: { type: 'ref/resource', uri: 'synthdatagen://runs/{runId}/dataset.{format}' },
      argument: { name: 'format', value: 'j' },
    });
    expect(formats.completion.values).toEqual(['jsonl', 'json']);
  });

  it('background runs: answered at once without a progress token, awaited with progress notifications with one', async () => {
    const queued = await call(qa, 'generate_dataset', { schema, rowCount: 4000, seed: 5, previewRows: 0 });
    const pending = queued.structuredContent as Structured;
    expect(['queued', 'running', 'succeeded']).toContain(pending.status);
    if (pending.status !== 'succeeded') expect(textOf(queued)).toContain('Call get_run');

    const progress: number[] = [];
    const awaited = (await qa.callTool(
      { name: 'generate_dataset', arguments: { schema, rowCount: 4000, seed: 6, previewRows: 1 } },
      undefined,
      {
        onprogress: (p) => void progress.push(p.progress),
        resetTimeoutOnProgress: true,
      },
    )) as CallToolResult;
    const done = awaited.structuredContent as Structured;
    expect(done.status).toBe('succeeded');
    expect(done.preview.rows).toHaveLength(1);
    expect(progress.length).toBeGreaterThan(0);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  it('every tool is listed, and the tool list matches the registry', async () => {
    expect((await qa.listTools()).tools.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
  });

  it('HTTP: no key or a bad key is 401 and audited; no session is 400; bad JSON is -32700; a foreign Host is refused', async () => {
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'curl', version: '1' } },
    };
    const accept = 'application/json, text/event-stream';
    const noKey = await server.call('POST', '/mcp', { key: null, body: initialize, headers: { accept } });
    expect(noKey.status).toBe(401);
    expect(noKey.headers.get('www-authenticate')).toContain('Bearer');
    expect(noKey.json).toMatchObject({ jsonrpc: '2.0', error: { code: -32000, data: { code: 'SDG_ERR_UNAUTHORIZED' } } });
    const badKey = await server.call('POST', '/mcp', { key: 'sdg_' + 'x'.repeat(43), body: initialize, headers: { accept } });
    expect(badKey.status).toBe(401);
    const denied = (await auditOf(server.store, ['AccessDenied'])).filter((e) => e.payload.route === '/mcp');
    expect(denied.map((e) => e.payload.reason)).toEqual(expect.arrayContaining(['missing_key', 'unknown_key']));

    expect((await server.call('GET', '/mcp', { headers: { accept: 'text/event-stream' } })).status).toBe(400);
    expect((await server.call('POST', '/mcp', { body: { jsonrpc: '2.0', id: 2, method: 'tools/list' }, headers: { accept } })).status).toBe(
      400,
    );
    const badJson = await server.call('POST', '/mcp', { body: '{"jsonrpc": ', headers: { accept, 'content-type': 'application/json' } });
    expect(badJson.status).toBe(400);
    expect(badJson.json.error.code).toBe(-32700);
    const rebound = await server.call('POST', '/mcp', {
      body: initialize,
      headers: { accept, host: 'evil.example.com', origin: 'http://evil.example.com' },
    });
    expect(rebound.status).toBe(403);
    const ok = await server.call('POST', '/mcp', { body: initialize, headers: { accept } });
    expect(ok.status).toBe(200);
  });

  it('HTTP sessions: several streams at once, the GET stream, DELETE; a session is only its own key’s', async () => {
    const accept = 'application/json, text/event-stream';
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'curl', version: '1' } },
    };
    const opened = await server.call('POST', '/mcp', { key: server.keys.ml_engineer, body: initialize, headers: { accept } });
    expect(opened.status).toBe(200);
    const sessionId = opened.headers.get('mcp-session-id')!;
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const session = { accept, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' };
    const listTools = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/list' });
    const parallel = await Promise.all(
      [1, 2, 3].map((i) => server.call('POST', '/mcp', { key: server.keys.ml_engineer, body: listTools(10 + i), headers: session })),
    );
    expect(parallel.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(parallel.map((r) => r.text.includes('generate_dataset'))).toEqual([true, true, true]);

    const stream = new AbortController();
    const get = await fetch(`${server.url}/mcp`, {
      headers: { ...session, authorization: `Bearer ${server.keys.ml_engineer}` },
      signal: stream.signal,
    });
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toBe('text/event-stream');
    stream.abort();

    const before = (await auditOf(server.store, ['AccessDenied'])).length;
    const stolen = await server.call('POST', '/mcp', { key: server.keys.qa_engineer, body: listTools(20), headers: session });
    expect(stolen.status).toBe(404);
    const denied = await auditOf(server.store, ['AccessDenied']);
    expect(denied.length).toBe(before + 1);
    expect(denied.at(-1)).toMatchObject({ user: server.keyIds.qa_engineer, payload: { reason: 'forbidden', route: '/mcp' } });

    expect((await server.call('DELETE', '/mcp', { key: server.keys.ml_engineer, headers: session })).status).toBe(200);
    expect((await server.call('POST', '/mcp', { key: server.keys.ml_engineer, body: listTools(30), headers: session })).status).toBe(404);
  });

  it('leaves an intact audit chain', async () => {
    expect((await verifyAudit(server.store)).ok).toBe(true);
  });
});
