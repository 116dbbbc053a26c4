/**
 * Generator throughput and validity, side by side with json-schema-faker on the same customer schema.
 *
 *   npm run build && npm run bench:generate [-- --rows 200000 --jsf-rows 20000 --runs 5]
 *
 * Our side runs the compiled dist/ (what users run); json-schema-faker runs its published build.
 *
 * Both produce JSONL in memory, each the way its users get it:
 *   - ours: `compileSchema(schema).jsonl(offset, 1024)`, UTF-8 bytes per chunk of 1024 rows (the compiled row
 *     program writes each value as it draws it);
 *   - json-schema-faker: `JSON.stringify` of each `generateSync` row, joined into one string per 1024 rows
 *     (what its own `generateJson` does per row). Its text is left as a JS string: encoding it would only
 *     slow it down.
 * Also timed: our rows as objects (`row(i)` + JSON.stringify, the library/CSV/Parquet path) and the same with
 * an Ajv check of every row inside the timed loop, which is what the exactness proof saves.
 *
 * The variants run interleaved, one run of each per round, so load from other processes on a shared machine
 * hits them alike; we print the median rows/s of each and the median of the per-round ratios, by wall clock
 * and by the process's CPU time (process.cpuUsage: what the run cost, whatever else the machine ran). Validity is
 * checked outside the timed loops by Ajv (+ ajv-formats, format assertion on) on every row of one more run:
 * for ours, the JSONL text itself, parsed back. Nothing here asserts a time: the figures are for the issue
 * notes and the README.
 */
import { readFileSync } from 'node:fs';
import { generateSync as jsfGenerateSync } from 'json-schema-faker';
import { compileSchema } from '../dist/generate/index.js';
import { generateParallelJsonl } from '../dist/jobs/index.js';
import { createAjv } from '../dist/schema/validator.js';
import type { JsonSchema } from '../dist/core/types.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

const rows = arg('rows', 200_000);
const jsfRows = arg('jsf-rows', 20_000);
const runs = arg('runs', 5);
const BATCH = 1024;
const schema = JSON.parse(readFileSync(new URL('./customer-schema.json', import.meta.url), 'utf8')) as JsonSchema;
const ajv = createAjv('2020-12');
const validate = ajv.compile(schema as object);

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

interface Clock {
  readonly wall: bigint;
  readonly cpu: NodeJS.CpuUsage;
}

interface Speed {
  /** rows per wall-clock second */
  readonly wall: number;
  /** rows per second of this process's CPU time (user + system, all its threads: GC and JIT included) */
  readonly cpu: number;
}

function startClock(): Clock {
  return { wall: process.hrtime.bigint(), cpu: process.cpuUsage() };
}

function speed(clock: Clock, count: number): Speed {
  const wall = Number(process.hrtime.bigint() - clock.wall) / 1e9;
  const cpu = process.cpuUsage(clock.cpu);
  return { wall: count / wall, cpu: count / ((cpu.user + cpu.system) / 1e6) };
}

const compiled = compileSchema(schema, { seed: 1 });
const decoder = new TextDecoder();
let sink = 0; // keeps every output observable, so nothing is optimised away

/** Our JSONL: byte chunks straight from the compiled program. */
function oursJsonl(first: number): Speed {
  const start = startClock();
  for (let i = 0; i < rows; i += BATCH) sink += compiled.jsonl(first + i, Math.min(BATCH, rows - i)).length;
  return speed(start, rows);
}

/** Our rows as objects, JSON.stringify'd and joined; with `check`, Ajv on each row too. */
function oursRows(first: number, check: boolean): Speed {
  const start = startClock();
  let batch: string[] = [];
  for (let i = 0; i < rows; i++) {
    const row = compiled.row(first + i);
    if (check && !validate(row)) throw new Error(`row ${first + i} invalid`);
    batch.push(JSON.stringify(row));
    if (batch.length === BATCH) {
      sink += batch.join('\n').length + 1;
      batch = [];
    }
  }
  sink += batch.join('\n').length;
  return speed(start, rows);
}

function jsf(first: number): Speed {
  const start = startClock();
  let batch: string[] = [];
  for (let i = 0; i < jsfRows; i++) {
    batch.push(JSON.stringify(jsfGenerateSync(schema as never, { seed: first + i + 1 })));
    if (batch.length === BATCH) {
      sink += batch.join('\n').length + 1;
      batch = [];
    }
  }
  sink += batch.join('\n').length;
  return speed(start, jsfRows);
}

