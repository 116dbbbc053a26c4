/**
 * Streamable HTTP at /mcp, mounted on the REST server (an `extensions` plugin, so the server's Host/Origin
 * check against DNS rebinding, its rate limit and body limit apply first). Every request carries an API key
 * (`Authorization: Bearer …` or `X-API-Key`) and is authenticated again, so a key revoked mid-session stops
 * working at its next request.
 *
 * Sessions, as the transport spec describes them: `initialize` creates a server for the key's principal and
 * answers with an `Mcp-Session-Id`; later POSTs (several may stream at once), the GET stream and DELETE name
 * it. A session belongs to the key that opened it — another key naming it gets 404, as for an unknown id,
 * and the attempt is audited. Sessions live in this process: they end on DELETE, after `idleMs` without a
 * request, or when one key opens more than `maxSessionsPerKey` (its least recently used goes). Behind a load
 * balancer, route /mcp with affinity on the Mcp-Session-Id header; a client that lands on an instance that
 * does not know its session gets 404 and starts a new one, as the spec requires.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Principal, SynthService } from '../service/index.js';
import { createMcpServer } from './server.js';
import type { McpLimits } from './tools/index.js';

export type KeyAuthenticator = (
  rawKey: string,
) => Promise<{ principal: Principal } | { reason: 'malformed_key' | 'unknown_key' | 'revoked_key' }>;

export interface McpHttpOptions {
  readonly service: SynthService;
  readonly authenticate: KeyAuthenticator;
  /** Default `/mcp`. */
  readonly path?: string;
  readonly limits?: Partial<McpLimits>;
  /** A session with no request for this long is closed (default 30 minutes). */
  readonly idleMs?: number;
  /** Open sessions per API key; opening one more closes the key's least recently used (default 32). */
  readonly maxSessionsPerKey?: number;
  /** Open sessions in this process; beyond it new sessions are refused with 503 (default 2,000). */
  readonly maxSessions?: number;
}

interface Session {
  readonly id: string;
  readonly principal: Principal;
  readonly server: Server;
  readonly transport: StreamableHTTPServerTransport;
  lastSeen: number;
  idle: NodeJS.Timeout | undefined;
}

function rawKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.trim() !== '') return header.trim();
  const match = /^Bearer\s+(.+)$/i.exec(request.headers.authorization?.trim() ?? '');
  return match ? match[1]!.trim() : undefined;
}

/** Transport-level refusals as JSON-RPC error bodies (-32000 is the server-error range the SDK uses too). */
function refuse(reply: FastifyReply, status: number, code: number, message: string, data?: Record<string, string>): FastifyReply {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ jsonrpc: '2.0', id: null, error: { code, message, ...(data === undefined ? {} : { data }) } });
}

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && contentType.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

function initializes(body: unknown): boolean {
  return Array.isArray(body) ? body.some((message) => isInitializeRequest(message)) : isInitializeRequest(body);
}

