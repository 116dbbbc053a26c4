/**
 * The PII scanner's numbers: precision/recall per entity on the labelled corpus, the verdict on the
 * generator's output for every example schema, and throughput on a 10-column table.
 *
 *   npm run bench:pii [-- --rows 1000000 --pool 200000 --example-rows 100000 --dirty-rows 100000 --stream-rows 200000
 *                          --small-scans 200 --skip corpus,examples,throughput,stream,small]
 *
 * Throughput is measured on rows already in memory (generation is timed separately), wall clock and this
 * process's CPU time, with a calibration line (a plain character loop) so figures from a busy machine can be
 * read against an idle one. The first pass over the pool reads every string for the first time (the
 * generator's strings are concatenation trees that the first reader flattens); later passes over the same
 * rows do not, so the runs are listed separately. "Fresh rows" is the pipeline's case: each row generated,
 * scanned and dropped, every string read for the first time; its figure is (generate + scan) − generate,
 * each the best of three runs.
 * "Small scans" is the service's case: a fresh scan of each 1,000-row output of bench/customer-schema.json,
 * where what a scan costs to set up and to profile its columns counts as much as the rows.
 */
import { loadavg } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import type { JsonSchema } from '../src/core/types.js';
import { generate } from '../src/generate/index.js';
import { CHECKSUM_ENTITIES, createPiiScanner, scanPii } from '../src/pii/index.js';
import { buildCorpus, scoreCorpus } from '../test/fixtures/pii/corpus.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : (process.argv[i + 1] as string);
}

const rowsN = Number(arg('rows', '1000000'));
const exampleRows = Number(arg('example-rows', '100000'));
const dirtyRows = Number(arg('dirty-rows', '100000'));
const streamRows = Number(arg('stream-rows', '200000'));
const smallScans = Number(arg('small-scans', '200'));
const skip = new Set(arg('skip', '').split(','));

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function timed<T>(fn: () => T): { value: T; wall: number; cpu: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(cpu0);
  return { value, wall, cpu: (c.user + c.system) / 1e6 };
}

/** ns per character of a plain loop: ~1 on an idle modern core. */
function calibrate(): number {
  const s = 'copying the capacitor will not do anything, we need to navigate the 1080p SMTP monitor!';
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const t0 = performance.now();
    let digits = 0;
    for (let k = 0; k < 200_000; k++) {
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 48 && c <= 57) digits++;
      }
    }
    const ns = ((performance.now() - t0) * 1e6) / (200_000 * s.length);
    if (digits > 0) best = Math.min(best, ns);
  }
  return best;
}

console.log(
  `node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}, calibration ${calibrate().toFixed(2)} ns/char`,
);

// 1. Corpus --------------------------------------------------------------------------------------------------
if (!skip.has('corpus')) {
  const corpus = buildCorpus();
  const { value: score, wall } = timed(() => scoreCorpus(corpus));
  const kinds = { positive: 0, negative: 0, safe: 0 };
  for (const item of corpus) kinds[item.kind]++;
  console.log(
    `\n## Labelled corpus: ${corpus.length} items (${kinds.positive} positive, ${kinds.negative} hard negatives, ${kinds.safe} safe), ${wall.toFixed(1)} s\n`,
  );
  console.log('| entity | TP | FP | FN | precision | recall |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const e of score.entities) {
    const mark = CHECKSUM_ENTITIES.includes(e.entity) ? ' (checksum)' : '';
    console.log(`| ${e.entity}${mark} | ${e.tp} | ${e.fp} | ${e.fn} | ${pct(e.precision)} | ${pct(e.recall)} |`);
  }
  const o = score.overall;
  console.log(`| **overall** | ${o.tp} | ${o.fp} | ${o.fn} | ${pct(o.precision)} | ${pct(o.recall)} |`);
  if (score.misses.length > 0) {
    console.log(`\nmisses (${score.misses.length}):`);
    for (const m of score.misses.slice(0, 40)) {
      console.log(
        `  ${m.item.column} = ${JSON.stringify(m.item.value)}: want [${m.item.expect.join(', ')}], got [${m.predicted.join(', ')}] (${m.item.note})`,
      );
    }
  }
}

