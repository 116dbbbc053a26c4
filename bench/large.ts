/**
 * Large runs through the real CLI: N rows of the bench customer schema to a JSONL file and to Parquet,
 * wall time, rows/s, CPU time (user + system, steadier than wall time on a shared machine) and the peak RSS of
 * the process (GNU time's "Maximum resident set size").
 *
 *   npm run build && npm run bench:large [-- --rows 10000000 --workers 1,2 --formats jsonl,parquet] [--cli dist/cli/main.js]
 *
 * `--cli` points at another build of the CLI (`tsc --outDir bench/out/dist-x`), so two builds can be compared
 * without touching the shared dist/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : (process.argv[i + 1] as string);
}

const rows = Number(arg('rows', '10000000'));
const workerCounts = arg('workers', '1,2').split(',').map(Number);
const formats = arg('formats', 'jsonl,parquet').split(',');
const cli = arg('cli', 'dist/cli/main.js');
const outDir = join(process.cwd(), 'bench', 'out');
mkdirSync(outDir, { recursive: true });
if (!existsSync(cli)) {
  console.error(`bench:large needs the build (${cli}): run \`npm run build\` first`);
  process.exit(2);
}

console.log(`bench/customer-schema.json, ${rows.toLocaleString('en-US')} rows, node ${process.version}`);
console.log('format   workers   wall s    rows/s    CPU s   peak RSS MB   file MB');
for (const format of formats) {
  for (const workers of workerCounts) {
    const out = join(outDir, `customers.${format}`);
    rmSync(out, { force: true });
    const args = [
      '-v',
      process.execPath,
      cli,
      'generate',
      'bench/customer-schema.json',
      '--count',
      String(rows),
      '--seed',
      '1',
      '--format',
      format,
      '--out',
      out,
      '--workers',
      String(workers),
      '--no-progress',
    ];
    const started = process.hrtime.bigint();
    const result = spawnSync('/usr/bin/time', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) {
      console.error(result.stderr);
      process.exit(1);
    }
    const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)?.[1] ?? 0) / 1024;
    const cpu =
      Number(/User time \(seconds\): ([\d.]+)/.exec(result.stderr)?.[1] ?? 0) +
      Number(/System time \(seconds\): ([\d.]+)/.exec(result.stderr)?.[1] ?? 0);
    const size = statSync(out).size / 1024 / 1024;
    console.log(
      `${format.padEnd(8)} ${String(workers).padStart(7)} ${seconds.toFixed(1).padStart(8)} ${Math.round(rows / seconds)
        .toLocaleString('en-US')
        .padStart(10)} ${cpu.toFixed(1).padStart(8)} ${rss.toFixed(0).padStart(13)} ${size.toFixed(0).padStart(9)}`,
    );
    rmSync(out, { force: true });
  }
}
