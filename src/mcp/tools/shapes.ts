/**
 * Output schema pieces the tools share. Clients validate structuredContent against them, so each one says
 * exactly what the views in ../runs.ts produce (nullable where the run may not have it yet).
 */
import { FORMAT_ENUM } from '../../service/schemas.js';
import { RUN_STATUSES } from '../../store/index.js';
import type { JsonSchemaObject } from '../../core/index.js';

const nullable = (schema: JsonSchemaObject): JsonSchemaObject => ({ anyOf: [schema, { type: 'null' }] });
const uri = (description: string): JsonSchemaObject => ({ type: 'string', pattern: '^synthdatagen://', description });
const timestamp: JsonSchemaObject = { type: 'string', description: 'ISO-8601 UTC' };

export const seedSchema: JsonSchemaObject = {
  description: 'Same schema + seed ⇒ the same rows, byte for byte. An integer or a string.',
  anyOf: [{ type: 'integer' }, { type: 'string', maxLength: 200 }],
};

export const runStatusSchema: JsonSchemaObject = { enum: [...RUN_STATUSES] };

export const runErrorSchema: JsonSchemaObject = {
  type: 'object',
  required: ['code', 'message'],
  properties: { code: { type: 'string' }, message: { type: 'string' }, pointer: { type: 'string' }, hint: { type: 'string' } },
};

export const evaluationSummarySchema: JsonSchemaObject = {
  type: 'object',
  description:
    'The evaluation verdict and its summary scores (0-1, higher is better; exactCopyRate lower is better). The full report is at resources.reportJson.',
  properties: {
    status: { enum: ['pass', 'warn', 'fail'] },
    summary: {
      type: 'object',
      properties: {
        quality: { type: ['number', 'null'] },
        columnShapes: { type: ['number', 'null'] },
        columnPairTrends: { type: ['number', 'null'] },
        validity: { type: ['number', 'null'] },
        exactCopyRate: { type: ['number', 'null'] },
        checks: { type: 'object' },
      },
    },
  },
};

export const piiSummarySchema: JsonSchemaObject = {
  type: 'object',
  description: 'The PII scan of the generated rows: verdict (blocked means downloads are refused), and findings with masked examples.',
  properties: {
    verdict: { enum: ['clean', 'blocked'] },
    wouldBlock: { type: 'boolean' },
    rowsScanned: { type: 'integer' },
    columnsScanned: { type: 'integer' },
    findings: { type: 'array', items: { type: 'object' } },
  },
};

export const runSummarySchema: JsonSchemaObject = {
  type: 'object',
  required: ['runId', 'status', 'createdAt', 'rowCount', 'format', 'resources'],
  properties: {
    runId: { type: 'string' },
    status: runStatusSchema,
    createdAt: timestamp,
    startedAt: nullable(timestamp),
    finishedAt: nullable(timestamp),
    durationMs: { type: ['number', 'null'] },
    user: { type: ['string', 'null'], description: 'Who started it: an API key id or cli:<login>.' },
    role: { type: ['string', 'null'] },
    rowCount: { type: 'integer' },
    seed: { anyOf: [{ type: 'integer' }, { type: 'string' }, { type: 'null' }] },
    format: { enum: [...FORMAT_ENUM] },
    schemaFingerprint: { type: ['string', 'null'], description: 'SHA-256 of the canonical schema.' },
    schemaId: { type: ['string', 'null'] },
    schemaVersion: { type: ['integer', 'null'] },
    templateId: { type: ['string', 'null'] },
    evaluation: nullable(evaluationSummarySchema),
    pii: nullable(piiSummarySchema),
    error: nullable(runErrorSchema),
    timings: { type: ['object', 'null'], description: 'Milliseconds per stage.' },
    resources: {
      type: 'object',
      description: 'URIs to read with resources/read (null until the run has them).',
      required: ['run', 'dataset', 'reportJson', 'reportHtml', 'schema', 'charts'],
      properties: {
        run: uri('This run.'),
        dataset: nullable(uri('The dataset in the format the run wrote; other formats: change the extension.')),
        datasetBytes: { type: ['integer', 'null'] },
        reportJson: nullable(uri('The full quality report (JSON).')),
        reportHtml: nullable(uri('The report as one HTML page.')),
        schema: nullable(uri('The schema the run generated from.')),
        charts: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'png'],
            properties: { id: { type: 'string' }, png: uri('PNG'), svg: uri('SVG'), vegaLite: uri('Vega-Lite spec') },
          },
        },
      },
    },
  },
};

export const runListItemSchema: JsonSchemaObject = {
  type: 'object',
  required: ['runId', 'status', 'createdAt', 'rowCount', 'format', 'uri'],
  properties: {
    runId: { type: 'string' },
    status: runStatusSchema,
    createdAt: timestamp,
    rowCount: { type: 'integer' },
    format: { type: 'string' },
    seed: { anyOf: [{ type: 'integer' }, { type: 'string' }, { type: 'null' }] },
    evaluationStatus: { type: ['string', 'null'] },
    piiVerdict: { type: ['string', 'null'] },
    schemaId: { type: ['string', 'null'] },
    templateId: { type: ['string', 'null'] },
    user: { type: ['string', 'null'] },
    uri: uri('The run resource.'),
  },
};

export const previewSchema: JsonSchemaObject = {
  description: "The run's first rows (null when rows were not asked for or the run did not succeed).",
  anyOf: [
    {
      type: 'object',
      required: ['rows', 'truncated'],
      properties: {
        rows: { type: 'array' },
        truncated: { type: 'boolean', description: 'True when the dataset has more rows than shown: read resources.dataset.' },
      },
    },
    {
      type: 'object',
      required: ['withheld'],
      properties: { withheld: { type: 'string', description: 'Why rows are not shown (the PII verdict blocks downloads).' } },
    },
    { type: 'null' },
  ],
};

export const chartMetaSchema: JsonSchemaObject = {
  type: 'object',
  required: ['id', 'kind', 'title', 'alt'],
  properties: {
    id: { type: 'string' },
    kind: { type: 'string' },
    title: { type: 'string' },
    alt: { type: 'string', description: 'What the chart shows, in words.' },
    columns: { type: 'array', items: { type: 'string' } },
    notes: { type: 'array', items: { type: 'string' } },
    uri: { type: 'string' },
  },
};
