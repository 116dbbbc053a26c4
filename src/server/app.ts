/**
 * The Fastify application: one plugin per route group (after Fastify's encapsulated plugins), the error
 * shape and auth installed once for all of them. `buildApp` takes a ready SynthService, so tests build it
 * on a temp SQLite file or a PostgreSQL schema, and `startServer` (index.ts) wires the real one.
 */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { SdgError } from '../core/index.js';
import type { Permission } from '../auth/index.js';
import type { SynthService } from '../service/index.js';
import type { Principal } from '../service/index.js';
import type { ServerConfig } from './config.js';
import { errorBodySchema } from '../service/schemas.js';
import { registerErrorHandling, errorResponse } from './errors.js';
import { registerHostCheck } from './host-check.js';
import { authRoutes } from './routes/auth.js';
import { auditRoutes } from './routes/audit.js';
import { dataRoutes } from './routes/data.js';
import { healthRoutes } from './routes/health.js';
import { libraryRoutes } from './routes/library.js';
import { pipelineRoutes } from './routes/pipeline.js';
import { runRoutes } from './routes/runs.js';
import { settingsRoutes } from './routes/settings.js';
import { metricsRoutes } from './routes/metrics.js';
import { monitorRoutes } from './routes/monitors.js';
import { createServiceMetrics } from '../monitor/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** The permission a route needs; routes without one are public (health, OpenAPI, docs). */
    permission?: Permission;
  }
}

export interface AppOptions {
  readonly service: SynthService;
  readonly config: ServerConfig;
  /** Resolves an API key to its principal, or says why not (missing keys are handled before). */
  readonly authenticate: (
    rawKey: string,
  ) => Promise<{ principal: Principal } | { reason: 'malformed_key' | 'unknown_key' | 'revoked_key' }>;
  /** Checks for /readyz beyond the database (e.g. Redis). */
  readonly readiness?: () => Promise<Record<string, boolean>>;
  /** Extra plugins mounted after the API (the MCP endpoint, the Admin UI's static files). */
  readonly extensions?: ReadonlyArray<(app: FastifyInstance) => Promise<void> | void>;
}

function rawKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.trim() !== '') return header.trim();
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) return match[1]!.trim();
  }
  return undefined;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { service, config } = options;
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    // Validation errors must name the field exactly; coercion stays on for query strings only.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false, strict: false } },
    return503OnClosing: true,
    forceCloseConnections: true,
  });
  registerErrorHandling(app);
  app.decorateRequest('principal', null);
  registerHostCheck(app, config);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'SynthDataGen API',
        version: '1',
        description:
          'Schema-driven synthetic data: generate, PII-scan, evaluate and visualize in one pipeline call. Authenticate with an API key in `Authorization: Bearer <key>` or `X-API-Key`. Errors are `{error: {code, message, pointer?, hint?}}`.',
      },
      components: {
        securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' }, bearer: { type: 'http', scheme: 'bearer' } },
        schemas: { Error: errorBodySchema as Record<string, unknown> },
      },
      security: [{ apiKey: [] }, { bearer: [] }],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitMax,
    timeWindow: config.rateLimitWindowMs,
    keyGenerator: (request) => rawKeyOf(request) ?? request.ip,
    allowList: (request) => request.url === '/healthz' || request.url === '/readyz',
    errorResponseBuilder: (_request, context) =>
      Object.assign(
        new SdgError('SDG_ERR_RATE_LIMITED', `rate limit of ${context.max} requests per ${Math.round(context.ttl / 1000) || 1} s reached`, {
          hint: `retry after ${Math.ceil(context.ttl / 1000)} s (the Retry-After header)`,
        }),
        { statusCode: 429 },
      ),
  });

  // Authentication for every route that declares a permission; the permission itself is checked by the
  // service (so MCP gets the same check), except for routes that only read and name theirs here.
  app.addHook('preHandler', async (request) => {
    const permission = request.routeOptions.config.permission;
    if (permission === undefined) return;
    const raw = rawKeyOf(request);
    const route = request.routeOptions.url ?? request.url;
    if (raw === undefined) {
      await service.auditDenied(null, 'missing_key', { method: request.method, route, permission });
      throw new SdgError('SDG_ERR_UNAUTHORIZED', 'an API key is required', {
        hint: 'send it as Authorization: Bearer <key> or X-API-Key: <key>',
      });
    }
    const outcome = await options.authenticate(raw);
    if ('reason' in outcome) {
      await service.auditDenied(null, outcome.reason, { method: request.method, route, permission });
      throw new SdgError(
        'SDG_ERR_UNAUTHORIZED',
        outcome.reason === 'revoked_key' ? 'this API key was revoked' : 'this API key is not valid',
        {
          hint: 'ask an admin for a key (synthdatagen keys create --role …)',
        },
      );
    }
    request.principal = outcome.principal;
    await service.authorize(outcome.principal, permission, { method: request.method, route });
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff');
    return payload;
  });

  // Request metrics for /metrics, and the run id on the request's log line, so a run can be followed from
  // the API's logs to the worker's (which log it on every event).
  const metrics = createServiceMetrics({
    store: service.store,
    queue: () => ({ pending: service.queue.pending, active: service.queue.active }),
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'POST' && request.routeOptions.url === '/api/syntheticDataPipeline' && typeof payload === 'string') {
      const runId = /"runId":"([^"]+)"/.exec(payload.slice(0, 300))?.[1];
      if (runId !== undefined) reply.log = request.log = request.log.child({ runId });
    }
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });

  await app.register(healthRoutes, { service, ...(options.readiness ? { readiness: options.readiness } : {}) });
  await app.register(authRoutes, { service });
  await app.register(pipelineRoutes, { service, config });
  await app.register(runRoutes, { service });
  await app.register(dataRoutes, { service });
  await app.register(libraryRoutes, { service });
  await app.register(settingsRoutes, { service });
  await app.register(auditRoutes, { service });
  await app.register(metricsRoutes, { service, metrics });
  await app.register(monitorRoutes, { service });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  for (const extension of options.extensions ?? []) await extension(app);
  return app;
}

export { errorResponse };
