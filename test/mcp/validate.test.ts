/** Tool argument checking (every problem with its pointer and fix), the tool schemas themselves, and URIs. */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkArguments, formatIssues, parseUri, TOOL_DEFINITIONS, TOOLS, uris } from '../../src/mcp/index.js';
import { createAjv } from '../../src/schema/index.js';

const generateInput = TOOLS.find((t) => t.name === 'generate_dataset')!.inputSchema;
const pipelineInput = TOOLS.find((t) => t.name === 'run_pipeline')!.inputSchema;

describe('checkArguments', () => {
  it('accepts valid arguments', () => {
    expect(checkArguments(generateInput, { schema: { type: 'object' }, rowCount: 10, seed: 'abc', format: 'csv' })).toEqual([]);
  });

  it('names a missing field with its description', () => {
    expect(checkArguments(generateInput, {})).toEqual([
      { pointer: '/rowCount', message: 'is required', fix: 'add rowCount: an integer (How many rows to generate.)' },
    ]);
  });

  it('suggests the nearest known field for a misspelt one', () => {
    const [issue] = checkArguments(generateInput, { rowCount: 1, preview_rows: 3 });
    expect(issue).toMatchObject({ pointer: '/preview_rows', message: 'is not a known field' });
    expect(issue!.fix).toMatch(/^did you mean previewRows\?/);
    const [far] = checkArguments(generateInput, { rowCount: 1, banana: 3 });
    expect(far!.fix).toMatch(/^remove it; known fields here: schema, /);
  });

  it('lists allowed values, folds union branches into one problem, and points into nested objects', () => {
    expect(checkArguments(generateInput, { rowCount: 1, format: 'xlsx' })).toEqual([
      {
        pointer: '/format',
        message: 'must be one of "jsonl", "json", "csv", "parquet"',
        fix: 'use one of "jsonl", "json", "csv", "parquet"',
      },
    ]);
    const seed = checkArguments(generateInput, { rowCount: 1, seed: 1.5 });
    expect(seed).toHaveLength(1);
    expect(seed[0]).toMatchObject({ pointer: '/seed', message: 'must match one of: an integer; a string' });
    const nested = checkArguments(pipelineInput, { rowCount: 1, options: { visualizations: { charts: ['pie'] } } });
    expect(nested.map((i) => i.pointer)).toEqual(['/options/visualizations']);
    const range = checkArguments(pipelineInput, { rowCount: -1, options: { pii: { minConfidence: 3 } } });
    expect(range.map((i) => i.pointer).sort()).toEqual(['/options/pii/minConfidence', '/rowCount']);
  });

  it('reports a type error against the root', () => {
    expect(checkArguments(generateInput, 'rows please')).toEqual([{ pointer: '', message: 'must be object', fix: 'send an object' }]);
  });

  it('formats one line per field and asks for the corrected call', () => {
    const text = formatIssues('generate_dataset', checkArguments(generateInput, { rowCount: 'ten' }));
    expect(text).toBe(
      'Invalid arguments for generate_dataset:\n- /rowCount: must be integer. Fix: send an integer (How many rows to generate.).\nCall generate_dataset again with the fields corrected.',
    );
  });
});

describe('tool definitions', () => {
  it('are JSON Schemas that validators of either draft clients use will compile', () => {
    // The SDK client validates structuredContent with Ajv's default (draft-07) instance; models read 2020-12.
    for (const draft of ['draft7', '2020-12'] as const) {
      const ajv = createAjv(draft);
      for (const tool of TOOL_DEFINITIONS) {
        expect(() => ajv.compile(tool.inputSchema), `${tool.name} input (${draft})`).not.toThrow();
        expect(() => ajv.compile(tool.outputSchema!), `${tool.name} output (${draft})`).not.toThrow();
      }
    }
  });

  it('have snake_case names, titles, and a description on the tool and on every argument a model fills in', () => {
    for (const tool of TOOL_DEFINITIONS) {
      expect(tool.name).toMatch(/^[a-z]+(_[a-z]+)+$/);
      expect(tool.title).toBeTruthy();
      expect(tool.description!.length).toBeGreaterThan(150);
      for (const [name, property] of Object.entries(tool.inputSchema.properties ?? {})) {
        expect((property as { description?: string }).description, `${tool.name}.${name}`).toEqual(expect.any(String));
      }
    }
  });
});

describe('synthdatagen:// URIs', () => {
  const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);

  it('parse back to what built them', () => {
    fc.assert(
      fc.property(
        id,
        fc.constantFrom('jsonl', 'json', 'csv', 'parquet'),
        fc.stringMatching(/^[a-z0-9-]{1,30}(@2x)?\.(png|svg|vl\.json)$/),
        (runId, format, file) => {
          expect(parseUri(uris.run(runId))).toEqual({ kind: 'run', runId });
          expect(parseUri(uris.report(runId, 'html'))).toEqual({ kind: 'report', runId, format: 'html' });
          expect(parseUri(uris.dataset(runId, format))).toEqual({ kind: 'dataset', runId, format });
          expect(parseUri(uris.chart(runId, file))).toEqual({ kind: 'chart', runId, file });
          expect(parseUri(uris.schema(runId))).toEqual({ kind: 'schema', runId });
          expect(parseUri(uris.template(runId))).toEqual({ kind: 'template', templateId: runId });
        },
      ),
    );
  });

  it('name nothing outside the scheme, the formats and safe file names', () => {
    for (const uri of [
      'file:///etc/passwd',
      'synthdatagen://runs/',
      'synthdatagen://runs/a/dataset.xlsx',
      'synthdatagen://runs/a/charts/../../x.png',
      'synthdatagen://runs/a b',
      'synthdatagen://runs/a/report.pdf',
    ]) {
      expect(parseUri(uri), uri).toBeUndefined();
    }
  });
});
