import { describe, expect, it } from 'vitest';
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
  });
  it('prints the table', () => {
    console.log(`${TABLE_HEADER}\n${lines.join('\n')}`);
    expect(lines).toHaveLength(VEGA_TABLES.length);
  });
});
