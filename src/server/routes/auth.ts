/** Who am I (for the UI: what to show), and API keys (admin only; the raw key is returned once). */
import type { FastifyPluginAsync } from 'fastify';
import { permissionsOf } from '../../auth/index.js';
import { keyCreateBodySchema } from '../../service/schemas.js';
import type { SynthService } from '../../service/index.js';

export const authRoutes: FastifyPluginAsync<{ service: SynthService }> = async (app, { service }) => {
  app.get(
    '/api/me',
    {
      config: { permission: 'runs:read' },
      schema: { tags: ['auth'], summary: 'The caller: key id, name, role, permissions, and the generate defaults' },
    },
    async (request) => {
      const principal = request.principal!;
      // The defaults a generate form starts from: every role needs them, settings:read is for oversight only.
      const settings = await service.settings();
      const defaults = {
        defaultRowCount: settings.defaultRowCount,
        defaultFormat: settings.defaultFormat,
        defaultSchemaId: settings.defaultSchemaId,
      };
      return { id: principal.id, name: principal.name, role: principal.role, permissions: permissionsOf(principal.role), defaults };
    },
  );
  app.get(
    '/api/keys',
    { config: { permission: 'keys:manage' }, schema: { tags: ['keys'], summary: 'List API keys (never their secrets)' } },
    async (request) => ({
      items: await service.listKeys(request.principal!),
    }),
  );
  app.post<{ Body: { role: string; name?: string } }>(
    '/api/keys',
    {
      config: { permission: 'keys:manage' },
      schema: { tags: ['keys'], summary: 'Create an API key; the secret is in this answer only', body: keyCreateBodySchema },
    },
    async (request, reply) => {
      const created = await service.createKey(request.principal!, request.body);
      return reply.code(201).send(created);
    },
  );
  app.delete<{ Params: { id: string } }>(
    '/api/keys/:id',
    { config: { permission: 'keys:manage' }, schema: { tags: ['keys'], summary: 'Revoke an API key' } },
    async (request) => service.revokeKey(request.principal!, request.params.id),
  );
};
