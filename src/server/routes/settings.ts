/** Settings: defaults and the PII download block (changes audited as SettingsChanged). */
import type { FastifyPluginAsync } from 'fastify';
import type { JsonValue } from '../../core/index.js';
import { settingsBodySchema } from '../../service/schemas.js';
import type { SynthService } from '../../service/index.js';

export const settingsRoutes: FastifyPluginAsync<{ service: SynthService }> = async (app, { service }) => {
  app.get(
    '/api/settings',
    { config: { permission: 'settings:read' }, schema: { tags: ['settings'], summary: 'All settings with their current values' } },
    async () => service.settings(),
  );
  app.put<{ Body: Record<string, JsonValue> }>(
    '/api/settings',
    {
      config: { permission: 'settings:write' },
      schema: { tags: ['settings'], summary: 'Change settings (only the keys given)', body: settingsBodySchema },
    },
    async (request) => service.updateSettings(request.principal!, request.body),
  );
};
