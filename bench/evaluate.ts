/**
 * Evaluation at scale: N rows × 12 columns (5 numerical, 2 datetime, 4 categorical, 1 boolean; nulls;
 * correlated) from an in-process generator, against a 10,000-row reference drawn from the same generator with
 * another seed. Peak RSS from process.resourceUsage().maxRSS.
 *
 * 1. evaluate(rows, {reference}) on one thread, as a user calls it: wall and CPU time, with the time the
 *    generator alone takes (so the difference is the evaluator's), and the split between the streaming pass
 *    and the report.
 * 2. With --workers W (W > 1): the same rows profiled in W worker threads — each generates and profiles its
 *    own row range with the shared plan and its rowOffset — then the profiles are merged and reported
 *    (evaluateProfile): the chunked path the pipeline uses. Same figures, same report.
 *
 *   npm run bench:evaluate [-- --rows 1000000 --reference 10000 --schema --workers 2 --repeat 3]
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Rng } from '../src/core/rng.js';
import type { JsonSchema } from '../src/core/types.js';
import {
  buildPlan,
  createProfiler,
  evaluateProfile,
  evaluateSync,
  Profiler,
  schemaColumns,
  type EvaluationReport,
  type ProfileJson,
  type ProfilePlan,
} from '../src/evaluate/index.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : (process.argv[i + 1] as string);
}

const TIERS = ['free', 'pro', 'enterprise'];
const CHANNELS = ['web', 'ios', 'android', 'partner', 'sales', 'other'];
const STATUSES = ['active', 'paused', 'closed', 'trial'];
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'JP', 'BR', 'IN', 'CA', 'AU', 'ES', 'IT', 'NL', 'SE', 'MX', 'KR', 'PL', 'CH', 'BE', 'AT', 'IE'];
const DAY = 86_400_000;
const EPOCH = Date.UTC(2018, 0, 1);
const SIGNUP_DAYS = 1500;
// Dates as text, as they arrive from JSON: precomputed, so the bench measures the evaluator, not toISOString().
const SIGNUPS = Array.from({ length: SIGNUP_DAYS }, (_, d) => new Date(EPOCH + d * DAY).toISOString().slice(0, 10));
const LOGINS = Array.from({ length: (SIGNUP_DAYS + 300) * 24 }, (_, h) =>
  new Date(EPOCH + h * 3_600_000).toISOString().replace('.000Z', 'Z'),
);
/** Rows come in chunks, each from its own counter-based stream: any row range is generated alone, identically. */
const CHUNK = 10_000;

/** A uniform number in [0, 1) from one 32-bit draw (the generator needs speed more than 53 bits). */
function uniform(rng: Rng): number {
  return rng.nextU32() / 4294967296;
}

function makeRow(rng: Rng): Record<string, unknown> {
  const u = (): number => uniform(rng);
  const z = rng.normal();
  const age = Math.max(18, Math.min(90, Math.round(42 + 14 * z)));
  const tierIndex = u() < 0.6 ? 0 : u() < 0.75 ? 1 : 2;
  const income = Math.round(Math.exp(10.3 + 0.35 * z + 0.25 * tierIndex + 0.3 * rng.normal()) * 100) / 100;
  const score = Math.round((600 + 60 * (0.5 * z + rng.normal())) * 10) / 10;
  const balance = u() < 0.05 ? null : Math.round(income * (0.05 + 0.2 * u()) * 100) / 100;
  const quantity = Math.floor(-Math.log(1 - u()) * (2 + tierIndex * 3));
  const signupDay = Math.floor(u() * SIGNUP_DAYS);
  const loginHour = signupDay * 24 + Math.floor(u() * 300 * 24);
  return {
    age,
    income,
    score,
    balance,
    quantity,
    signup: SIGNUPS[signupDay],
    last_login: u() < 0.03 ? null : LOGINS[loginHour],
    tier: TIERS[tierIndex],
    country: COUNTRIES[Math.min(COUNTRIES.length - 1, Math.floor(-Math.log(1 - u()) * 4))],
    channel: CHANNELS[rng.nextU32() % CHANNELS.length],
    status: u() < 0.02 ? null : STATUSES[tierIndex === 0 && u() < 0.3 ? 3 : rng.nextU32() % 3],
    active: u() < 0.7 + 0.1 * tierIndex,
  };
}

