/**
 * Scale-out figures: the API (`synthdatagen serve`) and W workers (`synthdatagen worker`) as separate
 * processes on PostgreSQL and Redis, run from the TypeScript source (tsx) so no build is needed.
 *
 *   npx tsx bench/scale.ts throughput [--seconds 600] [--connections 8] [--workers 2] [--mode queue|request]
 *     1,000-row pipelines of the customer schema with 3 charts, over HTTP, for --seconds. `queue`: every run
 *     goes through Redis to the workers (202, then the client waits on the run's server-sent events);
 *     `request`: runs execute inside the API request (the embedded path, workers idle). Prints sustained
 *     pipelines/min, latency percentiles, errors, CPU-seconds per pipeline by process, stored bytes per
 *     pipeline, and the cost model's € per 1,000 pipelines (docs/operations.md).
 *
 *   npx tsx bench/scale.ts large [--rows 100000000] [--chunk-rows 1000000] [--workers 2]
 *     One run of --rows rows of a 4-column schema (JSON Lines), chunked across the workers: wall time, rows/s,
 *     peak RSS per process, and byte identity of the first chunk with a one-pass run of its rows.
 *
 * PostgreSQL: a fresh schema in postgres://postgres@127.0.0.1:5432/test (dropped afterwards); Redis:
 * 127.0.0.1:6379 under a fresh key prefix (removed afterwards). CPU of the PostgreSQL and Redis servers is
 * measured from /proc too, but they are shared with anything else running on the machine.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import pg from 'pg';
import { createKey } from '../src/auth/index.js';
import { openStore, type FileArtifactStore } from '../src/store/index.js';
import { runPipeline } from '../src/pipeline/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const POSTGRES_URL = process.env.SDG_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.SDG_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TICKS = 100; // USER_HZ on Linux

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

/** CPU seconds (user + system) of a process and its threads so far. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

/** Peak resident set (VmHWM) in MB. */
function peakRssMb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

function pidsOf(name: RegExp): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        return name.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
      } catch {
        return false;
      }
    });
}

interface Proc {
  readonly name: string;
  readonly child: ChildProcess;
  log(): string;
}

interface Deployment {
  readonly url: string;
  readonly key: string;
  readonly api: Proc;
  readonly workers: Proc[];
  readonly dataDir: string;
  readonly databaseUrl: string;
  stop(): Promise<void>;
}

async function deploy(workers: number, env: Record<string, string>): Promise<Deployment> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sdg-scale-bench-'));
  const schemaName = `sdg_scale_${process.pid}`;
  const prefix = `sdgbench${process.pid}${randomBytes(3).toString('hex')}`;
  const databaseUrl = `${POSTGRES_URL}?schema=${schemaName}`;
  const store = await openStore({ databaseUrl, dataDir });
  const key = (await createKey(store, { role: 'admin', name: 'bench', actor: { id: 'bench' } })).secret;
  await store.close();
  const port = await freePort();
  const common = {
    ...process.env,
    REDIS_URL,
    DATABASE_URL: databaseUrl,
    SYNTHDATAGEN_DATA_DIR: dataDir,
    SYNTHDATAGEN_QUEUE_PREFIX: prefix,
    SYNTHDATAGEN_RATE_LIMIT: '100000000',
    SYNTHDATAGEN_MAX_QUEUED_RUNS: '100000',
    LOG_LEVEL: 'warn',
    ...env,
  };
  const start = (name: string, args: string[]): Proc => {
    // Workers log at info at least: their "worker started" line is how readiness is seen.
    const env = args[0] === 'worker' && common.LOG_LEVEL === 'warn' ? { ...common, LOG_LEVEL: 'info' } : common;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: root,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let text = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.length > 1_000_000) text = text.slice(-500_000);
    });
    return { name, child, log: () => text };
  };
  const api = start('api', ['serve', '--port', String(port)]);
  const procs = Array.from({ length: workers }, (_, i) => start(`worker${i + 1}`, ['worker']));
  const wait = async (proc: Proc, pattern: RegExp): Promise<void> => {
    const deadline = Date.now() + 60_000;
    while (!pattern.test(proc.log())) {
      if (Date.now() > deadline || proc.child.exitCode !== null) throw new Error(`${proc.name} did not start: ${proc.log()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  try {
    await wait(api, /serving on/);
    for (const proc of procs) await wait(proc, /worker started/);
  } catch (error) {
    for (const proc of [api, ...procs]) proc.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    key,
    api,
    workers: procs,
    dataDir,
    databaseUrl,
    async stop() {
      for (const proc of [api, ...procs]) proc.child.kill('SIGTERM');
      await Promise.all([api, ...procs].map((p) => (p.child.exitCode === null ? new Promise((r) => p.child.once('exit', r)) : undefined)));
      for (const name of ['runs', 'chunks']) {
        const queue = new Queue(name, { connection: { url: REDIS_URL }, prefix });
        await queue.obliterate({ force: true }).catch(() => undefined);
        await queue.close();
      }
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema if exists "${schemaName}" cascade`);
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function percentile(sorted: readonly number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN);
}

async function readUntilDone(response: Response): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return text;
    text += decoder.decode(value, { stream: true });
    const match = /event: done\ndata: (\{[^\n]*\})/.exec(text);
    if (match) {
      await reader.cancel();
      return (JSON.parse(match[1]!) as { status: string }).status;
    }
  }
}

