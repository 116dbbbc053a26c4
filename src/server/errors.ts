/**
 * One error shape for every answer that is not a success: `{error: {code, message, pointer?, hint?}}`.
 * SdgErrors render themselves; Fastify's own errors (validation, body size, bad JSON, unknown route) are
 * translated here; anything else is a 500 with no detail, and the detail goes to the log.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SdgError, type ErrorCode } from '../core/index.js';

export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly pointer?: string;
    readonly hint?: string;
    readonly [extra: string]: unknown;
  };
}

interface AjvLikeError {
  readonly instancePath?: string;
  readonly keyword?: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The JSON pointer of a validation failure, inside the part of the request it concerns. */
function pointerOf(error: AjvLikeError, context: string | undefined): string {
  let pointer = error.instancePath ?? '';
  const missing = error.params?.missingProperty;
  if (error.keyword === 'required' && typeof missing === 'string') pointer += `/${escapePointer(missing)}`;
  const extra = error.params?.additionalProperty;
  if (error.keyword === 'additionalProperties' && typeof extra === 'string') pointer += `/${escapePointer(extra)}`;
  // Body pointers are relative to the body (what a client sends); others say where they are.
  return context === undefined || context === 'body' ? pointer : `/${context}${pointer}`;
}

function validationMessage(error: AjvLikeError, pointer: string): string {
  const where = pointer === '' ? 'the request body' : pointer;
  if (error.keyword === 'required') return `${where} is required`;
  if (error.keyword === 'additionalProperties') return `${where} is not a known field`;
  if (error.keyword === 'enum' && Array.isArray(error.params?.allowedValues))
    return `${where} must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return `${where} ${error.message ?? 'is invalid'}`;
}

const BY_STATUS: Record<number, ErrorCode> = {
  400: 'SDG_ERR_BAD_REQUEST',
  401: 'SDG_ERR_UNAUTHORIZED',
  403: 'SDG_ERR_FORBIDDEN',
  404: 'SDG_ERR_NOT_FOUND',
  405: 'SDG_ERR_BAD_REQUEST',
  406: 'SDG_ERR_BAD_REQUEST',
  409: 'SDG_ERR_CONFLICT',
  413: 'SDG_ERR_PAYLOAD_TOO_LARGE',
  415: 'SDG_ERR_BAD_REQUEST',
  429: 'SDG_ERR_RATE_LIMITED',
  503: 'SDG_ERR_UNAVAILABLE',
};

/** Status and body for any thrown value. */
export function errorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof SdgError) {
    const extra = (error as SdgError & { details?: Record<string, unknown> }).details;
    const body = error.toJSON();
    return { status: error.status, body: { error: { ...body.error, ...(extra ?? {}) } } };
  }
  const fastifyError = error as Partial<FastifyError> & { validation?: AjvLikeError[]; validationContext?: string };
  if (Array.isArray(fastifyError.validation) && fastifyError.validation.length > 0) {
    const first = fastifyError.validation[0]!;
    const pointer = pointerOf(first, fastifyError.validationContext);
    return {
      status: 400,
      body: {
        error: {
          code: 'SDG_ERR_BAD_REQUEST',
          message: validationMessage(first, pointer),
          pointer,
          hint: 'see /api/openapi.json for the request shape',
        },
      },
    };
  }
  const status = typeof fastifyError.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code = BY_STATUS[status] ?? 'SDG_ERR_BAD_REQUEST';
    let message = fastifyError.message ?? 'bad request';
    let hint: string | undefined;
    if (fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/.test(message)) {
      message = `the body is not valid JSON: ${message}`;
      hint = 'send a JSON object with Content-Type: application/json';
    }
    if (status === 413) hint = 'send less, or generate a larger dataset from a schema instead of sending rows inline';
    if (status === 415) hint = 'send Content-Type: application/json';
    return { status, body: { error: { code, message, ...(hint === undefined ? {} : { hint }) } } };
  }
  if (status === 503)
    return {
      status,
      body: { error: { code: 'SDG_ERR_UNAVAILABLE', message: fastifyError.message ?? 'unavailable', hint: 'retry later' } },
    };
  return {
    status: 500,
    body: {
      error: {
        code: 'SDG_ERR_INTERNAL',
        message: 'internal error; the server log has the details',
        hint: 'retry; if it persists, report it with the time of the request',
      },
    },
  };
}

/** An SdgError that carries extra fields into the error body (e.g. PII findings with a blocked download). */
export function detailedError(code: ErrorCode, message: string, details: Record<string, unknown>, hint?: string): SdgError {
  const error = new SdgError(code, message, hint === undefined ? {} : { hint });
  return Object.assign(error, { details });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = errorResponse(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    void reply.code(status).type('application/json; charset=utf-8').send(body);
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    void reply.code(404).send({
      error: {
        code: 'SDG_ERR_NOT_FOUND',
        message: `no route ${request.method} ${request.url.split('?')[0]}`,
        hint: 'see /api/openapi.json for the routes',
      },
    });
  });
}
