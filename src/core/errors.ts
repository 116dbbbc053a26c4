/**
 * Every error SynthDataGen raises is declared here once, with a stable code, an HTTP status and a hint,
 * so the CLI, REST and MCP faces can render the same object their own way (after Fastify's lib/errors.js).
 */

export interface ErrorSpec {
  readonly status: number;
  readonly title: string;
}

export const ERROR_CODES = {
  SDG_ERR_INVALID_JSON: { status: 400, title: 'Invalid JSON' },
  SDG_ERR_INVALID_SCHEMA: { status: 400, title: 'Invalid schema' },
  SDG_ERR_UNSATISFIABLE: { status: 422, title: 'Unsatisfiable schema' },
  SDG_ERR_UNRESOLVED_REF: { status: 400, title: 'Unresolvable $ref' },
  SDG_ERR_BAD_OPTION: { status: 400, title: 'Bad option' },
  SDG_ERR_GENERATION_FAILED: { status: 422, title: 'Generation failed' },
  SDG_ERR_UNSUPPORTED: { status: 400, title: 'Unsupported feature' },
  SDG_ERR_IO: { status: 500, title: 'I/O error' },
  SDG_ERR_INVALID_DATA: { status: 400, title: 'Invalid data' },
  // Service faces (REST, MCP, CLI service commands).
  SDG_ERR_BAD_REQUEST: { status: 400, title: 'Bad request' },
  SDG_ERR_UNAUTHORIZED: { status: 401, title: 'Unauthorized' },
  SDG_ERR_FORBIDDEN: { status: 403, title: 'Forbidden' },
  SDG_ERR_NOT_FOUND: { status: 404, title: 'Not found' },
  SDG_ERR_CONFLICT: { status: 409, title: 'Conflict' },
  SDG_ERR_PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  SDG_ERR_RATE_LIMITED: { status: 429, title: 'Too many requests' },
  SDG_ERR_QUEUE_FULL: { status: 429, title: 'Job queue full' },
  SDG_ERR_CANCELLED: { status: 409, title: 'Run cancelled' },
  SDG_ERR_UNAVAILABLE: { status: 503, title: 'Service unavailable' },
  SDG_ERR_INTERNAL: { status: 500, title: 'Internal error' },
  // Named as the requirements name it: a download refused because the dataset's PII verdict is blocked.
  PII_BLOCKED: { status: 403, title: 'Download blocked: personal data found' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface SdgErrorDetails {
  /** JSON pointer of the offending place (in the schema, the request or the instance). */
  readonly pointer?: string;
  /** How to fix it, in one sentence. */
  readonly hint?: string;
  readonly cause?: unknown;
}

export class SdgError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly pointer: string | undefined;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, details: SdgErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'SdgError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.pointer = details.pointer;
    this.hint = details.hint;
  }

  /** The stable JSON shape every face uses: `{error: {code, message, pointer?, hint?}}`. */
  toJSON(): { error: { code: ErrorCode; message: string; pointer?: string; hint?: string } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.pointer === undefined ? {} : { pointer: this.pointer }),
        ...(this.hint === undefined ? {} : { hint: this.hint }),
      },
    };
  }

  /** One line for terminals: `message (at /pointer) — hint`. */
  oneLine(): string {
    const at = this.pointer === undefined ? '' : ` (at ${this.pointer === '' ? '#' : this.pointer})`;
    const hint = this.hint === undefined ? '' : ` — ${this.hint}`;
    return `${this.message}${at}${hint}`;
  }
}

export function isSdgError(value: unknown): value is SdgError {
  return value instanceof SdgError;
}