// 2. Generator output for every example schema ----------------------------------------------------------------
if (!skip.has('examples')) {
  console.log(`\n## Generator output, ${exampleRows.toLocaleString('en-US')} rows per example schema\n`);
  console.log('| schema | generate s | scan s | rows/s | verdict | blocking | synthetic matches |');
  console.log('| --- | ---: | ---: | ---: | --- | ---: | ---: |');
  const dir = new URL('../examples/schemas/', import.meta.url);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const schema = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as JsonSchema;
    const gen = timed(() => [...generate(schema, { count: exampleRows, seed: 1, validate: false })]);
    const scan = timed(() => scanPii(gen.value));
    const r = scan.value;
    const blocking = r.findings.filter((f) => f.severity === 'blocking').length;
    const synthetic = r.synthetic.reduce((s, m) => s + m.count, 0);
    console.log(
      `| ${file} | ${gen.wall.toFixed(1)} | ${scan.wall.toFixed(2)} | ${Math.round(exampleRows / scan.wall).toLocaleString('en-US')} | ${r.verdict} | ${blocking} | ${synthetic.toLocaleString('en-US')} |`,
    );
    if (r.verdict !== 'clean')
      for (const f of r.findings) console.log(`    ${f.severity} ${f.column} ${f.entity} ${f.count} ${f.maskedExample}`);
  }
}

// 3. Throughput --------------------------------------------------------------------------------------------------
const TEN_COLUMNS: JsonSchema = {
  type: 'object',
  required: ['id', 'first_name', 'last_name', 'email', 'phone', 'street', 'ip', 'card_number', 'created_at', 'notes'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    first_name: { type: 'string' },
    last_name: { type: 'string' },
    email: { type: 'string', format: 'email' },
    phone: { type: 'string', 'x-faker': 'phone.number' },
    street: { type: 'string' },
    ip: { type: 'string', format: 'ipv4' },
    card_number: { type: 'string', 'x-faker': 'finance.creditCardNumber' },
    created_at: { type: 'string', format: 'date-time' },
    notes: { type: 'string' },
  },
};

/** The same table with every PII column real-looking (the slow path: validators run on every value). */
function dirty(row: Record<string, unknown>, i: number): Record<string, unknown> {
  const n = String(i).padStart(7, '0');
  return {
    ...row,
    first_name: ['Hiroshi', 'Priya', 'Siobhán', 'Oluwaseun'][i % 4],
    last_name: ['Tanaka', 'Natarajan', 'Ó Súilleabháin', 'Adeyemi'][i % 4],
    email: `customer${i}@gmail.com`,
    phone: `+44 20 7${n.slice(0, 3)} ${n.slice(3)}`,
    street: `${1 + (i % 900)} Evergreen Terrace`,
    ip: `81.${i % 250}.${(i >> 8) % 250}.${1 + (i % 250)}`,
    notes: i % 10 === 0 ? `Called Amélie Dubois about order ${i}` : row.notes,
  };
}

