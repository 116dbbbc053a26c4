/** `synthdatagen scan` in-process: exit codes, text and JSON reports, --reference, and no raw value in the output. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function scan(args: string[], input = ''): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  stdin.end(input);
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const io: CliIo = { stdin, stdout, stderr, env: {} };
  const code = await runCli(['scan', ...args], io);
  return { code, stdout: out, stderr: err };
}

let dir = '';
const path = (name: string): string => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sdg-scan-'));
  await writeFile(
    path('clean.csv'),
    'id,name,email,phone,card\n1,Calista Torp,calista@example.com,(415) 555-0142,4242424242424242\n2,Gino Blanda,gino@acme.test,+14155550199,5555555555554444\n',
  );
  await writeFile(
    path('dirty.jsonl'),
    [
      { id: 1, name: 'Calista Torp', email: 'calista@example.com', notes: 'fine' },
      { id: 2, name: 'Priya Natarajan', email: 'priya.natarajan@outlook.com', notes: 'Called Amélie Dubois, card 4532015112830366' },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n'),
  );
  await writeFile(path('sample.csv'), 'name,email\nWolfgang Oberhuber,w.oberhuber@gmx.at\nAnnegret Vollmer,a.vollmer@web.de\n');
  await writeFile(path('copied.csv'), 'id,contact\n1,x@example.com\n2,w.oberhuber@gmx.at\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('synthdatagen scan', () => {
  it('exits 0 on clean data and reports the safe spaces', async () => {
    const r = await scan([path('clean.csv')]);
    expect(r.code).toBe(EXIT.OK);
    expect(r.stdout).toMatch(/^PII scan: clean/);
    expect(r.stdout).toContain('synthetic (safe spaces');
  });

  it('exits with PII_BLOCKED (6) on real-looking PII, naming the columns, with masked examples only', async () => {
    const r = await scan([path('dirty.jsonl')]);
    expect(r.code).toBe(EXIT.PII_BLOCKED);
    expect(EXIT.PII_BLOCKED).toBe(6);
    for (const needle of [
      'BLOCK name: person',
      'BLOCK email: email',
      'BLOCK notes: credit_card (text)',
      'BLOCK notes: person (text)',
      'fix: column email',
    ]) {
      expect(r.stdout).toContain(needle);
    }
    for (const raw of ['priya.natarajan@outlook.com', 'Priya Natarajan', '4532015112830366', 'Amélie Dubois', 'natarajan'])
      expect(r.stdout).not.toContain(raw);
  });

  it('--format json carries the same result; --no-block reports but exits 0', async () => {
    const r = await scan([path('dirty.jsonl'), '--format', 'json', '--no-block']);
    expect(r.code).toBe(EXIT.OK);
    const json = JSON.parse(r.stdout) as { verdict: string; wouldBlock: boolean; findings: { column: string }[] };
    expect(json.verdict).toBe('clean');
    expect(json.wouldBlock).toBe(true);
    expect(json.findings.map((f) => f.column)).toContain('email');
    expect(r.stdout).not.toContain('priya.natarajan@outlook.com');
  });

  it('--reference: a value copied from the sample blocks', async () => {
    const r = await scan([path('copied.csv'), '--reference', path('sample.csv'), '--format', 'json']);
    expect(r.code).toBe(EXIT.PII_BLOCKED);
    const json = JSON.parse(r.stdout) as { findings: { column: string; entity: string; referenceColumn?: string }[] };
    expect(json.findings).toContainEqual(expect.objectContaining({ column: 'contact', entity: 'leaked_value', referenceColumn: 'email' }));
  });

  it('--allow and --columns narrow what blocks; stdin works', async () => {
    expect((await scan([path('dirty.jsonl'), '--columns', 'id'])).code).toBe(EXIT.OK);
    const allowed = await scan([
      path('dirty.jsonl'),
      '--allow',
      'name:person',
      '--allow',
      'email',
      '--allow',
      'notes',
      '--min-confidence',
      '0.5',
    ]);
    expect(allowed.code).toBe(EXIT.OK);
    const piped = await scan(['-', '--data-format', 'csv'], 'email\nmaria.gonzalez@gmail.com\n');
    expect(piped.code).toBe(EXIT.PII_BLOCKED);
  });

  it('bad input: usage errors and unreadable files', async () => {
    expect((await scan([path('clean.csv'), '--format', 'xml'])).code).toBe(EXIT.USAGE);
    expect((await scan([path('clean.csv'), '--allow', 'email:nope'])).code).toBe(EXIT.USAGE);
    expect((await scan([path('clean.csv'), '--min-confidence', '3'])).code).toBe(EXIT.USAGE);
    expect((await scan([path('clean.csv'), '--data-format', 'xml'])).code).toBe(EXIT.USAGE);
    expect((await scan(['-', '--reference', '-'])).code).toBe(EXIT.USAGE);
    const missing = await scan([path('nope.csv')]);
    expect(missing.code).toBe(EXIT.IO);
    expect(missing.stderr).toContain('cannot read');
  });
});
