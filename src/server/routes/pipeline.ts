/**
 * POST /api/syntheticDataPipeline: small runs answer in the request with everything (200); large ones are
 * queued and answer 202 with a Location to poll, an events URL for progress, and the chunking advice.
 */
import type { FastifyPluginAsync } from 'fastify';
import { ERROR_CODES, type ErrorCode } from '../../core/index.js';
import { pipelineBodySchema } from '../../service/schemas.js';
import type { PipelineBody, SynthService } from '../../service/index.js';
import type { ServerConfig } from '../config.js';
import { runView } from '../views.js';

export const pipelineRoutes: FastifyPluginAsync<{ service: SynthService; config: ServerConfig }> = async (app, { service, config }) => {
  app.post<{ Body: PipelineBody }>(
    '/api/syntheticDataPipeline',
    {
      config: { permission: 'pipeline:run' },
      schema: {
        tags: ['pipeline'],
        summary: 'Generate → PII scan → evaluate → visualize in one call',
        description: `Runs up to ${config.asyncRowThreshold} rows answer 200 with the results; larger runs (or async: true) answer 202 with Location (poll it) and progress as server-sent events.`,
        body: pipelineBodySchema,
      },
    },
    async (request, reply) => {
      const outcome = await service.submitPipeline(request.principal!, request.body);
      const inline = typeof request.body.options?.visualizations === 'object' && request.body.options.visualizations.inline === true;
      const view = runView(outcome.run, { charts: outcome.charts, inline });
      if (outcome.mode === 'async') {
        return reply
          .code(202)
          .header('location', `/api/runs/${outcome.run.id}`)
          .send({
            ...view,
            eventsUrl: `/api/runs/${outcome.run.id}/events`,
            advice: `Runs above ${config.asyncRowThreshold} rows run in the background. Poll Location or stream eventsUrl; for very large datasets, split the work into chunks (several runs with offsets of one seed give one dataset).`,
          });
      }
      if (outcome.run.status === 'failed' && outcome.run.error) {
        const error = outcome.run.error;
        const status = error.code in ERROR_CODES ? ERROR_CODES[error.code as ErrorCode].status : 500;
        return reply.code(status).send({ error: { ...error, runId: outcome.run.id } });
      }
      return reply.code(200).send(view);
    },
  );
};
