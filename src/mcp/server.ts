/**
 * The MCP server for one principal: the SDK's low-level `Server` with our tools, resources, prompts and
 * completions. Both transports build it the same way — stdio once for the local user, Streamable HTTP once
 * per session for the API key that opened it — so every call goes through the SynthService with the
 * caller's role: the same pipeline, permission checks and audit trail as REST.
 *
 *   tools/call  → check arguments (Ajv, the tool's JSON Schema) → authorize (audited) → tool → service
 *   resources/* → resources.ts → service (runs:read / runs:download, the PII block, exports audited)
 *   prompts/*   → prompts.ts;  completion/complete → completions.ts
 *
 * Why the low-level Server and not McpServer: our tool schemas are JSON Schema already (shared with REST
 * in service/schemas.ts), while McpServer wants zod shapes; and McpServer answers a bad argument with a bare
 * "Input validation error", where we want every bad field named with its fix (isError). An unknown tool is an
 * isError result too, naming the tools there are, so a model can correct itself.
 */
import { readFileSync } from 'node:fs';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  LoggingLevelSchema,
  ReadResourceRequestSchema,
  SetLevelRequestSchema,
  type LoggingLevel,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { Principal, SynthService } from '../service/index.js';
import { complete } from './completions.js';
import { toCallToolResult } from './content.js';
import { protocolError, RESOURCE_NOT_FOUND, toolErrorResult, toolFailure, type InternalErrorSink } from './errors.js';
import { getPrompt, listPrompts } from './prompts.js';
import { listResources, listResourceTemplates, readResource } from './resources.js';
import { TOOLS, type McpLimits, type ToolContext } from './tools/index.js';
import { checkArguments, formatIssues } from './validate.js';

export const DEFAULT_LIMITS: McpLimits = {
  maxResourceBytes: 32 * 1024 * 1024,
  maxPreviewRows: 100,
  maxWaitMs: 10 * 60_000,
};

export interface McpServerOptions {
  readonly service: SynthService;
  readonly principal: Principal;
  readonly limits?: Partial<McpLimits>;
  /** Where errors that are our bug go (stderr for stdio, the server log for HTTP). */
  readonly onInternalError?: InternalErrorSink;
}

export const SERVER_INSTRUCTIONS = [
  'SynthDataGen makes synthetic datasets from a JSON Schema (one row) or from a real sample, and proves them safe and useful: every run is PII-scanned and scored.',
  'Typical flows: lint_schema → generate_dataset (rows + dataset link); run_pipeline for the quality report and charts; infer_schema on a sample, then generate from the inferred schema;',
  'evaluate_dataset, visualize_dataset and scan_pii work on any data (a runId, rows, or CSV/JSON/JSONL text).',
  'Runs are resources: synthdatagen://runs/{runId} and its report.json, report.html, dataset.{jsonl|json|csv|parquet}, charts/{file}. Large datasets are links, never inline.',
  'Same schema + seed ⇒ same rows. A blocked PII verdict means the dataset may not be downloaded: follow the findings’ remediation and run again.',
].join(' ');

function packageVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

const VERSION = packageVersion();

/** What tools/list answers: the same for every principal (a refused call says why, and is audited). */
export const TOOL_DEFINITIONS: Tool[] = TOOLS.map((tool) => ({
  name: tool.name,
  title: tool.title,
  description: tool.description,
  inputSchema: tool.inputSchema as Tool['inputSchema'],
  outputSchema: tool.outputSchema as Tool['outputSchema'],
  annotations: tool.annotations,
}));

const TOOLS_BY_NAME = new Map(TOOLS.map((tool) => [tool.name, tool]));
const LEVELS = LoggingLevelSchema.options;

function defaultSink(error: unknown, where: string): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`synthdatagen mcp: internal error in ${where}: ${detail}\n`);
}

export function createMcpServer(options: McpServerOptions): Server {
  const { service, principal } = options;
  const limits: McpLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const sink = options.onInternalError ?? defaultSink;
  const server = new Server(
    { name: 'synthdatagen', title: 'SynthDataGen', version: VERSION },
    {
      capabilities: { tools: {}, resources: {}, prompts: {}, completions: {}, logging: {} },
      instructions: SERVER_INSTRUCTIONS,
    },
  );

  // The client's chosen level lives as long as this server: the stdio process, or the HTTP session.
  let level: LoggingLevel = 'info';
  server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    level = request.params.level;
    return {};
  });

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: TOOL_DEFINITIONS }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = TOOLS_BY_NAME.get(request.params.name);
    if (tool === undefined) {
      // A tool result, not a protocol error: the model that misnamed a tool reads this and can call the right
      // one (the SDK's McpServer and the conformance suite's tools-call-error expect the same).
      return {
        isError: true,
        content: [
          {
            type: 'text',
            text: `Unknown tool ${JSON.stringify(request.params.name)}. The tools are ${TOOLS.map((t) => t.name).join(', ')}; call one of them instead.`,
          },
        ],
      };
    }
    const args = request.params.arguments ?? {};
    const progressToken = extra._meta?.progressToken;
    const context: ToolContext = {
      service,
      principal,
      limits,
      signal: extra.signal,
      ...(progressToken === undefined
        ? {}
        : {
            progress: (progress: number, total: number | undefined, message: string) =>
              extra.sendNotification({
                method: 'notifications/progress',
                params: { progressToken, progress, ...(total === undefined ? {} : { total }), message },
              }),
          }),
      log: async (messageLevel, data) => {
        if (LEVELS.indexOf(messageLevel) < LEVELS.indexOf(level)) return;
        await extra
          .sendNotification({ method: 'notifications/message', params: { level: messageLevel, logger: 'synthdatagen', data } })
          .catch(() => undefined);
      },
    };
    try {
      // Refuse before looking at the arguments: a role that may not call the tool learns that first.
      await service.authorize(principal, tool.permission, { method: 'tools/call', route: `mcp:${tool.name}` });
      const issues = checkArguments(tool.inputSchema, args);
      if (issues.length > 0) return toolErrorResult(formatIssues(tool.name, issues));
      return toCallToolResult(await tool.run(args as never, context));
    } catch (error) {
      return toolFailure(error, sink, `tools/call ${tool.name}`);
    }
  });

  const resourceContext = { service, principal, maxResourceBytes: limits.maxResourceBytes };
  server.setRequestHandler(ListResourcesRequestSchema, async (request) => {
    try {
      return await listResources(resourceContext, request.params?.cursor);
    } catch (error) {
      throw protocolError(error, sink, 'resources/list');
    }
  });
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => listResourceTemplates());
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    try {
      return await readResource(resourceContext, request.params.uri);
    } catch (error) {
      throw protocolError(error, sink, `resources/read ${request.params.uri}`, RESOURCE_NOT_FOUND);
    }
  });

  server.setRequestHandler(ListPromptsRequestSchema, async () => listPrompts());
  server.setRequestHandler(GetPromptRequestSchema, async (request) => {
    try {
      return await getPrompt(request.params.name, request.params.arguments ?? {}, { service, principal });
    } catch (error) {
      throw protocolError(error, sink, `prompts/get ${request.params.name}`);
    }
  });

  server.setRequestHandler(CompleteRequestSchema, async (request) => {
    try {
      return await complete(request.params.ref, request.params.argument, { service, principal }, request.params.context?.arguments ?? {});
    } catch (error) {
      throw protocolError(error, sink, 'completion/complete');
    }
  });

  return server;
}
