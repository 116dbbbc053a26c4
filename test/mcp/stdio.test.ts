/**
 * `synthdatagen mcp` over stdio, as an IDE runs it: a child process driven by the SDK's real client. As the
 * local user it acts as admin under `cli:<login>`; with SYNTHDATAGEN_API_KEY it acts for that key's role,
 * and a bad key stops it before it serves anything. Either way its work lands in the store's audit trail.
 */
import { userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createKey } from '../../src/auth/index.js';
import { verifyAudit } from '../../src/audit/index.js';
import { generate } from '../../src/generate/index.js';
import type { Store } from '../../src/store/index.js';
import { testStores } from '../store/databases.js';
import { auditOf, blocksOf, isPng, schema, stdioClient, textOf, type StdioSession } from './support.js';

type Structured = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test convenience

const stores = testStores('sqlite');
let store: Store;
let env: Record<string, string>;

beforeAll(async () => {
  store = await stores.open();
  env = { SYNTHDATAGEN_DATA_DIR: stores.optionsOf(store).dataDir! };
});
afterAll(async () => stores.cleanup());

describe('MCP over stdio as the local user', () => {
  let session: StdioSession;
  const local = `cli:${userInfo().username}`;

  beforeAll(async () => {
    session = await stdioClient(env);
  });
  afterAll(async () => session?.close());

  it('says who it serves as on stderr, never on stdout', async () => {
    // stdout and stderr are separate pipes: the line may arrive after the handshake that used stdout.
    await vi.waitFor(() => expect(session.stderr()).toContain(`serving over stdio as ${local} (admin)`));
  });

  it('lists the tools and generates a dataset as cli:<login>, audited', async () => {
    const { tools } = await session.client.listTools();
    expect(tools).toHaveLength(10);
    const result = (await session.client.callTool({
      name: 'generate_dataset',
      arguments: { schema, rowCount: 40, seed: 9, format: 'csv', previewRows: 2 },
    })) as CallToolResult;
    const run = result.structuredContent as Structured;
    expect(run).toMatchObject({ status: 'succeeded', user: local, role: 'admin', format: 'csv' });
    expect(run.preview.rows).toEqual([...generate(schema, { count: 2, seed: 9 })]);
    const started = (await auditOf(store, ['DataGenStarted'])).find((e) => e.runId === run.runId)!;
    expect(started).toMatchObject({ user: local, role: 'admin' });

    const csv = await session.client.readResource({ uri: `synthdatagen://runs/${run.runId}/dataset.csv` });
    expect((csv.contents[0]!.text as string).trim().split('\n')).toHaveLength(41);
    const exported = (await auditOf(store, ['ExportTriggered'])).filter((e) => e.runId === run.runId);
    expect(exported.map((e) => e.payload.format)).toEqual(['json', 'csv']);
  });

  it('returns charts as PNG images', async () => {
    const rows = [...generate(schema, { count: 200, seed: 4 })];
    const result = (await session.client.callTool({
      name: 'visualize_dataset',
      arguments: { rows, charts: ['values'], columns: ['plan'] },
    })) as CallToolResult;
    const images = blocksOf(result, 'image');
    expect(images).toHaveLength(1);
    expect(isPng(images[0]!.data as string)).toBe(true);
  });

  it('answers a bad argument with isError naming the field and the fix', async () => {
    const result = (await session.client.callTool({ name: 'get_run', arguments: { runID: 'run_x' } })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('/runId: is required. Fix: add runId');
    expect(textOf(result)).toContain('/runID: is not a known field. Fix: did you mean runId?');
  });
});

describe('MCP over stdio with SYNTHDATAGEN_API_KEY', () => {
  it("acts for the key's role: compliance may read but not generate, and the refusal is audited", async () => {
    const created = await createKey(store, { role: 'compliance_admin', name: 'stdio compliance', actor: { id: 'test' } });
    const session = await stdioClient({ ...env, SYNTHDATAGEN_API_KEY: created.secret });
    try {
      await vi.waitFor(() => expect(session.stderr()).toContain(`serving over stdio as ${created.key.id} (compliance_admin)`));
      const refused = (await session.client.callTool({ name: 'run_pipeline', arguments: { schema, rowCount: 5 } })) as CallToolResult;
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toContain('SDG_ERR_FORBIDDEN');
      const listed = (await session.client.callTool({ name: 'list_runs', arguments: {} })) as CallToolResult;
      expect((listed.structuredContent as Structured).total).toBeGreaterThan(0);
      const denied = (await auditOf(store, ['AccessDenied'])).filter((e) => e.user === created.key.id);
      expect(denied).toHaveLength(1);
      expect(denied[0]!.payload).toMatchObject({ reason: 'forbidden', permission: 'pipeline:run', route: 'mcp:run_pipeline' });
    } finally {
      await session.close();
    }
  });

  it('refuses to start with a key the store does not know, and audits it', async () => {
    const before = (await auditOf(store, ['AccessDenied'])).length;
    const failure = await stdioClient({ ...env, SYNTHDATAGEN_API_KEY: `sdg_${'A'.repeat(43)}` }).then(
      () => undefined,
      (error: Error & { stderr?: string }) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure!.stderr).toContain('the key in SYNTHDATAGEN_API_KEY is not valid');
    const denied = await auditOf(store, ['AccessDenied']);
    expect(denied.length).toBe(before + 1);
    expect(denied.at(-1)!.payload).toMatchObject({ reason: 'unknown_key', method: 'stdio' });
  });

  it('leaves an intact audit chain', async () => {
    expect((await verifyAudit(store)).ok).toBe(true);
  });
});
