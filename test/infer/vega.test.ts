import { describe, expect, it } from 'vitest';
import { evaluateSync } from '../../src/evaluate/index.js';
import { invalidRows } from './helpers/fixtures.js';
import { formatRun, runTable, TABLE_HEADER, VEGA_TABLES } from './helpers/vega.js';

describe('vega-datasets tables: infer → generate → score', () => {
  const lines: string[] = [];
  it.each(VEGA_TABLES)('%s', (table) => {
    const run = runTable(table, 1);
    lines.push(formatRun(run));
    expect(invalidRows(run.fitted.schema, run.synthetic)).toEqual([]);
    expect(run.synthetic).toHaveLength(run.rows);
    expect(run.quality.quality).toBeGreaterThanOrEqual(0.85);
    expect(run.qualityOwnBins.quality).toBeGreaterThanOrEqual(0.85);
    expect(run.copyRate).toBe(0);
    // Every column of the table is in the schema.
    expect(Object.keys(run.fitted.schema.properties as object)).toHaveLength(run.columns);
    if (table === 'cars.json' || table === 'movies.json') {
      // The evaluator, given the learned schema as the pipeline gives it, scores what the test scorer scores:
      // the columns made by safe generators (names, titles) are listed as excluded, not scored as categories.
      const report = evaluateSync(run.synthetic, { reference: run.real, schema: run.fitted.schema });
      expect(report.summary.quality).toBeCloseTo(run.quality.quality, 3);
      expect(report.excluded.map((e) => e.column)).toEqual(table === 'cars.json' ? ['Name'] : ['Title', 'Director']);
    }
  });
  it('prints the table', () => {
    console.log(`${TABLE_HEADER}\n${lines.join('\n')}`);
    expect(lines).toHaveLength(VEGA_TABLES.length);
  });
});