/** The Fastify plugin for `extensions` (see server/index.ts). */
export function mcpHttpEndpoint(options: McpHttpOptions): (app: FastifyInstance) => Promise<void> {
  const path = options.path ?? '/mcp';
  const idleMs = options.idleMs ?? 30 * 60_000;
  const maxPerKey = options.maxSessionsPerKey ?? 32;
  const maxSessions = options.maxSessions ?? 2000;
  const { service } = options;
  const sessions = new Map<string, Session>();

  const forget = (id: string): void => {
    const session = sessions.get(id);
    if (session === undefined) return;
    sessions.delete(id);
    clearTimeout(session.idle);
    void session.server.close().catch(() => undefined);
  };
  const touch = (session: Session): void => {
    session.lastSeen = Date.now();
    clearTimeout(session.idle);
    session.idle = setTimeout(() => forget(session.id), idleMs);
    session.idle.unref();
  };

  return async (app) => {
    app.addHook('onClose', async () => {
      for (const id of [...sessions.keys()]) forget(id);
    });
    await app.register(async (scope) => {
      // The body is parsed here, not by Fastify: a malformed one must answer JSON-RPC's -32700, and a wrong
      // media type the transport's 415, rather than the REST error shape.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

      scope.route({
        method: ['GET', 'POST', 'DELETE'],
        url: path,
        schema: { hide: true },
        handler: async (request, reply) => {
          const context = { method: request.method, route: path };
          const raw = rawKeyOf(request);
          if (raw === undefined) {
            await service.auditDenied(null, 'missing_key', context);
            void reply.header('www-authenticate', 'Bearer realm="synthdatagen"');
            return refuse(reply, 401, -32000, 'an API key is required', {
              code: 'SDG_ERR_UNAUTHORIZED',
              hint: 'send it as Authorization: Bearer <key> or X-API-Key: <key>',
            });
          }
          const outcome = await options.authenticate(raw);
          if ('reason' in outcome) {
            await service.auditDenied(null, outcome.reason, context);
            void reply.header('www-authenticate', 'Bearer realm="synthdatagen", error="invalid_token"');
            return refuse(reply, 401, -32000, outcome.reason === 'revoked_key' ? 'this API key was revoked' : 'this API key is not valid', {
              code: 'SDG_ERR_UNAUTHORIZED',
              hint: 'ask an admin for a key (synthdatagen keys create --role …)',
            });
          }
          const { principal } = outcome;

          let parsed: unknown;
          if (request.method === 'POST') {
            parsed = null;
            if (isJson(request.headers['content-type'])) {
              try {
                parsed = JSON.parse(typeof request.body === 'string' ? request.body : '');
              } catch (error) {
                return refuse(reply, 400, -32700, `Parse error: ${error instanceof Error ? error.message : 'invalid JSON'}`);
              }
            }
          }

          const sessionId = request.headers['mcp-session-id'];
          let session: Session | undefined;
          if (typeof sessionId === 'string') {
            session = sessions.get(sessionId);
            if (session !== undefined && session.principal.id !== principal.id) {
              // Someone else's session: answered like an unknown one, so ids cannot be probed; recorded.
              await service.auditDenied(principal, 'forbidden', context);
              session = undefined;
            }
            if (session === undefined)
              return refuse(reply, 404, -32001, 'Session not found: start a new session with initialize (without Mcp-Session-Id)');
            touch(session);
          }

          let transport: StreamableHTTPServerTransport;
          if (session !== undefined) {
            transport = session.transport;
          } else {
            if (request.method === 'POST' && initializes(parsed)) {
              const mine = [...sessions.values()].filter((s) => s.principal.id === principal.id).sort((a, b) => a.lastSeen - b.lastSeen);
              if (mine.length >= maxPerKey) forget(mine[0]!.id);
              if (sessions.size >= maxSessions) {
                void reply.header('retry-after', '60');
                return refuse(reply, 503, -32000, 'too many open MCP sessions on this server; retry later', {
                  code: 'SDG_ERR_UNAVAILABLE',
                });
              }
            }
            // A new server and transport: for an initialize, the session it opens; for anything else without a
            // session, the transport's own answer (400 not initialized, 406, 415) and nothing kept.
            const server = createMcpServer({
              service,
              principal,
              ...(options.limits ? { limits: options.limits } : {}),
              onInternalError: (error, where) => app.log.error({ err: error }, `mcp: ${where}`),
            });
            transport = new StreamableHTTPServerTransport({
              sessionIdGenerator: () => randomUUID(),
              onsessioninitialized: (id) => {
                const opened: Session = { id, principal, server, transport, lastSeen: Date.now(), idle: undefined };
                sessions.set(id, opened);
                touch(opened);
              },
              onsessionclosed: (id) => forget(id),
            });
            await server.connect(transport);
            reply.raw.on('close', () => {
              if (transport.sessionId === undefined || !sessions.has(transport.sessionId)) void server.close().catch(() => undefined);
            });
          }

          reply.hijack();
          try {
            await transport.handleRequest(request.raw, reply.raw, parsed);
          } catch (error) {
            request.log.error({ err: error }, 'mcp: request failed');
            if (!reply.raw.headersSent) {
              reply.raw.writeHead(500, { 'content-type': 'application/json' });
              reply.raw.end(
                JSON.stringify({
                  jsonrpc: '2.0',
                  id: null,
                  error: { code: -32603, message: 'internal error; the server log has the details' },
                }),
              );
            }
          }
        },
      });
    });
  };
}
