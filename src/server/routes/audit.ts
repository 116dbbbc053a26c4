/** The audit log: list with filters, export as JSON Lines, verify the hash chain. */
import type { FastifyPluginAsync } from 'fastify';
import { AUDIT_EVENT_TYPES } from '../../audit/index.js';
import type { SynthService } from '../../service/index.js';

interface AuditQuery {
  type?: string;
  runId?: string;
  user?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
  order?: 'asc' | 'desc';
}

const auditQuery = {
  type: 'object',
  properties: {
    type: { type: 'string', description: `Event type(s), comma-separated: ${AUDIT_EVENT_TYPES.join(', ')}` },
    runId: { type: 'string' },
    user: { type: 'string' },
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    cursor: { type: 'string' },
    order: { enum: ['asc', 'desc'], default: 'desc' },
  },
  additionalProperties: false,
} as const;

export const auditRoutes: FastifyPluginAsync<{ service: SynthService }> = async (app, { service }) => {
  app.get<{ Querystring: AuditQuery }>(
    '/api/audit',
    {
      config: { permission: 'audit:read' },
      schema: { tags: ['audit'], summary: 'Audit events with filters and pagination', querystring: auditQuery },
    },
    async (request) => service.listAudit(request.principal!, request.query),
  );
  app.get<{ Querystring: AuditQuery }>(
    '/api/audit/export',
    {
      config: { permission: 'audit:read' },
      schema: { tags: ['audit'], summary: 'The audit log as JSON Lines (verifiable offline)', querystring: auditQuery },
    },
    async (request, reply) => {
      const text = await service.exportAudit(request.principal!, request.query);
      return reply.type('application/x-ndjson').header('content-disposition', 'attachment; filename="audit.jsonl"').send(text);
    },
  );
  app.get(
    '/api/audit/verify',
    { config: { permission: 'audit:verify' }, schema: { tags: ['audit'], summary: 'Verify the hash chain; names the first broken link' } },
    async (request) => service.verifyAudit(request.principal!),
  );
};
