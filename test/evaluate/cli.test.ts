/** `synthdatagen evaluate` run for real (child processes from the TypeScript source): output and exit codes. */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { createAjv } from '../../src/schema/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'src/cli/main.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let dir = '';

function cli(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env };
    delete env.SYNTHDATAGEN_DEBUG;
    const child = spawn(process.execPath, ['--import', TSX, MAIN, 'evaluate', ...args], { cwd: dir, env, stdio: 'pipe' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
    child.stdin.end('');
  });
}

function table(seed: number, count: number): Array<Record<string, string | number | boolean | null>> {
  const rng = Rng.fromSeed(seed);
  return Array.from({ length: count }, () => {
    const z = rng.normal();
    return {
      age: Math.round(40 + 10 * z),
      income: Math.round(50000 + 15000 * z + 5000 * rng.normal()) / 100,
      tier: rng.pick(['free', 'pro', 'enterprise']),
      active: rng.bool(0.6),
      'address.city': rng.pick(['Lyon', 'Oslo']),
    };
  });
}

function csv(rows: Array<Record<string, unknown>>): string {
  const header = Object.keys(rows[0]!);
  return [header.join(','), ...rows.map((r) => header.map((h) => (r[h] === null ? '' : String(r[h]))).join(','))].join('\n') + '\n';
}

const schema = {
  type: 'object',
  required: ['age', 'income', 'tier', 'active'],
  properties: {
    age: { type: 'integer' },
    income: { type: 'number' },
    tier: { enum: ['free', 'pro', 'enterprise'] },
    active: { type: 'boolean' },
    address: { type: 'object', properties: { city: { type: 'string' } } },
  },
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sdg-evaluate-'));
  await writeFile(join(dir, 'real.csv'), csv(table(1, 600)));
  await writeFile(join(dir, 'synthetic.csv'), csv(table(2, 900)));
  await writeFile(
    join(dir, 'synthetic.jsonl'),
    table(3, 900)
      .map((r) => JSON.stringify(r))
      .join('\n'),
  );
  await writeFile(join(dir, 'copies.csv'), csv(table(1, 600).slice(0, 300)));
  await writeFile(join(dir, 'schema.json'), JSON.stringify(schema));
  await writeFile(join(dir, 'empty.csv'), '');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('synthdatagen evaluate', () => {
  it('scores CSV against CSV, typing numeric and boolean cells the same on both sides; JSON matches the report schema', async () => {
    const run = await cli(['synthetic.csv', '--reference', 'real.csv', '--schema', 'schema.json', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      status: string;
      summary: { quality: number; validity: number };
      columns: Array<{ name: string; kind: string }>;
    };
    const reportSchema = JSON.parse(await readFile(join(ROOT, 'docs/report.schema.json'), 'utf8')) as object;
    const validate = createAjv('2020-12').compile(reportSchema);
    expect(validate(report)).toBe(true);
    expect(Object.fromEntries(report.columns.map((c) => [c.name, c.kind]))).toEqual({
      age: 'numerical',
      income: 'numerical',
      tier: 'categorical',
      active: 'boolean',
      'address.city': 'pii',
    });
    expect(report.summary.validity).toBe(1); // integers, numbers and booleans typed; address.city nested back
    expect(report.summary.quality).toBeGreaterThan(0.85);
    expect(report.status).toBe('pass');
  });

  it('prints a text table with marks, JSONL data against a CSV reference', async () => {
    const run = await cli(['synthetic.jsonl', '-r', 'real.csv']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^synthdatagen evaluate: PASS ✓\ndata synthetic\.jsonl: 900 rows · reference real\.csv: 600 rows\n/);
    expect(run.stdout).toMatch(/quality 0\.\d+ ✓/);
    expect(run.stdout).toMatch(/\nincome +numerical +0\.0% /);
    expect(run.stdout).toMatch(/KS 0\.\d+ ✓/);
  });

  it('exits 1 when the status reaches --fail-on (default fail), 0 with --fail-on never', async () => {
    const failing = await cli(['copies.csv', '-r', 'real.csv']);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/✗ FAIL +exactCopyRate — 300 rows of 300 copy a reference row/);
    const tolerated = await cli(['copies.csv', '-r', 'real.csv', '--fail-on', 'never', '--format', 'json']);
    expect(tolerated.code).toBe(0);
    expect(JSON.parse(tolerated.stdout).status).toBe('fail');
    const strict = await cli(['synthetic.jsonl', '-r', 'real.csv', '--thresholds', '{"quality": {"pass": 0.999}}', '--fail-on', 'warn']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/! WARN +quality/);
  });

  it('bad input: one line on stderr and the documented exit code', async () => {
    const missing = await cli(['nope.csv']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^synthdatagen: cannot read data nope\.csv: no such file or directory\n$/);
    const empty = await cli(['empty.csv', '-r', 'real.csv']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/data empty\.csv: the sample empty\.csv is empty/);
    const format = await cli(['synthetic.csv', '--format', 'xml']);
    expect(format.code).toBe(64);
    expect(format.stderr).toMatch(/unknown --format "xml" for evaluate — use text or json/);
    const threshold = await cli(['synthetic.csv', '--thresholds', '{"qualty": {"pass": 1}}']);
    expect(threshold.code).toBe(64);
    expect(threshold.stderr).toMatch(/unknown threshold "qualty".*use one of rows, quality/);
  });
});
