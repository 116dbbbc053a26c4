/** Drift monitors: schema drift between library versions, quality drift across runs of one schema. */
import type { FastifyPluginAsync } from 'fastify';
import { qualityDrift, schemaHistory } from '../../monitor/index.js';
import type { SynthService } from '../../service/index.js';

export const monitorRoutes: FastifyPluginAsync<{ service: SynthService }> = async (app, { service }) => {
  app.get<{ Params: { id: string } }>(
    '/api/schemas/:id/drift',
    {
      config: { permission: 'schemas:read' },
      schema: {
        tags: ['monitoring'],
        summary:
          'Schema drift: each version diffed against the previous one (fields added/removed, type and constraint changes, breaking or not)',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 100 } } },
      },
    },
    async (request) => schemaHistory(service.store, request.params.id),
  );
  app.get<{ Querystring: { schemaId?: string; schemaFingerprint?: string; limit?: number; drop?: number } }>(
    '/api/monitors/quality',
    {
      config: { permission: 'runs:read' },
      schema: {
        tags: ['monitoring'],
        summary: 'Quality drift: evaluation metrics of successive runs of one schema, flagged when they fall',
        querystring: {
          type: 'object',
          properties: {
            schemaId: { type: 'string' },
            schemaFingerprint: { type: 'string' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            drop: { type: 'number', minimum: 0, maximum: 1, default: 0.05, description: 'Fall of a 0…1 score that flags a run' },
          },
          additionalProperties: false,
        },
      },
    },
    async (request) => qualityDrift(service.store, request.query),
  );
};
