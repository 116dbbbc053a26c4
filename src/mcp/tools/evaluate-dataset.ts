/** evaluate_dataset: the quality report of any data, as POST /api/evaluateSyntheticData. */
import { readFileSync } from 'node:fs';
import type { JsonSchemaObject } from '../../core/index.js';
import type { SynthService } from '../../service/index.js';
import { evaluateBodySchema } from '../../service/schemas.js';
import { plain } from '../content.js';
import type { McpTool } from './types.js';

export type EvaluateDatasetArgs = Parameters<SynthService['evaluateData']>[1];

/**
 * The report's published JSON Schema (docs/report.schema.json, the same file the evaluate tests check the
 * report against) is the output schema, so a client can rely on every field. The path is the same from
 * src/mcp/tools and dist/mcp/tools.
 */
function reportSchema(): JsonSchemaObject & { type: 'object' } {
  try {
    const text = readFileSync(new URL('../../../docs/report.schema.json', import.meta.url), 'utf8');
    // $schema/$id would make clients with a draft-07 validator look the meta-schema up; the keywords are the same.
    const { $schema: _dialect, $id: _id, ...schema } = JSON.parse(text) as JsonSchemaObject;
    return { ...schema, type: 'object' };
  } catch {
    return {
      type: 'object',
      required: ['reportVersion', 'status', 'summary'],
      description: 'The evaluation report (docs/report.schema.json).',
    };
  }
}

const body = evaluateBodySchema.properties as Record<string, Record<string, unknown>>;

export const evaluateDataset: McpTool<EvaluateDatasetArgs> = {
  name: 'evaluate_dataset',
  title: 'Evaluate a dataset',
  description: [
    'Score a dataset and get its quality report: status pass/warn/fail, summary scores (quality, column shapes, column-pair trends, validity against a schema, exact-copy rate), per-column statistics and every check with its threshold.',
    'Give the data as exactly one of runId (a run from generate_dataset/run_pipeline), rows (an array of objects) or text (a CSV, JSON or JSON Lines file as text; set format when it is ambiguous).',
    'Add reference (a real sample: {rows:[…]} or {text:"…"}) to measure how well synthetic data matches real data and whether it copies real rows; add schema to check validity.',
    'Read status first, then the failing checks (checks[].status = "fail") for what to change.',
  ].join(' '),
  inputSchema: {
    type: 'object',
    description: evaluateBodySchema.description as string,
    properties: {
      ...body,
      rows: { type: 'array', items: { type: 'object' }, description: 'The rows inline (objects).' },
      text: { type: 'string', description: 'A CSV, JSON or JSON Lines file as text.' },
      format: { enum: ['csv', 'json', 'jsonl'], description: 'Format of text (default: sniffed).' },
      schema: {
        type: 'object',
        description: 'The row schema: validity and declared distributions are checked against it (taken from the run when runId is given).',
      },
      thresholds: {
        type: 'object',
        description: 'Threshold overrides, e.g. {"quality": {"pass": 0.9, "warn": 0.75}} (docs/evaluation.md).',
      },
    },
    additionalProperties: false,
  },
  outputSchema: reportSchema(),
  annotations: { title: 'Evaluate a dataset', readOnlyHint: true, openWorldHint: false },
  permission: 'evaluate',
  async run(args, context) {
    const report = await context.service.evaluateData(context.principal, args);
    const failing = report.checks.filter((c) => c.status === 'fail');
    const quality = report.summary.quality === null ? 'n/a' : report.summary.quality.toFixed(3);
    const checks = report.summary.checks;
    const names = failing
      .slice(0, 5)
      .map((c) => `${c.id}${c.column ? ` (${c.column})` : c.columns ? ` (${c.columns.join(', ')})` : ''}: ${c.message}`)
      .join('; ');
    return {
      summary:
        `Evaluation ${report.status}: ${report.rows} rows${report.reference ? ` against ${report.reference.rows} reference rows` : ''}, quality ${quality}; ` +
        `checks ${checks.pass} pass, ${checks.warn} warn, ${checks.fail} fail, ${checks.skip} skipped.${failing.length > 0 ? ` Failing: ${names}${failing.length > 5 ? '; …' : ''}.` : ''}`,
      structured: plain(report),
    };
  },
};
