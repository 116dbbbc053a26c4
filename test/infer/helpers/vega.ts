/** infer → generate → score on the vega-datasets tables (the issue's acceptance tables). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { JsonValue } from '../../../src/core/types.js';
import { generate } from '../../../src/generate/index.js';
import { infer, parseDataset, type DataRow, type InferResult } from '../../../src/infer/index.js';
import { exactCopyRate, qualityScore, scoreColumns, type QualityResult } from './quality.js';

export const VEGA_TABLES = ['penguins.json', 'cars.json', 'seattle-weather.csv', 'movies.json', 'birdstrikes.csv'] as const;

export function vegaPath(file: string): string {
  return fileURLToPath(new URL(`../../../node_modules/vega-datasets/data/${file}`, import.meta.url));
}

export interface TableRun {
  readonly table: string;
  readonly rows: number;
  readonly columns: number;
  readonly fitted: InferResult;
  readonly real: DataRow[];
  readonly synthetic: JsonValue[];
  readonly quality: QualityResult;
  readonly qualityOwnBins: QualityResult;
  readonly copyRate: number;
  readonly fitSeconds: number;
  readonly sampleSeconds: number;
  /** CPU seconds of this process (robust on a busy machine, where wall time is not). */
  readonly fitCpuSeconds: number;
  readonly sampleCpuSeconds: number;
}

function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

export function runTable(table: string, seed: number | string = 1): TableRun {
  const dataset = parseDataset(readFileSync(vegaPath(table)), { name: table });
  let t = performance.now();
  let c = cpuSeconds();
  const fitted = infer(dataset);
  const fitSeconds = (performance.now() - t) / 1000;
  const fitCpuSeconds = cpuSeconds() - c;
  t = performance.now();
  c = cpuSeconds();
  const synthetic = [...generate(fitted.schema, { count: dataset.rows.length, seed })];
  const sampleSeconds = (performance.now() - t) / 1000;
  const sampleCpuSeconds = cpuSeconds() - c;
  const columns = scoreColumns(fitted.model, dataset.rows, synthetic as DataRow[]);
  return {
    table,
    rows: dataset.rows.length,
    columns: dataset.columns.length,
    fitted,
    real: dataset.rows,
    synthetic,
    quality: qualityScore(columns),
    qualityOwnBins: qualityScore(columns, { binEdges: 'own' }),
    copyRate: exactCopyRate(fitted.model, dataset.rows, synthetic as DataRow[]),
    fitSeconds,
    sampleSeconds,
    fitCpuSeconds,
    sampleCpuSeconds,
  };
}

export function formatRun(run: TableRun): string {
  const f = (x: number): string => x.toFixed(3);
  return `| ${run.table.replace(/\.(json|csv)$/, '').padEnd(15)} | ${`${run.rows} × ${run.columns}`.padEnd(10)} | ${f(run.quality.quality)} | ${f(run.quality.shapes)} | ${f(run.quality.pairs)} | ${f(run.qualityOwnBins.quality)} | ${run.copyRate} | ${run.fitSeconds.toFixed(2)} (${run.fitCpuSeconds.toFixed(2)}) | ${run.sampleSeconds.toFixed(2)} (${run.sampleCpuSeconds.toFixed(2)}) |`;
}

export const TABLE_HEADER = `| table           | rows × cols | quality | shapes | pairs | quality (own bins) | copy rate | fit s (cpu) | sample s (cpu) |
| --------------- | ----------- | ------- | ------ | ----- | ------------------ | --------- | ----------- | -------------- |`;
