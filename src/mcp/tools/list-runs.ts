/** list_runs: the run history, newest first, with filters and pagination (as GET /api/pipelineHistory). */
import { OUTPUT_FORMATS } from '../../generate/writers/index.js';
import { RUN_STATUSES, type RunQuery, type RunStatus } from '../../store/index.js';
import { plain, resourceLink } from '../content.js';
import { runListItem } from '../runs.js';
import { runListItemSchema } from './shapes.js';
import type { McpTool } from './types.js';

export interface ListRunsArgs {
  readonly status?: readonly RunStatus[];
  readonly schemaId?: string;
  readonly templateId?: string;
  readonly format?: string;
  readonly user?: string;
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

export const listRuns: McpTool<ListRunsArgs> = {
  name: 'list_runs',
  title: 'List pipeline runs',
  description: [
    'List pipeline runs, newest first: id, status, row count, format, seed, PII verdict and evaluation status, each with its synthdatagen://runs/{id} resource.',
    'Filter by status, schemaId, templateId, format, user (an API key id or cli:<login>) and a creation time window; page with limit and the nextCursor of the previous answer.',
    'Use get_run for one run in full.',
  ].join(' '),
  inputSchema: {
    type: 'object',
    properties: {
      status: { type: 'array', items: { enum: [...RUN_STATUSES] }, description: 'Only runs in these statuses.' },
      schemaId: { type: 'string', description: 'Only runs of this library schema.' },
      templateId: { type: 'string', description: 'Only runs of this template.' },
      format: { enum: [...OUTPUT_FORMATS], description: 'Only runs that wrote this format.' },
      user: { type: 'string', description: 'Only runs started by this principal (API key id or cli:<login>).' },
      from: { type: 'string', format: 'date-time', description: 'Created at or after (ISO-8601).' },
      to: { type: 'string', format: 'date-time', description: 'Created before (ISO-8601).' },
      limit: { type: 'integer', minimum: 1, maximum: 200, default: 20, description: 'Runs per page.' },
      cursor: { type: 'string', description: 'nextCursor of the previous page.' },
    },
    additionalProperties: false,
  },
  outputSchema: {
    type: 'object',
    required: ['items', 'nextCursor', 'total'],
    properties: {
      items: { type: 'array', items: runListItemSchema },
      nextCursor: { type: ['string', 'null'], description: 'Pass as cursor for the next page; null on the last page.' },
      total: { type: 'integer', description: 'Runs matching the filters, across all pages.' },
    },
  },
  annotations: { title: 'List pipeline runs', readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  permission: 'runs:read',
  async run(args, context) {
    const query: RunQuery = {
      ...(args.status ? { status: args.status } : {}),
      ...(args.schemaId ? { schemaId: args.schemaId } : {}),
      ...(args.templateId ? { templateId: args.templateId } : {}),
      ...(args.format ? { format: args.format } : {}),
      ...(args.user ? { userId: args.user } : {}),
      ...(args.from ? { createdFrom: args.from } : {}),
      ...(args.to ? { createdTo: args.to } : {}),
      limit: args.limit ?? 20,
      ...(args.cursor ? { cursor: args.cursor } : {}),
    };
    const page = await context.service.listRuns(context.principal, query);
    const items = page.items.map(runListItem);
    return {
      summary: `${page.total} run(s) match; ${items.length} shown${page.nextCursor ? '; more with cursor = nextCursor' : ''}.`,
      structured: plain({ items, nextCursor: page.nextCursor, total: page.total }),
      blocks: page.items.map((run) =>
        resourceLink(
          `synthdatagen://runs/${run.id}`,
          run.id,
          'application/json',
          `${run.status}: ${run.rowCount} rows ${run.format}, created ${run.createdAt}`,
        ),
      ),
    };
  },
};
