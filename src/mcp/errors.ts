/**
 * How failures reach an MCP client. Two kinds, as the protocol wants them:
 *
 * - a tool that was called correctly but could not do the work (bad argument values, a schema that does not
 *   lint, a role without the permission, a PII-blocked dataset) answers a tool result with `isError: true`
 *   and a message naming the field (JSON pointer) and the fix, so the model can correct itself;
 * - a request the protocol itself refuses (an unknown tool, prompt or resource, malformed params) answers a
 *   JSON-RPC error with the protocol's code: -32602 invalid params, -32002 resource not found, -32600 for a
 *   request we will not serve as asked (forbidden, blocked), -32603 internal. `data` carries our error code,
 *   pointer and hint.
 */
import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { SdgError, type ErrorCode as SdgErrorCode } from '../core/index.js';

/** The MCP spec's code for a resources/read of a URI the server does not have. */
export const RESOURCE_NOT_FOUND = -32002;

const INVALID_PARAMS: ReadonlySet<SdgErrorCode> = new Set([
  'SDG_ERR_BAD_REQUEST',
  'SDG_ERR_BAD_OPTION',
  'SDG_ERR_INVALID_JSON',
  'SDG_ERR_INVALID_SCHEMA',
  'SDG_ERR_INVALID_DATA',
  'SDG_ERR_UNRESOLVED_REF',
  'SDG_ERR_UNSATISFIABLE',
  'SDG_ERR_UNSUPPORTED',
]);

/** Reports errors that are our bug, not the caller's (the face decides where: stderr, the server log). */
export type InternalErrorSink = (error: unknown, where: string) => void;

interface Details {
  readonly findings?: unknown;
  readonly remediation?: readonly string[];
}

function detailsOf(error: SdgError): Details | undefined {
  return (error as SdgError & { details?: Details }).details;
}

/** An SdgError as a few lines a model can act on: code and message, where, how to fix, and what else it knows. */
export function describeError(error: SdgError, extra: { readonly runId?: string } = {}): string {
  const lines = [`${error.code}: ${error.message}`];
  if (error.pointer !== undefined) lines.push(`Field: ${error.pointer === '' ? '(the whole request)' : error.pointer}`);
  if (error.hint !== undefined) lines.push(`Fix: ${error.hint}`);
  if (extra.runId !== undefined) lines.push(`Run: ${extra.runId} (recorded; see get_run)`);
  const details = detailsOf(error);
  if (details?.remediation) lines.push('Remediation:', ...details.remediation.map((step, i) => `${i + 1}. ${step}`));
  if (details?.findings !== undefined) lines.push(`Findings: ${JSON.stringify(details.findings)}`);
  return lines.join('\n');
}

export function toolErrorResult(text: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }] };
}

/** Any failure inside a tool as an `isError` result; internal errors say nothing beyond "internal". */
export function toolFailure(error: unknown, sink: InternalErrorSink, where: string): CallToolResult {
  if (error instanceof ToolError) return toolErrorResult(error.text);
  if (error instanceof SdgError) return toolErrorResult(describeError(error));
  if (error instanceof McpError) throw error;
  sink(error, where);
  return toolErrorResult(
    'SDG_ERR_INTERNAL: internal error while running the tool; the server log has the details.\nFix: retry; if it persists, report it with the time of the call.',
  );
}

/** Any failure outside tools (resources, prompts, completion) as a JSON-RPC error with the protocol's code. */
export function protocolError(
  error: unknown,
  sink: InternalErrorSink,
  where: string,
  notFoundCode: number = ErrorCode.InvalidParams,
): McpError {
  if (error instanceof McpError) return error;
  if (error instanceof SdgError) {
    const data = {
      code: error.code,
      ...(error.pointer === undefined ? {} : { pointer: error.pointer }),
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    };
    const message = error.hint === undefined ? error.message : `${error.message} — ${error.hint}`;
    if (error.code === 'SDG_ERR_NOT_FOUND') return new McpError(notFoundCode, message, data);
    if (INVALID_PARAMS.has(error.code)) return new McpError(ErrorCode.InvalidParams, message, data);
    if (error.code === 'SDG_ERR_INTERNAL' || error.code === 'SDG_ERR_IO') {
      sink(error, where);
      return new McpError(ErrorCode.InternalError, 'internal error; the server log has the details', { code: error.code });
    }
    return new McpError(ErrorCode.InvalidRequest, message, data);
  }
  sink(error, where);
  return new McpError(ErrorCode.InternalError, 'internal error; the server log has the details', { code: 'SDG_ERR_INTERNAL' });
}

/** A tool's own refusal, already worded for the model (e.g. a run that failed, with its run id). */
export class ToolError extends Error {
  constructor(readonly text: string) {
    super(text);
    this.name = 'ToolError';
  }
}
