/** get_run: one run in full, with links to its dataset and reports and, on request, its charts as images. */
import { chartBlocks, runHeadline, runLinks, runSummary } from '../runs.js';
import { runSummarySchema } from './shapes.js';
import type { McpTool } from './types.js';

export interface GetRunArgs {
  readonly runId: string;
  readonly chartImages?: number;
}

export const getRun: McpTool<GetRunArgs> = {
  name: 'get_run',
  title: 'Get a run',
  description: [
    'Get one pipeline run: status (queued, running, succeeded, failed, cancelled), parameters, PII verdict and findings, evaluation status and scores, timings, the error of a failed run, and synthdatagen:// URIs of its dataset, report.json, report.html, schema and charts.',
    'Poll it for a background run until the status is succeeded or failed. Set chartImages to get the first charts back as PNG images.',
  ].join(' '),
  inputSchema: {
    type: 'object',
    required: ['runId'],
    properties: {
      runId: {
        type: 'string',
        minLength: 1,
        maxLength: 100,
        description: 'The run id (run_…), from generate_dataset, run_pipeline or list_runs.',
      },
      chartImages: { type: 'integer', minimum: 0, maximum: 20, default: 0, description: 'How many of its charts to return as PNG images.' },
    },
    additionalProperties: false,
  },
  outputSchema: runSummarySchema as McpTool['outputSchema'],
  annotations: { title: 'Get a run', readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  permission: 'runs:read',
  async run(args, context) {
    const run = await context.service.getRun(context.principal, args.runId);
    const charts =
      (args.chartImages ?? 0) > 0 ? await chartBlocks(context.service, context.principal, run, args.chartImages!, 'mcp:get_run') : [];
    const pending = run.status === 'queued' || run.status === 'running';
    return {
      summary: `${runHeadline(run)}${pending ? ' Still in progress: call get_run again in a few seconds.' : ''}`,
      structured: runSummary(run),
      blocks: [...runLinks(run), ...charts],
    };
  },
};
