/** The run history, one run, its progress stream, and its downloads (datasets, reports, charts). */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { SdgError } from '../../core/index.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../../generate/writers/index.js';
import { MEDIA_TYPES } from '../../pipeline/index.js';
import { RUN_STATUSES, type RunQuery, type RunStatus } from '../../store/index.js';
import type { SynthService } from '../../service/index.js';
import { streamRunUpdates } from '../sse.js';
import { runView } from '../views.js';

interface HistoryQuery {
  status?: string;
  user?: string;
  schemaId?: string;
  templateId?: string;
  schemaFingerprint?: string;
  format?: string;
  from?: string;
  to?: string;
  sort?: 'createdAt' | 'rowCount';
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
  offset?: number;
}

const historyQuerySchema = {
  type: 'object',
  properties: {
    status: { type: 'string', description: `One status or several, comma-separated: ${RUN_STATUSES.join(', ')}` },
    user: { type: 'string', description: 'API key id of the caller who started the run' },
    schemaId: { type: 'string' },
    templateId: { type: 'string' },
    schemaFingerprint: { type: 'string' },
    format: { enum: [...OUTPUT_FORMATS] },
    from: { type: 'string', format: 'date-time', description: 'Created at or after' },
    to: { type: 'string', format: 'date-time', description: 'Created before' },
    sort: { enum: ['createdAt', 'rowCount'], default: 'createdAt' },
    order: { enum: ['asc', 'desc'], default: 'desc' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    cursor: { type: 'string', description: 'nextCursor of the previous page' },
    offset: { type: 'integer', minimum: 0, description: 'Page by offset instead of cursor' },
  },
  additionalProperties: false,
} as const;

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 100 } } } as const;

function send(
  reply: FastifyReply,
  body: Buffer | NodeJS.ReadableStream,
  mediaType: string,
  name: string,
  attachment: boolean,
): FastifyReply {
  void reply.type(mediaType);
  if (attachment) void reply.header('content-disposition', `attachment; filename="${name}"`);
  void reply.header('cache-control', 'private, max-age=31536000, immutable');
  return reply.send(body);
}

