/** generate_dataset: rows from a JSON Schema (inline, from the library or a template), PII-scanned and scored. */
import type { JsonSchema } from '../../core/index.js';
import type { PipelineBody } from '../../service/index.js';
import { FORMAT_ENUM, pipelineBodySchema } from '../../service/schemas.js';
import { plain } from '../content.js';
import { withPreview } from './common.js';
import { previewRows, runHeadline, runLinks, runSummary } from '../runs.js';
import { previewSchema, runSummarySchema, seedSchema } from './shapes.js';
import { pendingAdvice, submitRun } from './submit.js';
import type { McpTool } from './types.js';

export interface GenerateDatasetArgs {
  readonly schema?: JsonSchema;
  readonly schemaId?: string;
  readonly schemaVersion?: number;
  readonly templateId?: string;
  readonly rowCount: number;
  readonly seed?: number | string;
  readonly format?: PipelineBody['format'];
  readonly refs?: PipelineBody['refs'];
  readonly previewRows?: number;
}

const shared = pipelineBodySchema.properties as Record<string, object>;

export const generateDataset: McpTool<GenerateDatasetArgs> = {
  name: 'generate_dataset',
  title: 'Generate a synthetic dataset',
  description: [
    'Generate synthetic rows from a JSON Schema that describes ONE row, and get back the run with its first rows inline and the full dataset as a resource link.',
    'Give exactly one of: schema (inline JSON Schema, draft-04 … 2020-12), schemaId (a library schema), or templateId (see list_schema_templates).',
    'Realism comes from the schema: formats (email, date-time, uuid…), enums, min/max, patterns, and x- keywords (x-faker, x-distribution, x-weights, x-nullRate, x-unique; see docs/schema-vocabulary.md); property names like email or first_name pick sensible values by themselves.',
    'Every run is PII-scanned (values come from safe synthetic spaces such as example.com and fictional phone ranges) and scored; check pii.verdict and evaluation.status in the result.',
    'Same schema + seed gives the same rows. Run lint_schema first when you wrote the schema yourself. For charts or a comparison against real data use run_pipeline; to learn a schema from a sample use infer_schema.',
    'Large runs (above the server threshold, 100,000 rows by default) continue in the background: the result then says status queued and you poll get_run.',
  ].join(' '),
  inputSchema: {
    type: 'object',
    properties: {
      schema: {
        type: 'object',
        description:
          'A JSON Schema for one row, e.g. {"type":"object","properties":{"id":{"type":"integer","x-unique":true},"email":{"type":"string","format":"email"}},"required":["id","email"]}.',
      },
      schemaId: { type: 'string', description: 'Id of a schema in the library (its latest version unless schemaVersion is given).' },
      schemaVersion: { type: 'integer', minimum: 1, description: 'A version of the library schema named by schemaId.' },
      templateId: { type: 'string', description: 'Id of a template (list_schema_templates); its defaults apply unless overridden here.' },
      rowCount: { type: 'integer', minimum: 0, description: 'How many rows to generate.' },
      seed: seedSchema,
      format: {
        enum: [...FORMAT_ENUM],
        default: 'jsonl',
        description: 'File format of the dataset resource: jsonl (default), json, csv or parquet.',
      },
      refs: shared.refs!,
      previewRows: {
        type: 'integer',
        minimum: 0,
        maximum: 100,
        default: 10,
        description: 'Rows to return inline in preview (0 for none); the full dataset is always a resource link.',
      },
    },
    required: ['rowCount'],
    additionalProperties: false,
  },
  outputSchema: withPreview(runSummarySchema, previewSchema),
  annotations: {
    title: 'Generate a synthetic dataset',
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: false,
  },
  permission: 'pipeline:run',
  async run(args, context) {
    const { previewRows: wanted = 10, ...request } = args;
    const body: PipelineBody = { ...request, options: { visualizations: false } };
    const submitted = await submitRun(body, context);
    const { run } = submitted;
    if (submitted.pending) return { summary: pendingAdvice(run), structured: { ...runSummary(run), preview: null } };
    const preview = await previewRows(context.service, context.principal, run, Math.min(wanted, context.limits.maxPreviewRows));
    const shown =
      preview && 'rows' in preview
        ? ` The first ${preview.rows.length} rows are in preview;`
        : preview && 'withheld' in preview
          ? ` Rows withheld: ${preview.withheld}.`
          : '';
    return {
      summary: `${runHeadline(run)}${shown} the full dataset is the linked resource.`,
      structured: plain({ ...runSummary(run), preview }),
      blocks: runLinks(run),
    };
  },
};
