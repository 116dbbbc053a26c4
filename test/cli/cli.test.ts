/**
 * The CLI run for real, as a child process from TypeScript source (`node --import tsx src/cli/main.ts`), so
 * the suite needs no prior build and checks exactly what a user gets: bytes on stdout, one line on stderr,
 * the exit code.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonSchema, JsonValue } from '../../src/core/types.js';
import { generate } from '../../src/generate/index.js';
import { createWriter, memorySink, type OutputFormat } from '../../src/generate/writers/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'src/cli/main.ts');
// Absolute, because the children run in a temporary directory where a bare `tsx` would not resolve.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

let dir = '';

function cli(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, ...options.env };
    if (options.env?.SYNTHDATAGEN_DEBUG === undefined) delete env.SYNTHDATAGEN_DEBUG;
    const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], { cwd: dir, env, stdio: 'pipe' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.end(options.input ?? '');
  });
}

const customer: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['id', 'first_name', 'email', 'phone', 'tier', 'balance', 'active', 'address'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    first_name: { type: 'string' },
    email: { type: 'string', format: 'email' },
    phone: { type: 'string', pattern: '^\\+1-555-[0-9]{3}-[0-9]{4}$' },
    tier: { type: 'string', enum: ['free', 'pro', 'enterprise'] },
    balance: { type: 'number', minimum: 0, maximum: 10000 },
    active: { type: 'boolean' },
    address: {
      type: 'object',
      required: ['city', 'zip'],
      properties: { city: { type: 'string' }, zip: { type: 'string', pattern: '^[0-9]{5}$' } },
    },
    tags: { type: 'array', items: { enum: ['a', 'b', 'c'] }, maxItems: 3 },
  },
};

function rows(count: number, seed: number, offset = 0): JsonValue[] {
  return [...generate(customer, { count, seed, offset })];
}

async function encode(format: OutputFormat, data: JsonValue[]): Promise<Buffer> {
  const sink = memorySink();
  const writer = createWriter(format, sink, { schema: customer });
  for (const row of data) await writer.write(row);
  await writer.end();
  return Buffer.from(sink.bytes());
}

/** Every failure is reported as exactly one line, and never with a stack trace. */
function expectOneLine(run: Run, pattern: RegExp): void {
  expect(run.stderr).toMatch(/^synthdatagen: [^\n]*\n$/);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sdg-cli-'));
  const files: Record<string, string> = {
    'customer.json': JSON.stringify(customer, null, 2),
    // The error sits on line 3, column 26 (the `}` after `tru`).
    'bad.json': '{\n  "type": "object",\n  "properties": {"a": tru}\n}\n',
    'invalid.json': JSON.stringify({ type: 'strnig' }),
    'minmax.json': JSON.stringify({ type: 'object', properties: { age: { type: 'integer', minimum: 10, maximum: 5 } } }),
    'never.json': JSON.stringify({
      type: 'object',
      required: ['a'],
      properties: { a: { type: 'string', pattern: '^a$', not: { const: 'a' } } },
    }),
    'ref.json': JSON.stringify({ type: 'object', required: ['a'], properties: { a: { $ref: '#/$defs/missing' } } }),
    'remote.json': JSON.stringify({ type: 'object', required: ['home'], properties: { home: { $ref: 'address.json' } } }),
    'warn.json': JSON.stringify({ type: 'object', properties: { n: { type: 'integer', 'x-nullRate': 0.2 } } }),
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  await mkdir(join(dir, 'refs'));
  await writeFile(
    join(dir, 'refs', 'address.json'),
    JSON.stringify({ type: 'object', required: ['zip'], properties: { zip: { type: 'string', pattern: '^[0-9]{5}$' } } }),
  );
});

