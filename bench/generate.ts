/**
 * Generator throughput and validity, side by side with json-schema-faker on the same customer schema.
 *
 *   npm run build && npm run bench:generate [-- --rows 200000 --jsf-rows 20000 --runs 5]
 *
 * Our side runs the compiled dist/ (what users run); json-schema-faker runs its published build.
 *
 * Both produce JSONL in memory (one JSON.stringify per row, joined into a string per batch). Each run is
 * timed separately; we print the median rows/s of each, their ratio, and how many rows Ajv (+ ajv-formats)
 * rejects. Nothing here asserts a time: the figures are for the issue notes and the README.
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
const schema = JSON.parse(readFileSync(new URL('./customer-schema.json', import.meta.url), 'utf8')) as JsonSchema;
const ajv = createAjv('2020-12');
const validate = ajv.compile(schema as object);

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

interface Result {
  rowsPerSecond: number;
  invalid: number;
  checked: number;
  sample: unknown;
}

function timeIt(count: number, makeRow: (i: number) => unknown): Result {
  let invalid = 0;
  let sample: unknown;
  const speeds: number[] = [];
  for (let run = 0; run < runs; run++) {
    let batch: string[] = [];
    let bytes = 0;
    const start = process.hrtime.bigint();
    for (let i = 0; i < count; i++) {
      batch.push(JSON.stringify(makeRow(run * count + i)));
      if (batch.length === 1024) {
        bytes += batch.join('\n').length + 1;
        batch = [];
      }
    }
    bytes += batch.join('\n').length;
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    speeds.push(count / seconds);
    if (bytes < 0) console.log('unreachable');
  }
  // Validity is checked outside the timed loop, on every row of one more run.
  for (let i = 0; i < count; i++) {
    const row = makeRow(i);
    if (i === 0) sample = row;
    if (!validate(row)) invalid++;
  }
  return { rowsPerSecond: median(speeds), invalid, checked: count, sample };
}

const compiled = compileSchema(schema, { seed: 1 });
// Warm-up, so both sides are measured with hot JIT code and loaded data.
for (let i = 0; i < 2000; i++) compiled.row(i);
for (let i = 0; i < 200; i++) jsfGenerateSync(schema as never, { seed: i });

const ours = timeIt(rows, (i) => compiled.row(i));
const unchecked = compileSchema(schema, { seed: 1, validate: false });
const oursUnchecked = timeIt(rows, (i) => unchecked.row(i));
const jsf = timeIt(jsfRows, (i) => jsfGenerateSync(schema as never, { seed: i + 1 }));

// Two worker threads, JSONL text chunks streamed back in row order (includes worker start-up).
const parallelSpeeds: number[] = [];
for (let run = 0; run < runs; run++) {
  const start = process.hrtime.bigint();
  let bytes = 0;
  for await (const chunk of generateParallelJsonl(schema, { count: rows, seed: 1, workers: 2 })) bytes += chunk.text.length;
  parallelSpeeds.push(rows / (Number(process.hrtime.bigint() - start) / 1e9));
  if (bytes === 0) throw new Error('no output');
}
const parallel = median(parallelSpeeds);

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
console.log(`customer schema, JSONL in memory, median of ${runs} runs (node ${process.version})`);
console.log(
  `  synthdatagen, 1 thread, every row checked by Ajv  ${fmt(ours.rowsPerSecond).padStart(10)} rows/s   invalid ${ours.invalid}/${ours.checked}`,
);
console.log(
  `  synthdatagen, 1 thread, --no-validate             ${fmt(oursUnchecked.rowsPerSecond).padStart(10)} rows/s   invalid ${oursUnchecked.invalid}/${oursUnchecked.checked}`,
);
console.log(`  synthdatagen, 2 worker threads, checked           ${fmt(parallel).padStart(10)} rows/s`);
console.log(
  `  json-schema-faker 0.6.3                           ${fmt(jsf.rowsPerSecond).padStart(10)} rows/s   invalid ${jsf.invalid}/${jsf.checked}`,
);
console.log(`  ratio, 1 thread checked : json-schema-faker       ${(ours.rowsPerSecond / jsf.rowsPerSecond).toFixed(1)}×`);
console.log(`  ratio, 2 threads checked : json-schema-faker      ${(parallel / jsf.rowsPerSecond).toFixed(1)}×`);
console.log(`  sample (ours)  ${JSON.stringify(ours.sample)}`);
console.log(`  sample (jsf)   ${JSON.stringify(jsf.sample)}`);
