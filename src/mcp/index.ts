/**
 * Public face of the MCP server: SynthDataGen's operations as MCP tools, resources and prompts, over stdio
 * (`synthdatagen mcp`) and Streamable HTTP (`/mcp` on the REST server). Every call goes through the
 * SynthService with the caller's principal. See docs/mcp.md.
 *
 *   const server = createMcpServer({ service, principal });            // any transport
 *   await serveStdio({ service, principal, stdin, stdout, stderr });    // synthdatagen mcp
 *   buildApp({ …, extensions: [mcpHttpEndpoint({ service, authenticate })] });   // POST /mcp
 */
export { createMcpServer, DEFAULT_LIMITS, SERVER_INSTRUCTIONS, TOOL_DEFINITIONS } from './server.js';
export type { McpServerOptions } from './server.js';
export { mcpHttpEndpoint } from './http.js';
export type { McpHttpOptions, KeyAuthenticator } from './http.js';
export { serveStdio, resolveStdioPrincipal, API_KEY_ENV } from './stdio.js';
export type { StdioOptions } from './stdio.js';
export { TOOLS } from './tools/index.js';
export type { McpTool, McpLimits, ToolContext, ToolOutput } from './tools/index.js';
export { PROMPTS } from './prompts.js';
export { RESOURCE_TEMPLATES, parseUri, uris } from './uris.js';
export type { ParsedUri } from './uris.js';
export { checkArguments, formatIssues } from './validate.js';
export type { ArgumentIssue } from './validate.js';
