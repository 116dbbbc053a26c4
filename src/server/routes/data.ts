/** Evaluate or chart any data set (inline rows, a CSV/JSON/JSONL text, or a run's dataset), plus lint/preview helpers. */
import type { FastifyPluginAsync } from 'fastify';
import type { JsonSchema } from '../../core/index.js';
import { evaluateBodySchema, visualizeBodySchema } from '../../service/schemas.js';
import type { SynthService } from '../../service/index.js';

type EvaluateBody = Parameters<SynthService['evaluateData']>[1];
type VisualizeBody = Parameters<SynthService['visualizeData']>[1];

export const dataRoutes: FastifyPluginAsync<{ service: SynthService }> = async (app, { service }) => {
  app.post<{ Body: EvaluateBody }>(
    '/api/evaluateSyntheticData',
    {
      config: { permission: 'evaluate' },
      schema: { tags: ['data'], summary: 'Quality report of a dataset, optionally against a reference sample', body: evaluateBodySchema },
    },
    async (request) => service.evaluateData(request.principal!, request.body),
  );
  app.post<{ Body: VisualizeBody }>(
    '/api/visualizeSyntheticData',
    {
      config: { permission: 'visualize' },
      schema: {
        tags: ['data'],
        summary: 'Charts of a dataset (Vega-Lite spec and SVG; PNG data URIs with inline: true)',
        body: visualizeBodySchema,
      },
    },
    async (request) => {
      const { charts, skipped } = await service.visualizeData(request.principal!, request.body);
      return {
        charts: charts.map((c) => ({
          id: c.id,
          kind: c.kind,
          title: c.title,
          alt: c.alt,
          columns: c.columns,
          compared: c.compared,
          notes: c.notes,
          ...(c.empty ? { empty: c.empty } : {}),
          spec: c.spec,
          svg: c.svg,
          ...(c.images[0]?.dataUri ? { dataUri: c.images[0].dataUri } : {}),
        })),
        skipped,
      };
    },
  );
  app.post<{ Body: { schema: JsonSchema } }>(
    '/api/lint',
    {
      config: { permission: 'schemas:read' },
      schema: {
        tags: ['schemas'],
        summary: 'Lint a schema: errors and warnings with JSON pointers and fix hints',
        body: { type: 'object', required: ['schema'], properties: { schema: {} } },
      },
    },
    async (request) => service.lint(request.body.schema),
  );
  app.post<{ Body: { schema: JsonSchema; count?: number; seed?: number | string } }>(
    '/api/preview',
    {
      config: { permission: 'schemas:read' },
      schema: {
        tags: ['schemas'],
        summary: 'The first rows of a schema (at most 50), for live previews; nothing is stored',
        body: {
          type: 'object',
          required: ['schema'],
          properties: {
            schema: {},
            count: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
            seed: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
          },
          additionalProperties: false,
        },
      },
    },
    async (request) => service.preview(request.body.schema, request.body.count ?? 10, request.body.seed ?? 0),
  );
  app.post<{ Body: { text: string; name?: string; format?: 'csv' | 'json' | 'jsonl' } }>(
    '/api/inferSchema',
    {
      config: { permission: 'schemas:read' },
      schema: {
        tags: ['schemas'],
        summary: 'Infer a schema (with a fitted x-model) from a sample; nothing is stored',
        body: {
          type: 'object',
          required: ['text'],
          properties: { text: { type: 'string', minLength: 1 }, name: { type: 'string' }, format: { enum: ['csv', 'json', 'jsonl'] } },
          additionalProperties: false,
        },
      },
    },
    async (request) => service.inferSchema(request.body),
  );
};
