/**
 * Usage and metrics: /metrics in the Prometheus text format (scrape it with the key of a compliance_admin or
 * admin as a bearer token: it names users and schemas), and /api/metrics, the same usage as JSON for the UI,
 * over a time window. See docs/operations.md.
 */
import type { FastifyPluginAsync } from 'fastify';
import { usage, type ServiceMetrics } from '../../monitor/index.js';
import type { SynthService } from '../../service/index.js';

export const metricsRoutes: FastifyPluginAsync<{ service: SynthService; metrics: ServiceMetrics }> = async (app, { service, metrics }) => {
  app.get(
    '/metrics',
    {
      config: { permission: 'audit:read' },
      schema: { tags: ['monitoring'], summary: 'Prometheus metrics: this process, and runs across the deployment (from the database)' },
    },
    async (_request, reply) => reply.type(metrics.contentType).send(await metrics.text()),
  );
  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/api/metrics',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['monitoring'],
        summary: 'Usage: runs, rows, PII blocks, failures and latency percentiles, in total and by user, role and schema',
        querystring: {
          type: 'object',
          properties: {
            from: { type: 'string', format: 'date-time', description: 'Window start (default: 24 h before `to`)' },
            to: { type: 'string', format: 'date-time', description: 'Window end, exclusive (default: now)' },
          },
          additionalProperties: false,
        },
      },
    },
    async (request) => ({
      ...(await usage(service.store, request.query)),
      queue: { waiting: service.queue.pending, running: service.queue.active },
    }),
  );
};
