/**
 * The quality table of docs/infer.md: `npx tsx test/infer/quality-report.ts [seed]`. infer → generate (as many
 * rows as the table) → SDMetrics-style score (test/infer/helpers/quality.ts) on each vega-datasets table.
 */
import { formatRun, runTable, TABLE_HEADER, VEGA_TABLES } from './helpers/vega.js';

const seed = process.argv[2] === undefined ? 1 : Number(process.argv[2]);
// One untimed pass first, so module loading and JIT warm-up are not charged to the first table.
runTable(VEGA_TABLES[0], seed);
console.log(TABLE_HEADER);
for (const table of VEGA_TABLES) console.log(formatRun(runTable(table, seed)));