if (!skip.has('throughput')) {
  // The scan sees rows as the pipeline hands them over: generated, scanned, dropped. Rows are generated up
  // front (a pool of distinct rows, cycled when --rows is larger) so that generation is not in the figure;
  // with all 1M rows alive at once the figure would measure the garbage collector tracing a 1 GB heap.
  const poolSize = Math.min(rowsN, Number(arg('pool', '200000')));
  console.log(
    `\n## Throughput, ${rowsN.toLocaleString('en-US')} rows x 10 columns (generator output, pool of ${poolSize.toLocaleString('en-US')} distinct rows)\n`,
  );
  const gen = timed(() => [...generate(TEN_COLUMNS, { count: poolSize, seed: 1, validate: false })] as Record<string, unknown>[]);
  console.log(`generated the pool in ${gen.wall.toFixed(1)} s (not part of the scan figure)`);
  scanPii(gen.value.slice(0, 5000)); // load the dictionaries and warm up
  const pool = gen.value;
  const runs = [1, 2, 3].map(() =>
    timed(() => {
      const scanner = createPiiScanner();
      for (let i = 0; i < rowsN; i++) scanner.add(pool[i % pool.length]);
      return scanner.finish();
    }),
  );
  const best = runs.reduce((a, b) => (b.wall < a.wall ? b : a));
  console.log(`scan: ${runs.map((r) => `${r.wall.toFixed(2)} s wall / ${r.cpu.toFixed(2)} s CPU`).join(', ')}`);
  console.log(
    `best: ${best.wall.toFixed(2)} s, ${Math.round(rowsN / best.wall).toLocaleString('en-US')} rows/s, ${Math.round((rowsN * 10) / best.wall).toLocaleString('en-US')} values/s; verdict ${best.value.verdict}`,
  );
  const rows = pool.slice(0, dirtyRows).map(dirty);
  const d = timed(() => scanPii(rows));
  console.log(
    `\nreal-looking PII in 7 of 10 columns, ${rows.length.toLocaleString('en-US')} rows: ${d.wall.toFixed(2)} s wall / ${d.cpu.toFixed(2)} s CPU, ${Math.round(rows.length / d.wall).toLocaleString('en-US')} rows/s; verdict ${d.value.verdict}`,
  );
  for (const f of d.value.findings)
    console.log(`    ${f.severity} ${f.column} ${f.entity} ${f.estimated ? '~' : ''}${f.count} (${pct(f.share)})`);
}

// 4. Fresh rows, as the pipeline hands them over -------------------------------------------------------------
if (!skip.has('stream')) {
  console.log(`\n## Fresh rows: generate → scan, one row at a time, ${streamRows.toLocaleString('en-US')} rows x 10 columns\n`);
  const rowsOf = (): Iterable<unknown> => generate(TEN_COLUMNS, { count: streamRows, seed: 2, validate: false });
  // A difference of two timings is noisier than either: each is taken three times, alternately, at its best.
  const generateOnly: number[] = [];
  const both: number[] = [];
  let verdict = '';
  for (let round = 0; round < 3; round++) {
    generateOnly.push(
      timed(() => {
        let n = 0;
        for (const _row of rowsOf()) n++;
        return n;
      }).cpu,
    );
    const run = timed(() => {
      const scanner = createPiiScanner();
      for (const row of rowsOf()) scanner.add(row);
      return scanner.finish();
    });
    both.push(run.cpu);
    verdict = run.value.verdict;
  }
  const gen = Math.min(...generateOnly);
  const total = Math.min(...both);
  const cpu = total - gen;
  console.log(
    `generate alone ${gen.toFixed(2)} s CPU; generate + scan ${total.toFixed(2)} s CPU (best of 3 each); the scan: ${cpu.toFixed(2)} s CPU, ${Math.round((cpu * 1e9) / streamRows).toLocaleString('en-US')} ns/row (${((cpu * 1e6) / streamRows).toFixed(2)} s per million rows); verdict ${verdict}`,
  );
}

// 5. Small scans, as the service runs them ----------------------------------------------------------------------
if (!skip.has('small')) {
  console.log(`\n## Small scans: ${smallScans} outputs of 1,000 rows (bench/customer-schema.json), a fresh scan each\n`);
  const schema = JSON.parse(readFileSync(new URL('customer-schema.json', import.meta.url), 'utf8')) as JsonSchema;
  const output = (i: number): unknown[] => [...generate(schema, { count: 1000, seed: 1000 + i, validate: false })];
  for (let i = 0; i < 20; i++) scanPii(output(-1 - i)); // warm-up
  // Each output is generated (not timed), scanned as it comes (its strings read for the first time), scanned again.
  let first = 0;
  let again = 0;
  const verdicts = new Set<string>();
  for (let i = 0; i < smallScans; i++) {
    const rows = output(i);
    const a = timed(() => scanPii(rows));
    const b = timed(() => scanPii(rows));
    first += a.cpu;
    again += b.cpu;
    verdicts.add(a.value.verdict);
  }
  console.log(
    `scan of a new output ${((first * 1000) / smallScans).toFixed(2)} ms CPU; of the same output again ${((again * 1000) / smallScans).toFixed(2)} ms CPU; verdicts ${[...verdicts].join(', ')}`,
  );
}
