/** `synthdatagen audit verify|export` and `keys create|list|revoke` in-process, on SQLite (--data-dir) and PostgreSQL (DATABASE_URL). */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { appendAuditEvents, type AuditEvent } from '../../src/audit/index.js';
import { authenticate } from '../../src/auth/index.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import type { Store } from '../../src/store/index.js';
import { DIALECTS, dropAuditTriggers, POSTGRES_URL, testStores } from '../store/databases.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe.each(DIALECTS)('audit and keys commands on %s', (dialect) => {
  const stores = testStores(dialect);
  let store: Store;
  let env: Record<string, string>;
  let storeArgs: string[];
  let dir: string;

  async function cli(args: string[], input = ''): Promise<Run> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const stdin = new PassThrough();
    stdin.end(input);
    let out = '';
    let err = '';
    stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const io: CliIo = { stdin, stdout, stderr, env };
    const code = await runCli([...args, ...storeArgs], io);
    return { code, stdout: out, stderr: err };
  }

  beforeAll(async () => {
    store = await stores.open();
    dir = await mkdtemp(join(tmpdir(), 'sdg-audit-cli-'));
    const options = stores.optionsOf(store);
    // SQLite through the flag, PostgreSQL through the environment variable: both paths get exercised.
    env = dialect === 'postgres' ? { DATABASE_URL: `${POSTGRES_URL}?schema=${options.pgSchema}` } : {};
    storeArgs = dialect === 'sqlite' ? ['--data-dir', options.dataDir as string] : [];
    await appendAuditEvents(store, [
      {
        type: 'DataGenStarted',
        runId: 'run_1',
        user: 'key_a',
        role: 'qa_engineer',
        payload: { schemaFingerprint: 'sha256:x', rowCount: 5 },
      },
      { type: 'DataGenCompleted', runId: 'run_1', payload: { rowCount: 5, duration: 3 } },
    ]);
  });
  afterAll(async () => {
    await stores.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('keys create prints the key alone on stdout, once, and it authenticates', async () => {
    const run = await cli(['keys', 'create', '--role', 'ML-Engineer', '--name', 'notebooks']);
    expect(run.code).toBe(EXIT.OK);
    expect(run.stdout).toMatch(/^sdg_[A-Za-z0-9_-]{43}\n$/);
    expect(run.stderr).toMatch(/created ml_engineer key key_[0-9a-f]{20} \("notebooks"\); .*shown only this once/);
    const result = await authenticate(store, run.stdout.trim());
    expect(result).toMatchObject({ ok: true, key: { role: 'ml_engineer', name: 'notebooks', createdBy: expect.stringMatching(/^cli:/) } });
  });

  it('keys create --format json, and refuses an unknown role with exit 64', async () => {
    const run = await cli(['keys', 'create', '--role', 'admin', '--format', 'json']);
    expect(run.code).toBe(EXIT.OK);
    const created = JSON.parse(run.stdout) as { key: { role: string; name: string }; secret: string };
    expect(created).toMatchObject({ key: { role: 'admin', name: 'admin key' }, secret: expect.stringMatching(/^sdg_/) });
    const bad = await cli(['keys', 'create', '--role', 'root']);
    expect(bad.code).toBe(EXIT.USAGE);
    expect(bad.stderr).toMatch(/unknown role "root".*qa_engineer/);
    expect((await cli(['keys', 'create'])).code).toBe(EXIT.USAGE);
  });

  it('keys list shows ids, roles and prefixes but never a key; revoke stops a key and is idempotent', async () => {
    const secret = (await cli(['keys', 'create', '--role', 'qa_engineer', '--name', 'ci'])).stdout.trim();
    const listed = await cli(['keys', 'list']);
    expect(listed.code).toBe(EXIT.OK);
    expect(listed.stdout).toMatch(/^ID\s+NAME\s+ROLE\s+PREFIX\s+CREATED\s+REVOKED\n/);
    expect(listed.stdout).toContain(`${secret.slice(0, 12)}…`);
    expect(listed.stdout).not.toContain(secret);
    const keys = JSON.parse((await cli(['keys', 'list', '--format', 'json'])).stdout) as { id: string; name: string }[];
    const id = keys.find((key) => key.name === 'ci')?.id as string;

    const revoked = await cli(['keys', 'revoke', id]);
    expect(revoked).toMatchObject({ code: EXIT.OK, stdout: `revoked ${id} ("ci", qa_engineer)\n` });
    expect(await authenticate(store, secret)).toEqual({ ok: false, reason: 'revoked_key' });
    expect((await cli(['keys', 'revoke', id])).stdout).toMatch(/was already revoked at/);
    expect((await cli(['keys', 'list'])).stdout).not.toContain(id);
    expect((await cli(['keys', 'list', '--all'])).stdout).toContain(id);
    const unknown = await cli(['keys', 'revoke', 'key_nope']);
    expect(unknown.code).toBe(EXIT.USAGE);
    expect(unknown.stderr).toMatch(/no API key with id "key_nope"/);
  });

  it('audit verify reports an intact chain with its head, as text and JSON', async () => {
    const run = await cli(['audit', 'verify']);
    expect(run.code).toBe(EXIT.OK);
    expect(run.stdout).toMatch(/^audit log intact: \d+ events in .+, head \d+:[0-9a-f]{64}\n$/);
    const json = JSON.parse((await cli(['audit', 'verify', '--format', 'json'])).stdout) as {
      ok: boolean;
      head: { seq: number; hash: string };
    };
    expect(json.ok).toBe(true);
    const anchored = await cli(['audit', 'verify', '--anchor', `${json.head.seq}:${json.head.hash}`]);
    expect(anchored.code).toBe(EXIT.OK);
    expect((await cli(['audit', 'verify', '--anchor', '12'])).code).toBe(EXIT.USAGE);
  });

  it('audit export writes JSON Lines (filtered or whole) that verify --file accepts, and is itself audited', async () => {
    const out = join(dir, `${dialect}.jsonl`);
    const exported = await cli(['audit', 'export', '--out', out]);
    expect(exported.code).toBe(EXIT.OK);
    expect(exported.stderr).toMatch(/^exported \d+ audit events to /);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect((JSON.parse(lines[0] as string) as AuditEvent).seq).toBe(1);
    const last = (await store.auditLog.tail())?.seq as number;
    expect((await store.auditLog.get(last))?.payload).toBe('{"artifact":"audit","format":"jsonl"}');

    const fromFile = await cli(['audit', 'verify', '--file', out]);
    expect(fromFile.code).toBe(EXIT.OK);
    expect(fromFile.stdout).toContain(`intact: ${lines.length} events in ${out}`);
    const viaStdin = await cli(['audit', 'verify', '--file', '-'], `${lines.join('\n')}\n`);
    expect(viaStdin.code).toBe(EXIT.OK);
    const missing = await cli(['audit', 'verify', '--file', join(dir, 'nope.jsonl')]);
    expect(missing.code).toBe(EXIT.IO);

    const filtered = await cli(['audit', 'export', '--type', 'DataGenStarted', '--run-id', 'run_1']);
    expect(
      filtered.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as AuditEvent).type),
    ).toEqual(['DataGenStarted']);
    expect((await cli(['audit', 'export', '--type', 'Nope'])).code).toBe(EXIT.USAGE);

    const tampered = lines.map((line, i) => (i === 1 ? line.replace('"duration":3', '"duration":4') : line));
    await writeFile(join(dir, 'tampered.jsonl'), tampered.join('\n'));
    const broken = await cli(['audit', 'verify', '--file', join(dir, 'tampered.jsonl')]);
    expect(broken.code).toBe(EXIT.LINT_ERRORS);
    expect(broken.stdout).toMatch(/audit log BROKEN at event 2 \(edited\)/);
  });

  it('audit verify exits 1 naming the first broken link after tampering, and flags dropped triggers', async () => {
    await dropAuditTriggers(store);
    const guards = await cli(['audit', 'verify']);
    expect(guards.code).toBe(EXIT.LINT_ERRORS);
    expect(guards.stdout).toMatch(/intact.*\nappend-only triggers missing: audit_events_no_delete/);
    await sql`delete from audit_events where seq = 2`.execute(store.db);
    const run = await cli(['audit', 'verify']);
    expect(run.code).toBe(EXIT.LINT_ERRORS);
    expect(run.stdout).toMatch(/^audit log BROKEN at event 2 \(deleted\): event 2 is missing/);
    expect(run.stdout).toMatch(/\n {2}expected [0-9a-f]{64}\n {2}found {4}[0-9a-f]{64}\n/);
  });

  it('fails with exit 2 when the database cannot be reached', async () => {
    const saved = env;
    env = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
    const saveArgs = storeArgs;
    storeArgs = [];
    try {
      const run = await cli(['audit', 'verify']);
      expect(run.code).toBe(EXIT.IO);
      expect(run.stderr).toMatch(/cannot reach the PostgreSQL at 127\.0\.0\.1:1\/none/);
    } finally {
      env = saved;
      storeArgs = saveArgs;
    }
  });
});
