/**
 * Charts: the default chart set — one histogram (income), one value-count bar (tier), one scatter plot
 * (age × income) — as SVG and PNG at 1×, for 1,000 rows and for a 1,000,000-row profile.
 *
 * 1. 1k rows, end to end: profile the rows, decide the charts, build the specs, render SVG and PNG@1×.
 * 2. 1k rows, from a profile made beforehand (the pipeline's case: the profile exists already).
 * 3. 1M rows: the profile is built once (its time is printed, not counted), then the charts from it: the
 *    histogram from the KLL sketch, the values from the category counter, the scatter from the row sample.
 * Each: medians after warm-up, with the split between planning (profile reading + specs), SVG and PNG.
 *
 *   npm run bench:visualize [-- --runs 15 --rows 1000000]
 */
import { Rng } from '../src/core/rng.js';
import { createProfiler, type Profiler } from '../src/evaluate/index.js';
import { planCharts, renderChart, visualize, type VisualizeOptions } from '../src/visualize/index.js';
import { renderPng } from '../src/visualize/render.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : (process.argv[i + 1] as string);
}

const RUNS = Number(arg('runs', '15'));
const WARMUP = 3;
const BIG = Number(arg('rows', '1000000'));
const TIERS = ['free', 'pro', 'enterprise'];

function* customers(count: number, seed: number): Generator<Record<string, unknown>> {
  const rng = Rng.fromSeed(seed);
  for (let i = 0; i < count; i++) {
    const z = rng.normal();
    const u = rng.nextU32() / 2 ** 32;
    yield {
      id: i,
      age: Math.max(18, Math.min(90, Math.round(42 + 14 * z))),
      income: Math.round(Math.exp(10.3 + 0.35 * z + 0.3 * rng.normal()) * 100) / 100,
      tier: TIERS[u < 0.6 ? 0 : u < 0.85 ? 1 : 2],
      active: rng.nextU32() % 3 !== 0,
    };
  }
}

/** The default chart set: one histogram, one value-count bar, one scatter; PNG at 1×. */
const CHART_SET: VisualizeOptions = {
  charts: ['histogram', 'values', 'scatter'],
  columns: ['income', 'tier'],
  pairs: [['age', 'income']],
  scale: [1],
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

interface Split {
  total: number;
  /** Process CPU time (user + system, every thread: resvg renders on libuv's pool), less sensitive than wall time to a busy machine. */
  cpu: number;
  plan: number;
  svg: number;
  png: number;
}

/** Charts from a source, timed stage by stage (the stages run one after another here, as visualize runs them). */
async function timed(source: () => Iterable<unknown> | Profiler): Promise<Split> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const plan = await planCharts(source(), CHART_SET);
  const t1 = performance.now();
  let svg = 0;
  let png = 0;
  for (const planned of plan.charts) {
    const s = performance.now();
    const chart = await renderChart(planned, []);
    svg += performance.now() - s;
    const p = performance.now();
    await renderPng(chart.svg, 1);
    png += performance.now() - p;
  }
  if (plan.charts.length !== 3) throw new Error(`expected 3 charts, got ${plan.charts.map((c) => c.id).join(', ')}`);
  const cpu = process.cpuUsage(c0);
  return { total: performance.now() - t0, cpu: (cpu.user + cpu.system) / 1000, plan: t1 - t0, svg, png };
}

async function measure(name: string, source: () => Iterable<unknown> | Profiler): Promise<void> {
  for (let i = 0; i < WARMUP; i++) await timed(source);
  const runs: Split[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await timed(source));
  const m = (key: keyof Split): string => median(runs.map((r) => r[key])).toFixed(1);
  console.log(
    `${name.padEnd(44)} total ${m('total').padStart(7)} ms (cpu ${m('cpu').padStart(6)})   plan ${m('plan').padStart(6)}   svg ${m('svg').padStart(6)}   png@1x ${m('png').padStart(6)}`,
  );
}

function profileOf(count: number, seed: number): Profiler {
  const profiler = createProfiler({ validate: false });
  for (const row of customers(count, seed)) profiler.add(row);
  profiler.settle();
  return profiler;
}

const load = performance.now();
const first = await visualize([...customers(1000, 1)], CHART_SET);
console.log(`first call (loads vega, vega-lite, resvg): ${(performance.now() - load).toFixed(0)} ms, ${first.charts.length} charts`);
console.log(`medians of ${RUNS} runs after ${WARMUP} warm-up runs, charts rendered one after another`);

const small = [...customers(1000, 1)];
await measure('1k rows: profile + 3 charts (SVG + PNG@1x)', () => small);
const smallProfile = profileOf(1000, 1);
await measure('1k-row profile: 3 charts (SVG + PNG@1x)', () => smallProfile);

const t = performance.now();
const big = profileOf(BIG, 2);
console.log(
  `${BIG.toLocaleString('en-US')}-row profile built in ${((performance.now() - t) / 1000).toFixed(1)} s (one pass; not counted below)`,
);
await measure(`${(BIG / 1e6).toLocaleString('en-US')}M-row profile: 3 charts (SVG + PNG@1x)`, () => big);

// The same three charts through visualize() as a caller runs them (SVG and PNG overlap across charts).
const together: number[] = [];
for (let i = 0; i < WARMUP + RUNS; i++) {
  const s = performance.now();
  await visualize(smallProfile, CHART_SET);
  if (i >= WARMUP) together.push(performance.now() - s);
}
console.log(`${'1k-row profile: visualize() (charts concurrent)'.padEnd(44)} total ${median(together).toFixed(1).padStart(7)} ms`);