// Warm-up, so every variant is measured with hot JIT code and loaded data.
sink += compiled.jsonl(0, 4000).length;
for (let i = 0; i < 4000; i++) validate(compiled.row(i));
for (let i = 0; i < 300; i++) jsfGenerateSync(schema as never, { seed: i + 1 });

const speeds = { jsonl: [] as Speed[], rows: [] as Speed[], rowsChecked: [] as Speed[], jsf: [] as Speed[] };
const ratios = { wall: [] as number[], cpu: [] as number[] };
for (let run = 0; run < runs; run++) {
  const jsonl = oursJsonl(run * rows);
  speeds.jsonl.push(jsonl);
  speeds.rows.push(oursRows(run * rows, false));
  speeds.rowsChecked.push(oursRows(run * rows, true));
  const other = jsf(run * jsfRows);
  speeds.jsf.push(other);
  ratios.wall.push(jsonl.wall / other.wall);
  ratios.cpu.push(jsonl.cpu / other.cpu);
}

// Validity, outside the timed loops: every row of one more run, for ours the JSONL text as written.
let oursInvalid = 0;
let mismatched = 0;
let sample = '';
for (let i = 0; i < rows; i += BATCH) {
  const lines = decoder.decode(compiled.jsonl(i, Math.min(BATCH, rows - i))).split('\n');
  lines.pop();
  lines.forEach((line, j) => {
    if (i + j === 0) sample = line;
    if (!validate(JSON.parse(line))) oursInvalid++;
    if (line !== JSON.stringify(compiled.row(i + j))) mismatched++;
  });
}
let jsfInvalid = 0;
let jsfSample = '';
for (let i = 0; i < jsfRows; i++) {
  const row = jsfGenerateSync(schema as never, { seed: i + 1 });
  if (i === 0) jsfSample = JSON.stringify(row);
  if (!validate(row)) jsfInvalid++;
}

// Two worker threads, JSONL text chunks streamed back in row order (includes worker start-up); wall clock only.
const parallelSpeeds: number[] = [];
for (let run = 0; run < runs; run++) {
  const start = startClock();
  let bytes = 0;
  for await (const chunk of generateParallelJsonl(schema, { count: rows, seed: 1, workers: 2 })) bytes += chunk.text.length;
  parallelSpeeds.push(speed(start, rows).wall);
  if (bytes === 0) throw new Error('no output');
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(10);
const medians = (list: Speed[]): string => `${fmt(median(list.map((s) => s.wall)))} ${fmt(median(list.map((s) => s.cpu)))}`;
const line = (label: string, text: string, extra = ''): void => console.log(`  ${label.padEnd(56)} ${text}${extra}`);
console.log(`customer schema, JSONL in memory, ${runs} interleaved runs, medians (node ${process.version})`);
console.log(`  schema proven exact (no per-row Ajv check needed): ${compiled.exact}`);
line('rows/s by', '      wall    CPU time');
line('synthdatagen JSONL, 1 thread (compiled program)', medians(speeds.jsonl), `   invalid ${oursInvalid}/${rows}`);
line('synthdatagen rows as objects + JSON.stringify, 1 thread', medians(speeds.rows));
line('  same, plus an Ajv check of every row in the loop', medians(speeds.rowsChecked));
line('synthdatagen, 2 worker threads (jobs pool, JSONL)', `${fmt(median(parallelSpeeds))}          -`);
line('json-schema-faker 0.6.3, JSON.stringify + join', medians(speeds.jsf), `   invalid ${jsfInvalid}/${jsfRows}`);
const list = (values: number[]): string => values.map((r) => r.toFixed(1)).join(', ');
console.log(`  ratio JSONL 1 thread : json-schema-faker, median of per-run ratios`);
console.log(`    by wall clock  ${median(ratios.wall).toFixed(1)}×   [runs: ${list(ratios.wall)}]`);
console.log(`    by CPU time    ${median(ratios.cpu).toFixed(1)}×   [runs: ${list(ratios.cpu)}]`);
console.log(
  `  ratio 2 worker threads : json-schema-faker, wall clock medians ${(median(parallelSpeeds) / median(speeds.jsf.map((s) => s.wall))).toFixed(1)}×`,
);
console.log(`  JSONL lines differing from JSON.stringify(row(i)): ${mismatched}/${rows}`);
console.log(`  sample (ours)  ${sample}`);
console.log(`  sample (jsf)   ${jsfSample}`);
if (sink < 0) console.log('unreachable');
