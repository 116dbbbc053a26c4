/** `synthdatagen infer` run for real, as a child process from the TypeScript source (as test/cli does). */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonSchemaObject } from '../../src/core/types.js';
import { invalidRows } from './helpers/fixtures.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'src/cli/main.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let dir = '';

function cli(args: string[], input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env };
    delete env.SYNTHDATAGEN_DEBUG;
    const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], { cwd: dir, env, stdio: 'pipe' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
    child.stdin.end(input);
  });
}

const CSV = [
  'id,city,amount,when',
  ...Array.from(
    { length: 60 },
    (_, i) => `A-${1000 + i},${['Oslo', 'Lima', 'Pune'][i % 3]},${(i * 3.7).toFixed(1)},2020-01-${String((i % 28) + 1).padStart(2, '0')}`,
  ),
  '9,Oslo',
].join('\n');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sdg-infer-'));
  await writeFile(join(dir, 'sample.csv'), CSV);
  await writeFile(join(dir, 'empty.csv'), '');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('synthdatagen infer', () => {
  it('prints the schema, warnings on stderr', async () => {
    const run = await cli(['infer', 'sample.csv']);
    expect(run.code).toBe(0);
    const schema = JSON.parse(run.stdout) as JsonSchemaObject;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema.properties as object)).toEqual(['id', 'city', 'amount', 'when']);
    expect((schema['x-model'] as { version: number }).version).toBe(1);
    expect(run.stdout).toContain('\n  "type": "object"');
    expect(run.stderr).toMatch(/^synthdatagen: warning: 1 row\(s\) had fewer cells than the header/m);
  });

  it('writes --out, and generate reads it back', async () => {
    const run = await cli(['infer', 'sample.csv', '--out', 'schema.json', '--title', 'Orders', '--min-count', '3']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const schema = JSON.parse(await readFile(join(dir, 'schema.json'), 'utf8')) as JsonSchemaObject;
    expect(schema.title).toBe('Orders');
    const generated = await cli(['generate', 'schema.json', '--count', '20', '--seed', '4']);
    expect(generated.code).toBe(0);
    const rows = generated.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as object);
    expect(rows).toHaveLength(20);
    expect(invalidRows(schema, rows as never)).toEqual([]);
  });

  it('reads stdin with --format', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ n: i, tag: i % 2 ? 'odd' : 'even' })).join('\n');
    const run = await cli(['infer', '-', '--format', 'jsonl'], lines);
    expect(run.code).toBe(0);
    expect(Object.keys((JSON.parse(run.stdout) as JsonSchemaObject).properties as object)).toEqual(['n', 'tag']);
  });

  it('errors are one line with the documented exit codes', async () => {
    const missing = await cli(['infer', 'nope.csv']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      'synthdatagen: cannot read nope.csv: no such file or directory — check the path (use - to read the sample from stdin)\n',
    );
    const empty = await cli(['infer', 'empty.csv']);
    expect(empty.code).toBe(2);
    expect(empty.stderr.trim().split('\n')).toHaveLength(1);
    expect(empty.stderr).toContain('empty');
    const format = await cli(['infer', 'sample.csv', '--format', 'xml']);
    expect(format.code).toBe(64);
    const count = await cli(['infer', 'sample.csv', '--min-count', 'zero']);
    expect(count.code).toBe(64);
    const badJson = await cli(['infer', '-', '--format', 'json'], '[{"a": 1},');
    expect(badJson.code).toBe(2);
  });
});
