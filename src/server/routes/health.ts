/** Liveness and readiness: /healthz says the process answers, /readyz that it can do work (database, queue). */
import type { FastifyPluginAsync } from 'fastify';
import type { SynthService } from '../../service/index.js';

export const healthRoutes: FastifyPluginAsync<{ service: SynthService; readiness?: () => Promise<Record<string, boolean>> }> = async (
  app,
  { service, readiness },
) => {
  app.get('/healthz', { schema: { tags: ['health'], summary: 'The process is up' } }, async () => ({ status: 'ok' }));
  app.get(
    '/readyz',
    { schema: { tags: ['health'], summary: 'The database (and Redis, when configured) answer' } },
    async (_request, reply) => {
      const checks: Record<string, boolean> = {};
      try {
        await service.store.ping();
        checks.database = true;
      } catch {
        checks.database = false;
      }
      if (readiness) Object.assign(checks, await readiness().catch(() => ({ queue: false })));
      const ready = Object.values(checks).every(Boolean);
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
    },
  );
};
