/**
 * The service under load: `POST /api/syntheticDataPipeline` with 1,000 rows of the customer schema and 3
 * charts (two histograms and a value count, SVG + PNG), over loopback HTTP with autocannon, against the real
 * server started as its own process (`node dist/cli/main.js serve`), once on SQLite and once on PostgreSQL.
 * Prints P50/P95/P99 latency, sustained pipelines per minute, non-2xx answers and errors, side by side.
 *
 *   npm run build && npm run bench:service [-- --seconds 30 --connections 4 --server-workers 2 --databases sqlite,postgres]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const root = fileURLToPath(new URL('..', import.meta.url));
const POSTGRES_URL = process.env.SDG_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : (process.argv[i + 1] as string);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function startServer(env: Record<string, string>, workers: number): Promise<{ child: ChildProcess; url: string; key: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'dist/cli/main.js'), 'serve', '--port', String(port), '--workers', String(workers)], {
    env: { ...process.env, LOG_LEVEL: 'warn', SYNTHDATAGEN_RATE_LIMIT: '1000000', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const key = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /(sdg_[A-Za-z0-9_-]{43})/.exec(stderr);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, key };
}

interface Figures {
  readonly database: string;
  readonly requests: number;
  readonly perMinute: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly serverMs: { generate: number; scan: number; evaluate: number; visualize: number; total: number };
}

async function load(
  database: string,
  env: Record<string, string>,
  seconds: number,
  connections: number,
  workers: number,
): Promise<Figures> {
  const { child, url, key } = await startServer(env, workers);
  console.error(`${database}: server up at ${url}; warming up`);
  const schema = JSON.parse(readFileSync(join(root, 'bench/customer-schema.json'), 'utf8')) as unknown;
  const body = JSON.stringify({
    schema,
    rowCount: 1000,
    seed: 1,
    format: 'jsonl',
    options: { visualizations: { charts: ['histogram', 'values'], columns: ['age', 'balance', 'status'] } },
  });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
  try {
    // Warm-up: module loads, JIT, first chart render.
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${url}/api/syntheticDataPipeline`, { method: 'POST', headers, body });
      if (response.status !== 200) throw new Error(`warm-up answered ${response.status}: ${await response.text()}`);
      const json = (await response.json()) as { visualizations: unknown[] };
      if (json.visualizations.length !== 3) throw new Error(`expected 3 charts, got ${json.visualizations.length}`);
    }
    console.error(`${database}: loading for ${seconds} s`);
    const instance = autocannon({
      url: `${url}/api/syntheticDataPipeline`,
      method: 'POST',
      headers,
      body,
      connections,
      duration: seconds,
      timeout: 30,
    });
    // autocannon's summary has no P95: keep every 2xx latency and take exact percentiles.
    const latencies: number[] = [];
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
    const result = await instance;
    console.error(`${database}: ${result.requests.total} requests; reading server timings`);
    latencies.sort((a, b) => a - b);
    const percentile = (p: number): number =>
      Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN);
    const history = (await (await fetch(`${url}/api/pipelineHistory?limit=200`, { headers })).json()) as {
      items: Array<{ timings: Record<string, number> | null }>;
    };
    const timings = history.items.map((r) => r.timings).filter((t): t is Record<string, number> => t !== null);
    const median = (name: string): number => {
      const values = timings.map((t) => t[name] ?? 0).sort((a, b) => a - b);
      return values[Math.floor(values.length / 2)] ?? 0;
    };
    return {
      database,
      requests: result.requests.total,
      perMinute: (result['2xx'] / seconds) * 60,
      p50: percentile(0.5),
      p95: percentile(0.95),
      p99: percentile(0.99),
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      serverMs: {
        generate: median('generateMs'),
        scan: median('scanMs'),
        evaluate: median('evaluateMs'),
        visualize: median('visualizeMs'),
        total: median('totalMs'),
      },
    };
  } finally {
    console.error(`${database}: stopping the server`);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

async function main(): Promise<void> {
  const seconds = Number(arg('seconds', '30'));
  const connections = Number(arg('connections', '4'));
  const databases = arg('databases', 'sqlite,postgres').split(',');
  const workers = Number(arg('server-workers', '2'));
  const figures: Figures[] = [];
  for (const database of databases) {
    const dataDir = mkdtempSync(join(tmpdir(), 'sdg-bench-'));
    const schemaName = `sdg_bench_${process.pid}`;
    const env: Record<string, string> = { SYNTHDATAGEN_DATA_DIR: dataDir };
    if (database === 'postgres') env.DATABASE_URL = `${POSTGRES_URL}?schema=${schemaName}`;
    try {
      figures.push(await load(database, env, seconds, connections, workers));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      if (database === 'postgres') {
        const client = new pg.Client({ connectionString: POSTGRES_URL });
        await client.connect();
        await client.query(`drop schema if exists "${schemaName}" cascade`);
        await client.end();
      }
    }
  }
  console.log(
    `POST /api/syntheticDataPipeline, 1,000 customer rows + 3 charts (spec + SVG), ${connections} connections, ${workers} server processes, ${seconds} s each, after 5 warm-up runs`,
  );
  console.log(
    'database  | requests | pipelines/min | P50 ms | P95 ms | P99 ms | non-2xx | errors | server medians ms (generate/scan/evaluate/visualize/total)',
  );
  for (const f of figures) {
    console.log(
      `${f.database.padEnd(9)} | ${String(f.requests).padStart(8)} | ${f.perMinute.toFixed(0).padStart(13)} | ${String(f.p50).padStart(6)} | ${String(f.p95).padStart(6)} | ${String(f.p99).padStart(6)} | ${String(f.non2xx).padStart(7)} | ${String(f.errors).padStart(6)} | ${f.serverMs.generate}/${f.serverMs.scan}/${f.serverMs.evaluate}/${f.serverMs.visualize}/${f.serverMs.total}`,
    );
  }
  console.log('goal: P95 < 200 ms and ≥ 1000 pipelines/min');
}

await main();
