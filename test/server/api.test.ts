/**
 * The REST API over real HTTP, on SQLite and on PostgreSQL: the pipeline and its downloads, the PII block,
 * async runs with server-sent events, the schema library, settings, keys, the audit trail — and the whole
 * permission matrix, route by route and role by role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, ROLES, type Permission, type Role } from '../../src/auth/index.js';
import { verifyAudit } from '../../src/audit/index.js';
import { generate } from '../../src/generate/index.js';
import { DIALECTS } from '../store/databases.js';
import { startTestServer, waitForRun, type TestServer } from './support.js';

const schema = {
  type: 'object',
  required: ['id', 'age', 'score', 'plan', 'email'],
  properties: {
    id: { type: 'integer', minimum: 1, maximum: 1_000_000, 'x-unique': true },
    age: { type: 'integer', minimum: 18, maximum: 90 },
    score: { type: 'number', minimum: 0, maximum: 100 },
    plan: { enum: ['free', 'pro', 'team'] },
    email: { type: 'string', format: 'email' },
  },
};

const leaky = {
  type: 'object',
  required: ['email', 'ssn'],
  properties: { email: { const: 'john.smith@gmail.com' }, ssn: { const: '123-45-6789' } },
};

const fewCharts = { visualizations: { charts: ['histogram', 'values'], columns: ['age', 'plan'] } };

describe.each(DIALECTS)('REST API on %s', (dialect) => {
  let server: TestServer;
  let runId: string;

  beforeAll(async () => {
    server = await startTestServer(dialect, { asyncRowThreshold: 5000 });
    const response = await server.call('POST', '/api/syntheticDataPipeline', {
      body: { schema, rowCount: 200, seed: 11, format: 'csv', options: fewCharts },
    });
    expect(response.status).toBe(200);
    runId = response.json.runId;
  });
  afterAll(async () => server?.close());

  it('runs the pipeline in the request and answers with data URL, evaluation, charts and PII verdict', async () => {
    const response = await server.call('GET', `/api/runs/${runId}`);
    expect(response.status).toBe(200);
    const run = response.json;
    expect(run).toMatchObject({
      runId,
      status: 'succeeded',
      rowCount: 200,
      format: 'csv',
      seed: 11,
      dataUrl: `/api/runs/${runId}/dataset.csv`,
    });
    expect(run.evaluation.status).toMatch(/pass|warn|fail/);
    expect(run.pii.verdict).toBe('clean');
    expect(run.schemaFingerprint).toMatch(/^sha256:/);
    expect(run.visualizations.map((v: { kind: string }) => v.kind).sort()).toEqual(['histogram', 'values']);
    const png = await server.call('GET', run.visualizations[0].url);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    const svg = await server.call('GET', run.visualizations[0].svgUrl);
    expect(svg.text).toContain('<svg');
  });

  it('returns charts as base64 data URIs on request', async () => {
    const response = await server.call('POST', '/api/syntheticDataPipeline', {
      body: { schema, rowCount: 50, options: { visualizations: { charts: ['histogram'], columns: ['age'], inline: true } } },
    });
    expect(response.status).toBe(200);
    expect(response.json.visualizations[0].dataUri).toMatch(/^data:image\/png;base64,/);
  });

  it('serves the dataset in every format; other formats are the same rows', async () => {
    const csv = await server.call('GET', `/api/runs/${runId}/dataset.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain(`${runId}.csv`);
    const lines = csv.text.trim().split('\n');
    expect(lines).toHaveLength(201);
    const jsonl = await server.call('GET', `/api/runs/${runId}/dataset.jsonl`);
    const rows = jsonl.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toEqual([...generate(schema, { count: 200, seed: 11 })]);
    const parquet = await server.call('GET', `/api/runs/${runId}/dataset.parquet`);
    expect(parquet.bytes.subarray(0, 4).toString('latin1')).toBe('PAR1');
    const report = await server.call('GET', `/api/runs/${runId}/report.html`);
    expect(report.headers.get('content-type')).toMatch(/text\/html/);
    expect(report.text).toContain('<svg');
    const json = await server.call('GET', `/api/runs/${runId}/report.json`);
    expect(json.json).toMatchObject({ runId, schemaFingerprint: expect.stringMatching(/^sha256:/) });
  });

  it('records the full audit sequence of a run, and the chain verifies', async () => {
    const events = await server.call('GET', `/api/audit?runId=${runId}&order=asc`);
    expect(events.status).toBe(200);
    const types = events.json.items.map((e: { type: string }) => e.type);
    expect(types.slice(0, 4)).toEqual(['DataGenStarted', 'DataGenCompleted', 'EvalCompleted', 'VizCompleted']);
    expect(types.filter((t: string) => t === 'ExportTriggered').length).toBeGreaterThanOrEqual(1);
    expect(events.json.items[0].payload).toMatchObject({ rowCount: 200, format: 'csv', source: 'schema' });
    const verify = await server.call('GET', '/api/audit/verify');
    expect(verify.json).toMatchObject({ ok: true, intact: true, break: null });
    expect((await verifyAudit(server.store)).ok).toBe(true);
    const exported = await server.call('GET', '/api/audit/export');
    expect(exported.headers.get('content-type')).toMatch(/ndjson/);
    expect(exported.text.trim().split('\n').length).toBeGreaterThan(4);
  });

  it('blocks the download of a dataset with real-looking PII, with findings and the guide, unless the setting is off', async () => {
    const run = await server.call('POST', '/api/syntheticDataPipeline', {
      body: { schema: leaky, rowCount: 20, options: { visualizations: false } },
    });
    expect(run.status).toBe(200);
    expect(run.json.pii.verdict).toBe('blocked');
    const refused = await server.call('GET', `/api/runs/${run.json.runId}/dataset.jsonl`, { key: server.keys.qa_engineer });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('PII_BLOCKED');
    expect(refused.json.error.findings.length).toBeGreaterThan(0);
    expect(refused.json.error.remediation.length).toBeGreaterThan(2);
    const audit = await server.call('GET', `/api/audit?runId=${run.json.runId}&type=PIIDetected`);
    expect(audit.json.items).toHaveLength(1);

    const off = await server.call('PUT', '/api/settings', { key: server.keys.compliance_admin, body: { blockPiiDownloads: false } });
    expect(off.status).toBe(200);
    expect(off.json.blockPiiDownloads).toBe(false);
    const allowed = await server.call('GET', `/api/runs/${run.json.runId}/dataset.jsonl`, { key: server.keys.qa_engineer });
    expect(allowed.status).toBe(200);
    const changed = await server.call('GET', '/api/audit?type=SettingsChanged');
    expect(changed.json.items[0].payload.keys).toEqual(['blockPiiDownloads']);
    await server.call('PUT', '/api/settings', { key: server.keys.admin, body: { blockPiiDownloads: true } });
  });

  it('answers large runs with 202 + Location, streams progress as server-sent events, and finishes them', async () => {
    const response = await server.call('POST', '/api/syntheticDataPipeline', {
      body: { schema, rowCount: 6000, seed: 2, options: { visualizations: false } },
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('location')).toBe(`/api/runs/${response.json.runId}`);
    expect(response.json.advice).toMatch(/chunk/);
    const events = await fetch(`${server.url}${response.json.eventsUrl}`, {
      headers: { authorization: `Bearer ${server.keys.ml_engineer}` },
    });
    expect(events.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await events.text();
    expect(text).toMatch(/event: done\ndata: \{"type":"done","status":"succeeded"\}/);
    const done = await waitForRun(server, response.json.runId);
    expect(done.json.status).toBe('succeeded');
  });

  it('records a failed run as failed, with its events, and answers with the error shape', async () => {
    const response = await server.call('POST', '/api/syntheticDataPipeline', {
      body: { schema: { type: 'integer', minimum: 5, maximum: 1 }, rowCount: 3 },
    });
    expect(response.status).toBe(422);
    expect(response.json.error).toMatchObject({ code: 'SDG_ERR_UNSATISFIABLE', runId: expect.any(String) });
    const run = await server.call('GET', `/api/runs/${response.json.error.runId}`);
    expect(run.json).toMatchObject({ status: 'failed', error: { code: 'SDG_ERR_UNSATISFIABLE' } });
    const events = await server.call('GET', `/api/audit?runId=${response.json.error.runId}&order=asc`);
    expect(events.json.items.map((e: { type: string }) => e.type)).toEqual(['DataGenStarted', 'DataGenFailed']);
  });

  it('validates bodies and parameters with pointers', async () => {
    const cases: Array<[unknown, string]> = [
      [{ schema }, '/rowCount'],
      [{ schema, rowCount: -1 }, '/rowCount'],
      [{ schema, rowCount: 'ten' }, '/rowCount'],
      [{ schema, rowCount: 1, format: 'xlsx' }, '/format'],
      [{ schema, rowCount: 1, colour: 'red' }, '/colour'],
      [{ rowCount: 1 }, '/schema'],
      [{ schemaId: 'nope', rowCount: 1 }, '/schemaId'],
    ];
    for (const [body, pointer] of cases) {
      const response = await server.call('POST', '/api/syntheticDataPipeline', { body });
      expect(response.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.json.error.pointer, JSON.stringify(body)).toBe(pointer);
      expect(typeof response.json.error.message).toBe('string');
    }
    const bad = await server.call('POST', '/api/syntheticDataPipeline', {
      body: '{"schema": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('SDG_ERR_BAD_REQUEST');
    expect(bad.text).not.toMatch(/at .*\.js/);
    const history = await server.call('GET', '/api/pipelineHistory?limit=0');
    expect(history.status).toBe(400);
    expect(history.json.error.pointer).toBe('/querystring/limit');
    const unknownRoute = await server.call('GET', '/api/nothing');
    expect(unknownRoute.json.error.code).toBe('SDG_ERR_NOT_FOUND');
  });

  it('pages and filters the history', async () => {
    const all = await server.call('GET', '/api/pipelineHistory?limit=2');
    expect(all.json.items).toHaveLength(2);
    expect(all.json.total).toBeGreaterThanOrEqual(5);
    const next = await server.call('GET', `/api/pipelineHistory?limit=2&cursor=${encodeURIComponent(all.json.nextCursor)}`);
    expect(next.json.items[0].runId).not.toBe(all.json.items[0].runId);
    const failed = await server.call('GET', '/api/pipelineHistory?status=failed');
    expect(failed.json.items.every((r: { status: string }) => r.status === 'failed')).toBe(true);
    const mine = await server.call('GET', `/api/pipelineHistory?user=${server.keyIds.admin}`);
    expect(mine.json.items.every((r: { user: string }) => r.user === server.keyIds.admin)).toBe(true);
  });

  it('keeps a versioned schema library and runs from it and from templates', async () => {
    const created = await server.call('POST', '/api/schemas', { key: server.keys.qa_engineer, body: { name: 'people', schema } });
    expect(created.status).toBe(201);
    const id = created.json.schema.id;
    const same = await server.call('POST', '/api/schemas', { key: server.keys.qa_engineer, body: { name: 'people', schema } });
    expect(same.status).toBe(200);
    const v2 = await server.call('PUT', `/api/schemas/${id}`, {
      key: server.keys.ml_engineer,
      body: { schema: { ...schema, required: ['id'] } },
    });
    expect(v2.json.version.version).toBe(2);
    const detail = await server.call('GET', `/api/schemas/${id}`);
    expect(detail.json.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const v1 = await server.call('GET', `/api/schemas/${id}/versions/1`);
    expect(v1.json.content).toEqual(schema);
    const badSchema = await server.call('POST', '/api/schemas', {
      body: { name: 'bad', schema: { type: 'string', minLength: 5, maxLength: 1 } },
    });
    expect(badSchema.status).toBe(422);
    expect(badSchema.json.error.pointer).toMatch(/^\/schema/);

    const fromLibrary = await server.call('POST', '/api/syntheticDataPipeline', {
      body: { schemaId: id, schemaVersion: 1, rowCount: 10, options: { visualizations: false } },
    });
    expect(fromLibrary.json).toMatchObject({ status: 'succeeded', schemaId: id, schemaVersion: 1 });

    const template = await server.call('POST', '/api/templates', {
      body: { name: 'people-csv', content: { schema, format: 'csv', rowCount: 100 } },
    });
    expect(template.status).toBe(201);
    const fromTemplate = await server.call('POST', '/api/syntheticDataPipeline', {
      body: { templateId: template.json.id, rowCount: 10, options: { visualizations: false } },
    });
    expect(fromTemplate.json).toMatchObject({ status: 'succeeded', format: 'csv', templateId: template.json.id });
    const preset = await server.call('POST', '/api/presets', { body: { name: 'quick', content: { rowCount: 10, format: 'json' } } });
    expect(preset.status).toBe(201);
    expect((await server.call('GET', '/api/presets')).json.items).toHaveLength(1);
    expect((await server.call('DELETE', `/api/presets/${preset.json.id}`)).status).toBe(204);
    const saved = await server.call('GET', '/api/audit?type=SchemaSaved');
    expect(saved.json.items.length).toBe(2);
  });

  it('lints and previews for the editor', async () => {
    const lint = await server.call('POST', '/api/lint', {
      key: server.keys.compliance_admin,
      body: { schema: { type: 'string', format: 'emial' } },
    });
    expect(lint.json.issues[0]).toMatchObject({ severity: 'warning', pointer: '/format' });
    const preview = await server.call('POST', '/api/preview', { body: { schema, count: 3, seed: 1 } });
    expect(preview.json.rows).toEqual([...generate(schema, { count: 3, seed: 1 })]);
  });

  it('evaluates and visualizes data inline or by run id', async () => {
    const rows = [...generate(schema, { count: 100, seed: 3 })];
    const evaluation = await server.call('POST', '/api/evaluateSyntheticData', {
      key: server.keys.compliance_admin,
      body: { rows, reference: { rows: rows.slice(0, 50) } },
    });
    expect(evaluation.status).toBe(200);
    expect(evaluation.json).toMatchObject({ reportVersion: 1, rows: 100, reference: { rows: 50 } });
    const byRun = await server.call('POST', '/api/evaluateSyntheticData', { body: { runId, schema } });
    expect(byRun.json.rows).toBe(200);
    const charts = await server.call('POST', '/api/visualizeSyntheticData', {
      body: { rows, charts: ['histogram'], columns: ['age'], inline: true },
    });
    expect(charts.json.charts[0]).toMatchObject({ kind: 'histogram', dataUri: expect.stringMatching(/^data:image\/png/) });
    const csv = await server.call('POST', '/api/evaluateSyntheticData', { body: { text: 'a,b\n1,x\n2,y\n3,x\n' } });
    expect(csv.json.rows).toBe(3);
  });

  it('manages API keys: shown once, stored hashed, revocable, audited', async () => {
    const created = await server.call('POST', '/api/keys', { body: { role: 'qa_engineer', name: 'ci' } });
    expect(created.status).toBe(201);
    const secret = created.json.secret as string;
    expect(secret).toMatch(/^sdg_/);
    expect((await server.call('GET', '/api/me', { key: secret })).json).toMatchObject({ role: 'qa_engineer' });
    const listed = await server.call('GET', '/api/keys');
    expect(listed.text).not.toContain(secret);
    expect((await server.call('DELETE', `/api/keys/${created.json.key.id}`)).status).toBe(200);
    const revoked = await server.call('GET', '/api/me', { key: secret });
    expect(revoked.status).toBe(401);
    const events = await server.call('GET', '/api/audit?type=KeyCreated,KeyRevoked');
    expect(events.json.items.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses missing, malformed and unknown keys with 401 and audits them', async () => {
    const missing = await server.call('GET', '/api/pipelineHistory', { key: null });
    expect(missing.status).toBe(401);
    expect(missing.json.error.code).toBe('SDG_ERR_UNAUTHORIZED');
    expect((await server.call('GET', '/api/pipelineHistory', { key: 'nope' })).status).toBe(401);
    expect((await server.call('GET', '/api/pipelineHistory', { key: `sdg_${'A'.repeat(43)}` })).status).toBe(401);
    const denied = await server.call('GET', '/api/audit?type=AccessDenied&limit=500');
    const reasons = new Set(denied.json.items.map((e: { payload: { reason: string } }) => e.payload.reason));
    expect([...reasons]).toEqual(expect.arrayContaining(['missing_key', 'malformed_key', 'unknown_key']));
  });

  it('serves health, readiness, OpenAPI and the docs page without a key', async () => {
    expect((await server.call('GET', '/healthz', { key: null })).json).toEqual({ status: 'ok' });
    expect((await server.call('GET', '/readyz', { key: null })).json).toMatchObject({ status: 'ready', checks: { database: true } });
    const openapi = await server.call('GET', '/api/openapi.json', { key: null });
    expect(openapi.json.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.json.paths)).toEqual(
      expect.arrayContaining(['/api/syntheticDataPipeline', '/api/pipelineHistory', '/api/runs/{id}']),
    );
    const docs = await server.call('GET', '/api/docs/', { key: null });
    expect(docs.status).toBe(200);
    expect(docs.text).toMatch(/swagger/i);
  });

  it('refuses other hosts and cross-site origins (DNS rebinding)', async () => {
    // fetch cannot forge Host; inject can (it is what a rebinding browser would send).
    const foreign = await server.app.inject({ method: 'GET', url: '/healthz', headers: { host: 'evil.example' } });
    expect(foreign.statusCode).toBe(403);
    expect(JSON.parse(foreign.body).error.code).toBe('SDG_ERR_FORBIDDEN');
    const listed = await server.app.inject({ method: 'GET', url: '/healthz', headers: { host: 'localhost:8080' } });
    expect(listed.statusCode).toBe(200);
    const origin = await server.call('GET', '/api/me', { headers: { origin: 'http://evil.example' } });
    expect(origin.status).toBe(403);
  });

  describe('the permission matrix', () => {
    interface Route {
      readonly method: string;
      readonly path: () => string;
      readonly permission: Permission;
      readonly body?: () => unknown;
    }
    let unique = 0;
    const routes: Route[] = [
      {
        method: 'POST',
        path: () => '/api/syntheticDataPipeline',
        permission: 'pipeline:run',
        body: () => ({ schema, rowCount: 5, options: { visualizations: false } }),
      },
      { method: 'POST', path: () => `/api/runs/run_unknown/cancel`, permission: 'pipeline:run' },
      { method: 'POST', path: () => '/api/evaluateSyntheticData', permission: 'evaluate', body: () => ({ rows: [{ a: 1 }, { a: 2 }] }) },
      {
        method: 'POST',
        path: () => '/api/visualizeSyntheticData',
        permission: 'visualize',
        body: () => ({ rows: [{ a: 1 }, { a: 2 }], charts: ['histogram'] }),
      },
      { method: 'GET', path: () => '/api/pipelineHistory', permission: 'runs:read' },
      { method: 'GET', path: () => `/api/runs/${runId}`, permission: 'runs:read' },
      { method: 'GET', path: () => `/api/runs/${runId}/dataset.csv`, permission: 'runs:download' },
      { method: 'GET', path: () => `/api/runs/${runId}/report.json`, permission: 'runs:download' },
      { method: 'GET', path: () => '/api/schemas', permission: 'schemas:read' },
      { method: 'POST', path: () => '/api/schemas', permission: 'schemas:write', body: () => ({ name: `m-${++unique}`, schema }) },
      { method: 'DELETE', path: () => '/api/schemas/sch_unknown', permission: 'schemas:write' },
      { method: 'GET', path: () => '/api/templates', permission: 'templates:read' },
      { method: 'POST', path: () => '/api/presets', permission: 'templates:write', body: () => ({ name: `p-${++unique}`, content: {} }) },
      { method: 'GET', path: () => '/api/settings', permission: 'settings:read' },
      { method: 'PUT', path: () => '/api/settings', permission: 'settings:write', body: () => ({ defaultRowCount: 1000 }) },
      { method: 'GET', path: () => '/api/audit', permission: 'audit:read' },
      { method: 'GET', path: () => '/api/audit/export', permission: 'audit:read' },
      { method: 'GET', path: () => '/api/audit/verify', permission: 'audit:verify' },
      { method: 'GET', path: () => '/api/keys', permission: 'keys:manage' },
      { method: 'POST', path: () => '/api/keys', permission: 'keys:manage', body: () => ({ role: 'qa_engineer' }) },
      { method: 'DELETE', path: () => '/api/keys/key_unknown', permission: 'keys:manage' },
    ];
    const cells = routes.flatMap((route) => ROLES.map((role) => [route, role] as [Route, Role]));
    it.each(cells.map(([route, role]) => [`${route.method} (${route.permission})`, role, route] as const))(
      '%s as %s',
      async (_name, role, route) => {
        const response = await server.call(route.method, route.path(), {
          key: server.keys[role],
          ...(route.body ? { body: route.body() } : {}),
        });
        if (can(role, route.permission)) {
          expect([401, 403], `${route.method} ${route.path()} as ${role}: ${response.text}`).not.toContain(response.status);
          expect(response.status).toBeLessThan(500);
        } else {
          expect(response.status, `${route.method} ${route.path()} as ${role}`).toBe(403);
          expect(response.json.error.code).toBe('SDG_ERR_FORBIDDEN');
          const denied = await server.call('GET', `/api/audit?type=AccessDenied&user=${server.keyIds[role]}&limit=1`);
          expect(denied.json.items[0].payload).toMatchObject({ reason: 'forbidden', permission: route.permission });
        }
      },
    );
  });
});
