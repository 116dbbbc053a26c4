/** run_pipeline: the whole pipeline (generate → PII scan → evaluate → charts), as POST /api/syntheticDataPipeline. */
import type { ContentBlock } from '@modelcontextprotocol/sdk/types.js';
import type { PipelineBody } from '../../service/index.js';
import { pipelineBodySchema } from '../../service/schemas.js';
import { pngImage, plain, resourceLink } from '../content.js';
import { chartBlocks, chartsOf, previewRows, runHeadline, runLinks, runSummary } from '../runs.js';
import { uris } from '../uris.js';
import { withPreview } from './common.js';
import { chartMetaSchema, previewSchema, runSummarySchema } from './shapes.js';
import { pendingAdvice, submitRun } from './submit.js';
import type { McpTool } from './types.js';

export type RunPipelineArgs = PipelineBody & { readonly previewRows?: number; readonly chartImages?: number };

const body = pipelineBodySchema.properties as Record<string, Record<string, unknown>>;

const outputSchema = withPreview(runSummarySchema, previewSchema);
(outputSchema.properties as Record<string, unknown>).charts = {
  type: 'array',
  description: 'The charts drawn, in order; the first chartImages come back as PNG image content, the rest as resource links.',
  items: chartMetaSchema,
};

export const runPipeline: McpTool<RunPipelineArgs> = {
  name: 'run_pipeline',
  title: 'Run the full pipeline',
  description: [
    'Run the whole SynthDataGen pipeline in one call: generate rows, scan them for PII, evaluate their quality (against a real sample when one is given) and draw charts.',
    'Returns the run (PII verdict, evaluation status and scores, resource URIs for the dataset, report.json, report.html and every chart), a preview of the first rows, and the first charts as PNG images.',
    'Say what to generate with exactly one of schema, schemaId, templateId or sample (a real sample to learn from: {rows:[…]} or {text:"<CSV/JSON/JSONL>"}; its values never reach personal-data columns).',
    'options.visualizations picks chart kinds (histogram, values, scatter, correlation, nulls) and columns; options.thresholds and options.pii tune the verdicts.',
    'Use generate_dataset when you only need rows; use this when you need the quality report or charts.',
  ].join(' '),
  inputSchema: {
    type: 'object',
    description: pipelineBodySchema.description as string,
    properties: {
      ...body,
      schema: { type: 'object', description: 'A JSON Schema (draft-04 … 2020-12) for one row.' },
      schemaVersion: { ...body.schemaVersion, description: 'A version of the library schema named by schemaId (default: its latest).' },
      format: { ...body.format, description: 'File format of the dataset resource: jsonl (default), json, csv or parquet.' },
      rowCount: {
        type: 'integer',
        minimum: 0,
        description: 'How many rows to generate. Above the server threshold (100,000 by default) the run continues in the background.',
      },
      async: {
        type: 'boolean',
        description: 'Run in the background whatever the row count (then poll get_run, or call with a progress token to wait).',
      },
      options: {
        ...body.options,
        description:
          'Optional: visualizations (true, false, or {charts: [kinds], columns: [names]}), thresholds (e.g. {"quality": {"pass": 0.9}}), pii (minConfidence, blockEntities, allow rules).',
      },
      previewRows: { type: 'integer', minimum: 0, maximum: 100, default: 5, description: 'Rows to return inline in preview (0 for none).' },
      chartImages: {
        type: 'integer',
        minimum: 0,
        maximum: 20,
        default: 4,
        description: 'How many charts to return as PNG images; the others come as resource links.',
      },
    },
    required: ['rowCount'],
    additionalProperties: false,
  },
  outputSchema,
  annotations: { title: 'Run the full pipeline', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  permission: 'pipeline:run',
  async run(args, context) {
    const { previewRows: wanted = 5, chartImages = 4, ...request } = args;
    const submitted = await submitRun(request, context);
    const { run } = submitted;
    if (submitted.pending) return { summary: pendingAdvice(run), structured: { ...runSummary(run), preview: null, charts: [] } };
    const preview = await previewRows(context.service, context.principal, run, Math.min(wanted, context.limits.maxPreviewRows));
    const blocks: ContentBlock[] = [...runLinks(run)];
    let charts: object[];
    if (submitted.charts) {
      // Charts of a run answered in the request are still in memory: no need to read them back.
      if (submitted.charts.length > 0)
        await context.service.authorize(context.principal, 'runs:download', { method: 'tools/call', route: 'mcp:run_pipeline' });
      charts = submitted.charts.map((c) => ({
        id: c.id,
        kind: c.kind,
        title: c.title,
        alt: c.alt,
        columns: [...c.columns],
        notes: [...c.notes],
        uri: uris.chart(run.id, `${c.id}.png`),
      }));
      for (const [index, chart] of submitted.charts.entries()) {
        let png = chart.images.find((image) => image.scale === 1)?.png;
        // The service draws PNGs on first request; draw the ones shown here now.
        if (index < chartImages && png === undefined) {
          const { artifact } = await context.service.artifact(context.principal, run.id, `${chart.id}.png`);
          png = await context.service.artifacts.get(artifact.digest);
        }
        if (index < chartImages && png)
          blocks.push({ type: 'text', text: `Chart ${chart.id}: ${chart.title}. ${chart.alt}`.trim() }, pngImage(png));
        else
          blocks.push(
            resourceLink(uris.chart(run.id, `${chart.id}.png`), `${chart.id}.png`, 'image/png', `${chart.title}. ${chart.alt}`.trim()),
          );
      }
    } else {
      charts = (await chartsOf(context.service, run)).map((c) => ({ ...c, uri: uris.chart(run.id, `${c.id}.png`) }));
      blocks.push(...(await chartBlocks(context.service, context.principal, run, chartImages, 'mcp:run_pipeline')));
    }
    const shown =
      preview && 'rows' in preview
        ? ` First ${preview.rows.length} rows in preview.`
        : preview && 'withheld' in preview
          ? ` Rows withheld: ${preview.withheld}.`
          : '';
    const drawn = charts.length;
    return {
      summary: `${runHeadline(run)}${shown} ${drawn} chart(s) drawn${drawn > chartImages ? (chartImages === 0 ? ', linked, not shown' : `, the first ${chartImages} shown as image${chartImages === 1 ? '' : 's'}`) : ''}. The dataset and the reports are the linked resources.`,
      structured: plain({ ...runSummary(run), preview, charts }),
      blocks,
    };
  },
};