export const runRoutes: FastifyPluginAsync<{ service: SynthService }> = async (app, { service }) => {
  app.get<{ Querystring: HistoryQuery }>(
    '/api/pipelineHistory',
    {
      config: { permission: 'runs:read' },
      schema: { tags: ['runs'], summary: 'Runs, newest first, with filters and pagination', querystring: historyQuerySchema },
    },
    async (request) => {
      const q = request.query;
      if (q.cursor !== undefined && q.offset !== undefined)
        throw new SdgError('SDG_ERR_BAD_REQUEST', 'use cursor or offset, not both', { pointer: '/querystring/offset' });
      const statuses = q.status?.split(',').map((s) => s.trim()) as RunStatus[] | undefined;
      const query: RunQuery = {
        ...(statuses ? { status: statuses } : {}),
        ...(q.user ? { userId: q.user } : {}),
        ...(q.schemaId ? { schemaId: q.schemaId } : {}),
        ...(q.templateId ? { templateId: q.templateId } : {}),
        ...(q.schemaFingerprint ? { schemaFingerprint: q.schemaFingerprint } : {}),
        ...(q.format ? { format: q.format } : {}),
        ...(q.from ? { createdFrom: q.from } : {}),
        ...(q.to ? { createdTo: q.to } : {}),
        ...(q.sort ? { sort: q.sort } : {}),
        ...(q.order ? { order: q.order } : {}),
        ...(q.limit ? { limit: q.limit } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
        ...(q.offset !== undefined ? { offset: q.offset } : {}),
      };
      const page = await service.listRuns(request.principal!, query);
      return { items: page.items.map((run) => runView(run)), nextCursor: page.nextCursor, total: page.total };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/runs/:id',
    {
      config: { permission: 'runs:read' },
      schema: { tags: ['runs'], summary: 'A run: status, parameters, results and download URLs', params: idParams },
    },
    async (request) => runView(await service.getRun(request.principal!, request.params.id)),
  );

  app.get<{ Params: { id: string } }>(
    '/api/runs/:id/events',
    {
      config: { permission: 'runs:read' },
      schema: { tags: ['runs'], summary: 'Progress as server-sent events (queued, progress, done)', params: idParams },
    },
    async (request, reply) => {
      const principal = request.principal!;
      // Resolve the run (404 in the usual shape) before the response turns into an event stream.
      await service.getRun(principal, request.params.id);
      streamRunUpdates(request, reply, (listener) => {
        let unsubscribe: () => void = () => {};
        let closed = false;
        void service.subscribe(principal, request.params.id, listener).then((stop) => {
          if (closed) stop();
          else unsubscribe = stop;
        });
        return () => {
          closed = true;
          unsubscribe();
        };
      });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/runs/:id/cancel',
    { config: { permission: 'pipeline:run' }, schema: { tags: ['runs'], summary: 'Cancel a queued or running run', params: idParams } },
    async (request) => runView(await service.cancelRun(request.principal!, request.params.id)),
  );

  app.get<{ Params: { id: string; format: string } }>(
    '/api/runs/:id/dataset.:format',
    {
      config: { permission: 'runs:download' },
      schema: {
        tags: ['downloads'],
        summary: 'The dataset in any format (refused with PII_BLOCKED when the PII verdict is blocked)',
        params: {
          type: 'object',
          required: ['id', 'format'],
          properties: { id: { type: 'string' }, format: { enum: [...OUTPUT_FORMATS] } },
        },
      },
    },
    async (request, reply) => {
      const principal = request.principal!;
      const format = request.params.format as OutputFormat;
      const run = await service.getRun(principal, request.params.id);
      const stored = run.artifacts.find((a) => a.kind === 'dataset');
      if (stored === undefined || run.status !== 'succeeded')
        throw new SdgError('SDG_ERR_CONFLICT', `run ${run.id} is ${run.status}; it has no dataset`, {
          hint: run.status === 'failed' ? 'see the run for its error' : 'wait for the run to finish',
        });
      await service.checkDownload(principal, run);
      const name = `${run.id}.${format}`;
      if (stored.name === `dataset.${format}`) {
        const opened = await service.artifacts.open(stored.digest);
        if (opened === undefined)
          throw new SdgError('SDG_ERR_NOT_FOUND', `the dataset of run ${run.id} is missing from the artifact store`);
        await service.recordExport(principal, run, { kind: 'dataset', format, digest: stored.digest });
        void reply.header('content-length', opened.size);
        return send(reply, opened.stream, stored.mediaType, name, true);
      }
      // Another format: regenerate the same rows (same schema, seed, count) into a buffer.
      const chunks: Buffer[] = [];
      await service.writeConverted(run, format, {
        write: (chunk) => void chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk)),
      });
      await service.recordExport(principal, run, { kind: 'dataset', format });
      return send(reply, Buffer.concat(chunks), MEDIA_TYPES[format], name, true);
    },
  );

  const artifactRoute = (
    path: string,
    summary: string,
    nameOf: (params: Record<string, string>) => string,
    kind: 'report' | 'chart',
  ): void => {
    app.get<{ Params: Record<string, string> }>(
      path,
      { config: { permission: 'runs:download' }, schema: { tags: ['downloads'], summary } },
      async (request, reply) => {
        const principal = request.principal!;
        const { artifact, run } = await service.artifact(principal, request.params.id!, nameOf(request.params));
        const bytes = await service.artifacts.get(artifact.digest);
        if (bytes === undefined)
          throw new SdgError('SDG_ERR_NOT_FOUND', `${artifact.name} of run ${run.id} is missing from the artifact store`);
        if (kind === 'report')
          await service.recordExport(principal, run, { kind, format: artifact.name.split('.').pop()!, digest: artifact.digest });
        return send(reply, bytes, artifact.mediaType, artifact.name, false);
      },
    );
  };
  artifactRoute('/api/runs/:id/report.json', 'The quality report (JSON)', () => 'report.json', 'report');
  artifactRoute('/api/runs/:id/report.html', 'The quality report as one self-contained HTML page', () => 'report.html', 'report');
  artifactRoute('/api/runs/:id/schema.json', 'The schema the run generated from (inferred for sample runs)', () => 'schema.json', 'report');
  artifactRoute('/api/runs/:id/charts/:file', 'A chart: <id>.svg, <id>.png, <id>@2x.png or <id>.vl.json', (p) => p.file!, 'chart');
};
