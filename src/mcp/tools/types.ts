/** What a tool is: a name, schemas and descriptions a model reads, the permission it needs, and a handler. */
import type { ContentBlock, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { JsonObject, JsonSchemaObject } from '../../core/index.js';
import type { Permission, Principal, SynthService } from '../../service/index.js';

export interface McpLimits {
  /** Largest resource (dataset, report) returned by resources/read, in bytes. */
  readonly maxResourceBytes: number;
  /** Most rows a tool returns inline as a preview. */
  readonly maxPreviewRows: number;
  /** Longest a tool waits for a background run when the client asked for progress, in ms. */
  readonly maxWaitMs: number;
}

export interface ToolContext {
  readonly service: SynthService;
  readonly principal: Principal;
  readonly limits: McpLimits;
  /** Aborted when the client cancels the call (notifications/cancelled) or goes away. */
  readonly signal: AbortSignal;
  /** Present when the client asked for progress (a progressToken in `_meta`). */
  readonly progress?: (progress: number, total: number | undefined, message: string) => Promise<void>;
  /** A log message to the client (notifications/message), filtered by the level it set. */
  log(level: 'debug' | 'info' | 'notice' | 'warning' | 'error', data: string): Promise<void>;
}

/** A tool's answer before it becomes a CallToolResult: a summary, the structured content, extra blocks. */
export interface ToolOutput {
  /** One to three sentences for the model and the user: what happened and what to do next. */
  readonly summary: string;
  /** Matches the tool's outputSchema; also sent as JSON text for clients without structured content. */
  readonly structured: JsonObject;
  /** Images (charts as PNG) and resource links (datasets, reports), between the summary and the JSON. */
  readonly blocks?: readonly ContentBlock[];
}

export interface McpTool<Args = JsonObject> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly inputSchema: JsonSchemaObject & { readonly type: 'object' };
  readonly outputSchema: JsonSchemaObject & { readonly type: 'object' };
  readonly annotations: ToolAnnotations;
  /**
   * Checked (and a refusal audited, naming the tool) before the arguments are used; the service checks its
   * own permissions again, so a tool cannot do more than its REST twin.
   */
  readonly permission: Permission;
  run(args: Args, context: ToolContext): Promise<ToolOutput>;
}

/** Lets tools with their own argument types sit in one list. */
export type AnyTool = McpTool<never>;