afterAll(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe.concurrent('synthdatagen generate', () => {
  it('writes JSONL to stdout by default, the same rows as the library', async () => {
    const run = await cli(['generate', 'customer.json', '--count', '25', '--seed', '7']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.equals(await encode('jsonl', rows(25, 7)))).toBe(true);
    const lines = run.stdout.toString('utf8').trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line) as JsonValue)).toEqual(rows(25, 7));
  });

  it('writes a JSON array', async () => {
    const run = await cli(['generate', 'customer.json', '-n', '12', '-s', '3', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout.toString('utf8'))).toEqual(rows(12, 3));
    expect(run.stdout.equals(await encode('json', rows(12, 3)))).toBe(true);
  });

  it('writes CSV with dotted headers for nested objects', async () => {
    const run = await cli(['generate', 'customer.json', '-n', '9', '-s', '3', '--format', 'csv']);
    expect(run.code).toBe(0);
    const text = run.stdout.toString('utf8');
    expect(text.split('\r\n')[0]).toBe('id,first_name,email,phone,tier,balance,active,address.city,address.zip,tags');
    expect(run.stdout.equals(await encode('csv', rows(9, 3)))).toBe(true);
  });

  it('writes Parquet to a file, the format inferred from the extension, with no temporary file left', async () => {
    const run = await cli(['generate', 'customer.json', '-n', '40', '-s', '5', '--out', 'out.parquet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const bytes = await readFile(join(dir, 'out.parquet'));
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PAR1');
    expect(bytes.subarray(-4).toString('latin1')).toBe('PAR1');
    expect(bytes.equals(await encode('parquet', rows(40, 5)))).toBe(true);
    expect((await readdir(dir)).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('infers CSV from an --out extension', async () => {
    const run = await cli(['generate', 'customer.json', '-n', '5', '-o', 'out.csv']);
    expect(run.code).toBe(0);
    expect((await readFile(join(dir, 'out.csv'), 'utf8')).startsWith('id,first_name,')).toBe(true);
  });

  it('--offset K --count N is the slice K … K+N-1 of the full run', async () => {
    const full = await cli(['generate', 'customer.json', '-n', '40', '-s', '11']);
    const slice = await cli(['generate', 'customer.json', '-n', '12', '-s', '11', '--offset', '17']);
    expect(slice.code).toBe(0);
    const lines = full.stdout.toString('utf8').split('\n');
    expect(slice.stdout.toString('utf8')).toBe(lines.slice(17, 29).join('\n') + '\n');
  });

  it.each(['jsonl', 'csv'])('gives identical %s bytes with --workers 1 and --workers 2', async (format) => {
    const args = ['generate', 'customer.json', '-n', '150', '-s', '21', '--offset', '3', '-f', format];
    const [one, two] = await Promise.all([cli([...args, '--workers', '1']), cli([...args, '--workers', '2', '--chunk-size', '7'])]);
    expect(one.code).toBe(0);
    expect(two.stderr).toBe('');
    expect(two.code).toBe(0);
    expect(two.stdout.length).toBeGreaterThan(0);
    expect(two.stdout.equals(one.stdout)).toBe(true);
  });

  it('reads the schema from stdin with -', async () => {
    const run = await cli(['generate', '-', '-n', '4', '-s', '2'], { input: JSON.stringify(customer) });
    expect(run.code).toBe(0);
    expect(run.stdout.equals(await encode('jsonl', rows(4, 2)))).toBe(true);
  });

  it('resolves relative $refs from a --refs directory', async () => {
    const run = await cli(['generate', 'remote.json', '-n', '3', '--refs', 'refs']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const line of run.stdout.toString('utf8').trimEnd().split('\n')) {
      expect((JSON.parse(line) as { home: { zip: string } }).home.zip).toMatch(/^[0-9]{5}$/);
    }
  });

  it('ends quietly with 0 when the reader closes the pipe early', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', TSX, MAIN, 'generate', 'customer.json', '-n', '200000', '-w', '1'], { cwd: dir });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe.concurrent('exit codes', () => {
  it('2: unreadable file', async () => {
    const run = await cli(['generate', 'missing.json', '-n', '1']);
    expect(run.code).toBe(2);
    expectOneLine(run, /cannot read missing\.json: no such file or directory/);
  });

  it('2: invalid JSON, with file:line:column', async () => {
    const run = await cli(['generate', 'bad.json', '-n', '1']);
    expect(run.code).toBe(2);
    expectOneLine(run, /^synthdatagen: bad\.json:3:26: Unexpected token '}'\n$/);
  });

  it('2: invalid JSON on stdin', async () => {
    const run = await cli(['lint', '-'], { input: '{"a": 1,}' });
    expect(run.code).toBe(2);
    expectOneLine(run, /<stdin>:1:9: /);
  });

  it('2: output cannot be written', async () => {
    const run = await cli(['generate', 'customer.json', '-n', '1', '-o', 'no/such/dir/out.csv']);
    expect(run.code).toBe(2);
    expectOneLine(run, /cannot write no\/such\/dir\/out\.csv/);
  });

  it('3: invalid schema', async () => {
    const run = await cli(['generate', 'invalid.json', '-n', '1']);
    expect(run.code).toBe(3);
    expectOneLine(run, /not a valid 2020-12 schema.*\(at \/type\)/);
  });

  it('4: unsatisfiable schema found by lint, with its pointer', async () => {
    const run = await cli(['generate', 'minmax.json', '-n', '1']);
    expect(run.code).toBe(4);
    expectOneLine(run, /\(at \/properties\/age\)/);
  });

  it('4: unsatisfiable schema found while generating, with its pointer and hint', async () => {
    const run = await cli(['generate', 'never.json', '-n', '1']);
    expect(run.code).toBe(4);
    expectOneLine(run, /could not generate a valid instance.*\(at \/properties\/a\) — /);
  });

  it('4: the same error from the worker pool', async () => {
    const run = await cli(['generate', 'never.json', '-n', '10', '--workers', '2']);
    expect(run.code).toBe(4);
    expectOneLine(run, /could not generate a valid instance.*\(at \/properties\/a\) — /);
  });

  it('5: unresolvable $ref', async () => {
    const run = await cli(['generate', 'ref.json', '-n', '1']);
    expect(run.code).toBe(5);
    expectOneLine(run, /cannot resolve \$ref "#\/\$defs\/missing".*\(at \/properties\/a\/\$ref\)/);
  });

  it('5: a relative $ref without --refs', async () => {
    const run = await cli(['generate', 'remote.json', '-n', '1']);
    expect(run.code).toBe(5);
  });

  it.each([
    [['-n', '-5'], /--count must not be negative/],
    [['-n', '2.5'], /--count must be a whole number/],
    [['-n', 'lots'], /--count must be a whole number/],
    [['-n', '10', '--offset', '-1'], /--offset must not be negative/],
    [['-n', '10', '--format', 'xml'], /unknown --format "xml"/],
    [['-n', '10', '--format', 'parquet'], /Parquet is binary/],
    [['-n', '10', '--draft', '5'], /unknown --draft "5"/],
    [['-n', '10', '--workers', '0'], /--workers must be/],
    [['-n', '10', '--frobnicate'], /unknown option '--frobnicate'/],
    [[], /required option '-n, --count <n>' not specified/],
  ])('64: usage %j', async (args, pattern) => {
    const run = await cli(['generate', 'customer.json', ...args]);
    expect(run.code).toBe(64);
    expectOneLine(run, pattern);
  });

  it('64: a count above SYNTHDATAGEN_MAX_ROWS', async () => {
    const run = await cli(['generate', 'customer.json', '-n', '101'], { env: { SYNTHDATAGEN_MAX_ROWS: '100' } });
    expect(run.code).toBe(64);
    expectOneLine(run, /--count 101 is above the maximum of 100/);
  });

  it('64: a count above the default maximum of 100,000,000', async () => {
    const run = await cli(['generate', 'customer.json', '-n', '100000001']);
    expect(run.code).toBe(64);
    expectOneLine(run, /above the maximum of 100000000/);
  });

  it('prints the stack only with SYNTHDATAGEN_DEBUG=1', async () => {
    const run = await cli(['generate', 'never.json', '-n', '1'], { env: { SYNTHDATAGEN_DEBUG: '1' } });
    expect(run.code).toBe(4);
    expect(run.stderr.split('\n')[0]).toMatch(/^synthdatagen: could not generate/);
    expect(run.stderr).toMatch(/\n\s+at /);
  });

  it('lists the exit codes in --help', async () => {
    const run = await cli(['generate', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout.toString()).toMatch(/Exit codes:[\s\S]*64 {2}usage/);
  });
});

describe.concurrent('synthdatagen lint', () => {
  it('prints "severity /pointer: message — hint" and exits 1 on an error', async () => {
    const run = await cli(['lint', 'minmax.json']);
    expect(run.code).toBe(1);
    const lines = run.stdout.toString('utf8').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^error \/properties\/age: .+ — .+$/);
    expect(lines.at(-1)).toBe('1 error, 0 warnings (2020-12)');
  });

  it('exits 0 with warnings only', async () => {
    const run = await cli(['lint', 'warn.json']);
    expect(run.code).toBe(0);
    expect(run.stdout.toString('utf8')).toMatch(/^warning \/properties\/n\/x-nullRate: .+ — .+\n0 errors, 1 warning \(2020-12\)\n$/);
  });

  it('exits 0 and says so for a clean schema', async () => {
    const run = await cli(['lint', 'customer.json']);
    expect(run.code).toBe(0);
    expect(run.stdout.toString('utf8')).toBe('no issues (2020-12)\n');
  });

  it('reports as JSON with --format json', async () => {
    const run = await cli(['lint', 'ref.json', '--format', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout.toString('utf8')) as {
      file: string;
      valid: boolean;
      issues: Array<{ code: string; pointer: string }>;
    };
    expect(report.file).toBe('ref.json');
    expect(report.valid).toBe(false);
    expect(report.issues).toContainEqual(expect.objectContaining({ code: 'unresolved-ref', pointer: '/properties/a/$ref' }));
  });

  it('honours --draft', async () => {
    // In draft 4, exclusiveMinimum is a boolean; a number there breaks the meta-schema.
    const run = await cli(['lint', '-', '--draft', '4'], { input: JSON.stringify({ type: 'number', exclusiveMinimum: 3 }) });
    expect(run.code).toBe(1);
    expect(run.stdout.toString('utf8')).toMatch(/draft4/);
  });
});
