/**
 * JSON Schemas of the service's request payloads, written once and used three times: Fastify validates REST
 * bodies with them, @fastify/swagger publishes them in /api/openapi.json, and the MCP tools take them as
 * their input schemas — so a field means the same thing on every face.
 */
import type { JsonSchemaObject } from '../core/index.js';

const anyJson: JsonSchemaObject = {};

export const FORMAT_ENUM = ['jsonl', 'json', 'csv', 'parquet'] as const;
export const ROLE_ENUM = ['qa_engineer', 'ml_engineer', 'compliance_admin', 'admin'] as const;

const seed: JsonSchemaObject = {
  description: 'Same request + seed ⇒ byte-identical dataset. An integer or a string.',
  anyOf: [{ type: 'integer' }, { type: 'string', maxLength: 200 }],
};

const sample: JsonSchemaObject = {
  description:
    'A real sample to learn from (rows, or the text of a CSV/JSON/JSONL file). Its values are never copied into personal-data columns.',
  type: 'object',
  properties: {
    rows: { type: 'array', items: { type: 'object' }, minItems: 1 },
    text: { type: 'string', minLength: 1 },
    name: { type: 'string', maxLength: 200 },
    format: { enum: ['csv', 'json', 'jsonl'] },
  },
  additionalProperties: false,
};

const piiPolicy: JsonSchemaObject = {
  description:
    'PII policy overrides: minConfidence, blockEntities, allow rules (see docs/pii.md). Whether a blocked dataset may be downloaded is a server setting.',
  type: 'object',
  properties: {
    minConfidence: { type: 'number', minimum: 0, maximum: 1 },
    reportConfidence: { type: 'number', minimum: 0, maximum: 1 },
    blockEntities: { type: 'array', items: { type: 'string' } },
    allow: {
      type: 'array',
      items: {
        type: 'object',
        required: ['column'],
        properties: { column: { type: 'string' }, entity: { type: 'string' }, reason: { type: 'string' } },
      },
    },
  },
  additionalProperties: false,
};

const visualizations: JsonSchemaObject = {
  description:
    'Charts to draw: true (default set), false (none), or a selection. Charts come back as URLs; base64 data URIs with inline: true.',
  anyOf: [
    { type: 'boolean' },
    {
      type: 'object',
      properties: {
        enabled: { type: 'boolean' },
        charts: { type: 'array', items: { enum: ['histogram', 'values', 'scatter', 'correlation', 'nulls'] } },
        columns: { type: 'array', items: { type: 'string' }, maxItems: 100 },
        inline: { type: 'boolean', description: 'Return each chart as a base64 PNG data URI too.' },
        png: { type: 'boolean', description: 'Render the PNGs during the run (default: on first download, or with inline).' },
      },
      additionalProperties: false,
    },
  ],
};

export const pipelineOptionsSchema: JsonSchemaObject = {
  type: 'object',
  properties: {
    visualizations,
    thresholds: {
      type: 'object',
      description: 'Threshold overrides, e.g. {"quality": {"pass": 0.9, "warn": 0.75}} (see docs/evaluation.md).',
    },
    pii: piiPolicy,
  },
  additionalProperties: false,
};

export const pipelineBodySchema: JsonSchemaObject = {
  type: 'object',
  description: 'Exactly one of schema, schemaId, templateId or sample says what to generate.',
  required: ['rowCount'],
  properties: {
    schema: { ...anyJson, description: 'A JSON Schema (draft 4 … 2020-12) for one row.' },
    schemaId: { type: 'string', description: 'A schema from the library (its latest version unless schemaVersion is given).' },
    schemaVersion: { type: 'integer', minimum: 1 },
    templateId: { type: 'string', description: 'A template from /api/templates.' },
    sample,
    rowCount: {
      type: 'integer',
      minimum: 0,
      description: 'Rows to generate. Above the async threshold the run answers 202 and runs in the background.',
    },
    seed,
    format: { enum: [...FORMAT_ENUM], description: 'Dataset format (default: the template’s, then the jsonl setting default).' },
    refs: {
      type: 'object',
      additionalProperties: { type: ['object', 'boolean'] },
      description: 'Remote schemas by absolute URI; nothing is fetched.',
    },
    async: { type: 'boolean', description: 'Force an asynchronous run (202 + Location) whatever the row count.' },
    options: pipelineOptionsSchema,
  },
  additionalProperties: false,
};

const dataInput: Record<string, JsonSchemaObject> = {
  runId: { type: 'string', description: "A run's id: use its dataset." },
  rows: { type: 'array', items: { type: 'object' }, description: 'Rows inline.' },
  text: { type: 'string', description: 'A CSV, JSON or JSONL file as text.' },
  format: { enum: ['csv', 'json', 'jsonl'] },
};

export const evaluateBodySchema: JsonSchemaObject = {
  type: 'object',
  description: 'The data (runId, rows or text) and optionally a reference sample and a schema.',
  properties: {
    ...dataInput,
    reference: sample,
    schema: { ...anyJson, description: 'The row schema: validity and declared distributions are checked against it.' },
    thresholds: { type: 'object' },
  },
  additionalProperties: false,
};

export const visualizeBodySchema: JsonSchemaObject = {
  type: 'object',
  properties: {
    ...dataInput,
    reference: sample,
    charts: { type: 'array', items: { enum: ['histogram', 'values', 'scatter', 'correlation', 'nulls'] } },
    columns: { type: 'array', items: { type: 'string' }, maxItems: 100 },
    inline: { type: 'boolean' },
  },
  additionalProperties: false,
};

export const schemaSaveBodySchema: JsonSchemaObject = {
  type: 'object',
  required: ['name', 'schema'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    description: { type: 'string', maxLength: 2000 },
    schema: { ...anyJson, description: 'The JSON Schema; it must lint without errors.' },
  },
  additionalProperties: false,
};

export const namedDocumentBodySchema: JsonSchemaObject = {
  type: 'object',
  required: ['name', 'content'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    description: { type: 'string', maxLength: 2000 },
    content: {
      type: 'object',
      description: 'Template: {schema, rowCount?, format?, options?}. Preset: pipeline options {rowCount?, format?, seed?, options?}.',
    },
  },
  additionalProperties: false,
};

export const keyCreateBodySchema: JsonSchemaObject = {
  type: 'object',
  required: ['role'],
  properties: { role: { enum: [...ROLE_ENUM] }, name: { type: 'string', minLength: 1, maxLength: 200 } },
  additionalProperties: false,
};

export const settingsBodySchema: JsonSchemaObject = {
  type: 'object',
  description: 'Settings to change; keys not given stay as they are.',
  properties: {
    blockPiiDownloads: { type: 'boolean', description: 'Refuse downloads of datasets whose PII verdict is blocked (default true).' },
    defaultRowCount: { type: 'integer', minimum: 1 },
    defaultFormat: { enum: [...FORMAT_ENUM] },
    defaultThresholds: { type: 'object' },
    defaultSchemaId: { type: ['string', 'null'] },
  },
  additionalProperties: false,
};

export const errorBodySchema: JsonSchemaObject = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, pointer: { type: 'string' }, hint: { type: 'string' } },
    },
  },
};