/** Rows from … to−1 of the run with this seed. */
function* rows(seed: number, from: number, to: number): Generator<Record<string, unknown>> {
  const root = Rng.fromSeed(seed);
  for (let chunk = Math.floor(from / CHUNK); chunk * CHUNK < to; chunk++) {
    const rng = root.forkIndex(chunk);
    for (let i = chunk * CHUNK; i < Math.min(to, (chunk + 1) * CHUNK); i++) {
      const row = makeRow(rng);
      if (i >= from) yield row;
    }
  }
}

const schema: JsonSchema = {
  type: 'object',
  required: ['age', 'income', 'score', 'quantity', 'signup', 'tier', 'country', 'channel', 'active'],
  properties: {
    age: { type: 'integer', minimum: 18, maximum: 90 },
    income: { type: 'number', minimum: 0 },
    score: { type: 'number' },
    balance: { type: ['number', 'null'], minimum: 0 },
    quantity: { type: 'integer', minimum: 0 },
    signup: { type: 'string', format: 'date' },
    last_login: { type: ['string', 'null'], format: 'date-time' },
    tier: { enum: TIERS },
    country: { type: 'string' },
    channel: { enum: CHANNELS },
    status: { enum: [...STATUSES, null] },
    active: { type: 'boolean' },
  },
};

interface Job {
  readonly plan: ProfilePlan;
  readonly from: number;
  readonly to: number;
  readonly withSchema: boolean;
}

if (!isMainThread) {
  // A worker: profile rows [from, to) with the shared plan; hand back the profile.
  const job = workerData as Job;
  const profiler = createProfiler({ plan: job.plan, rowOffset: job.from, ...(job.withSchema ? { schema } : {}) });
  for (const row of rows(1, job.from, job.to)) profiler.add(row);
  parentPort!.postMessage(profiler.toJSON());
} else {
  await main();
}

function measure<T>(run: () => T): { value: T; wall: number; cpu: number } {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const value = run();
  const used = process.cpuUsage(cpu);
  return { value, wall: Number(process.hrtime.bigint() - started) / 1e9, cpu: (used.user + used.system) / 1e6 };
}

/** Worker threads run this file from TypeScript source: Node does not pass tsx on, so a bootstrap registers it. */
function workerEntry(): { url: URL; data: Record<string, string> } {
  const here = import.meta.url;
  const require = createRequire(here);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = require(manifestPath) as { exports: Record<string, { import?: { default?: string } }> };
  const api = pathToFileURL(join(dirname(manifestPath), manifest.exports['./esm/api']!.import!.default!)).href;
  const url = new URL(
    'data:text/javascript,' +
      encodeURIComponent(
        "import { workerData } from 'node:worker_threads';" +
          'const api = await import(workerData.tsxApi);' +
          '(api.register ?? api.default.register)();' +
          'await import(workerData.entry);',
      ),
  );
  return { url, data: { tsxApi: api, entry: pathToFileURL(fileURLToPath(here)).href } };
}

async function inWorkers(plan: ProfilePlan, total: number, workers: number, withSchema: boolean): Promise<Profiler> {
  const perWorker = Math.ceil(total / workers / CHUNK) * CHUNK;
  const { url, data } = workerEntry();
  const profiles = await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const job: Job = { plan, from: Math.min(total, w * perWorker), to: Math.min(total, (w + 1) * perWorker), withSchema };
      return new Promise<ProfileJson>((resolve, reject) => {
        const worker = new Worker(url, { workerData: { ...data, ...job } });
        worker.once('message', (json: ProfileJson) => {
          resolve(json);
          void worker.terminate();
        });
        worker.once('error', reject);
      });
    }),
  );
  const merged = Profiler.fromJSON(profiles[0]!);
  for (const json of profiles.slice(1)) merged.merge(Profiler.fromJSON(json));
  return merged;
}

