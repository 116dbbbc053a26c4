/** `synthdatagen visualize` and `synthdatagen report` run for real (child processes from the TypeScript source). */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { fingerprint } from '../../src/core/index.js';
import { customers, pngSize } from './helpers.js';

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
    const env: Record<string, string | undefined> = { ...process.env, SOURCE_DATE_EPOCH: '1714564800' };
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

/** The same CLI in this process (fast: for option handling and error paths); paths are absolute. */
async function inProcess(args: string[], input = ''): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  stdin.end(input);
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const io: CliIo = { stdin, stdout, stderr, env: { SOURCE_DATE_EPOCH: '1714564800' } };
  const code = await runCli(args, io);
  return { code, stdout: out, stderr: err };
}

const at = (name: string): string => join(dir, name);

function csv(rows: Array<Record<string, unknown>>): string {
  const header = Object.keys(rows[0]!);
  return [header.join(','), ...rows.map((r) => header.map((h) => (r[h] === null ? '' : String(r[h]))).join(','))].join('\n') + '\n';
}

const schema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    age: { type: 'integer' },
    income: { type: 'number' },
    tier: { enum: ['free', 'pro', 'enterprise'] },
    active: { type: 'boolean' },
    signup: { type: 'string', format: 'date' },
    balance: { type: ['number', 'null'] },
  },
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sdg-visualize-'));
  await writeFile(join(dir, 'synthetic.csv'), csv(customers(400, 21)));
  await writeFile(join(dir, 'real.csv'), csv(customers(500, 22, 0.1)));
  await writeFile(
    join(dir, 'rows.jsonl'),
    customers(300, 23)
      .map((r) => JSON.stringify(r))
      .join('\n'),
  );
  await writeFile(join(dir, 'schema.json'), JSON.stringify(schema));
  await writeFile(join(dir, 'array.json'), '[1, 2]');
  await writeFile(join(dir, 'empty.jsonl'), '');
  await writeFile(
    join(dir, 'leaky.jsonl'),
    Array.from({ length: 30 }, (_, i) => JSON.stringify({ email: `person${i}@gmail.com`, n: i % 7 })).join('\n'),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('synthdatagen visualize', () => {
  it('writes a spec, an SVG and PNGs at 1× and 2× per chart, and an index', async () => {
    const run = await cli(['visualize', 'synthetic.csv', '--reference', 'real.csv', '--out', 'charts']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('histogram-age: age: real vs synthetic');
    expect(run.stdout).toContain('skipped values id: an identifier column');
    const index = JSON.parse(await readFile(join(dir, 'charts/index.json'), 'utf8')) as {
      rows: number;
      reference: { rows: number };
      charts: Array<{
        id: string;
        alt: string;
        width: number;
        height: number;
        files: { spec: string; svg: string; png: Record<string, string> };
      }>;
      skipped: unknown[];
    };
    expect(index.rows).toBe(400);
    expect(index.reference.rows).toBe(500);
    expect(index.charts.map((c) => c.id)).toEqual(
      expect.arrayContaining(['histogram-age', 'values-tier', 'scatter-income-balance', 'correlation', 'nulls']),
    );
    const files = new Set(await readdir(join(dir, 'charts')));
    for (const chart of index.charts) {
      expect(chart.alt.length).toBeGreaterThan(20);
      expect(chart.files.png).toEqual({ '1x': `${chart.id}.png`, '2x': `${chart.id}@2x.png` });
      for (const file of [chart.files.spec, chart.files.svg, chart.files.png['1x']!, chart.files.png['2x']!])
        expect(files.has(file)).toBe(true);
      const spec = JSON.parse(await readFile(join(dir, 'charts', chart.files.spec), 'utf8')) as { $schema: string; description: string };
      expect(spec.$schema).toContain('vega-lite');
      expect(spec.description).toBe(chart.alt);
      expect(pngSize(await readFile(join(dir, 'charts', chart.files.png['1x']!)))).toEqual({ width: chart.width, height: chart.height });
      expect(pngSize(await readFile(join(dir, 'charts', chart.files.png['2x']!)))).toEqual({
        width: 2 * chart.width,
        height: 2 * chart.height,
      });
    }
    const html = await readFile(join(dir, 'charts/index.html'), 'utf8');
    expect(html).toContain('srcset="histogram-age.png 1x, histogram-age@2x.png 2x"');
  });

  it('takes a schema, chart kinds, columns, sizes and scales; reads stdin', async () => {
    const run = await cli(
      [
        'visualize',
        '-',
        '--schema',
        'schema.json',
        '--data-format',
        'jsonl',
        '--charts',
        'histogram,values',
        '--columns',
        'age,tier',
        '--scale',
        '3',
        '--width',
        '300',
        '--height',
        '150',
        '--top',
        '2',
        '--out',
        'small',
      ],
      await readFile(join(dir, 'rows.jsonl'), 'utf8'),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const files = (await readdir(join(dir, 'small'))).sort();
    expect(files).toEqual([
      'histogram-age.svg',
      'histogram-age.vl.json',
      'histogram-age@3x.png',
      'index.html',
      'index.json',
      'values-tier.svg',
      'values-tier.vl.json',
      'values-tier@3x.png',
    ]);
    const spec = JSON.parse(await readFile(join(dir, 'small/values-tier.vl.json'), 'utf8')) as {
      data: { values: unknown[] };
      width: number;
    };
    expect(spec.width).toBe(300);
    expect(spec.data.values).toHaveLength(3); // top 2 + other
    const svgOnly = await inProcess(['visualize', at('rows.jsonl'), '--charts', 'nulls', '--scale', '', '--out', at('svg-only')]);
    expect(svgOnly.code).toBe(0);
    expect((await readdir(join(dir, 'svg-only'))).sort()).toEqual(['index.html', 'index.json', 'nulls.svg', 'nulls.vl.json']);
  });

  it('refuses bad options and unreadable input with one line and the usage or I/O status', async () => {
    const rows = at('rows.jsonl');
    const cases: Array<[string[], number, RegExp]> = [
      [['visualize', rows], 64, /needs --out DIR/],
      [['visualize', rows, '--out', at('x'), '--charts', 'pie'], 64, /unknown chart kind "pie"/],
      [['visualize', rows, '--out', at('x'), '--scale', '0'], 64, /--scale takes numbers above 0/],
      [['visualize', rows, '--out', at('x'), '--width', 'wide'], 64, /--width must be a whole number/],
      [['visualize', rows, '--out', at('x'), '--columns', 'nope'], 64, /unknown column "nope"/],
      [['visualize', rows, '--out', at('x'), '--data-format', 'xml'], 64, /unknown --data-format/],
      [['visualize', '-', '--reference', '-', '--out', at('x')], 64, /cannot both be read from stdin/],
      [['visualize', at('missing.csv'), '--out', at('x')], 2, /cannot read data .*missing\.csv: no such file/],
      [['visualize', rows, '--out', rows], 2, /cannot create --out .*rows\.jsonl/],
      [['visualize', at('empty.jsonl'), '--out', at('x')], 2, /data .*empty\.jsonl: the sample .*is empty/],
    ];
    for (const [args, code, message] of cases) {
      const run = await inProcess(args);
      expect(run.code, args.join(' ')).toBe(code);
      expect(run.stderr).toMatch(/^synthdatagen: [^\n]*\n$/);
      expect(run.stderr).toMatch(message);
    }
  });
});

describe('synthdatagen report', () => {
  it('writes report.json and a self-contained report.html from one pass', async () => {
    const run = await cli([
      'report',
      'synthetic.csv',
      '--reference',
      'real.csv',
      '--schema',
      'schema.json',
      '--out',
      'report',
      '--title',
      'Nightly',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^report: (pass|warn|fail) \(evaluation (pass|warn|fail), quality 0\.\d{3}; PII clean; \d+ charts\) → report\/report\.html, report\/report\.json\n$/,
    );
    const doc = JSON.parse(await readFile(join(dir, 'report/report.json'), 'utf8')) as Record<string, unknown>;
    expect(doc.reportDocumentVersion).toBe(1);
    expect(doc.title).toBe('Nightly');
    expect(doc.generatedAt).toBe('2024-05-01T12:00:00.000Z');
    expect(doc.schemaFingerprint).toBe(fingerprint(schema));
    expect((doc.evaluation as { rows: number }).rows).toBe(400);
    expect((doc.pii as { verdict: string }).verdict).toBe('clean');
    expect((doc.charts as unknown[]).length).toBeGreaterThan(5);
    expect(doc.parameters).toEqual({ command: 'synthdatagen report', schema: 'schema.json' });
    expect(doc.data).toEqual({ name: 'synthetic.csv', rows: 400 });
    expect(doc.reference).toEqual({ name: 'real.csv', rows: 500 });
    const html = await readFile(join(dir, 'report/report.html'), 'utf8');
    expect(html).toContain('<h1>Nightly');
    expect(html).toContain(fingerprint(schema));
    expect(html.match(/<svg /g)!.length).toBe((doc.charts as unknown[]).length);
    expect(html).not.toMatch(/<script|<link|<img|\s(src|href)="(?!#)/i);
  });

  it('reports a PII block, and --fail-on turns it into exit 6', async () => {
    const run = await inProcess(['report', at('leaky.jsonl'), '--out', at('leaky'), '--charts', 'nulls']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('report: fail');
    expect(run.stdout).toContain('PII blocked');
    const html = await readFile(join(dir, 'leaky/report.html'), 'utf8');
    expect(html).toContain('✗ blocked');
    expect(html).not.toContain('person1@gmail.com');
    const failing = await inProcess(['report', at('leaky.jsonl'), '--out', at('leaky'), '--charts', 'nulls', '--fail-on', 'fail']);
    expect(failing.code).toBe(6);
    const strict = [
      'report',
      at('rows.jsonl'),
      '--out',
      at('strict'),
      '--charts',
      'nulls',
      '--thresholds',
      '{"rows": {"pass": 1000, "warn": 500}}',
    ];
    const thresholds = await inProcess([...strict, '--fail-on', 'fail']);
    expect(thresholds.stdout).toContain('report: fail');
    expect(thresholds.code).toBe(1);
    await writeFile(at('thresholds.json'), '{"rows": {"pass": 200, "warn": 100}}');
    const warn = await inProcess([
      'report',
      at('rows.jsonl'),
      '--out',
      at('strict'),
      '--charts',
      'nulls',
      '--thresholds',
      at('thresholds.json'),
      '--fail-on',
      'warn',
    ]);
    expect(warn.code).toBe(0);
  });

  it('refuses bad options with one line', async () => {
    const rows = at('rows.jsonl');
    const cases: Array<[string[], number, RegExp]> = [
      [['report', rows], 64, /report needs --out DIR/],
      [['report', rows, '--out', at('r'), '--fail-on', 'sometimes'], 64, /unknown --fail-on/],
      [['report', rows, '--out', at('r'), '--thresholds', '{"rows": 1}'], 64, /threshold/],
      [['report', rows, '--out', at('r'), '--thresholds', at('schema.json')], 64, /threshold/],
      [['report', rows, '--out', at('r'), '--charts', 'bars'], 64, /unknown chart kind/],
      [['report', rows, '--out', at('r'), '--schema', at('array.json')], 3, /the schema must be a JSON object/],
    ];
    for (const [args, code, message] of cases) {
      const run = await inProcess(args);
      expect(run.code, args.join(' ')).toBe(code);
      expect(run.stderr).toMatch(message);
    }
  });
});
