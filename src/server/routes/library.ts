/** The schema library (versioned), templates and presets. */
import type { FastifyPluginAsync } from 'fastify';
import type { JsonSchema, JsonValue } from '../../core/index.js';
import { namedDocumentBodySchema, schemaSaveBodySchema } from '../../service/schemas.js';
import type { SynthService } from '../../service/index.js';

const listQuery = {
  type: 'object',
  properties: {
    q: { type: 'string', description: 'Case-insensitive part of the name' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    offset: { type: 'integer', minimum: 0 },
  },
  additionalProperties: false,
} as const;

interface ListQuery {
  q?: string;
  limit?: number;
  offset?: number;
}

export const libraryRoutes: FastifyPluginAsync<{ service: SynthService }> = async (app, { service }) => {
  app.get<{ Querystring: ListQuery }>(
    '/api/schemas',
    { config: { permission: 'schemas:read' }, schema: { tags: ['schemas'], summary: 'The schema library', querystring: listQuery } },
    async (request) => service.listSchemas(request.principal!, request.query),
  );
  app.post<{ Body: { name: string; description?: string; schema: JsonSchema } }>(
    '/api/schemas',
    {
      config: { permission: 'schemas:write' },
      schema: { tags: ['schemas'], summary: 'Save a schema by name (a new version when its content changed)', body: schemaSaveBodySchema },
    },
    async (request, reply) => {
      const saved = (await service.saveSchema(request.principal!, request.body)) as { created: boolean };
      return reply.code(saved.created ? 201 : 200).send(saved);
    },
  );
  app.get<{ Params: { id: string } }>(
    '/api/schemas/:id',
    { config: { permission: 'schemas:read' }, schema: { tags: ['schemas'], summary: 'A schema with its latest content and its versions' } },
    async (request) => service.getSchema(request.principal!, request.params.id),
  );
  app.get<{ Params: { id: string; version: number } }>(
    '/api/schemas/:id/versions/:version',
    {
      config: { permission: 'schemas:read' },
      schema: {
        tags: ['schemas'],
        summary: 'One version of a schema',
        params: { type: 'object', properties: { id: { type: 'string' }, version: { type: 'integer', minimum: 1 } } },
      },
    },
    async (request) => service.getSchemaVersion(request.principal!, request.params.id, request.params.version),
  );
  app.put<{ Params: { id: string }; Body: { name?: string; description?: string; schema?: JsonSchema } }>(
    '/api/schemas/:id',
    {
      config: { permission: 'schemas:write' },
      schema: {
        tags: ['schemas'],
        summary: 'Rename or re-describe a schema, or add a version (with schema)',
        body: {
          type: 'object',
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            description: { type: 'string', maxLength: 2000 },
            schema: {},
          },
          additionalProperties: false,
        },
      },
    },
    async (request) => service.updateSchema(request.principal!, request.params.id, request.body),
  );
  app.delete<{ Params: { id: string } }>(
    '/api/schemas/:id',
    {
      config: { permission: 'schemas:write' },
      schema: { tags: ['schemas'], summary: 'Delete a schema and its versions (runs keep their fingerprint)' },
    },
    async (request, reply) => {
      await service.deleteSchema(request.principal!, request.params.id);
      return reply.code(204).send();
    },
  );

  for (const kind of ['templates', 'presets'] as const) {
    app.get<{ Querystring: ListQuery }>(
      `/api/${kind}`,
      { config: { permission: 'templates:read' }, schema: { tags: [kind], summary: `List ${kind}`, querystring: listQuery } },
      async (request) => service.listDocuments(request.principal!, kind, request.query),
    );
    app.post<{ Body: { name: string; description?: string; content: Record<string, JsonValue> } }>(
      `/api/${kind}`,
      {
        config: { permission: 'templates:write' },
        schema: { tags: [kind], summary: `Create a ${kind.slice(0, -1)}`, body: namedDocumentBodySchema },
      },
      async (request, reply) => reply.code(201).send(await service.createDocument(request.principal!, kind, request.body)),
    );
    app.get<{ Params: { id: string } }>(
      `/api/${kind}/:id`,
      { config: { permission: 'templates:read' }, schema: { tags: [kind], summary: `One ${kind.slice(0, -1)}` } },
      async (request) => service.getDocument(request.principal!, kind, request.params.id),
    );
    app.put<{ Params: { id: string }; Body: { name?: string; description?: string; content?: Record<string, JsonValue> } }>(
      `/api/${kind}/:id`,
      {
        config: { permission: 'templates:write' },
        schema: { tags: [kind], summary: `Change a ${kind.slice(0, -1)}`, body: { ...namedDocumentBodySchema, required: [] } },
      },
      async (request) => service.updateDocument(request.principal!, kind, request.params.id, request.body),
    );
    app.delete<{ Params: { id: string } }>(
      `/api/${kind}/:id`,
      { config: { permission: 'templates:write' }, schema: { tags: [kind], summary: `Delete a ${kind.slice(0, -1)}` } },
      async (request, reply) => {
        await service.deleteDocument(request.principal!, kind, request.params.id);
        return reply.code(204).send();
      },
    );
  }
};