function summary(report: EvaluationReport): string {
  const s = report.summary;
  return `status ${report.status}; quality ${s.quality?.toFixed(4)} (shapes ${s.columnShapes?.toFixed(4)}, pair trends ${s.columnPairTrends?.toFixed(4)}); exact copies ${report.privacy?.exactCopies}; checks ${JSON.stringify(s.checks)}`;
}

async function main(): Promise<void> {
  const total = Number(arg('rows', '1000000'));
  const referenceRows = Number(arg('reference', '10000'));
  const workers = Number(arg('workers', '1'));
  const withSchema = process.argv.includes('--schema');
  const reference = [...rows(2, 0, referenceRows)];
  const f = (x: number): string => x.toFixed(2).padStart(7);

  // On a shared machine one run of each is noise against noise: with --repeat N the generator alone and
  // evaluate() alternate N times, and the figures are the runs with the least CPU time of each.
  const repeat = Math.max(1, Number(arg('repeat', '1')));
  const generators: Array<ReturnType<typeof measure<number>>> = [];
  const wholes: Array<ReturnType<typeof measure<EvaluationReport>>> = [];
  for (let i = 0; i < repeat; i++) {
    generators.push(
      measure(() => {
        let n = 0;
        for (const _row of rows(1, 0, total)) n++;
        return n;
      }),
    );
    // As a user calls it.
    wholes.push(measure(() => evaluateSync(rows(1, 0, total), { reference, ...(withSchema ? { schema } : {}) })));
  }
  const least = <T>(runs: Array<{ value: T; wall: number; cpu: number }>): { value: T; wall: number; cpu: number } =>
    runs.reduce((a, b) => (b.cpu < a.cpu ? b : a));
  const generator = least(generators);
  const whole = least(wholes);
  const rss = process.resourceUsage().maxRSS / 1024;
  // The same in phases: plan and streaming pass, then the report.
  const pass = measure(() => {
    const plan = buildPlan({ reference, ...(withSchema ? { schema: schemaColumns(schema) } : {}) }).plan;
    const profiler = createProfiler({ plan, ...(withSchema ? { schema } : {}) });
    for (const row of rows(1, 0, total)) profiler.add(row);
    return profiler;
  });
  const reported = measure(() => evaluateProfile(pass.value, { reference }));

  console.log(
    `evaluate ${generator.value.toLocaleString('en-US')} rows × 12 columns against ${referenceRows.toLocaleString('en-US')} reference rows` +
      `${withSchema ? ' + schema validity' : ''}; node ${process.version}`,
  );
  if (repeat > 1) {
    const list = (runs: Array<{ cpu: number }>): string => runs.map((r) => r.cpu.toFixed(2)).join(' ');
    console.log(`  ${repeat} runs each, CPU s — generator alone: ${list(generators)}; evaluate(): ${list(wholes)}; least of each below`);
  }
  console.log('                                          wall s    cpu s');
  console.log(`  evaluate() incl. the row generator      ${f(whole.wall)}  ${f(whole.cpu)}`);
  console.log(`  the row generator alone                 ${f(generator.wall)}  ${f(generator.cpu)}`);
  console.log(`  evaluate() minus the generator          ${f(whole.wall - generator.wall)}  ${f(whole.cpu - generator.cpu)}`);
  console.log(`    plan + streaming pass (incl. gen.)    ${f(pass.wall)}  ${f(pass.cpu)}`);
  console.log(`    report (from the profile)             ${f(reported.wall)}  ${f(reported.cpu)}`);
  console.log(`  peak RSS after evaluate()               ${rss.toFixed(0).padStart(7)} MB`);
  console.log(`  ${summary(whole.value)}`);

  if (workers > 1) {
    const started = process.hrtime.bigint();
    const plan = buildPlan({ reference, ...(withSchema ? { schema: schemaColumns(schema) } : {}) }).plan;
    const merged = await inWorkers(plan, total, workers, withSchema);
    const report = evaluateProfile(merged, { reference });
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(`  ${workers} workers (generate + profile a range each), merge, report: ${wall.toFixed(2)} s wall`);
    console.log(`  peak RSS of the process, workers included  ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    console.log(`  ${summary(report)}`);
  }
}
