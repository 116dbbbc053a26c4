/**
 * The CLI's exit codes, one per kind of failure a script may want to branch on. Every SdgError code maps to
 * exactly one of them (the Record makes a new error code a compile error here until it is placed).
 */
import { isSdgError, type ErrorCode } from '../core/index.js';

export const EXIT = {
  OK: 0,
  /** `lint` found at least one error. */
  LINT_ERRORS: 1,
  /** A file cannot be read or written, or is not JSON. */
  IO: 2,
  /** The schema is not a valid JSON Schema (or uses a feature that cannot be honoured). */
  INVALID_SCHEMA: 3,
  /** No valid instance exists (or none could be found) for the schema. */
  UNSATISFIABLE: 4,
  /** A `$ref` points nowhere. */
  UNRESOLVED_REF: 5,
  /** `scan`: the data holds real-looking PII or copies of the reference sample, and the policy blocks it. */
  PII_BLOCKED: 6,
  /** The service is unreachable, overloaded or not ready (sysexits EX_UNAVAILABLE). */
  UNAVAILABLE: 69,
  /** The API key is missing, unknown, revoked or lacks the permission (sysexits EX_NOPERM). */
  PERMISSION: 77,
  /** Bad command line: unknown option, bad count, bad format… (sysexits EX_USAGE). */
  USAGE: 64,
  /** A bug: an error SynthDataGen did not expect (sysexits EX_SOFTWARE). */
  INTERNAL: 70,
  /** Ctrl-C during `generate` (128 + SIGINT, as shells report it). */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const BY_ERROR_CODE: Record<ErrorCode, ExitCode> = {
  SDG_ERR_IO: EXIT.IO,
  SDG_ERR_INVALID_JSON: EXIT.IO,
  SDG_ERR_INVALID_DATA: EXIT.IO,
  SDG_ERR_INVALID_SCHEMA: EXIT.INVALID_SCHEMA,
  SDG_ERR_UNSUPPORTED: EXIT.INVALID_SCHEMA,
  SDG_ERR_UNSATISFIABLE: EXIT.UNSATISFIABLE,
  SDG_ERR_GENERATION_FAILED: EXIT.UNSATISFIABLE,
  SDG_ERR_UNRESOLVED_REF: EXIT.UNRESOLVED_REF,
  SDG_ERR_BAD_OPTION: EXIT.USAGE,
  SDG_ERR_BAD_REQUEST: EXIT.USAGE,
  SDG_ERR_NOT_FOUND: EXIT.USAGE,
  SDG_ERR_CONFLICT: EXIT.USAGE,
  SDG_ERR_PAYLOAD_TOO_LARGE: EXIT.USAGE,
  SDG_ERR_UNAUTHORIZED: EXIT.PERMISSION,
  SDG_ERR_FORBIDDEN: EXIT.PERMISSION,
  SDG_ERR_RATE_LIMITED: EXIT.UNAVAILABLE,
  SDG_ERR_QUEUE_FULL: EXIT.UNAVAILABLE,
  SDG_ERR_UNAVAILABLE: EXIT.UNAVAILABLE,
  SDG_ERR_CANCELLED: EXIT.INTERRUPTED,
  SDG_ERR_INTERNAL: EXIT.INTERNAL,
  PII_BLOCKED: EXIT.PII_BLOCKED,
};

export function exitCodeFor(error: unknown): ExitCode {
  return isSdgError(error) ? BY_ERROR_CODE[error.code] : EXIT.INTERNAL;
}

/** For `--help` and docs/cli.md. */
export const EXIT_CODE_HELP = `Exit codes:
  0   success
  1   lint: the schema has at least one error; evaluate: the report status reached --fail-on;
      audit verify: the chain is broken or its append-only triggers are missing
  2   a file cannot be read or written, or is not valid JSON (the message gives file:line:column)
  3   invalid schema: not a valid JSON Schema, a bad x- keyword, or an unsupported combination
  4   unsatisfiable schema: no valid instance exists or none could be found (the message names the JSON pointer)
  5   a $ref cannot be resolved (pass remote schemas with --refs; nothing is fetched)
  6   scan: blocked, the data holds real-looking personal data or copies of the --reference sample
  64  usage: unknown option, bad --count/--offset (negative, not an integer, above SYNTHDATAGEN_MAX_ROWS),
      unknown --format or --draft, Parquet to stdout
  69  service unavailable: the database, Redis or the job queue is down or full (retry later)
  70  internal error (a bug; SYNTHDATAGEN_DEBUG=1 prints the stack)
  77  permission: the API key is missing, unknown, revoked or its role lacks the permission
  130 interrupted (Ctrl-C); a partial --out file is removed`;
