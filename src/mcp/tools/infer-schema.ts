/** infer_schema: a JSON Schema with a fitted x-model learned from a sample (as POST /api/inferSchema). */
import { isPlainObject } from '../../core/index.js';
import { plain } from '../content.js';
import type { McpTool } from './types.js';

export interface InferSchemaArgs {
  readonly text: string;
  readonly name?: string;
  readonly format?: 'csv' | 'json' | 'jsonl';
}

export const inferSchema: McpTool<InferSchemaArgs> = {
  name: 'infer_schema',
  title: 'Infer a schema from a sample',
  description: [
    'Learn a JSON Schema from a sample of real data (CSV, JSON array or JSON Lines, as text): column types, formats, ranges, enums, null rates, and an x-model with fitted marginals and correlations (Gaussian copula) so generated data follows the sample statistically.',
    'Columns that look like personal data are marked to be synthesised from safe spaces, never copied.',
    'Nothing is stored. Next: pass the returned schema to generate_dataset (or run_pipeline with the sample as reference to compare real and synthetic).',
  ].join(' '),
  inputSchema: {
    type: 'object',
    required: ['text'],
    properties: {
      text: {
        type: 'string',
        minLength: 1,
        description: 'The sample file as text: CSV with a header row, a JSON array of objects, or JSON Lines.',
      },
      name: {
        type: 'string',
        maxLength: 200,
        description: 'A name for the sample (used as the schema title; a .csv/.json/.jsonl ending also sets the format).',
      },
      format: { enum: ['csv', 'json', 'jsonl'], description: 'Format of text (default: from name, else sniffed).' },
    },
    additionalProperties: false,
  },
  outputSchema: {
    type: 'object',
    required: ['schema', 'report'],
    properties: {
      schema: { type: 'object', description: 'The inferred JSON Schema (2020-12) with x-model; pass it to generate_dataset as schema.' },
      report: { type: 'object', description: 'What was inferred per column, with warnings.' },
    },
  },
  annotations: { title: 'Infer a schema from a sample', readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  permission: 'schemas:read',
  async run(args, context) {
    const inferred = plain(context.service.inferSchema(args));
    const schema = isPlainObject(inferred.schema) ? inferred.schema : {};
    const properties = Object.keys(isPlainObject(schema.properties) ? schema.properties : {});
    return {
      summary: `Inferred a schema with ${properties.length} column(s): ${properties.slice(0, 20).join(', ')}${properties.length > 20 ? ', …' : ''}. Pass structuredContent.schema to generate_dataset to make synthetic rows like the sample.`,
      structured: inferred,
    };
  },
};