async function throughput(): Promise<void> {
  const seconds = Number(arg('seconds', '600'));
  const connections = Number(arg('connections', '8'));
  const workers = Number(arg('workers', '2'));
  const mode = arg('mode', 'queue');
  const deployment = await deploy(workers, mode === 'queue' ? { SYNTHDATAGEN_ASYNC_ROWS: '0' } : {});
  const schema = JSON.parse(readFileSync(join(root, 'bench/customer-schema.json'), 'utf8')) as unknown;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${deployment.key}` };
  let seed = 0;
  const body = (): string =>
    JSON.stringify({
      schema,
      rowCount: 1000,
      seed: seed++,
      format: 'jsonl',
      options: { visualizations: { charts: ['histogram', 'values'], columns: ['age', 'balance', 'status'] } },
    });
  /** One pipeline end to end; resolves with its status. */
  const pipeline = async (): Promise<string> => {
    const response = await fetch(`${deployment.url}/api/syntheticDataPipeline`, { method: 'POST', headers, body: body() });
    const json = (await response.json()) as { status?: string; eventsUrl?: string };
    if (response.status === 200) return json.status ?? 'unknown';
    if (response.status !== 202) return `http ${response.status}`;
    const events = await fetch(`${deployment.url}${json.eventsUrl}`, { headers });
    return readUntilDone(events);
  };
  try {
    for (let i = 0; i < 5; i++) if ((await pipeline()) !== 'succeeded') throw new Error('warm-up pipeline failed');
    const postgres = pidsOf(/^postgres/);
    const redis = pidsOf(/^redis-server/);
    const procs = [deployment.api, ...deployment.workers];
    const cpuBefore = procs.map((p) => cpuSeconds(p.child.pid!));
    const sharedBefore = {
      postgres: postgres.reduce((n, pid) => n + cpuSeconds(pid), 0),
      redis: redis.reduce((n, pid) => n + cpuSeconds(pid), 0),
    };
    const latencies: number[] = [];
    const errors = new Map<string, number>();
    const deadline = Date.now() + seconds * 1000;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (Date.now() < deadline) {
          const t0 = performance.now();
          const status = await pipeline().catch((error: Error) => `error ${error.message}`);
          if (status === 'succeeded') latencies.push(performance.now() - t0);
          else errors.set(status, (errors.get(status) ?? 0) + 1);
        }
      }),
    );
    const elapsed = (Date.now() - started) / 1000;
    const cpu = procs.map((p, i) => ({
      name: p.name,
      seconds: cpuSeconds(p.child.pid!) - cpuBefore[i]!,
      peakRssMb: peakRssMb(p.child.pid!),
    }));
    const sharedCpu = {
      postgres: postgres.reduce((n, pid) => n + cpuSeconds(pid), 0) - sharedBefore.postgres,
      redis: redis.reduce((n, pid) => n + cpuSeconds(pid), 0) - sharedBefore.redis,
    };
    const ok = latencies.length;
    latencies.sort((a, b) => a - b);
    const client = new pg.Client({ connectionString: deployment.databaseUrl.replace(/\?schema=.*/, '') });
    await client.connect();
    const schemaName = /schema=([^&]+)/.exec(deployment.databaseUrl)![1]!;
    const dbBytes = Number(
      (
        await client.query(
          `select sum(pg_total_relation_size(quote_ident(schemaname) || '.' || quote_ident(tablename)))::bigint as b from pg_tables where schemaname = $1`,
          [schemaName],
        )
      ).rows[0].b,
    );
    const runs = Number((await client.query(`select count(*)::bigint as n from "${schemaName}".runs`)).rows[0].n);
    await client.end();
    const artifactBytes = Number(
      spawnSync('du', ['-sb', join(deployment.dataDir, 'artifacts')], { encoding: 'utf8' }).stdout.split('\t')[0],
    );
    const total = cpu.reduce((n, c) => n + c.seconds, 0);
    console.log(
      `mode ${mode}: API + ${workers} workers, PostgreSQL + Redis, ${connections} clients, ${Math.round(elapsed)} s, 1,000 customer rows + 3 charts per pipeline`,
    );
    console.log(
      `pipelines: ${ok} succeeded, ${[...errors.values()].reduce((a, b) => a + b, 0)} errors ${JSON.stringify(Object.fromEntries(errors))}`,
    );
    console.log(`sustained: ${((ok / elapsed) * 60).toFixed(0)} pipelines/min`);
    console.log(
      `latency ms (submit → done): P50 ${percentile(latencies, 0.5)}, P95 ${percentile(latencies, 0.95)}, P99 ${percentile(latencies, 0.99)}, max ${percentile(latencies, 1)}`,
    );
    for (const c of cpu)
      console.log(
        `cpu ${c.name}: ${c.seconds.toFixed(1)} s (${((c.seconds / Math.max(1, ok)) * 1000).toFixed(1)} ms per pipeline), peak RSS ${c.peakRssMb} MB`,
      );
    console.log(`cpu postgres (all backends, shared machine): ${sharedCpu.postgres.toFixed(1)} s; redis: ${sharedCpu.redis.toFixed(1)} s`);
    console.log(
      `cpu per pipeline: ${((total / Math.max(1, ok)) * 1000).toFixed(1)} ms in SynthDataGen processes, ${(((total + sharedCpu.postgres + sharedCpu.redis) / Math.max(1, ok)) * 1000).toFixed(1)} ms with the databases`,
    );
    console.log(
      `stored per pipeline: ${(artifactBytes / Math.max(1, runs) / 1024).toFixed(1)} KiB of artifacts, ${(dbBytes / Math.max(1, runs) / 1024).toFixed(1)} KiB of database (${runs} runs incl. warm-up)`,
    );
  } finally {
    await deployment.stop();
  }
}

async function sha256File(path: string, length?: number): Promise<string> {
  const hash = createHash('sha256');
  const stream = createReadStream(path, length === undefined ? {} : { start: 0, end: length - 1 });
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function large(): Promise<void> {
  const rows = Number(arg('rows', '100000000'));
  const chunkRows = Number(arg('chunk-rows', '1000000'));
  const workers = Number(arg('workers', '2'));
  const schema = {
    type: 'object',
    required: ['id', 'email', 'plan', 'amount'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      email: { type: 'string', format: 'email' },
      plan: { enum: ['free', 'pro', 'team'] },
      amount: { type: 'number', minimum: 0, maximum: 500, multipleOf: 0.01 },
    },
  };
  const deployment = await deploy(workers, {
    SYNTHDATAGEN_MAX_ROWS: String(rows),
    SYNTHDATAGEN_CHUNK_FROM_ROWS: String(chunkRows),
    SYNTHDATAGEN_CHUNK_ROWS: String(chunkRows),
    LOG_LEVEL: 'info',
  });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${deployment.key}` };
  try {
    const t0 = Date.now();
    const procs = [deployment.api, ...deployment.workers];
    const cpuBefore = procs.map((p) => cpuSeconds(p.child.pid!));
    const response = await fetch(`${deployment.url}/api/syntheticDataPipeline`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ schema, rowCount: rows, seed: 2024, format: 'jsonl', options: { visualizations: true } }),
    });
    const submitted = (await response.json()) as { runId: string };
    if (response.status !== 202) throw new Error(`submit answered ${response.status}: ${JSON.stringify(submitted)}`);
    let run: { status: string; durationMs?: number; evaluation?: { status: string }; pii?: { verdict: string } } = { status: 'queued' };
    let lastReport = 0;
    while (run.status === 'queued' || run.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      run = (await (await fetch(`${deployment.url}/api/runs/${submitted.runId}`, { headers })).json()) as typeof run;
      if (Date.now() - lastReport > 60_000) {
        lastReport = Date.now();
        const done = deployment.workers.map((w) => w.log().match(/"msg":"chunk finished"/g)?.length ?? 0).reduce((a, b) => a + b, 0);
        console.error(`… ${Math.round((Date.now() - t0) / 1000)} s: ${done} of ${Math.ceil(rows / chunkRows)} chunks done`);
      }
    }
    const wall = (Date.now() - t0) / 1000;
    const cpu = procs.map((p, i) => cpuSeconds(p.child.pid!) - cpuBefore[i]!);
    const rss = procs.map((p) => `${p.name} ${peakRssMb(p.child.pid!)} MB`);
    const perWorker = deployment.workers.map((w) => `${w.name} ${w.log().match(/"msg":"chunk finished"/g)?.length ?? 0} chunks`);
    if (run.status !== 'succeeded') throw new Error(`the run ${run.status}: ${JSON.stringify(run)}`);
    // The dataset and the first chunk's rows from one pass.
    const store = await openStore({ databaseUrl: deployment.databaseUrl, dataDir: deployment.dataDir, migrate: false });
    const record = (await store.runs.get(submitted.runId))!;
    const dataset = record.artifacts.find((a) => a.kind === 'dataset')!;
    // The bench runs on the folder store (its default), so the dataset is a file it can hash in place.
    const path = (store.artifacts as FileArtifactStore).pathOf(dataset.digest);
    await store.close();
    const firstChunk = await runPipeline({ schema, rowCount: Math.min(rows, chunkRows), seed: 2024, options: { visualizations: false } });
    const onePass = createHash('sha256').update(firstChunk.dataset!.bytes).digest('hex');
    const joinedPrefix = await sha256File(path, firstChunk.dataset!.bytes.length);
    const lines = Number(spawnSync('wc', ['-l', path], { encoding: 'utf8' }).stdout.split(' ')[0]);
    console.log(
      `${rows.toLocaleString('en')} rows (4 columns, JSON Lines) in ${Math.ceil(rows / chunkRows)} chunks of ${chunkRows.toLocaleString('en')} on ${workers} workers`,
    );
    console.log(
      `wall time ${wall.toFixed(0)} s (${Math.round(rows / wall).toLocaleString('en')} rows/s), run duration ${Math.round((record.durationMs ?? 0) / 1000)} s, evaluation ${run.evaluation?.status}, PII ${run.pii?.verdict}`,
    );
    console.log(`dataset ${(dataset.size / 1e9).toFixed(2)} GB, ${lines.toLocaleString('en')} lines`);
    console.log(`peak RSS: ${rss.join(', ')}; chunks: ${perWorker.join(', ')}`);
    const cpuTotal = cpu.reduce((a, b) => a + b, 0);
    console.log(
      `cpu: ${procs.map((p, i) => `${p.name} ${cpu[i]!.toFixed(0)} s`).join(', ')}; ${((cpuTotal / rows) * 1e6).toFixed(1)} CPU-s per million rows`,
    );
    console.log(
      `first ${Math.min(rows, chunkRows).toLocaleString('en')} rows byte-identical to a one-pass run: ${joinedPrefix === onePass} (${onePass.slice(0, 16)}…)`,
    );
  } finally {
    await deployment.stop();
  }
}

const command = process.argv[2];
if (command === 'throughput') await throughput();
else if (command === 'large') await large();
else {
  console.error('usage: npx tsx bench/scale.ts throughput|large [options] (see the top of the file)');
  process.exitCode = 2;
}
